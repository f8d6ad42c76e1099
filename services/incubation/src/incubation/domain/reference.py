"""Reference data of the southwest districts: names, facilities, programs, readiness criteria."""

from typing import Literal

from pydantic import BaseModel, Field

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
    """When a settled startup is ready for the leap stage; a criterion left empty is not asked."""

    min_months_settled: int | None = Field(default=12, ge=0)
    min_revenue_krw: int | None = Field(default=None, ge=0)
    min_investment_krw: int | None = Field(default=None, ge=0)
    min_employees: int | None = Field(default=None, ge=0)


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


class Facility(BaseModel):
    """A startup-support facility of a district, with seats or rooms to assign."""

    facility_id: str
    district_id: str
    name: str
    unit_kind: UnitKind
    capacity: int = Field(ge=0)
    occupied: int = Field(default=0, ge=0)
    monthly_rent_krw: int = Field(ge=0)


class Program(BaseModel):
    """A district support program; its budget is set per year."""

    program_id: str
    district_id: str
    name: str
    kinds: list[DistrictSupportKind] = Field(min_length=1)


class Budget(BaseModel):
    """What a program may still grant in one year; `remaining_krw` never goes below zero."""

    program_id: str
    year: int
    total_krw: int = Field(ge=0)
    remaining_krw: int = Field(ge=0)

    @property
    def budget_id(self) -> str:
        return budget_id(self.program_id, self.year)


def budget_id(program_id: str, year: int) -> str:
    return f"{program_id}:{year}"
