"""Events produced by the growth service (the agency stage)."""

from typing import ClassVar

from pydantic import Field

from relay_contracts.envelope import Event


class GrowthHandoffAccepted(Event):
    """An agency accepted a handoff offer; the startup enters its leap-stage support."""

    topic: ClassVar[str] = "growth.growth-handoff-accepted.v1"

    handoff_id: str = Field(description="Id of the handoff process (from the offer).")
    agency_id: str = Field(description="Agency that accepted.", examples=["sba"])


class GrowthHandoffDeclined(Event):
    """An agency declined a handoff offer, with its reason; the district may re-offer it."""

    topic: ClassVar[str] = "growth.growth-handoff-declined.v1"

    handoff_id: str = Field(description="Id of the handoff process (from the offer).")
    agency_id: str = Field(description="Agency that declined.", examples=["sba"])
    reason: str = Field(description="Why the agency declined.")
