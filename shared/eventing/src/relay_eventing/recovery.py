"""Bounded recovery from a broker loss: each consumer asks for what it may have missed.

A broker on memory storage that restarts loses every topic and every committed offset. What it
held and a consumer group had not applied yet is gone from the broker, but not from the
producer's outbox. Sending the whole outbox again costs the length of history; instead:

- A producer that notices the loss only recreates the topics.
- Every service that notices the loss (its sentinel topic gone; also at a start that finds it
  gone) sends, per producer it consumes from, a `ResendControl(kind="requested")` on
  `relay.control.resend.v1`: per (consumer group, topic), the time `since` from which the group
  may have missed records, or none for the whole topic.
- The producer's service (one instance: one consumer group) queues again every record of that
  topic *marked published* from `since` (index `topic_sent`), the relay sends them, and it
  answers `kind="queued"`. The consumers' inboxes absorb what they had applied.

Why `since` never skips a record the group has not applied. Each inbox mark keeps the record's
partition and the broker timestamp of its send, `sent_at` (clamped to the time it was applied,
so a timestamp from the future cannot move it forward). Let T be a time at which the lost broker
still held our sentinel (the last check that found it; for a process that started after the
loss, the time kept in `broker_seen`, written at most every 30 s: older is only more cautious).
Only marks with `sent_at <= T - margin` count: records sent before T went to the lost broker,
while records of the new broker, which a consumer may apply before it notices the loss, were sent
after it came back and say nothing of the lost ones. A group reads a partition in offset order,
so a lost record R it had not applied on partition p was appended after every record S of the
lost broker it had applied there; R's acknowledgement, and its `published_at` (written after the
acknowledgement), come after S's `sent_at`. So R has `published_at >= newest counted sent_at on
p`, whatever R's age: a record that waited in the outbox, was swept after a newer one, or was
sent again after an earlier loss is covered, because the bound is on when it was *sent*, not
when it was written. The minimum over partitions is safe for each; a partition with no counted
mark asks for the whole topic, and so does a group that never applied anything. A service that
never saw its sentinel at all (first start, empty `broker_seen`) asks nothing: it was not there
to miss anything, and history from before it existed is an operator's `relay republish`, as on
any broker with retention. The margin (`RECOVERY_MARGIN_S`) covers only clocks: `sent_at` is the
clock of the sending producer's host (or the broker's), `published_at` that of the host that
marked R, T that of the consumer. A record pending in the outbox is sent anyway. The relay writes
the marks it holds before queueing (`OutboxRelay.resend`), so a record acknowledged but not yet
marked by this process is not missed; one acknowledged by *another* instance of the producer
whose mark is still unwritten when the request is handled is (marks are written within
`mark_delay` of the acknowledgement, and a request comes seconds after the broker is back, so
this needs that instance's database writes to stall across the restart).

A request lost with the broker before its producer read it must not be forgotten, or the group
would ask later from a newer point. The requester keeps each (group, topic) point in
`resend_requests` until the producer's answer with the same request id arrives, and at the next
loss asks from the older of the kept and the new point. The sentinel is created only after the
requests were published, so a service that dies before asks again at its next start; a second
loss in the milliseconds between the last request and the sentinel's creation would put the
sentinel on the new broker and go unnoticed (the whole-log re-send this replaces had the same
window).

Cost: what is sent again is what the producer sent since the slowest partition's newest applied
record (minus the margin), plus whole topics for groups that had applied nothing from them: it
depends on what consumers have not applied, not on the length of the log. Several groups asking
the same producer each queue their window; a record sent again for one has a fresh
`published_at` and is queued again for the next, so one loss can send a record up to once per
requesting service.
"""

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from pymongo import ASCENDING, DESCENDING, IndexModel, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from relay_contracts import ALL_EVENTS
from relay_contracts.control import ResendControl, ResendPoint
from relay_eventing.inbox import INBOX
from relay_eventing.metrics import RuntimeMetrics
from relay_eventing.outbox import Outbox

log = logging.getLogger(__name__)

