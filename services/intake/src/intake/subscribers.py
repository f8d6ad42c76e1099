"""Kafka entry points of intake: what it consumes, and the handler each event goes to."""

from typing import Any

from intake.handlers.graduate import take_back_returned_startup
from relay_contracts import Envelope
from relay_contracts.incubation import StartupReturnedToUniversity
from relay_eventing import ServiceRuntime, UnitOfWork


async def on_startup_returned_to_university(unit: UnitOfWork, envelope: Envelope[Any]) -> None:
    await take_back_returned_startup(unit, envelope)


def register(runtime: ServiceRuntime) -> None:
    """Every subscription of intake, in one visible list."""
    runtime.subscribe(
        StartupReturnedToUniversity, "returned_to_university", on_startup_returned_to_university
    )
