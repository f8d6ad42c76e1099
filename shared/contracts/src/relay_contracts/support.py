"""The shape of a support grant, shared by every producer that grants support."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SupportKind = Literal[
    "mentoring",
    "education",
    "prototyping",
    "rent_subsidy",
    "settlement_grant",
    "consulting",
    "admin_help",
    "investment_matching",
    "export",
    "open_innovation",
    "rnd",
    "patent",
    "hiring",
]


class SupportGrantFields(BaseModel):
    """What the benefit ledger needs to know of any grant, whoever granted it."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    grant_id: str = Field(description="Id of the grant, unique across institutions.")
    program_id: str = Field(description="Program the grant is made under.")
    kind: SupportKind = Field(description="Kind of support.", examples=["rent_subsidy"])
    amount_krw: int = Field(ge=0, description="Money granted, in KRW (0 for in-kind support).")
    period_start: date = Field(description="First day the support covers.")
    period_end: date = Field(description="Last day the support covers.")
    institution_id: str = Field(description="Institution granting it.", examples=["gwanak"])
