"""Reference routes: the districts, their facilities, programs, budgets and readiness criteria."""

from fastapi import APIRouter
from pydantic import BaseModel, Field

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
from relay_eventing.http import ActorDep
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

router = APIRouter(tags=["reference data"])


class DistrictView(District):
    facilities: list[Facility]
    programs: list[Program]


class FacilityRequest(BaseModel):
    name: str = Field(min_length=1)
    unit_kind: UnitKind
    capacity: int = Field(ge=0)
    monthly_rent_krw: int = Field(ge=0)


class ProgramRequest(BaseModel):
    name: str = Field(min_length=1)
    kinds: list[DistrictSupportKind] = Field(min_length=1)


class BudgetRequest(BaseModel):
    total_krw: int = Field(ge=0)


async def _view(unit: UnitOfWork, district: District) -> DistrictView:
    reference = ReferenceRepository(unit)
    return DistrictView(
        **district.model_dump(),
        facilities=await reference.facilities(district.district_id),
        programs=await reference.programs(district.district_id),
    )


@router.get("/districts")
async def districts(_: ActorDep, runtime: RuntimeDep, page: PageDep) -> Page[DistrictView]:
    """The southwest districts, with Korean and English names, facilities and programs."""

    async def work(unit: UnitOfWork) -> Page[DistrictView]:
        found = await ReferenceRepository(unit).districts(page)
        views = [await _view(unit, district) for district in found.items]
        return Page(items=views, next_cursor=found.next_cursor)

    return await runtime.transact(work)


@router.get("/districts/{district_id}")
async def district(district_id: str, _: ActorDep, runtime: RuntimeDep) -> DistrictView:
    async def work(unit: UnitOfWork) -> DistrictView:
        return await _view(unit, await handlers.existing_district(unit, district_id))

    return await runtime.transact(work)


@router.put("/districts/{district_id}/facilities/{facility_id}")
async def put_facility(
    district_id: str, facility_id: str, body: FacilityRequest, actor: ActorDep, runtime: RuntimeDep
) -> Facility:
    """Add or change a facility; the district itself or an operator may."""
    handlers.require_steward(actor, district_id)
    facility = Facility(facility_id=facility_id, district_id=district_id, **body.model_dump())

    async def work(unit: UnitOfWork) -> Facility:
        return await handlers.put_facility(unit, facility)

    return await runtime.transact(work)


@router.put("/districts/{district_id}/readiness")
async def put_readiness(
    district_id: str, body: ReadinessCriteria, actor: ActorDep, runtime: RuntimeDep
) -> District:
    """Change the district's readiness criteria for the leap stage."""
    handlers.require_steward(actor, district_id)

    async def work(unit: UnitOfWork) -> District:
        return await handlers.set_readiness(unit, district_id, body)

    return await runtime.transact(work)


@router.put("/districts/{district_id}/programs/{program_id}")
async def put_program(
    district_id: str, program_id: str, body: ProgramRequest, actor: ActorDep, runtime: RuntimeDep
) -> Program:
    """Add or change a support program of the district."""
    handlers.require_steward(actor, district_id)
    program = Program(program_id=program_id, district_id=district_id, **body.model_dump())

    async def work(unit: UnitOfWork) -> Program:
        return await handlers.put_program(unit, program)

    return await runtime.transact(work)


@router.put("/programs/{program_id}/budgets/{year}")
async def put_budget(
    program_id: str, year: int, body: BudgetRequest, actor: ActorDep, runtime: RuntimeDep
) -> Budget:
    """Set a program's budget for a year; what was granted stays granted."""

    async def work(unit: UnitOfWork) -> Budget:
        return await handlers.set_budget(unit, actor, program_id, year, body.total_krw)

    return await runtime.transact(work)


@router.get("/programs/{program_id}/budgets")
async def budgets(
    program_id: str, actor: ActorDep, runtime: RuntimeDep, page: PageDep
) -> Page[Budget]:
    """A program's budgets by year: for its district and operators."""

    async def work(unit: UnitOfWork) -> Page[Budget]:
        return await handlers.budgets_of(unit, actor, program_id, page)

    return await runtime.transact(work)
