"""KPI snapshots of the startups an agency accepted."""

from datetime import date

from growth.domain.outcomes import Snapshot
from growth.repository.collections import SNAPSHOTS
from growth.repository.store import Documents, stored_date
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

    async def history(self, agency_id: str, startup_id: str, *, up_to: date) -> list[Snapshot]:
        """Every snapshot as of `up_to` or earlier, oldest first: what growth is measured on."""
        query = {
            "agency_id": agency_id,
            "startup_id": startup_id,
            "as_of": {"$lte": stored_date(up_to)},
        }
        return await self._all(query, sort="as_of")

    async def page_of(
        self, agency_id: str, startup_id: str, request: PageRequest
    ) -> Page[Snapshot]:
        query = {"agency_id": agency_id, "startup_id": startup_id}
        return await self._page(query, request, sort="as_of")
