"""Events produced by the intake service (the university stage)."""

from datetime import date
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from relay_contracts.envelope import Event

Stage = Literal["pre_startup", "early"]
SouthwestDistrict = Literal[
    "yeongdeungpo", "guro", "geumcheon", "gangseo", "yangcheon", "gwanak", "dongjak"
]


class SupportReceived(BaseModel):
    """A support the startup already received before it leaves the university stage."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    program: str = Field(description="Program that gave the support.", examples=["mentoring"])
    kind: str = Field(description="Kind of support.", examples=["mentoring"])
    institution_id: str = Field(description="Institution that gave it.", examples=["snu"])
    amount_krw: int = Field(default=0, ge=0, description="Money given, in KRW (0 if in kind).")


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
