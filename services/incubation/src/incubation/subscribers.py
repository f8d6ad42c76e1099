"""Kafka entry points of incubation: what it consumes, and the handler each event goes to."""

from incubation.handlers import growth, settlement, support
from relay_contracts import Envelope
from relay_contracts.growth import GrowthHandoffAccepted, GrowthHandoffDeclined
from relay_contracts.growth import SupportGranted as AgencySupportGranted
from relay_contracts.intake import StartupGraduated, StartupsMerged
from relay_eventing import ServiceRuntime, UnitOfWork


async def on_startup_graduated(unit: UnitOfWork, envelope: Envelope[StartupGraduated]) -> None:
    unit.emit(*await settlement.open_settlement_case(unit, envelope))


async def on_startups_merged(unit: UnitOfWork, envelope: Envelope[StartupsMerged]) -> None:
    await settlement.repoint_merged_startup(unit, envelope)


async def on_agency_support_granted(
    unit: UnitOfWork, envelope: Envelope[AgencySupportGranted]
) -> None:
    unit.emit(*await support.record_agency_grant(unit, envelope))


async def on_growth_handoff_accepted(
    unit: UnitOfWork, envelope: Envelope[GrowthHandoffAccepted]
) -> None:
    await growth.record_handoff_accepted(unit, envelope)


async def on_growth_handoff_declined(
    unit: UnitOfWork, envelope: Envelope[GrowthHandoffDeclined]
) -> None:
    await growth.record_handoff_declined(unit, envelope)


def register(runtime: ServiceRuntime) -> None:
    """Every subscription of incubation, in one visible list; the consumer names are the Kafka
    groups and inbox keys, so renaming one would apply its events a second time."""
    runtime.subscribe(StartupGraduated, "open_settlement_case", on_startup_graduated)
    runtime.subscribe(StartupsMerged, "repoint_merged_startup", on_startups_merged)
    runtime.subscribe(AgencySupportGranted, "record_agency_grant", on_agency_support_granted)
    runtime.subscribe(GrowthHandoffAccepted, "record_handoff_accepted", on_growth_handoff_accepted)
    runtime.subscribe(GrowthHandoffDeclined, "record_handoff_declined", on_growth_handoff_declined)
