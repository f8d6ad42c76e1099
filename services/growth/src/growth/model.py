"""Growth domain: handoff offers made to an agency, and what it answers."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class OfferStatus(StrEnum):
    OFFERED = "offered"


class GrowthRuleViolation(Exception):
    """A request that breaks a rule of the agency stage."""


@dataclass
class HandoffOffer:
    handoff_id: str
    startup_id: str
    agency_id: str
    district_id: str
    company_name: str
    sector: str
    needs: list[str]
    expires_at: datetime
    received_at: datetime
    status: OfferStatus = OfferStatus.OFFERED
    version: int = 0
