"""Incubation domain: settlement cases of a district and the handoff to the leap stage."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

GROWTH_NEEDS = ("investment", "export", "open_innovation", "rnd", "patents", "hiring")


class CaseStatus(StrEnum):
    OPEN = "open"
    HANDED_OFF = "handed_off"


class IncubationRuleViolation(Exception):
    """A request that breaks a rule of the district stage."""


@dataclass
class SettlementCase:
    case_id: str
    startup_id: str
    district_id: str
    university_id: str
    company_name: str
    sector: str
    opened_at: datetime
    status: CaseStatus = CaseStatus.OPEN
    handoffs: list[str] = field(default_factory=list)
    version: int = 0


@dataclass(frozen=True)
class HandoffOffer:
    handoff_id: str
    agency_id: str
    needs: tuple[str, ...]
    expires_at: datetime


def offer_handoff(
    case: SettlementCase,
    handoff_id: str,
    agency_id: str,
    needs: tuple[str, ...],
    now: datetime,
    answer_within: timedelta,
) -> HandoffOffer:
    if not needs:
        raise IncubationRuleViolation("a handoff needs a diagnosis: at least one growth need")
    unknown = sorted(set(needs) - set(GROWTH_NEEDS))
    if unknown:
        raise IncubationRuleViolation(f"unknown growth needs: {', '.join(unknown)}")
    case.status = CaseStatus.HANDED_OFF
    case.handoffs.append(handoff_id)
    return HandoffOffer(handoff_id, agency_id, needs, now + answer_within)
