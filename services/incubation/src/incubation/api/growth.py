"""Growth routes: KPI snapshots, readiness, and the handoff process both sides can follow."""

from datetime import datetime, timedelta
from typing import Annotated
from uuid import uuid4

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from incubation.api.callers import (
    DistrictReaderDep,
    HandoffReaderDep,
    Id,
    SettingsDep,
    created,
)
from incubation.domain.bounds import Count, Money, PastDate, now, to_millisecond, today
from incubation.domain.handoffs import Handoff, HandoffState
from incubation.domain.readiness import CriterionCheck, Snapshot
from incubation.handlers import Outcome
from incubation.handlers import growth as handlers
from incubation.settings import Settings
from relay_contracts.incubation import GrowthNeed
from relay_eventing import UnitOfWork
from relay_eventing.access import DistrictDep
from relay_eventing.errors import InvalidField
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

router = APIRouter(tags=["growth"])

Technology = Annotated[str, Field(min_length=1, max_length=100)]
Technologies = Annotated[
    list[Technology],
    Field(
        max_length=50,
        description="Technologies the startup works with, as the district diagnosed them.",
        examples=[["computer_vision", "edge_ai"]],
    ),
]


class SnapshotRequest(BaseModel):
    as_of: PastDate = Field(description="Date the figures describe: not in the future.")
    employees: Count
    revenue_krw: Money
    investment_raised_krw: Money
    ip_filed: Count = 0
    ip_registered: Count = 0
    operating: bool = True


class OfferHandoff(BaseModel):
    agency_id: str = Field(min_length=1, max_length=100)
    needs: list[GrowthNeed] = Field(
        min_length=1, max_length=6, description="Diagnosis: what it needs next."
    )
    technologies: Technologies = Field(default_factory=list)
    answer_by: datetime | None = Field(
        default=None, description="Deadline of the offer; the service default when empty."
    )


class Reoffer(BaseModel):
    agency_id: str = Field(min_length=1, max_length=100)
    technologies: Technologies | None = Field(
        default=None, description="A corrected list; the first offer's when empty."
    )
    answer_by: datetime | None = None


def _deadline(settings: Settings, agency_id: str, answer_by: datetime | None) -> datetime:
    if agency_id not in settings.agencies:
        raise InvalidField(
            ("body", "agency_id"), f"{agency_id} is not one of {', '.join(settings.agencies)}"
        )
    if answer_by is not None and answer_by.tzinfo is None:
        raise InvalidField(("body", "answer_by"), "must carry its time zone")
    if answer_by is not None and answer_by.year > 2100:
        raise InvalidField(("body", "answer_by"), "must be within the program (by 2100)")
    return to_millisecond(answer_by or now() + timedelta(days=settings.handoff_offer_days))


@router.post("/cases/{case_id}/snapshots", status_code=201)
async def record_snapshot(
    case_id: Id, body: SnapshotRequest, actor: DistrictDep, runtime: RuntimeDep, response: Response
) -> Snapshot:
    """Record a KPI snapshot of a settled startup."""
    snapshot = Snapshot(
        snapshot_id=f"kpi-{uuid4().hex[:16]}",
        startup_id="",
        case_id=case_id,
        district_id=actor.organization_id,
        recorded_at=now(),
        **body.model_dump(),
    )

    async def work(unit: UnitOfWork) -> Snapshot:
        outcome = await handlers.record_snapshot(unit, actor, case_id, snapshot)
        unit.emit(*outcome.events)
        return outcome.value

    recorded = await runtime.transact(work)
    created(response, f"/cases/{case_id}/snapshots/{recorded.snapshot_id}")
    return recorded


@router.get("/cases/{case_id}/snapshots")
async def snapshots(
    case_id: Id, actor: DistrictReaderDep, runtime: RuntimeDep, page: PageDep
) -> Page[Snapshot]:
    """The KPI snapshots of one of the district's cases, by the date their figures are for."""

    async def work(unit: UnitOfWork) -> Page[Snapshot]:
        return await handlers.snapshots_of(unit, actor, case_id, page)

    return await runtime.read(work)


@router.get("/cases/{case_id}/snapshots/{snapshot_id}")
async def snapshot(
    case_id: Id, snapshot_id: Id, actor: DistrictReaderDep, runtime: RuntimeDep
) -> Snapshot:
    """One KPI snapshot of one of the district's cases."""

    async def work(unit: UnitOfWork) -> Snapshot:
        return await handlers.snapshot_of(unit, actor, case_id, snapshot_id)

    return await runtime.read(work)


@router.get("/cases/{case_id}/readiness")
async def readiness(
    case_id: Id, actor: DistrictReaderDep, runtime: RuntimeDep
) -> list[CriterionCheck]:
    """The district's readiness criteria, each against the startup's figures."""

    async def work(unit: UnitOfWork) -> list[CriterionCheck]:
        return await handlers.assess_readiness(unit, actor, case_id, today())

    return await runtime.read(work)


async def _run(runtime: RuntimeDep, step: handlers.HandoffAction) -> Handoff:
    async def work(unit: UnitOfWork) -> Handoff:
        outcome: Outcome[Handoff] = await step(unit)
        unit.emit(*outcome.events)
        return outcome.value

    return await runtime.transact(work)


@router.post("/cases/{case_id}/handoffs", status_code=201)
async def offer_handoff(
    case_id: Id,
    body: OfferHandoff,
    actor: DistrictDep,
    runtime: RuntimeDep,
    settings: SettingsDep,
    response: Response,
) -> Handoff:
    """Offer a ready, settled startup to an agency, with its diagnosis.

    The offer carries what the district knows (profile, KPI history, grants received), so the
    agency that accepts starts with the startup's history.
    """
    expires_at = _deadline(settings, body.agency_id, body.answer_by)
    handoff = await _run(
        runtime,
        lambda unit: handlers.offer_growth_handoff(
            unit, actor, case_id, body.agency_id, body.needs, body.technologies, expires_at
        ),
    )
    created(response, f"/handoffs/{handoff.handoff_id}")
    return handoff


@router.post("/handoffs/{handoff_id}/reoffer")
async def reoffer(
    handoff_id: Id, body: Reoffer, actor: DistrictDep, runtime: RuntimeDep, settings: SettingsDep
) -> Handoff:
    """Offer a declined or expired handoff to another agency, in the same flow (correlation)."""
    expires_at = _deadline(settings, body.agency_id, body.answer_by)
    return await _run(
        runtime,
        lambda unit: handlers.reoffer_handoff(
            unit, actor, handoff_id, body.agency_id, body.technologies, expires_at
        ),
    )


@router.get("/handoffs/{handoff_id}")
async def get_handoff(handoff_id: Id, actor: HandoffReaderDep, runtime: RuntimeDep) -> Handoff:
    """Where a handoff stands, its history and its `correlation_id`: for the district and the
    agencies offered it."""

    async def work(unit: UnitOfWork) -> Handoff:
        return await handlers.read_handoff(unit, actor, handoff_id)

    return await runtime.read(work)


@router.get("/handoffs")
async def list_handoffs(
    actor: HandoffReaderDep,
    runtime: RuntimeDep,
    page: PageDep,
    startup_id: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    status: HandoffState | None = None,
) -> Page[Handoff]:
    """The handoffs the district made, or the agency was offered, by when each was opened."""

    async def work(unit: UnitOfWork) -> Page[Handoff]:
        return await handlers.find_handoffs(unit, actor, page, startup_id, status)

    return await runtime.read(work)
