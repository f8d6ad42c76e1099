"""The broker as a client sees it: a district's queue of opened cases, and a bare ping-pong."""

import asyncio
import contextlib
import json
import statistics
import time
from types import TracebackType
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from relay_contracts.incubation import SettlementCaseOpened
from relay_eventing.topics import ensure_topics

PING_TOPIC = "bench.ping.v1"
PINGS = 200
PING_WARM_UP = 20


async def tail_of(bootstrap: str, topic: str, fetch_wait_ms: int) -> AIOKafkaConsumer:
    """A consumer without a group on every partition of a topic, from its end."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=fetch_wait_ms
    )
    await consumer.start()
    await consumer.topics()  # loads the metadata that partitions_for_topic reads
    partitions = [TopicPartition(topic, n) for n in sorted(consumer.partitions_for_topic(topic))]
    consumer.assign(partitions)
    await consumer.seek_to_end(*partitions)
    for partition in partitions:  # resolve the end now, before anything is sent
        await consumer.position(partition)
    return consumer


class CaseQueue:
    """What a district's client watches: SettlementCaseOpened, answered per startup."""

    def __init__(self, bootstrap: str, fetch_wait_ms: int) -> None:
        self._bootstrap = bootstrap
        self._fetch_wait_ms = fetch_wait_ms
        self._waiting: dict[str, asyncio.Future[str]] = {}
        self._task: asyncio.Task[None] | None = None
        self._consumer: AIOKafkaConsumer | None = None

    async def __aenter__(self) -> "CaseQueue":
        topic = SettlementCaseOpened.topic
        self._consumer = await tail_of(self._bootstrap, topic, self._fetch_wait_ms)
        self._task = asyncio.create_task(self._follow(self._consumer), name="case-queue")
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._consumer is not None:
            await self._consumer.stop()

    def expect(self, startup_id: str) -> "asyncio.Future[str]":
        """The id of the case opened for a startup, once the event arrives (ask before it can)."""
        return self._waiting.setdefault(startup_id, asyncio.get_running_loop().create_future())

    async def _follow(self, consumer: AIOKafkaConsumer) -> None:
        while True:
            batch = await consumer.getmany(timeout_ms=1000)
            for records in batch.values():
                for record in records:
                    event: dict[str, Any] = json.loads(record.value)
                    future = self.expect(event["startup_id"])
                    if not future.done():
                        future.set_result(event["payload"]["case_id"])


async def ping_pong(bootstrap: str, fetch_wait_ms: int) -> float:
    """Median ms from send (acks=all) to the record reaching a consumer on the same broker."""
    await ensure_topics(bootstrap, [PING_TOPIC], partitions=1, replication_factor=1)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    consumer = await tail_of(bootstrap, PING_TOPIC, fetch_wait_ms)
    try:
        rounds: list[float] = []
        for number in range(PING_WARM_UP + PINGS):
            value = str(number).encode()
            started = time.perf_counter()
            await producer.send_and_wait(PING_TOPIC, value)
            while (await consumer.getone()).value != value:
                pass
            rounds.append((time.perf_counter() - started) * 1000)
        return statistics.median(rounds[PING_WARM_UP:])
    finally:
        await consumer.stop()
        await producer.stop()
