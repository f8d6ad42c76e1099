"""The handoff to the leap stage: a process that is never silent about where it stands."""

from datetime import datetime
from enum import StrEnum
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from relay_contracts.incubation import GrowthNeed
from relay_eventing.errors import RuleViolation


class HandoffState(StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"


StepKind = Literal["offered", "accepted", "declined", "expired", "answer_ignored"]


class HandoffStep(BaseModel):
    """One thing that happened to the handoff, in order."""

    step: StepKind
    at: datetime
    agency_id: str
    attempt: int
    reason: str | None = None


class Handoff(BaseModel):
    """offered → accepted | declined (reason) → re-offered to another agency | expired."""

    handoff_id: str
    case_id: str
    startup_id: str
    district_id: str
    company_name: str
    sector: str
    needs: list[GrowthNeed] = Field(min_length=1)
    technologies: list[str] = Field(
        default_factory=list, description="Technologies the district noted in its diagnosis."
    )
    agency_id: str
    attempt: int = 1
    state: HandoffState = HandoffState.OFFERED
    opened_at: datetime = Field(description="When the first offer was made.")
    expires_at: datetime
    correlation_id: UUID
    history: list[HandoffStep] = Field(default_factory=list)
    version: int = 0

    @property
    def agencies_offered(self) -> list[str]:
        return list(dict.fromkeys(s.agency_id for s in self.history if s.step == "offered"))

    @property
    def active(self) -> bool:
        return self.state in (HandoffState.OFFERED, HandoffState.ACCEPTED)

    def reoffer(
        self,
        agency_id: str,
        expires_at: datetime,
        now: datetime,
        technologies: list[str] | None = None,
    ) -> None:
        if self.state not in (HandoffState.DECLINED, HandoffState.EXPIRED):
            raise RuleViolation(
                f"handoff {self.handoff_id} is {self.state.value}; only a declined or expired "
                "offer is re-offered"
            )
        if agency_id in self.agencies_offered:
            raise RuleViolation(
                f"handoff {self.handoff_id} was already offered to {agency_id}; "
                "re-offer it to another agency"
            )
        _require_future(expires_at, now)
        if technologies is not None:
            self.technologies = technologies
        self.agency_id = agency_id
        self.attempt += 1
        self.state = HandoffState.OFFERED
        self.expires_at = expires_at
        self._record("offered", now)

    def accept(self, agency_id: str, answered_at: datetime, now: datetime) -> bool:
        """True when the acceptance counts; a stale answer is kept in the history, not applied."""
        if not self._answerable(agency_id, answered_at, now):
            return False
        self.state = HandoffState.ACCEPTED
        self._record("accepted", now)
        return True

    def decline(self, agency_id: str, reason: str, answered_at: datetime, now: datetime) -> bool:
        if not self._answerable(agency_id, answered_at, now, reason):
            return False
        self.state = HandoffState.DECLINED
        self._record("declined", now, reason)
        return True

    def expire(self, now: datetime) -> bool:
        if self.state is not HandoffState.OFFERED or now < self.expires_at:
            return False
        self.state = HandoffState.EXPIRED
        self._record("expired", now, "no answer by the deadline")
        return True

    def _answerable(
        self, agency_id: str, answered_at: datetime, now: datetime, reason: str | None = None
    ) -> bool:
        why = None
        if agency_id != self.agency_id:
            why = f"{agency_id} does not hold the current offer"
        elif self.state is not HandoffState.OFFERED:
            why = f"the offer was already {self.state.value}"
        elif answered_at > self.expires_at:
            why = "answered after the deadline"
        if why is None:
            return True
        self.history.append(
            HandoffStep(
                step="answer_ignored",
                at=now,
                agency_id=agency_id,
                attempt=self.attempt,
                reason=f"{why}" + (f" (their reason: {reason})" if reason else ""),
            )
        )
        return False

    def _record(self, step: StepKind, now: datetime, reason: str | None = None) -> None:
        self.history.append(
            HandoffStep(
                step=step, at=now, agency_id=self.agency_id, attempt=self.attempt, reason=reason
            )
        )


def open_handoff(
    *,
    handoff_id: str,
    case_id: str,
    startup_id: str,
    district_id: str,
    company_name: str,
    sector: str,
    needs: list[GrowthNeed],
    agency_id: str,
    expires_at: datetime,
    correlation_id: UUID,
    now: datetime,
    technologies: list[str] | None = None,
) -> Handoff:
    """The first offer of a handoff process."""
    if not needs:
        raise RuleViolation("a handoff needs a diagnosis: at least one growth need")
    _require_future(expires_at, now)
    handoff = Handoff(
        handoff_id=handoff_id,
        case_id=case_id,
        startup_id=startup_id,
        district_id=district_id,
        company_name=company_name,
        sector=sector,
        needs=needs,
        technologies=technologies or [],
        agency_id=agency_id,
        opened_at=now,
        expires_at=expires_at,
        correlation_id=correlation_id,
    )
    handoff._record("offered", now)
    return handoff


def _require_future(expires_at: datetime, now: datetime) -> None:
    if expires_at <= now:
        raise RuleViolation("the answer deadline must be in the future")
