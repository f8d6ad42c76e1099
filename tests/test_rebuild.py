"""A projection is rebuilt from its producers' event log without double effects."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pymongo import AsyncMongoClient

from conftest import eventually, key_of, serving
from relay_eventing import ServiceSettings
from tests.probe import APPLIED, SEEN, create_probe, unique


async def test_a_projection_rebuilt_from_the_beginning_holds_each_event_once(
    settings_for: Callable[[str], dict[str, Any]], mongo: AsyncMongoClient[Any]
) -> None:
    settings = ServiceSettings(**settings_for("probe"))
    seen = mongo[settings.mongo_database][SEEN]
    operator = key_of("operator")
    prefix = unique("st-rebuild")
    async with serving(create_probe(settings), "probe") as probe:
        for number in range(4):
            await probe.post(f"/submissions/{prefix}-{number}")

        async def count(expected: int) -> bool:
            return await seen.count_documents({}) == expected

        await eventually(lambda: count(4), what="the projection to hold four events")
        # Damage the read model, as a bug or a bad migration would.
        await seen.update_many({}, {"$set": {"event_type": "garbage"}})

        reset = await probe.post("/operations/rebuild/record_submission", headers=operator)
        assert reset.json() == {
            "consumer": "record_submission",
            "inbox_marks_cleared": 4,
            "documents_cleared": 4,
        }
        assert (await probe.post("/operations/republish", headers=operator)).json() == {"queued": 4}

        async def rebuilt() -> bool:
            return await seen.count_documents({"event_type": "StartupSubmitted"}) == 4

        await eventually(rebuilt, what="the projection to be rebuilt")
    assert await seen.count_documents({}) == 4


async def test_a_rebuild_from_a_time_applies_only_later_events_again(
    settings_for: Callable[[str], dict[str, Any]], mongo: AsyncMongoClient[Any]
) -> None:
    settings = ServiceSettings(**settings_for("probe"))
    db = mongo[settings.mongo_database]
    operator = key_of("operator")
    early, late = unique("st-early"), unique("st-late")

    async def marks(expected: int) -> bool:
        return await db["inbox"].count_documents({}) == expected

    async with serving(create_probe(settings), "probe") as probe:
        await probe.post(f"/submissions/{early}")
        await eventually(lambda: marks(1), what="the early event to be applied")
        since = datetime.now(UTC)
        await probe.post(f"/submissions/{late}")
        await eventually(lambda: marks(2), what="the late event to be applied")

        reset = await probe.post(
            "/operations/rebuild/record_submission",
            params={"since": since.isoformat()},
            headers=operator,
        )
        assert reset.json()["inbox_marks_cleared"] == 1
        assert reset.json()["documents_cleared"] == 0
        again = await probe.post(
            "/operations/republish", params={"since": since.isoformat()}, headers=operator
        )
        assert again.json() == {"queued": 1}
        await eventually(lambda: marks(2), what="the late event to be applied again")
        # Applied a second time, not absorbed as a copy; the early event was left alone.
        applied = db[APPLIED]
        assert await applied.count_documents({"startup_id": late}) == 2
        assert await applied.count_documents({"startup_id": early}) == 1

        unknown = await probe.post("/operations/rebuild/nothing", headers=operator)
        assert unknown.status_code == 404
        refused = await probe.post("/operations/rebuild/record_submission", headers=key_of("snu"))
        assert refused.status_code == 403
    assert sorted([d["startup_id"] async for d in db[SEEN].find({})]) == sorted([early, late])
