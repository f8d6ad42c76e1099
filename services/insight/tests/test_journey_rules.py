"""Journal entries, summaries, merges and causal order: pure rules, no servers."""

import random
from datetime import timedelta
from string import Formatter

import pytest

from insight.domain.access import Institutions, Viewer
from insight.domain.catalog import CATALOG
from insight.domain.entries import JourneyEntry, entry_from
from insight.domain.journey import Aliases, causal_order
from insight.domain.summaries import summarize
from relay_contracts import Actor, Event, OrganizationKind
from relay_contracts.registry import ALL_EVENTS
from relay_eventing.errors import Forbidden
from services.insight.tests.kit import Life


def lifecycle(startup_id: str = "st-1") -> list[JourneyEntry]:
    life = Life(startup_id).submit().nurture().settle().hand_off("sba", "kosme").enroll("kosme")
    return [entry_from(envelope) for envelope in life.events]


@pytest.mark.parametrize("event", ALL_EVENTS, ids=lambda event: event.topic)
def test_every_topic_is_catalogued_and_its_summaries_name_only_kept_facts(
    event: type[Event],
) -> None:
    view = CATALOG[event.topic]
    assert view.record == "startup_id" or view.record in event.model_fields
    for template in (view.ko, view.en):
        named = {name for _, name, _, _ in Formatter().parse(template) if name}
        assert named <= set(view.facts), template
    # `outcomes` (the one KPI vocabulary) is read from a snapshot whenever its producer sends it.
    assert set(view.facts) - {"outcomes"} <= set(event.model_fields)


def test_an_entry_keeps_no_personal_data() -> None:
    entries = lifecycle()
    stored = repr([entry.model_dump() for entry in entries])
    for personal in ("Prof. Park Jiwoo", "김민지", "1208147521", "reviewer", "registered_address"):
        assert personal not in stored
    assert all(entry.actor_id and "user" not in entry.model_dump() for entry in entries)


def test_an_entry_names_the_record_it_changed_in_its_service() -> None:
    records = {(entry.event_type, entry.record_field, entry.record_id) for entry in lifecycle()}
    assert ("StartupSubmitted", "submission_id", "sub-st-1") in records
    assert ("StartupAdmitted", "startup_id", "st-1") in records
    assert ("StartupSettled", "case_id", "case-st-1") in records
    assert ("GrowthHandoffAccepted", "handoff_id", "handoff-st-1") in records
    assert ("LeapProgramEnrolled", "cohort_id", "2025-1") in records


def test_summaries_read_in_korean_and_english_with_the_institutions_names() -> None:
    submitted, *_ = lifecycle()
    korean, english = summarize(submitted)
    assert korean == "서울대 접수: Company st-1 (예비창업)"
    assert english == "Seoul National University submitted Company st-1 as pre-startup"
    declined = next(e for e in lifecycle() if e.event_type == "GrowthHandoffDeclined")
    assert summarize(declined) == (
        "서울경제진흥원 연계 거절: export focus this year",
        "SBA declined the handoff: export focus this year",
    )


def test_the_journey_does_not_depend_on_the_order_events_arrived_in() -> None:
    entries = lifecycle()
    shuffled = entries[:]
    random.Random(7).shuffle(shuffled)
    assert [e.event_id for e in causal_order(shuffled)] == [e.event_id for e in entries]


def test_an_effect_follows_its_cause_even_when_its_clock_says_earlier() -> None:
    entries = lifecycle()
    graduated = next(e for e in entries if e.event_type == "StartupGraduated")
    opened = next(e for e in entries if e.event_type == "SettlementCaseOpened")
    skewed = opened.model_copy(update={"occurred_at": graduated.occurred_at - timedelta(hours=1)})
    order = [e.event_type for e in causal_order([skewed if e is opened else e for e in entries])]
    assert order.index("SettlementCaseOpened") == order.index("StartupGraduated") + 1


def test_events_at_the_same_time_are_ordered_by_event_id() -> None:
    first, second = lifecycle()[:2]
    same = second.model_copy(update={"occurred_at": first.occurred_at})
    expected = sorted([first.event_id, same.event_id])
    assert [e.event_id for e in causal_order([same, first])] == expected


def test_an_effect_whose_cause_has_not_arrived_is_ordered_by_time() -> None:
    entries = lifecycle()
    without_graduation = [e for e in entries if e.event_type != "StartupGraduated"]
    ordered = causal_order(without_graduation)
    assert [e.event_id for e in ordered] == [e.event_id for e in without_graduation]


def test_merges_chain_to_the_last_survivor_and_a_cycle_stops() -> None:
    aliases = Aliases([("a", "b"), ("b", "c"), ("x", "y"), ("y", "x")])
    assert aliases.canonical("a") == "c"
    assert aliases.members("a") == ["c", "a", "b"]
    assert aliases.members("c") == ["c", "a", "b"]
    assert aliases.canonical("x") in {"x", "y"}
    assert aliases.members("unknown") == ["unknown"]


def viewer(organization_id: str, kind: OrganizationKind) -> Viewer:
    return Viewer.of(Actor(organization_id=organization_id, organization_kind=kind))


def test_the_council_and_operators_read_everything_an_institution_what_it_held() -> None:
    held = {"snu", "gwanak"}
    assert viewer("council", OrganizationKind.COUNCIL).may_read(held)
    assert viewer("operator", OrganizationKind.OPERATOR).may_read(held)
    assert viewer("gwanak", OrganizationKind.DISTRICT).may_read(held)
    assert not viewer("cau", OrganizationKind.UNIVERSITY).may_read(held)
    with pytest.raises(Forbidden):
        viewer("st-1", OrganizationKind.STARTUP)


def test_an_institutions_figures_are_always_restricted_to_itself() -> None:
    snu = viewer("snu", OrganizationKind.UNIVERSITY)
    assert snu.scope(Institutions()) == Institutions(university="snu")
    assert snu.scope(Institutions(district="gwanak")) == Institutions("snu", "gwanak")
    with pytest.raises(Forbidden):
        snu.scope(Institutions(university="cau"))
    council = viewer("council", OrganizationKind.COUNCIL)
    assert council.scope(Institutions(university="cau")) == Institutions(university="cau")
