"""What a university is shown: its own submission, and only the standing of copies elsewhere."""

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

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
    company_name: str
    stage: str
    status: Status
    sector: str
    desired_district: str
    youth: bool
    submitted_on: date
    duplicate: bool

    @classmethod
    def of(cls, submission: Submission) -> "StartupSummary":
        return cls(
            **submission.model_dump(include=set(cls.model_fields) - {"duplicate"}),
            duplicate=submission.duplicate is not None,
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
    duplicate: DuplicateView | None
    history: list[HistoryEntry]

    @classmethod
    def of(cls, submission: Submission, copies: list[Submission]) -> "StartupView":
        """`copies` are every submission of the startup; only their standing is shown."""
        elsewhere = [
            Elsewhere(status=c.status, submitted_on=c.submitted_on)
            for c in copies
            if c.submission_id != submission.submission_id and c.status is not Status.MERGED
        ]
        duplicate = None
        if submission.duplicate is not None or elsewhere:
            matched_on = submission.duplicate.matched_on if submission.duplicate else None
            duplicate = DuplicateView(matched_on=matched_on, elsewhere=elsewhere)
        fields = submission.model_dump(include=set(cls.model_fields) - {"duplicate"})
        return cls(**fields, duplicate=duplicate)
