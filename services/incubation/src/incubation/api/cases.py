"""Settlement routes: the district's queue, approval, decline, settlement."""

from typing import Annotated, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field, model_validator

from incubation.api.callers import (
    CaseFilterDep,
    DistrictReaderDep,
    Id,
    WindowDep,
    created,
)
from incubation.domain.bounds import ProgramDate, Reason, Text
from incubation.domain.cases import Decline, Residency, SettlementCase
from incubation.handlers import Outcome
from incubation.handlers import settlement as handlers
from relay_contracts.intake import SouthwestDistrict
from relay_eventing import UnitOfWork
from relay_eventing.access import DistrictDep
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

router = APIRouter(tags=["settlement"])

BackdateReason = Annotated[
    Reason | None,
    Field(
        description="Why the day lies further back than the service's backdate_days: required "
        "then, stored and carried in the event.",
        examples=["approved on paper at the October committee; entered late"],
    ),
]


class Approve(BaseModel):
    facility_id: str = Field(
        min_length=1, max_length=100, description="One of the district's facilities."
    )
    start_date: ProgramDate = Field(
        description="First day the startup occupies its seat or room: not before it graduated, "
        "not in the future."
    )
    backdate_reason: BackdateReason = None


class DeclineRequest(BaseModel):
    reason: Reason
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


class Settle(BaseModel):
    registered_address: Text = Field(description="Registered address; it names the district.")
    moved_in_on: ProgramDate = Field(
        description="Move-in: not before the seat's start date, not in the future."
    )
    minimum_stay_months: int = Field(ge=0, le=240)
    backdate_reason: BackdateReason = None


@router.get("/cases")
async def list_cases(
    actor: DistrictReaderDep, runtime: RuntimeDep, page: PageDep, narrowed: CaseFilterDep
) -> Page[SettlementCase]:
    """The district's queue, including referrals sent to it, by when each case was opened.

    An officer who knows the startup finds its case directly: by `startup_id`,
    `business_registration_number`, `company_name` (prefix, any case), `status`, or the days
    it was opened (`from`, `to`). The program office reads every district's (`district_id`).
    """

    async def work(unit: UnitOfWork) -> Page[SettlementCase]:
        return await handlers.find_cases(unit, actor, narrowed, page)

    return await runtime.read(work)


@router.get("/cases/{case_id}")
async def get_case(case_id: Id, actor: DistrictReaderDep, runtime: RuntimeDep) -> SettlementCase:
    """One of the district's cases."""

    async def work(unit: UnitOfWork) -> SettlementCase:
        return await handlers.read_case(unit, actor, case_id)

    return await runtime.read(work)


async def _decide(runtime: RuntimeDep, decide: handlers.Decision) -> SettlementCase:
    async def work(unit: UnitOfWork) -> SettlementCase:
        outcome: Outcome[SettlementCase] = await decide(unit)
        unit.emit(*outcome.events)
        return outcome.value

    return await runtime.transact(work)


@router.post("/cases/{case_id}/approval", status_code=201)
async def approve(
    case_id: Id,
    body: Approve,
    actor: DistrictDep,
    runtime: RuntimeDep,
    window: WindowDep,
    response: Response,
) -> SettlementCase:
    """Approve settlement and assign the next free seat or room of a facility.

    Creates the placement, shown on the case (`Location`).
    """
    case = await _decide(
        runtime,
        lambda unit: handlers.approve_settlement(
            unit, actor, case_id, body.facility_id, body.start_date, body.backdate_reason, window
        ),
    )
    created(response, f"/cases/{case.case_id}")
    return case


@router.post("/cases/{case_id}/decline")
async def decline(
    case_id: Id, body: DeclineRequest, actor: DistrictDep, runtime: RuntimeDep
) -> SettlementCase:
    """Decline with a reason, then refer to another district or return to the university."""
    decided = Decline(
        reason=body.reason,
        outcome="referred" if body.then == "refer" else "returned",
        referred_to=body.refer_to,
    )
    return await _decide(
        runtime, lambda unit: handlers.decline_settlement(unit, actor, case_id, decided)
    )


@router.post("/cases/{case_id}/settlement", status_code=201)
async def settle(
    case_id: Id,
    body: Settle,
    actor: DistrictDep,
    runtime: RuntimeDep,
    window: WindowDep,
    response: Response,
) -> SettlementCase:
    """Record the residency: registered address, move-in date, minimum stay.

    Creates the residency, shown on the case (`Location`).
    """
    residency = Residency.model_validate(body.model_dump())
    case = await _decide(
        runtime, lambda unit: handlers.settle_startup(unit, actor, case_id, residency, window)
    )
    created(response, f"/cases/{case.case_id}")
    return case
