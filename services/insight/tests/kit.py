"""Events of startups' lives, as the three services publish them, for insight's tests."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from relay_contracts import Actor, Envelope, Event, OrganizationKind
from relay_contracts.growth import (
    GrowthHandoffAccepted,
    GrowthHandoffDeclined,
    LeapProgramEnrolled,
    OutcomeSnapshotRecorded,
)
from relay_contracts.incubation import (
    GrowthHandoffOffered,
    GrowthSnapshotRecorded,
    SettlementApproved,
    SettlementCaseOpened,
    StartupSettled,
)
from relay_contracts.intake import (
    CriterionScore,
    DuplicateDetected,
    ScreeningCompleted,
    StartupAdmitted,
    StartupGraduated,
    StartupsMerged,
    StartupSubmitted,
)
from relay_eventing import Cause, new_event

START = datetime(2025, 3, 2, 9, 0, tzinfo=UTC)
KIND = {
    "snu": OrganizationKind.UNIVERSITY,
    "cau": OrganizationKind.UNIVERSITY,
    "soongsil": OrganizationKind.UNIVERSITY,
    "gwanak": OrganizationKind.DISTRICT,
    "guro": OrganizationKind.DISTRICT,
    "sba": OrganizationKind.AGENCY,
    "kosme": OrganizationKind.AGENCY,
    "operator": OrganizationKind.OPERATOR,
}


def actor(organization_id: str) -> Actor:
    return Actor(organization_id=organization_id, organization_kind=KIND[organization_id])


@dataclass
class Life:
    """One startup's events, appended in the order the services would publish them."""

    startup_id: str
    university: str = "snu"
    district: str = "gwanak"
    sector: str = "ai"
    youth: bool = True
    at: datetime = START
    events: list[Envelope[Any]] = field(default_factory=list)

    def add(
        self, payload: Event, by: str, *, days: float = 1, caused_by: Envelope[Any] | None = None
    ) -> Envelope[Any]:
        self.at += timedelta(days=days)
        cause = Cause.event(caused_by) if caused_by else Cause.request(actor(by))
        envelope = new_event(payload, startup_id=self.startup_id, cause=cause, occurred_at=self.at)
        self.events.append(envelope)
        return envelope

    def submit(self) -> "Life":
        self.add(
            StartupSubmitted(
                university_id=self.university,
                company_name=f"Company {self.startup_id}",
                stage="pre_startup",
                business_registration_number="1208147521",
                sector=self.sector,
                desired_district="gwanak",
                youth=self.youth,
                submitted_on=self.at.date(),
                submission_id=f"sub-{self.startup_id}",
            ),
            self.university,
            days=0,
        )
        return self

    def nurture(self, *, admit_days: float = 10, graduate_days: float = 30) -> "Life":
        score = CriterionScore(criterion="team", score=80, reviewer="Prof. Park Jiwoo")
        screening = ScreeningCompleted(
            university_id=self.university,
            rubric_id="default",
            rubric_version=1,
            scores=[score],
            weighted_total=80.0,
        )
        self.add(screening, self.university, days=2)
        self.add(StartupAdmitted(university_id=self.university), self.university, days=admit_days)
        graduated = StartupGraduated(
            university_id=self.university,
            company_name=f"Company {self.startup_id}",
            stage="early",
            sector=self.sector,
            desired_district="gwanak",
            youth=self.youth,
        )
        self.add(graduated, self.university, days=graduate_days)
        return self

    def settle(self, *, approve_days: float = 5) -> "Life":
        graduated = self.events[-1]
        case_id = f"case-{self.startup_id}"
        opened = SettlementCaseOpened(
            case_id=case_id,
            district_id=self.district,
            university_id=self.university,
            company_name=f"Company {self.startup_id}",
            sector=self.sector,
        )
        self.add(opened, self.university, days=0.01, caused_by=graduated)
        approved = SettlementApproved(
            case_id=case_id,
            district_id=self.district,
            facility_id="gwanak-s-valley",
            unit_label="seat-1",
            start_date=self.at.date(),
        )
        self.add(approved, self.district, days=approve_days)
        settled = StartupSettled(
            case_id=case_id,
            district_id=self.district,
            registered_address="서울특별시 관악구 남부순환로 1808, 3층 김민지",
            moved_in_on=self.at.date(),
            minimum_stay_months=24,
        )
        self.add(settled, self.district, days=3)
        return self

    def hand_off(self, *agencies: str) -> "Life":
        """Offered to each agency in turn: all but the last decline, the last accepts."""
        handoff_id = f"handoff-{self.startup_id}"
        for attempt, agency in enumerate(agencies, start=1):
            offer = GrowthHandoffOffered(
                handoff_id=handoff_id,
                district_id=self.district,
                agency_id=agency,
                company_name=f"Company {self.startup_id}",
                sector=self.sector,
                needs=["investment"],
                expires_at=self.at + timedelta(days=14),
                attempt=attempt,
            )
            offered = self.add(offer, self.district, days=7)
            if attempt < len(agencies):
                declined = GrowthHandoffDeclined(
                    handoff_id=handoff_id, agency_id=agency, reason="export focus this year"
                )
                self.add(declined, agency, days=2)
            else:
                accepted = GrowthHandoffAccepted(handoff_id=handoff_id, agency_id=agency)
                self.add(accepted, agency, days=2, caused_by=offered)
        return self

    def enroll(self, agency: str) -> "Life":
        enrolled = LeapProgramEnrolled(
            agency_id=agency,
            program_id="sba-invest",
            cohort_id="2025-1",
            kind="investment_matching",
        )
        self.add(enrolled, agency, days=4)
        return self


