"""The broker is a transport and MongoDB the truth: a broker that comes back empty is refilled."""

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.partitioner import DefaultPartitioner
from pymongo import AsyncMongoClient

from conftest import eventually, key_of, read_topic, serving
from relay_contracts.intake import StartupSubmitted
from relay_devstack.servers import Server, start_broker
from relay_eventing import ServiceSettings
from relay_eventing.inbox import INBOX
from relay_eventing.outbox import OUTBOX
from relay_eventing.redrive import read_dead_letters
from relay_eventing.topics import ensure_topics
from tests.probe import APPLIED, SEEN, create_probe, submission, unique
from tests.sentinels import pass_sentinel


async def test_after_the_broker_restarts_empty_every_event_arrives_once(
    settings_for: Callable[[str], dict[str, Any]],
    bootstrap: str,
    broker_server: Server,
    mongo: AsyncMongoClient[Any],
) -> None:
    settings = ServiceSettings(**{**settings_for("probe"), "broker_check_interval_s": 0.3})
    db = mongo[settings.mongo_database]
    prefix = unique("st")
    before = [f"{prefix}-before-{number}" for number in range(3)]
    after = [f"{prefix}-after-{number}" for number in range(2)]

    async def seen_count(expected: int) -> bool:
        return await db[SEEN].count_documents({}) == expected

    restarted: Server | None = None
    try:
        async with serving(create_probe(settings), "probe") as probe:
            for startup_id in before:
                assert (await probe.post(f"/submissions/{startup_id}")).status_code == 200
            await eventually(lambda: seen_count(3), what="the first three events to be consumed")

            broker_server.kill()
            restarted = start_broker(broker_server.port)
            for startup_id in after:
                assert (await probe.post(f"/submissions/{startup_id}")).status_code == 200
            # The service's log: event id -> startup id, all five.
            log = {record["event_id"]: record["key"] async for record in db[OUTBOX].find({})}

            async def refilled() -> bool:
                # The earlier three reach the new broker only if the service noticed the loss
                # and sent its log again.
                records = await read_topic(bootstrap, StartupSubmitted.topic, at_least=len(log))
                sent = {dict(record.headers)["event-id"].decode() for record in records}
                pending = await db[OUTBOX].count_documents({"published": False})
                return sent >= set(log) and pending == 0 and await seen_count(5)

            await eventually(refilled, timeout_s=40, what="convergence after the loss")
            # Behind every copy on the new broker: once these are applied, all were handled.
            sentinels = [submission(startup_id) for startup_id in before + after]
            for sentinel in sentinels:
                await pass_sentinel(bootstrap, db, sentinel)
            assert await read_dead_letters(bootstrap) == []
    finally:
        if restarted is not None:
            restarted.stop()

    recorded = {d["_id"]: d["startup_id"] async for d in db[SEEN].find({})}
    assert recorded == {**log, **{str(s.event_id): s.startup_id for s in sentinels}}
    assert sorted(log.values()) == sorted(before + after)
    applied = {
        event_id: await db[APPLIED].count_documents({"event_id": event_id}) for event_id in log
    }
    assert applied == dict.fromkeys(log, 1)


async def test_an_operator_can_have_a_service_send_its_log_again(
    settings_for: Callable[[str], dict[str, Any]], bootstrap: str, mongo: AsyncMongoClient[Any]
) -> None:
    settings = ServiceSettings(**settings_for("probe"))
    db = mongo[settings.mongo_database]
    startup_ids = [unique("st-replay") for _ in range(2)]
    async with serving(create_probe(settings), "probe") as probe:
        for startup_id in startup_ids:
            await probe.post(f"/submissions/{startup_id}")

        async def both_seen() -> bool:
            return await db[SEEN].count_documents({}) == 2

        await eventually(both_seen, what="both events consumed")

        refused = await probe.post("/operations/republish", headers=key_of("snu"))
        assert refused.status_code == 403
        answer = await probe.post("/operations/republish", headers=key_of("operator"))
        assert answer.json() == {"queued": 2}

        async def sent_again() -> bool:
            return await db[OUTBOX].count_documents({"published": False}) == 0

        await eventually(sent_again, what="the republished log to be sent")
        # Behind each copy: once these are applied, the copies were handled.
        for startup_id in startup_ids:
            await pass_sentinel(bootstrap, db, submission(startup_id))
        # The copies were absorbed: applied once each, none parked.
        log = [record["event_id"] async for record in db[OUTBOX].find({})]
        applied = [await db[APPLIED].count_documents({"event_id": event_id}) for event_id in log]
        assert applied == [1, 1]
        assert await read_dead_letters(bootstrap) == []
    assert await db[SEEN].count_documents({"_id": {"$in": log}}) == 2


