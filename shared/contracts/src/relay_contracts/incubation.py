"""Events produced by the incubation service (the district stage)."""

from datetime import date, datetime
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from relay_contracts.envelope import Event
from relay_contracts.intake import Stage
from relay_contracts.outcomes import OutcomeFigures, OutcomeSnapshot
from relay_contracts.support import SupportGrantFields, SupportKind

GrowthNeed = Literal["investment", "export", "open_innovation", "rnd", "patents", "hiring"]


class SettlementCaseOpened(Event):
    """A district opened a settlement case for a graduated or referred startup.

    This is the district's queue as a topic: a district subscribes and filters on district_id.
    """

    topic: ClassVar[str] = "incubation.settlement-case-opened.v1"

    case_id: str = Field(description="Id of the settlement case.")
    district_id: str = Field(description="District that owns the case.", examples=["gwanak"])
    university_id: str = Field(description="University the startup graduated from.")
    company_name: str = Field(description="Company name.")
    sector: str = Field(description="Business sector.")
    referred_by: str | None = Field(
        default=None, description="District that referred it here, if it came by referral."
    )


class SettlementApproved(Event):
    """A district approved settlement and assigned a seat or room in one of its facilities."""

    topic: ClassVar[str] = "incubation.settlement-approved.v1"

    case_id: str = Field(description="Settlement case.")
    district_id: str = Field(description="District approving.")
    facility_id: str = Field(description="Facility where the seat or room is.")
    unit_label: str = Field(description="Seat or room assigned.", examples=["seat-12"])
    start_date: date = Field(description="First day of occupancy.")
    backdate_reason: str | None = Field(
        default=None,
        description="Why the start date lies further in the past than the district allows "
        "without one; none when it does not.",
    )


class SettlementDeclined(Event):
    """A district declined settlement, with its reason."""

    topic: ClassVar[str] = "incubation.settlement-declined.v1"

    case_id: str = Field(description="Settlement case.")
    district_id: str = Field(description="District declining.")
    reason: str = Field(description="Why it was declined.")


class StartupReferred(Event):
    """A declined startup was referred to another southwest district, which opens a new case."""

    topic: ClassVar[str] = "incubation.startup-referred.v1"

    case_id: str = Field(description="The declined case.")
    from_district_id: str = Field(description="District referring.")
    to_district_id: str = Field(description="District the startup is referred to.")
    university_id: str = Field(description="University the startup graduated from.")
    company_name: str = Field(description="Company name.")
    sector: str = Field(description="Business sector.")
    reason: str = Field(description="Why it was referred.")


class StartupReturnedToUniversity(Event):
    """A declined startup was returned to its university, with the reason."""

    topic: ClassVar[str] = "incubation.startup-returned-to-university.v1"

    case_id: str = Field(description="The declined case.")
    district_id: str = Field(description="District returning it.")
    university_id: str = Field(description="University it goes back to.")
    reason: str = Field(description="Why it was returned.")


class StartupSettled(Event):
    """The startup moved in: residency recorded, with the conditions that keep it there."""

    topic: ClassVar[str] = "incubation.startup-settled.v1"

    case_id: str = Field(description="Settlement case.")
    district_id: str = Field(description="District it settled in.")
    registered_address: str = Field(description="Registered address in the district.")
    moved_in_on: date = Field(description="Move-in date.")
    minimum_stay_months: int = Field(ge=0, description="Months it must stay for its support.")
    backdate_reason: str | None = Field(
        default=None,
        description="Why the move-in lies further in the past than the district allows "
        "without one; none when it does not.",
    )


class SupportGranted(SupportGrantFields, Event):
    """A district granted administrative or financial support against a program budget."""

    topic: ClassVar[str] = "incubation.support-granted.v1"


class GrowthSnapshotRecorded(Event):
    """A KPI snapshot of a settled startup."""

    topic: ClassVar[str] = "incubation.growth-snapshot-recorded.v1"

    district_id: str = Field(description="District recording it.")
    as_of: date = Field(description="Date the figures describe.")
    employees: int = Field(ge=0, description="Employees.")
    revenue_krw: int = Field(ge=0, description="Revenue over the last 12 months, KRW.")
    investment_raised_krw: int = Field(ge=0, description="Investment raised to date, KRW.")
    ip_filed: int = Field(ge=0, description="IP applications filed.")
    ip_registered: int = Field(ge=0, description="IP registered.")
    operating: bool = Field(description="Still operating.")
    outcomes: OutcomeFigures | None = Field(
        default=None,
        description="The same figures in the program's one KPI vocabulary (성과지표); "
        "none from producers that predate it.",
    )


class GrantReceived(BaseModel):
    """A support the startup received, from any institution, as the district's ledger holds it."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    program: str = Field(description="Program it was granted under.", examples=["gwanak-rent"])
    kind: SupportKind = Field(description="Kind of support.", examples=["rent_subsidy"])
    institution_id: str = Field(description="Institution that granted it.", examples=["gwanak"])
    amount_krw: int = Field(ge=0, description="Money granted, in KRW (0 for in-kind support).")
    granted_on: date = Field(description="Date the grant was recorded.")
    period_start: date | None = Field(default=None, description="First day it covers.")
    period_end: date | None = Field(default=None, description="Last day it covers.")


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
    attempt: int = Field(default=1, ge=1, description="1 for the first offer, 2 for a re-offer…")
    # What the district knows of the startup travels with the offer, so the agency that
    # accepts it starts with the whole picture instead of re-typing it.
    university_id: str | None = Field(
        default=None, description="University the startup graduated from."
    )
    stage: Stage | None = Field(default=None, description="Stage when it came to the district.")
    youth: bool | None = Field(default=None, description="CEO aged 39 or under, when known.")
    business_registration_number: str | None = Field(
        default=None, description="사업자등록번호, when the company is registered."
    )
    technologies: list[str] = Field(
        default_factory=list, description="Technologies it works with, when known."
    )
    kpi_history: list[OutcomeSnapshot] = Field(
        default_factory=list,
        description="Every KPI snapshot the district recorded, oldest first, in the one "
        "vocabulary.",
    )
    grants_received: list[GrantReceived] = Field(
        default_factory=list,
        description="Every support in the district's benefit ledger, from any institution.",
    )


class GrowthHandoffExpired(Event):
    """An offer lapsed unanswered; the agency can no longer accept it."""

    topic: ClassVar[str] = "incubation.growth-handoff-expired.v1"

    handoff_id: str = Field(description="Id of the handoff process.")
    agency_id: str = Field(description="Agency that did not answer.")
