"""The API as a district officer uses it: finding a startup's case, the grant form, readiness a
startup can meet honestly, and creates that say where the created thing lives."""

from datetime import timedelta

import httpx

from conftest import key_of
from services.incubation.tests.kit import (
    GOOD_QUARTER,
    TODAY,
    Graduate,
    Settle,
)


async def test_an_officer_finds_a_startups_case_by_what_a_person_knows_of_it(
    incubation: httpx.AsyncClient, graduate: Graduate
) -> None:
    hangang = await graduate(
        "gwanak", company_name="Hangang Labs", business_registration_number="1208812345"
    )
    await graduate("gwanak", company_name="Gwanak Robotics")
    await graduate("guro", company_name="Hangang Foods")

    async def found(**params: str) -> list[str]:
        answer = await incubation.get("/cases", params=params, headers=key_of("gwanak"))
        assert answer.status_code == 200, answer.text
        return [case["case_id"] for case in answer.json()["items"]]

    mine = [hangang["case_id"]]
    assert await found(startup_id=hangang["startup_id"]) == mine
    assert await found(business_registration_number="120-88-12345") == mine
    assert await found(business_registration_number="1208812345") == mine
    # A prefix in any case; another district's startup of the same name is not gwanak's.
    assert await found(company_name="hangang") == mine
    assert await found(company_name="Hangang Labs", status="open") == mine
    assert await found(company_name="hangang", status="approved") == []
    assert await found(company_name="labs") == []
    assert await found(company_name="Hangang", **{"from": TODAY.isoformat()}) == mine
    assert await found(company_name="Hangang", to=(TODAY - timedelta(days=1)).isoformat()) == []
    # A district narrowing by another district's id gets nothing, not its own queue.
    assert await found(district_id="guro") == []

    backwards = await incubation.get(
        "/cases",
        params={"from": TODAY.isoformat(), "to": (TODAY - timedelta(days=1)).isoformat()},
        headers=key_of("gwanak"),
    )
    assert backwards.status_code == 422
    assert backwards.json()["detail"][0]["loc"] == ["query", "to"]
    malformed = await incubation.get(
        "/cases", params={"business_registration_number": "12-34"}, headers=key_of("gwanak")
    )
    assert malformed.status_code == 422


async def test_the_grant_form_lists_the_eligible_programs_with_their_budget_left(
    incubation: httpx.AsyncClient, graduate: Graduate
) -> None:
    case = await graduate("gwanak")
    form = f"/cases/{case['case_id']}/eligible-programs"
    year = {"year": "2027"}
    unapproved = await incubation.get(form, params=year, headers=key_of("gwanak"))
    assert unapproved.status_code == 409
    assert "approved" in unapproved.json()["detail"]
    approved = await incubation.post(
        f"/cases/{case['case_id']}/approval",
        json={"facility_id": "gwanak-s-valley", "start_date": TODAY.isoformat()},
        headers=key_of("gwanak"),
    )
    assert approved.status_code == 201, approved.text

    programs = (await incubation.get(form, params=year, headers=key_of("gwanak"))).json()
    assert [(p["program_id"], p["kinds"], p["remaining_krw"]) for p in programs] == [
        ("gwanak-business-support", ["consulting", "admin_help"], 100_000_000),
        ("gwanak-settlement", ["rent_subsidy", "settlement_grant"], 300_000_000),
    ]

    grant = {
        "program_id": programs[1]["program_id"],
        "kind": "settlement_grant",
        "amount_krw": 5_000_000,
        "period_start": "2027-01-01",
        "period_end": "2027-01-31",
    }
    granted = await incubation.post(
        f"/cases/{case['case_id']}/grants", json=grant, headers=key_of("gwanak")
    )
    assert granted.status_code == 201, granted.text
    location = granted.headers["location"]
    assert location == f"/cases/{case['case_id']}/grants/{granted.json()['entry_id']}"
    assert (await incubation.get(location, headers=key_of("gwanak"))).json() == granted.json()
    assert (await incubation.get(location, headers=key_of("guro"))).status_code == 404

    after = (await incubation.get(form, params=year, headers=key_of("gwanak"))).json()
    settlement = next(p for p in after if p["program_id"] == "gwanak-settlement")
    assert settlement["kinds"] == ["rent_subsidy"]
    assert settlement["remaining_krw"] == 300_000_000 - 5_000_000
    assert [(e["kind"], e["conflicting_grant"]) for e in settlement["excluded"]] == [
        ("settlement_grant", granted.json()["entry_id"])
    ]
    no_budget = await incubation.get(form, params={"year": "2031"}, headers=key_of("gwanak"))
    assert no_budget.json() == []
    outside = await incubation.get(form, params={"year": "1999"}, headers=key_of("gwanak"))
    assert outside.status_code == 422


async def test_the_default_readiness_is_met_by_a_quarter_settled_and_one_kpi_report(
    incubation: httpx.AsyncClient, graduate: Graduate, settle: Settle
) -> None:
    gwanak = (await incubation.get("/districts/gwanak", headers=key_of("gwanak"))).json()
    assert gwanak["readiness"] == {
        "min_months_settled": 3,
        "min_kpi_snapshots": 1,
        "min_revenue_krw": None,
        "min_investment_krw": None,
        "min_employees": None,
    }
    recent = await graduate("gwanak")
    await settle(recent, moved_in_on=TODAY - timedelta(days=20))
    settled = await graduate("gwanak")
    await settle(settled)
    for case in (recent, settled):
        recorded = await incubation.post(
            f"/cases/{case['case_id']}/snapshots", json=GOOD_QUARTER, headers=key_of("gwanak")
        )
        assert recorded.status_code == 201, recorded.text

    async def unmet(case_id: str) -> list[str]:
        checks = (
            await incubation.get(f"/cases/{case_id}/readiness", headers=key_of("gwanak"))
        ).json()
        return [check["criterion"] for check in checks if not check["met"]]

    assert await unmet(recent["case_id"]) == ["months_settled"]
    assert await unmet(settled["case_id"]) == []
