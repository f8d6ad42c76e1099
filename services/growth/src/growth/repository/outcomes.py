"""KPI snapshots of the startups an agency accepted."""

from datetime import date

from growth.domain.offers import LeapStartup
from growth.domain.outcomes import Snapshot
from growth.repository.collections import SNAPSHOTS
from growth.repository.store import Documents, stored_date
from relay_eventing.errors import NotFound
from relay_eventing.paging import Page, PageRequest


class Snapshots(Documents[Snapshot]):
    collection_name = SNAPSHOTS
    id_field = "snapshot_id"
    model = Snapshot

    async def add(self, snapshot: Snapshot) -> None:
        await self._insert(
            snapshot,
            duplicate=f"a snapshot of {snapshot.startup_id} as of {snapshot.as_of} exists",
        )

    async def history(self, held: LeapStartup, *, up_to: date) -> list[Snapshot]:
        """Every snapshot the agency recorded of a startup it holds as of `up_to` or earlier,
        oldest first: what growth is measured on."""
        query = {
            "agency_id": held.agency_id,
            "startup_id": held.startup_id,
            "as_of": {"$lte": stored_date(up_to)},
        }
        return await self._all(query, sort="as_of")

    async def as_of(self, held: LeapStartup, day: date) -> Snapshot:
        query = {"agency_id": held.agency_id, "startup_id": held.startup_id}
        found = await self._one({**query, "as_of": stored_date(day)})
        if found is None:
            raise NotFound(f"snapshot of {held.startup_id} as of {day}")
        return found

    async def page_of(self, held: LeapStartup, request: PageRequest) -> Page[Snapshot]:
        query = {"agency_id": held.agency_id, "startup_id": held.startup_id}
        return await self._page(query, request, sort="as_of")
