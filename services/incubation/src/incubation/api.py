"""Incubation HTTP routes: what a district does through the API."""

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from pydantic import BaseModel, Field
from relay_contracts import Actor, OrganizationKind
from relay_contracts.incubation import GrowthNeed
from relay_eventing import Cause, UnitOfWork
from relay_eventing.http import ActorDep, forbidden, not_found
from relay_eventing.service import RuntimeDep

from incubation import handlers
from incubation.model import SettlementCase
from incubation.repository import CaseRepository
from incubation.settings import Settings

router = APIRouter(tags=["settlement cases"])


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.runtime.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


class CaseView(BaseModel):
    case_id: str
    startup_id: str
    district_id: str
    university_id: str
    company_name: str
    sector: str
    status: str
    opened_at: datetime
    handoffs: list[str]

    @classmethod
    def of(cls, case: SettlementCase) -> "CaseView":
        return cls(
            case_id=case.case_id,
            startup_id=case.startup_id,
            district_id=case.district_id,
            university_id=case.university_id,
            company_name=case.company_name,
            sector=case.sector,
            status=case.status.value,
            opened_at=case.opened_at,
            handoffs=case.handoffs,
        )


class OfferHandoff(BaseModel):
    agency_id: str = Field(min_length=1)
    needs: list[GrowthNeed] = Field(min_length=1)


def require_district(actor: Actor) -> str:
    if actor.organization_kind is not OrganizationKind.DISTRICT:
        raise forbidden("only a district office can act on settlement cases")
    return actor.organization_id


@router.get("/cases")
async def list_cases(actor: ActorDep, runtime: RuntimeDep) -> list[CaseView]:
    """The district's queue of settlement cases."""
    district_id = require_district(actor)

    async def work(unit: UnitOfWork) -> list[SettlementCase]:
        return await CaseRepository(unit).in_district(district_id)

    return [CaseView.of(case) for case in await runtime.transact(work)]


@router.post("/cases/{case_id}/handoffs", status_code=status.HTTP_201_CREATED)
async def offer_handoff(
    case_id: str, body: OfferHandoff, actor: ActorDep, runtime: RuntimeDep, settings: SettingsDep
) -> CaseView:
    district_id = require_district(actor)
    answer_within = timedelta(days=settings.handoff_offer_days)

    async def work(unit: UnitOfWork) -> SettlementCase:
        case = await CaseRepository(unit).get(case_id)
        if case is None:
            raise not_found(f"case {case_id}")
        if case.district_id != district_id:
            raise forbidden(f"case {case_id} belongs to another district")
        events = await handlers.offer_growth_handoff(
            unit, case, body.agency_id, tuple(body.needs), answer_within, Cause.request(actor)
        )
        unit.emit(*events)
        return case

    return CaseView.of(await runtime.transact(work))
