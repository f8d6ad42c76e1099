"""Reference data of the southwest districts: names, facilities, programs, readiness criteria,
and the two hard limits they hold: a facility's capacity and a program's yearly budget."""

from typing import Literal

from pydantic import BaseModel, Field

from incubation.domain.bounds import Count, Money
from relay_eventing.errors import RuleViolation

SOUTHWEST_DISTRICTS = (
    "gangseo",
    "gwanak",
    "guro",
    "geumcheon",
    "dongjak",
    "yeongdeungpo",
    "yangcheon",
)

DistrictSupportKind = Literal["rent_subsidy", "settlement_grant", "consulting", "admin_help"]
UnitKind = Literal["seat", "room"]


class ReadinessCriteria(BaseModel):
    """When a settled startup is ready for the leap stage; a criterion left empty is not asked.

    The default is what a district can honestly know after one reporting period: a quarter in
    the district and one KPI snapshot that shows the company operating. Figure thresholds
    (revenue, investment, employees) are left to the agencies' own selection unless a district
    sets them.
    """

    min_months_settled: int | None = Field(default=3, ge=0, le=1200)
    min_kpi_snapshots: int | None = Field(default=1, ge=0, le=1000)
    min_revenue_krw: Money | None = None
    min_investment_krw: Money | None = None
    min_employees: Count | None = None


class District(BaseModel):
    """A district office (자치구) with its Korean and English names."""

    district_id: str
    name_ko: str = Field(examples=["관악구"])
    name_en: str = Field(examples=["Gwanak-gu"])
    readiness: ReadinessCriteria = Field(default_factory=ReadinessCriteria)

    def covers_address(self, address: str) -> bool:
        """An address is in the district when it names it, in Korean or in English."""
        short_en = self.name_en.lower().removesuffix("-gu")
        return self.name_ko in address or short_en in address.lower()


class FacilityFull(RuleViolation):
    """Every seat or room of the facility is taken."""


class Facility(BaseModel):
    """A startup-support facility of a district, with seats or rooms to assign."""

    facility_id: str
    district_id: str
    name: str
    unit_kind: UnitKind
    capacity: Count
    occupied: Count = 0
    monthly_rent_krw: Money

    def take_unit(self) -> tuple["Facility", str]:
        """The facility with one more unit taken, and that unit's label; never past capacity."""
        if self.occupied >= self.capacity:
            raise FacilityFull(
                f"{self.name} ({self.facility_id}) is full: "
                f"{self.occupied} of {self.capacity} {self.unit_kind}s taken"
            )
        taken = self.occupied + 1
        return self.model_copy(update={"occupied": taken}), f"{self.unit_kind}-{taken}"

    def resized(self, capacity: int) -> "Facility":
        """The facility with another capacity; never below what is occupied."""
        if capacity < self.occupied:
            raise RuleViolation(
                f"{self.occupied} {self.unit_kind}s of {self.facility_id} are occupied; "
                f"capacity cannot be {capacity}"
            )
        return self.model_copy(update={"capacity": capacity})


class Program(BaseModel):
    """A district support program; its budget is set per year."""

    program_id: str
    district_id: str
    name: str
    kinds: list[DistrictSupportKind] = Field(min_length=1)


class BudgetExhausted(RuleViolation):
    """The program's budget for the year cannot cover the grant."""


class Budget(BaseModel):
    """What a program may still grant in one year; `remaining_krw` never goes below zero."""

    program_id: str
    # Bounded where a year is asked for (the route): a stored budget is read as it is.
    year: int
    total_krw: Money
    remaining_krw: Money

    @property
    def budget_id(self) -> str:
        return budget_id(self.program_id, self.year)

    @property
    def granted_krw(self) -> int:
        return self.total_krw - self.remaining_krw

    def debited(self, amount_krw: int) -> "Budget":
        """The budget after a grant of `amount_krw`; refused when it would go below zero."""
        if amount_krw > self.remaining_krw:
            raise BudgetExhausted(
                f"program {self.program_id} has {self.remaining_krw} KRW left for {self.year}; "
                f"a grant of {amount_krw} KRW would take it below zero"
            )
        return self.model_copy(update={"remaining_krw": self.remaining_krw - amount_krw})

    def retotalled(self, total_krw: int) -> "Budget":
        """The budget with another total; what was already granted stays granted."""
        if total_krw < self.granted_krw:
            raise RuleViolation(
                f"{self.granted_krw} KRW of {self.program_id} {self.year} is already granted; "
                f"the total cannot be {total_krw}"
            )
        return self.model_copy(
            update={"total_krw": total_krw, "remaining_krw": total_krw - self.granted_krw}
        )


def new_budget(program_id: str, year: int, total_krw: int) -> Budget:
    return Budget(program_id=program_id, year=year, total_krw=total_krw, remaining_krw=total_krw)


def budget_id(program_id: str, year: int) -> str:
    return f"{program_id}:{year}"