CONTROL_TOPIC = ResendControl.topic
# The requester's points not yet answered, kept across losses and restarts.
RESEND_REQUESTS = "resend_requests"
# When the service last found its sentinel, for a process that starts after a loss.
BROKER_SEEN = "broker_seen"
# How often that time is written: an older one only makes a later request ask for more.
SEEN_WRITE_INTERVAL = timedelta(seconds=30)
# How far back the newest applied mark is looked for, widening; None: all of history.
LOOKBACK = (timedelta(minutes=5), timedelta(hours=6), timedelta(days=7), None)
# (message, key) -> published and acknowledged.
PublishControl = Callable[[ResendControl, str], Awaitable[None]]
Requeue = Callable[[Callable[[], Awaitable[int]]], Awaitable[int]]


@dataclass(frozen=True)
class Source:
    """One subscription: the broker's consumer group, the inbox's consumer name, the topic."""

    group: str
    consumer: str
    topic: str


def producer_of(topic: str) -> str:
    """The service that owns a topic, by the contracts (else the topic's first word)."""
    for event in ALL_EVENTS:
        if event.topic == topic:
            return event.producer()
    return topic.split(".", 1)[0]


def _older(first: datetime | None, second: datetime | None) -> datetime | None:
    if first is None or second is None:
        return None
    return min(first, second)


