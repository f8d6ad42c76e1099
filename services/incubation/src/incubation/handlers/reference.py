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
from relay_contracts import Actor
from relay_eventing import UnitOfWork
from relay_eventing.errors import NotFound
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


async def set_readiness(
    unit: UnitOfWork, actor: Actor, district_id: str, criteria: ReadinessCriteria
) -> District:
    """Change when a district deems a startup ready for the leap stage."""
    reference = ReferenceRepository(unit)
    district = await reference.stewarded_district(actor, district_id)
    district.readiness = criteria
    await reference.save_district(district)
    return district


async def put_facility(unit: UnitOfWork, actor: Actor, facility: Facility) -> Facility:
    """Add a facility, or change one's name, capacity or rent; never below what is occupied."""
    reference = ReferenceRepository(unit)
    await reference.stewarded_district(actor, facility.district_id)
    return await reference.save_facility(facility)


async def put_program(unit: UnitOfWork, actor: Actor, program: Program) -> Program:
    """Add or change a district's program; a program never moves to another district."""
    reference = ReferenceRepository(unit)
    await reference.stewarded_district(actor, program.district_id)
    await reference.save_program(program)
    return program


async def budgets_of(
    unit: UnitOfWork, actor: Actor, program_id: str, page: PageRequest
) -> Page[Budget]:
    """A program's budgets by year, for its district, the program office or an operator."""
    reference = ReferenceRepository(unit)
    await reference.readable_program(actor, program_id)
    return await reference.budgets(program_id, page)


async def budget_of(unit: UnitOfWork, actor: Actor, program_id: str, year: int) -> Budget:
    """One year's budget of a program the caller may read."""
    reference = ReferenceRepository(unit)
    await reference.readable_program(actor, program_id)
    budget = await reference.budget(program_id, year)
    if budget is None:
        raise NotFound(f"budget of {program_id} for {year}")
    return budget


async def set_budget(
    unit: UnitOfWork, actor: Actor, program_id: str, year: int, total_krw: int
) -> tuple[Budget, bool]:
    """Set a program's budget for a year (its district or an operator); whether it is new."""
    reference = ReferenceRepository(unit)
    await reference.stewarded_program(actor, program_id)
    return await reference.set_budget_total(program_id, year, total_krw)
