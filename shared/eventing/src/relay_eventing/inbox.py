"""The inbox: a consumed event is applied once in effect, however often it is delivered.

Its mark `(consumer, event_id)` is inserted in the same transaction as the state the event
changes and the events it causes; a second delivery meets the unique `_id` and changes nothing.
The mark also names where the record came from (topic, partition, the broker timestamp of the
send): after a broker loss, that is what tells a consumer what it may have missed
(`relay_eventing.recovery`), at no extra write.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from prometheus_client import Counter
from structlog.contextvars import bound_contextvars

from relay_contracts import Envelope
from relay_eventing.outbox import RESENT_HEADER

if TYPE_CHECKING:
    from relay_eventing.unit_of_work import Transactor, UnitOfWork

log = logging.getLogger(__name__)

INBOX = "inbox"

EventHandler = Callable[["UnitOfWork", Envelope[Any]], Awaitable[None]]


class AlreadyApplied(Exception):
    """The consumed event was applied before: its inbox mark exists."""


@dataclass(frozen=True)
class RecordSource:
    """Where a consumed record was read: its topic, partition and the time it was sent."""

    topic: str
    partition: int
    sent_at: datetime
    # Queued again by its producer (`RESENT_HEADER`); not kept in the mark.
    resent: bool = False


def record_source(message: Any) -> RecordSource | None:
    """Topic, partition and send time of a consumed Kafka message, for its inbox mark."""
    record = getattr(message, "raw_message", None)
    timestamp = getattr(record, "timestamp", None)
    if record is None or not isinstance(timestamp, int):
        return None
    # A timestamp from the future must not move a recovery point forward.
    sent_at = min(datetime.fromtimestamp(timestamp / 1000, UTC), datetime.now(UTC))
    resent = any(key == RESENT_HEADER for key, _ in getattr(record, "headers", None) or ())
    return RecordSource(record.topic, record.partition, sent_at, resent)


@dataclass(frozen=True)
class InboxMark:
    """The record that a consumer applied an event, written with the state it changed."""

    consumer: str
    event_id: str
    occurred_at: datetime
    source: RecordSource | None = None

    def document(self) -> dict[str, Any]:
        document = {
            "_id": f"{self.consumer}|{self.event_id}",
            "consumer": self.consumer,
            "event_id": self.event_id,
            "occurred_at": self.occurred_at,
            "applied_at": datetime.now(UTC),
        }
        if self.source is not None:
            document["topic"] = self.source.topic
            document["partition"] = self.source.partition
            document["sent_at"] = self.source.sent_at
        return document


class Inbox:
    """Runs a subscriber's handler in a transaction keyed by (consumer, event_id)."""

    def __init__(self, transactor: Transactor, service: str, duplicates: Counter) -> None:
        self._transactor = transactor
        self._service = service
        self._duplicates = duplicates

    async def apply(
        self,
        consumer: str,
        envelope: Envelope[Any],
        handler: EventHandler,
        *,
        emits: bool = True,
        idempotent: bool = False,
        source: RecordSource | None = None,
    ) -> bool:
        """Apply once; returns False when the event had already been applied.

        An `idempotent` handler runs without a transaction (`Transactor.run_idempotent`).
        """

        async def work(unit: UnitOfWork) -> None:
            await handler(unit, envelope)
            if unit.events and not emits:
                raise TypeError(f"projection {consumer} must not emit events")

        mark = InboxMark(
            f"{self._service}.{consumer}", str(envelope.event_id), envelope.occurred_at, source
        )
        if source is not None and source.resent and await self._transactor.applied(mark):
            # A record sent again after a broker loss was most likely applied: one read
            # absorbs it, where running the handler would cost its reads and writes first.
            self._duplicates.labels(consumer=mark.consumer).inc()
            log.info("absorbed re-sent %s %s", envelope.event_type, envelope.event_id)
            return False
        with bound_contextvars(
            startup_id=envelope.startup_id,
            event_id=str(envelope.event_id),
            event_type=envelope.event_type,
            correlation_id=str(envelope.correlation_id),
            causation_id=str(envelope.causation_id) if envelope.causation_id else None,
        ):
            try:
                if idempotent:
                    await self._transactor.run_idempotent(work, inbox=mark)
                else:
                    await self._transactor.run(work, inbox=mark)
            except AlreadyApplied:
                self._duplicates.labels(consumer=mark.consumer).inc()
                log.info("absorbed duplicate %s %s", envelope.event_type, envelope.event_id)
                return False
            log.info("applied %s for %s", envelope.event_type, mark.consumer)
            return True
