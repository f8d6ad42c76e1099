"""Routes of outcomes: KPI snapshots of an accepted startup, with growth and the gazelle flag."""

from fastapi import APIRouter, status
from pydantic import BaseModel

from growth.api.deps import AgencyDep
from growth.domain.outcomes import GrowthRates, KpiFigures, Snapshot
from growth.handlers import outcomes
from relay_eventing import UnitOfWork
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

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

    return await runtime.transact(work)


@router.get("")
async def list_snapshots(
    startup_id: str, agency: AgencyDep, runtime: RuntimeDep, page: PageDep
) -> Page[SnapshotView]:
    """The snapshots over time, latest first, each with its growth against the earlier ones."""

    async def work(unit: UnitOfWork) -> tuple[Page[Snapshot], list[GrowthRates]]:
        return await outcomes.history(unit, agency.organization_id, startup_id, page)

    found, rates = await runtime.transact(work)
    return Page[SnapshotView](
        items=[
            SnapshotView(snapshot=snapshot, growth=growth)
            for snapshot, growth in zip(found.items, rates, strict=True)
        ],
        next_cursor=found.next_cursor,
    )
