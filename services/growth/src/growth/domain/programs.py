"""Leap-stage programs: cohorts with capacity and dates, enrolments and their completion."""

from datetime import date, datetime
from enum import StrEnum
from typing import Final

from pydantic import BaseModel, Field

from growth.domain.bounds import Money
from relay_eventing.errors import RuleViolation

# The one kind whose completion may name investors and their amounts.
INVESTMENT_MATCHING: Final = "investment_matching"


class Program(BaseModel):
    program_id: str
    agency_id: str
    kind: str = Field(description="A program kind of the reference data (GET /program-kinds).")
    title: str
    description: str = ""
    event_name: str | None = None  # a trade fair, a demo day, a hiring camp
    created_at: datetime


class Cohort(BaseModel):
    cohort_id: str
    program_id: str
    agency_id: str
    name: str
    capacity: int = Field(ge=1)
    starts_on: date
    ends_on: date
    enrolled: int = 0


class EnrolmentStatus(StrEnum):
    ENROLLED = "enrolled"
    COMPLETED = "completed"


class InvestorMatch(BaseModel):
    """An investor matched at a demo day, and the amount it committed."""

    investor: str = Field(min_length=1, max_length=200)
    amount_krw: Money


class Enrolment(BaseModel):
    enrolment_id: str
    agency_id: str
    program_id: str
    cohort_id: str
    startup_id: str
    kind: str
    enrolled_at: datetime
    status: EnrolmentStatus = EnrolmentStatus.ENROLLED
    completed_at: datetime | None = None
    outcome: str | None = None
    support_krw: int = 0
    matches: list[InvestorMatch] = Field(default_factory=list)

    def completed(
        self, outcome: str, support_krw: int, matches: list[InvestorMatch], now: datetime
    ) -> "Enrolment":
        if self.status is EnrolmentStatus.COMPLETED:
            raise RuleViolation(f"{self.startup_id} already completed {self.cohort_id}")
        if matches and self.kind != INVESTMENT_MATCHING:
            raise RuleViolation("investor matches belong to investment matching programs")
        return self.model_copy(
            update={
                "status": EnrolmentStatus.COMPLETED,
                "completed_at": now,
                "outcome": outcome,
                "support_krw": support_krw,
                "matches": matches,
            }
        )


def enrolment_key(cohort_id: str, startup_id: str) -> str:
    """One enrolment per startup and cohort, enforced by the key."""
    return f"{cohort_id}:{startup_id}"
