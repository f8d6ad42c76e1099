"""Noticing that the broker lost its data, and re-sending the outbox log when it did.

The broker is a transport; MongoDB is the truth. A broker restarted on memory storage (or a real
cluster that lost a topic) comes back without our topics. Each service keeps a sentinel topic of
its own; when it is gone, the service recreates every topic and republishes its whole outbox log
in order. Consumers' inboxes absorb what they had already applied, so the system converges with
no manual step.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from aiokafka.admin import AIOKafkaAdminClient
from prometheus_client import Counter

from relay_eventing.topics import all_topics, ensure_topics

log = logging.getLogger(__name__)


def sentinel_topic(service: str) -> str:
    return f"relay.epoch.{service}"


class BrokerWatch:
    def __init__(
        self,
        service: str,
        bootstrap_servers: str,
        *,
        partitions: int,
        replication_factor: int,
        interval_s: float,
        on_loss: Callable[[], Awaitable[int]],
        losses: Counter,
    ) -> None:
        self._sentinel = sentinel_topic(service)
        self._bootstrap_servers = bootstrap_servers
        self._partitions = partitions
        self._replication_factor = replication_factor
        self._interval_s = interval_s
        self._on_loss = on_loss
        self._task: asyncio.Task[None] | None = None
        self._losses = losses
        # Monotonic time of the last answer from the broker: readiness reads it.
        self.last_seen: float | None = None

    async def prepare(self) -> None:
        """Create every topic and this service's sentinel."""
        await ensure_topics(
            self._bootstrap_servers,
            [*all_topics(), self._sentinel],
            partitions=self._partitions,
            replication_factor=self._replication_factor,
        )
        self.last_seen = asyncio.get_running_loop().time()

    async def check(self) -> bool:
        """True when the broker had lost our topics (and they were recreated and re-sent)."""
        admin = AIOKafkaAdminClient(bootstrap_servers=self._bootstrap_servers)
        await admin.start()
        try:
            present = self._sentinel in set(await admin.list_topics())
        finally:
            await admin.close()
        self.last_seen = asyncio.get_running_loop().time()
        if present:
            return False
        self._losses.inc()
        log.warning("broker lost its topics: recreating them and republishing the outbox log")
        # Topics first, sentinel last: if we die in between, the next check does it all again.
        await ensure_topics(
            self._bootstrap_servers,
            all_topics(),
            partitions=self._partitions,
            replication_factor=self._replication_factor,
        )
        republished = await self._on_loss()
        await self.prepare()
        log.warning("queued %d outbox records for republishing", republished)
        return True

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="broker-watch")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval_s)
            try:
                await self.check()
            except Exception as error:  # the broker may be down: look again next round
                log.info("broker check failed: %s", error)
