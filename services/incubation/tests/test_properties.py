"""Properties of the district stage's hard limits, over every sequence hypothesis can think of:
the ledger never holds two benefits the rules call duplicates, a budget never goes below zero,
a facility never seats more than its capacity. Pure domain: no servers."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from incubation.domain.ledger import RULES, LedgerEntry, find_duplicate
from incubation.domain.reference import Budget, BudgetExhausted, Facility, FacilityFull
from relay_contracts.support import SupportKind
from relay_eventing.errors import RuleViolation

START = date(2026, 1, 1)
RECORDED = datetime(2026, 11, 22, tzinfo=UTC)
KINDS: list[SupportKind] = [
    "rent_subsidy",
    "settlement_grant",
    "consulting",
    "mentoring",
    "admin_help",
]
INSTITUTIONS = ["gwanak", "guro", "snu", "sba"]


@st.composite
def requests(draw: st.DrawFn) -> LedgerEntry:
    """A grant asked for one startup: any kind, institution and period (or none: ongoing)."""
    number = draw(st.integers(min_value=0, max_value=10**9))
    starts = draw(st.none() | st.integers(min_value=0, max_value=720))
    length = draw(st.integers(min_value=0, max_value=400))
    ends = None if starts is None else starts + length
    return LedgerEntry(
        entry_id=f"g-{number}",
        startup_id="st-1",
        source="incubation",
        institution_id=draw(st.sampled_from(INSTITUTIONS)),
        program="p",
        kind=draw(st.sampled_from(KINDS)),
        amount_krw=draw(st.integers(min_value=0, max_value=10**9)),
        period_start=None if starts is None else START + timedelta(days=starts),
        period_end=None if ends is None else START + timedelta(days=ends),
        recorded_at=RECORDED,
    )


def duplicates(first: LedgerEntry, second: LedgerEntry) -> bool:
    """Whether the rule table forbids receiving both, in either order, stated plainly."""
    for rule in RULES:
        for asked, held in ((first, second), (second, first)):
            if asked.kind != rule.kind or held.kind not in rule.conflicts_with:
                continue
            if rule.period == "overlapping" and not asked.overlaps(held):
                continue
            same = asked.institution_id == held.institution_id
            if rule.institutions == "any" or (rule.institutions == "same") == same:
                return True
    return False


@settings(max_examples=300, deadline=None)
@given(st.lists(requests(), max_size=25, unique_by=lambda e: e.entry_id))
def test_the_ledger_never_holds_two_benefits_the_rules_call_duplicates(
    asked: list[LedgerEntry],
) -> None:
    ledger: list[LedgerEntry] = []
    for request in asked:
        refused = find_duplicate(request, ledger)
        if refused is None:
            ledger.append(request)
        else:
            # A refusal names a benefit that is really held and really conflicts.
            assert refused.conflicting in ledger
            assert duplicates(request, refused.conflicting)

    for i, held in enumerate(ledger):
        for other in ledger[i + 1 :]:
            assert not duplicates(held, other), (held, other)
    rents = [e for e in ledger if e.kind == "rent_subsidy"]
    assert not any(a.overlaps(b) for i, a in enumerate(rents) for b in rents[i + 1 :])
    assert len([e for e in ledger if e.kind == "settlement_grant"]) <= 1


budget_steps = st.lists(
    st.one_of(
        st.tuples(st.just("grant"), st.integers(min_value=0, max_value=2 * 10**8)),
        st.tuples(st.just("total"), st.integers(min_value=0, max_value=2 * 10**8)),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=2 * 10**8), budget_steps)
def test_a_budget_never_goes_below_zero_nor_ungrants_what_was_granted(
    total: int, steps: list[tuple[str, int]]
) -> None:
    budget = Budget(program_id="p", year=2026, total_krw=total, remaining_krw=total)
    granted = 0
    for step, amount in steps:
        try:
            if step == "grant":
                budget = budget.debited(amount)
                granted += amount
            else:
                budget = budget.retotalled(amount)
        except (BudgetExhausted, RuleViolation):
            pass
        assert budget.remaining_krw >= 0
        assert budget.total_krw - budget.remaining_krw == granted


facility_steps = st.lists(
    st.one_of(
        st.tuples(st.just("take"), st.just(0)),
        st.tuples(st.just("resize"), st.integers(min_value=0, max_value=30)),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=30), facility_steps)
def test_a_facility_never_seats_more_than_its_capacity_and_labels_each_seat_once(
    capacity: int, steps: list[tuple[str, int]]
) -> None:
    facility = Facility(
        facility_id="f",
        district_id="gwanak",
        name="관악S밸리",
        unit_kind="seat",
        capacity=capacity,
        monthly_rent_krw=100_000,
    )
    labels: list[str] = []
    for step, size in steps:
        try:
            if step == "take":
                facility, label = facility.take_unit()
                labels.append(label)
            else:
                facility = facility.resized(size)
        except (FacilityFull, RuleViolation):
            pass
        assert facility.occupied <= facility.capacity
        assert facility.occupied == len(labels)
    assert len(set(labels)) == len(labels)