def district_snapshot(
    life: Life, as_of: date, employees: int, revenue_krw: int, *, operating: bool = True
) -> Envelope[Any]:
    snapshot = GrowthSnapshotRecorded(
        district_id=life.district,
        as_of=as_of,
        employees=employees,
        revenue_krw=revenue_krw,
        investment_raised_krw=100_000_000,
        ip_filed=2,
        ip_registered=1,
        operating=operating,
    )
    return life.add(snapshot, life.district, days=0)


def agency_snapshot(
    life: Life, agency: str, as_of: date, employees: int, revenue_krw: int, exports_krw: int
) -> Envelope[Any]:
    snapshot = OutcomeSnapshotRecorded(
        agency_id=agency,
        as_of=as_of,
        employees=employees,
        revenue_krw=revenue_krw,
        investment_raised_krw=300_000_000,
        ip_registered=2,
        exports_krw=exports_krw,
        operating=True,
        gazelle=False,
    )
    return life.add(snapshot, agency, days=0)


def duplicate(life: Life, university: str) -> Envelope[Any]:
    found = DuplicateDetected(
        submission_id=f"sub-{life.startup_id}-{university}",
        university_id=university,
        matched_on="business_registration_number",
        existing_university_ids=[life.university],
    )
    return life.add(found, university, days=1)


def merge(survivor: Life, merged_id: str) -> Envelope[Any]:
    merged = StartupsMerged(survivor_id=survivor.startup_id, merged_id=merged_id, reason="same BRN")
    return survivor.add(merged, "operator", days=1)


def program() -> list[Life]:
    """Four startups: one all the way (SBA declines, KOSME accepts), one admitted only, one
    settled in guro from CAU, one only submitted (a non-youth hardware startup)."""
    whole = Life("st-a").submit().nurture().settle().hand_off("sba", "kosme").enroll("kosme")
    admitted = Life("st-b").submit().nurture(admit_days=20)
    admitted.events.pop()  # not graduated
    settled = Life("st-c", university="cau", district="guro").submit().nurture().settle()
    submitted = Life("st-d", sector="hardware", youth=False).submit()
    return [whole, admitted, settled, submitted]


def program_with_outcomes() -> list[Envelope[Any]]:
    """`program()` with KPI snapshots of its two settled startups: gwanak's over three years
    (KOSME's last), guro's one closed company."""
    whole, _, settled, _ = lives = program()
    district_snapshot(whole, date(2023, 12, 31), employees=3, revenue_krw=100_000_000)
    district_snapshot(whole, date(2024, 12, 31), employees=5, revenue_krw=130_000_000)
    agency_snapshot(whole, "kosme", date(2025, 12, 31), 9, 200_000_000, 50_000_000)
    district_snapshot(settled, date(2024, 12, 31), 4, 80_000_000, operating=False)
    return [envelope for life in lives for envelope in life.events]
