"""Outcomes (성과): both stages' KPI snapshots in one vocabulary, and their aggregates."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from insight.domain.entries import JourneyEntry
from insight.domain.journey import Aliases
from relay_contracts import growth, incubation
from relay_contracts.outcomes import OutcomeFigures, OutcomeSnapshot

DISTRICT_SNAPSHOT = incubation.GrowthSnapshotRecorded.topic
AGENCY_SNAPSHOT = growth.OutcomeSnapshotRecorded.topic
SNAPSHOT_TOPICS = (DISTRICT_SNAPSHOT, AGENCY_SNAPSHOT)
COUNTED = ("employees", "jobs_created", "revenue_krw", "investment_raised_krw", "exports_krw")
COUNTED_IP = ("ip_filed", "ip_registered")
GROWING = ("employees", "revenue_krw", "investment_raised_krw", "exports_krw")
GAZELLE_GROWTH = (12, 10)  # 20% a year, kept as a ratio so money never meets a float
GAZELLE_YEARS = 3


def _stated(facts: Mapping[str, Any], legacy: OutcomeFigures) -> OutcomeFigures:
    """A producer that already speaks the vocabulary (`outcomes`) is taken at its word; what
    it leaves unknown, its older fields may still say."""
    given = facts.get("outcomes")
    if not given:
        return legacy
    stated = OutcomeFigures.model_validate(given).model_dump(exclude_none=True)
    return legacy.model_copy(update=stated)


def from_district_snapshot(facts: Mapping[str, Any]) -> OutcomeFigures:
    """incubation's `GrowthSnapshotRecorded`: no exports figure in its older fields."""
    return _stated(facts, _district_fields(facts))


def from_agency_snapshot(facts: Mapping[str, Any]) -> OutcomeFigures:
    """growth's `OutcomeSnapshotRecorded`: no IP filed figure in its older fields; its gazelle
    flag is not used, insight judges gazelles from the revenue series itself."""
    return _stated(facts, _agency_fields(facts))


def _district_fields(facts: Mapping[str, Any]) -> OutcomeFigures:
    return OutcomeFigures(
        employees=facts.get("employees"),
        revenue_krw=facts.get("revenue_krw"),
        investment_raised_krw=facts.get("investment_raised_krw"),
        ip_filed=facts.get("ip_filed"),
        ip_registered=facts.get("ip_registered"),
        still_operating=facts.get("operating"),
    )


def _agency_fields(facts: Mapping[str, Any]) -> OutcomeFigures:
    return OutcomeFigures(
        employees=facts.get("employees"),
        revenue_krw=facts.get("revenue_krw"),
        investment_raised_krw=facts.get("investment_raised_krw"),
        exports_krw=facts.get("exports_krw"),
        ip_registered=facts.get("ip_registered"),
        still_operating=facts.get("operating"),
    )


def snapshot_of(entry: JourneyEntry, aliases: Aliases) -> OutcomeSnapshot | None:
    facts = entry.facts
    if entry.topic == DISTRICT_SNAPSHOT:
        figures, recorded_by = from_district_snapshot(facts), facts.get("district_id")
    elif entry.topic == AGENCY_SNAPSHOT:
        figures, recorded_by = from_agency_snapshot(facts), facts.get("agency_id")
    else:
        return None
    return OutcomeSnapshot(
        startup_id=aliases.canonical(entry.startup_id),
        as_of=date.fromisoformat(facts["as_of"]),
        recorded_by=str(recorded_by or entry.actor_id),
        figures=figures,
    )


