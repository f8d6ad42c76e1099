"""KPI snapshots over time, their growth rates, and the gazelle flag."""

from datetime import date, datetime

from pydantic import BaseModel, Field

from growth.domain.bounds import INT64_MAX, Count, Money
from relay_contracts.outcomes import OutcomeFigures

GAZELLE_YEARLY_GROWTH = 0.20
YEAR_DAYS = 365


class KpiFigures(BaseModel):
    """What an agency records of a startup at a date (성과지표)."""

    as_of: date
    employees: Count
    revenue_krw: Money
    investment_raised_krw: Money
    ip_registered: Count
    exports_krw: Money
    operating: bool
    ip_filed: Count | None = Field(default=None, description="IP applications filed, if known.")
    jobs_created: int | None = Field(
        default=None,
        ge=-INT64_MAX,
        le=INT64_MAX,
        description="Net jobs created since the startup entered the program, if known.",
    )

    def outcomes(self) -> OutcomeFigures:
        """The figures in the program's one KPI vocabulary."""
        return OutcomeFigures(
            employees=self.employees,
            jobs_created=self.jobs_created,
            revenue_krw=self.revenue_krw,
            investment_raised_krw=self.investment_raised_krw,
            exports_krw=self.exports_krw,
            ip_filed=self.ip_filed,
            ip_registered=self.ip_registered,
            still_operating=self.operating,
        )


class Snapshot(KpiFigures):
    snapshot_id: str
    agency_id: str
    startup_id: str
    recorded_at: datetime


class GrowthRates(BaseModel):
    """Growth since the previous snapshot, and yearly growth against one a year or more older."""

    previous_as_of: date | None
    revenue_since_previous: float | None
    employees_since_previous: float | None
    yearly_base_as_of: date | None
    revenue_yearly: float | None
    employees_yearly: float | None
    gazelle: bool


def rate(before: int, after: int) -> float | None:
    """Relative growth; undefined from zero."""
    return None if before <= 0 else round(after / before - 1, 4)


def yearly_rate(before: int, after: int, days: int) -> float | None:
    """Compound growth per year over `days` (at least a year)."""
    if before <= 0 or days < YEAR_DAYS:
        return None
    # A calendar year is 365 or 366 days: over one year the growth is the yearly growth as is.
    years = 1.0 if days <= YEAR_DAYS + 1 else days / 365.25
    growth: float = (after / before) ** (1 / years) - 1
    return round(growth, 4)


def growth_rates(current: KpiFigures, history: list[KpiFigures]) -> GrowthRates:
    """`history` holds other snapshots of the same startup, in any order."""
    earlier = sorted((s for s in history if s.as_of < current.as_of), key=lambda s: s.as_of)
    previous = earlier[-1] if earlier else None
    year_old = [s for s in earlier if (current.as_of - s.as_of).days >= YEAR_DAYS]
    base = year_old[-1] if year_old else None
    days = (current.as_of - base.as_of).days if base else 0
    revenue_yearly = yearly_rate(base.revenue_krw, current.revenue_krw, days) if base else None
    employees_yearly = yearly_rate(base.employees, current.employees, days) if base else None
    gazelle = any(
        value is not None and value >= GAZELLE_YEARLY_GROWTH
        for value in (revenue_yearly, employees_yearly)
    )
    return GrowthRates(
        previous_as_of=previous.as_of if previous else None,
        revenue_since_previous=rate(previous.revenue_krw, current.revenue_krw)
        if previous
        else None,
        employees_since_previous=rate(previous.employees, current.employees) if previous else None,
        yearly_base_as_of=base.as_of if base else None,
        revenue_yearly=revenue_yearly,
        employees_yearly=employees_yearly,
        gazelle=gazelle and current.operating,
    )
