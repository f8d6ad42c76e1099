"""Intake domain: a startup submitted by a university, and the rules of its stage."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

YOUTH_MAX_AGE = 39


class StartupStatus(StrEnum):
    SUBMITTED = "submitted"
    GRADUATED = "graduated"


class IntakeRuleViolation(Exception):
    """A request that breaks a rule of the university stage."""


def age_on(birth_date: date, on: date) -> int:
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - int(before_birthday)


def is_youth(ceo_birth_date: date, on: date) -> bool:
    """청년 창업: the CEO is 39 or under on the given date."""
    return age_on(ceo_birth_date, on) <= YOUTH_MAX_AGE


@dataclass
class Startup:
    startup_id: str
    university_id: str
    company_name: str
    stage: str
    business_registration_number: str | None
    sector: str
    desired_district: str
    youth: bool
    submitted_on: date
    status: StartupStatus = StartupStatus.SUBMITTED
    version: int = 0

    def graduate(self) -> None:
        if self.status is StartupStatus.GRADUATED:
            raise IntakeRuleViolation(f"startup {self.startup_id} has already graduated")
        self.status = StartupStatus.GRADUATED
