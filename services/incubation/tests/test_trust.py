"""Trust on the real servers: a district touches its own cases only (others answer 404, as if
nothing were there), agencies follow only the handoffs offered to them, the program office
reads and never writes, a district the reference data does not know acts for nobody, and every
figure is bounded in its schema (422, never a 500)."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx

from conftest import API_KEYS, key_of, key_records, serving
from incubation.main import create_app
from incubation.settings import Settings
from relay_contracts import Actor, OrganizationKind
from services.incubation.tests.kit import (
    GOOD_QUARTER,
    TODAY,
    Graduate,
    Settle,
    offer,
    ready_case,
)

INT64_MAX = 2**63 - 1


async def test_another_district_meets_404_on_every_route_of_a_case_and_its_handoff(
    incubation: httpx.AsyncClient, graduate: Graduate, settle: Settle
) -> None:
    case = await ready_case(incubation, graduate, settle)
    handoff = await offer(incubation, case, "sba")
    case_url = f"/cases/{case['case_id']}"
    guro = key_of("guro")
    grant = {
        "program_id": "gwanak-settlement",
        "kind": "rent_subsidy",
        "amount_krw": 1,
        "period_start": TODAY.isoformat(),
        "period_end": TODAY.isoformat(),
    }

    probes = [
        ("GET", case_url, None),
        ("GET", f"{case_url}/snapshots", None),
        ("GET", f"{case_url}/readiness", None),
        ("GET", f"{case_url}/eligible-programs", None),
        ("GET", f"/startups/{case['startup_id']}/ledger", None),
        ("GET", f"/handoffs/{handoff['handoff_id']}", None),
        ("POST", f"{case_url}/snapshots", GOOD_QUARTER),
        ("POST", f"{case_url}/grants", grant),
        ("POST", f"{case_url}/decline", {"reason": "x", "then": "return"}),
        ("POST", f"/handoffs/{handoff['handoff_id']}/reoffer", {"agency_id": "kosme"}),
    ]
    for method, url, body in probes:
        answer = await incubation.request(method, url, json=body, headers=guro)
        assert answer.status_code == 404, (method, url, answer.text)
        assert answer.json()["code"] == "not_found"
    listed = await incubation.get("/handoffs", headers=guro)
    assert listed.json()["items"] == []


async def test_an_agency_follows_only_the_handoffs_offered_to_it_and_reads_no_case(
    incubation: httpx.AsyncClient, graduate: Graduate, settle: Settle
) -> None:
    case = await ready_case(incubation, graduate, settle)
    handoff = await offer(incubation, case, "sba")
    url = f"/handoffs/{handoff['handoff_id']}"

    assert (await incubation.get(url, headers=key_of("sba"))).status_code == 200
    kosme = key_of("kosme")
    assert (await incubation.get(url, headers=kosme)).status_code == 404
    assert (await incubation.get("/handoffs", headers=kosme)).json()["items"] == []
    sba = key_of("sba")
    assert (await incubation.get(f"/cases/{case['case_id']}", headers=sba)).status_code == 403
    assert (await incubation.post(f"{url}/reoffer", json={}, headers=sba)).status_code == 403


async def test_the_program_office_reads_every_district_and_writes_nowhere(
    incubation: httpx.AsyncClient, graduate: Graduate, settle: Settle
) -> None:
    case = await ready_case(incubation, graduate, settle)
    handoff = await offer(incubation, case, "sba")
    council = key_of("council")
    case_url = f"/cases/{case['case_id']}"

    for url in (
        case_url,
        f"{case_url}/snapshots",
        f"{case_url}/readiness",
        f"{case_url}/eligible-programs",
        f"/startups/{case['startup_id']}/ledger",
        f"/handoffs/{handoff['handoff_id']}",
        "/programs/gwanak-settlement/budgets",
    ):
        answer = await incubation.get(url, headers=council)
        assert answer.status_code == 200, (url, answer.text)
    everyone = await incubation.get("/cases", headers=council)
    assert case["case_id"] in [c["case_id"] for c in everyone.json()["items"]]
    only_guro = await incubation.get("/cases", params={"district_id": "guro"}, headers=council)
    assert only_guro.json()["items"] == []

    for method, url, body in (
        ("POST", f"{case_url}/snapshots", GOOD_QUARTER),
        ("POST", f"{case_url}/decline", {"reason": "x", "then": "return"}),
        ("PUT", "/programs/gwanak-settlement/budgets/2027", {"total_krw": 1}),
        ("PUT", "/districts/gwanak/readiness", {}),
    ):
        answer = await incubation.request(method, url, json=body, headers=council)
        assert answer.status_code == 403, (method, url, answer.text)


async def test_a_district_key_for_a_district_the_reference_data_does_not_know_opens_nothing(
    settings_for: Callable[[str], dict[str, Any]],
) -> None:
    gangnam = Actor(organization_id="gangnam", organization_kind=OrganizationKind.DISTRICT)
    keys = [*API_KEYS, *key_records({"test-key-gangnam": gangnam})]
    settings = Settings(**{**settings_for("incubation"), "api_keys": keys})

    async with serving(create_app(settings), "incubation") as incubation:
        refused = await incubation.get("/cases", headers={"X-API-Key": "test-key-gangnam"})
        known = await incubation.get("/cases", headers=key_of("gwanak"))

    assert refused.status_code == 403
    assert "not known" in refused.json()["detail"]
    assert known.status_code == 200


async def test_budgets_take_only_the_programs_years_and_int64_amounts(
    incubation: httpx.AsyncClient,
) -> None:
    gwanak = key_of("gwanak")
    for year in (1, 175, 1999, 2101, 17269, INT64_MAX + 1):
        url = f"/programs/gwanak-settlement/budgets/{year}"
        answer = await incubation.put(url, json={"total_krw": 1}, headers=gwanak)
        assert answer.status_code == 422, (year, answer.text)
        assert answer.json()["detail"][0]["loc"] == ["path", "year"]
    url = "/programs/gwanak-settlement/budgets/2030"
    for total in (INT64_MAX + 1, 10**30, -1):
        answer = await incubation.put(url, json={"total_krw": total}, headers=gwanak)
        assert answer.status_code == 422, (total, answer.text)
        assert answer.json()["detail"][0]["loc"] == ["body", "total_krw"]
    biggest = await incubation.put(url, json={"total_krw": INT64_MAX}, headers=gwanak)
    assert biggest.status_code == 201, biggest.text
    assert biggest.json()["remaining_krw"] == INT64_MAX


async def test_snapshots_grants_and_readiness_refuse_figures_beyond_int64(
    incubation: httpx.AsyncClient, graduate: Graduate, settle: Settle
) -> None:
    case = await graduate("gwanak")
    await settle(case)
    gwanak = key_of("gwanak")
    snapshots = f"/cases/{case['case_id']}/snapshots"
    for field in ("revenue_krw", "investment_raised_krw", "employees", "ip_filed"):
        answer = await incubation.post(
            snapshots, json={**GOOD_QUARTER, field: INT64_MAX + 1}, headers=gwanak
        )
        assert answer.status_code == 422, (field, answer.text)
        assert answer.json()["detail"][0]["loc"] == ["body", field]
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    future = await incubation.post(
        snapshots, json={**GOOD_QUARTER, "as_of": tomorrow}, headers=gwanak
    )
    assert future.status_code == 422
    grant = {
        "program_id": "gwanak-settlement",
        "kind": "rent_subsidy",
        "amount_krw": INT64_MAX + 1,
        "period_start": TODAY.isoformat(),
        "period_end": TODAY.isoformat(),
    }
    grants = f"/cases/{case['case_id']}/grants"
    answer = await incubation.post(grants, json=grant, headers=gwanak)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "amount_krw"]
    far = {**grant, "amount_krw": 1, "period_start": "1900-01-01"}
    assert (await incubation.post(grants, json=far, headers=gwanak)).status_code == 422
    for criteria in (
        {"min_revenue_krw": INT64_MAX + 1},
        {"min_employees": INT64_MAX + 1},
        {"min_months_settled": 10**20},
        {"min_kpi_snapshots": -1},
    ):
        answer = await incubation.put("/districts/gwanak/readiness", json=criteria, headers=gwanak)
        assert answer.status_code == 422, (criteria, answer.text)
    naive = await incubation.post(
        f"/cases/{case['case_id']}/handoffs",
        json={"agency_id": "sba", "needs": ["hiring"], "answer_by": "2099-01-01T00:00:00"},
        headers=gwanak,
    )
    assert naive.status_code == 422
    assert naive.json()["detail"][0]["loc"] == ["body", "answer_by"]
