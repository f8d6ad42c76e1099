"""Support grants against yearly budgets, and the benefit ledger that refuses a duplicate."""

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import httpx

from conftest import eventually, key_of
from relay_contracts import Actor, OrganizationKind
from relay_contracts.growth import SupportGranted as AgencySupportGranted
from relay_contracts.intake import SupportReceived
from relay_eventing import Cause, new_event
from services.incubation.tests.kit import TODAY

Graduate = Callable[..., Awaitable[dict[str, Any]]]
Publish = Callable[..., Awaitable[None]]
Published = Callable[..., Awaitable[list[dict[str, Any]]]]
SBA = Actor(organization_id="sba", organization_kind=OrganizationKind.AGENCY)
RENT = {
    "program_id": "gwanak-settlement",
    "kind": "rent_subsidy",
    "amount_krw": 1_200_000,
    "period_start": "2026-12-01",
    "period_end": "2027-05-31",
}


async def approved_case(incubation: httpx.AsyncClient, graduate: Graduate, **kw: Any) -> str:
    case = await graduate("gwanak", **kw)
    approved = await incubation.post(
        f"/cases/{case['case_id']}/approval",
        json={"facility_id": "gwanak-s-valley", "start_date": TODAY.isoformat()},
        headers=key_of("gwanak"),
    )
    assert approved.status_code == 201, approved.text
    return str(case["case_id"])


async def test_a_grant_is_debited_from_its_years_budget_and_published(
    incubation: httpx.AsyncClient, graduate: Graduate, published: Published
) -> None:
    case_id = await approved_case(incubation, graduate)

    granted = await incubation.post(f"/cases/{case_id}/grants", json=RENT, headers=key_of("gwanak"))

    assert granted.status_code == 201, granted.text
    entry = granted.json()
    assert (entry["institution_id"], entry["source"], entry["kind"]) == (
        "gwanak",
        "incubation",
        "rent_subsidy",
    )
    budgets = (
        await incubation.get("/programs/gwanak-settlement/budgets", headers=key_of("gwanak"))
    ).json()["items"]
    assert {b["year"]: b["remaining_krw"] for b in budgets} == {
        2026: 300_000_000 - 1_200_000,
        2027: 300_000_000,
    }
    events = await eventually(lambda: published("SupportGranted"), what="SupportGranted")
    assert events[0]["payload"]["grant_id"] == entry["entry_id"]
    assert events[0]["payload"]["amount_krw"] == 1_200_000


async def test_a_grant_is_refused_outside_the_districts_programs_budgets_and_cases(
    incubation: httpx.AsyncClient, graduate: Graduate
) -> None:
    open_case = await graduate("gwanak")
    url = f"/cases/{open_case['case_id']}/grants"
    not_approved = await incubation.post(url, json=RENT, headers=key_of("gwanak"))
    assert not_approved.status_code == 409
    assert "approved" in not_approved.json()["detail"]

    case_id = await approved_case(incubation, graduate)
    url = f"/cases/{case_id}/grants"
    other_program = {**RENT, "program_id": "guro-settlement"}
    assert (
        await incubation.post(url, json=other_program, headers=key_of("gwanak"))
    ).status_code == 404
    wrong_kind = {**RENT, "kind": "consulting"}
    refused = await incubation.post(url, json=wrong_kind, headers=key_of("gwanak"))
    assert refused.status_code == 409
    assert "not consulting" in refused.json()["detail"]
    no_budget = {**RENT, "period_start": "2030-01-01", "period_end": "2030-02-01"}
    refused = await incubation.post(url, json=no_budget, headers=key_of("gwanak"))
    assert refused.status_code == 409
    assert "no budget for 2030" in refused.json()["detail"]
    too_much = {**RENT, "amount_krw": 300_000_001}
    refused = await incubation.post(url, json=too_much, headers=key_of("gwanak"))
    assert refused.status_code == 409
    assert "below zero" in refused.json()["detail"]
    backwards = {**RENT, "period_end": "2026-11-01"}
    refused = await incubation.post(url, json=backwards, headers=key_of("gwanak"))
    assert refused.status_code == 422
    assert "period_end" in refused.text
    assert (await incubation.post(url, json=RENT, headers=key_of("guro"))).status_code == 404
    assert (await incubation.post(url, json=RENT, headers=key_of("sba"))).status_code == 403


