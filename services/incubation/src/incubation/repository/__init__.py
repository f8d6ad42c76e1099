"""The only package of incubation that touches MongoDB: one repository per collection family."""

from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

CASES = "cases"
DISTRICTS = "districts"
FACILITIES = "facilities"
OCCUPANCIES = "occupancies"
PROGRAMS = "programs"
BUDGETS = "budgets"
LEDGER = "ledger"
LEDGER_HEADS = "ledger_heads"
SNAPSHOTS = "snapshots"
HANDOFFS = "handoffs"


class StaleRecord(Exception):
    """The record changed since it was read (409)."""


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    await db[CASES].create_indexes(
        [
            IndexModel([("district_id", ASCENDING), ("_id", ASCENDING)], name="district_queue"),
            # A district polls its open cases; without the status the scan grows with history.
            IndexModel(
                [("district_id", ASCENDING), ("status", ASCENDING), ("_id", ASCENDING)],
                name="district_status_queue",
            ),
            IndexModel([("startup_id", ASCENDING)], name="by_startup"),
        ]
    )
    await db[FACILITIES].create_indexes([IndexModel([("district_id", ASCENDING)], name="district")])
    await db[PROGRAMS].create_indexes([IndexModel([("district_id", ASCENDING)], name="district")])
    await db[LEDGER].create_indexes(
        [IndexModel([("startup_id", ASCENDING), ("kind", ASCENDING)], name="by_startup")]
    )
    await db[SNAPSHOTS].create_indexes(
        [IndexModel([("case_id", ASCENDING), ("as_of", ASCENDING)], name="by_case")]
    )
    await db[HANDOFFS].create_indexes(
        [
            IndexModel([("state", ASCENDING), ("expires_at", ASCENDING)], name="due"),
            IndexModel([("case_id", ASCENDING)], name="by_case"),
            IndexModel([("history.agency_id", ASCENDING)], name="by_agency"),
        ]
    )
