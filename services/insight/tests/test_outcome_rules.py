"""Outcomes: both snapshot events in one vocabulary, totals, growth, survival and gazelles."""

from datetime import date

from insight.domain.entries import entry_from
from insight.domain.journey import Aliases
from insight.domain.outcomes import (
    OutcomeRow,
    Period,
    aggregate,
    from_agency_snapshot,
    from_district_snapshot,
    is_gazelle,
    snapshot_of,
)
from relay_contracts.outcomes import OutcomeFigures, OutcomeSnapshot
from services.insight.tests.kit import Life, agency_snapshot, district_snapshot


def test_the_district_snapshot_maps_into_the_vocabulary_with_exports_unknown() -> None:
    figures = from_district_snapshot(
        {"employees": 7, "revenue_krw": 10, "investment_raised_krw": 5, "ip_filed": 3}
        | {"ip_registered": 1, "operating": True}
    )
    assert figures == OutcomeFigures(
        employees=7,
        revenue_krw=10,
        investment_raised_krw=5,
        ip_filed=3,
        ip_registered=1,
        still_operating=True,
    )
    assert figures.exports_krw is None


def test_the_agency_snapshot_maps_into_the_vocabulary_with_ip_filed_unknown() -> None:
    figures = from_agency_snapshot(
        {"employees": 9, "revenue_krw": 20, "investment_raised_krw": 6, "ip_registered": 2}
        | {"exports_krw": 4, "operating": False, "gazelle": True}
    )
    assert figures.exports_krw == 4
    assert figures.ip_filed is None
    assert figures.still_operating is False


def test_figures_stated_in_the_vocabulary_win_and_older_fields_fill_the_rest() -> None:
    figures = from_district_snapshot(
        {"employees": 7, "revenue_krw": 10, "investment_raised_krw": 5, "ip_filed": 3}
        | {"ip_registered": 1, "operating": True}
        | {"outcomes": {"employees": 8, "exports_krw": 4, "jobs_created": 2}}
    )
    assert (figures.employees, figures.exports_krw, figures.jobs_created) == (8, 4, 2)
    assert (figures.revenue_krw, figures.ip_filed) == (10, 3)


def snapshot(startup_id: str, as_of: date, **figures: int | bool) -> OutcomeSnapshot:
    return OutcomeSnapshot(
        startup_id=startup_id,
        as_of=as_of,
        recorded_by="gwanak",
        figures=OutcomeFigures.model_validate(figures),
    )


def only_row(snapshots: list[OutcomeSnapshot], period: Period | None = None) -> OutcomeRow:
    members = {s.startup_id for s in snapshots}
    (row,) = aggregate(snapshots, {None: members}, period or Period())
    return row


def test_totals_sum_each_startups_latest_figure_and_jobs_count_from_its_first() -> None:
    row = only_row(
        [
            snapshot("a", date(2024, 6, 30), employees=3, revenue_krw=100, still_operating=True),
            snapshot("a", date(2025, 6, 30), employees=8, revenue_krw=150, still_operating=True),
            snapshot("b", date(2025, 3, 31), employees=4, exports_krw=70, still_operating=True),
        ]
    )
    assert row.startups == 2
    assert row.totals["employees"] == 12
    assert row.totals["jobs_created"] == 5
    assert row.totals["revenue_krw"] == 150
    assert row.totals["exports_krw"] == 70
    assert row.totals["ip_filed"] is None


def test_growth_compares_first_and_latest_figures_of_startups_seen_twice() -> None:
    row = only_row(
        [
            snapshot("a", date(2024, 1, 1), employees=10, revenue_krw=100),
            snapshot("a", date(2025, 1, 1), employees=15, revenue_krw=130),
            snapshot("b", date(2025, 1, 1), employees=99, revenue_krw=999),
        ]
    )
    assert row.growth["employees"] == 0.5
    assert row.growth["revenue_krw"] == 0.3
    assert row.growth["exports_krw"] is None


def test_survival_is_the_share_still_operating_at_their_latest_snapshot() -> None:
    row = only_row(
        [
            snapshot("a", date(2024, 1, 1), still_operating=True),
            snapshot("a", date(2025, 1, 1), still_operating=False),
            snapshot("b", date(2025, 1, 1), still_operating=True),
            snapshot("c", date(2025, 1, 1), still_operating=True),
            snapshot("d", date(2025, 1, 1), employees=1),
        ]
    )
    assert (row.operating, row.reporting_operation) == (2, 3)
    assert row.survival_rate == 0.6667


def test_a_period_reads_only_the_snapshots_inside_it() -> None:
    snapshots = [
        snapshot("a", date(2023, 12, 31), employees=2, still_operating=True),
        snapshot("a", date(2024, 12, 31), employees=6, still_operating=True),
        snapshot("a", date(2025, 12, 31), employees=9, still_operating=False),
    ]
    row = only_row(snapshots, Period(date(2024, 1, 1), date(2024, 12, 31)))
    assert row.totals["employees"] == 6
    assert row.totals["jobs_created"] == 4
    assert row.survival_rate == 1.0
    assert only_row(snapshots, Period(date(2026, 1, 1), None)).startups == 0


def test_a_gazelle_grew_revenue_twenty_percent_or_more_in_each_of_three_years() -> None:
    assert is_gazelle({2021: 100, 2022: 120, 2023: 144, 2024: 173}, None, 2024)
    assert not is_gazelle({2021: 100, 2022: 120, 2023: 143, 2024: 172}, None, 2024)
    assert not is_gazelle({2021: 100, 2022: 150, 2024: 300, 2025: 400}, None, 2025)
    assert not is_gazelle({2022: 100, 2023: 200, 2024: 400}, None, 2024)
    assert not is_gazelle({2021: 0, 2022: 100, 2023: 200, 2024: 400}, None, 2024)
    # The three years must end inside the period.
    assert not is_gazelle({2021: 100, 2022: 120, 2023: 144, 2024: 173}, None, 2023)
    assert is_gazelle({2018: 1, 2019: 2, 2020: 3, 2021: 4, 2022: 1}, 2021, 2022)


def test_the_gazelle_count_reads_each_years_last_revenue() -> None:
    snapshots = [
        snapshot("g", date(year, 12, 31), revenue_krw=revenue)
        for year, revenue in [(2021, 100), (2022, 125), (2023, 160), (2024, 200)]
    ] + [snapshot("g", date(2024, 6, 30), revenue_krw=1)]
    assert only_row(snapshots).gazelles == 1
    assert only_row(snapshots, Period(None, date(2023, 12, 31))).gazelles == 0


def test_both_stages_snapshots_of_one_startup_make_one_series() -> None:
    life = Life("st-kpi").submit().nurture().settle()
    district_snapshot(life, date(2024, 12, 31), employees=5, revenue_krw=100_000_000)
    agency_snapshot(life, "kosme", date(2025, 12, 31), 11, 150_000_000, 40_000_000)
    snapshots = [
        found
        for envelope in life.events
        if (found := snapshot_of(entry_from(envelope), Aliases([]))) is not None
    ]
    assert [s.recorded_by for s in snapshots] == ["gwanak", "kosme"]
    row = only_row(snapshots)
    assert row.totals["employees"] == 11
    assert row.totals["jobs_created"] == 6
    assert row.totals["exports_krw"] == 40_000_000
    assert row.totals["ip_filed"] == 2
    assert row.growth["revenue_krw"] == 0.5
