"""Growth with data: hop and API throughput again with many startups already stored."""

import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

from bson import ObjectId
from pymongo.asynchronous.database import AsyncDatabase

from bench import api, hop
from bench.indexes import hop_paths, intake_paths, plans
from bench.processes import service_values
from bench.stack import EVENTS, FETCH_WAIT_MS, Figure, Stack
from intake.domain.identity import ceo_key
from intake.domain.submission import Founder, Submission, is_youth
from intake.repository.collections import ensure_indexes as intake_indexes
from relay_contracts import Actor, OrganizationKind
from relay_contracts.intake import StartupGraduated, StartupSubmitted
from relay_eventing import Cause, new_event
from relay_eventing.inbox import InboxMark
from relay_eventing.outbox import Outbox, outbox_record
from relay_eventing.projections import Projections

Documents = Callable[[int, datetime], Iterator[tuple[str, dict[str, Any]]]]
STORED = int(os.environ.get("BENCH_STORED", "100000"))
BATCH = 1000
BIRTH = date(1994, 5, 17)


def startup_id_of(number: int) -> str:
    return f"st-{number:016x}"


def published(record: dict[str, Any], at: datetime) -> dict[str, Any]:
    return {**record, "published": True, "published_at": at}


def intake_documents(number: int, at: datetime) -> Iterator[tuple[str, dict[str, Any]]]:
    """What intake stores for one submitted startup: the shapes of its own adapters."""
    university = api.university_of(number)
    startup_id, company, ceo = startup_id_of(number), f"Stored Labs {number}", f"Founder {number}"
    yield (
        "startups",
        {
            "_id": startup_id,
            "company_name": company,
            "stage": "pre_startup",
            "business_registration_number": None,
            "registered_on": None,
            "merged_into": None,
            "created_at": at,
            "first_university_id": university,
        },
    )
    yield (
        "identity_keys",
        {
            "_id": ceo_key(ceo, BIRTH, company),
            "startup_id": startup_id,
            "kind": "ceo_and_company_name",
        },
    )
    body = api.submission_body("stored", number)
    submission = Submission(
        submission_id=f"sub-{ObjectId()}",
        startup_id=startup_id,
        university_id=university,
        company_name=company,
        stage="pre_startup",
        business_registration_number=None,
        registered_on=None,
        founders=[Founder(name=ceo, birth_date=BIRTH, role="ceo")],
        sector=body["sector"],
        description=body["description"],
        desired_district=body["desired_district"],
        contact=body["contact"],
        documents=[],
        youth=is_youth(BIRTH, at.date()),
        submitted_on=at.date(),
    )
    submission.record("submitted", None)
    document = submission.model_dump(mode="json")
    document["_id"] = document.pop("submission_id")
    yield "submissions", document
    actor = Actor(organization_id=university, organization_kind=OrganizationKind.UNIVERSITY)
    submitted = StartupSubmitted(
        university_id=university,
        company_name=company,
        stage="pre_startup",
        sector=submission.sector,
        desired_district=submission.desired_district,
        youth=submission.youth,
        submitted_on=submission.submitted_on,
        submission_id=submission.submission_id,
    )
    event = new_event(submitted, startup_id=startup_id, cause=Cause.request(actor))
    yield "outbox", published(outbox_record(event), at)
    yield "inbox", InboxMark("intake.history", str(uuid4()), at).document()


def hop_documents(number: int, at: datetime) -> Iterator[tuple[str, dict[str, Any]]]:
    """What the hop stores per event it handled: state, the event it emitted, its inbox mark."""
    startup_id = startup_id_of(number)
    yield (
        "startups",
        {"_id": startup_id, "status": "graduated", "company_name": f"Bench Company {number}"},
    )
    event = new_event(
        StartupGraduated(
            university_id="snu",
            company_name=f"Bench Company {number}",
            stage="pre_startup",
            sector="ai",
            desired_district="guro",
            youth=True,
        ),
        startup_id=startup_id,
        cause=Cause.request(hop.SNU),
    )
    yield "outbox", published(outbox_record(event), at)
    yield "inbox", InboxMark("hop.hop", str(uuid4()), at).document()


async def fill(db: AsyncDatabase[Any], count: int, documents: Documents) -> float:
    """Bulk-insert `count` startups' documents, a batch per collection at a time; seconds."""
    started = time.monotonic()
    await Outbox(db).ensure_indexes()
    await Projections(db, "bench").ensure_indexes()
    at = datetime.now(UTC)
    batches: dict[str, list[dict[str, Any]]] = {}
    for number in range(count):
        stamp = at - timedelta(seconds=count - number)
        for collection, document in documents(number, stamp):
            batch = batches.setdefault(collection, [])
            batch.append(document)
            if len(batch) >= BATCH:
                await db[collection].insert_many(batch, ordered=False)
                batch.clear()
    for collection, batch in batches.items():
        if batch:
            await db[collection].insert_many(batch, ordered=False)
    return time.monotonic() - started


async def growth_with_data(stack: Stack) -> list[Figure]:
    figures = []
    # The hop, in process, on a database that already holds STORED handled events.
    hop_db = f"bench_{uuid4().hex[:8]}"
    hop_fill_s = await fill(stack.mongo[hop_db], STORED, hop_documents)
    if "hop" not in stack.measured:
        bootstrap = await stack.fresh_broker()
        stack.measured["hop"] = await hop.runtime_hop(
            stack.settings(bootstrap), stack.mongo, EVENTS
        )
    bootstrap = await stack.fresh_broker()
    with_data = await hop.runtime_hop(
        stack.settings(bootstrap, mongo_database=hop_db), stack.mongo, EVENTS
    )
    hop_plans = await plans(stack.mongo[hop_db], hop_paths(startup_id_of(1)))
    figures.append(
        Figure(
            f"hop throughput, {STORED} stored",
            with_data,
            stack.measured["hop"],
            "ev/s",
            "~1x (indexes cover every path)",
            {"stored": STORED, "fill_s": round(hop_fill_s, 1), **hop_plans},
        )
    )
    # Intake as its own process on a database that already holds STORED startups.
    bootstrap = await stack.fresh_broker()
    values = service_values(bootstrap, stack.mongo_url, FETCH_WAIT_MS)
    intake_db = stack.mongo[values["mongo_database"]]
    await intake_indexes(intake_db)
    intake_fill_s = await fill(intake_db, STORED, intake_documents)
    if "api" not in stack.measured:
        empty = service_values(bootstrap, stack.mongo_url, FETCH_WAIT_MS)
        stack.measured["api"] = await api.intake_rps(empty)
    with_data = await api.intake_rps(values)
    intake_plans = await plans(intake_db, intake_paths(startup_id_of(1), api.university_of(1)))
    figures.append(
        Figure(
            f"API POST /startups, {STORED} stored",
            with_data,
            stack.measured["api"],
            "req/s",
            "~1x (indexes cover every path)",
            {"stored": STORED, "fill_s": round(intake_fill_s, 1), **intake_plans},
        )
    )
    return figures