async def test_a_grant_duplicating_an_agencys_grant_is_refused_naming_it(
    incubation: httpx.AsyncClient, graduate: Graduate, publish: Publish
) -> None:
    case_id = await approved_case(incubation, graduate)
    case = (await incubation.get(f"/cases/{case_id}", headers=key_of("gwanak"))).json()
    startup_id = case["startup_id"]
    agency_rent = AgencySupportGranted(
        grant_id="sba-grant-0042",
        program_id="sba-space",
        kind="rent_subsidy",
        amount_krw=900_000,
        period_start=date(2027, 3, 1),
        period_end=date(2027, 8, 31),
        institution_id="sba",
    )
    await publish(new_event(agency_rent, startup_id=startup_id, cause=Cause.request(SBA)))

    async def agency_entry() -> list[dict[str, Any]]:
        ledger = await incubation.get(f"/startups/{startup_id}/ledger", headers=key_of("gwanak"))
        return [e for e in ledger.json()["items"] if e["source"] == "growth"]

    entries = await eventually(agency_entry, what="the agency's grant in the ledger")
    assert (entries[0]["institution_id"], entries[0]["amount_krw"]) == ("sba", 900_000)

    refused = await incubation.post(f"/cases/{case_id}/grants", json=RENT, headers=key_of("gwanak"))

    assert refused.status_code == 409
    assert "sba-grant-0042" in refused.json()["detail"]
    assert "from sba" in refused.json()["detail"]
    before = {**RENT, "period_end": "2027-02-28"}
    allowed = await incubation.post(
        f"/cases/{case_id}/grants", json=before, headers=key_of("gwanak")
    )
    assert allowed.status_code == 201, allowed.text


async def test_support_received_at_university_is_in_the_ledger_and_counts_against_duplicates(
    incubation: httpx.AsyncClient, graduate: Graduate
) -> None:
    mentoring = SupportReceived(
        program="snu-mentoring",
        kind="mentoring",
        institution_id="snu",
        amount_krw=0,
        period_start=date(2026, 9, 1),
        period_end=date(2027, 2, 28),
    )
    case_id = await approved_case(incubation, graduate, support_received=[mentoring])
    case = (await incubation.get(f"/cases/{case_id}", headers=key_of("gwanak"))).json()
    ledger = (
        await incubation.get(f"/startups/{case['startup_id']}/ledger", headers=key_of("gwanak"))
    ).json()["items"]
    assert [(e["source"], e["institution_id"], e["kind"]) for e in ledger] == [
        ("intake", "snu", "mentoring")
    ]
    consulting = {
        "program_id": "gwanak-business-support",
        "kind": "consulting",
        "amount_krw": 2_000_000,
        "period_start": "2027-01-01",
        "period_end": "2027-03-31",
    }

    refused = await incubation.post(
        f"/cases/{case_id}/grants", json=consulting, headers=key_of("gwanak")
    )

    assert refused.status_code == 409
    assert "mentoring" in refused.json()["detail"]
    assert "from snu" in refused.json()["detail"]
    after = {**consulting, "period_start": "2027-03-01"}
    assert (
        await incubation.post(f"/cases/{case_id}/grants", json=after, headers=key_of("gwanak"))
    ).status_code == 201


async def test_only_a_district_with_a_case_of_the_startup_sees_its_ledger(
    incubation: httpx.AsyncClient, graduate: Graduate
) -> None:
    case = await graduate("gwanak")
    url = f"/startups/{case['startup_id']}/ledger"

    assert (await incubation.get(url, headers=key_of("gwanak"))).status_code == 200
    assert (await incubation.get(url, headers=key_of("guro"))).status_code == 404
    assert (await incubation.get(url, headers=key_of("council"))).status_code == 200
    assert (await incubation.get(url, headers=key_of("sba"))).status_code == 403
    assert (await incubation.get(url, headers=key_of("snu"))).status_code == 403
    rules = (await incubation.get("/benefit-rules", headers=key_of("guro"))).json()
    assert {"kind": "rent_subsidy", "period": "overlapping", "institutions": "any"}.items() <= (
        rules[0].items()
    )
