"""Firms' open innovation needs and the outcomes of the meetings they led to."""

from growth.domain.matching import InnovationOutcome, Need
from growth.repository.collections import INNOVATION_OUTCOMES, NEEDS
from growth.repository.store import Documents, agency_scope
from relay_contracts import Actor
from relay_eventing.errors import NotFound
from relay_eventing.paging import Page, PageRequest


class Needs(Documents[Need]):
    collection_name = NEEDS
    id_field = "need_id"
    model = Need

    async def need(self, need_id: str) -> Need:
        """Every firm's needs are open to every agency and the program office."""
        found = await self._get(need_id)
        if found is None:
            raise NotFound(f"need {need_id}")
        return found

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

    async def recorded_by(self, actor: Actor, need_id: str, outcome_id: str) -> InnovationOutcome:
        """An outcome of the need the caller's agency recorded (the program office: any)."""
        found = await self._one({"_id": outcome_id, "need_id": need_id, **agency_scope(actor)})
        if found is None:
            raise NotFound(f"outcome {outcome_id}")
        return found

    async def page_of(
        self, actor: Actor, need_id: str, request: PageRequest
    ) -> Page[InnovationOutcome]:
        """The outcomes the caller's agency recorded (the program office: every agency's)."""
        query = {"need_id": need_id, **agency_scope(actor)}
        return await self._page(query, request, sort="met_on")
