"""Growth routes: KPI snapshots, readiness, and the handoff process both sides can follow."""

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from incubation.api.deps import DistrictDep, SettingsDep
from incubation.domain.handoffs import Handoff
from incubation.domain.readiness import CriterionCheck, Snapshot
from incubation.handlers import Outcome
from incubation.handlers import growth as handlers
from incubation.repository.growth import HandoffRepository
from incubation.settings import Settings
from relay_contracts import OrganizationKind
from relay_contracts.incubation import GrowthNeed
from relay_eventing import Cause, UnitOfWork
from relay_eventing.errors import Forbidden, InvalidField
from relay_eventing.http import ActorDep
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

router = APIRouter(tags=["growth"])


class SnapshotRequest(BaseModel):
    as_of: date
    employees: int = Field(ge=0)
    revenue_krw: int = Field(ge=0)
    investment_raised_krw: int = Field(ge=0)
    ip_filed: int = Field(default=0, ge=0)
    ip_registered: int = Field(default=0, ge=0)
    operating: bool = True


class OfferHandoff(BaseModel):
    agency_id: str = Field(min_length=1)
    needs: list[GrowthNeed] = Field(min_length=1, description="Diagnosis: what it needs next.")
    answer_by: datetime | None = Field(
        default=None, description="Deadline of the offer; the service default when empty."
    )


class Reoffer(BaseModel):
    agency_id: str = Field(min_length=1)
    answer_by: datetime | None = None


def _deadline(settings: Settings, agency_id: str, answer_by: datetime | None) -> datetime:
    if agency_id not in settings.agencies:
        raise InvalidField(
            ("body", "agency_id"), f"{agency_id} is not one of {', '.join(settings.agencies)}"
        )
    return answer_by or datetime.now(UTC) + timedelta(days=settings.handoff_offer_days)


@router.post("/cases/{case_id}/snapshots", status_code=status.HTTP_201_CREATED)
async def record_snapshot(
    case_id: str,
    body: SnapshotRequest,
    actor: ActorDep,
    district_id: DistrictDep,
    runtime: RuntimeDep,
) -> Snapshot:
    """Record a KPI snapshot of a settled startup."""
    snapshot = Snapshot(
        snapshot_id=f"kpi-{uuid4().hex[:16]}",
        startup_id="",
        case_id=case_id,
        district_id=district_id,
        recorded_at=datetime.now(UTC),
        **body.model_dump(),
    )

    async def work(unit: UnitOfWork) -> Snapshot:
        outcome = await handlers.record_snapshot(
            unit, case_id, district_id, snapshot, Cause.request(actor)
        )
        unit.emit(*outcome.events)
        return outcome.value

    return await runtime.transact(work)


@router.get("/cases/{case_id}/snapshots")
async def snapshots(
    case_id: str, district_id: DistrictDep, runtime: RuntimeDep, page: PageDep
) -> Page[Snapshot]:
    """The KPI snapshots of one of the district's cases, by the date their figures are for."""

    async def work(unit: UnitOfWork) -> Page[Snapshot]:
        return await handlers.snapshots_of(unit, case_id, district_id, page)

    return await runtime.transact(work)


@router.get("/cases/{case_id}/readiness")
async def readiness(
    case_id: str, district_id: DistrictDep, runtime: RuntimeDep
) -> list[CriterionCheck]:
    """The district's readiness criteria, each against the startup's figures."""

    async def work(unit: UnitOfWork) -> list[CriterionCheck]:
        return await handlers.assess_readiness(unit, case_id, district_id, datetime.now(UTC).date())

    return await runtime.transact(work)


async def _run(runtime: RuntimeDep, step: handlers.HandoffAction) -> Handoff:
    async def work(unit: UnitOfWork) -> Handoff:
        outcome: Outcome[Handoff] = await step(unit)
        unit.emit(*outcome.events)
        return outcome.value

    return await runtime.transact(work)


@router.post("/cases/{case_id}/handoffs", status_code=status.HTTP_201_CREATED)
async def offer_handoff(
    case_id: str,
    body: OfferHandoff,
    actor: ActorDep,
    district_id: DistrictDep,
    runtime: RuntimeDep,
    settings: SettingsDep,
) -> Handoff:
    """Offer a ready, settled startup to an agency, with its diagnosis."""
    expires_at = _deadline(settings, body.agency_id, body.answer_by)
    return await _run(
        runtime,
        lambda unit: handlers.offer_growth_handoff(
            unit, case_id, district_id, body.agency_id, body.needs, expires_at, Cause.request(actor)
        ),
    )


@router.post("/handoffs/{handoff_id}/reoffer")
async def reoffer(
    handoff_id: str,
    body: Reoffer,
    actor: ActorDep,
    district_id: DistrictDep,
    runtime: RuntimeDep,
    settings: SettingsDep,
) -> Handoff:
    """Offer a declined or expired handoff to another agency."""
    expires_at = _deadline(settings, body.agency_id, body.answer_by)
    return await _run(
        runtime,
        lambda unit: handlers.reoffer_handoff(
            unit, handoff_id, district_id, body.agency_id, expires_at, Cause.request(actor)
        ),
    )


def _district_or_agency(actor: ActorDep) -> str:
    if actor.organization_kind not in (OrganizationKind.DISTRICT, OrganizationKind.AGENCY):
        raise Forbidden("handoffs are followed by the district and the agencies offered them")
    return actor.organization_id


@router.get("/handoffs/{handoff_id}")
async def get_handoff(handoff_id: str, actor: ActorDep, runtime: RuntimeDep) -> Handoff:
    """Where a handoff stands, and its history: for the district and the agencies offered it."""
    organization_id = _district_or_agency(actor)

    async def work(unit: UnitOfWork) -> Handoff:
        return await handlers.load_handoff(unit, handoff_id, organization_id)

    return await runtime.transact(work)


@router.get("/handoffs")
async def list_handoffs(actor: ActorDep, runtime: RuntimeDep, page: PageDep) -> Page[Handoff]:
    """The handoffs the district made, or the agency was offered, by when each was opened."""
    organization_id = _district_or_agency(actor)

    async def work(unit: UnitOfWork) -> Page[Handoff]:
        return await HandoffRepository(unit).visible_to(organization_id, page)

    return await runtime.transact(work)
