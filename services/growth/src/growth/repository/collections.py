"""Collections of growth, their indexes, and the reference data seeded at startup."""

from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from growth.domain.reference import AGENCIES, DIFFICULTY_CATEGORIES, FIRMS, PROGRAM_KINDS
from growth.repository.samples import SAMPLE_NEEDS
from relay_eventing.documents import seed, to_document

AGENCIES_C = "agencies"
FIRMS_C = "firms"
PROGRAM_KINDS_C = "program_kinds"
CATEGORIES = "difficulty_categories"
# Where each category went before categories were reference data; read once, when seeding.
OLD_ROUTES = "difficulty_routes"
HOLDERS = "holders"
ALIASES = "startup_aliases"
OFFERS = "offers"
PORTFOLIO = "portfolio"
WEBHOOKS = "webhooks"
DELIVERIES = "webhook_deliveries"
PROGRAMS = "programs"
COHORTS = "cohorts"
ENROLMENTS = "enrolments"
NEEDS = "needs"
INNOVATION_OUTCOMES = "innovation_outcomes"
SNAPSHOTS = "snapshots"
TICKETS = "tickets"

# Every collection that names a startup, re-pointed when intake merges two startups.
STARTUP_COLLECTIONS = (
    HOLDERS,
    OFFERS,
    PORTFOLIO,
    DELIVERIES,
    ENROLMENTS,
    INNOVATION_OUTCOMES,
    SNAPSHOTS,
    TICKETS,
)


def _keys(*fields: str) -> list[tuple[str, int]]:
    return [(field, ASCENDING) for field in fields]


# A list's index is (its equality fields, its sort field, _id): a page is then a range scan.
INDEXES: dict[str, list[IndexModel]] = {
    OFFERS: [
        IndexModel(_keys("agency_id", "received_at", "_id"), name="agency_offers"),
        # An agency polls its offers still waiting; without the status the scan grows with history.
        IndexModel(_keys("agency_id", "status", "received_at", "_id"), name="agency_status_offers"),
        IndexModel(_keys("handoff_id"), name="handoff"),
        IndexModel(_keys("startup_id"), name="startup"),
        # The program office reads every agency's offers.
        IndexModel(_keys("received_at", "_id"), name="offers"),
    ],
    PORTFOLIO: [
        IndexModel(_keys("agency_id", "startup_id"), name="agency_startup"),
        IndexModel(_keys("agency_id", "accepted_at", "_id"), name="agency_accepted"),
        IndexModel(_keys("startup_id", "accepted_at"), name="startup_accepted"),
        IndexModel(_keys("accepted_at", "_id"), name="accepted"),
    ],
    HOLDERS: [
        IndexModel(_keys("startup_id", "organization_id"), name="startup_holders"),
    ],
    DELIVERIES: [
        IndexModel(_keys("status", "next_attempt_at"), name="due"),
        IndexModel(_keys("agency_id", "created_at", "_id"), name="agency_deliveries"),
        IndexModel(_keys("agency_id", "event_id"), unique=True, name="once_per_event"),
    ],
    PROGRAMS: [
        IndexModel(_keys("agency_id", "created_at", "_id"), name="agency_programs"),
        IndexModel(_keys("created_at", "_id"), name="programs"),
    ],
    COHORTS: [IndexModel(_keys("program_id"), name="program")],
    ENROLMENTS: [
        IndexModel(_keys("cohort_id", "enrolled_at", "_id"), name="cohort_enrolments"),
        IndexModel(_keys("agency_id", "startup_id"), name="agency_startup"),
    ],
    NEEDS: [
        IndexModel(_keys("firm_id"), name="firm"),
        IndexModel(_keys("published_at", "_id"), name="published"),
    ],
    INNOVATION_OUTCOMES: [
        IndexModel(_keys("need_id", "agency_id", "met_on", "_id"), name="need_agency_met")
    ],
    SNAPSHOTS: [
        IndexModel(_keys("agency_id", "startup_id", "as_of", "_id"), name="startup_snapshots")
    ],
    TICKETS: [
        IndexModel(_keys("routed_to", "raised_at", "_id"), name="routed_tickets"),
        IndexModel(_keys("raised_by", "raised_at", "_id"), name="raised_tickets"),
        IndexModel(_keys("startup_id", "raised_at", "_id"), name="startup_tickets"),
        IndexModel(_keys("holders", "raised_at", "_id"), name="held_tickets"),
        IndexModel(_keys("raised_at", "_id"), name="tickets"),
    ],
}


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    for name, indexes in INDEXES.items():
        await db[name].create_indexes(indexes)


async def seed_reference_data(db: AsyncDatabase[Any]) -> None:
    """Insert what is missing and leave edited documents alone, so data outranks code."""
    now = datetime.now(UTC)
    await seed(db[AGENCIES_C], [to_document(agency, "agency_id") for agency in AGENCIES])
    await seed(db[FIRMS_C], [to_document(firm, "firm_id") for firm in FIRMS])
    await seed(db[PROGRAM_KINDS_C], [to_document(kind, "kind_id") for kind in PROGRAM_KINDS])
    # A route an operator changed before categories had labels keeps its desk.
    routed = {str(d["_id"]): str(d["routed_to"]) async for d in db[OLD_ROUTES].find({})}
    categories = [
        category.model_copy(
            update={"routed_to": routed.get(category.category_id, category.routed_to)}
        )
        for category in DIFFICULTY_CATEGORIES
    ]
    await seed(db[CATEGORIES], [to_document(category, "category_id") for category in categories])
    needs = []
    for sample in SAMPLE_NEEDS:
        fields = {key: value for key, value in sample.items() if key != "need_id"}
        needs.append({"_id": sample["need_id"], **fields, "published_at": now})
    await seed(db[NEEDS], needs)
