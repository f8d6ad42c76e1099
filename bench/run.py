"""`make bench`: start the real stack, run every benchmark, print figures with their baselines."""

import asyncio
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

from pymongo import AsyncMongoClient

from bench.hop import bare_hop, runtime_hop
from relay_devstack.servers import Server, mongo_url, start_broker, start_database
from relay_eventing import ServiceSettings
from relay_eventing.topics import all_topics, ensure_topics

RESULTS = Path(__file__).with_name("results")
EVENTS = int(os.environ.get("BENCH_EVENTS", "1000"))
FETCH_WAIT_MS = int(os.environ.get("BENCH_FETCH_WAIT_MS", "20"))


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    baseline: float
    unit: str
    target: str

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else 0.0

    def line(self) -> str:
        return (
            f"{self.name:<34} {self.value:>10.1f} {self.unit:<6} baseline {self.baseline:>10.1f}"
            f"  ratio {self.ratio:5.2f}x  (target {self.target})"
        )


class Stack:
    """A fresh broker per measurement (so no group resumes another's offsets), one database."""

    def __init__(self) -> None:
        self.database = start_database(Path(tempfile.mkdtemp(prefix="bench-mongo-")))
        self.mongo_url = mongo_url(self.database.port)
        self.mongo: AsyncMongoClient[Any] = AsyncMongoClient(self.mongo_url, tz_aware=True)
        self.broker: Server | None = None

    async def fresh_broker(self) -> str:
        if self.broker is not None:
            self.broker.stop()
        self.broker = start_broker()
        bootstrap = f"127.0.0.1:{self.broker.port}"
        await ensure_topics(bootstrap, all_topics(), partitions=3, replication_factor=1)
        return bootstrap

    def settings(self, bootstrap: str, **overrides: Any) -> ServiceSettings:
        return ServiceSettings(
            kafka_bootstrap_servers=bootstrap,
            kafka_session_timeout_ms=2000,
            kafka_heartbeat_interval_ms=300,
            kafka_fetch_max_wait_ms=FETCH_WAIT_MS,
            mongo_url=self.mongo_url,
            mongo_database=f"bench_{uuid4().hex[:8]}",
            **overrides,
        )

    async def close(self) -> None:
        await self.mongo.close()
        if self.broker is not None:
            self.broker.stop()
        self.database.stop()


async def hop_throughput(stack: Stack) -> Figure:
    bootstrap = await stack.fresh_broker()
    baseline = await bare_hop(
        bootstrap, stack.mongo_url, f"bare_{uuid4().hex[:8]}", EVENTS, FETCH_WAIT_MS
    )
    bootstrap = await stack.fresh_broker()
    ours = await runtime_hop(stack.settings(bootstrap), stack.mongo, EVENTS)
    return Figure("hop throughput", ours, baseline, "ev/s", ">= 0.5x")


async def main() -> None:
    stack = Stack()
    figures: list[Figure] = []
    try:
        for benchmark in (hop_throughput,):
            started = time.monotonic()
            figure = await benchmark(stack)
            figures.append(figure)
            print(figure.line(), f"[{time.monotonic() - started:.0f}s]", flush=True)  # noqa: T201
    finally:
        await stack.close()
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    document = {
        "at": stamp,
        "events": EVENTS,
        "fetch_wait_ms": FETCH_WAIT_MS,
        "figures": [{**asdict(f), "ratio": f.ratio} for f in figures],
    }
    (RESULTS / f"{stamp}.json").write_text(json.dumps(document, indent=2) + "\n")


if __name__ == "__main__":
    asyncio.run(main())
