"""Operators' dead-letter tool: list parked records, and re-drive them after a fix.

    python -m relay_eventing.redrive --bootstrap HOST:PORT list [--topic TOPIC]
    python -m relay_eventing.redrive --bootstrap HOST:PORT redrive [--topic TOPIC]
        [--error-contains TEXT] [--at PARTITION:OFFSET ...]

A re-driven record goes back to its original topic with its original bytes, key and headers
(plus `x-redriven-from`); its event id is unchanged, so a consumer that had applied it after all
absorbs the copy.
"""

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from relay_eventing.dead_letter import DLQ_SUFFIX


@dataclass(frozen=True)
class DeadLetter:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: dict[str, str]

    @property
    def original_topic(self) -> str:
        return self.headers.get("x-dlq-original-topic", self.topic.removesuffix(DLQ_SUFFIX))

    @property
    def position(self) -> str:
        return f"{self.partition}:{self.offset}"

    def describe(self) -> str:
        return (
            f"{self.topic} {self.position} key={(self.key or b'').decode(errors='replace')} "
            f"consumer={self.headers.get('x-dlq-consumer', '?')} "
            f"attempts={self.headers.get('x-dlq-attempts', '?')} "
            f"error={self.headers.get('x-dlq-error', '?')}"
        )


async def read_dead_letters(
    bootstrap: str, topic: str | None = None, *, idle_polls: int = 3
) -> list[DeadLetter]:
    """Every parked record, of one dead-letter topic or of all of them."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    try:
        names = (
            [topic]
            if topic
            else sorted(t for t in await consumer.topics() if t.endswith(DLQ_SUFFIX))
        )
        await consumer.topics()
        partitions = [
            TopicPartition(name, number)
            for name in names
            for number in sorted(consumer.partitions_for_topic(name) or ())
        ]
        if not partitions:
            return []
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        letters: list[DeadLetter] = []
        idle = 0
        # End offsets are not trusted on every broker, so read until the topics stay quiet.
        while idle < idle_polls:
            batch = await consumer.getmany(timeout_ms=300)
            idle = 0 if batch else idle + 1
            for records in batch.values():
                letters.extend(
                    DeadLetter(
                        topic=r.topic,
                        partition=r.partition,
                        offset=r.offset,
                        key=r.key,
                        value=r.value or b"",
                        headers={k: v.decode(errors="replace") for k, v in r.headers},
                    )
                    for r in records
                )
        return sorted(letters, key=lambda d: (d.topic, d.partition, d.offset))
    finally:
        await consumer.stop()


def select(
    letters: Sequence[DeadLetter], error_contains: str | None, at: Sequence[str]
) -> list[DeadLetter]:
    chosen = list(letters)
    if error_contains:
        chosen = [d for d in chosen if error_contains in d.headers.get("x-dlq-error", "")]
    if at:
        chosen = [d for d in chosen if d.position in set(at)]
    return chosen


async def redrive(bootstrap: str, letters: Sequence[DeadLetter]) -> int:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for letter in letters:
            headers = {k: v for k, v in letter.headers.items() if not k.startswith("x-dlq-")}
            headers["x-redriven-from"] = f"{letter.topic}:{letter.position}"
            await producer.send_and_wait(
                letter.original_topic,
                letter.value,
                key=letter.key,
                headers=[(k, v.encode()) for k, v in headers.items()],
            )
        return len(letters)
    finally:
        await producer.stop()


async def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m relay_eventing.redrive")
    parser.add_argument("--bootstrap", default=os.environ.get("KAFKA_BOOTSTRAP_SERVERS"))
    parser.add_argument("command", choices=["list", "redrive"])
    parser.add_argument("--topic", help="a dead-letter topic (<topic>.dlq); default all")
    parser.add_argument("--error-contains", help="only records whose error contains this")
    parser.add_argument("--at", nargs="*", default=[], help="only these PARTITION:OFFSET")
    args = parser.parse_args(argv)
    if not args.bootstrap:
        parser.error("--bootstrap or KAFKA_BOOTSTRAP_SERVERS is required")
    letters = select(
        await read_dead_letters(args.bootstrap, args.topic), args.error_contains, args.at
    )
    if args.command == "list":
        for letter in letters:
            sys.stdout.write(letter.describe() + "\n")
        sys.stdout.write(f"{len(letters)} dead letters\n")
    else:
        sys.stdout.write(f"re-drove {await redrive(args.bootstrap, letters)} dead letters\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
