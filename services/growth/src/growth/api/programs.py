"""Routes of leap-stage programs: the agency's own programs, cohorts and enrolments."""

from typing import Self

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, Field, model_validator

from growth.api.callers import AgencyReaderDep, created
from growth.domain.bounds import Money, ProgramDate
from growth.domain.programs import Cohort, Enrolment, InvestorMatch, Program
from growth.handlers import programs
from growth.repository.programs import Programs
from relay_eventing import UnitOfWork
from relay_eventing.access import AgencyDep
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

router = APIRouter(prefix="/programs", tags=["leap-stage programs"])


class NewProgram(BaseModel):
    kind: str = Field(
        min_length=1,
        max_length=40,
        description="A program kind of the reference data (GET /program-kinds).",
        examples=["investment_matching", "ceo_forum"],
    )
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=4000)
    event_name: str | None = Field(
        default=None,
        max_length=200,
        description="Trade fair, demo day or hiring camp.",
        examples=["수출산업박람회"],
    )


class NewCohort(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    capacity: int = Field(ge=1, le=10_000)
    starts_on: ProgramDate
    ends_on: ProgramDate

    @model_validator(mode="after")
    def ends_after_start(self) -> Self:
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        return self


class NewEnrolment(BaseModel):
    startup_id: str = Field(min_length=1, max_length=100)


class Completion(BaseModel):
    outcome: str = Field(min_length=1, max_length=2000, examples=["matched with 2 investors"])
    support_krw: Money = Field(default=0, description="Money the agency granted.")
    matches: list[InvestorMatch] = Field(
        default_factory=list,
        max_length=100,
        description="Investors matched at a demo day, with amounts.",
    )


class ProgramView(Program):
    """A program with its cohorts, earliest start first."""

    cohorts: list[Cohort]


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_program(
    body: NewProgram, agency: AgencyDep, runtime: RuntimeDep, response: Response
) -> Program:
    """A program of a kind the reference data holds."""

    async def work(unit: UnitOfWork) -> Program:
        return await programs.create_program(
            unit, agency, body.kind, body.title, body.description, body.event_name
        )

    program = await runtime.transact(work)
    created(response, f"/programs/{program.program_id}")
    return program


@router.get("")
async def list_programs(
    reader: AgencyReaderDep, runtime: RuntimeDep, page: PageDep
) -> Page[Program]:
    """The agency's own programs, newest first (the program office: every agency's)."""

    async def work(unit: UnitOfWork) -> Page[Program]:
        return await Programs.of(unit).page_of(reader, page)

    return await runtime.read(work)


@router.get("/{program_id}")
async def get_program(program_id: str, reader: AgencyReaderDep, runtime: RuntimeDep) -> ProgramView:
    async def work(unit: UnitOfWork) -> ProgramView:
        program, cohorts = await programs.program_with_cohorts(unit, reader, program_id)
        return ProgramView(**program.model_dump(), cohorts=cohorts)

    return await runtime.read(work)


@router.post("/{program_id}/cohorts", status_code=status.HTTP_201_CREATED)
async def add_cohort(
    program_id: str, body: NewCohort, agency: AgencyDep, runtime: RuntimeDep, response: Response
) -> Cohort:
    async def work(unit: UnitOfWork) -> Cohort:
        return await programs.add_cohort(
            unit, agency, program_id, body.name, body.capacity, body.starts_on, body.ends_on
        )

    cohort = await runtime.transact(work)
    created(response, f"/programs/{program_id}/cohorts/{cohort.cohort_id}")
    return cohort


@router.get("/{program_id}/cohorts/{cohort_id}")
async def get_cohort(
    program_id: str, cohort_id: str, reader: AgencyReaderDep, runtime: RuntimeDep
) -> Cohort:
    async def work(unit: UnitOfWork) -> Cohort:
        _, cohort = await programs.cohort_of(unit, reader, program_id, cohort_id)
        return cohort

    return await runtime.read(work)


@router.post("/{program_id}/cohorts/{cohort_id}/enrolments", status_code=status.HTTP_201_CREATED)
async def enrol(
    program_id: str,
    cohort_id: str,
    body: NewEnrolment,
    agency: AgencyDep,
    runtime: RuntimeDep,
    response: Response,
) -> Enrolment:
    """Enrol a startup the agency holds, while the cohort has seats."""

    async def work(unit: UnitOfWork) -> Enrolment:
        enrolment, events = await programs.enrol(
            unit, agency, program_id, cohort_id, body.startup_id
        )
        unit.emit(*events)
        return enrolment

    enrolment = await runtime.transact(work)
    path = f"/programs/{program_id}/cohorts/{cohort_id}/enrolments/{enrolment.startup_id}"
    created(response, path)
    return enrolment


@router.get("/{program_id}/cohorts/{cohort_id}/enrolments")
async def list_enrolments(
    program_id: str, cohort_id: str, reader: AgencyReaderDep, runtime: RuntimeDep, page: PageDep
) -> Page[Enrolment]:
    """The cohort's enrolments, latest first."""

    async def work(unit: UnitOfWork) -> Page[Enrolment]:
        return await programs.enrolments_of(unit, reader, program_id, cohort_id, page)

    return await runtime.read(work)


@router.get("/{program_id}/cohorts/{cohort_id}/enrolments/{startup_id}")
async def get_enrolment(
    program_id: str, cohort_id: str, startup_id: str, reader: AgencyReaderDep, runtime: RuntimeDep
) -> Enrolment:
    async def work(unit: UnitOfWork) -> Enrolment:
        return await programs.enrolment_of(unit, reader, program_id, cohort_id, startup_id)

    return await runtime.read(work)


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
