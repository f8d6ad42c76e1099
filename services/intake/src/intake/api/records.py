"""What a create under a startup made, each at the address its `Location` gave.

Screenings and mentoring sessions are kept in the submission's history, milestones and
programs in the submission itself; they are numbered from 1 in the order they were recorded.
"""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel

from intake.api.filters import StartupReaderDep
from intake.api.schemas import StartupId
from intake.domain.submission import HistoryEntry, Program, Submission
from intake.repository.startups import StartupRepository
from relay_contracts.intake import CriterionScore
from relay_eventing import UnitOfWork
from relay_eventing.errors import NotFound
from relay_eventing.operations import RuntimeDep

router = APIRouter(tags=["startups"])

Number = Annotated[int, Path(ge=1, le=100_000, description="1 for the first one recorded.")]
ProgramId = Annotated[str, Path(min_length=1, max_length=100)]


class Recorded(BaseModel):
    number: int
    at: datetime
    by: str | None


class ScreeningView(Recorded):
    rubric_id: str
    rubric_version: int
    scores: list[CriterionScore]
    weighted_total: float


class MentoringSessionView(Recorded):
    mentor: str
    held_on: date
    topic: str
    notes: str | None = None


class MilestoneView(BaseModel):
    number: int
    milestone: str
    reached_on: date


def numbered(history: Sequence[HistoryEntry], what: str) -> int:
    """How many entries of a kind the history holds: the number of the latest one."""
    return sum(entry.what == what for entry in history)


def _entry(submission: Submission, what: str, number: int) -> dict[str, Any]:
    """The fields of the `number`th history entry of a kind."""
    entries = [entry for entry in submission.history if entry.what == what]
    if number > len(entries):
        raise NotFound(f"{what.replace('_', ' ')} {number} of startup {submission.startup_id}")
    entry = entries[number - 1]
    return {**entry.detail, "number": number, "at": entry.at, "by": entry.by}


async def _held(runtime: RuntimeDep, reader: StartupReaderDep, startup_id: str) -> Submission:
    async def work(unit: UnitOfWork) -> Submission:
        return await StartupRepository(unit).submission_for(reader, startup_id)

    return await runtime.read(work)


@router.get("/startups/{startup_id}/screenings/{number}")
async def get_screening(
    startup_id: StartupId, number: Number, reader: StartupReaderDep, runtime: RuntimeDep
) -> ScreeningView:
    """One screening: the rubric version, every reviewer's score and the weighted total."""
    fields = _entry(await _held(runtime, reader, startup_id), "screened", number)
    return ScreeningView.model_validate(fields)


@router.get("/startups/{startup_id}/mentoring-sessions/{number}")
async def get_mentoring_session(
    startup_id: StartupId, number: Number, reader: StartupReaderDep, runtime: RuntimeDep
) -> MentoringSessionView:
    """One mentoring session as it was recorded."""
    fields = _entry(await _held(runtime, reader, startup_id), "mentoring_session", number)
    return MentoringSessionView.model_validate(fields)


@router.get("/startups/{startup_id}/milestones/{number}")
async def get_milestone(
    startup_id: StartupId, number: Number, reader: StartupReaderDep, runtime: RuntimeDep
) -> MilestoneView:
    """One milestone the startup reached."""
    submission = await _held(runtime, reader, startup_id)
    if number > len(submission.milestones):
        raise NotFound(f"milestone {number} of startup {submission.startup_id}")
    reached = submission.milestones[number - 1]
    return MilestoneView(number=number, **reached.model_dump())


@router.get("/startups/{startup_id}/programs/{program_id}")
async def get_program(
    startup_id: StartupId, program_id: ProgramId, reader: StartupReaderDep, runtime: RuntimeDep
) -> Program:
    """One program the startup is enrolled in."""
    submission = await _held(runtime, reader, startup_id)
    for program in submission.programs:
        if program.program_id == program_id:
            return program
    raise NotFound(f"program {program_id} of startup {submission.startup_id}")
