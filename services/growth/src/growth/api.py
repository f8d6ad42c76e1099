"""Growth HTTP routes: what an agency does through the API."""

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel
from relay_contracts import Actor, OrganizationKind
from relay_eventing import UnitOfWork
from relay_eventing.http import ActorDep, forbidden
from relay_eventing.service import RuntimeDep

from growth.model import HandoffOffer
from growth.repository import OfferRepository

router = APIRouter(tags=["handoff offers"])


class OfferView(BaseModel):
    handoff_id: str
    startup_id: str
    district_id: str
    company_name: str
    sector: str
    needs: list[str]
    expires_at: datetime
    status: str

    @classmethod
    def of(cls, offer: HandoffOffer) -> "OfferView":
        return cls(
            handoff_id=offer.handoff_id,
            startup_id=offer.startup_id,
            district_id=offer.district_id,
            company_name=offer.company_name,
            sector=offer.sector,
            needs=offer.needs,
            expires_at=offer.expires_at,
            status=offer.status.value,
        )


def require_agency(actor: Actor) -> str:
    if actor.organization_kind is not OrganizationKind.AGENCY:
        raise forbidden("only a support agency can act on handoff offers")
    return actor.organization_id


@router.get("/offers")
async def list_offers(actor: ActorDep, runtime: RuntimeDep) -> list[OfferView]:
    """The agency's queue: offers made to it, oldest first."""
    agency_id = require_agency(actor)

    async def work(unit: UnitOfWork) -> list[HandoffOffer]:
        return await OfferRepository(unit).for_agency(agency_id)

    return [OfferView.of(offer) for offer in await runtime.transact(work)]
