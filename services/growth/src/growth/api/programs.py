"""Routes of leap-stage programs: the agency's own programs, cohorts and enrolments."""

from datetime import date
from typing import Self

from fastapi import APIRouter, status
from pydantic import BaseModel, Field, model_validator

from growth.api.deps import AgencyDep
from growth.domain.programs import Cohort, Enrolment, InvestorMatch, Program
from growth.handlers import programs
from growth.repository.programs import Programs
from relay_contracts.growth import LeapProgramKind
from relay_eventing import UnitOfWork
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

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

    return await runtime.transact(work)


@router.get("")
async def list_programs(agency: AgencyDep, runtime: RuntimeDep, page: PageDep) -> Page[Program]:
    """The agency's own programs, newest first."""

    async def work(unit: UnitOfWork) -> Page[Program]:
        return await Programs.of(unit).page_of(agency.organization_id, page)

    return await runtime.transact(work)


@router.get("/{program_id}")
async def get_program(program_id: str, agency: AgencyDep, runtime: RuntimeDep) -> ProgramView:
    async def work(unit: UnitOfWork) -> ProgramView:
        program, cohorts = await programs.program_with_cohorts(
            unit, agency.organization_id, program_id
        )
        return ProgramView(program=program, cohorts=cohorts)

    return await runtime.transact(work)


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

    return await runtime.transact(work)


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

    return await runtime.transact(work)


@router.get("/{program_id}/cohorts/{cohort_id}/enrolments")
async def list_enrolments(
    program_id: str, cohort_id: str, agency: AgencyDep, runtime: RuntimeDep, page: PageDep
) -> Page[Enrolment]:
    """The cohort's enrolments, latest first."""

    async def work(unit: UnitOfWork) -> Page[Enrolment]:
        return await programs.enrolments_of(
            unit, agency.organization_id, program_id, cohort_id, page
        )

    return await runtime.transact(work)


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

    return await runtime.transact(work)
