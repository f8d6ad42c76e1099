"""The outbox relay: publishes committed events in order, then marks them published."""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from opentelemetry import context, propagate

from relay_eventing.metrics import RuntimeMetrics
from relay_eventing.outbox import Outbox

log = logging.getLogger(__name__)

# (topic, key, value, headers) -> a future that resolves when the broker acknowledged the record.
Send = Callable[[str, bytes, bytes, dict[str, str]], Awaitable["asyncio.Future[Any]"]]


class OutboxRelay:
    """Moves outbox records to the broker.

    A commit hands its records straight to the relay and wakes it, so the hot path never reads
    back what the handler just wrote and an idle relay asks the database nothing. A sweep of the
    outbox every `sweep_interval` (a slow safety poll) catches what another process of the
    service committed or a crashed process left behind; it skips records younger than
    `sweep_grace` because their own process is still handing them over. A record is marked only
    after the broker acknowledged it (acks=all): a crash in between republishes it and the
    consumers' inbox absorbs the copy — at least once, never lost.
    """

    def __init__(
        self,
        outbox: Outbox,
        send: Send,
        *,
        batch_size: int,
        poll_interval_s: float,
        metrics: RuntimeMetrics,
        sweep_interval_s: float = 5.0,
        sweep_grace_s: float = 2.0,
        mark_delay_s: float = 0.2,
    ) -> None:
        self._outbox = outbox
        self._send = send
        self._batch_size = batch_size
        # The first pause after a failed round, doubled on each further failure.
        self._poll_interval_s = poll_interval_s
        self._sweep_interval_s = sweep_interval_s
        self._sweep_grace = timedelta(seconds=sweep_grace_s)
        self._handed: list[dict[str, Any]] = []
        # Published but not yet marked: marks are written in batches, off the hot path. A crash
        # before the mark only means the record is sent again and absorbed by the inbox.
        self._unmarked: list[Any] = []
        self._mark_delay_s = mark_delay_s
        self._marks_due: float | None = None
        self._next_sweep = 0.0
        self._sweep_all = True
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self._metrics = metrics

    def committed(self, records: Sequence[dict[str, Any]]) -> None:
        """Records just committed by this process, in commit order."""
        self._handed.extend(records)
        self._wake.set()

    async def resend(self, requeue: Callable[[], Awaitable[int]]) -> int:
        """Run `requeue` (which marks records unpublished) and send them all again.

        Under the relay's lock, with the marks not yet written written first, so a late mark
        cannot hide a record that was just queued again.
        """
        async with self._lock:
            await self._mark(force=True)
            queued = await requeue()
            self._sweep_all = True
        self._wake.set()
        return queued

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
        """Publish everything pending, handed over or in the outbox; returns how many."""
        self._sweep_all = True
        return await self._round(force_marks=True)

    async def _round(self, *, force_marks: bool = False) -> int:
        async with self._lock:
            total = 0
            while self._handed:
                batch, self._handed = (
                    self._handed[: self._batch_size],
                    self._handed[self._batch_size :],
                )
                total += await self._publish(batch)
            now = asyncio.get_running_loop().time()
            if self._sweep_all or now >= self._next_sweep:
                total += await self._sweep()
                self._next_sweep = now + self._sweep_interval_s
            await self._mark(force=force_marks)
            return total

    async def _sweep(self) -> int:
        younger_than = None if self._sweep_all else datetime.now(UTC) - self._sweep_grace
        self._sweep_all = False
        total = 0
        pending = self._outbox.pending(self._batch_size, younger_than)
        async with contextlib.aclosing(pending) as batches:
            async for records in batches:
                total += await self._publish(records)
                await self._mark(force=True)
        return total

    async def _mark(self, *, force: bool) -> None:
        now = asyncio.get_running_loop().time()
        if not self._unmarked:
            return
        if self._marks_due is None:
            self._marks_due = now + self._mark_delay_s
        if force or now >= self._marks_due or len(self._unmarked) >= self._batch_size:
            ids, self._unmarked = self._unmarked, []
            self._marks_due = None
            await self._outbox.mark_published(ids)

    async def _publish(self, records: Sequence[dict[str, Any]]) -> int:
        # Sent in outbox order on one producer: records with the same key land on the same
        # partition in the order they were committed.
        futures = []
        for r in records:
            # The trace of the request or record that wrote it continues through the publish.
            token = context.attach(propagate.extract(r["headers"]))
            try:
                futures.append(
                    await self._send(r["topic"], r["key"].encode(), bytes(r["value"]), r["headers"])
                )
            finally:
                context.detach(token)
        await asyncio.gather(*futures)
        self._unmarked.extend(r["_id"] for r in records)
        now = datetime.now(UTC)
        for r in records:
            self._metrics.publish_latency.observe((now - r["recorded_at"]).total_seconds())
            self._metrics.events_published.labels(event_type=r["event_type"]).inc()
        return len(records)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        failures = 0
        while True:
            self._wake.clear()
            try:
                await self._round()
                failures = 0
                # Asleep until a commit wakes it, the safety sweep or the batched marks are due.
                timeout = self._next_sweep - loop.time()
            except Exception:
                timeout = min(self._poll_interval_s * 2 ** min(failures, 8), 10.0)
                failures += 1
                log.exception("outbox relay failed; retrying in %.2fs", timeout)
                # What was handed over is still pending in the outbox: sweep it all next time.
                self._handed.clear()
                self._sweep_all = True
            if self._marks_due is not None:
                timeout = min(timeout, self._marks_due - loop.time())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=max(0.0, timeout))
