"""Firms' open innovation needs and the outcomes of the meetings they led to."""

from growth.domain.matching import InnovationOutcome, Need
from growth.repository.collections import INNOVATION_OUTCOMES, NEEDS
from growth.repository.store import Documents
from relay_eventing.paging import Page, PageRequest


class Needs(Documents[Need]):
    collection_name = NEEDS
    id_field = "need_id"
    model = Need

    async def need(self, need_id: str) -> Need | None:
        return await self._get(need_id)

    async def publish(self, need: Need) -> None:
        await self._insert(need, duplicate="need exists")

    async def page(self, request: PageRequest) -> Page[Need]:
        return await self._page({}, request, sort="published_at")


class InnovationOutcomes(Documents[InnovationOutcome]):
    collection_name = INNOVATION_OUTCOMES
    id_field = "outcome_id"
    model = InnovationOutcome

    async def add(self, outcome: InnovationOutcome) -> None:
        await self._insert(outcome, duplicate="outcome exists")

    async def page_of(
        self, need_id: str, agency_id: str, request: PageRequest
    ) -> Page[InnovationOutcome]:
        query = {"need_id": need_id, "agency_id": agency_id}
        return await self._page(query, request, sort="met_on")
