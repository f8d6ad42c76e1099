"""After a broker loss, what is sent again depends on what consumers have not applied.

A probe produces submissions and consumes them; an old batch is applied, then (after more than
the recovery margin) a newer batch covering every partition. The broker is killed and restarted
empty: the probe asks for what it may have missed and gets the newer batch's window, not the
log. A consumer that ran once before and was down during all of it starts after the loss, has
applied nothing, and gets the whole topic. Every event ends applied exactly once by both.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

from aiokafka.partitioner import DefaultPartitioner
from fastapi import FastAPI
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from conftest import eventually, publish_raw, serving
from relay_contracts import Envelope
from relay_contracts.intake import StartupSubmitted
from relay_devstack.servers import Server, start_broker
from relay_eventing import ServiceRuntime, ServiceSettings, UnitOfWork
from relay_eventing.app import service_app
from relay_eventing.inbox import INBOX
from relay_eventing.outbox import OUTBOX
from relay_eventing.recovery import BROKER_SEEN, RESEND_REQUESTS
from tests.probe import APPLIED, Faults, log_application, router, submission, unique

TOPIC = StartupSubmitted.topic
MARGIN_S = 1.0
PARTITIONS = 3


def keys_on_every_partition(prefix: str, per_partition: int) -> list[str]:
    """Startup ids whose records land `per_partition` times on each partition."""
    partitioner = DefaultPartitioner()
    found: dict[int, list[str]] = {p: [] for p in range(PARTITIONS)}
    number = 0
    while any(len(keys) < per_partition for keys in found.values()):
        key = f"{prefix}-{number}"
        number += 1
        partition = partitioner(key.encode(), list(range(PARTITIONS)), list(range(PARTITIONS)))
        if len(found[partition]) < per_partition:
            found[partition].append(key)
    return [key for keys in found.values() for key in keys]


def create_producer(settings: ServiceSettings) -> FastAPI:
    """The probe's routes and recording under the name the contracts give the topic's owner,
    so it answers resend requests as the producer would."""
    runtime = ServiceRuntime(settings, "intake")
    runtime.subscribe(StartupSubmitted, "record_submission", Faults().record)
    return service_app(runtime, routers=[router])


def create_late_consumer(settings: ServiceSettings) -> FastAPI:
    """A service that only consumes submissions, logging each application."""
    runtime = ServiceRuntime(settings, "late")

    async def record(unit: UnitOfWork, envelope: Envelope[Any]) -> None:
        await log_application(unit, envelope)

    runtime.subscribe(StartupSubmitted, "record_submission", record)
    return service_app(runtime, routers=[])


def resent(app: FastAPI) -> float:
    registry = app.state.runtime.metrics.registry
    value = registry.get_sample_value("relay_recovery_records_resent_total", {"topic": TOPIC})
    return float(value or 0.0)


async def saw_the_broker(db: AsyncDatabase[Any]) -> bool:
    """The service's first check ran: a later start knows the broker it had."""
    return await db[BROKER_SEEN].count_documents({}) == 1


async def applied_once(db: AsyncDatabase[Any], event_ids: list[str]) -> bool:
    counts = {
        d["_id"]: d["n"]
        async for d in await db[APPLIED].aggregate(
            [
                {"$match": {"event_id": {"$in": event_ids}}},
                {"$group": {"_id": "$event_id", "n": {"$sum": 1}}},
            ]
        )
    }
    return counts == dict.fromkeys(event_ids, 1)


