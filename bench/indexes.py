"""Which plan the database picks for each query path of a service: an index, or a scan."""

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bson import ObjectId
from pymongo.asynchronous.cursor import AsyncCursor
from pymongo.asynchronous.database import AsyncDatabase

# More documents examined than this many per document returned (plus slack) is a scan in effect.
EXAMINED_PER_RETURNED = 10


@dataclass(frozen=True)
class QueryPath:
    label: str
    collection: str
    query: dict[str, Any]
    sort: list[tuple[str, int]] = field(default_factory=list)
    limit: int = 0


def intake_paths(startup_id: str, university_id: str) -> list[QueryPath]:
    """The reads intake's submit, stage and relay paths make (from its adapters and runtime)."""
    by_id = [("_id", 1)]
    return [
        QueryPath("identity key owner", "identity_keys", {"_id": "ceo:x|1994-05-17|x"}),
        QueryPath("idempotency key", "idempotency_keys", {"_id": f"{university_id}|k"}),
        QueryPath("startup by id", "startups", {"_id": startup_id}),
        QueryPath("startups merged into", "startups", {"merged_into": startup_id}),
        QueryPath("submissions of startup", "submissions", {"startup_id": startup_id}),
        QueryPath(
            "submission of university",
            "submissions",
            {"university_id": university_id, "startup_id": startup_id},
        ),
        QueryPath("university page", "submissions", {"university_id": university_id}, by_id, 50),
        QueryPath("inbox mark", "inbox", {"_id": "intake.history|x"}),
        *outbox_paths(startup_id),
    ]


def hop_paths(startup_id: str) -> list[QueryPath]:
    return [
        QueryPath("state by id", "startups", {"_id": startup_id}),
        QueryPath("inbox mark", "inbox", {"_id": "hop.hop|x"}),
        *outbox_paths(startup_id),
    ]


def outbox_paths(startup_id: str) -> list[QueryPath]:
    """The relay's reads, the trail of a startup, and an operator's republish from a time."""
    by_id = [("_id", 1)]
    now = datetime.now(UTC)
    return [
        # The relay reads the backlog through one cursor, in batches, without a limit.
        QueryPath("outbox pending", "outbox", {"published": False}, by_id),
        QueryPath(
            "outbox sweep",
            "outbox",
            {"published": False, "_id": {"$lt": ObjectId.from_datetime(now)}},
            by_id,
        ),
        QueryPath("startup trail", "outbox", {"key": startup_id}, by_id),
        QueryPath("republish since", "outbox", {"recorded_at": {"$gte": now}}),
    ]


def stages(plan: dict[str, Any]) -> str:
    """`FETCH<IXSCAN(index)` or `COLLSCAN`: the winning plan from the top stage down."""
    names = []
    while plan:
        name = plan.get("stage", "?")
        names.append(f"{name}({plan['indexName']})" if "indexName" in plan else name)
        plan = plan.get("inputStage") or {}
    return "<".join(names)


def cursor_of(db: AsyncDatabase[Any], path: QueryPath) -> AsyncCursor[Any]:
    cursor = db[path.collection].find(path.query)
    if path.sort:
        cursor = cursor.sort(path.sort)
    if path.limit:
        cursor = cursor.limit(path.limit)
    return cursor


async def plans(db: AsyncDatabase[Any], paths: list[QueryPath]) -> dict[str, Any]:
    """Each path's plan and what it examined; those that scan are listed as unindexed."""
    found: dict[str, str] = {}
    unindexed: list[str] = []
    sorted_in_memory: list[str] = []
    read_past_limit: list[str] = []
    for path in paths:
        explained = await cursor_of(db, path).explain()
        # explain's plan is not always what runs (SecantusDB's explain and find pick an index
        # by different rules for a predicate outside the index), so the query is timed too.
        started = time.perf_counter()
        _ = [document async for document in cursor_of(db, path)]
        wall_ms = (time.perf_counter() - started) * 1000
        plan = stages(explained.get("queryPlanner", {}).get("winningPlan", {}))
        run = explained.get("executionStats", {})
        examined, returned = run.get("totalDocsExamined", -1), run.get("nReturned", -1)
        keys, took = run.get("totalKeysExamined", -1), run.get("executionTimeMillis", -1)
        found[path.label] = (
            f"{plan} docs={examined} keys={keys} n={returned} ms={took} wall_ms={wall_ms:.1f}"
        )
        where = f"{path.collection}: {path.label}"
        if "COLLSCAN" in plan or examined > EXAMINED_PER_RETURNED * max(1, returned) + 10:
            unindexed.append(where)
        elif "SORT" in plan.split("<"):
            # Every match is read and sorted before the limit: cheap only while few match.
            sorted_in_memory.append(where)
        if path.limit and examined > EXAMINED_PER_RETURNED * path.limit + 10:
            # On an index still, but every match is fetched before the limit applies
            # (SecantusDB does not push a limit into the index walk): the cost of a page grows
            # with how many match, which an index definition cannot change.
            read_past_limit.append(where)
    return {
        "plans": found,
        "unindexed": unindexed,
        "sorted_in_memory": sorted_in_memory,
        "read_past_limit": read_past_limit,
    }
