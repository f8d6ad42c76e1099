"""A minimal service on the eventing runtime, so runtime tests do not lean on a domain service."""

from datetime import date
from typing import Any

from fastapi import APIRouter, FastAPI
from pymongo.errors import AutoReconnect

from relay_contracts import Actor, Envelope, OrganizationKind
from relay_contracts.intake import StartupGraduated, StartupSubmitted
from relay_eventing import Cause, ServiceRuntime, ServiceSettings, UnitOfWork, new_event
from relay_eventing.app import service_app
from relay_eventing.operations import RuntimeDep

SNU = Actor(organization_id="snu", organization_kind=OrganizationKind.UNIVERSITY)
SEEN = "seen"


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


FAILURES_BY_STARTUP: dict[str, int] = {}
# Startups whose 'unreachable' database came back: the fix an operator waits for to re-drive.
REACHABLE_AGAIN: set[str] = set()


async def record(unit: UnitOfWork, envelope: Envelope[Any]) -> None:
    """Record what was seen.

    Company names script failures: 'refused' breaks a rule that can never pass, 'flaky' finds
    the database unreachable twice and then succeeds, 'unreachable' never reaches it.
    """
    name = getattr(envelope.payload, "company_name", "")
    if name == "refused":
        raise ValueError("company_name: refused by the probe's rule")
    if name in {"flaky", "unreachable"}:
        failures = FAILURES_BY_STARTUP.get(envelope.startup_id, 0) + 1
        FAILURES_BY_STARTUP[envelope.startup_id] = failures
        down = name == "unreachable" and envelope.startup_id not in REACHABLE_AGAIN
        if down or (name == "flaky" and failures <= 2):
            raise AutoReconnect(f"database unreachable (probe, attempt {failures})")
    # Written by key, so a partial rebuild that applies an event again leaves one document.
    await unit.db[SEEN].replace_one(
        {"_id": str(envelope.event_id)},
        {"event_type": envelope.event_type, "startup_id": envelope.startup_id},
        upsert=True,
        session=unit.session,
    )


router = APIRouter()


@router.post("/submissions/{startup_id}")
async def submit(startup_id: str, runtime: RuntimeDep) -> None:
    """Emit a StartupSubmitted through the outbox, as a producing service does."""
    payload = StartupSubmitted(
        university_id="snu",
        company_name=f"Company {startup_id}",
        stage="pre_startup",
        sector="ai",
        desired_district="guro",
        youth=True,
        submitted_on=date(2026, 11, 1),
    )

    async def work(unit: UnitOfWork) -> None:
        unit.emit(new_event(payload, startup_id=startup_id, cause=Cause.request(SNU)))

    await runtime.transact(work)


def create_probe(settings: ServiceSettings) -> FastAPI:
    """A service named `probe` that emits submissions and records what it consumes."""
    runtime = ServiceRuntime(settings, "probe")
    runtime.subscribe(StartupGraduated, "record_graduation", record)
    runtime.subscribe(StartupSubmitted, "record_submission", record, projection=[SEEN])
    return service_app(runtime, routers=[router])
