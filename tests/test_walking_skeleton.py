"""A startup walks the thin real path through all three services on the real servers."""

import json
from collections.abc import Callable
from typing import Any

from pymongo import AsyncMongoClient

from conftest import eventually, key_of, serving
from growth.main import create_app as create_growth
from growth.settings import Settings as GrowthSettings
from incubation.main import create_app as create_incubation
from incubation.settings import Settings as IncubationSettings
from intake.main import create_app as create_intake
from intake.settings import Settings as IntakeSettings

SUBMISSION = {
    "company_name": "Hangang Labs",
    "stage": "pre_startup",
    "founders": [{"name": "Kim Minji", "birth_date": "1996-04-02", "role": "ceo"}],
    "sector": "ai",
    "desired_district": "gwanak",
}


async def test_a_submitted_startup_reaches_the_agency_it_is_offered_to(
    settings_for: Callable[[str], dict[str, Any]], mongo: AsyncMongoClient[Any]
) -> None:
    intake_settings = IntakeSettings(**settings_for("intake"))
    incubation_settings = IncubationSettings(**settings_for("incubation"))
    growth_settings = GrowthSettings(**settings_for("growth"))

    async with (
        serving(create_intake(intake_settings), "intake") as intake,
        serving(create_incubation(incubation_settings), "incubation") as incubation,
        serving(create_growth(growth_settings), "growth") as growth,
    ):
        submitted = await intake.post("/startups", json=SUBMISSION, headers=key_of("snu"))
        assert submitted.status_code == 201, submitted.text
        startup = submitted.json()
        assert startup["youth"] is True
        startup_id = startup["startup_id"]

        graduated = await intake.post(f"/startups/{startup_id}/graduation", headers=key_of("snu"))
        assert graduated.status_code == 200, graduated.text

        async def case_in_gwanak() -> dict[str, Any] | None:
            cases = (await incubation.get("/cases", headers=key_of("gwanak"))).json()
            return next((c for c in cases if c["startup_id"] == startup_id), None)

        case = await eventually(case_in_gwanak, what="the settlement case in gwanak")
        assert case["university_id"] == "snu"

        offered = await incubation.post(
            f"/cases/{case['case_id']}/handoffs",
            json={"agency_id": "sba", "needs": ["investment", "export"]},
            headers=key_of("gwanak"),
        )
        assert offered.status_code == 201, offered.text

        async def offer_at_sba() -> dict[str, Any] | None:
            offers = (await growth.get("/offers", headers=key_of("sba"))).json()
            return next((o for o in offers if o["startup_id"] == startup_id), None)

        offer = await eventually(offer_at_sba, what="the handoff offer at SBA")
        assert offer["needs"] == ["investment", "export"]
        assert offer["district_id"] == "gwanak"

        kosme_offers = (await growth.get("/offers", headers=key_of("kosme"))).json()
        assert kosme_offers == []

    # Each service stored its own part, and the event trail of the startup is ordered and causal.
    assert (
        await mongo[intake_settings.mongo_database]["startups"].count_documents(
            {"_id": startup_id, "status": "graduated"}
        )
        == 1
    )
    assert (
        await mongo[incubation_settings.mongo_database]["cases"].count_documents(
            {"startup_id": startup_id}
        )
        == 1
    )
    assert (
        await mongo[growth_settings.mongo_database]["offers"].count_documents(
            {"startup_id": startup_id}
        )
        == 1
    )

    trail = []
    for settings in (intake_settings, incubation_settings):
        async for record in mongo[settings.mongo_database]["outbox"].find({"key": startup_id}):
            trail.append(record)
    trail.sort(key=lambda record: record["occurred_at"])
    assert [r["event_type"] for r in trail] == [
        "StartupSubmitted",
        "StartupGraduated",
        "SettlementCaseOpened",
        "GrowthHandoffOffered",
    ]
    assert all(r["published"] for r in trail)
    envelopes = [json.loads(r["value"]) for r in trail]
    assert envelopes[2]["correlation_id"] == envelopes[1]["correlation_id"]
    assert envelopes[2]["causation_id"] == envelopes[1]["event_id"]
