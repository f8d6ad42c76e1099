"""Support routes: the grant form, grants against program budgets, the benefit ledger, the
duplicate rules."""

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field, model_validator

from incubation.api.callers import DistrictReaderDep, Id, created
from incubation.domain.bounds import FIRST_YEAR, LAST_YEAR, Money, ProgramDate, today
from incubation.domain.ledger import RULES, LedgerEntry
from incubation.domain.reference import DistrictSupportKind
from incubation.domain.support import EligibleProgram
from incubation.handlers import support as handlers
from relay_eventing import UnitOfWork
from relay_eventing.access import DistrictDep, ReaderDep
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

router = APIRouter(tags=["support"])


class GrantRequest(BaseModel):
    program_id: str = Field(
        min_length=1, max_length=100, description="One of GET /cases/{id}/eligible-programs."
    )
    kind: DistrictSupportKind
    amount_krw: Money = Field(description="Money granted, in KRW (0 for in-kind support).")
    period_start: ProgramDate = Field(description="First day covered; its year's budget pays.")
    period_end: ProgramDate

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


@router.get("/cases/{case_id}/eligible-programs")
async def eligible_programs(
    case_id: Id,
    actor: DistrictReaderDep,
    runtime: RuntimeDep,
    year: Annotated[
        int | None,
        Query(ge=FIRST_YEAR, le=LAST_YEAR, description="Budget year; this year when empty."),
    ] = None,
) -> list[EligibleProgram]:
    """The grant form: the district's programs this case can be granted support under, with
    each one's budget left for the year (a handful per district, so one answer, not pages)."""

    async def work(unit: UnitOfWork) -> list[EligibleProgram]:
        return await handlers.programs_for_case(unit, actor, case_id, year or today().year)

    return await runtime.read(work)


@router.post("/cases/{case_id}/grants", status_code=201)
async def grant(
    case_id: Id, body: GrantRequest, actor: DistrictDep, runtime: RuntimeDep, response: Response
) -> LedgerEntry:
    """Grant support; refused (409) when the budget or a duplicate-benefit rule says no."""

    async def work(unit: UnitOfWork) -> LedgerEntry:
        outcome = await handlers.grant_support(
            unit,
            actor,
            case_id,
            program_id=body.program_id,
            kind=body.kind,
            amount_krw=body.amount_krw,
            period_start=body.period_start,
            period_end=body.period_end,
        )
        unit.emit(*outcome.events)
        return outcome.value

    entry = await runtime.transact(work)
    created(response, f"/cases/{case_id}/grants/{entry.entry_id}")
    return entry


@router.get("/cases/{case_id}/grants/{grant_id}")
async def get_grant(
    case_id: Id, grant_id: Id, actor: DistrictReaderDep, runtime: RuntimeDep
) -> LedgerEntry:
    """A grant the district made on the case, as its ledger entry."""

    async def work(unit: UnitOfWork) -> LedgerEntry:
        return await handlers.grant_of_case(unit, actor, case_id, grant_id)

    return await runtime.read(work)


@router.get("/startups/{startup_id}/ledger")
async def ledger(
    startup_id: Id, actor: DistrictReaderDep, runtime: RuntimeDep, page: PageDep
) -> Page[LedgerEntry]:
    """Every support the startup received, from any institution, by when it was recorded."""

    async def work(unit: UnitOfWork) -> Page[LedgerEntry]:
        return await handlers.ledger_of(unit, actor, startup_id, page)

    return await runtime.read(work)


@router.get("/benefit-rules")
async def benefit_rules(_: ReaderDep) -> list[RuleView]:
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
