"""Settlement cases: a graduate arrives, the district approves or declines, the startup settles."""

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from incubation.domain.bounds import day_of
from incubation.domain.reference import SOUTHWEST_DISTRICTS
from relay_contracts.intake import Stage
from relay_eventing.errors import RuleViolation


class CaseStatus(StrEnum):
    OPEN = "open"
    APPROVED = "approved"
    DECLINED = "declined"
    SETTLED = "settled"
    HANDED_OFF = "handed_off"


class Placement(BaseModel):
    """The seat or room assigned on approval."""

    facility_id: str
    unit_label: str
    start_date: date
    backdate_reason: str | None = None


class Decline(BaseModel):
    """Why the district declined, and where the startup went next."""

    reason: str
    outcome: Literal["referred", "returned"]
    referred_to: str | None = None


class Residency(BaseModel):
    """The company's residency in the district and the conditions that keep it there."""

    registered_address: str
    moved_in_on: date
    minimum_stay_months: int = Field(ge=0)
    backdate_reason: str | None = None


class SettlementCase(BaseModel):
    """One startup's settlement in one district."""

    case_id: str
    startup_id: str
    district_id: str
    university_id: str
    company_name: str
    sector: str
    opened_at: datetime
    # What the graduation said of the startup; cases stored before these existed lack them.
    stage: Stage | None = None
    youth: bool | None = None
    business_registration_number: str | None = None
    graduated_on: date | None = None
    referred_by: str | None = None
    status: CaseStatus = CaseStatus.OPEN
    placement: Placement | None = None
    decline: Decline | None = None
    residency: Residency | None = None
    handoffs: list[str] = Field(default_factory=list)
    version: int = 0

    @property
    def arrived_on(self) -> date:
        """The first day the startup was at the district stage: nothing it did here is older."""
        return self.graduated_on or day_of(self.opened_at)

    def approve(self, placement: Placement) -> None:
        self.require_status(CaseStatus.OPEN, "approved")
        self.status = CaseStatus.APPROVED
        self.placement = placement

    def decline_with(self, decline: Decline) -> None:
        self.require_status(CaseStatus.OPEN, "declined")
        if decline.outcome == "referred":
            target = decline.referred_to
            if target not in SOUTHWEST_DISTRICTS:
                raise RuleViolation(f"{target} is not a southwest district")
            if target == self.district_id:
                raise RuleViolation("a district cannot refer a startup to itself")
        self.status = CaseStatus.DECLINED
        self.decline = decline

    def settle(self, residency: Residency) -> None:
        self.require_status(CaseStatus.APPROVED, "settled")
        assert self.placement is not None
        if residency.moved_in_on < self.placement.start_date:
            raise RuleViolation(
                f"move-in {residency.moved_in_on} is before the seat's start date "
                f"{self.placement.start_date}"
            )
        self.status = CaseStatus.SETTLED
        self.residency = residency

    def require_supportable(self) -> None:
        """Support goes to startups the district has taken in: approved or settled."""
        if self.status not in (CaseStatus.APPROVED, CaseStatus.SETTLED, CaseStatus.HANDED_OFF):
            raise RuleViolation(
                f"case {self.case_id} is {self.status.value}; support needs an approved case"
            )

    def require_settled(self, to: str) -> Residency:
        if self.status not in (CaseStatus.SETTLED, CaseStatus.HANDED_OFF):
            raise RuleViolation(
                f"case {self.case_id} is {self.status.value}; only a settled startup can {to}"
            )
        assert self.residency is not None
        return self.residency

    def require_status(self, status: CaseStatus, to: str) -> None:
        if self.status is not status:
            raise RuleViolation(f"case {self.case_id} is {self.status.value}; it cannot be {to}")
