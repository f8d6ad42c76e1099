"""Kafka entry points of incubation: what it consumes, and the handler each event goes to."""

from typing import Any

from relay_contracts import Envelope
from relay_contracts.intake import StartupGraduated
from relay_eventing import ServiceRuntime, UnitOfWork

from incubation import handlers


async def on_startup_graduated(unit: UnitOfWork, envelope: Envelope[Any]) -> None:
    unit.emit(*await handlers.open_settlement_case(unit, envelope))


def register(runtime: ServiceRuntime) -> None:
    runtime.subscribe(StartupGraduated, "open_settlement_case", on_startup_graduated)
