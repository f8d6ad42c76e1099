"""The outbox relay: publishes committed events in order, then marks them published."""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from relay_eventing.outbox import Outbox

log = logging.getLogger(__name__)

# (topic, key, value, headers) -> a future that resolves when the broker acknowledged the record.
Send = Callable[[str, bytes, bytes, dict[str, str]], Awaitable["asyncio.Future[Any]"]]


class OutboxRelay:
    """Moves outbox records to the broker.

    A commit wakes it at once; a poll interval catches what another process of the same service
    committed, or what a crashed process left behind. A record is marked only after the broker
    acknowledged it (acks=all), so a crash in between republishes it and the consumers' inbox
    absorbs the copy: at least once, never lost.
    """

    def __init__(
        self, outbox: Outbox, send: Send, *, batch_size: int, poll_interval_s: float
    ) -> None:
        self._outbox = outbox
        self._send = send
        self._batch_size = batch_size
        self._poll_interval_s = poll_interval_s
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self.published_total = 0

    def notify(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        """Stop the loop, then publish whatever is still pending once more."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        with contextlib.suppress(Exception):
            await self.flush()

    async def flush(self) -> int:
        """Publish every pending record; returns how many were published."""
        total = 0
        while batch := await self.publish_batch():
            total += batch
        return total

    async def publish_batch(self) -> int:
        async with self._lock:
            records = await self._outbox.pending(self._batch_size)
            if not records:
                return 0
            # Sent in outbox order on one producer: records with the same key land on the same
            # partition in the order they were committed.
            futures = [
                await self._send(r["topic"], r["key"].encode(), bytes(r["value"]), r["headers"])
                for r in records
            ]
            await asyncio.gather(*futures)
            await self._outbox.mark_published([r["_id"] for r in records])
            self.published_total += len(records)
            return len(records)

    async def _run(self) -> None:
        backoff = self._poll_interval_s
        while True:
            self._wake.clear()
            try:
                await self.flush()
                backoff = self._poll_interval_s
            except Exception:
                log.exception("outbox relay failed; retrying in %.2fs", backoff)
                backoff = min(backoff * 2, 10.0)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=backoff)
