"""Difficulty tickets: raised, answered and closed, each visible to the institutions it concerns."""

from typing import Any

from growth.domain.difficulties import Ticket, TicketStatus
from growth.repository.collections import TICKETS
from growth.repository.filters import ListFilter
from growth.repository.store import Documents
from relay_contracts import Actor
from relay_eventing import UnitOfWork
from relay_eventing.access import sees_everything
from relay_eventing.errors import NotFound
from relay_eventing.paging import Page, PageRequest


class Tickets(Documents[Ticket]):
    collection_name = TICKETS
    id_field = "ticket_id"
    model = Ticket

    async def visible_to(self, actor: Actor, ticket_id: str) -> Ticket:
        """A ticket the caller raised, answers, is the company of, or holds the startup of (the
        program office: any); 404 for the rest."""
        found = await self._get(ticket_id)
        if found is None or not (sees_everything(actor) or found.concerns(actor.organization_id)):
            raise NotFound(f"ticket {ticket_id}")
        return found

    async def add(self, ticket: Ticket) -> None:
        await self._insert(ticket, duplicate="ticket exists")

    async def save(self, ticket: Ticket, read_version: int) -> None:
        await self._replace_if(ticket, {"version": read_version})

    async def page_for(
        self, actor: Actor, narrowed: ListFilter, request: PageRequest
    ) -> Page[Ticket]:
        """Tickets the caller raised, answers, is the company of, or holds the startup of."""
        query: dict[str, Any] = narrowed.query("raised_at")
        if not sees_everything(actor):
            mine = actor.organization_id
            concerning = [
                {"raised_by": mine},
                {"routed_to": mine},
                {"startup_id": mine},
                {"holders": mine},
            ]
            query = {"$and": [query, {"$or": concerning}]} if query else {"$or": concerning}
        return await self._page(query, request, sort="raised_at")

    @staticmethod
    def add_holder_at_end(unit: UnitOfWork, startup_id: str, organization_id: str) -> None:
        """An institution that now holds the startup sees the tickets about it; held for the
        unit's end, and repeating it changes nothing."""
        unit.writes.update_many(
            TICKETS, {"startup_id": startup_id}, {"$addToSet": {"holders": organization_id}}
        )

    @staticmethod
    def follow_startup_at_end(unit: UnitOfWork, startup_id: str, agency_id: str) -> None:
        """Open tickets about the startup go to the agency that now holds it (at the unit's
        end: nothing in it reads them back)."""
        unit.writes.update_many(
            TICKETS,
            {
                "startup_id": startup_id,
                "status": TicketStatus.OPEN.value,
                "routed_to": {"$ne": agency_id},
            },
            {"$set": {"routed_to": agency_id}, "$inc": {"version": 1}},
        )
