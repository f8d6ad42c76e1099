"""The canonical startup: one record per real company, whichever universities submitted it."""

from datetime import date, datetime

from pydantic import BaseModel

from intake.domain.submission import Stage


class CompanyFacts(BaseModel):
    """What is true of the company itself, so the same in every university's submission."""

    stage: Stage
    business_registration_number: str | None
    registered_on: date | None


class Startup(BaseModel):
    startup_id: str
    company_name: str
    stage: Stage
    business_registration_number: str | None = None
    registered_on: date | None = None
    merged_into: str | None = None
    created_at: datetime
    first_university_id: str
