"""Copies of one startup at several universities: the one meaning of "duplicate", and when two
records of one company can be linked without an operator."""

from collections.abc import Iterable, Sequence
from datetime import date

from pydantic import BaseModel

from intake.domain.submission import Status, Submission


class Copy(BaseModel):
    """A submission as the rest of the program may see it: where it stands, never what it says."""

    submission_id: str
    startup_id: str
    university_id: str
    status: Status
    submitted_on: date

    @classmethod
    def of(cls, submission: Submission) -> "Copy":
        return cls.model_validate(submission.model_dump(include=set(cls.model_fields)))


def live(copies: Iterable[Copy]) -> list[Copy]:
    """The copies still in play: a copy retired by a merge is history, not a duplicate."""
    return [copy for copy in copies if copy.status is not Status.MERGED]


def elsewhere(submission_id: str, copies: Iterable[Copy]) -> list[Copy]:
    """The other live submissions of the startup (one per university).

    A submission is a duplicate exactly when this is not empty: the list, the detail and the
    events all ask this one question.
    """
    return [copy for copy in live(copies) if copy.submission_id != submission_id]


def graduated_elsewhere(submission: Submission, copies: Iterable[Copy]) -> bool:
    """A startup graduates from one university only."""
    return any(
        copy.status is Status.GRADUATED for copy in elsewhere(submission.submission_id, copies)
    )


def why_not_linked(
    university_id: str, pre_startup: Sequence[Copy], company: Sequence[Copy]
) -> str | None:
    """Why a pre-startup's record cannot join the known company's record, or None when it can.

    Linking keeps every submission as it is and only says both are one company. It cannot when
    one university holds both records (it would hold two submissions of one company, and only
    an operator can say which continues), or when both records graduated (two districts would
    hold one company). `university_id` is the university asking: it is told about its own
    records, and only that some other university is involved otherwise.
    """
    held_twice = {c.university_id for c in live(pre_startup)} & {
        c.university_id for c in live(company)
    }
    if university_id in held_twice:
        return f"{university_id} already holds the registered company as its own submission"
    if held_twice:
        return "another university already holds both records"
    if _graduated(pre_startup) and _graduated(company):
        return "both records have graduated to a district"
    return None


def _graduated(copies: Iterable[Copy]) -> bool:
    return any(copy.status is Status.GRADUATED for copy in live(copies))
