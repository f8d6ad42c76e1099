"""The broker is a transport and MongoDB the truth: a broker that comes back empty is refilled."""

from collections.abc import Callable
from typing import Any

from pymongo import AsyncMongoClient

from conftest import eventually, key_of, serving
from relay_devstack.servers import Server, start_broker
from relay_eventing import ServiceSettings
from tests.probe import SEEN, create_probe


async def test_after_the_broker_restarts_empty_every_event_arrives_once(
    settings_for: Callable[[str], dict[str, Any]],
    broker_server: Server,
    mongo: AsyncMongoClient[Any],
) -> None:
    settings = ServiceSettings(**{**settings_for("probe"), "broker_check_interval_s": 0.3})
    db = mongo[settings.mongo_database]

    async def seen_count(expected: int) -> bool:
        return await db[SEEN].count_documents({}) == expected

    restarted: Server | None = None
    try:
        async with serving(create_probe(settings), "probe") as probe:
            for number in range(3):
                assert (await probe.post(f"/submissions/st-before-{number}")).status_code == 200
            await eventually(lambda: seen_count(3), what="the first three events to be consumed")

            broker_server.kill()
            restarted = start_broker(broker_server.port)
            for number in range(2):
                assert (await probe.post(f"/submissions/st-after-{number}")).status_code == 200

            async def converged() -> dict[str, Any] | None:
                health: dict[str, Any] = (await probe.get("/health")).json()
                done = (
                    health["broker_losses_detected"] >= 1
                    and health["outbox_pending"] == 0
                    and await seen_count(5)
                    and health["duplicates_absorbed"] >= 3
                )
                return health if done else None

            health = await eventually(converged, timeout_s=40, what="convergence after the loss")
    finally:
        if restarted is not None:
            restarted.stop()

    assert health["broker_losses_detected"] >= 1
    assert sorted([d["startup_id"] async for d in db[SEEN].find({})]) == [
        "st-after-0",
        "st-after-1",
        "st-before-0",
        "st-before-1",
        "st-before-2",
    ]


async def test_an_operator_can_have_a_service_send_its_log_again(
    settings_for: Callable[[str], dict[str, Any]], mongo: AsyncMongoClient[Any]
) -> None:
    settings = ServiceSettings(**settings_for("probe"))
    db = mongo[settings.mongo_database]
    async with serving(create_probe(settings), "probe") as probe:
        for number in range(2):
            await probe.post(f"/submissions/st-replay-{number}")

        async def both_seen() -> bool:
            return await db[SEEN].count_documents({}) == 2

        await eventually(both_seen, what="both events consumed")

        refused = await probe.post("/operations/republish", headers=key_of("snu"))
        assert refused.status_code == 403
        answer = await probe.post("/operations/republish", headers=key_of("operator"))
        assert answer.json() == {"queued": 2}

        async def copies_absorbed() -> bool:
            health = (await probe.get("/health")).json()
            return bool(health["duplicates_absorbed"] == 2 and health["outbox_pending"] == 0)

        await eventually(copies_absorbed, what="the republished copies to be absorbed")
    assert await db[SEEN].count_documents({}) == 2
