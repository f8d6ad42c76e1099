"""Routes where a university screens, decides on, nurtures and graduates its startups."""

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, status

from intake.api.schemas import (
    Decide,
    EnrolInProgram,
    MentoringSession,
    RecordMilestone,
    RegisterCompany,
    ScreenStartup,
    today,
)
from intake.api.views import StartupView
from intake.domain.rubric import Score
from intake.domain.submission import Milestone, Program, Submission
from intake.handlers import graduate, nurture
from intake.handlers.access import own_submission, require_university
from intake.repository.claims import transact_claiming
from intake.repository.startups import StartupRepository
from relay_contracts import Actor, Envelope
from relay_eventing import Cause, ServiceRuntime, UnitOfWork
from relay_eventing.http import ActorDep
from relay_eventing.operations import RuntimeDep

router = APIRouter(tags=["startups"])

Step = Callable[[UnitOfWork, Submission, Cause], Awaitable[list[Envelope[Any]] | None]]


async def _act(
    runtime: ServiceRuntime, actor: Actor, startup_id: str, doing: str, step: Step
) -> StartupView:
    """Run one step on the university's own submission, emitting what it returns."""

    async def work(unit: UnitOfWork) -> StartupView:
        university_id = await require_university(unit, actor, doing)
        submission = await own_submission(unit, university_id, startup_id)
        unit.emit(*(await step(unit, submission, Cause.request(actor)) or []))
        copies = await StartupRepository(unit).of_startup(submission.startup_id)
        return StartupView.of(submission, copies)

    return await transact_claiming(runtime, work)


@router.post("/startups/{startup_id}/screenings", status_code=status.HTTP_201_CREATED)
async def screen(
    startup_id: str, body: ScreenStartup, actor: ActorDep, runtime: RuntimeDep
) -> StartupView:
    """Reviewers' scores against a version of a rubric (the latest when none is named)."""
    scores = [Score(criterion=s.criterion, score=s.score, reviewer=s.reviewer) for s in body.scores]

    async def step(unit: UnitOfWork, submission: Submission, cause: Cause) -> list[Envelope[Any]]:
        return await nurture.screen_startup(
            unit, submission, body.rubric_id, body.rubric_version, scores, cause
        )

    return await _act(runtime, actor, startup_id, "screen startups", step)


@router.post("/startups/{startup_id}/decision")
async def decide(
    startup_id: str, body: Decide, actor: ActorDep, runtime: RuntimeDep
) -> StartupView:
    """Admit the screened startup into nurturing, or reject it with a reason."""

    async def step(unit: UnitOfWork, submission: Submission, cause: Cause) -> list[Envelope[Any]]:
        return await nurture.decide(unit, submission, body.decision == "admit", body.reason, cause)

    return await _act(runtime, actor, startup_id, "decide on startups", step)


@router.post("/startups/{startup_id}/programs", status_code=status.HTTP_201_CREATED)
async def enrol(
    startup_id: str, body: EnrolInProgram, actor: ActorDep, runtime: RuntimeDep
) -> StartupView:
    """Enrol the admitted startup in a mentoring, education or prototyping program."""
    program = Program(**body.model_dump(), enrolled_on=today())

    async def step(unit: UnitOfWork, submission: Submission, cause: Cause) -> list[Envelope[Any]]:
        return await nurture.enrol_in_program(unit, submission, program, cause)

    return await _act(runtime, actor, startup_id, "enrol startups", step)


@router.post("/startups/{startup_id}/mentoring-sessions", status_code=status.HTTP_201_CREATED)
async def mentoring_session(
    startup_id: str, body: MentoringSession, actor: ActorDep, runtime: RuntimeDep
) -> StartupView:
    """Record a mentoring session of a startup enrolled in a mentoring program."""

    async def step(unit: UnitOfWork, submission: Submission, cause: Cause) -> None:
        await nurture.record_mentoring_session(
            unit, submission, body.model_dump(mode="json"), cause
        )

    return await _act(runtime, actor, startup_id, "record mentoring", step)


@router.post("/startups/{startup_id}/milestones", status_code=status.HTTP_201_CREATED)
async def milestone(
    startup_id: str, body: RecordMilestone, actor: ActorDep, runtime: RuntimeDep
) -> StartupView:
    """Record a milestone the nurtured startup reached."""
    reached = Milestone(milestone=body.milestone, reached_on=body.reached_on)

    async def step(unit: UnitOfWork, submission: Submission, cause: Cause) -> list[Envelope[Any]]:
        return await nurture.record_milestone(unit, submission, reached, cause)

    return await _act(runtime, actor, startup_id, "record milestones", step)


@router.post("/startups/{startup_id}/registration")
async def registration(
    startup_id: str, body: RegisterCompany, actor: ActorDep, runtime: RuntimeDep
) -> StartupView:
    """The pre-startup registered its company: it becomes an early startup (예비 → 초기)."""

    async def step(unit: UnitOfWork, submission: Submission, cause: Cause) -> list[Envelope[Any]]:
        return await nurture.register_company(
            unit, submission, body.business_registration_number, body.registered_on, cause
        )

    return await _act(runtime, actor, startup_id, "register companies", step)


@router.post("/startups/{startup_id}/graduation")
async def graduation(startup_id: str, actor: ActorDep, runtime: RuntimeDep) -> StartupView:
    """Graduate the admitted startup: it goes on to its desired district."""
    return await _act(runtime, actor, startup_id, "graduate startups", graduate.graduate_startup)
