"""KPI snapshots and handoff processes in MongoDB."""

from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from incubation.domain.handoffs import Handoff, HandoffState
from incubation.domain.readiness import Snapshot
from incubation.repository import HANDOFFS, SNAPSHOTS, StaleRecord
from relay_contracts import Actor
from relay_eventing import UnitOfWork
from relay_eventing.access import sees_everything
from relay_eventing.documents import all_of, find_page, from_document, to_document
from relay_eventing.errors import NotFound
from relay_eventing.paging import Page, PageRequest


def _snapshot(document: dict[str, Any]) -> Snapshot:
    return from_document(Snapshot, document, "snapshot_id")


def _handoff(document: dict[str, Any]) -> Handoff:
    return from_document(Handoff, document, "handoff_id")


class SnapshotRepository:
    def __init__(self, unit: UnitOfWork) -> None:
        self._collection = unit.db[SNAPSHOTS]
        self._session = unit.session

    async def add(self, snapshot: Snapshot) -> None:
        await self._collection.insert_one(
            to_document(snapshot, "snapshot_id"), session=self._session
        )

    async def of_case(self, case_id: str, page: PageRequest) -> Page[Snapshot]:
        """A page of the case's snapshots, by the date their figures are for."""
        documents, next_cursor = await find_page(
            self._collection, {"case_id": case_id}, page, sort_field="as_of", session=self._session
        )
        return Page(items=[_snapshot(document) for document in documents], next_cursor=next_cursor)

    async def one(self, case_id: str, snapshot_id: str) -> Snapshot:
        """A snapshot of a case the caller was already allowed to read."""
        document = await self._collection.find_one(
            {"_id": snapshot_id, "case_id": case_id}, session=self._session
        )
        if document is None:
            raise NotFound(f"snapshot {snapshot_id}")
        return _snapshot(document)

    async def history(self, case_id: str) -> list[Snapshot]:
        """Every snapshot of the case, oldest first: what travels with a handoff offer."""
        cursor = self._collection.find({"case_id": case_id}, session=self._session).sort(
            [("as_of", ASCENDING), ("recorded_at", ASCENDING)]
        )
        return [_snapshot(document) async for document in cursor]

    async def count(self, case_id: str) -> int:
        return await self._collection.count_documents({"case_id": case_id}, session=self._session)

    async def latest(self, case_id: str) -> Snapshot | None:
        cursor = (
            self._collection.find({"case_id": case_id}, session=self._session)
            .sort([("as_of", DESCENDING), ("recorded_at", DESCENDING)])
            .limit(1)
        )
        found = [_snapshot(document) async for document in cursor]
        return found[0] if found else None

    async def repoint(self, merged_id: str, survivor_id: str) -> None:
        await self._collection.update_many(
            {"startup_id": merged_id}, {"$set": {"startup_id": survivor_id}}, session=self._session
        )


class HandoffRepository:
    def __init__(self, unit: UnitOfWork) -> None:
        self._collection = unit.db[HANDOFFS]
        self._session = unit.session
        self._writes = unit.writes

    def add_at_end(self, handoff: Handoff) -> None:
        """Written at the end of the unit, with its events; nothing in the unit reads it back."""
        self._writes.insert(HANDOFFS, to_document(handoff, "handoff_id"))

    def save_at_end(self, handoff: Handoff) -> None:
        """Write back at the end of the unit, with the version check: a step's last write."""
        expected = handoff.version
        handoff.version = expected + 1
        stale = f"handoff {handoff.handoff_id} changed meanwhile; read it again"
        self._writes.replace(
            HANDOFFS,
            {"_id": handoff.handoff_id, "version": expected},
            to_document(handoff, "handoff_id"),
            or_raise=lambda: StaleRecord(stale),
        )

    async def get(self, handoff_id: str) -> Handoff | None:
        """Any handoff, for the service's own work (answers, the sweeper); never for a request."""
        document = await self._collection.find_one({"_id": handoff_id}, session=self._session)
        return _handoff(document) if document else None

    async def visible(self, actor: Actor, handoff_id: str) -> Handoff:
        """The handoff, if the caller is its district, an agency it was offered to, the program
        office or an operator."""
        return await self._load({"_id": handoff_id, **_followers(actor)}, handoff_id)

    async def of_district(self, actor: Actor, handoff_id: str) -> Handoff:
        """The handoff, if the caller's district made it."""
        return await self._load(
            {"_id": handoff_id, "district_id": actor.organization_id}, handoff_id
        )

    async def _load(self, query: dict[str, Any], handoff_id: str) -> Handoff:
        document = await self._collection.find_one(query, session=self._session)
        if document is None:
            raise NotFound(f"handoff {handoff_id}")
        return _handoff(document)

    async def of_case(self, case_id: str) -> list[Handoff]:
        cursor = self._collection.find({"case_id": case_id}, session=self._session)
        return [_handoff(document) async for document in cursor]

    async def page(
        self,
        actor: Actor,
        page: PageRequest,
        startup_id: str | None = None,
        state: HandoffState | None = None,
    ) -> Page[Handoff]:
        """A page of the handoffs the caller follows, by when each was opened."""
        narrowed: dict[str, Any] = {}
        if startup_id is not None:
            narrowed["startup_id"] = startup_id
        if state is not None:
            narrowed["state"] = state.value
        query = all_of(narrowed, _followers(actor))
        documents, next_cursor = await find_page(
            self._collection, query, page, sort_field="opened_at", session=self._session
        )
        return Page(items=[_handoff(document) for document in documents], next_cursor=next_cursor)

    async def due(self, now: datetime, limit: int) -> list[str]:
        """Up to `limit` lapsed offers; the caller asks again until fewer come back."""
        cursor = self._collection.find(
            {"state": HandoffState.OFFERED.value, "expires_at": {"$lte": now}},
            {"_id": 1},
            session=self._session,
        ).limit(limit)
        return [document["_id"] async for document in cursor]

    async def save(self, handoff: Handoff) -> None:
        expected = handoff.version
        handoff.version = expected + 1
        result = await self._collection.replace_one(
            {"_id": handoff.handoff_id, "version": expected},
            to_document(handoff, "handoff_id"),
            session=self._session,
        )
        if result.matched_count != 1:
            raise StaleRecord(f"handoff {handoff.handoff_id} changed meanwhile; read it again")

    async def repoint(self, merged_id: str, survivor_id: str) -> None:
        await self._collection.update_many(
            {"startup_id": merged_id}, {"$set": {"startup_id": survivor_id}}, session=self._session
        )


def _followers(actor: Actor) -> dict[str, Any]:
    """Who follows a handoff: the district that made it and every agency it was offered to.

    An agency that only answered an offer it did not hold is in the history too, but was never
    offered the handoff: only an `offered` step counts.
    """
    if sees_everything(actor):
        return {}
    organization_id = actor.organization_id
    return {
        "$or": [
            {"district_id": organization_id},
            {"history": {"$elemMatch": {"step": "offered", "agency_id": organization_id}}},
        ]
    }


async def date_undated_handoffs(db: AsyncDatabase[Any]) -> None:
    """Give handoffs stored before `opened_at` existed the time of their first offer, so they
    sort and page with the rest; idempotent, so every start may run it."""
    handoffs = db[HANDOFFS]
    undated = {"opened_at": {"$exists": False}}
    async for document in handoffs.find(undated, {"history": 1}):
        first_offer = document["history"][0]["at"]
        await handoffs.update_one(
            {"_id": document["_id"], **undated}, {"$set": {"opened_at": first_offer}}
        )
