"""Noticing that the broker lost its data, and asking for what was lost when it did.

The broker is a transport; MongoDB is the truth. A broker restarted on memory storage (or a real
cluster that lost a topic) comes back without our topics. Each service keeps a sentinel topic of
its own; when it is gone, the service recreates every topic and asks its producers for what its
consumer groups may have missed (`relay_eventing.recovery`); only then does it create the
sentinel again, so a service that dies in between asks again. Only the first start of a service
creates it at once; at any other start a missing sentinel is a loss the service was down for,
recovered at its first check.
Consumers' inboxes absorb what they had already applied, so the system converges with no manual
step.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from aiokafka.admin import AIOKafkaAdminClient
from prometheus_client import Counter

from relay_eventing.dead_letter import dead_letter_topic
from relay_eventing.recovery import CONTROL_TOPIC
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
        on_loss: Callable[[datetime | None], Awaitable[int]],
        on_seen: Callable[[datetime, bool], Awaitable[None]],
        first_start: Callable[[], Awaitable[bool]],
        losses: Counter,
    ) -> None:
        self._sentinel = sentinel_topic(service)
        self._bootstrap_servers = bootstrap_servers
        self._partitions = partitions
        self._replication_factor = replication_factor
        self._interval_s = interval_s
        self._on_loss = on_loss
        self._on_seen = on_seen
        self._first_start = first_start
        self._task: asyncio.Task[None] | None = None
        self._losses = losses
        # When this process last asked and found its sentinel: the loss came after it.
        self._seen_at: datetime | None = None
        # Monotonic time of the last answer from the broker: readiness reads it.
        self.last_seen: float | None = None

    async def prepare(self) -> None:
        """Create every topic; the sentinel too at the first start of the service (it cannot
        have missed a loss). Any other start without it leaves it to `check`, which recovers."""
        await self._ensure_topics()
        if not await self._has_sentinel() and await self._first_start():
            await self._create_sentinel()
        self.last_seen = asyncio.get_running_loop().time()

    async def _ensure_topics(self) -> None:
        await ensure_topics(
            self._bootstrap_servers,
            [*all_topics(), CONTROL_TOPIC, dead_letter_topic(CONTROL_TOPIC)],
            partitions=self._partitions,
            replication_factor=self._replication_factor,
        )

    async def _has_sentinel(self) -> bool:
        admin = AIOKafkaAdminClient(bootstrap_servers=self._bootstrap_servers)
        await admin.start()
        try:
            return self._sentinel in set(await admin.list_topics())
        finally:
            await admin.close()

    async def _create_sentinel(self) -> None:
        created_at = datetime.now(UTC)
        await ensure_topics(
            self._bootstrap_servers,
            [self._sentinel],
            partitions=self._partitions,
            replication_factor=self._replication_factor,
        )
        # From now the broker holds our sentinel: a restart after a next loss must know it.
        self._seen_at = created_at
        await self._on_seen(created_at, True)

    async def check(self) -> bool:
        """True when our sentinel was gone (and the topics were recreated, the loss recovered)."""
        # Taken before asking: the sentinel was there at least until this time.
        asked_at = datetime.now(UTC)
        present = await self._has_sentinel()
        self.last_seen = asyncio.get_running_loop().time()
        if present:
            self._seen_at = asked_at
            await self._on_seen(asked_at, False)
            return False
        self._losses.inc()
        log.warning("broker lost its topics: recreating them, asking for what was missed")
        # Topics first, sentinel last: if we die in between, the next check does it all again.
        await self._ensure_topics()
        requests = await self._on_loss(self._seen_at)
        await self._create_sentinel()
        log.warning("broker recovery: %d resend requests sent", requests)
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
