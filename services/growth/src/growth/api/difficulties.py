"""Routes of difficulty tickets (애로사항): raise, see, answer, close."""

from datetime import UTC, datetime

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from growth.domain.difficulties import Ticket
from growth.handlers import difficulties
from growth.settings import settings_of
from relay_contracts import OrganizationKind
from relay_contracts.growth import DifficultyCategory
from relay_eventing import UnitOfWork
from relay_eventing.errors import InvalidField
from relay_eventing.http import ActorDep
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

router = APIRouter(prefix="/difficulties", tags=["difficulty tickets"])


class NewDifficulty(BaseModel):
    category: DifficultyCategory
    description: str = Field(min_length=3, max_length=4000)
    startup_id: str | None = Field(
        default=None, description="The startup; required when an institution raises it."
    )


class Answer(BaseModel):
    answer: str = Field(min_length=1, max_length=4000)


class TicketView(BaseModel):
    ticket: Ticket
    age_s: float
    overdue: bool


def view(ticket: Ticket, runtime: RuntimeDep) -> TicketView:
    now = datetime.now(UTC)
    limit = settings_of(runtime).difficulty_answer_within_s
    return TicketView(ticket=ticket, age_s=ticket.age_s(now), overdue=ticket.overdue(now, limit))


@router.post("", status_code=status.HTTP_201_CREATED)
async def raise_difficulty(body: NewDifficulty, actor: ActorDep, runtime: RuntimeDep) -> TicketView:
    """Raised by the company, or by an institution on its behalf; routed by its category."""
    if actor.organization_kind is not OrganizationKind.STARTUP and body.startup_id is None:
        raise InvalidField(("body", "startup_id"), "required when an institution raises it")

    async def work(unit: UnitOfWork) -> Ticket:
        ticket, events = await difficulties.raise_difficulty(
            unit, actor, body.startup_id, body.category, body.description
        )
        unit.emit(*events)
        return ticket

    return view(await runtime.transact(work), runtime)


@router.get("")
async def list_difficulties(
    actor: ActorDep, runtime: RuntimeDep, page: PageDep
) -> Page[TicketView]:
    """Tickets raised by, routed to, or about the caller, with age and the overdue flag;
    newest raised first."""

    async def work(unit: UnitOfWork) -> Page[Ticket]:
        return await difficulties.tickets_for(unit, actor.organization_id, page)

    found = await runtime.transact(work)
    return Page[TicketView](
        items=[view(ticket, runtime) for ticket in found.items], next_cursor=found.next_cursor
    )


@router.get("/{ticket_id}")
async def get_difficulty(ticket_id: str, actor: ActorDep, runtime: RuntimeDep) -> TicketView:
    async def work(unit: UnitOfWork) -> Ticket:
        return await difficulties.ticket_for(unit, actor.organization_id, ticket_id)

    return view(await runtime.transact(work), runtime)


@router.post("/{ticket_id}/answer")
async def answer_difficulty(
    ticket_id: str, body: Answer, actor: ActorDep, runtime: RuntimeDep
) -> TicketView:
    """Only the institution the ticket is routed to answers it."""

    async def work(unit: UnitOfWork) -> Ticket:
        return await difficulties.answer_difficulty(unit, actor, ticket_id, body.answer)

    return view(await runtime.transact(work), runtime)


@router.post("/{ticket_id}/closure")
async def close_difficulty(ticket_id: str, actor: ActorDep, runtime: RuntimeDep) -> TicketView:
    """Close an answered ticket; this is when `DifficultyResolved` is published."""

    async def work(unit: UnitOfWork) -> Ticket:
        ticket, events = await difficulties.close_difficulty(unit, actor, ticket_id)
        unit.emit(*events)
        return ticket

    return view(await runtime.transact(work), runtime)
