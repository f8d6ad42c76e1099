"""Events produced by the incubation service (the district stage)."""

from datetime import datetime
from typing import ClassVar, Literal

from pydantic import Field

from relay_contracts.envelope import Event

GrowthNeed = Literal["investment", "export", "open_innovation", "rnd", "patents", "hiring"]


class SettlementCaseOpened(Event):
    """A district opened a settlement case for a graduated or referred startup."""

    topic: ClassVar[str] = "incubation.settlement-case-opened.v1"

    case_id: str = Field(description="Id of the settlement case.")
    district_id: str = Field(description="District that owns the case.", examples=["gwanak"])
    university_id: str = Field(description="University the startup graduated from.")
    company_name: str = Field(description="Company name.")
    sector: str = Field(description="Business sector.")


class GrowthHandoffOffered(Event):
    """A district offered a settled startup to an agency for leap-stage (도약) support."""

    topic: ClassVar[str] = "incubation.growth-handoff-offered.v1"

    handoff_id: str = Field(description="Id of the handoff process.")
    district_id: str = Field(description="District making the offer.", examples=["gwanak"])
    agency_id: str = Field(description="Agency the offer is made to.", examples=["sba"])
    company_name: str = Field(description="Company name.")
    sector: str = Field(description="Business sector.")
    needs: list[GrowthNeed] = Field(description="Diagnosis: what the startup needs next.")
    expires_at: datetime = Field(description="The offer lapses if not answered by then.")
