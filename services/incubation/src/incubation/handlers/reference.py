"""Reference data: seeding it from a data file, and the edits districts and operators make."""

import json
from pathlib import Path

from pydantic import BaseModel, Field

from incubation.domain.reference import (
    Budget,
    District,
    Facility,
    Program,
    ReadinessCriteria,
)
from incubation.repository.reference import ReferenceRepository
from relay_contracts import Actor, OrganizationKind
from relay_eventing import UnitOfWork
from relay_eventing.errors import Forbidden, NotFound, RuleViolation
from relay_eventing.paging import Page, PageRequest

DEFAULT_SEED = Path(__file__).resolve().parent.parent / "reference_data.json"


class SeedProgram(Program):
    budgets: dict[int, int] = Field(default_factory=dict, description="year -> total KRW")


class SeedDistrict(District):
    facilities: list[Facility] = Field(default_factory=list)
    programs: list[SeedProgram] = Field(default_factory=list)


class ReferenceData(BaseModel):
    districts: list[SeedDistrict]


def load_reference_data(path: Path | None) -> ReferenceData:
    return ReferenceData.model_validate(json.loads((path or DEFAULT_SEED).read_text("utf-8")))


async def seed_reference_data(unit: UnitOfWork, data: ReferenceData) -> None:
    """Insert the reference data that is missing; edits made since are kept."""
    districts: list[District] = []
    facilities: list[Facility] = []
    programs: list[Program] = []
    budgets: list[Budget] = []
    for seed in data.districts:
        districts.append(District.model_validate(seed.model_dump()))
        facilities += seed.facilities
        for program in seed.programs:
            programs.append(Program.model_validate(program.model_dump()))
            budgets += [
                Budget(
                    program_id=program.program_id, year=year, total_krw=total, remaining_krw=total
                )
                for year, total in program.budgets.items()
            ]
    await ReferenceRepository(unit).add_missing(districts, facilities, programs, budgets)


def require_steward(actor: Actor, district_id: str) -> None:
    """An operator edits any district's reference data; a district edits its own."""
    if actor.organization_kind is OrganizationKind.OPERATOR:
        return
    if (
        actor.organization_kind is OrganizationKind.DISTRICT
        and actor.organization_id == district_id
    ):
        return
    raise Forbidden(f"only {district_id} or an operator may change {district_id}'s reference data")


async def existing_district(unit: UnitOfWork, district_id: str) -> District:
    """The district, or 404."""
    district = await ReferenceRepository(unit).district(district_id)
    if district is None:
        raise NotFound(f"district {district_id}")
    return district


async def set_readiness(
    unit: UnitOfWork, district_id: str, criteria: ReadinessCriteria
) -> District:
    """Change when a district deems a startup ready for the leap stage."""
    district = await existing_district(unit, district_id)
    district.readiness = criteria
    await ReferenceRepository(unit).save_district(district)
    return district


async def put_facility(unit: UnitOfWork, facility: Facility) -> Facility:
    """Add a facility, or change one's name, capacity or rent; never below what is occupied."""
    await existing_district(unit, facility.district_id)
    reference = ReferenceRepository(unit)
    current = await reference.facility(facility.facility_id)
    if current is None:
        await reference.add_facility(facility.model_copy(update={"occupied": 0}))
        return facility.model_copy(update={"occupied": 0})
    if current.district_id != facility.district_id:
        raise Forbidden(f"facility {facility.facility_id} belongs to {current.district_id}")
    if facility.capacity < current.occupied:
        raise RuleViolation(
            f"{current.occupied} {current.unit_kind}s of {facility.facility_id} are occupied; "
            f"capacity cannot be {facility.capacity}"
        )
    await reference.describe_facility(facility, current)
    return facility.model_copy(update={"occupied": current.occupied})


async def put_program(unit: UnitOfWork, program: Program) -> Program:
    """Add or change a district's program; a program never moves to another district."""
    await existing_district(unit, program.district_id)
    reference = ReferenceRepository(unit)
    current = await reference.program(program.program_id)
    if current is not None and current.district_id != program.district_id:
        raise Forbidden(f"program {program.program_id} belongs to {current.district_id}")
    await reference.save_program(program)
    return program


async def budgets_of(
    unit: UnitOfWork, actor: Actor, program_id: str, page: PageRequest
) -> Page[Budget]:
    """A program's budgets by year, for its district or an operator."""
    reference = ReferenceRepository(unit)
    program = await reference.program(program_id)
    if program is None:
        raise NotFound(f"program {program_id}")
    require_steward(actor, program.district_id)
    return await reference.budgets(program_id, page)


async def set_budget(
    unit: UnitOfWork, actor: Actor, program_id: str, year: int, total_krw: int
) -> Budget:
    """Set a program's budget for a year; only its district or an operator may."""
    reference = ReferenceRepository(unit)
    program = await reference.program(program_id)
    if program is None:
        raise NotFound(f"program {program_id}")
    require_steward(actor, program.district_id)
    return await reference.set_budget_total(program_id, year, total_krw)
