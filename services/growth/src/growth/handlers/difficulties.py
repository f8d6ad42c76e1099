"""Difficulty tickets: raised by a company or for a startup one holds, routed to the right desk,
answered, closed."""

from typing import Any
from uuid import uuid4

from growth.domain import clock
from growth.domain.difficulties import Ticket, desk_for
from growth.repository.difficulties import Tickets
from growth.repository.filters import ListFilter
from growth.repository.holders import Holders
from growth.repository.offers import Portfolio, StartupAliases
from growth.repository.reference import DifficultyCategories
from relay_contracts import Actor, Envelope, OrganizationKind
from relay_contracts.growth import DifficultyRaised, DifficultyResolved
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.errors import InvalidField
from relay_eventing.paging import Page, PageRequest

Events = list[Envelope[Any]]


async def raise_difficulty(
    unit: UnitOfWork,
    actor: Actor,
    startup_id: str | None,
    category_id: str,
    description: str,
) -> tuple[Ticket, Events]:
    """Who may raise a ticket for a startup is who may read it: the company itself, or an
    institution holding it (its university, district or agency). The agency holding the
    startup answers it; the category's desk answers when none does."""
    if startup_id is None:
        if actor.organization_kind is not OrganizationKind.STARTUP:
            raise InvalidField(("body", "startup_id"), "required when an institution raises it")
        startup_id = actor.organization_id
    category = await DifficultyCategories.of(unit).known(category_id, ("body", "category"))
    startup_id = await StartupAliases.of(unit).survivor_of(startup_id)
    holdings = await Holders.of(unit).acting_for(actor, startup_id)
    holding_agency = await Portfolio.of(unit).holding_agency(startup_id)
    ticket = Ticket(
        ticket_id=str(uuid4()),
        startup_id=startup_id,
        category=category.category_id,
        description=description,
        raised_by=actor.organization_id,
        routed_to=desk_for(holding_agency, category.routed_to),
        raised_at=clock.now(),
        holders=[holding.organization_id for holding in holdings],
    )
    await Tickets.of(unit).add(ticket)
    event = new_event(
        DifficultyRaised(
            ticket_id=ticket.ticket_id, category=ticket.category, routed_to=ticket.routed_to
        ),
        startup_id=startup_id,
        cause=Cause.request(actor),
    )
    return ticket, [event]


async def tickets_for(
    unit: UnitOfWork, actor: Actor, narrowed: ListFilter, page: PageRequest
) -> Page[Ticket]:
    """Tickets raised by, routed to, about, or about a startup held by the caller."""
    return await Tickets.of(unit).page_for(actor, narrowed, page)


async def answer_difficulty(unit: UnitOfWork, actor: Actor, ticket_id: str, answer: str) -> Ticket:
    ticket = await Tickets.of(unit).visible_to(actor, ticket_id)
    answered = ticket.answered_with(actor.organization_id, answer, clock.now())
    await Tickets.of(unit).save(answered, ticket.version)
    return answered


async def close_difficulty(unit: UnitOfWork, actor: Actor, ticket_id: str) -> tuple[Ticket, Events]:
    ticket = await Tickets.of(unit).visible_to(actor, ticket_id)
    closed = ticket.closed_by(actor.organization_id, clock.now())
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
