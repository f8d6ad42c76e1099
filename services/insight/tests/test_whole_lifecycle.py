"""The whole lifecycle through the real intake, incubation and growth, read back from insight."""

import time
from collections.abc import Callable
from typing import Any

import httpx

from conftest import eventually, key_of
from insight.subscribers import consumer_of
from relay_contracts.registry import ALL_EVENTS
from services.insight.tests.conftest import journey_when, status_of
from tests.walk import Stack, four_services, walk

JOURNEY = [
    ("intake", "StartupSubmitted"),
    # CAU's submission of the same company: a submission of its own, linked as a duplicate.
    ("intake", "StartupSubmitted"),
    ("intake", "DuplicateDetected"),
    ("intake", "ScreeningCompleted"),
    ("intake", "StartupAdmitted"),
    ("intake", "StartupGraduated"),
    ("incubation", "SettlementCaseOpened"),
    ("incubation", "SettlementApproved"),
    ("incubation", "StartupSettled"),
    ("incubation", "GrowthSnapshotRecorded"),
    ("incubation", "GrowthHandoffOffered"),
    ("growth", "GrowthHandoffDeclined"),
    ("incubation", "GrowthHandoffOffered"),
    ("growth", "GrowthHandoffAccepted"),
    ("growth", "LeapProgramEnrolled"),
]


async def funnel_counts(insight: httpx.AsyncClient, reader: str) -> list[int]:
    answer = await insight.get("/funnel", headers=key_of(reader))
    assert answer.status_code == 200, answer.text
    return [stage["count"] for stage in answer.json()["stages"]]


async def test_a_startups_whole_journey_reads_back_in_order_to_those_who_held_it(
    settings_for: Callable[[str], dict[str, Any]],
) -> None:
    async with four_services(settings_for) as stack:
        walked = await walk(stack)
        last_step_at = time.monotonic()
        journey = await journey_when(stack.insight, walked.startup_id, len(JOURNEY))
        # The bound: the journey is complete within 2 s of the last event.
        assert time.monotonic() - last_step_at < 2.0

        steps = journey["steps"]
        seen = [(step["service"], step["event_type"]) for step in steps]
        assert seen == JOURNEY, seen
        records = [(step["record"]["field"], step["record"]["id"]) for step in steps]
        first, second = walked.submission_ids
        assert records[:3] == [("submission_id", sub) for sub in (first, second, second)]
        assert records[6:9] == [("case_id", walked.case_id)] * 3
        assert set(records[10:14]) == {("handoff_id", walked.handoff_id)}
        assert records[14] == ("cohort_id", walked.cohort_id)
        graduated, opened, declined = steps[5], steps[6], steps[11]
        assert opened["causation_id"] == graduated["event_id"]
        assert opened["correlation_id"] == graduated["correlation_id"]
        assert declined["summary_en"] == "SBA declined the handoff: export focus this year"
        assert declined["summary_ko"] == "서울경제진흥원 연계 거절: export focus this year"
        assert declined["acting"] == {"organization_id": "sba", "organization_kind": "agency"}
        assert "Kim Minji" not in str(journey)

        for reader in ("council", "operator", "snu", "cau", "gwanak", "sba", "kosme"):
            assert await status_of(stack.insight, walked.startup_id, reader) == 200, reader
        for reader in ("chongshin", "guro", "kicox"):
            assert await status_of(stack.insight, walked.startup_id, reader) == 403, reader

        assert await funnel_counts(stack.insight, "council") == [1] * 8
        # CAU's own stages are its submission only; what became of the startup follows.
        assert await funnel_counts(stack.insight, "cau") == [1, 0, 0, 1, 1, 1, 1, 1]
        assert await funnel_counts(stack.insight, "sba") == [1, 1, 1, 1, 1, 1, 0, 0]
        assert await funnel_counts(stack.insight, "chongshin") == [0] * 8

        await rebuild_from_the_producers(stack, walked.startup_id, journey)


async def rebuild_from_the_producers(stack: Stack, startup_id: str, before: Any) -> None:
    """Every insight consumer reset, every producer's log republished: the same journey."""
    operator = key_of("operator")
    for event in ALL_EVENTS:
        reset = await stack.insight.post(
            f"/operations/rebuild/{consumer_of(event)}", headers=operator
        )
        assert reset.status_code == 200, reset.text
    assert await status_of(stack.insight, startup_id, "council") == 404
    for producer in (stack.intake, stack.incubation, stack.growth):
        republished = await producer.post("/operations/republish", headers=operator)
        assert republished.status_code == 200, republished.text

    async def rebuilt() -> bool:
        after = await journey_when(stack.insight, startup_id, len(JOURNEY))
        return bool(after == before)

    await eventually(rebuilt, what="the journey rebuilt from the producers' logs")
