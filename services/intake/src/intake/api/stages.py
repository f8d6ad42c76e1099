"""Routes where a university screens, decides on, nurtures and graduates its startups."""

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Response, status

from intake.api.records import numbered
from intake.api.schemas import (
    CREATED,
    Decide,
    EnrolInProgram,
    Graduate,
    MentoringSession,
    RecordMilestone,
    RegisterCompany,
    ScreenStartup,
    StartupId,
)
from intake.api.views import StartupView
from intake.domain.bounds import today
from intake.domain.duplicates import Copy
from intake.domain.rubric import Score
from intake.domain.submission import Milestone, Program, Submission
from intake.handlers import graduate, nurture, register
from intake.repository.claims import transact_claiming
from intake.repository.startups import StartupRepository
from relay_contracts import Actor, Envelope
from relay_eventing import Cause, ServiceRuntime, UnitOfWork
from relay_eventing.access import UniversityDep
from relay_eventing.operations import RuntimeDep

router = APIRouter(tags=["startups"])

Step = Callable[[UnitOfWork, Submission, list[Copy], Cause], Awaitable[list[Envelope[Any]] | None]]


async def _act(
    runtime: ServiceRuntime, university: Actor, startup_id: str, step: Step
) -> StartupView:
    """Run one step on a submission the university holds (404 otherwise), emitting its events.

    The answer is built from what the step holds, its write left for the end of the unit.
    """

    async def work(unit: UnitOfWork, looked_up: bool) -> StartupView:
        repository = StartupRepository(unit)
        submission, copies = await repository.held_by(university, startup_id)
        unit.emit(*(await step(unit, submission, copies, Cause.request(university)) or []))
        return _view(submission, copies)

    return await transact_claiming(runtime, work)


def _view(submission: Submission, copies: list[Copy]) -> StartupView:
    now = [
        Copy.of(submission) if c.submission_id == submission.submission_id else c for c in copies
    ]
    return StartupView.of(submission, now)


def _created(response: Response, view: StartupView, path: str) -> StartupView:
    response.headers["Location"] = f"/startups/{view.startup_id}/{path}"
    return view


@router.post(
    "/startups/{startup_id}/screenings", status_code=status.HTTP_201_CREATED, responses=CREATED
)
async def screen(
    startup_id: StartupId,
    body: ScreenStartup,
    university: UniversityDep,
    runtime: RuntimeDep,
    response: Response,
) -> StartupView:
    """Reviewers' scores against a version of a rubric (the latest when none is named)."""
    scores = [Score(criterion=s.criterion, score=s.score, reviewer=s.reviewer) for s in body.scores]

    async def step(
        unit: UnitOfWork, submission: Submission, copies: list[Copy], cause: Cause
    ) -> list[Envelope[Any]]:
        return await nurture.screen_startup(
            unit, submission, body.rubric_id, body.rubric_version, scores, cause
        )

    view = await _act(runtime, university, startup_id, step)
    return _created(response, view, f"screenings/{numbered(view.history, 'screened')}")


@router.post("/startups/{startup_id}/decision")
async def decide(
    startup_id: StartupId, body: Decide, university: UniversityDep, runtime: RuntimeDep
) -> StartupView:
    """Admit the screened startup into nurturing, or reject it with a reason."""

    async def step(
        unit: UnitOfWork, submission: Submission, copies: list[Copy], cause: Cause
    ) -> list[Envelope[Any]]:
        return await nurture.decide(unit, submission, body.decision == "admit", body.reason, cause)

    return await _act(runtime, university, startup_id, step)


@router.post(
    "/startups/{startup_id}/programs", status_code=status.HTTP_201_CREATED, responses=CREATED
)
async def enrol(
    startup_id: StartupId,
    body: EnrolInProgram,
    university: UniversityDep,
    runtime: RuntimeDep,
    response: Response,
) -> StartupView:
    """Enrol the admitted startup in a mentoring, education or prototyping program."""
    program = Program(**body.model_dump(), enrolled_on=today())

    async def step(
        unit: UnitOfWork, submission: Submission, copies: list[Copy], cause: Cause
    ) -> list[Envelope[Any]]:
        return await nurture.enrol_in_program(unit, submission, program, cause)

    view = await _act(runtime, university, startup_id, step)
    return _created(response, view, f"programs/{quote(program.program_id, safe='')}")


@router.post(
    "/startups/{startup_id}/mentoring-sessions",
    status_code=status.HTTP_201_CREATED,
    responses=CREATED,
)
async def mentoring_session(
    startup_id: StartupId,
    body: MentoringSession,
    university: UniversityDep,
    runtime: RuntimeDep,
    response: Response,
) -> StartupView:
    """Record a mentoring session of a startup enrolled in a mentoring program."""

    async def step(
        unit: UnitOfWork, submission: Submission, copies: list[Copy], cause: Cause
    ) -> None:
        await nurture.record_mentoring_session(
            unit, submission, body.model_dump(mode="json"), cause
        )

    view = await _act(runtime, university, startup_id, step)
    number = numbered(view.history, "mentoring_session")
    return _created(response, view, f"mentoring-sessions/{number}")


@router.post(
    "/startups/{startup_id}/milestones", status_code=status.HTTP_201_CREATED, responses=CREATED
)
async def milestone(
    startup_id: StartupId,
    body: RecordMilestone,
    university: UniversityDep,
    runtime: RuntimeDep,
    response: Response,
) -> StartupView:
    """Record a milestone the nurtured startup reached."""
    reached = Milestone(milestone=body.milestone, reached_on=body.reached_on)

    async def step(
        unit: UnitOfWork, submission: Submission, copies: list[Copy], cause: Cause
    ) -> list[Envelope[Any]]:
        return await nurture.record_milestone(unit, submission, reached, cause)

    view = await _act(runtime, university, startup_id, step)
    return _created(response, view, f"milestones/{len(view.milestones)}")


@router.post("/startups/{startup_id}/registration")
async def registration(
    startup_id: StartupId, body: RegisterCompany, university: UniversityDep, runtime: RuntimeDep
) -> StartupView:
    """The pre-startup registered its company: it becomes an early startup (예비 → 초기).

    A number another record already holds links the startup to that company (the answer shows
    the company's id and the duplicate); where it cannot, the 409 says why.
    """

    async def work(unit: UnitOfWork, taken: bool) -> StartupView:
        repository = StartupRepository(unit)
        submission, copies = await repository.held_by(university, startup_id)
        registration = await register.register_company(
            unit,
            submission,
            body.business_registration_number,
            body.registered_on,
            Cause.request(university),
            look_up=taken,
        )
        unit.emit(*registration.events)
        if not registration.linked:
            return _view(submission, copies)
        linked = await repository.submission(submission.submission_id)
        return StartupView.of(
            linked, (await repository.copies_of([linked.startup_id]))[linked.startup_id]
        )

    return await transact_claiming(runtime, work)


@router.post("/startups/{startup_id}/graduation")
async def graduation(
    startup_id: StartupId,
    university: UniversityDep,
    runtime: RuntimeDep,
    body: Graduate | None = None,
) -> StartupView:
    """Graduate the admitted startup to the district it names, else the one it asked for."""
    district = None if body is None else body.desired_district

    async def step(
        unit: UnitOfWork, submission: Submission, copies: list[Copy], cause: Cause
    ) -> list[Envelope[Any]]:
        return await graduate.graduate_startup(unit, submission, copies, district, cause)

    return await _act(runtime, university, startup_id, step)
