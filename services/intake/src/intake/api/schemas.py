"""What a request may carry; every rule that needs no database is checked here (422)."""

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationInfo, field_validator

from intake.domain.bounds import Money, RubricVersion, in_program_years, in_the_past, today
from intake.domain.identity import normalize_brn
from intake.domain.submission import ProgramKind, Stage, within_early_stage
from relay_contracts.intake import SouthwestDistrict

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
RUBRIC_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,60}$"
UNIVERSITY_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,40}$"

# A create answers 201 with the address of what it made.
CREATED: dict[int | str, dict[str, Any]] = {
    201: {
        "description": "Created; `Location` is where to read it.",
        "headers": {
            "Location": {
                "description": "The path of the created resource.",
                "schema": {"type": "string"},
            }
        },
    }
}

StartupId = Annotated[str, Path(pattern=ID_PATTERN, description="The startup's canonical id.")]
RubricId = Annotated[str, Path(pattern=RUBRIC_ID_PATTERN)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class FounderIn(Strict):
    name: str = Field(min_length=1, max_length=100, examples=["김민지"])
    birth_date: date = Field(examples=["1996-04-02"])
    role: Literal["ceo", "cto", "coo", "cfo", "member"]

    @field_validator("birth_date")
    @classmethod
    def plausible_birth_date(cls, value: date) -> date:
        if not date(1900, 1, 1) <= value <= today():
            raise ValueError("must be a past date after 1900")
        return value


class Contact(Strict):
    name: str = Field(min_length=1, max_length=100)
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)
    phone: str | None = Field(default=None, pattern=r"^\+?[0-9][0-9 \-]{6,19}$")


class DocumentLink(Strict):
    title: str = Field(min_length=1, max_length=200)
    url: HttpUrl


class SubmitStartup(Strict):
    company_name: str = Field(min_length=1, max_length=200, examples=["한강랩스"])
    stage: Stage = Field(description="pre_startup (예비창업) or early (초기, under 3 years).")
    business_registration_number: str | None = Field(
        default=None,
        validate_default=True,
        max_length=20,
        description="사업자등록번호, 10 digits with a valid check digit; required for early.",
        examples=["220-81-62517"],
    )
    registered_on: date | None = Field(
        default=None, validate_default=True, description="Company registration date (early)."
    )
    founders: list[FounderIn] = Field(min_length=1, max_length=20)
    sector: str = Field(min_length=1, max_length=100, examples=["ai"])
    description: str = Field(min_length=1, max_length=2000)
    desired_district: SouthwestDistrict
    contact: Contact
    documents: list[DocumentLink] = Field(default_factory=list, max_length=20)

    @field_validator("business_registration_number")
    @classmethod
    def number_fits_stage(cls, value: str | None, info: ValidationInfo) -> str | None:
        stage = info.data.get("stage")
        if value is None:
            if stage == "early":
                raise ValueError("required for an early startup")
            return None
        if stage == "pre_startup":
            raise ValueError("a pre-startup has no company yet; submit it as early")
        return normalize_brn(value)

    @field_validator("registered_on")
    @classmethod
    def registration_fits_stage(cls, value: date | None, info: ValidationInfo) -> date | None:
        stage = info.data.get("stage")
        if value is None:
            if stage == "early":
                raise ValueError("required for an early startup")
            return None
        if stage == "pre_startup":
            raise ValueError("a pre-startup has no registration date")
        if not within_early_stage(value, today()):
            raise ValueError("an early startup registered within the last 3 years, not later")
        return value

    @field_validator("founders")
    @classmethod
    def exactly_one_ceo(cls, founders: list[FounderIn]) -> list[FounderIn]:
        ceos = sum(founder.role == "ceo" for founder in founders)
        if ceos != 1:
            raise ValueError(f"exactly one founder must have role 'ceo' (found {ceos})")
        return founders


class ScoreIn(Strict):
    criterion: str = Field(min_length=1, max_length=60, examples=["team"])
    score: int = Field(ge=0, le=100)
    reviewer: str = Field(min_length=1, max_length=100)


class ScreenStartup(Strict):
    rubric_id: str = Field(default="startup-screening", pattern=RUBRIC_ID_PATTERN)
    rubric_version: RubricVersion | None = Field(default=None, description="Latest when omitted.")
    scores: list[ScoreIn] = Field(min_length=1, max_length=200)


class Decide(Strict):
    decision: Literal["admit", "reject"]
    reason: str | None = Field(default=None, max_length=2000, validate_default=True)

    @field_validator("reason")
    @classmethod
    def rejection_has_reason(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("decision") == "reject" and not value:
            raise ValueError("a rejection needs a reason")
        return value


class EnrolInProgram(Strict):
    program_id: str = Field(
        min_length=1,
        max_length=100,
        pattern=r"^[^/\x00-\x1f]+$",
        description="No slash: the program is read back at /startups/{id}/programs/{program_id}.",
        examples=["snu-mentoring-2026"],
    )
    kind: ProgramKind
    amount_krw: Money = 0
    period_start: date | None = None
    period_end: date | None = None

    @field_validator("period_start")
    @classmethod
    def starts_in_program_years(cls, value: date | None) -> date | None:
        return None if value is None else in_program_years(value)

    @field_validator("period_end")
    @classmethod
    def ends_after_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is None:
            return None
        start = info.data.get("period_start")
        if start is not None and value < start:
            raise ValueError("must not be before period_start")
        return in_program_years(value)


class MentoringSession(Strict):
    mentor: str = Field(min_length=1, max_length=100)
    held_on: date
    topic: str = Field(min_length=1, max_length=200)
    notes: str | None = Field(default=None, max_length=4000)

    _held = field_validator("held_on")(in_the_past)


class RecordMilestone(Strict):
    milestone: str = Field(min_length=1, max_length=200, examples=["prototype"])
    reached_on: date

    _reached = field_validator("reached_on")(in_the_past)


class RegisterCompany(Strict):
    business_registration_number: str = Field(max_length=20, examples=["220-81-62517"])
    registered_on: date

    @field_validator("registered_on")
    @classmethod
    def registered_as_early(cls, value: date) -> date:
        if not within_early_stage(value, today()):
            raise ValueError("must be within the last 3 years (초기), and not in the future")
        return value

    @field_validator("business_registration_number")
    @classmethod
    def valid_number(cls, value: str) -> str:
        return normalize_brn(value)


class MergeStartups(Strict):
    survivor_id: str = Field(pattern=ID_PATTERN)
    merged_id: str = Field(pattern=ID_PATTERN)
    reason: str = Field(min_length=1, max_length=2000)


class Graduate(Strict):
    desired_district: SouthwestDistrict | None = Field(
        default=None,
        description="The district it now wants to settle in; the one it asked for when omitted.",
        examples=["guro"],
    )
