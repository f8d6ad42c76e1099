"""KPI snapshots of leap-stage startups, with growth rates and the gazelle flag."""

from datetime import UTC, datetime
from typing import Any

from growth.domain.outcomes import GrowthRates, KpiFigures, Snapshot, growth_rates
from growth.handlers.access import leap_startup
from growth.repository.outcomes import Snapshots
from relay_contracts import Actor, Envelope
from relay_contracts.growth import OutcomeSnapshotRecorded
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.paging import Page, PageRequest

Events = list[Envelope[Any]]


async def history(
    unit: UnitOfWork, agency_id: str, startup_id: str, page: PageRequest
) -> tuple[Page[Snapshot], list[GrowthRates]]:
    """A page of the startup's snapshots, and the growth of each against the earlier ones."""
    await leap_startup(unit, agency_id, startup_id)
    snapshots = Snapshots.of(unit)
    found = await snapshots.page_of(agency_id, startup_id, page)
    if not found.items:
        return found, []
    latest = max(snapshot.as_of for snapshot in found.items)
    earlier: list[KpiFigures] = list(await snapshots.history(agency_id, startup_id, up_to=latest))
    return found, [growth_rates(snapshot, earlier) for snapshot in found.items]


async def record_snapshot(
    unit: UnitOfWork, actor: Actor, startup_id: str, figures: KpiFigures
) -> tuple[Snapshot, GrowthRates, Events]:
    agency_id = actor.organization_id
    await leap_startup(unit, agency_id, startup_id)
    earlier = await Snapshots.of(unit).history(agency_id, startup_id, up_to=figures.as_of)
    snapshot = Snapshot(
        **figures.model_dump(),
        snapshot_id=f"{agency_id}:{startup_id}:{figures.as_of.isoformat()}",
        agency_id=agency_id,
        startup_id=startup_id,
        recorded_at=datetime.now(UTC),
    )
    rates = growth_rates(snapshot, list(earlier))
    await Snapshots.of(unit).add(snapshot)
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
