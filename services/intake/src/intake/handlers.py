"""Intake use cases: each takes the unit of work and returns the events it emits."""

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import uuid4

from relay_contracts import Envelope
from relay_contracts.intake import StartupGraduated, StartupSubmitted
from relay_eventing import Cause, UnitOfWork, new_event

from intake.model import IntakeRuleViolation, Startup, is_youth
from intake.repository import StartupRepository


@dataclass(frozen=True)
class Submission:
    university_id: str
    company_name: str
    stage: str
    business_registration_number: str | None
    sector: str
    desired_district: str
    ceo_birth_date: date
    submitted_on: date


async def submit_startup(
    unit: UnitOfWork, submission: Submission, cause: Cause
) -> tuple[Startup, list[Envelope[Any]]]:
    """Record a university's submission and announce it."""
    startup = Startup(
        startup_id=f"st-{uuid4().hex[:16]}",
        university_id=submission.university_id,
        company_name=submission.company_name,
        stage=submission.stage,
        business_registration_number=submission.business_registration_number,
        sector=submission.sector,
        desired_district=submission.desired_district,
        youth=is_youth(submission.ceo_birth_date, submission.submitted_on),
        submitted_on=submission.submitted_on,
    )
    await StartupRepository(unit).add(startup)
    event = StartupSubmitted(
        university_id=startup.university_id,
        company_name=startup.company_name,
        stage=startup.stage,
        business_registration_number=startup.business_registration_number,
        sector=startup.sector,
        desired_district=startup.desired_district,
        youth=startup.youth,
        submitted_on=startup.submitted_on,
    )
    return startup, [new_event(event, startup_id=startup.startup_id, cause=cause)]


async def graduate_startup(unit: UnitOfWork, startup: Startup, cause: Cause) -> list[Envelope[Any]]:
    """Send a startup on to its desired district."""
    startup.graduate()
    await StartupRepository(unit).save(startup)
    event = StartupGraduated(
        university_id=startup.university_id,
        company_name=startup.company_name,
        stage=startup.stage,
        business_registration_number=startup.business_registration_number,
        sector=startup.sector,
        desired_district=startup.desired_district,
        youth=startup.youth,
    )
    return [new_event(event, startup_id=startup.startup_id, cause=cause)]


__all__ = ["IntakeRuleViolation", "Submission", "graduate_startup", "submit_startup"]
