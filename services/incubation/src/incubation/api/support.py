"""Support routes: grants against program budgets, the benefit ledger, the duplicate rules."""

from datetime import date

from fastapi import APIRouter, status
from pydantic import BaseModel, Field, model_validator

from incubation.api.deps import DistrictDep
from incubation.domain.ledger import RULES, LedgerEntry
from incubation.domain.reference import DistrictSupportKind
from incubation.handlers import support as handlers
from relay_eventing import Cause, UnitOfWork
from relay_eventing.http import ActorDep
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

router = APIRouter(tags=["support"])


class GrantRequest(BaseModel):
    program_id: str = Field(min_length=1)
    kind: DistrictSupportKind
    amount_krw: int = Field(ge=0, description="Money granted, in KRW (0 for in-kind support).")
    period_start: date = Field(description="First day covered; its year's budget pays.")
    period_end: date

    @model_validator(mode="after")
    def period_runs_forward(self) -> "GrantRequest":
        if self.period_end < self.period_start:
            raise ValueError("period_end: the period ends before it starts")
        return self


class RuleView(BaseModel):
    kind: str
    conflicts_with: list[str]
    period: str
    institutions: str
    why: str


@router.post("/cases/{case_id}/grants", status_code=status.HTTP_201_CREATED)
async def grant(
    case_id: str,
    body: GrantRequest,
    actor: ActorDep,
    district_id: DistrictDep,
    runtime: RuntimeDep,
) -> LedgerEntry:
    """Grant support; refused (409) when the budget or a duplicate-benefit rule says no."""

    async def work(unit: UnitOfWork) -> LedgerEntry:
        outcome = await handlers.grant_support(
            unit,
            case_id,
            district_id,
            program_id=body.program_id,
            kind=body.kind,
            amount_krw=body.amount_krw,
            period_start=body.period_start,
            period_end=body.period_end,
            cause=Cause.request(actor),
        )
        unit.emit(*outcome.events)
        return outcome.value

    return await runtime.transact(work)


@router.get("/startups/{startup_id}/ledger")
async def ledger(
    startup_id: str, district_id: DistrictDep, runtime: RuntimeDep, page: PageDep
) -> Page[LedgerEntry]:
    """Every support the startup received, from any institution, by when it was recorded."""

    async def work(unit: UnitOfWork) -> Page[LedgerEntry]:
        return await handlers.ledger_of(unit, startup_id, district_id, page)

    return await runtime.transact(work)


@router.get("/benefit-rules")
async def benefit_rules(_: DistrictDep) -> list[RuleView]:
    """The duplicate-benefit rule table."""
    return [
        RuleView(
            kind=rule.kind,
            conflicts_with=sorted(rule.conflicts_with),
            period=rule.period,
            institutions=rule.institutions,
            why=rule.why,
        )
        for rule in RULES
    ]
