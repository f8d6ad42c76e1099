"""A minimal service on the eventing runtime, so runtime tests do not lean on a domain service."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import uuid4

from fastapi import APIRouter, FastAPI
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import AutoReconnect

from relay_contracts import Actor, Envelope, OrganizationKind
from relay_contracts.intake import StartupGraduated, StartupSubmitted
from relay_eventing import Cause, ServiceRuntime, ServiceSettings, UnitOfWork, new_event
from relay_eventing.app import service_app
from relay_eventing.operations import RuntimeDep

SNU = Actor(organization_id="snu", organization_kind=OrganizationKind.UNIVERSITY)
SEEN = "seen"
# One document per committed application. SEEN is written by key and so hides a second effect;
# this log shows it, which is how a test tells an absorbed duplicate from an applied one.
APPLIED = "applied"


def unique(prefix: str) -> str:
    """A startup id of this test alone, so a re-run or a repeat never meets an earlier one."""
    return f"{prefix}-{uuid4().hex[:8]}"


def graduation(startup_id: str, company_name: str | None = None) -> Envelope[Any]:
    payload = StartupGraduated(
        university_id="snu",
        company_name=company_name or f"Company {startup_id}",
        stage="early",
        business_registration_number="1208147521",
        sector="ai",
        desired_district="gwanak",
        youth=True,
        milestones=["prototype"],
    )
    return new_event(payload, startup_id=startup_id, cause=Cause.request(SNU))


def submission(startup_id: str) -> Envelope[Any]:
    payload = StartupSubmitted(
        university_id="snu",
        company_name=f"Company {startup_id}",
        stage="pre_startup",
        sector="ai",
        desired_district="guro",
        youth=True,
        submitted_on=date(2026, 11, 1),
    )
    return new_event(payload, startup_id=startup_id, cause=Cause.request(SNU))


async def log_application(unit: UnitOfWork, envelope: Envelope[Any]) -> None:
    """Append to APPLIED in the handler's transaction: it exists only if the effect committed."""
    await unit.db[APPLIED].insert_one(
        {"event_id": str(envelope.event_id), "startup_id": envelope.startup_id},
        session=unit.session,
    )


async def times_applied(db: AsyncDatabase[Any], envelope: Envelope[Any]) -> int:
    """How often the event's effect was committed: 1 however often it was delivered."""
    return await db[APPLIED].count_documents({"event_id": str(envelope.event_id)})


@dataclass
class Faults:
    """The failures a probe scripts, and the attempts it saw: one per probe, never shared.

    Company names script them: 'refused' breaks a rule that can never pass, 'flaky' finds the
    database unreachable twice and then succeeds, 'unreachable' never reaches it until its
    startup is made reachable again (the fix an operator waits for before a re-drive).
    """

    attempts: dict[str, int] = field(default_factory=dict)
    reachable_again: set[str] = field(default_factory=set)

    async def record(self, unit: UnitOfWork, envelope: Envelope[Any]) -> None:
        """Record what was seen, unless a scripted failure stops it."""
        name = getattr(envelope.payload, "company_name", "")
        if name == "refused":
            raise ValueError("company_name: refused by the probe's rule")
        if name in {"flaky", "unreachable"}:
            attempt = self.attempts.get(envelope.startup_id, 0) + 1
            self.attempts[envelope.startup_id] = attempt
            down = name == "unreachable" and envelope.startup_id not in self.reachable_again
            if down or (name == "flaky" and attempt <= 2):
                raise AutoReconnect(f"database unreachable (probe, attempt {attempt})")
        # Written by key, so a partial rebuild that applies an event again leaves one document.
        await unit.db[SEEN].replace_one(
            {"_id": str(envelope.event_id)},
            {"event_type": envelope.event_type, "startup_id": envelope.startup_id},
            upsert=True,
            session=unit.session,
        )
        await log_application(unit, envelope)


router = APIRouter()


@router.post("/submissions/{startup_id}")
async def submit(startup_id: str, runtime: RuntimeDep) -> None:
    """Emit a StartupSubmitted through the outbox, as a producing service does."""

    async def work(unit: UnitOfWork) -> None:
        unit.emit(submission(startup_id))

    await runtime.transact(work)


def create_probe(settings: ServiceSettings, faults: Faults | None = None) -> FastAPI:
    """A service named `probe` that emits submissions and records what it consumes."""
    runtime = ServiceRuntime(settings, "probe")
    record = (faults or Faults()).record
    runtime.subscribe(StartupGraduated, "record_graduation", record)
    runtime.subscribe(StartupSubmitted, "record_submission", record, projection=[SEEN])
    return service_app(runtime, routers=[router])
