"""Kafka entry points of insight: every topic of every producer, each into its own journal.

One subscription per topic, each its own consumer group and its own projection (its journal
collection), so `POST /operations/rebuild/{consumer}` rebuilds one topic's entries without
touching the others'. Every event is handled alike, so one handler serves them all.
"""

from typing import Any

from insight.handlers.record import record_event
from insight.repository import collection_for
from relay_contracts import Envelope, Event
from relay_contracts.registry import ALL_EVENTS
from relay_eventing import ServiceRuntime, UnitOfWork


def consumer_of(event: type[Event]) -> str:
    """`intake.startup-submitted.v1` is consumed by `journal_intake_startup_submitted_v1`."""
    return collection_for(event.topic)


async def on_event(unit: UnitOfWork, envelope: Envelope[Any]) -> None:
    await record_event(unit, envelope)


def register(runtime: ServiceRuntime) -> None:
    """Every subscription of insight: all of `relay_contracts.registry.ALL_EVENTS`."""
    for event in ALL_EVENTS:
        consumer = consumer_of(event)
        runtime.subscribe(
            event,
            consumer,
            on_event,
            projection=(collection_for(event.topic),),
            idempotent=True,
        )


def consumer_groups(service: str) -> dict[str, str]:
    """Consumer group id -> the topic it reads (the runtime names groups `<service>.<consumer>`)."""
    return {f"{service}.{consumer_of(event)}": event.topic for event in ALL_EVENTS}
