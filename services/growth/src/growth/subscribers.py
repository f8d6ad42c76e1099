"""Kafka entry points of growth: what it consumes, and the handler each event goes to."""

from typing import Any

from relay_contracts import Envelope
from relay_contracts.incubation import GrowthHandoffOffered
from relay_eventing import ServiceRuntime, UnitOfWork

from growth import handlers


async def on_growth_handoff_offered(unit: UnitOfWork, envelope: Envelope[Any]) -> None:
    unit.emit(*await handlers.record_handoff_offer(unit, envelope))


def register(runtime: ServiceRuntime) -> None:
    runtime.subscribe(GrowthHandoffOffered, "record_handoff_offer", on_growth_handoff_offered)
