"""Routes of outcomes: KPI snapshots of an accepted startup, with growth and the gazelle flag."""

from fastapi import APIRouter, status
from pydantic import BaseModel

from growth.api.deps import AgencyDep, run
from growth.domain.outcomes import GrowthRates, KpiFigures, Snapshot, growth_rates
from growth.handlers import outcomes
from relay_eventing import UnitOfWork
from relay_eventing.service import RuntimeDep

router = APIRouter(prefix="/startups/{startup_id}/snapshots", tags=["outcomes"])


class SnapshotView(BaseModel):
    snapshot: Snapshot
    growth: GrowthRates


@router.post("", status_code=status.HTTP_201_CREATED)
async def record_snapshot(
    startup_id: str, body: KpiFigures, agency: AgencyDep, runtime: RuntimeDep
) -> SnapshotView:
    async def work(unit: UnitOfWork) -> SnapshotView:
        snapshot, rates, events = await outcomes.record_snapshot(unit, agency, startup_id, body)
        unit.emit(*events)
        return SnapshotView(snapshot=snapshot, growth=rates)

    return await run(runtime, work)


@router.get("")
async def list_snapshots(
    startup_id: str, agency: AgencyDep, runtime: RuntimeDep
) -> list[SnapshotView]:
    """The snapshots over time, oldest first, each with its growth against the earlier ones."""

    async def work(unit: UnitOfWork) -> list[Snapshot]:
        return await outcomes.history(unit, agency.organization_id, startup_id)

    found = await run(runtime, work)
    return [
        SnapshotView(snapshot=s, growth=growth_rates(s, list(found[:i])))
        for i, s in enumerate(found)
    ]
