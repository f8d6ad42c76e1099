"""The funnel's arithmetic: counts, conversion, median days and filters, without servers."""

from datetime import date

from insight.domain.access import Institutions
from insight.domain.entries import JourneyEntry, entry_from
from insight.domain.funnel import Funnel, FunnelFilter, funnel
from insight.domain.journey import Aliases
from insight.domain.progress import progress_of
from services.insight.tests.kit import Life, duplicate, merge, program


def entries_of(*lives: Life) -> list[JourneyEntry]:
    return [entry_from(envelope) for life in lives for envelope in life.events]


def counts(found: Funnel) -> list[int]:
    return [stage.count for stage in found.stages]


def test_each_stage_counts_the_startups_that_reached_it() -> None:
    found = funnel(progress_of(entries_of(*program()), Aliases([])).values(), FunnelFilter())
    assert found.startups == 4
    assert counts(found) == [4, 3, 2, 2, 2, 1, 1, 1]
    assert [stage.stage for stage in found.stages][:3] == ["submitted", "admitted", "graduated"]


def test_conversion_is_the_share_of_the_previous_stage() -> None:
    found = funnel(progress_of(entries_of(*program()), Aliases([])).values(), FunnelFilter())
    conversions = [stage.conversion for stage in found.stages]
    assert conversions == [None, 0.75, 0.6667, 1.0, 1.0, 0.5, 1.0, 1.0]


def test_median_days_is_the_time_from_one_stage_to_the_next() -> None:
    found = funnel(progress_of(entries_of(*program()), Aliases([])).values(), FunnelFilter())
    submitted, admitted, *_, enrolled = found.stages
    # Screening 2 days, then admitted after 10, 20 and 10 days.
    assert submitted.median_days == 12.0
    # Graduated 30 days after admission for the two that graduated.
    assert admitted.median_days == 30.0
    assert enrolled.median_days is None


def test_a_universitys_funnel_counts_only_startups_it_submitted() -> None:
    progresses = progress_of(entries_of(*program()), Aliases([])).values()
    cau = funnel(progresses, FunnelFilter(where=Institutions(university="cau")))
    assert counts(cau) == [1, 1, 1, 1, 1, 0, 0, 0]


def test_an_agencys_funnel_counts_its_own_offers_acceptances_and_enrolments() -> None:
    progresses = progress_of(entries_of(*program()), Aliases([])).values()
    sba = funnel(progresses, FunnelFilter(where=Institutions(agency="sba")))
    kosme = funnel(progresses, FunnelFilter(where=Institutions(agency="kosme")))
    # SBA was offered st-a and declined it; KOSME accepted the re-offer and enrolled it.
    assert counts(sba) == [1, 1, 1, 1, 1, 1, 0, 0]
    assert counts(kosme) == [1, 1, 1, 1, 1, 1, 1, 1]


def test_a_districts_funnel_counts_only_its_own_approvals() -> None:
    progresses = progress_of(entries_of(*program()), Aliases([])).values()
    guro = funnel(progresses, FunnelFilter(where=Institutions(district="guro")))
    assert counts(guro) == [1, 1, 1, 1, 1, 0, 0, 0]


def test_sector_youth_and_period_of_entry_filter_the_startups() -> None:
    lives = program()
    late = Life("st-late", at=lives[0].at.replace(year=2026)).submit()
    progresses = progress_of(entries_of(*lives, late), Aliases([])).values()
    assert funnel(progresses, FunnelFilter(sector="hardware")).startups == 1
    assert funnel(progresses, FunnelFilter(youth=False)).startups == 1
    in_2026 = FunnelFilter(entered_from=date(2026, 1, 1), entered_to=date(2026, 12, 31))
    assert funnel(progresses, in_2026).startups == 1
    assert funnel(progresses, FunnelFilter(entered_to=date(2025, 12, 31))).startups == 4


def test_a_merged_record_counts_once_under_its_survivor() -> None:
    survivor = Life("st-s").submit()
    retired = Life("st-m").submit().nurture()
    merge(survivor, "st-m")
    entries = entries_of(survivor, retired)
    aliases = Aliases(
        [
            (e.facts["merged_id"], e.facts["survivor_id"])
            for e in entries
            if e.event_type == "StartupsMerged"
        ]
    )
    found = funnel(progress_of(entries, aliases).values(), FunnelFilter())
    assert found.startups == 1
    assert counts(found)[:3] == [1, 1, 1]


def test_a_duplicate_submission_puts_the_startup_in_the_second_universitys_funnel() -> None:
    life = Life("st-dup").submit()
    duplicate(life, "soongsil")
    progresses = progress_of(entries_of(life), Aliases([])).values()
    assert funnel(progresses, FunnelFilter()).stages[0].count == 1
    soongsil = funnel(progresses, FunnelFilter(where=Institutions(university="soongsil")))
    assert soongsil.stages[0].count == 1
