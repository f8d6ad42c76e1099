"""Routes of difficulty tickets (애로사항): raise, see, answer, close."""

from datetime import UTC, datetime

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, Field

from growth.api.callers import DatedFilterDep, TicketRaiserDep, TicketReaderDep, created
from growth.domain.difficulties import Ticket, TicketStatus
from growth.handlers import difficulties
from growth.repository.difficulties import Tickets
from growth.settings import settings_of
from relay_eventing import UnitOfWork
from relay_eventing.access import AgencyDep
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

router = APIRouter(prefix="/difficulties", tags=["difficulty tickets"])


class NewDifficulty(BaseModel):
    category: str = Field(
        min_length=1,
        max_length=40,
        description="A difficulty category of the reference data (GET /difficulty-categories).",
        examples=["funding"],
    )
    description: str = Field(min_length=3, max_length=4000)
    startup_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="The startup; required when an institution raises it for one it holds.",
    )


class Answer(BaseModel):
    answer: str = Field(min_length=1, max_length=4000)


class TicketView(Ticket):
    """A ticket with its age and whether it is overdue."""

    age_s: float
    overdue: bool


def view(ticket: Ticket, runtime: RuntimeDep) -> TicketView:
    now = datetime.now(UTC)
    limit = settings_of(runtime).difficulty_answer_within_s
    return TicketView(
        **ticket.model_dump(), age_s=ticket.age_at(now), overdue=ticket.overdue_at(now, limit)
    )


@router.post("", status_code=status.HTTP_201_CREATED)
async def raise_difficulty(
    body: NewDifficulty, raiser: TicketRaiserDep, runtime: RuntimeDep, response: Response
) -> TicketView:
    """Raised by the company, or by the university, district or agency holding it; answered
    by the agency holding the startup, or by its category's desk when none does."""

    async def work(unit: UnitOfWork) -> Ticket:
        ticket, events = await difficulties.raise_difficulty(
            unit, raiser, body.startup_id, body.category, body.description
        )
        unit.emit(*events)
        return ticket

    ticket = await runtime.transact(work)
    created(response, f"/difficulties/{ticket.ticket_id}")
    return view(ticket, runtime)


@router.get("")
async def list_difficulties(
    reader: TicketReaderDep,
    runtime: RuntimeDep,
    page: PageDep,
    narrowed: DatedFilterDep,
    status: TicketStatus | None = None,
) -> Page[TicketView]:
    """Tickets raised by, routed to, or about the caller or a startup it holds (the program
    office: all), with age and the overdue flag; newest raised first."""

    async def work(unit: UnitOfWork) -> Page[Ticket]:
        filters = narrowed if status is None else narrowed.with_status(status.value)
        return await difficulties.tickets_for(unit, reader, filters, page)

    found = await runtime.read(work)
    return Page[TicketView](
        items=[view(ticket, runtime) for ticket in found.items], next_cursor=found.next_cursor
    )


@router.get("/{ticket_id}")
async def get_difficulty(
    ticket_id: str, reader: TicketReaderDep, runtime: RuntimeDep
) -> TicketView:
    async def work(unit: UnitOfWork) -> Ticket:
        return await Tickets.of(unit).visible_to(reader, ticket_id)

    return view(await runtime.read(work), runtime)


@router.post("/{ticket_id}/answer")
async def answer_difficulty(
    ticket_id: str, body: Answer, agency: AgencyDep, runtime: RuntimeDep
) -> TicketView:
    """Only the agency the ticket is routed to answers it."""

    async def work(unit: UnitOfWork) -> Ticket:
        return await difficulties.answer_difficulty(unit, agency, ticket_id, body.answer)

    return view(await runtime.transact(work), runtime)


@router.post("/{ticket_id}/closure")
async def close_difficulty(
    ticket_id: str, closer: TicketRaiserDep, runtime: RuntimeDep
) -> TicketView:
    """Close an answered ticket; this is when `DifficultyResolved` is published."""

    async def work(unit: UnitOfWork) -> Ticket:
        ticket, events = await difficulties.close_difficulty(unit, closer, ticket_id)
        unit.emit(*events)
        return ticket

    return view(await runtime.transact(work), runtime)
