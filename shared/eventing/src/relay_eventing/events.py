"""Making envelopes: ids, time, and the correlation and causation carried from a cause."""

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from relay_contracts import Actor, Envelope, Event

# The business flow the current request belongs to (set from `X-Correlation-Id` by the guards).
correlation: ContextVar[UUID | None] = ContextVar("correlation", default=None)


@dataclass(frozen=True, slots=True)
class Cause:
    """What a new event descends from: a request (no causation) or a consumed event."""

    actor: Actor
    correlation_id: UUID
    causation_id: UUID | None = None

    @classmethod
    def request(cls, actor: Actor, correlation_id: UUID | None = None) -> "Cause":
        """A request's cause: its flow is the one named, else the request's, else a new one."""
        return cls(actor=actor, correlation_id=correlation_id or correlation.get() or uuid4())

    @classmethod
    def event(cls, envelope: Envelope[Any]) -> "Cause":
        return cls(
            actor=envelope.actor,
            correlation_id=envelope.correlation_id,
            causation_id=envelope.event_id,
        )


def new_event(
    payload: Event, *, startup_id: str, cause: Cause, occurred_at: datetime | None = None
) -> Envelope[Any]:
    """Wrap a payload in its envelope, ready for the outbox."""
    return Envelope[Any](
        event_id=uuid4(),
        event_type=payload.event_type(),
        schema_version=payload.schema_version(),
        occurred_at=occurred_at or datetime.now(UTC),
        startup_id=startup_id,
        correlation_id=cause.correlation_id,
        causation_id=cause.causation_id,
        actor=cause.actor,
        payload=payload,
    )


def topic_of(envelope: Envelope[Any]) -> str:
    payload = envelope.payload
    if not isinstance(payload, Event):
        raise TypeError(f"payload of {envelope.event_type} is not an Event")
    return payload.topic
