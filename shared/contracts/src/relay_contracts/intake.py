"""Events produced by the intake service (the university stage)."""

from datetime import date
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from relay_contracts.envelope import Event
from relay_contracts.support import SupportKind

Stage = Literal["pre_startup", "early"]
SouthwestDistrict = Literal[
    "yeongdeungpo", "guro", "geumcheon", "gangseo", "yangcheon", "gwanak", "dongjak"
]
DuplicateMatch = Literal["business_registration_number", "ceo_and_company_name"]


class SupportReceived(BaseModel):
    """A support the startup already received before it leaves the university stage."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    program: str = Field(description="Program that gave the support.", examples=["mentoring"])
    kind: SupportKind = Field(description="Kind of support.", examples=["mentoring"])
    institution_id: str = Field(description="Institution that gave it.", examples=["snu"])
    amount_krw: int = Field(default=0, ge=0, description="Money given, in KRW (0 if in kind).")
    period_start: date | None = Field(default=None, description="First day it covered.")
    period_end: date | None = Field(default=None, description="Last day it covered.")


class StartupSubmitted(Event):
    """A university submitted a startup into the program."""

    topic: ClassVar[str] = "intake.startup-submitted.v1"

    university_id: str = Field(description="University that submitted it.", examples=["snu"])
    company_name: str = Field(description="Company (or project) name.", examples=["Hangang Labs"])
    stage: Stage = Field(description="pre_startup (예비창업) or early (초기, under 3 years).")
    business_registration_number: str | None = Field(
        default=None, description="사업자등록번호, 10 digits; present once the company registers."
    )
    sector: str = Field(description="Business sector.", examples=["ai"])
    desired_district: SouthwestDistrict = Field(description="District where it wants to settle.")
    youth: bool = Field(description="CEO aged 39 or under on the submission date (derived).")
    submitted_on: date = Field(description="Date of the submission.")
    submission_id: str | None = Field(
        default=None, description="Id of this university's submission (one per university)."
    )


class DuplicateDetected(Event):
    """A submission matched a startup already known; it was linked to that canonical startup."""

    topic: ClassVar[str] = "intake.duplicate-detected.v1"

    submission_id: str = Field(description="The new submission that matched.")
    university_id: str = Field(description="University that made the new submission.")
    matched_on: DuplicateMatch = Field(description="Which identity rule matched.")
    existing_university_ids: list[str] = Field(
        description="Universities that had already submitted the startup."
    )


class StartupsMerged(Event):
    """An operator merged two startup records; the envelope's startup_id is the survivor."""

    topic: ClassVar[str] = "intake.startups-merged.v1"

    survivor_id: str = Field(description="Canonical id that remains.")
    merged_id: str = Field(description="Id that is retired; every service re-points it.")
    reason: str = Field(description="Why the operator merged them.")


class CriterionScore(BaseModel):
    """One reviewer's score on one rubric criterion."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    criterion: str = Field(description="Rubric criterion.", examples=["team"])
    score: int = Field(ge=0, le=100, description="Score from 0 to 100.")
    reviewer: str = Field(description="Reviewer who gave it.")


class ScreeningCompleted(Event):
    """Reviewers scored a startup against a versioned rubric."""

    topic: ClassVar[str] = "intake.screening-completed.v1"

    university_id: str = Field(description="University that screened it.")
    rubric_id: str = Field(description="Rubric used.")
    rubric_version: int = Field(description="Version of the rubric used.")
    scores: list[CriterionScore] = Field(description="Every score recorded.")
    weighted_total: float = Field(description="Weighted total, 0 to 100.")


class StartupAdmitted(Event):
    """The university admitted the startup into nurturing."""

    topic: ClassVar[str] = "intake.startup-admitted.v1"

    university_id: str = Field(description="University that admitted it.")
    weighted_total: float | None = Field(default=None, description="Screening total, if any.")


class StartupRejected(Event):
    """The university rejected the startup, with its reason."""

    topic: ClassVar[str] = "intake.startup-rejected.v1"

    university_id: str = Field(description="University that rejected it.")
    reason: str = Field(description="Why it was rejected.")


class ProgramEnrolled(Event):
    """The startup was enrolled in a nurturing program (mentoring, education, prototyping)."""

    topic: ClassVar[str] = "intake.program-enrolled.v1"

    university_id: str = Field(description="University running the program.")
    program_id: str = Field(description="Program enrolled in.")
    kind: Literal["mentoring", "education", "prototyping"] = Field(description="Kind of program.")


class MilestoneReached(Event):
    """The startup reached a milestone while being nurtured."""

    topic: ClassVar[str] = "intake.milestone-reached.v1"

    university_id: str = Field(description="University that recorded it.")
    milestone: str = Field(description="What was reached.", examples=["prototype"])
    reached_on: date = Field(description="When it was reached.")


class StartupRegistered(Event):
    """A pre-startup registered its company and became an early startup (예비 → 초기)."""

    topic: ClassVar[str] = "intake.startup-registered.v1"

    university_id: str = Field(description="University nurturing it.")
    business_registration_number: str = Field(description="사업자등록번호, 10 digits.")
    registered_on: date = Field(description="Date of registration.")


class StartupGraduated(Event):
    """A university graduated a startup: it is ready to settle in a district."""

    topic: ClassVar[str] = "intake.startup-graduated.v1"

    university_id: str = Field(description="University that nurtured it.", examples=["snu"])
    company_name: str = Field(description="Company name.", examples=["Hangang Labs"])
    stage: Stage = Field(description="Stage at graduation.")
    business_registration_number: str | None = Field(default=None, description="사업자등록번호.")
    sector: str = Field(description="Business sector.", examples=["ai"])
    desired_district: SouthwestDistrict = Field(description="District where it wants to settle.")
    youth: bool = Field(description="CEO aged 39 or under on the submission date.")
    milestones: list[str] = Field(default_factory=list, description="Milestones reached.")
    support_received: list[SupportReceived] = Field(
        default_factory=list, description="Support already received at the university stage."
    )
