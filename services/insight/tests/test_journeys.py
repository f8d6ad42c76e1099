"""Journeys on the real servers: events published onto the broker as the producers do."""

import httpx

from conftest import eventually
from insight.domain.entries import entry_from
from insight.domain.journey import causal_order
from services.insight.tests.conftest import Publish, caught_up, journey_when, status_of
from services.insight.tests.kit import Life, duplicate, merge


async def test_a_journey_lists_every_event_across_services_in_causal_order(
    insight: httpx.AsyncClient, publish: Publish
) -> None:
    life = Life("st-journey").submit().nurture().settle().hand_off("sba", "kosme").enroll("kosme")
    # Effects reach insight before their causes: every topic is its own queue.
    await publish(*reversed(life.events))
    journey = await journey_when(insight, "st-journey", len(life.events))

    steps = journey["steps"]
    assert [step["event_id"] for step in steps] == [str(e.event_id) for e in life.events]
    assert [step["event_type"] for step in steps] == [
        "StartupSubmitted",
        "ScreeningCompleted",
        "StartupAdmitted",
        "StartupGraduated",
        "SettlementCaseOpened",
        "SettlementApproved",
        "StartupSettled",
        "GrowthHandoffOffered",
        "GrowthHandoffDeclined",
        "GrowthHandoffOffered",
        "GrowthHandoffAccepted",
        "LeapProgramEnrolled",
    ]
    assert [step["service"] for step in steps[3:6]] == ["intake", "incubation", "incubation"]
    settled = steps[6]
    assert settled["record"] == {"field": "case_id", "id": "case-st-journey"}
    assert settled["acting"] == {"organization_id": "gwanak", "organization_kind": "district"}
    assert settled["summary_ko"].startswith("관악구 입주 완료")
    assert settled["summary_en"].startswith("settled in Gwanak-gu")
    opened, graduated = steps[4], steps[3]
    assert opened["causation_id"] == graduated["event_id"]
    assert opened["correlation_id"] == graduated["correlation_id"]
    assert journey["startup_id"] == journey["requested_id"] == "st-journey"


async def test_a_redelivered_event_shows_once(insight: httpx.AsyncClient, publish: Publish) -> None:
    life = Life("st-redelivered").submit().nurture()
    await publish(*life.events)
    await publish(life.events[1], life.events[2])
    await eventually(lambda: caught_up(insight), what="insight to read every record")
    journey = await journey_when(insight, "st-redelivered", len(life.events))
    assert [step["event_id"] for step in journey["steps"]] == [str(e.event_id) for e in life.events]


async def test_an_institution_reads_only_journeys_of_startups_it_held(
    insight: httpx.AsyncClient, publish: Publish
) -> None:
    life = Life("st-scope").submit().nurture().settle().hand_off("sba", "kosme")
    await publish(*life.events)
    await journey_when(insight, "st-scope", len(life.events))
    for reader in ("council", "operator", "snu", "gwanak", "sba", "kosme"):
        assert await status_of(insight, "st-scope", reader) == 200, reader
    # Held by others only: refused (issue 12); an id nobody knows is not found.
    for reader in ("cau", "guro", "kicox"):
        assert await status_of(insight, "st-scope", reader) == 403, reader
    assert await status_of(insight, "st-never-submitted", "council") == 404
    anonymous = await insight.get("/startups/st-scope/journey")
    assert anonymous.status_code == 401


async def test_a_merge_joins_two_journeys_under_the_survivor(
    insight: httpx.AsyncClient, publish: Publish
) -> None:
    survivor = Life("st-survivor").submit()
    retired = Life("st-retired", university="cau").submit().nurture()
    duplicate(survivor, "soongsil")
    merged = merge(survivor, "st-retired")
    await publish(merged, *retired.events, *survivor.events[:-1])
    total = len(survivor.events) + len(retired.events)
    journey = await journey_when(insight, "st-survivor", total)
    assert journey["merged_ids"] == ["st-retired"]
    expected = causal_order([entry_from(e) for e in survivor.events + retired.events])
    assert [step["event_id"] for step in journey["steps"]] == [e.event_id for e in expected]

    asked_for_retired = await journey_when(insight, "st-retired", total)
    assert asked_for_retired["startup_id"] == "st-survivor"
    assert asked_for_retired["requested_id"] == "st-retired"
    assert asked_for_retired["steps"] == journey["steps"]
    # The retired record's university held part of the joined startup; so did the duplicate's.
    assert await status_of(insight, "st-survivor", "cau") == 200
    assert await status_of(insight, "st-survivor", "soongsil") == 200
    assert await status_of(insight, "st-survivor", "chongshin") == 403
