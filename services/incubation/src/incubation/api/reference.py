"""Reference routes: the districts, their facilities, programs, budgets and readiness criteria."""

from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, Field

from incubation.api.callers import DistrictReaderDep, Id, StewardDep, created
from incubation.domain.bounds import FIRST_YEAR, LAST_YEAR, Count, Money
from incubation.domain.reference import (
    Budget,
    District,
    DistrictSupportKind,
    Facility,
    Program,
    ReadinessCriteria,
    UnitKind,
)
from incubation.handlers import reference as handlers
from incubation.repository.reference import ReferenceRepository
from relay_eventing import UnitOfWork
from relay_eventing.access import ReaderDep
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

router = APIRouter(tags=["reference data"])

BudgetYear = Annotated[int, Path(ge=FIRST_YEAR, le=LAST_YEAR, description="The budget year.")]


class DistrictView(District):
    facilities: list[Facility]
    programs: list[Program]


class FacilityRequest(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    unit_kind: UnitKind
    capacity: Count
    monthly_rent_krw: Money


class ProgramRequest(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    kinds: list[DistrictSupportKind] = Field(min_length=1, max_length=4)


class BudgetRequest(BaseModel):
    total_krw: Money


async def _view(unit: UnitOfWork, district: District) -> DistrictView:
    reference = ReferenceRepository(unit)
    return DistrictView(
        **district.model_dump(),
        facilities=await reference.facilities(district.district_id),
        programs=await reference.programs(district.district_id),
    )


@router.get("/districts")
async def districts(_: ReaderDep, runtime: RuntimeDep, page: PageDep) -> Page[DistrictView]:
    """The southwest districts, with Korean and English names, facilities and programs."""

    async def work(unit: UnitOfWork) -> Page[DistrictView]:
        found = await ReferenceRepository(unit).districts(page)
        views = [await _view(unit, district) for district in found.items]
        return Page(items=views, next_cursor=found.next_cursor)

    return await runtime.read(work)


@router.get("/districts/{district_id}")
async def district(district_id: Id, _: ReaderDep, runtime: RuntimeDep) -> DistrictView:
    """One district, with its facilities, programs and readiness criteria."""

    async def work(unit: UnitOfWork) -> DistrictView:
        return await _view(unit, await ReferenceRepository(unit).district(district_id))

    return await runtime.read(work)


@router.put("/districts/{district_id}/facilities/{facility_id}")
async def put_facility(
    district_id: Id, facility_id: Id, body: FacilityRequest, actor: StewardDep, runtime: RuntimeDep
) -> Facility:
    """Add or change a facility; the district itself or an operator may."""
    facility = Facility(facility_id=facility_id, district_id=district_id, **body.model_dump())

    async def work(unit: UnitOfWork) -> Facility:
        return await handlers.put_facility(unit, actor, facility)

    return await runtime.transact(work)


@router.put("/districts/{district_id}/readiness")
async def put_readiness(
    district_id: Id, body: ReadinessCriteria, actor: StewardDep, runtime: RuntimeDep
) -> District:
    """Change the district's readiness criteria for the leap stage (a criterion sent as null is
    not asked); the district itself or an operator may."""

    async def work(unit: UnitOfWork) -> District:
        return await handlers.set_readiness(unit, actor, district_id, body)

    return await runtime.transact(work)


@router.put("/districts/{district_id}/programs/{program_id}")
async def put_program(
    district_id: Id, program_id: Id, body: ProgramRequest, actor: StewardDep, runtime: RuntimeDep
) -> Program:
    """Add or change a support program of the district."""
    program = Program(program_id=program_id, district_id=district_id, **body.model_dump())

    async def work(unit: UnitOfWork) -> Program:
        return await handlers.put_program(unit, actor, program)

    return await runtime.transact(work)


@router.put("/programs/{program_id}/budgets/{year}")
async def put_budget(
    program_id: Id,
    year: BudgetYear,
    body: BudgetRequest,
    actor: StewardDep,
    runtime: RuntimeDep,
    response: Response,
) -> Budget:
    """Set a program's budget for a year; what was granted stays granted. A new year's budget
    answers 201 with its `Location`, a changed one 200."""

    async def work(unit: UnitOfWork) -> tuple[Budget, bool]:
        return await handlers.set_budget(unit, actor, program_id, year, body.total_krw)

    budget, new = await runtime.transact(work)
    if new:
        created(response, f"/programs/{program_id}/budgets/{year}")
    return budget


@router.get("/programs/{program_id}/budgets/{year}")
async def budget(
    program_id: Id, year: BudgetYear, actor: DistrictReaderDep, runtime: RuntimeDep
) -> Budget:
    """One year's budget of a program: for its district, the program office and operators."""

    async def work(unit: UnitOfWork) -> Budget:
        return await handlers.budget_of(unit, actor, program_id, year)

    return await runtime.read(work)


@router.get("/programs/{program_id}/budgets")
async def budgets(
    program_id: Id, actor: DistrictReaderDep, runtime: RuntimeDep, page: PageDep
) -> Page[Budget]:
    """A program's budgets by year: for its district, the program office and operators."""

    async def work(unit: UnitOfWork) -> Page[Budget]:
        return await handlers.budgets_of(unit, actor, program_id, page)

    return await runtime.read(work)
