"""Difficulty tickets: raised by a company or on its behalf, routed, answered, closed."""

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from growth.domain.difficulties import Ticket
from growth.handlers.access import leap_startup
from growth.repository.difficulties import Tickets
from growth.repository.reference import DifficultyRoutes
from relay_contracts import Actor, Envelope, OrganizationKind
from relay_contracts.growth import DifficultyCategory, DifficultyRaised, DifficultyResolved
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.errors import Forbidden, NotFound
from relay_eventing.paging import Page, PageRequest

Events = list[Envelope[Any]]


async def raise_difficulty(
    unit: UnitOfWork,
    actor: Actor,
    startup_id: str | None,
    category: DifficultyCategory,
    description: str,
) -> tuple[Ticket, Events]:
    """A company raises its own; an institution raises one for a startup it works with."""
    if actor.organization_kind is OrganizationKind.STARTUP:
        if startup_id not in (None, actor.organization_id):
            raise Forbidden("a company raises difficulties only for itself")
        startup_id = actor.organization_id
    elif startup_id is None:
        raise Forbidden("an institution names the startup it raises a difficulty for")
    elif actor.organization_kind is OrganizationKind.AGENCY:
        await leap_startup(unit, actor.organization_id, startup_id)
    ticket = Ticket(
        ticket_id=str(uuid4()),
        startup_id=startup_id,
        category=category,
        description=description,
        raised_by=actor.organization_id,
        routed_to=await DifficultyRoutes.of(unit).routed_to(category),
        raised_at=datetime.now(UTC),
    )
    await Tickets.of(unit).add(ticket)
    event = new_event(
        DifficultyRaised(ticket_id=ticket.ticket_id, category=category, routed_to=ticket.routed_to),
        startup_id=startup_id,
        cause=Cause.request(actor),
    )
    return ticket, [event]


async def ticket_for(unit: UnitOfWork, organization_id: str, ticket_id: str) -> Ticket:
    ticket = await Tickets.of(unit).ticket(ticket_id)
    if ticket is None:
        raise NotFound(f"ticket {ticket_id}")
    if not ticket.visible_to(organization_id):
        raise Forbidden(f"ticket {ticket_id} is not yours")
    return ticket


async def tickets_for(unit: UnitOfWork, organization_id: str, page: PageRequest) -> Page[Ticket]:
    """Tickets raised by, routed to, or about the organization."""
    return await Tickets.of(unit).page_for(organization_id, page)


async def answer_difficulty(unit: UnitOfWork, actor: Actor, ticket_id: str, answer: str) -> Ticket:
    ticket = await ticket_for(unit, actor.organization_id, ticket_id)
    answered = ticket.answered_with(actor.organization_id, answer, datetime.now(UTC))
    await Tickets.of(unit).save(answered, ticket.version)
    return answered


async def close_difficulty(unit: UnitOfWork, actor: Actor, ticket_id: str) -> tuple[Ticket, Events]:
    ticket = await ticket_for(unit, actor.organization_id, ticket_id)
    closed = ticket.closed_by(actor.organization_id, datetime.now(UTC))
    await Tickets.of(unit).save(closed, ticket.version)
    event = new_event(
        DifficultyResolved(
            ticket_id=ticket_id,
            answered_by=closed.answered_by or closed.routed_to,
            resolution=closed.answer or "",
        ),
        startup_id=closed.startup_id,
        cause=Cause.request(actor),
    )
    return closed, [event]
