"""Collections of growth, their indexes, and the reference data seeded at startup."""

from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from growth.adapters.samples import SAMPLE_NEEDS
from growth.adapters.store import Documents
from growth.domain.difficulties import Ticket
from growth.domain.matching import InnovationOutcome, Need
from growth.domain.offers import HandoffOffer, LeapStartup
from growth.domain.outcomes import Snapshot
from growth.domain.programs import Cohort, Enrolment, Program
from growth.domain.reference import AGENCIES, DIFFICULTY_ROUTES, FIRMS, Agency, Firm
from growth.domain.webhooks import Delivery, Webhook
from relay_eventing import UnitOfWork

AGENCIES_C = "agencies"
FIRMS_C = "firms"
ROUTES = "difficulty_routes"
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
    OFFERS,
    PORTFOLIO,
    DELIVERIES,
    ENROLMENTS,
    INNOVATION_OUTCOMES,
    SNAPSHOTS,
    TICKETS,
)

INDEXES: dict[str, list[IndexModel]] = {
    OFFERS: [
        IndexModel([("agency_id", ASCENDING), ("received_at", ASCENDING)], name="agency_queue"),
        # An agency polls its offers still waiting; without the status the scan grows with history.
        IndexModel(
            [("agency_id", ASCENDING), ("status", ASCENDING), ("received_at", ASCENDING)],
            name="agency_status_queue",
        ),
        IndexModel([("handoff_id", ASCENDING)], name="handoff"),
        IndexModel([("startup_id", ASCENDING)], name="startup"),
    ],
    PORTFOLIO: [
        IndexModel([("agency_id", ASCENDING), ("startup_id", ASCENDING)], name="agency_startup"),
        IndexModel([("startup_id", ASCENDING)], name="startup"),
    ],
    DELIVERIES: [
        IndexModel([("status", ASCENDING), ("next_attempt_at", ASCENDING)], name="due"),
        IndexModel([("agency_id", ASCENDING), ("created_at", ASCENDING)], name="agency_log"),
        IndexModel(
            [("agency_id", ASCENDING), ("event_id", ASCENDING)], unique=True, name="once_per_event"
        ),
    ],
    PROGRAMS: [IndexModel([("agency_id", ASCENDING)], name="agency")],
    COHORTS: [IndexModel([("program_id", ASCENDING)], name="program")],
    ENROLMENTS: [
        IndexModel([("cohort_id", ASCENDING)], name="cohort"),
        IndexModel([("agency_id", ASCENDING), ("startup_id", ASCENDING)], name="agency_startup"),
    ],
    NEEDS: [IndexModel([("firm_id", ASCENDING)], name="firm")],
    INNOVATION_OUTCOMES: [
        IndexModel([("need_id", ASCENDING), ("agency_id", ASCENDING)], name="need_agency")
    ],
    SNAPSHOTS: [
        IndexModel(
            [("agency_id", ASCENDING), ("startup_id", ASCENDING), ("as_of", ASCENDING)],
            name="startup_history",
        )
    ],
    TICKETS: [
        IndexModel([("routed_to", ASCENDING), ("raised_at", ASCENDING)], name="routed"),
        IndexModel([("raised_by", ASCENDING), ("raised_at", ASCENDING)], name="raised"),
        IndexModel([("startup_id", ASCENDING)], name="startup"),
    ],
}


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    for name, indexes in INDEXES.items():
        await db[name].create_indexes(indexes)


async def seed_reference_data(db: AsyncDatabase[Any]) -> None:
    """Insert what is missing and leave edited documents alone, so data outranks code."""
    now = datetime.now(UTC)
    seeds: list[tuple[str, str, dict[str, Any]]] = [
        *[(AGENCIES_C, a.agency_id, a.model_dump(exclude={"agency_id"})) for a in AGENCIES],
        *[(FIRMS_C, f.firm_id, f.model_dump(exclude={"firm_id"})) for f in FIRMS],
        *[(ROUTES, category, {"routed_to": to}) for category, to in DIFFICULTY_ROUTES.items()],
        *[
            (
                NEEDS,
                n["need_id"],
                {**{k: v for k, v in n.items() if k != "need_id"}, "published_at": now},
            )
            for n in SAMPLE_NEEDS
        ],
    ]
    for collection, key, fields in seeds:
        await db[collection].update_one({"_id": key}, {"$setOnInsert": fields}, upsert=True)


def agencies(unit: UnitOfWork) -> Documents[Agency]:
    return Documents(unit, AGENCIES_C, Agency, "agency_id")


def firms(unit: UnitOfWork) -> Documents[Firm]:
    return Documents(unit, FIRMS_C, Firm, "firm_id")


def offers(unit: UnitOfWork) -> Documents[HandoffOffer]:
    return Documents(unit, OFFERS, HandoffOffer, "offer_id")


def portfolio(unit: UnitOfWork) -> Documents[LeapStartup]:
    return Documents(unit, PORTFOLIO, LeapStartup, "leap_id")


def webhooks(unit: UnitOfWork) -> Documents[Webhook]:
    return Documents(unit, WEBHOOKS, Webhook, "agency_id")


def deliveries(unit: UnitOfWork) -> Documents[Delivery]:
    return Documents(unit, DELIVERIES, Delivery, "delivery_id")


def programs(unit: UnitOfWork) -> Documents[Program]:
    return Documents(unit, PROGRAMS, Program, "program_id")


def cohorts(unit: UnitOfWork) -> Documents[Cohort]:
    return Documents(unit, COHORTS, Cohort, "cohort_id")


def enrolments(unit: UnitOfWork) -> Documents[Enrolment]:
    return Documents(unit, ENROLMENTS, Enrolment, "enrolment_id")


def needs(unit: UnitOfWork) -> Documents[Need]:
    return Documents(unit, NEEDS, Need, "need_id")


def innovation_outcomes(unit: UnitOfWork) -> Documents[InnovationOutcome]:
    return Documents(unit, INNOVATION_OUTCOMES, InnovationOutcome, "outcome_id")


def snapshots(unit: UnitOfWork) -> Documents[Snapshot]:
    return Documents(unit, SNAPSHOTS, Snapshot, "snapshot_id")


def tickets(unit: UnitOfWork) -> Documents[Ticket]:
    return Documents(unit, TICKETS, Ticket, "ticket_id")


async def route_of(unit: UnitOfWork, category: str) -> str:
    document = await unit.db[ROUTES].find_one({"_id": category}, session=unit.session)
    return str(document["routed_to"]) if document else DIFFICULTY_ROUTES[category]


async def canonical_startup(unit: UnitOfWork, startup_id: str) -> str:
    """The survivor of a merge, for an event that still names the retired id."""
    document = await unit.db[ALIASES].find_one({"_id": startup_id}, session=unit.session)
    return str(document["survivor_id"]) if document else startup_id


async def repoint_startup(unit: UnitOfWork, merged_id: str, survivor_id: str) -> None:
    await unit.db[ALIASES].update_one(
        {"_id": merged_id},
        {"$set": {"survivor_id": survivor_id}},
        upsert=True,
        session=unit.session,
    )
    for name in STARTUP_COLLECTIONS:
        await unit.db[name].update_many(
            {"startup_id": merged_id}, {"$set": {"startup_id": survivor_id}}, session=unit.session
        )