@dataclass(frozen=True)
class Period:
    start: date | None = None
    end: date | None = None

    def contains(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class OutcomeRow:
    institution_id: str | None  # None: every startup in the reader's scope
    startups: int  # startups with a snapshot in the period
    totals: dict[str, int | None]  # latest figures in the period, summed; None: nobody said
    growth: dict[str, float | None]  # Σ latest / Σ first in the period - 1
    operating: int
    reporting_operation: int
    survival_rate: float | None
    gazelles: int


class _Series:
    """One startup's snapshots in date order."""

    def __init__(self, snapshots: list[OutcomeSnapshot]) -> None:
        self.snapshots = sorted(snapshots, key=lambda snapshot: snapshot.as_of)

    def figure(self, name: str, period: Period, *, latest: bool) -> int | bool | None:
        inside = [s for s in self.snapshots if period.contains(s.as_of)]
        for snapshot in reversed(inside) if latest else inside:
            value: int | bool | None = getattr(snapshot.figures, name)
            if value is not None:
                return value
        return None

    def jobs_created(self, period: Period) -> int | None:
        reported = self.figure("jobs_created", period, latest=True)
        if isinstance(reported, int):
            return reported
        now = self.figure("employees", period, latest=True)
        baseline = self.figure("employees", Period(end=period.end), latest=False)
        if isinstance(now, int) and isinstance(baseline, int):
            return now - baseline
        return None

    def yearly_revenue(self, until: date | None) -> dict[int, int]:
        yearly: dict[int, int] = {}
        for snapshot in self.snapshots:  # the year's last figure wins
            revenue = snapshot.figures.revenue_krw
            if revenue is not None and (until is None or snapshot.as_of <= until):
                yearly[snapshot.as_of.year] = revenue
        return yearly


def is_gazelle(yearly_revenue: Mapping[int, int], first_year: int | None, last_year: int) -> bool:
    """Revenue grew 20% or more in each of 3 consecutive years ending in [first, last]."""
    rising, scale = GAZELLE_GROWTH
    for end in sorted(yearly_revenue, reverse=True):
        if end > last_year or (first_year is not None and end < first_year):
            continue
        years = range(end - GAZELLE_YEARS, end + 1)
        if all(year in yearly_revenue for year in years) and all(
            yearly_revenue[year] > 0
            and yearly_revenue[year + 1] * scale >= yearly_revenue[year] * rising
            for year in years[:-1]
        ):
            return True
    return False


def aggregate(
    snapshots: Iterable[OutcomeSnapshot], groups: Mapping[str | None, set[str]], period: Period
) -> list[OutcomeRow]:
    """One row per group of startups (an institution's, or all in scope under None)."""
    by_startup: dict[str, list[OutcomeSnapshot]] = defaultdict(list)
    for snapshot in snapshots:
        by_startup[snapshot.startup_id].append(snapshot)
    series = {startup_id: _Series(found) for startup_id, found in by_startup.items()}
    return [
        _row(key, [series[s] for s in members if s in series], period)
        for key, members in groups.items()
    ]


def _row(institution_id: str | None, series: list[_Series], period: Period) -> OutcomeRow:
    reporting = [s for s in series if any(period.contains(x.as_of) for x in s.snapshots)]
    totals: dict[str, int | None] = {}
    for name in (*COUNTED, *COUNTED_IP):
        values = [
            s.jobs_created(period)
            if name == "jobs_created"
            else s.figure(name, period, latest=True)
            for s in reporting
        ]
        known = [int(value) for value in values if value is not None]
        totals[name] = sum(known) if known else None
    growth_rates: dict[str, float | None] = {}
    for name in GROWING:
        pairs = [
            (s.figure(name, period, latest=False), s.figure(name, period, latest=True))
            for s in reporting
            if sum(1 for x in s.snapshots if period.contains(x.as_of)) > 1
        ]
        first = sum(int(a) for a, b in pairs if a is not None and b is not None)
        last = sum(int(b) for a, b in pairs if a is not None and b is not None)
        growth_rates[name] = round(last / first - 1, 4) if first else None
    operation = [s.figure("still_operating", period, latest=True) for s in reporting]
    known_operation = [value for value in operation if value is not None]
    operating = sum(1 for value in known_operation if value is True)
    last_year = period.end.year if period.end else date.max.year
    first_year = period.start.year if period.start else None
    return OutcomeRow(
        institution_id=institution_id,
        startups=len(reporting),
        totals=totals,
        growth=growth_rates,
        operating=operating,
        reporting_operation=len(known_operation),
        survival_rate=round(operating / len(known_operation), 4) if known_operation else None,
        gazelles=sum(
            1 for s in reporting if is_gazelle(s.yearly_revenue(period.end), first_year, last_year)
        ),
    )