def keys_on_one_partition(prefix: str, count: int, partitions: int = 3) -> list[str]:
    """Startup ids whose records all land on partition 0."""
    partitioner = DefaultPartitioner()
    every = list(range(partitions))
    keys = (f"{prefix}-{number}" for number in itertools.count())
    return list(
        itertools.islice((k for k in keys if partitioner(k.encode(), every, every) == 0), count)
    )


async def test_a_consumer_that_read_far_reads_the_recreated_partition_from_its_start(
    settings_for: Callable[[str], dict[str, Any]],
    broker_server: Server,
    mongo: AsyncMongoClient[Any],
) -> None:
    """A running consumer's position on the lost broker is past the new partition's end; the
    records written there after the loss must not be skipped until the partition catches up."""
    check_s, margin_s = 0.3, 0.5
    fast = {"broker_check_interval_s": check_s, "recovery_margin_s": margin_s}
    settings = ServiceSettings(**{**settings_for("probe"), **fast})
    db = mongo[settings.mongo_database]
    prefix = unique("st")
    before = keys_on_one_partition(f"{prefix}-before", 12)
    after = keys_on_one_partition(f"{prefix}-after", 2)

    async def seen_count(expected: int) -> bool:
        return await db[SEEN].count_documents({}) == expected

    async def applied_before_the_margin() -> bool:
        """The newest mark was sent more than a margin before the broker watch's last look,
        so recovery counts it (`relay_eventing.recovery`)."""
        newest = await db[INBOX].find_one({}, sort=[("sent_at", -1)])
        age = datetime.now(UTC) - newest["sent_at"] if newest else timedelta(0)
        return age > timedelta(seconds=margin_s + 2 * check_s)

    restarted: Server | None = None
    try:
        async with serving(create_probe(settings), "probe") as probe:
            # Setup: all but the last two are older than the margin, so those two alone are
            # sent again; with the two written after the loss, the new partition holds 4.
            older, newer = before[:-2], before[-2:]
            for startup_id in older:
                assert (await probe.post(f"/submissions/{startup_id}")).status_code == 200
            await eventually(lambda: seen_count(len(older)), what="the older records consumed")
            await eventually(applied_before_the_margin, what="the older records past the margin")
            for startup_id in newer:
                assert (await probe.post(f"/submissions/{startup_id}")).status_code == 200
            await eventually(lambda: seen_count(len(before)), what="the first batch consumed")
            await eventually(applied_before_the_margin, what="the newer records past the margin")
            broker_server.kill()
            restarted = start_broker(broker_server.port)
            for startup_id in after:
                assert (await probe.post(f"/submissions/{startup_id}")).status_code == 200
            await eventually(
                lambda: seen_count(len(before) + len(after)),
                timeout_s=30,
                what="the records written after the loss consumed",
            )
    finally:
        if restarted is not None:
            restarted.stop()


async def test_a_committed_offset_past_the_partitions_end_reads_it_from_the_start(
    settings_for: Callable[[str], dict[str, Any]],
    bootstrap: str,
    mongo: AsyncMongoClient[Any],
) -> None:
    """What a record acked after the broker came back leaves: its group's offset on the new
    broker past the recreated partition's end. The group must not wait there."""
    settings = ServiceSettings(**settings_for("probe"))
    db = mongo[settings.mongo_database]
    topic = StartupSubmitted.topic
    await ensure_topics(bootstrap, [topic], partitions=3, replication_factor=1)
    stale = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id="probe.record_submission", enable_auto_commit=False
    )
    await stale.start()
    try:
        partitions = [TopicPartition(topic, number) for number in range(3)]
        stale.assign(partitions)
        await stale.commit(dict.fromkeys(partitions, 50))
    finally:
        await stale.stop()
    startup_ids = [unique("st-stale") for _ in range(3)]
    async with serving(create_probe(settings), "probe") as probe:
        for startup_id in startup_ids:
            assert (await probe.post(f"/submissions/{startup_id}")).status_code == 200

        async def all_seen() -> bool:
            return await db[SEEN].count_documents({}) == len(startup_ids)

        await eventually(all_seen, timeout_s=30, what="the records below the stale offset")
