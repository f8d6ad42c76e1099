"""Read models rebuilt from the producers' log: the runtime's rebuild on a real service."""

from typing import Any

import httpx
from pymongo import AsyncMongoClient

from conftest import eventually, key_of
from insight.repository import collection_for
from insight.settings import Settings
from insight.subscribers import consumer_of
from relay_contracts.incubation import StartupSettled
from relay_contracts.intake import StartupAdmitted
from relay_contracts.registry import ALL_EVENTS
from services.insight.tests.conftest import Publish, journey_when
from services.insight.tests.kit import Life


async def test_a_rebuild_then_a_republish_restores_the_same_journey(
    insight: httpx.AsyncClient, publish: Publish, settings: Settings, mongo: AsyncMongoClient[Any]
) -> None:
    life = Life("st-rebuilt").submit().nurture().settle().hand_off("sba", "kosme").enroll("kosme")
    await publish(*life.events)
    before = await journey_when(insight, "st-rebuilt", len(life.events))

    # Damage the read models, as a bug or a bad migration would.
    db = mongo[settings.mongo_database]
    await db[collection_for(StartupSettled.topic)].update_many({}, {"$set": {"facts": {}}})
    await db[collection_for(StartupAdmitted.topic)].delete_many({})
    damaged = await journey_when(insight, "st-rebuilt", len(life.events) - 1)
    assert damaged["steps"] != before["steps"]

    operator = key_of("operator")
    refused = await insight.post(f"/operations/rebuild/{consumer_of(StartupSettled)}")
    assert refused.status_code == 401
    cleared = 0
    for event in ALL_EVENTS:
        reset = await insight.post(f"/operations/rebuild/{consumer_of(event)}", headers=operator)
        assert reset.status_code == 200, reset.text
        cleared += reset.json()["inbox_marks_cleared"]
    assert cleared == len(life.events)
    assert (await insight.get("/startups/st-rebuilt/journey", headers=operator)).status_code == 404

    # The producers republish their log: the same events, the same ids.
    await publish(*life.events)

    async def restored() -> dict[str, Any] | None:
        after = await journey_when(insight, "st-rebuilt", len(life.events))
        return after if after["steps"] == before["steps"] else None

    assert await eventually(restored, what="the journey to be rebuilt") == before
