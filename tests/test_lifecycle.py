"""A startup walks the whole lifecycle through the three services, on the real servers."""

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from conftest import eventually, key_of, serving
from growth.main import create_app as create_growth
from growth.settings import Settings as GrowthSettings
from incubation.main import create_app as create_incubation
from incubation.settings import Settings as IncubationSettings
from intake.main import create_app as create_intake
from intake.settings import Settings as IntakeSettings
from tests.walk import SCORES, SNAPSHOT, SUBMISSION


@dataclass
class Stack:
    intake: httpx.AsyncClient
    incubation: httpx.AsyncClient
    growth: httpx.AsyncClient
    databases: dict[str, str]


@asynccontextmanager
async def three_services(settings_for: Callable[[str], dict[str, Any]]) -> AsyncIterator[Stack]:
    intake_settings = IntakeSettings(**settings_for("intake"))
    incubation_settings = IncubationSettings(**settings_for("incubation"))
    growth_settings = GrowthSettings(**settings_for("growth"))
    async with (
        serving(create_intake(intake_settings), "intake") as intake,
        serving(create_incubation(incubation_settings), "incubation") as incubation,
        serving(create_growth(growth_settings), "growth") as growth,
    ):
        yield Stack(
            intake,
            incubation,
            growth,
            {
                "intake": intake_settings.mongo_database,
                "incubation": incubation_settings.mongo_database,
                "growth": growth_settings.mongo_database,
            },
        )


async def ok(response: Any, status: int = 200) -> dict[str, Any]:
    answer = await response
    assert answer.status_code == status, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def test_a_startup_goes_from_submission_to_an_accepted_leap_stage_handoff(
    settings_for: Callable[[str], dict[str, Any]], mongo: AsyncMongoClient[Any]
) -> None:
    snu, gwanak, sba, kosme = (key_of(org) for org in ("snu", "gwanak", "sba", "kosme"))
    async with three_services(settings_for) as stack:
        # The university stage.
        startup = await ok(stack.intake.post("/startups", json=SUBMISSION, headers=snu), 201)
        startup_id = startup["startup_id"]
        assert startup["youth"] is True
        await ok(
            stack.intake.post(
                f"/startups/{startup_id}/screenings", json={"scores": SCORES}, headers=snu
            ),
            201,
        )
        await ok(
            stack.intake.post(
                f"/startups/{startup_id}/decision", json={"decision": "admit"}, headers=snu
            )
        )
        await ok(stack.intake.post(f"/startups/{startup_id}/graduation", headers=snu))

        # The district stage: the graduate arrives in the district it asked for.
        async def case_in_gwanak() -> dict[str, Any] | None:
            cases = (await stack.incubation.get("/cases", headers=gwanak)).json()["items"]
            return next((c for c in cases if c["startup_id"] == startup_id), None)

        case = await eventually(case_in_gwanak, what="the settlement case in gwanak")
        case_url = f"/cases/{case['case_id']}"
        # Graduated today, so settled today; gwanak asks for no months settled to offer it.
        today = datetime.now(timezone(timedelta(hours=9))).date().isoformat()
        await ok(
            stack.incubation.post(
                f"{case_url}/approval",
                json={"facility_id": "gwanak-s-valley", "start_date": today},
                headers=gwanak,
            ),
            201,
        )
        await ok(
            stack.incubation.post(
                f"{case_url}/settlement",
                json={
                    "registered_address": "서울특별시 관악구 남부순환로 1808",
                    "moved_in_on": today,
                    "minimum_stay_months": 24,
                },
                headers=gwanak,
            ),
            201,
        )
        await ok(
            stack.incubation.put(
                "/districts/gwanak/readiness", json={"min_months_settled": 0}, headers=gwanak
            )
        )
        await ok(stack.incubation.post(f"{case_url}/snapshots", json=SNAPSHOT, headers=gwanak), 201)
        handoff = await ok(
            stack.incubation.post(
                f"{case_url}/handoffs",
                json={"agency_id": "sba", "needs": ["investment"]},
                headers=gwanak,
            ),
            201,
        )
        handoff_id = handoff["handoff_id"]

        # The agency stage: SBA declines, the district re-offers to KOSME, which accepts.
        async def offer_at(agency: dict[str, str]) -> dict[str, Any] | None:
            answer = await stack.growth.get(f"/offers/{handoff_id}", headers=agency)
            return answer.json() if answer.status_code == 200 else None

        await eventually(lambda: offer_at(sba), what="the offer at SBA")
        await ok(
            stack.growth.post(
                f"/offers/{handoff_id}/decline",
                json={"reason": "export focus this year"},
                headers=sba,
            )
        )

        async def handoff_state(state: str) -> dict[str, Any] | None:
            seen = (await stack.incubation.get(f"/handoffs/{handoff_id}", headers=gwanak)).json()
            return seen if seen["state"] == state else None

        await eventually(lambda: handoff_state("declined"), what="the decline at the district")
        await ok(
            stack.incubation.post(
                f"/handoffs/{handoff_id}/reoffer", json={"agency_id": "kosme"}, headers=gwanak
            )
        )
        await eventually(lambda: offer_at(kosme), what="the re-offer at KOSME")
        await ok(stack.growth.post(f"/offers/{handoff_id}/acceptance", headers=kosme))
        accepted = await eventually(lambda: handoff_state("accepted"), what="the acceptance")
        assert [(s["step"], s["agency_id"]) for s in accepted["history"]] == [
            ("offered", "sba"),
            ("declined", "sba"),
            ("offered", "kosme"),
            ("accepted", "kosme"),
        ]

        leap = (await stack.growth.get("/startups", headers=kosme)).json()["items"]
        assert [s["startup_id"] for s in leap] == [startup_id]
        assert (await stack.growth.get("/startups", headers=sba)).json()["items"] == []

    # The event trail of the startup: every service's log, in order, each step caused by the last.
    trail = []
    for database in stack.databases.values():
        async for record in mongo[database]["outbox"].find({"key": startup_id}):
            trail.append(json.loads(record["value"]))
    trail.sort(key=lambda event: event["occurred_at"])
    assert [event["event_type"] for event in trail] == [
        "StartupSubmitted",
        "ScreeningCompleted",
        "StartupAdmitted",
        "StartupGraduated",
        "SettlementCaseOpened",
        "SettlementApproved",
        "StartupSettled",
        "GrowthSnapshotRecorded",
        "GrowthHandoffOffered",
        "GrowthHandoffDeclined",
        "GrowthHandoffOffered",
        "GrowthHandoffAccepted",
    ]
    by_type = {event["event_type"]: event for event in trail}
    graduated, opened = by_type["StartupGraduated"], by_type["SettlementCaseOpened"]
    assert opened["causation_id"] == graduated["event_id"]
    assert opened["correlation_id"] == graduated["correlation_id"]
    offers = [event for event in trail if event["event_type"] == "GrowthHandoffOffered"]
    assert [o["payload"]["agency_id"] for o in offers] == ["sba", "kosme"]
    assert [o["payload"]["attempt"] for o in offers] == [1, 2]
    assert by_type["GrowthHandoffAccepted"]["correlation_id"] == offers[1]["correlation_id"]
