"""Difficulty tickets: raised, answered and closed, each visible to the three it concerns."""

from growth.domain.difficulties import Ticket
from growth.repository.collections import TICKETS
from growth.repository.store import Documents
from relay_eventing.paging import Page, PageRequest


class Tickets(Documents[Ticket]):
    collection_name = TICKETS
    id_field = "ticket_id"
    model = Ticket

    async def ticket(self, ticket_id: str) -> Ticket | None:
        return await self._get(ticket_id)

    async def add(self, ticket: Ticket) -> None:
        await self._insert(ticket, duplicate="ticket exists")

    async def save(self, ticket: Ticket, read_version: int) -> None:
        await self._replace_if(ticket, {"version": read_version})

    async def page_for(self, organization_id: str, request: PageRequest) -> Page[Ticket]:
        """Tickets the organization raised, answers, or is the company of."""
        query = {
            "$or": [
                {"raised_by": organization_id},
                {"routed_to": organization_id},
                {"startup_id": organization_id},
            ]
        }
        return await self._page(query, request, sort="raised_at")