class Recovery:
    """Both sides of the recovery of one service: asking its producers, answering consumers."""

    def __init__(
        self,
        db: AsyncDatabase[Any],
        service: str,
        outbox: Outbox,
        *,
        requeue: Requeue,
        publish: PublishControl,
        metrics: RuntimeMetrics,
        partitions: int,
        margin_s: float,
    ) -> None:
        self._db = db
        self._service = service
        self._outbox = outbox
        self._requeue = requeue
        self._publish = publish
        self._metrics = metrics
        self._partitions = partitions
        self._margin = timedelta(seconds=margin_s)
        self.sources: list[Source] = []
        self._seen_written: datetime | None = None

    async def ensure_indexes(self) -> None:
        await self._db[INBOX].create_indexes(
            [
                IndexModel(
                    [
                        ("consumer", ASCENDING),
                        ("topic", ASCENDING),
                        ("partition", ASCENDING),
                        ("sent_at", DESCENDING),
                    ],
                    name="newest_applied",
                )
            ]
        )
        await self._outbox.ensure_recovery_index()

    async def sentinel_seen(self, at: datetime, now: bool = False) -> None:
        """Keep, now and then (`now`: at once), a time at which the broker held our sentinel."""
        recent = self._seen_written is not None and at - self._seen_written < SEEN_WRITE_INTERVAL
        if recent and not now:
            return
        await self._db[BROKER_SEEN].replace_one({"_id": "sentinel"}, {"at": at}, upsert=True)
        self._seen_written = at

    async def first_start(self) -> bool:
        """Whether this service never found its sentinel on any broker."""
        return await self._db[BROKER_SEEN].find_one({"_id": "sentinel"}) is None

    async def _cutoff(self, seen_at: datetime | None) -> datetime | None:
        if seen_at is None:
            kept = await self._db[BROKER_SEEN].find_one({"_id": "sentinel"})
            seen_at = None if kept is None else kept["at"]
        return None if seen_at is None else seen_at - self._margin

    async def missed_since(self, source: Source, cutoff: datetime) -> datetime | None:
        """The earliest send time from which `source` may have missed records; None: all.

        Only marks of records sent before `cutoff` count: a consumer may apply records of the
        new broker before it notices the loss, and those say nothing of the lost ones.
        """
        newest: list[datetime] = []
        for partition in range(self._partitions):
            mark = await self._newest_mark(source, partition, cutoff)
            if mark is None:
                return None
            newest.append(mark)
        return min(newest) - self._margin

    async def _newest_mark(
        self, source: Source, partition: int, cutoff: datetime
    ) -> datetime | None:
        # Widening windows: SecantusDB reads every match of an index range before a limit
        # applies, so one unbounded query would read the partition's whole history.
        for window in LOOKBACK:
            since: dict[str, datetime] = {"$lte": cutoff}
            if window is not None:
                since["$gte"] = cutoff - window
            mark = await self._db[INBOX].find_one(
                {
                    "consumer": source.consumer,
                    "topic": source.topic,
                    "partition": partition,
                    "sent_at": since,
                },
                {"sent_at": 1},
                sort=[("sent_at", DESCENDING)],
            )
            if mark is not None:
                found: datetime = mark["sent_at"]
                return found
        return None

    async def request(self, seen_at: datetime | None) -> int:
        """After a loss: ask every producer for what each group may have missed; returns how
        many requests were sent. `seen_at`: when this process last found its sentinel."""
        cutoff = await self._cutoff(seen_at)
        if cutoff is None:
            # Never saw a broker: a service deployed now reads what the broker holds, and history
            # from before it existed is an operator's republish, as with any broker's retention.
            log.info("first start of %s: no loss to recover from", self._service)
            return 0
        kept = {doc["_id"]: doc async for doc in self._db[RESEND_REQUESTS].find({})}
        by_producer: dict[str, list[ResendPoint]] = {}
        for source in self.sources:
            if source.topic == CONTROL_TOPIC:
                continue
            since = await self.missed_since(source, cutoff)
            earlier = kept.get(f"{source.group}|{source.topic}")
            if earlier is not None:
                since = _older(since, earlier["since"])
            point = ResendPoint(group=source.group, topic=source.topic, since=since)
            by_producer.setdefault(producer_of(source.topic), []).append(point)
        for producer, points in by_producer.items():
            request = ResendControl(
                kind="requested",
                request_id=uuid4(),
                requester=self._service,
                producer=producer,
                points=points,
                at=datetime.now(UTC),
            )
            await self._keep(request)
            await self._publish(request, producer)
            self._metrics.recovery_requests.labels(producer=producer).inc()
            log.warning(
                "asked %s to send again: %s",
                producer,
                ", ".join(
                    f"{p.topic} for {p.group} since {p.since or 'the start'}" for p in points
                ),
            )
        return len(by_producer)

    async def _keep(self, request: ResendControl) -> None:
        await self._db[RESEND_REQUESTS].bulk_write(
            [
                UpdateOne(
                    {"_id": f"{point.group}|{point.topic}"},
                    {"$set": {"since": point.since, "request_id": str(request.request_id)}},
                    upsert=True,
                )
                for point in request.points
            ],
            ordered=False,
        )

    async def handle(self, message: ResendControl) -> None:
        """A request this service can answer, or the answer to one it made."""
        if message.kind == "queued":
            if message.requester == self._service:
                await self._answered(message.request_id, message.points)
            return
        points = [
            point
            for point in message.points
            if message.producer == self._service or await self._outbox.holds(point.topic)
        ]
        if not points:
            return
        queued = await self.resend(points)
        answer = message.model_copy(
            update={"kind": "queued", "points": points, "queued": sum(queued.values())}
        )
        answer = answer.model_copy(update={"at": datetime.now(UTC)})
        await self._publish(answer, message.requester)

    async def resend(self, points: Sequence[ResendPoint]) -> dict[str, int]:
        """Queue again, per topic, what was sent from the oldest point asked."""
        since: dict[str, datetime | None] = {}
        for point in points:
            known = point.topic in since
            since[point.topic] = _older(since[point.topic], point.since) if known else point.since
        queued: dict[str, int] = {}

        async def requeue() -> int:
            for topic, start in since.items():
                queued[topic] = await self._outbox.requeue_sent_since(topic, start)
            return sum(queued.values())

        await self._requeue(requeue)
        groups = sorted({point.group for point in points})
        for topic, count in queued.items():
            self._metrics.records_resent.labels(topic=topic).inc(count)
            log.warning(
                "sending %d records of %s again (since %s) for %s",
                count,
                topic,
                since[topic] or "the start",
                ", ".join(groups),
            )
        return queued

    async def _answered(self, request_id: UUID, points: Sequence[ResendPoint]) -> None:
        await self._db[RESEND_REQUESTS].delete_many(
            {
                "_id": {"$in": [f"{point.group}|{point.topic}" for point in points]},
                "request_id": str(request_id),
            }
        )
