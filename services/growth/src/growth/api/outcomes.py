"""Routes of outcomes: KPI snapshots of a startup the agency holds, with growth and gazelles."""

from datetime import date

from fastapi import APIRouter, Response, status

from growth.api.callers import AgencyReaderDep, created
from growth.domain.bounds import PastDate
from growth.domain.outcomes import GrowthRates, KpiFigures, Snapshot
from growth.handlers import outcomes
from relay_eventing import UnitOfWork
from relay_eventing.access import AgencyDep
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

router = APIRouter(prefix="/startups/{startup_id}/snapshots", tags=["outcomes"])


class NewSnapshot(KpiFigures):
    """The figures as of a day that has come (in Korean time), within the program's years."""

    as_of: PastDate


class SnapshotView(Snapshot):
    """A snapshot with its growth against the earlier ones."""

    growth: GrowthRates

    @classmethod
    def of(cls, snapshot: Snapshot, growth: GrowthRates) -> "SnapshotView":
        return cls(**snapshot.model_dump(), growth=growth)


@router.post("", status_code=status.HTTP_201_CREATED)
async def record_snapshot(
    startup_id: str, body: NewSnapshot, agency: AgencyDep, runtime: RuntimeDep, response: Response
) -> SnapshotView:
    async def work(unit: UnitOfWork) -> SnapshotView:
        snapshot, rates, events = await outcomes.record_snapshot(unit, agency, startup_id, body)
        unit.emit(*events)
        return SnapshotView.of(snapshot, rates)

    recorded = await runtime.transact(work)
    created(response, f"/startups/{recorded.startup_id}/snapshots/{recorded.as_of.isoformat()}")
    return recorded


@router.get("")
async def list_snapshots(
    startup_id: str, reader: AgencyReaderDep, runtime: RuntimeDep, page: PageDep
) -> Page[SnapshotView]:
    """The snapshots over time, latest first, each with its growth against the earlier ones."""

    async def work(unit: UnitOfWork) -> tuple[Page[Snapshot], list[GrowthRates]]:
        return await outcomes.history(unit, reader, startup_id, page)

    found, rates = await runtime.read(work)
    return Page[SnapshotView](
        items=[
            SnapshotView.of(snapshot, growth)
            for snapshot, growth in zip(found.items, rates, strict=True)
        ],
        next_cursor=found.next_cursor,
    )


@router.get("/{as_of}")
async def get_snapshot(
    startup_id: str, as_of: date, reader: AgencyReaderDep, runtime: RuntimeDep
) -> SnapshotView:
    async def work(unit: UnitOfWork) -> SnapshotView:
        snapshot, rates = await outcomes.snapshot_as_of(unit, reader, startup_id, as_of)
        return SnapshotView.of(snapshot, rates)

    return await runtime.read(work)
