"""The pure rules of the district stage, without servers: duplicates, readiness, handoff states."""

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from incubation.domain.handoffs import HandoffState, open_handoff
from incubation.domain.ledger import LedgerEntry, LedgerSource, find_duplicate
from incubation.domain.readiness import Snapshot, assess, months_between
from incubation.domain.reference import District, ReadinessCriteria
from relay_contracts.support import SupportKind
from relay_eventing.errors import RuleViolation

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)


def entry(
    kind: SupportKind,
    institution: str,
    start: date | None,
    end: date | None,
    source: LedgerSource = "incubation",
) -> LedgerEntry:
    return LedgerEntry(
        entry_id=f"g-{uuid4().hex[:6]}",
        startup_id="st-1",
        source=source,
        institution_id=institution,
        program="p",
        kind=kind,
        amount_krw=1,
        period_start=start,
        period_end=end,
        recorded_at=NOW,
    )


def test_rent_for_overlapping_months_from_any_institution_is_a_duplicate() -> None:
    held = entry("rent_subsidy", "sba", date(2027, 1, 1), date(2027, 6, 30), "growth")
    asked = entry("rent_subsidy", "gwanak", date(2027, 6, 30), date(2027, 12, 31))

    duplicate = find_duplicate(asked, [held])

    assert duplicate is not None
    assert duplicate.conflicting == held
    assert held.entry_id in str(duplicate)


def test_rent_for_the_following_months_is_not_a_duplicate() -> None:
    held = entry("rent_subsidy", "sba", date(2027, 1, 1), date(2027, 6, 30))
    asked = entry("rent_subsidy", "gwanak", date(2027, 7, 1), date(2027, 12, 31))

    assert find_duplicate(asked, [held]) is None


def test_a_second_settlement_grant_is_refused_whenever_the_first_was() -> None:
    held = entry("settlement_grant", "guro", date(2020, 1, 1), date(2020, 1, 31))
    asked = entry("settlement_grant", "gwanak", date(2027, 1, 1), date(2027, 1, 31))

    assert find_duplicate(asked, [held]) is not None


def test_consulting_from_another_institution_runs_alongside_but_not_from_the_same() -> None:
    period = (date(2027, 1, 1), date(2027, 3, 31))
    asked = entry("consulting", "gwanak", *period)

    assert find_duplicate(asked, [entry("consulting", "sba", *period)]) is None
    assert find_duplicate(asked, [entry("consulting", "gwanak", *period)]) is not None
    assert find_duplicate(asked, [entry("mentoring", "snu", *period, "intake")]) is not None
    assert find_duplicate(asked, [entry("mentoring", "gwanak", *period)]) is None


def test_a_support_reported_without_a_period_is_taken_as_ongoing() -> None:
    held = entry("rent_subsidy", "snu", None, None, "intake")
    asked = entry("rent_subsidy", "gwanak", date(2030, 1, 1), date(2030, 2, 1))

    assert find_duplicate(asked, [held]) is not None


def test_admin_help_never_duplicates_anything() -> None:
    held = entry("admin_help", "gwanak", date(2027, 1, 1), date(2027, 1, 31))
    asked = entry("admin_help", "gwanak", date(2027, 1, 1), date(2027, 1, 31))

    assert find_duplicate(asked, [held]) is None


def test_whole_months_are_counted_from_the_move_in_day() -> None:
    assert months_between(date(2025, 11, 23), date(2026, 11, 22)) == 11
    assert months_between(date(2025, 11, 22), date(2026, 11, 22)) == 12
    assert months_between(date(2026, 1, 31), date(2026, 2, 28)) == 0


def test_readiness_asks_only_the_criteria_a_district_configured() -> None:
    snapshot = Snapshot(
        snapshot_id="k",
        startup_id="st-1",
        case_id="c",
        district_id="gwanak",
        as_of=date(2026, 10, 1),
        employees=1,
        revenue_krw=0,
        investment_raised_krw=900,
        ip_filed=0,
        ip_registered=0,
        operating=True,
        recorded_at=NOW,
    )
    criteria = ReadinessCriteria(
        min_months_settled=None, min_kpi_snapshots=None, min_investment_krw=1000
    )

    checks = assess(criteria, date(2026, 1, 1), snapshot, 1, NOW.date())

    assert [(c.criterion, c.met) for c in checks] == [
        ("operating", True),
        ("investment_raised_krw", False),
    ]


def test_the_default_readiness_is_one_quarter_settled_and_one_kpi_report() -> None:
    criteria = ReadinessCriteria()
    snapshot = Snapshot(
        snapshot_id="k",
        startup_id="st-1",
        case_id="c",
        district_id="gwanak",
        as_of=date(2026, 10, 1),
        employees=2,
        revenue_krw=0,
        investment_raised_krw=0,
        ip_filed=0,
        ip_registered=0,
        operating=True,
        recorded_at=NOW,
    )

    ready = assess(criteria, date(2026, 8, 22), snapshot, 1, NOW.date())
    early = assess(criteria, date(2026, 8, 23), snapshot, 1, NOW.date())
    unreported = assess(criteria, date(2026, 1, 1), None, 0, NOW.date())

    assert [(c.criterion, c.met) for c in ready] == [
        ("operating", True),
        ("kpi_snapshots", True),
        ("months_settled", True),
    ]
    assert [c.criterion for c in early if not c.met] == ["months_settled"]
    assert [c.criterion for c in unreported if not c.met] == ["operating", "kpi_snapshots"]


def test_an_address_is_in_a_district_when_it_names_it_in_korean_or_english() -> None:
    gwanak = District(district_id="gwanak", name_ko="관악구", name_en="Gwanak-gu")

    assert gwanak.covers_address("서울특별시 관악구 관악로 1")
    assert gwanak.covers_address("1 Gwanak-ro, Gwanak-gu, Seoul")
    assert not gwanak.covers_address("서울특별시 동작구 상도로 369")


def test_a_handoff_answered_by_an_agency_that_does_not_hold_the_offer_stays_offered() -> None:
    handoff = open_handoff(
        handoff_id="ho-1",
        case_id="c",
        startup_id="st-1",
        district_id="gwanak",
        company_name="Hangang Labs",
        sector="ai",
        needs=["investment"],
        agency_id="sba",
        expires_at=NOW + timedelta(days=14),
        correlation_id=uuid4(),
        now=NOW,
    )

    assert not handoff.accept("kosme", NOW, NOW)
    assert handoff.state is HandoffState.OFFERED
    assert handoff.history[-1].step == "answer_ignored"
    assert not handoff.expire(NOW + timedelta(days=13))
    assert handoff.expire(NOW + timedelta(days=14))
    with pytest.raises(RuleViolation):
        handoff.reoffer("sba", NOW + timedelta(days=30), NOW + timedelta(days=15))


def test_a_handoff_needs_a_diagnosis_and_a_deadline_ahead() -> None:
    with pytest.raises(RuleViolation):
        open_handoff(
            handoff_id="ho-1",
            case_id="c",
            startup_id="st-1",
            district_id="gwanak",
            company_name="Hangang Labs",
            sector="ai",
            needs=[],
            agency_id="sba",
            expires_at=NOW + timedelta(days=1),
            correlation_id=uuid4(),
            now=NOW,
        )
    with pytest.raises(RuleViolation):
        open_handoff(
            handoff_id="ho-1",
            case_id="c",
            startup_id="st-1",
            district_id="gwanak",
            company_name="Hangang Labs",
            sector="ai",
            needs=["rnd"],
            agency_id="sba",
            expires_at=NOW,
            correlation_id=uuid4(),
            now=NOW,
        )
