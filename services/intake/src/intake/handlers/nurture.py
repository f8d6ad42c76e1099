"""Screening, decisions and nurturing: what a university does with a startup it submitted."""

from collections.abc import Sequence
from typing import Any

from intake.domain.rubric import Score, weighted_total
from intake.domain.submission import Milestone, Program, Submission
from intake.repository.reference import ReferenceData
from intake.repository.startups import StartupRepository
from relay_contracts import Envelope
from relay_contracts.intake import (
    CriterionScore,
    MilestoneReached,
    ProgramEnrolled,
    ScreeningCompleted,
    StartupAdmitted,
    StartupRejected,
)
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.errors import NotFound


async def screen_startup(
    unit: UnitOfWork,
    submission: Submission,
    rubric_id: str,
    rubric_version: int | None,
    scores: Sequence[Score],
    cause: Cause,
) -> list[Envelope[Any]]:
    """Score the startup against one version of a rubric; the reviewers are recorded."""
    rubric = await ReferenceData(unit).rubric(rubric_id, rubric_version)
    if rubric is None:
        wanted = rubric_id if rubric_version is None else f"{rubric_id} v{rubric_version}"
        raise NotFound(f"rubric {wanted}")
    total = weighted_total(rubric, scores)
    submission.screen(total)
    recorded = [
        CriterionScore(criterion=s.criterion, score=s.score, reviewer=s.reviewer) for s in scores
    ]
    submission.record(
        "screened",
        cause.actor.user,
        rubric_id=rubric.rubric_id,
        rubric_version=rubric.version,
        scores=[score.model_dump() for score in recorded],
        weighted_total=total,
    )
    StartupRepository(unit).save_at_end(submission)
    event = ScreeningCompleted(
        university_id=submission.university_id,
        rubric_id=rubric.rubric_id,
        rubric_version=rubric.version,
        scores=recorded,
        weighted_total=total,
    )
    return [new_event(event, startup_id=submission.startup_id, cause=cause)]


async def decide(
    unit: UnitOfWork, submission: Submission, admit: bool, reason: str | None, cause: Cause
) -> list[Envelope[Any]]:
    """Admit the screened startup into nurturing, or reject it with a reason."""
    event: StartupAdmitted | StartupRejected
    if admit:
        submission.admit()
        submission.record("admitted", cause.actor.user, reason=reason)
        event = StartupAdmitted(
            university_id=submission.university_id, weighted_total=submission.weighted_total
        )
    else:
        submission.reject()
        submission.record("rejected", cause.actor.user, reason=reason)
        event = StartupRejected(university_id=submission.university_id, reason=reason or "")
    StartupRepository(unit).save_at_end(submission)
    return [new_event(event, startup_id=submission.startup_id, cause=cause)]


async def enrol_in_program(
    unit: UnitOfWork, submission: Submission, program: Program, cause: Cause
) -> list[Envelope[Any]]:
    """Enrol an admitted startup in a mentoring, education or prototyping program."""
    submission.enrol(program)
    submission.record("program_enrolled", cause.actor.user, **program.model_dump(mode="json"))
    StartupRepository(unit).save_at_end(submission)
    event = ProgramEnrolled(
        university_id=submission.university_id, program_id=program.program_id, kind=program.kind
    )
    return [new_event(event, startup_id=submission.startup_id, cause=cause)]


async def record_mentoring_session(
    unit: UnitOfWork, submission: Submission, session: dict[str, Any], cause: Cause
) -> None:
    """A mentoring session is history kept here; no other service needs it."""
    submission.check_can_be_mentored()
    submission.record("mentoring_session", cause.actor.user, **session)
    StartupRepository(unit).save_at_end(submission)


async def record_milestone(
    unit: UnitOfWork, submission: Submission, milestone: Milestone, cause: Cause
) -> list[Envelope[Any]]:
    """Record a milestone the nurtured startup reached."""
    submission.reach(milestone)
    submission.record("milestone_reached", cause.actor.user, **milestone.model_dump(mode="json"))
    StartupRepository(unit).save_at_end(submission)
    event = MilestoneReached(
        university_id=submission.university_id,
        milestone=milestone.milestone,
        reached_on=milestone.reached_on,
    )
    return [new_event(event, startup_id=submission.startup_id, cause=cause)]
