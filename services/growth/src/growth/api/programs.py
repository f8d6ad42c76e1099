"""Routes of leap-stage programs: the agency's own programs, cohorts and enrolments."""

from datetime import date
from typing import Self

from fastapi import APIRouter, status
from pydantic import BaseModel, Field, model_validator

from growth.adapters import collections as c
from growth.api.deps import AgencyDep, run
from growth.domain.programs import Cohort, Enrolment, InvestorMatch, Program
from growth.handlers import programs
from growth.handlers.access import own_program
from relay_contracts.growth import LeapProgramKind
from relay_eventing import UnitOfWork
from relay_eventing.service import RuntimeDep

router = APIRouter(prefix="/programs", tags=["leap-stage programs"])


class NewProgram(BaseModel):
    kind: LeapProgramKind
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=4000)
    event_name: str | None = Field(
        default=None,
        description="Trade fair, demo day or hiring camp.",
        examples=["수출산업박람회"],
    )


class NewCohort(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    capacity: int = Field(ge=1, le=10_000)
    starts_on: date
    ends_on: date

    @model_validator(mode="after")
    def ends_after_start(self) -> Self:
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        return self


class NewEnrolment(BaseModel):
    startup_id: str = Field(min_length=1)


class Completion(BaseModel):
    outcome: str = Field(min_length=1, max_length=2000, examples=["matched with 2 investors"])
    support_krw: int = Field(default=0, ge=0, description="Money the agency granted.")
    matches: list[InvestorMatch] = Field(
        default_factory=list, description="Investors matched at a demo day, with amounts."
    )


class ProgramView(BaseModel):
    program: Program
    cohorts: list[Cohort]


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_program(body: NewProgram, agency: AgencyDep, runtime: RuntimeDep) -> Program:
    async def work(unit: UnitOfWork) -> Program:
        return await programs.create_program(
            unit, agency.organization_id, body.kind, body.title, body.description, body.event_name
        )

    return await run(runtime, work)


@router.get("")
async def list_programs(agency: AgencyDep, runtime: RuntimeDep) -> list[Program]:
    """The agency's own programs."""

    async def work(unit: UnitOfWork) -> list[Program]:
        return await c.programs(unit).find({"agency_id": agency.organization_id})

    return await run(runtime, work)


@router.get("/{program_id}")
async def get_program(program_id: str, agency: AgencyDep, runtime: RuntimeDep) -> ProgramView:
    async def work(unit: UnitOfWork) -> ProgramView:
        program = await own_program(unit, agency.organization_id, program_id)
        cohorts = await c.cohorts(unit).find({"program_id": program_id}, sort="starts_on")
        return ProgramView(program=program, cohorts=cohorts)

    return await run(runtime, work)


@router.post("/{program_id}/cohorts", status_code=status.HTTP_201_CREATED)
async def add_cohort(
    program_id: str, body: NewCohort, agency: AgencyDep, runtime: RuntimeDep
) -> Cohort:
    async def work(unit: UnitOfWork) -> Cohort:
        return await programs.add_cohort(
            unit,
            agency.organization_id,
            program_id,
            body.name,
            body.capacity,
            body.starts_on,
            body.ends_on,
        )

    return await run(runtime, work)


@router.post("/{program_id}/cohorts/{cohort_id}/enrolments", status_code=status.HTTP_201_CREATED)
async def enrol(
    program_id: str, cohort_id: str, body: NewEnrolment, agency: AgencyDep, runtime: RuntimeDep
) -> Enrolment:
    """Enrol a startup the agency accepted, while the cohort has seats."""

    async def work(unit: UnitOfWork) -> Enrolment:
        enrolment, events = await programs.enrol(
            unit, agency, program_id, cohort_id, body.startup_id
        )
        unit.emit(*events)
        return enrolment

    return await run(runtime, work)


@router.get("/{program_id}/cohorts/{cohort_id}/enrolments")
async def list_enrolments(
    program_id: str, cohort_id: str, agency: AgencyDep, runtime: RuntimeDep
) -> list[Enrolment]:
    async def work(unit: UnitOfWork) -> list[Enrolment]:
        await programs.cohort_of(unit, agency.organization_id, program_id, cohort_id)
        return await c.enrolments(unit).find({"cohort_id": cohort_id}, sort="enrolled_at")

    return await run(runtime, work)


@router.post("/{program_id}/cohorts/{cohort_id}/enrolments/{startup_id}/completion")
async def complete(
    program_id: str,
    cohort_id: str,
    startup_id: str,
    body: Completion,
    agency: AgencyDep,
    runtime: RuntimeDep,
) -> Enrolment:
    """Completion with its outcome; any money is published as `SupportGranted`."""

    async def work(unit: UnitOfWork) -> Enrolment:
        done, events = await programs.complete(
            unit,
            agency,
            program_id,
            cohort_id,
            startup_id,
            body.outcome,
            body.support_krw,
            body.matches,
        )
        unit.emit(*events)
        return done

    return await run(runtime, work)
