"""The fault schedule: kills of each service, the broker and the database, and bad deliveries."""

import asyncio
import random
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from chaos.stack import SERVICES, ChaosStack

POISON_PREFIX = b"chaos-poison-"
# How long injection waits for the services to recreate the topics after a broker restart.
TOPICS_BACK_S = 60.0


@dataclass
class FaultLog:
    counts: Counter[str] = field(default_factory=Counter)
    poison_sent: int = 0
    last_broker_restart: float = 0.0

    def line(self) -> str:
        return " ".join(f"{kind}={number}" for kind, number in sorted(self.counts.items()))


KILLS = (*(f"kill:{service}" for service in SERVICES), "kill:broker", "kill:database")


def kill_rounds(rng: random.Random) -> Iterator[list[str]]:
    """Endless rounds, each killing every component once in a random order."""
    while True:
        kills = list(KILLS)
        rng.shuffle(kills)
        yield kills


def final_round(rng: random.Random, *, service_kills: bool = True) -> list[str]:
    """Service kills and bad deliveries after the last broker kill: a broker restarted empty
    would take the dead letters of earlier poison with it."""
    kills = [f"kill:{service}" for service in SERVICES] if service_kills else []
    tail = kills + ["inject"] * 2
    rng.shuffle(tail)
    return tail


class Faults:
    def __init__(
        self, stack: ChaosStack, topics: Sequence[str], rng: random.Random, log: FaultLog
    ) -> None:
        self.stack = stack
        self.topics = list(topics)
        self.rng = rng
        self.log = log

    async def apply(self, fault: str) -> None:
        if fault == "inject":
            await self.inject()
            return
        target = fault.split(":", 1)[1]
        if target == "broker":
            self.stack.kill_broker()
            await asyncio.sleep(self.rng.uniform(0.5, 1.5))
            self.stack.start_broker()
            self.log.last_broker_restart = asyncio.get_running_loop().time()
        elif target == "database":
            self.stack.kill_database()
            await asyncio.sleep(self.rng.uniform(0.5, 1.5))
            await asyncio.to_thread(self.stack.start_database)
        else:
            self.stack.kill_service(target)
            await asyncio.sleep(self.rng.uniform(0.2, 1.0))
            self.stack.start_service(target)
        self.log.counts[f"killed_{target}"] += 1

    async def inject(self) -> None:
        """On every consumed topic: copies of records already there, and a poison record."""
        await self.topics_back()
        producer = AIOKafkaProducer(bootstrap_servers=self.stack.bootstrap, acks="all")
        await producer.start()
        try:
            for topic in self.topics:
                for record in await self.recent(topic, 3):
                    await producer.send_and_wait(
                        topic, record.value, key=record.key, headers=list(record.headers)
                    )
                    self.log.counts["duplicates"] += 1
                self.log.poison_sent += 1
                await producer.send_and_wait(
                    topic,
                    POISON_PREFIX + str(self.log.poison_sent).encode(),
                    key=f"poison-{self.log.poison_sent}".encode(),
                    headers=[("x-chaos", b"poison")],
                )
                self.log.counts["poison"] += 1
        finally:
            await producer.stop()

    async def topics_back(self) -> None:
        """Wait until the services have recreated every topic a broker restart took.

        Bad deliveries are made to the system's topics; a topic no service has recreated yet
        does not exist, and the broker refuses a record for it (tansu: UnknownError).
        """
        deadline = asyncio.get_running_loop().time() + TOPICS_BACK_S
        while True:
            missing = await self.missing_topics()
            if not missing:
                return
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(
                    f"topics not recreated after a broker restart: {sorted(missing)}"
                )
            await asyncio.sleep(0.5)

    async def missing_topics(self) -> set[str]:
        admin = AIOKafkaAdminClient(bootstrap_servers=self.stack.bootstrap)
        try:
            await admin.start()
            return set(self.topics) - set(await admin.list_topics())
        except KafkaError:  # the broker is still starting: all of them, for now
            return set(self.topics)
        finally:
            await admin.close()

    async def recent(self, topic: str, count: int) -> list[ConsumerRecord[Any, Any]]:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.stack.bootstrap,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
        await consumer.start()
        try:
            await consumer.topics()
            partitions = [
                TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())
            ]
            if not partitions:
                return []
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            batch = await consumer.getmany(timeout_ms=500, max_records=count)
            return [record for records in batch.values() for record in records][:count]
        finally:
            await consumer.stop()
