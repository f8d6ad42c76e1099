"""Routes of the handoff queue: the agency's offers, and its answer to each."""

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from growth.api.deps import AgencyDep
from growth.domain.offers import HandoffOffer, LeapStartup, OfferStatus
from growth.handlers import offers
from growth.handlers.access import leap_startup, offer_for
from growth.repository.offers import Offers, Portfolio
from relay_eventing import UnitOfWork
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

router = APIRouter(tags=["handoff offers"])


class OfferView(BaseModel):
    handoff_id: str
    attempt: int
    startup_id: str
    district_id: str
    company_name: str
    sector: str
    needs: list[str]
    expires_at: datetime
    status: str
    reason: str | None
    answered_at: datetime | None

    @classmethod
    def of(cls, offer: HandoffOffer) -> "OfferView":
        return cls(**offer.model_dump(include=set(cls.model_fields)))


class Decline(BaseModel):
    reason: str = Field(min_length=3, max_length=2000, description="Why the agency declines.")


@router.get("/offers")
async def list_offers(
    agency: AgencyDep, runtime: RuntimeDep, page: PageDep, status: OfferStatus | None = None
) -> Page[OfferView]:
    """The agency's queue: offers made to it, newest received first."""

    async def work(unit: UnitOfWork) -> Page[HandoffOffer]:
        return await Offers.of(unit).queue_of(agency.organization_id, status, page)

    found = await runtime.transact(work)
    return Page[OfferView](
        items=[OfferView.of(offer) for offer in found.items], next_cursor=found.next_cursor
    )


@router.get("/offers/{handoff_id}")
async def get_offer(handoff_id: str, agency: AgencyDep, runtime: RuntimeDep) -> OfferView:
    async def work(unit: UnitOfWork) -> HandoffOffer:
        return await offer_for(unit, agency.organization_id, handoff_id)

    return OfferView.of(await runtime.transact(work))


@router.post("/offers/{handoff_id}/acceptance")
async def accept_offer(handoff_id: str, agency: AgencyDep, runtime: RuntimeDep) -> OfferView:
    """Accept: the startup becomes one of the agency's leap-stage startups."""

    async def work(unit: UnitOfWork) -> HandoffOffer:
        accepted, events = await offers.accept_offer(unit, agency, handoff_id)
        unit.emit(*events)
        return accepted

    return OfferView.of(await runtime.transact(work))


@router.post("/offers/{handoff_id}/decline")
async def decline_offer(
    handoff_id: str, body: Decline, agency: AgencyDep, runtime: RuntimeDep
) -> OfferView:
    async def work(unit: UnitOfWork) -> HandoffOffer:
        declined, events = await offers.decline_offer(unit, agency, handoff_id, body.reason)
        unit.emit(*events)
        return declined

    return OfferView.of(await runtime.transact(work))


@router.get("/startups")
async def list_leap_startups(
    agency: AgencyDep, runtime: RuntimeDep, page: PageDep
) -> Page[LeapStartup]:
    """The startups this agency accepted, latest accepted first."""

    async def work(unit: UnitOfWork) -> Page[LeapStartup]:
        return await Portfolio.of(unit).page_of(agency.organization_id, page)

    return await runtime.transact(work)


@router.get("/startups/{startup_id}")
async def get_leap_startup(startup_id: str, agency: AgencyDep, runtime: RuntimeDep) -> LeapStartup:
    async def work(unit: UnitOfWork) -> LeapStartup:
        return await leap_startup(unit, agency.organization_id, startup_id)

    return await runtime.transact(work)
