"""KPI snapshots of leap-stage startups, with growth rates and the gazelle flag."""

from datetime import UTC, datetime
from typing import Any

from growth.adapters import collections as c
from growth.domain.outcomes import GrowthRates, KpiFigures, Snapshot, growth_rates
from growth.handlers.access import leap_startup
from relay_contracts import Actor, Envelope
from relay_contracts.growth import OutcomeSnapshotRecorded
from relay_eventing import Cause, UnitOfWork, new_event

Events = list[Envelope[Any]]


async def history(unit: UnitOfWork, agency_id: str, startup_id: str) -> list[Snapshot]:
    await leap_startup(unit, agency_id, startup_id)
    return await c.snapshots(unit).find(
        {"agency_id": agency_id, "startup_id": startup_id}, sort="as_of"
    )


async def record_snapshot(
    unit: UnitOfWork, actor: Actor, startup_id: str, figures: KpiFigures
) -> tuple[Snapshot, GrowthRates, Events]:
    agency_id = actor.organization_id
    earlier = await history(unit, agency_id, startup_id)
    snapshot = Snapshot(
        **figures.model_dump(),
        snapshot_id=f"{agency_id}:{startup_id}:{figures.as_of.isoformat()}",
        agency_id=agency_id,
        startup_id=startup_id,
        recorded_at=datetime.now(UTC),
    )
    rates = growth_rates(snapshot, list(earlier))
    await c.snapshots(unit).insert(
        snapshot, duplicate=f"a snapshot of {startup_id} as of {figures.as_of} exists"
    )
    event = new_event(
        OutcomeSnapshotRecorded(
            agency_id=agency_id,
            as_of=figures.as_of,
            employees=figures.employees,
            revenue_krw=figures.revenue_krw,
            investment_raised_krw=figures.investment_raised_krw,
            ip_registered=figures.ip_registered,
            exports_krw=figures.exports_krw,
            operating=figures.operating,
            gazelle=rates.gazelle,
        ),
        startup_id=startup_id,
        cause=Cause.request(actor),
    )
    return snapshot, rates, [event]
