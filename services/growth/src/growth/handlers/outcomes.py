"""KPI snapshots of leap-stage startups, with growth rates and the gazelle flag."""

from datetime import date
from typing import Any

from growth.domain import clock
from growth.domain.outcomes import GrowthRates, KpiFigures, Snapshot, growth_rates
from growth.repository.offers import Portfolio
from growth.repository.outcomes import Snapshots
from relay_contracts import Actor, Envelope
from relay_contracts.growth import OutcomeSnapshotRecorded
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.paging import Page, PageRequest

Events = list[Envelope[Any]]


async def history(
    unit: UnitOfWork, actor: Actor, startup_id: str, page: PageRequest
) -> tuple[Page[Snapshot], list[GrowthRates]]:
    """A page of the startup's snapshots, and the growth of each against the earlier ones."""
    held = await Portfolio.of(unit).held_by(actor, startup_id)
    snapshots = Snapshots.of(unit)
    found = await snapshots.page_of(held, page)
    if not found.items:
        return found, []
    latest = max(snapshot.as_of for snapshot in found.items)
    earlier: list[KpiFigures] = list(await snapshots.history(held, up_to=latest))
    return found, [growth_rates(snapshot, earlier) for snapshot in found.items]


async def snapshot_as_of(
    unit: UnitOfWork, actor: Actor, startup_id: str, as_of: date
) -> tuple[Snapshot, GrowthRates]:
    held = await Portfolio.of(unit).held_by(actor, startup_id)
    snapshots = Snapshots.of(unit)
    snapshot = await snapshots.as_of(held, as_of)
    earlier: list[KpiFigures] = list(await snapshots.history(held, up_to=as_of))
    return snapshot, growth_rates(snapshot, earlier)


async def record_snapshot(
    unit: UnitOfWork, actor: Actor, startup_id: str, figures: KpiFigures
) -> tuple[Snapshot, GrowthRates, Events]:
    """Record the figures of a startup the agency holds; the event carries them in the old
    fields for old readers and in the one KPI vocabulary (`outcomes`)."""
    held = await Portfolio.of(unit).held_by(actor, startup_id)
    earlier = await Snapshots.of(unit).history(held, up_to=figures.as_of)
    snapshot = Snapshot(
        **figures.model_dump(),
        snapshot_id=f"{held.agency_id}:{held.startup_id}:{figures.as_of.isoformat()}",
        agency_id=held.agency_id,
        startup_id=held.startup_id,
        recorded_at=clock.now(),
    )
    rates = growth_rates(snapshot, list(earlier))
    await Snapshots.of(unit).add(snapshot)
    event = new_event(
        OutcomeSnapshotRecorded(
            agency_id=held.agency_id,
            as_of=figures.as_of,
            employees=figures.employees,
            revenue_krw=figures.revenue_krw,
            investment_raised_krw=figures.investment_raised_krw,
            ip_registered=figures.ip_registered,
            exports_krw=figures.exports_krw,
            operating=figures.operating,
            gazelle=rates.gazelle,
            outcomes=figures.outcomes(),
        ),
        startup_id=held.startup_id,
        cause=Cause.request(actor),
    )
    return snapshot, rates, [event]
