"""Handoff offers made to an agency, its answer, and the startups it accepted."""

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from relay_eventing.errors import RuleViolation

MatchStage = Literal["early", "growth", "scale_up"]


class OfferStatus(StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"


def offer_key(handoff_id: str, attempt: int) -> str:
    """A re-offer of the same handoff is a new offer, possibly to another agency."""
    return f"{handoff_id}#{attempt}"


class HandoffOffer(BaseModel):
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


class LeapStartup(BaseModel):
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
    technologies: list[str] = Field(default_factory=list)
    stage: MatchStage = "early"

    @classmethod
    def of(cls, offer: HandoffOffer, now: datetime) -> "LeapStartup":
        return cls(
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
