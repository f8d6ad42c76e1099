"""Handoff offers made to an agency, its answer, and the startups it accepted."""

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from relay_contracts.incubation import GrantReceived, GrowthHandoffOffered
from relay_contracts.intake import Stage
from relay_contracts.outcomes import OutcomeSnapshot
from relay_eventing.errors import RuleViolation

MatchStage = Literal["early", "growth", "scale_up"]


class StartupPicture(BaseModel):
    """What the district knew of the startup when it offered it, carried by the offer so the
    agency that accepts starts with the whole picture."""

    university_id: str | None = None
    intake_stage: Stage | None = Field(
        default=None, description="Stage when it came to the district (pre_startup, early)."
    )
    youth: bool | None = None
    business_registration_number: str | None = None
    technologies: list[str] = Field(default_factory=list)
    kpi_history: list[OutcomeSnapshot] = Field(
        default_factory=list, description="The district's KPI snapshots, oldest first."
    )
    grants_received: list[GrantReceived] = Field(
        default_factory=list, description="Every support in the district's benefit ledger."
    )

    @classmethod
    def offered(cls, payload: GrowthHandoffOffered) -> "StartupPicture":
        return cls(
            university_id=payload.university_id,
            intake_stage=payload.stage,
            youth=payload.youth,
            business_registration_number=payload.business_registration_number,
            technologies=list(payload.technologies),
            kpi_history=list(payload.kpi_history),
            grants_received=list(payload.grants_received),
        )


class OfferStatus(StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"


def offer_key(handoff_id: str, attempt: int) -> str:
    """A re-offer of the same handoff is a new offer, possibly to another agency."""
    return f"{handoff_id}#{attempt}"


class HandoffOffer(StartupPicture):
    offer_id: str
    handoff_id: str
    attempt: int
    startup_id: str
    agency_id: str
    district_id: str
    company_name: str
    sector: str
    needs: list[str]
    expires_at: datetime
    received_at: datetime
    event_id: str
    correlation_id: str
    status: OfferStatus = OfferStatus.OFFERED
    reason: str | None = None
    answered_at: datetime | None = None
    version: int = 0

    def answered(self, status: OfferStatus, now: datetime, reason: str | None) -> "HandoffOffer":
        """The offer once answered; only an open, unexpired offer can be answered."""
        if self.status is not OfferStatus.OFFERED:
            raise RuleViolation(f"offer {self.handoff_id} is already {self.status.value}")
        if self.expires_at <= now:
            raise RuleViolation(f"offer {self.handoff_id} expired at {self.expires_at}")
        return self.model_copy(
            update={
                "status": status,
                "reason": reason,
                "answered_at": now,
                "version": self.version + 1,
            }
        )


class LeapStartup(StartupPicture):
    """A startup an agency accepted: the only startups it sees, enrols and matches."""

    leap_id: str
    agency_id: str
    startup_id: str
    handoff_id: str
    district_id: str
    company_name: str
    sector: str
    needs: list[str]
    accepted_at: datetime
    stage: MatchStage = "early"

    @classmethod
    def of(cls, offer: HandoffOffer, now: datetime) -> "LeapStartup":
        return cls(
            **offer.model_dump(include=set(StartupPicture.model_fields)),
            leap_id=f"{offer.agency_id}:{offer.handoff_id}",
            agency_id=offer.agency_id,
            startup_id=offer.startup_id,
            handoff_id=offer.handoff_id,
            district_id=offer.district_id,
            company_name=offer.company_name,
            sector=offer.sector,
            needs=offer.needs,
            accepted_at=now,
        )
