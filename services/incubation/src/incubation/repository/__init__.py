"""The only package of incubation that touches MongoDB: one repository per collection family."""

from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from relay_contracts import Actor
from relay_eventing.access import sees_everything
from relay_eventing.errors import Conflict

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


class StaleRecord(Conflict):
    """The record changed since it was read; read it again (409)."""


def district_scope(actor: Actor) -> dict[str, Any]:
    """The records of a district the caller may read: all for the program office and operators,
    its own for a district, none for anyone else (no other kind's id is a district's)."""
    return {} if sees_everything(actor) else {"district_id": actor.organization_id}


def _page(*equality: str, sort_field: str, name: str) -> IndexModel:
    """The index a list is paged on: its filters, then its sort key and `_id` (see `find_page`)."""
    keys = [(field, ASCENDING) for field in (*equality, sort_field, "_id")]
    return IndexModel(keys, name=name)


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    await db[CASES].create_indexes(
        [
            _page("district_id", sort_field="opened_at", name="district_page"),
            # A district polls its open cases; without the status the scan grows with history.
            _page("district_id", "status", sort_field="opened_at", name="district_status_page"),
            IndexModel([("startup_id", ASCENDING)], name="by_startup"),
            # The officer's lookups (GET /cases?business_registration_number=…).
            IndexModel(
                [("district_id", ASCENDING), ("business_registration_number", ASCENDING)],
                name="district_business_number",
            ),
            # The program office reads every district's queue.
            _page(sort_field="opened_at", name="all_page"),
        ]
    )
    await db[FACILITIES].create_indexes([IndexModel([("district_id", ASCENDING)], name="district")])
    await db[PROGRAMS].create_indexes([IndexModel([("district_id", ASCENDING)], name="district")])
    await db[BUDGETS].create_indexes([_page("program_id", sort_field="year", name="program_page")])
    await db[LEDGER].create_indexes(
        [
            _page("startup_id", sort_field="recorded_at", name="startup_page"),
            IndexModel([("case_id", ASCENDING)], name="by_case"),
        ]
    )
    await db[SNAPSHOTS].create_indexes([_page("case_id", sort_field="as_of", name="case_page")])
    await db[HANDOFFS].create_indexes(
        [
            IndexModel([("state", ASCENDING), ("expires_at", ASCENDING)], name="due"),
            IndexModel([("case_id", ASCENDING)], name="by_case"),
            IndexModel([("startup_id", ASCENDING)], name="by_startup"),
            _page("district_id", sort_field="opened_at", name="district_page"),
            _page("history.agency_id", sort_field="opened_at", name="agency_page"),
        ]
    )
