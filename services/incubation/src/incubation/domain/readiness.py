"""KPI snapshots and the readiness of a settled startup for the leap stage."""

from datetime import date, datetime

from pydantic import BaseModel

from incubation.domain.bounds import Count, Money
from incubation.domain.reference import ReadinessCriteria
from relay_contracts.outcomes import OutcomeFigures, OutcomeSnapshot
from relay_eventing.errors import RuleViolation


class Snapshot(BaseModel):
    """A KPI snapshot of a startup, recorded by its district."""

    snapshot_id: str
    startup_id: str
    case_id: str
    district_id: str
    as_of: date
    employees: Count
    revenue_krw: Money
    investment_raised_krw: Money
    ip_filed: Count
    ip_registered: Count
    operating: bool
    recorded_at: datetime

    def figures(self) -> OutcomeFigures:
        """The snapshot in the program's one KPI vocabulary; what a district does not ask
        (jobs created, exports) is unknown, not 0."""
        return OutcomeFigures(
            employees=self.employees,
            revenue_krw=self.revenue_krw,
            investment_raised_krw=self.investment_raised_krw,
            ip_filed=self.ip_filed,
            ip_registered=self.ip_registered,
            still_operating=self.operating,
        )

    def as_outcome(self) -> OutcomeSnapshot:
        return OutcomeSnapshot(
            startup_id=self.startup_id,
            as_of=self.as_of,
            recorded_by=self.district_id,
            figures=self.figures(),
        )


class CriterionCheck(BaseModel):
    """One readiness criterion: what the district asks, what the startup shows."""

    criterion: str
    required: int | bool
    actual: int | bool | None
    met: bool


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end`."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def assess(
    criteria: ReadinessCriteria,
    moved_in_on: date,
    latest: Snapshot | None,
    snapshots: int,
    today: date,
) -> list[CriterionCheck]:
    """Every check the district's criteria ask for; a startup without a snapshot shows nothing.

    `snapshots` is how many KPI snapshots the district recorded of the case.
    """
    checks = [
        CriterionCheck(
            criterion="operating",
            required=True,
            actual=latest.operating if latest else None,
            met=latest is not None and latest.operating,
        )
    ]
    if criteria.min_kpi_snapshots is not None:
        checks.append(
            CriterionCheck(
                criterion="kpi_snapshots",
                required=criteria.min_kpi_snapshots,
                actual=snapshots,
                met=snapshots >= criteria.min_kpi_snapshots,
            )
        )
    if criteria.min_months_settled is not None:
        settled = months_between(moved_in_on, today)
        checks.append(
            CriterionCheck(
                criterion="months_settled",
                required=criteria.min_months_settled,
                actual=settled,
                met=settled >= criteria.min_months_settled,
            )
        )
    figures = {
        "revenue_krw": (criteria.min_revenue_krw, latest.revenue_krw if latest else None),
        "investment_raised_krw": (
            criteria.min_investment_krw,
            latest.investment_raised_krw if latest else None,
        ),
        "employees": (criteria.min_employees, latest.employees if latest else None),
    }
    for name, (required, actual) in figures.items():
        if required is not None:
            checks.append(
                CriterionCheck(
                    criterion=name,
                    required=required,
                    actual=actual,
                    met=actual is not None and actual >= required,
                )
            )
    return checks


class NotReady(RuleViolation):
    """The startup does not meet its district's readiness criteria yet."""

    def __init__(self, unmet: list[CriterionCheck]) -> None:
        listed = ", ".join(f"{c.criterion} {c.actual} < {c.required}" for c in unmet)
        super().__init__(f"not ready for the leap stage: {listed}")


def require_ready(checks: list[CriterionCheck]) -> None:
    unmet = [check for check in checks if not check.met]
    if unmet:
        raise NotReady(unmet)
