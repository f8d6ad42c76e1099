"""Pure rules of the agency stage: signatures, backoff, gazelles, overdue tickets, scoring."""

from datetime import UTC, date, datetime, timedelta

from growth.domain.difficulties import Ticket, TicketStatus
from growth.domain.matching import Need, rank
from growth.domain.offers import LeapStartup
from growth.domain.outcomes import KpiFigures, growth_rates
from growth.domain.webhooks import backoff_s, sign, verify

SECRET = "a-shared-secret-of-sba"
NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


def test_a_signature_covers_the_timestamp_and_the_body() -> None:
    signature = sign(SECRET, 1_700_000_000, b'{"a":1}')
    assert signature.startswith("sha256=")
    assert verify(SECRET, "1700000000", b'{"a":1}', signature, now=1_700_000_010, tolerance_s=300)
    assert not verify(
        SECRET, "1700000000", b'{"a":2}', signature, now=1_700_000_010, tolerance_s=300
    )
    assert not verify(
        SECRET, "1700000001", b'{"a":1}', signature, now=1_700_000_010, tolerance_s=300
    )
    assert not verify(
        "another-secret", "1700000000", b'{"a":1}', signature, now=1_700_000_010, tolerance_s=300
    )


def test_a_replay_older_than_the_tolerance_is_rejected() -> None:
    signature = sign(SECRET, 1_700_000_000, b"{}")
    assert not verify(SECRET, "1700000000", b"{}", signature, now=1_700_000_301, tolerance_s=300)
    assert not verify(SECRET, "not-a-time", b"{}", signature, now=1_700_000_000, tolerance_s=300)


def test_backoff_doubles_after_each_failure_up_to_the_cap() -> None:
    waits = [backoff_s(n, base_s=2.0, cap_s=30.0) for n in range(1, 7)]
    assert waits == [2.0, 4.0, 8.0, 16.0, 30.0, 30.0]


def figures(as_of: date, employees: int, revenue: int, operating: bool = True) -> KpiFigures:
    return KpiFigures(
        as_of=as_of,
        employees=employees,
        revenue_krw=revenue,
        investment_raised_krw=0,
        ip_registered=0,
        exports_krw=0,
        operating=operating,
    )


def test_a_startup_growing_20_percent_a_year_is_a_gazelle() -> None:
    base = figures(date(2023, 6, 30), 10, 1_000_000_000)
    mid = figures(date(2024, 1, 1), 11, 1_100_000_000)
    now = figures(date(2024, 6, 30), 12, 1_150_000_000)
    rates = growth_rates(now, [mid, base])
    assert rates.yearly_base_as_of == date(2023, 6, 30)
    assert rates.employees_yearly == 0.2
    assert rates.revenue_since_previous == round(1_150 / 1_100 - 1, 4)
    assert rates.gazelle


def test_slow_growth_short_history_or_a_closed_company_is_no_gazelle() -> None:
    base = figures(date(2023, 6, 30), 10, 1_000_000_000)
    assert not growth_rates(figures(date(2024, 6, 30), 11, 1_100_000_000), [base]).gazelle
    short = growth_rates(figures(date(2023, 12, 31), 30, 5_000_000_000), [base])
    assert short.yearly_base_as_of is None
    assert not short.gazelle
    assert not growth_rates(figures(date(2024, 6, 30), 20, 0, operating=False), [base]).gazelle
    assert (
        growth_rates(
            figures(date(2024, 6, 30), 5, 0), [figures(date(2023, 1, 1), 0, 0)]
        ).revenue_yearly
        is None
    )


def test_an_unanswered_ticket_past_its_deadline_is_overdue() -> None:
    ticket = Ticket(
        ticket_id="t1",
        startup_id="s1",
        category="funding",
        description="bridge loan",
        raised_by="s1",
        routed_to="kosme",
        raised_at=NOW - timedelta(days=8),
    )
    week = timedelta(days=7).total_seconds()
    assert ticket.overdue_at(NOW, week)
    assert not ticket.overdue_at(NOW - timedelta(days=2), week)
    answered = ticket.answered_with("kosme", "apply to the policy fund", NOW)
    assert answered.status is TicketStatus.ANSWERED
    assert not answered.overdue_at(NOW, week)


def leap(
    startup_id: str, sector: str, technologies: list[str], stage: str, needs: list[str]
) -> LeapStartup:
    return LeapStartup.model_validate(
        {
            "leap_id": f"sba:{startup_id}",
            "agency_id": "sba",
            "startup_id": startup_id,
            "handoff_id": f"h-{startup_id}",
            "district_id": "gangseo",
            "company_name": startup_id.title(),
            "sector": sector,
            "needs": needs,
            "accepted_at": NOW,
            "technologies": technologies,
            "stage": stage,
        }
    )


def test_matching_ranks_startups_and_explains_each_field() -> None:
    need = Need(
        need_id="n1",
        firm_id="lg-electronics",
        title="vision inspection",
        technologies=["computer_vision", "edge_ai"],
        sectors=["ai", "manufacturing"],
        stages=["growth", "scale_up"],
        published_at=NOW,
    )
    ranked = rank(
        need,
        [
            leap("retailer", "retail", ["demand_forecasting"], "early", ["export"]),
            leap("visionary", "ai", ["Computer_Vision", "edge_ai"], "growth", ["open_innovation"]),
            leap("halfway", "manufacturing", ["computer_vision"], "early", ["investment"]),
        ],
    )
    assert [(m.startup_id, m.score) for m in ranked] == [
        ("visionary", 100.0),
        ("halfway", 47.5),
        ("retailer", 0.0),
    ]
    technology = ranked[1].explanation[0]
    assert (technology.field, technology.matched, technology.points) == (
        "technology",
        ["computer_vision"],
        22.5,
    )
    assert {f.field: f.points for f in ranked[1].explanation} == {
        "technology": 22.5,
        "sector": 25.0,
        "stage": 0.0,
        "open_innovation_need": 0.0,
    }