async def test_a_loss_resends_what_consumers_have_not_applied_not_the_log(
    settings_for: Callable[[str], dict[str, Any]],
    bootstrap: str,
    broker_server: Server,
    mongo: AsyncMongoClient[Any],
) -> None:
    fast = {"broker_check_interval_s": 0.3, "recovery_margin_s": MARGIN_S}
    settings = ServiceSettings(**{**settings_for("probe"), **fast})
    late_settings = ServiceSettings(**{**settings_for("late"), **fast})
    db = mongo[settings.mongo_database]
    late_db = mongo[late_settings.mongo_database]
    prefix = unique("st")
    old = [f"{prefix}-old-{number}" for number in range(12)]
    new = keys_on_every_partition(f"{prefix}-new", per_partition=2)
    after = [f"{prefix}-after-{number}" for number in range(2)]
    probe_app = create_producer(settings)

    async def all_applied(count: int) -> bool:
        return await db[APPLIED].count_documents({}) == count

    async def settled() -> bool:
        # Every request answered and nothing waiting in the outbox.
        pending = await db[OUTBOX].count_documents({"published": False})
        return pending == 0 and await db[RESEND_REQUESTS].count_documents({}) == 0

    async def marks_past_the_margin() -> bool:
        # The newest mark is further back than the margin (and a second of slack).
        newest = await db[INBOX].find_one({}, sort=[("applied_at", -1)])
        age = datetime.now(UTC) - newest["applied_at"] if newest else None
        return age is not None and age.total_seconds() > MARGIN_S + 1.0

    restarted: Server | None = None
    try:
        # The late consumer runs once before anything is produced, then is down all along.
        async with serving(create_late_consumer(late_settings), "late"):
            await eventually(partial(saw_the_broker, late_db), what="the late consumer's start")
        async with serving(probe_app, "probe") as probe:
            await eventually(partial(saw_the_broker, db), what="the producer's start")
            for startup_id in old:
                assert (await probe.post(f"/submissions/{startup_id}")).status_code == 200
            await eventually(lambda: all_applied(len(old)), what="the old batch applied")
            # Setup, not a measurement: the old batch is now further back than the margin.
            await eventually(marks_past_the_margin, what="the old batch past the margin")
            for startup_id in new:
                assert (await probe.post(f"/submissions/{startup_id}")).status_code == 200
            await eventually(lambda: all_applied(len(old) + len(new)), what="all applied")
            await eventually(settled, what="every record marked published")
            log_size = await db[OUTBOX].count_documents({"topic": TOPIC})
            assert log_size == len(old) + len(new)
            window = await records_in_window(db)
            before_loss = resent(probe_app)
            # Setup: marks count once they are older than the margin before the last time the
            # service found the broker whole (newer ones may be of a new broker).
            await eventually(marks_past_the_margin, what="every mark past the margin")

            broker_server.kill()
            restarted = start_broker(broker_server.port)

            async def recovered() -> bool:
                return resent(probe_app) > before_loss and await settled()

            await eventually(recovered, timeout_s=40, what="the probe's recovery")
            sent_again = resent(probe_app) - before_loss
            # (b) bounded by what was recent, not by the log.
            assert 1 <= sent_again <= window <= len(new) < log_size

            for startup_id in after:
                assert (await probe.post(f"/submissions/{startup_id}")).status_code == 200
            await eventually(settled, what="the later records published")
            log = [r["event_id"] async for r in db[OUTBOX].find({"topic": TOPIC})]
            before_late = resent(probe_app)

            # (c) a consumer down during all of it has applied nothing: it gets the whole topic.
            async with serving(create_late_consumer(late_settings), "late"):

                async def late_caught_up() -> bool:
                    return await applied_once(late_db, log)

                await eventually(late_caught_up, timeout_s=40, what="the late consumer")
                assert resent(probe_app) - before_late == len(log)
                # (a) behind every copy on the new broker, a sentinel per key: once both
                # consumers applied them, every copy was handled.
                sentinels = [submission(key) for key in old + new + after]
                for sentinel in sentinels:
                    value = sentinel.model_dump_json().encode()
                    await publish_raw(bootstrap, TOPIC, value, key=sentinel.startup_id)
                ids = [str(s.event_id) for s in sentinels]
                for database in (db, late_db):
                    await eventually(
                        partial(applied_once, database, ids), timeout_s=40, what="the sentinels"
                    )
    finally:
        if restarted is not None:
            restarted.stop()

    # (a) every event of the log applied exactly once in effect by both consumers.
    assert await applied_once(db, log)
    assert await applied_once(late_db, log)
    assert await db[APPLIED].count_documents({}) == len(log) + len(sentinels)
    assert await late_db[APPLIED].count_documents({}) == len(log) + len(sentinels)


async def records_in_window(db: AsyncDatabase[Any]) -> int:
    """Records sent since the slowest partition's newest applied record, minus the margin."""
    newest: list[datetime] = []
    for partition in range(PARTITIONS):
        mark = await db[INBOX].find_one(
            {"consumer": "intake.record_submission", "topic": TOPIC, "partition": partition},
            sort=[("sent_at", -1)],
        )
        assert mark is not None, f"no mark on partition {partition}"
        newest.append(mark["sent_at"])
    since = min(newest).timestamp() - MARGIN_S
    return sum(
        [
            1
            async for record in db[OUTBOX].find({"topic": TOPIC})
            if record["published_at"].timestamp() >= since
        ]
    )
