"""Routes of the handoff queue: the agency's offers, its answer to each, its startups."""

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from growth.api.callers import AgencyReaderDep, ListFilterDep
from growth.domain.offers import HandoffOffer, LeapStartup, OfferStatus, StartupPicture
from growth.handlers import offers
from growth.repository.offers import Offers, Portfolio
from relay_eventing import UnitOfWork
from relay_eventing.access import AgencyDep
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

router = APIRouter(tags=["handoff offers"])


class OfferView(StartupPicture):
    """An offer, with what the district knew of the startup when it made it."""

    handoff_id: str
    attempt: int
    agency_id: str
    startup_id: str
    district_id: str
    company_name: str
    sector: str
    needs: list[str]
    expires_at: datetime
    received_at: datetime
    status: OfferStatus
    reason: str | None
    answered_at: datetime | None

    @classmethod
    def of(cls, offer: HandoffOffer) -> "OfferView":
        return cls.model_validate(offer.model_dump(include=set(cls.model_fields)))


class Decline(BaseModel):
    reason: str = Field(min_length=3, max_length=2000, description="Why the agency declines.")


@router.get("/offers")
async def list_offers(
    reader: AgencyReaderDep,
    runtime: RuntimeDep,
    page: PageDep,
    narrowed: ListFilterDep,
    status: OfferStatus | None = None,
) -> Page[OfferView]:
    """The agency's queue, offers made to it, newest received first (the program office:
    every agency's); narrowed by startup, company, status and the day it was received."""

    async def work(unit: UnitOfWork) -> Page[HandoffOffer]:
        filters = narrowed if status is None else narrowed.with_status(status.value)
        return await Offers.of(unit).queue_of(reader, filters, page)

    found = await runtime.read(work)
    return Page[OfferView](
        items=[OfferView.of(offer) for offer in found.items], next_cursor=found.next_cursor
    )


@router.get("/offers/{handoff_id}")
async def get_offer(handoff_id: str, reader: AgencyReaderDep, runtime: RuntimeDep) -> OfferView:
    async def work(unit: UnitOfWork) -> HandoffOffer:
        return await Offers.of(unit).made_to(reader, handoff_id)

    return OfferView.of(await runtime.read(work))


@router.post("/offers/{handoff_id}/acceptance")
async def accept_offer(handoff_id: str, agency: AgencyDep, runtime: RuntimeDep) -> OfferView:
    """Accept: the startup becomes one of the agency's leap-stage startups, with its profile,
    KPI history and grants as the district knew them."""

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
    reader: AgencyReaderDep, runtime: RuntimeDep, page: PageDep, narrowed: ListFilterDep
) -> Page[LeapStartup]:
    """The startups this agency accepted, latest accepted first (the program office: every
    agency's); narrowed by startup, company and the day it was accepted."""

    async def work(unit: UnitOfWork) -> Page[LeapStartup]:
        return await Portfolio.of(unit).page_of(reader, narrowed, page)

    return await runtime.read(work)


@router.get("/startups/{startup_id}")
async def get_leap_startup(
    startup_id: str, reader: AgencyReaderDep, runtime: RuntimeDep
) -> LeapStartup:
    """A startup the agency holds: profile, sector, technologies, the district's KPI history
    and every grant it received, from the moment the agency accepted it."""

    async def work(unit: UnitOfWork) -> LeapStartup:
        return await Portfolio.of(unit).held_by(reader, startup_id)

    return await runtime.read(work)
