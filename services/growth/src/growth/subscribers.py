"""Kafka entry points of growth: what it consumes, and the handler each event goes to."""

from typing import Any

from growth.handlers import holders, offers
from relay_contracts import Envelope
from relay_contracts.incubation import (
    GrowthHandoffExpired,
    GrowthHandoffOffered,
    SettlementCaseOpened,
)
from relay_contracts.intake import StartupsMerged, StartupSubmitted
from relay_eventing import ServiceRuntime, UnitOfWork


async def on_growth_handoff_offered(unit: UnitOfWork, envelope: Envelope[Any]) -> None:
    unit.emit(*await offers.record_handoff_offer(unit, envelope))


async def on_growth_handoff_expired(unit: UnitOfWork, envelope: Envelope[Any]) -> None:
    unit.emit(*await offers.expire_handoff_offer(unit, envelope))


async def on_startups_merged(unit: UnitOfWork, envelope: Envelope[Any]) -> None:
    unit.emit(*await offers.repoint_merged_startup(unit, envelope))


async def on_startup_submitted(unit: UnitOfWork, envelope: Envelope[Any]) -> None:
    unit.emit(*await holders.record_university_holder(unit, envelope))


async def on_settlement_case_opened(unit: UnitOfWork, envelope: Envelope[Any]) -> None:
    unit.emit(*await holders.record_district_holder(unit, envelope))


def register(runtime: ServiceRuntime) -> None:
    runtime.subscribe(
        GrowthHandoffOffered, "record_handoff_offer", on_growth_handoff_offered, idempotent=True
    )
    runtime.subscribe(GrowthHandoffExpired, "expire_handoff_offer", on_growth_handoff_expired)
    runtime.subscribe(StartupsMerged, "repoint_merged_startup", on_startups_merged)
    # Who holds a startup: its university and its district, so either may raise difficulties
    # for it and sees the tickets about it.
    runtime.subscribe(
        StartupSubmitted, "record_university_holder", on_startup_submitted, idempotent=True
    )
    runtime.subscribe(
        SettlementCaseOpened,
        "record_district_holder",
        on_settlement_case_opened,
        idempotent=True,
    )
