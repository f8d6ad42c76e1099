"""The funnel, the outcomes and the lag on the real servers, under each reader's scope."""

from typing import Any

import httpx
import pytest

from conftest import eventually, key_of
from insight.handlers.lag import measure_lag
from relay_contracts.registry import ALL_EVENTS
from relay_devstack.servers import free_port
from services.insight.tests.conftest import Publish, caught_up
from services.insight.tests.kit import program_with_outcomes


@pytest.fixture(scope="module")
async def published(insight: httpx.AsyncClient, publish: Publish) -> None:
    """The program of `kit.program`, with KPI snapshots of the two settled startups."""
    await publish(*program_with_outcomes())
    await eventually(lambda: caught_up(insight), what="insight to read the program")


async def funnel_counts(insight: httpx.AsyncClient, reader: str, **filters: Any) -> list[int]:
    answer = await insight.get("/funnel", params=filters, headers=key_of(reader))
    assert answer.status_code == 200, answer.text
    return [stage["count"] for stage in answer.json()["stages"]]


@pytest.mark.usefixtures("published")
async def test_the_council_sees_the_whole_funnel_and_an_institution_its_own_work(
    insight: httpx.AsyncClient,
) -> None:
    assert await funnel_counts(insight, "council") == [4, 3, 2, 2, 2, 1, 1, 1]
    assert await funnel_counts(insight, "operator") == [4, 3, 2, 2, 2, 1, 1, 1]
    assert await funnel_counts(insight, "snu") == [3, 2, 1, 1, 1, 1, 1, 1]
    assert await funnel_counts(insight, "cau") == [1, 1, 1, 1, 1, 0, 0, 0]
    assert await funnel_counts(insight, "council", university="cau") == [1, 1, 1, 1, 1, 0, 0, 0]
    assert await funnel_counts(insight, "sba") == [1, 1, 1, 1, 1, 1, 0, 0]
    assert await funnel_counts(insight, "kosme") == [1, 1, 1, 1, 1, 1, 1, 1]
    assert await funnel_counts(insight, "kicox") == [0] * 8
    refused = await insight.get("/funnel", params={"university": "snu"}, headers=key_of("cau"))
    assert refused.status_code == 403


@pytest.mark.usefixtures("published")
async def test_the_funnel_filters_by_sector_youth_and_period_of_entry(
    insight: httpx.AsyncClient,
) -> None:
    assert (await funnel_counts(insight, "council", sector="hardware"))[0] == 1
    assert (await funnel_counts(insight, "council", youth="false"))[0] == 1
    assert (await funnel_counts(insight, "council", **{"from": "2026-01-01"}))[0] == 0
    answer = await insight.get("/funnel", headers=key_of("council"))
    submitted, admitted = answer.json()["stages"][:2]
    assert (submitted["label_ko"], submitted["conversion"]) == ("접수", None)
    assert (admitted["conversion"], submitted["median_days"]) == (0.75, 12.0)


async def outcome_rows(insight: httpx.AsyncClient, reader: str, **query: str) -> list[Any]:
    answer = await insight.get("/outcomes", params=query, headers=key_of(reader))
    assert answer.status_code == 200, answer.text
    rows: list[Any] = answer.json()["rows"]
    return rows


@pytest.mark.usefixtures("published")
async def test_outcomes_are_aggregated_per_institution_from_both_stages_snapshots(
    insight: httpx.AsyncClient,
) -> None:
    guro, gwanak, total = await outcome_rows(insight, "council", by="district")
    assert [row["institution_id"] for row in (guro, gwanak, total)] == ["guro", "gwanak", None]
    assert gwanak["totals"]["employees"] == 9
    assert gwanak["totals"]["jobs_created"] == 6
    assert gwanak["totals"]["exports_krw"] == 50_000_000
    assert gwanak["totals"]["ip_filed"] == 2
    assert gwanak["growth"]["revenue_krw"] == 1.0
    assert (guro["survival_rate"], total["survival_rate"]) == (0.0, 0.5)
    assert total["totals"]["employees"] == 13
    assert [row["gazelles"] for row in (gwanak, guro, total)] == [0, 0, 0]

    in_2024 = await outcome_rows(insight, "council", by="district", to="2024-12-31")
    assert in_2024[1]["totals"]["employees"] == 5
    assert in_2024[1]["totals"]["jobs_created"] == 2


@pytest.mark.usefixtures("published")
async def test_an_institution_reads_outcomes_of_its_own_startups_only(
    insight: httpx.AsyncClient,
) -> None:
    rows = await outcome_rows(insight, "gwanak", by="district")
    assert [row["institution_id"] for row in rows] == ["gwanak", None]
    assert rows[1]["totals"]["employees"] == 9
    by_university = await outcome_rows(insight, "guro", by="university")
    assert [row["institution_id"] for row in by_university] == ["cau", None]
    refused = await insight.get("/outcomes", params={"district": "gwanak"}, headers=key_of("guro"))
    assert refused.status_code == 403


@pytest.mark.usefixtures("published")
async def test_the_lag_of_every_source_topic_and_partition_is_reported(
    insight: httpx.AsyncClient,
) -> None:
    lag = (await insight.get("/lag", headers=key_of("snu"))).json()
    assert len(lag["topics"]) == len(ALL_EVENTS)
    assert lag["total"] == 0
    submitted = next(t for t in lag["topics"] if t["topic"] == "intake.startup-submitted.v1")
    assert submitted["consumer_group"] == "insight.journal_intake_startup_submitted_v1"
    assert len(submitted["partitions"]) == 3
    assert sum(p["end_offset"] for p in submitted["partitions"]) == 4
    assert all(p["committed_offset"] == p["end_offset"] for p in submitted["partitions"])


async def test_a_broker_that_does_not_answer_leaves_the_lag_unknown_with_a_reason() -> None:
    nobody = f"127.0.0.1:{free_port()}"
    topics = await measure_lag(nobody, {"insight.journal_x": "intake.x.v1"}, timeout_s=1.0)
    assert [(t.topic, t.lag, t.partitions) for t in topics] == [("intake.x.v1", None, [])]
    assert topics[0].reason
    assert topics[0].reason.startswith("the broker did not answer")
