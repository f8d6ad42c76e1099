"""From graduation to the leap stage: readiness, the offer, and the agencies' answers as events."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from conftest import eventually, key_of
from relay_contracts.growth import GrowthHandoffAccepted, GrowthHandoffDeclined
from services.incubation.tests.kit import (
    GOOD_QUARTER,
    Graduate,
    Publish,
    Published,
    Settle,
    answer,
    offer,
    ready_case,
    state_of,
)


async def test_a_graduate_is_settled_assessed_and_accepted_by_an_agency_end_to_end(
    incubation: httpx.AsyncClient,
    graduate: Graduate,
    settle: Settle,
    publish: Publish,
    published: Published,
) -> None:
    case = await ready_case(incubation, graduate, settle)
    readiness = (
        await incubation.get(f"/cases/{case['case_id']}/readiness", headers=key_of("gwanak"))
    ).json()
    assert {c["criterion"]: c["met"] for c in readiness} == {
        "operating": True,
        "kpi_snapshots": True,
        "months_settled": True,
    }

    handoff = await offer(incubation, case, "sba")
    assert (handoff["state"], handoff["agency_id"], handoff["attempt"]) == ("offered", "sba", 1)
    offers = await eventually(lambda: published("GrowthHandoffOffered"), what="the offer")
    assert offers[0]["payload"]["needs"] == ["investment", "export"]
    assert offers[0]["payload"]["handoff_id"] == handoff["handoff_id"]
    at_sba = await incubation.get(f"/handoffs/{handoff['handoff_id']}", headers=key_of("sba"))
    assert at_sba.json()["state"] == "offered"

    accepted = GrowthHandoffAccepted(handoff_id=handoff["handoff_id"], agency_id="sba")
    await publish(answer(offers[0], accepted))

    done = await state_of(incubation, handoff["handoff_id"], "accepted", who="sba")
    assert [(s["step"], s["agency_id"]) for s in done["history"]] == [
        ("offered", "sba"),
        ("accepted", "sba"),
    ]
    case_now = (await incubation.get(f"/cases/{case['case_id']}", headers=key_of("gwanak"))).json()
    assert case_now["status"] == "handed_off"
    assert case_now["handoffs"] == [handoff["handoff_id"]]
    trail = [
        e["event_type"]
        for t in (
            "SettlementCaseOpened",
            "SettlementApproved",
            "StartupSettled",
            "GrowthSnapshotRecorded",
            "GrowthHandoffOffered",
        )
        for e in await published(t)
        if e["startup_id"] == case["startup_id"]
    ]
    assert len(trail) == 5


async def test_a_declined_handoff_is_reoffered_to_a_second_agency_which_accepts(
    incubation: httpx.AsyncClient,
    graduate: Graduate,
    settle: Settle,
    publish: Publish,
    published: Published,
) -> None:
    case = await ready_case(incubation, graduate, settle)
    handoff = await offer(incubation, case, "sba")
    handoff_id = handoff["handoff_id"]
    first = (await eventually(lambda: published("GrowthHandoffOffered"), what="the offer"))[0]

    reason = "our investment cohort is full until spring"
    await publish(
        answer(first, GrowthHandoffDeclined(handoff_id=handoff_id, agency_id="sba", reason=reason))
    )
    declined = await state_of(incubation, handoff_id, "declined")
    assert declined["history"][-1]["reason"] == reason

    url = f"/handoffs/{handoff_id}/reoffer"
    same = await incubation.post(url, json={"agency_id": "sba"}, headers=key_of("gwanak"))
    assert same.status_code == 409
    assert "another agency" in same.json()["detail"]
    assert (
        await incubation.post(url, json={"agency_id": "kosme"}, headers=key_of("guro"))
    ).status_code == 404
    reoffered = await incubation.post(url, json={"agency_id": "kosme"}, headers=key_of("gwanak"))
    assert reoffered.status_code == 200, reoffered.text
    assert (reoffered.json()["agency_id"], reoffered.json()["attempt"]) == ("kosme", 2)

    offers = await eventually(
        lambda: published("GrowthHandoffOffered", at_least=2), what="the second offer"
    )
    second = next(o for o in offers if o["payload"]["attempt"] == 2)
    assert second["payload"]["agency_id"] == "kosme"
    await publish(answer(second, GrowthHandoffAccepted(handoff_id=handoff_id, agency_id="kosme")))

    done = await state_of(incubation, handoff_id, "accepted", who="kosme")
    assert [(s["step"], s["agency_id"], s["attempt"]) for s in done["history"]] == [
        ("offered", "sba", 1),
        ("declined", "sba", 1),
        ("offered", "kosme", 2),
        ("accepted", "kosme", 2),
    ]
    # The agency that declined still sees where it went; one never offered it does not.
    assert (
        await incubation.get(f"/handoffs/{handoff_id}", headers=key_of("sba"))
    ).status_code == 200
    assert (
        await incubation.get(f"/handoffs/{handoff_id}", headers=key_of("kicox"))
    ).status_code == 404
    assert [
        h["handoff_id"]
        for h in (await incubation.get("/handoffs", headers=key_of("kosme"))).json()["items"]
    ] == [handoff_id]
    assert (await incubation.get("/handoffs", headers=key_of("kicox"))).json()["items"] == []


async def test_an_unanswered_offer_expires_at_its_deadline_and_a_late_answer_is_kept_not_applied(
    incubation: httpx.AsyncClient,
    graduate: Graduate,
    settle: Settle,
    publish: Publish,
    published: Published,
) -> None:
    case = await ready_case(incubation, graduate, settle)
    soon = datetime.now(UTC) + timedelta(seconds=1)
    handoff = await offer(incubation, case, "sba", answer_by=soon.isoformat())
    handoff_id = handoff["handoff_id"]

    expired = await state_of(incubation, handoff_id, "expired")
    assert expired["history"][-1]["step"] == "expired"
    events = await eventually(lambda: published("GrowthHandoffExpired"), what="the expiry")
    assert events[0]["payload"] == {"handoff_id": handoff_id, "agency_id": "sba"}
    first = (await published("GrowthHandoffOffered"))[0]
    assert events[0]["correlation_id"] == first["correlation_id"]

    await publish(answer(first, GrowthHandoffAccepted(handoff_id=handoff_id, agency_id="sba")))

    async def ignored() -> dict[str, Any] | None:
        now = (await incubation.get(f"/handoffs/{handoff_id}", headers=key_of("sba"))).json()
        return now if now["history"][-1]["step"] == "answer_ignored" else None

    late = await eventually(ignored, what="the late answer in the history")
    assert late["state"] == "expired"
    assert "already expired" in late["history"][-1]["reason"]
    reoffered = await incubation.post(
        f"/handoffs/{handoff_id}/reoffer", json={"agency_id": "kicox"}, headers=key_of("gwanak")
    )
    assert reoffered.status_code == 200, reoffered.text


async def test_only_a_ready_settled_startup_is_offered_and_only_one_offer_runs_at_a_time(
    incubation: httpx.AsyncClient, graduate: Graduate, settle: Settle
) -> None:
    case = await graduate("gwanak")
    url = f"/cases/{case['case_id']}/handoffs"
    body = {"agency_id": "sba", "needs": ["hiring"]}
    unsettled = await incubation.post(url, json=body, headers=key_of("gwanak"))
    assert unsettled.status_code == 409
    assert "settled" in unsettled.json()["detail"]

    await settle(case)
    no_figures = await incubation.post(url, json=body, headers=key_of("gwanak"))
    assert no_figures.status_code == 409
    assert "operating None < True" in no_figures.json()["detail"]
    assert "kpi_snapshots 0 < 1" in no_figures.json()["detail"]
    # A district that also asks for figures says so in its criteria.
    strict = {"min_months_settled": 3, "min_revenue_krw": 100_000_000, "min_employees": 3}
    assert (
        await incubation.put("/districts/gwanak/readiness", json=strict, headers=key_of("gwanak"))
    ).status_code == 200
    small = {**GOOD_QUARTER, "revenue_krw": 50_000_000, "employees": 2}
    await incubation.post(
        f"/cases/{case['case_id']}/snapshots", json=small, headers=key_of("gwanak")
    )
    not_ready = await incubation.post(url, json=body, headers=key_of("gwanak"))
    assert not_ready.status_code == 409
    assert "revenue_krw 50000000 < 100000000" in not_ready.json()["detail"]
    assert "employees 2 < 3" in not_ready.json()["detail"]

    relaxed = {"min_months_settled": 3, "min_revenue_krw": 30_000_000, "min_employees": 2}
    assert (
        await incubation.put("/districts/gwanak/readiness", json=relaxed, headers=key_of("guro"))
    ).status_code == 404
    changed = await incubation.put(
        "/districts/gwanak/readiness", json=relaxed, headers=key_of("gwanak")
    )
    assert changed.status_code == 200, changed.text

    unknown = await incubation.post(
        url, json={"agency_id": "nowhere", "needs": ["hiring"]}, headers=key_of("gwanak")
    )
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "agency_id"]
    assert (
        await incubation.post(url, json={"agency_id": "sba", "needs": []}, headers=key_of("gwanak"))
    ).status_code == 422
    assert (await incubation.post(url, json=body, headers=key_of("guro"))).status_code == 404
    assert (await incubation.post(url, json=body, headers=key_of("sba"))).status_code == 403
    assert (await incubation.post(url, json=body, headers=key_of("gwanak"))).status_code == 201
    twice = await incubation.post(
        url, json={**body, "agency_id": "kosme"}, headers=key_of("gwanak")
    )
    assert twice.status_code == 409
    assert "already offered" in twice.json()["detail"]
    assert (await incubation.get("/handoffs", headers=key_of("snu"))).status_code == 403


async def test_kpi_snapshots_are_recorded_for_settled_startups_and_published(
    incubation: httpx.AsyncClient, graduate: Graduate, settle: Settle, published: Published
) -> None:
    case = await graduate("gwanak")
    url = f"/cases/{case['case_id']}/snapshots"
    assert (
        await incubation.post(url, json=GOOD_QUARTER, headers=key_of("gwanak"))
    ).status_code == 409
    await settle(case)
    assert (
        await incubation.post(url, json=GOOD_QUARTER, headers=key_of("guro"))
    ).status_code == 404
    negative = {**GOOD_QUARTER, "employees": -1}
    assert (await incubation.post(url, json=negative, headers=key_of("gwanak"))).status_code == 422

    recorded = await incubation.post(url, json=GOOD_QUARTER, headers=key_of("gwanak"))

    assert recorded.status_code == 201, recorded.text
    location = recorded.headers["location"]
    assert location == f"{url}/{recorded.json()['snapshot_id']}"
    assert (await incubation.get(location, headers=key_of("gwanak"))).json() == recorded.json()
    listed = (await incubation.get(url, headers=key_of("gwanak"))).json()["items"]
    assert [(s["as_of"], s["revenue_krw"]) for s in listed] == [
        (GOOD_QUARTER["as_of"], 420_000_000)
    ]
    events = await eventually(lambda: published("GrowthSnapshotRecorded"), what="the snapshot")
    assert events[0]["payload"]["investment_raised_krw"] == 1_500_000_000
    assert events[0]["startup_id"] == case["startup_id"]
    # The same figures in the one KPI vocabulary; what a district does not ask is unknown.
    assert events[0]["payload"]["outcomes"] == {
        "employees": 7,
        "jobs_created": None,
        "revenue_krw": 420_000_000,
        "investment_raised_krw": 1_500_000_000,
        "exports_krw": None,
        "ip_filed": 3,
        "ip_registered": 1,
        "still_operating": True,
    }
