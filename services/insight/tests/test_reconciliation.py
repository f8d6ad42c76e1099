"""Reconciliation: on 500 startups driven through the real intake, incubation and growth, the
funnel and the outcomes insight answers equal a direct count in the three services' databases.

The program is `make demo`'s (relay_devstack.demo), scaled so that a few dozen startups go the
whole way; the counts below read the producers' own collections, never insight's.
"""

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from conftest import TEST_KEYS, eventually, key_of
from relay_devstack.program import Plan, Program, Services
from services.insight.tests.conftest import caught_up
from tests.walk import four_services

PLAN = Plan(
    startups=500,
    duplicates=0.03,
    screened=0.12,
    admitted=0.8,
    graduated=0.8,
    granted=0.5,
    measured=0.8,
    offered=0.7,
    reoffered=0.3,
)
Db = AsyncDatabase[Any]


async def startups_where(collection: Any, query: dict[str, Any]) -> set[str]:
    return {str(doc["startup_id"]) async for doc in collection.find(query, {"startup_id": 1})}


async def direct_funnel(intake: Db, incubation: Db, growth: Db) -> list[int]:
    submitted = await intake["startups"].count_documents({"merged_into": None})
    admitted = await startups_where(intake["submissions"], {"history.what": "admitted"})
    graduated = await startups_where(intake["submissions"], {"history.what": "graduated"})
    approved = await startups_where(incubation["cases"], {"placement": {"$ne": None}})
    settled = await startups_where(incubation["cases"], {"residency": {"$ne": None}})
    offered = await startups_where(incubation["handoffs"], {})
    accepted = await startups_where(incubation["handoffs"], {"state": "accepted"})
    enrolled = await startups_where(growth["enrolments"], {})
    stages = [admitted, graduated, approved, settled, offered, accepted, enrolled]
    return [submitted, *(len(found) for found in stages)]


def day(value: Any) -> date:
    return value.date() if isinstance(value, datetime) else date.fromisoformat(str(value))


async def snapshots_by_startup(incubation: Db, growth: Db) -> dict[str, list[dict[str, Any]]]:
    """Both stages' snapshots per startup in date order, named in the one vocabulary."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    async for doc in incubation["snapshots"].find({}):
        found[doc["startup_id"]].append({**doc, "exports_krw": None, "as_of": day(doc["as_of"])})
    async for doc in growth["snapshots"].find({}):
        found[doc["startup_id"]].append({**doc, "as_of": day(doc["as_of"])})
    return {startup: sorted(docs, key=lambda doc: doc["as_of"]) for startup, docs in found.items()}


def latest(series: list[dict[str, Any]], name: str) -> Any:
    return next((doc[name] for doc in reversed(series) if doc.get(name) is not None), None)


def direct_row(series: list[list[dict[str, Any]]]) -> dict[str, Any]:
    totals: dict[str, int | None] = {}
    for name in ("employees", "revenue_krw", "investment_raised_krw", "exports_krw"):
        known = [value for s in series if (value := latest(s, name)) is not None]
        totals[name] = sum(known) if known else None
    for name in ("ip_filed", "ip_registered"):
        known = [value for s in series if (value := latest(s, name)) is not None]
        totals[name] = sum(known) if known else None
    operating = [latest(s, "operating") for s in series]
    return {
        "startups": len(series),
        "totals": totals,
        "operating": sum(1 for value in operating if value is True),
        "reporting_operation": sum(1 for value in operating if value is not None),
    }


async def direct_outcomes(intake: Db, incubation: Db, growth: Db) -> dict[str | None, Any]:
    """Rows by university (every university that submitted a startup, snapshots or not), then
    the total under None."""
    series = await snapshots_by_startup(incubation, growth)
    universities: dict[str, set[str]] = defaultdict(set)
    async for doc in intake["submissions"].find({}, {"startup_id": 1, "university_id": 1}):
        universities[doc["university_id"]].add(doc["startup_id"])
    rows: dict[str | None, Any] = {
        university: direct_row([series[s] for s in sorted(members) if s in series])
        for university, members in sorted(universities.items())
    }
    rows[None] = direct_row(list(series.values()))
    return rows


def answered_row(row: dict[str, Any]) -> dict[str, Any]:
    names = ("employees", "revenue_krw", "investment_raised_krw", "exports_krw")
    return {
        "startups": row["startups"],
        "totals": {name: row["totals"][name] for name in (*names, "ip_filed", "ip_registered")},
        "operating": row["operating"],
        "reporting_operation": row["reporting_operation"],
    }


# 500 startups through three services on SecantusDB take 45 to 90 s on two cores: a bound of its
# own, so the run stays well inside a third of it.
@pytest.mark.timeout(360)
async def test_the_funnel_and_outcomes_of_500_startups_equal_a_direct_count(
    settings_for: Callable[[str], dict[str, Any]], mongo: AsyncMongoClient[Any]
) -> None:
    intake, incubation, growth = (
        mongo[settings_for(service)["mongo_database"]]
        for service in ("intake", "incubation", "growth")
    )
    async with four_services(settings_for) as stack:
        services = Services(stack.intake, stack.incubation, stack.growth, TEST_KEYS)
        program = Program(services, PLAN, seed=12, parallel=16)
        done = await program.run()
        assert not program.failures, program.failures[:3]
        assert done["submitted"] == 500
        assert done["handoffs accepted"] >= 10, done

        expected_funnel = await direct_funnel(intake, incubation, growth)
        expected_outcomes = await direct_outcomes(intake, incubation, growth)
        council = key_of("council")

        async def funnel_matches() -> list[int] | None:
            if not await caught_up(stack.insight):
                return None
            answer = await stack.insight.get("/funnel", headers=council)
            counts = [stage["count"] for stage in answer.json()["stages"]]
            return counts if counts == expected_funnel else None

        await eventually(funnel_matches, timeout_s=30, what=f"the funnel {expected_funnel}")
        answer = await stack.insight.get("/outcomes", params={"by": "university"}, headers=council)
        rows = {row["institution_id"]: answered_row(row) for row in answer.json()["rows"]}
        assert rows == expected_outcomes
        assert expected_funnel[0] == 500
        assert expected_funnel[-1] > 0
        assert expected_outcomes[None]["totals"]["exports_krw"] is not None
