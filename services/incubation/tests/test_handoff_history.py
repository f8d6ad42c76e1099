"""The agency does not start blind: an offer and a re-offer carry what the district knows of the
startup (profile, KPI history in the one vocabulary, grants received), and a re-offer stays in
the handoff's flow, so its events and `GET /handoffs/{id}` name one correlation id."""

from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import httpx

from conftest import eventually, key_of
from relay_contracts.growth import GrowthHandoffDeclined
from relay_contracts.intake import SupportReceived
from services.incubation.tests.kit import (
    GOOD_QUARTER,
    TODAY,
    Graduate,
    Publish,
    Published,
    Settle,
    answer,
    state_of,
)

MENTORING = SupportReceived(
    program="snu-mentoring",
    kind="mentoring",
    institution_id="snu",
    period_start=date(2025, 9, 1),
    period_end=date(2026, 2, 28),
)


async def test_an_offer_and_its_reoffer_carry_the_startups_profile_kpis_and_grants(
    incubation: httpx.AsyncClient,
    graduate: Graduate,
    settle: Settle,
    publish: Publish,
    published: Published,
) -> None:
    case = await graduate(
        "gwanak",
        company_name="Hangang Vision",
        stage="pre_startup",
        youth=False,
        business_registration_number="120-88-12345",
        support_received=[MENTORING],
    )
    case_id = case["case_id"]
    await settle(case)
    snapshots = f"/cases/{case_id}/snapshots"
    earlier = {**GOOD_QUARTER, "as_of": (TODAY - timedelta(days=95)).isoformat(), "employees": 4}
    for figures in (GOOD_QUARTER, earlier):
        recorded = await incubation.post(snapshots, json=figures, headers=key_of("gwanak"))
        assert recorded.status_code == 201, recorded.text
    rent = {
        "program_id": "gwanak-settlement",
        "kind": "rent_subsidy",
        "amount_krw": 1_200_000,
        "period_start": "2027-01-01",
        "period_end": "2027-06-30",
    }
    granted = await incubation.post(f"/cases/{case_id}/grants", json=rent, headers=key_of("gwanak"))
    assert granted.status_code == 201, granted.text
    flow = str(uuid4())

    offered = await incubation.post(
        f"/cases/{case_id}/handoffs",
        json={"agency_id": "sba", "needs": ["investment"], "technologies": ["computer_vision"]},
        headers={**key_of("gwanak"), "X-Correlation-Id": flow},
    )

    assert offered.status_code == 201, offered.text
    handoff = offered.json()
    assert offered.headers["location"] == f"/handoffs/{handoff['handoff_id']}"
    assert handoff["correlation_id"] == flow
    first = (await eventually(lambda: published("GrowthHandoffOffered"), what="the offer"))[0]
    payload = first["payload"]
    assert first["correlation_id"] == flow
    assert (payload["company_name"], payload["university_id"], payload["stage"]) == (
        "Hangang Vision",
        "snu",
        "pre_startup",
    )
    assert (payload["youth"], payload["business_registration_number"]) == (False, "1208812345")
    assert payload["technologies"] == ["computer_vision"]
    assert [(s["as_of"], s["figures"]["employees"]) for s in payload["kpi_history"]] == [
        (earlier["as_of"], 4),
        (GOOD_QUARTER["as_of"], 7),
    ]
    assert payload["kpi_history"][0]["recorded_by"] == "gwanak"
    assert payload["kpi_history"][0]["figures"]["still_operating"] is True
    assert payload["kpi_history"][0]["figures"]["exports_krw"] is None
    assert sorted(
        (g["institution_id"], g["kind"], g["amount_krw"]) for g in payload["grants_received"]
    ) == [
        ("gwanak", "rent_subsidy", 1_200_000),
        ("snu", "mentoring", 0),
    ]
    own = next(g for g in payload["grants_received"] if g["institution_id"] == "gwanak")
    assert (own["program"], own["period_start"], own["granted_on"]) == (
        "gwanak-settlement",
        "2027-01-01",
        TODAY.isoformat(),
    )

    latest = {**GOOD_QUARTER, "as_of": TODAY.isoformat(), "employees": 9}
    assert (
        await incubation.post(snapshots, json=latest, headers=key_of("gwanak"))
    ).status_code == 201
    declined = GrowthHandoffDeclined(
        handoff_id=handoff["handoff_id"], agency_id="sba", reason="not our sector"
    )
    await publish(answer(first, declined))
    await state_of(incubation, handoff["handoff_id"], "declined")
    another_flow = str(uuid4())

    reoffered = await incubation.post(
        f"/handoffs/{handoff['handoff_id']}/reoffer",
        json={"agency_id": "kicox"},
        headers={**key_of("gwanak"), "X-Correlation-Id": another_flow},
    )

    assert reoffered.status_code == 200, reoffered.text
    offers = await eventually(
        lambda: published("GrowthHandoffOffered", at_least=2), what="the re-offer"
    )
    second: dict[str, Any] = next(o for o in offers if o["payload"]["attempt"] == 2)
    shown = (
        await incubation.get(f"/handoffs/{handoff['handoff_id']}", headers=key_of("kicox"))
    ).json()
    assert second["correlation_id"] == shown["correlation_id"] == flow != another_flow
    assert second["payload"]["technologies"] == ["computer_vision"]
    assert [s["figures"]["employees"] for s in second["payload"]["kpi_history"]] == [4, 7, 9]
    assert len(second["payload"]["grants_received"]) == 2
