"""KPI snapshots and handoff processes in MongoDB."""

from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING

from incubation.domain.handoffs import Handoff, HandoffState
from incubation.domain.readiness import Snapshot
from incubation.repository import HANDOFFS, SNAPSHOTS, StaleRecord
from incubation.repository.documents import from_document, to_document
from relay_eventing import UnitOfWork


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

    async def of_case(self, case_id: str) -> list[Snapshot]:
        cursor = self._collection.find({"case_id": case_id}, session=self._session).sort(
            [("as_of", ASCENDING), ("recorded_at", ASCENDING)]
        )
        return [from_document(Snapshot, d, "snapshot_id") async for d in cursor]

    async def latest(self, case_id: str) -> Snapshot | None:
        cursor = (
            self._collection.find({"case_id": case_id}, session=self._session)
            .sort([("as_of", DESCENDING), ("recorded_at", DESCENDING)])
            .limit(1)
        )
        found = [from_document(Snapshot, d, "snapshot_id") async for d in cursor]
        return found[0] if found else None

    async def repoint(self, merged_id: str, survivor_id: str) -> None:
        await self._collection.update_many(
            {"startup_id": merged_id}, {"$set": {"startup_id": survivor_id}}, session=self._session
        )


class HandoffRepository:
    def __init__(self, unit: UnitOfWork) -> None:
        self._collection = unit.db[HANDOFFS]
        self._session = unit.session

    async def add(self, handoff: Handoff) -> None:
        await self._collection.insert_one(to_document(handoff, "handoff_id"), session=self._session)

    async def get(self, handoff_id: str) -> Handoff | None:
        document = await self._collection.find_one({"_id": handoff_id}, session=self._session)
        return _handoff(document) if document else None

    async def of_case(self, case_id: str) -> list[Handoff]:
        cursor = self._collection.find({"case_id": case_id}, session=self._session)
        return [_handoff(document) async for document in cursor]

    async def visible_to(self, organization_id: str, limit: int = 200) -> list[Handoff]:
        query = {"$or": [{"district_id": organization_id}, {"history.agency_id": organization_id}]}
        cursor = (
            self._collection.find(query, session=self._session).sort("_id", ASCENDING).limit(limit)
        )
        return [_handoff(document) async for document in cursor]

    async def due(self, now: datetime, limit: int = 100) -> list[str]:
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
