"""What every benchmark shares: the figure it reports and the servers it measures on."""

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import uuid4

from pymongo import AsyncMongoClient

from relay_devstack.servers import Server, mongo_url, start_broker, start_database
from relay_eventing import ServiceSettings
from relay_eventing.topics import all_topics, ensure_topics

EVENTS = int(os.environ.get("BENCH_EVENTS", "1000"))
FETCH_WAIT_MS = int(os.environ.get("BENCH_FETCH_WAIT_MS", "20"))
# Insight, the read side, is off the measured path and runs at the services' default fetch
# wait: at 20 ms its 29 consumers polled the broker ~100 times a second each, which took
# 0.65 of the machine's 2 cores at 2 lifecycles/s (docs/performance.md).
READ_SIDE_FETCH_WAIT_MS = int(os.environ.get("BENCH_READ_SIDE_FETCH_WAIT_MS", "500"))


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    baseline: float
    unit: str
    target: str
    # What else the run saw (percentiles, shares, counts): printed on its own line, kept in JSON.
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else 0.0

    def line(self) -> str:
        if not self.baseline:  # a figure with no baseline shows none rather than a 0x ratio
            compared = f"baseline {'-':>10}  ratio {'-':>5}  "
        else:
            compared = f"baseline {self.baseline:>10.1f}  ratio {self.ratio:5.2f}x"
        return (
            f"{self.name:<34} {self.value:>10.1f} {self.unit:<6} {compared}  (target {self.target})"
        )


class Stack:
    """A fresh broker per measurement (so no group resumes another's offsets), one database."""

    def __init__(self) -> None:
        self.database = start_database(Path(tempfile.mkdtemp(prefix="bench-mongo-")))
        self.mongo_url = mongo_url(self.database.port)
        self.mongo: AsyncMongoClient[Any] = AsyncMongoClient(self.mongo_url, tz_aware=True)
        self.broker: Server | None = None
        # Figures of this run that a later benchmark compares against (growth with data).
        self.measured: dict[str, float] = {}

    async def fresh_broker(self) -> str:
        if self.broker is not None:
            self.broker.stop()
        self.broker = start_broker()
        bootstrap = f"127.0.0.1:{self.broker.port}"
        await ensure_topics(bootstrap, all_topics(), partitions=3, replication_factor=1)
        return bootstrap

    def settings(self, bootstrap: str, **overrides: Any) -> ServiceSettings:
        values: dict[str, Any] = {
            "kafka_bootstrap_servers": bootstrap,
            "kafka_session_timeout_ms": 2000,
            "kafka_heartbeat_interval_ms": 300,
            "kafka_fetch_max_wait_ms": FETCH_WAIT_MS,
            "mongo_url": self.mongo_url,
            "mongo_database": f"bench_{uuid4().hex[:8]}",
        }
        return ServiceSettings(**{**values, **overrides})

    async def close(self) -> None:
        await self.mongo.close()
        if self.broker is not None:
            self.broker.stop()
        self.database.stop()
