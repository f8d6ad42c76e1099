"""What a reader is shown: one submission, and only the standing of copies elsewhere."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from intake.domain.duplicates import Copy, elsewhere
from intake.domain.identity import MatchedOn
from intake.domain.submission import (
    DistrictReturn,
    Founder,
    HistoryEntry,
    Milestone,
    Program,
    Status,
    Submission,
)

DUPLICATE = (
    "True when another university holds a live submission of the same startup; the detail "
    "lists where each stands. The list and the detail answer this one question the same way."
)


class Elsewhere(BaseModel):
    """Another university's copy of the startup: where it stands, and nothing private."""

    status: Status
    submitted_on: date


class DuplicateView(BaseModel):
    matched_on: MatchedOn | None = Field(
        description="Which identity rule linked this submission; none for the first one."
    )
    elsewhere: list[Elsewhere]


class StartupSummary(BaseModel):
    startup_id: str
    submission_id: str
    university_id: str
    company_name: str
    stage: str
    business_registration_number: str | None
    status: Status
    sector: str
    desired_district: str
    youth: bool
    submitted_on: date
    duplicate: bool = Field(description=DUPLICATE)

    @classmethod
    def of(cls, submission: Submission, copies: Sequence[Copy]) -> "StartupSummary":
        """`copies` are every submission of the startup."""
        return cls(
            **submission.model_dump(include=set(cls.model_fields) - {"duplicate"}),
            duplicate=bool(elsewhere(submission.submission_id, copies)),
        )


class StartupView(BaseModel):
    startup_id: str
    submission_id: str
    university_id: str
    company_name: str
    stage: str
    business_registration_number: str | None
    registered_on: date | None
    founders: list[Founder]
    sector: str
    description: str
    desired_district: str
    contact: dict[str, Any]
    documents: list[dict[str, Any]]
    youth: bool
    submitted_on: date
    status: Status
    weighted_total: float | None
    programs: list[Program]
    milestones: list[Milestone]
    returns: list[DistrictReturn]
    duplicate: DuplicateView | None = Field(
        description="Present exactly when the list's `duplicate` is true: where the copies "
        "at other universities stand, never what they hold."
    )
    history: list[HistoryEntry]

    @classmethod
    def of(cls, submission: Submission, copies: Sequence[Copy]) -> "StartupView":
        """`copies` are every submission of the startup; only their standing is shown."""
        others = elsewhere(submission.submission_id, copies)
        duplicate = None
        if others:
            matched_on = submission.duplicate.matched_on if submission.duplicate else None
            duplicate = DuplicateView(
                matched_on=matched_on,
                elsewhere=[Elsewhere(status=c.status, submitted_on=c.submitted_on) for c in others],
            )
        fields = submission.model_dump(include=set(cls.model_fields) - {"duplicate"})
        return cls(**fields, duplicate=duplicate)
