"""Settlement routes: the district's queue, approval, decline, settlement."""

from datetime import date
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field, model_validator

from incubation.api.deps import DistrictDep
from incubation.domain.cases import CaseStatus, Decline, Residency, SettlementCase
from incubation.handlers import Outcome
from incubation.handlers import settlement as handlers
from incubation.repository.cases import CaseRepository
from relay_contracts.intake import SouthwestDistrict
from relay_eventing import Cause, UnitOfWork
from relay_eventing.http import ActorDep
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

router = APIRouter(tags=["settlement"])


class Approve(BaseModel):
    facility_id: str = Field(min_length=1, description="One of the district's facilities.")
    start_date: date = Field(description="First day the startup occupies its seat or room.")


class DeclineRequest(BaseModel):
    reason: str = Field(min_length=1)
    then: Literal["refer", "return"] = Field(
        description="Refer to another southwest district, or return to the university."
    )
    refer_to: SouthwestDistrict | None = None

    @model_validator(mode="after")
    def referral_names_a_district(self) -> "DeclineRequest":
        if self.then == "refer" and self.refer_to is None:
            raise ValueError("refer_to: a referral names the district it goes to")
        if self.then == "return" and self.refer_to is not None:
            raise ValueError("refer_to: a startup returned to its university is not referred")
        return self


@router.get("/cases")
async def list_cases(
    district_id: DistrictDep, runtime: RuntimeDep, page: PageDep, status: CaseStatus | None = None
) -> Page[SettlementCase]:
    """The district's queue: its cases, including referrals sent to it, by when each was opened."""

    async def work(unit: UnitOfWork) -> Page[SettlementCase]:
        return await CaseRepository(unit).in_district(district_id, page, status)

    return await runtime.transact(work)


@router.get("/cases/{case_id}")
async def get_case(case_id: str, district_id: DistrictDep, runtime: RuntimeDep) -> SettlementCase:
    """One of the district's cases."""

    async def work(unit: UnitOfWork) -> SettlementCase:
        return await handlers.load_case(unit, case_id, district_id)

    return await runtime.transact(work)


async def _decide(runtime: RuntimeDep, decide: handlers.Decision) -> SettlementCase:
    async def work(unit: UnitOfWork) -> SettlementCase:
        outcome: Outcome[SettlementCase] = await decide(unit)
        unit.emit(*outcome.events)
        return outcome.value

    return await runtime.transact(work)


@router.post("/cases/{case_id}/approval")
async def approve(
    case_id: str, body: Approve, actor: ActorDep, district_id: DistrictDep, runtime: RuntimeDep
) -> SettlementCase:
    """Approve settlement and assign the next free seat or room of a facility."""
    return await _decide(
        runtime,
        lambda unit: handlers.approve_settlement(
            unit, case_id, district_id, body.facility_id, body.start_date, Cause.request(actor)
        ),
    )


@router.post("/cases/{case_id}/decline")
async def decline(
    case_id: str,
    body: DeclineRequest,
    actor: ActorDep,
    district_id: DistrictDep,
    runtime: RuntimeDep,
) -> SettlementCase:
    """Decline with a reason, then refer to another district or return to the university."""
    decided = Decline(
        reason=body.reason,
        outcome="referred" if body.then == "refer" else "returned",
        referred_to=body.refer_to,
    )
    return await _decide(
        runtime,
        lambda unit: handlers.decline_settlement(
            unit, case_id, district_id, decided, Cause.request(actor)
        ),
    )


@router.post("/cases/{case_id}/settlement")
async def settle(
    case_id: str, body: Residency, actor: ActorDep, district_id: DistrictDep, runtime: RuntimeDep
) -> SettlementCase:
    """Record the residency: registered address, move-in date, minimum stay."""
    return await _decide(
        runtime,
        lambda unit: handlers.settle_startup(
            unit, case_id, district_id, body, Cause.request(actor)
        ),
    )
