"""A university's submission of a startup, and the rules of its stage."""

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field

from intake.domain.identity import MatchedOn
from relay_contracts.intake import SouthwestDistrict
from relay_eventing.errors import RuleViolation

YOUTH_MAX_AGE = 39
EARLY_STAGE_YEARS = 3

Stage = Literal["pre_startup", "early"]
ProgramKind = Literal["mentoring", "education", "prototyping"]


class Status(StrEnum):
    SUBMITTED = "submitted"
    SCREENED = "screened"
    NURTURING = "nurturing"
    REJECTED = "rejected"
    GRADUATED = "graduated"
    MERGED = "merged"


def age_on(birth_date: date, on: date) -> int:
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - int(before_birthday)


def is_youth(ceo_birth_date: date, on: date) -> bool:
    """청년 창업: the CEO is 39 or under on the given date."""
    return age_on(ceo_birth_date, on) <= YOUTH_MAX_AGE


def within_early_stage(registered_on: date, on: date) -> bool:
    """초기 창업: registered within the last three years."""
    try:
        limit = registered_on.replace(year=registered_on.year + EARLY_STAGE_YEARS)
    except ValueError:  # 29 February
        limit = date(registered_on.year + EARLY_STAGE_YEARS, 3, 1)
    return registered_on <= on < limit


class Founder(BaseModel):
    name: str
    birth_date: date
    role: str


class Program(BaseModel):
    program_id: str
    kind: ProgramKind
    amount_krw: int = 0
    period_start: date | None = None
    period_end: date | None = None
    enrolled_on: date


class Milestone(BaseModel):
    milestone: str
    reached_on: date


class HistoryEntry(BaseModel):
    at: datetime
    what: str
    by: str | None = None
    detail: dict[str, Any] = Field(default_factory=dict)


class DistrictReturn(BaseModel):
    case_id: str
    district_id: str
    reason: str
    returned_at: datetime


class DuplicateFlag(BaseModel):
    matched_on: MatchedOn
    existing_university_ids: list[str]


class Submission(BaseModel):
    """What one university knows and does about one startup; private to that university."""

    submission_id: str
    startup_id: str
    university_id: str
    company_name: str
    stage: Stage
    business_registration_number: str | None
    registered_on: date | None
    founders: list[Founder]
    sector: str
    description: str
    desired_district: SouthwestDistrict
    contact: dict[str, Any]
    documents: list[dict[str, Any]]
    youth: bool
    submitted_on: date
    status: Status = Status.SUBMITTED
    duplicate: DuplicateFlag | None = None
    weighted_total: float | None = None
    programs: list[Program] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
    returns: list[DistrictReturn] = Field(default_factory=list)
    history: list[HistoryEntry] = Field(default_factory=list)
    version: int = 0

    def record(self, what: str, by: str | None, **detail: Any) -> None:
        # To the millisecond, as BSON stores it: an answer built from the submission in hand
        # shows the same history as a later read of it.
        now = datetime.now(UTC)
        at = now.replace(microsecond=now.microsecond // 1000 * 1000)
        self.history.append(HistoryEntry(at=at, what=what, by=by, detail=detail))

    def _require(self, allowed: set[Status], doing: str) -> None:
        if self.status not in allowed:
            wanted = " or ".join(sorted(allowed))
            raise RuleViolation(
                f"cannot {doing}: startup {self.startup_id} is {self.status.value} here, "
                f"it must be {wanted}"
            )

    def screen(self, weighted_total: float) -> None:
        self._require({Status.SUBMITTED, Status.SCREENED}, "screen")
        self.status = Status.SCREENED
        self.weighted_total = weighted_total

    def admit(self) -> None:
        self._require({Status.SCREENED}, "admit (screen it first)")
        self.status = Status.NURTURING

    def reject(self) -> None:
        self._require({Status.SCREENED}, "reject (screen it first)")
        self.status = Status.REJECTED

    def enrol(self, program: Program) -> None:
        self._require({Status.NURTURING}, "enrol in a program")
        if any(p.program_id == program.program_id for p in self.programs):
            raise RuleViolation(f"already enrolled in program {program.program_id}")
        self.programs.append(program)

    def check_can_be_mentored(self) -> None:
        self._require({Status.NURTURING}, "record a mentoring session")
        if not any(p.kind == "mentoring" for p in self.programs):
            raise RuleViolation("enrol the startup in a mentoring program first")

    def reach(self, milestone: Milestone) -> None:
        self._require({Status.NURTURING}, "record a milestone")
        self.milestones.append(milestone)

    def register_company(self, brn: str, registered_on: date) -> None:
        self._require({Status.NURTURING}, "register the company")
        if self.stage == "early":
            raise RuleViolation(f"startup {self.startup_id} is already an early startup")
        self.stage = "early"
        self.business_registration_number = brn
        self.registered_on = registered_on

    def graduate(self, district: SouthwestDistrict) -> None:
        """Graduate to the district it now wants to settle in (it may have changed its mind)."""
        self._require({Status.NURTURING}, "graduate (only admitted startups graduate)")
        self.status = Status.GRADUATED
        self.desired_district = district

    def return_from_district(self, returned: DistrictReturn) -> None:
        self._require({Status.GRADUATED}, "take the startup back from the district")
        self.status = Status.NURTURING
        self.returns.append(returned)
