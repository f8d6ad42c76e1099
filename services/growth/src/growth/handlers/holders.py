"""Learning who holds a startup from the relay's events, and from the agency's acceptance."""

from datetime import datetime
from typing import Any

from growth.domain.holders import Holding, holding_key
from growth.repository.difficulties import Tickets
from growth.repository.holders import Holders
from growth.repository.offers import StartupAliases
from relay_contracts import Envelope, OrganizationKind
from relay_contracts.incubation import SettlementCaseOpened
from relay_contracts.intake import StartupSubmitted
from relay_eventing import UnitOfWork

Events = list[Envelope[Any]]


async def hold(
    unit: UnitOfWork,
    organization_id: str,
    kind: OrganizationKind,
    startup_id: str,
    since: datetime,
) -> None:
    """The institution holds the startup from now on, and sees the tickets about it.

    Both writes are held for the unit's end and change nothing when repeated, so the holder
    hops run without a transaction (`idempotent` in `subscribers.py`)."""
    holding = Holding(
        holding_id=holding_key(organization_id, startup_id),
        organization_id=organization_id,
        organization_kind=kind,
        startup_id=startup_id,
        since=since,
    )
    Holders.hold_at_end(unit, holding)
    Tickets.add_holder_at_end(unit, startup_id, organization_id)


async def record_university_holder(
    unit: UnitOfWork, submitted: Envelope[StartupSubmitted]
) -> Events:
    """The university that submitted a startup holds it (a duplicate from another university
    makes that one a holder too)."""
    startup_id = await StartupAliases.of(unit).survivor_of(submitted.startup_id)
    university_id = submitted.payload.university_id
    kind = OrganizationKind.UNIVERSITY
    await hold(unit, university_id, kind, startup_id, submitted.occurred_at)
    return []


async def record_district_holder(
    unit: UnitOfWork, opened: Envelope[SettlementCaseOpened]
) -> Events:
    """The district that opened a settlement case for a startup holds it."""
    startup_id = await StartupAliases.of(unit).survivor_of(opened.startup_id)
    district_id = opened.payload.district_id
    await hold(unit, district_id, OrganizationKind.DISTRICT, startup_id, opened.occurred_at)
    return []
