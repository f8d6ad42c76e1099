"""Settlement cases in MongoDB, saved with an optimistic version."""

from typing import Any

from pymongo import ASCENDING

from incubation.domain.cases import CaseStatus, SettlementCase
from incubation.repository import CASES, StaleRecord
from incubation.repository.documents import from_document, to_document
from relay_eventing import UnitOfWork


def _case(document: dict[str, Any]) -> SettlementCase:
    return from_document(SettlementCase, document, "case_id")


class CaseRepository:
    def __init__(self, unit: UnitOfWork) -> None:
        self._collection = unit.db[CASES]
        self._session = unit.session

    async def add(self, case: SettlementCase) -> None:
        await self._collection.insert_one(to_document(case, "case_id"), session=self._session)

    async def get(self, case_id: str) -> SettlementCase | None:
        document = await self._collection.find_one({"_id": case_id}, session=self._session)
        return _case(document) if document else None

    async def in_district(
        self, district_id: str, status: CaseStatus | None = None, limit: int = 200
    ) -> list[SettlementCase]:
        query: dict[str, Any] = {"district_id": district_id}
        if status is not None:
            query["status"] = status.value
        cursor = (
            self._collection.find(query, session=self._session).sort("_id", ASCENDING).limit(limit)
        )
        return [_case(document) async for document in cursor]

    async def of_startup(self, startup_id: str) -> list[SettlementCase]:
        cursor = self._collection.find({"startup_id": startup_id}, session=self._session)
        return [_case(document) async for document in cursor]

    async def save(self, case: SettlementCase) -> None:
        expected = case.version
        case.version = expected + 1
        result = await self._collection.replace_one(
            {"_id": case.case_id, "version": expected},
            to_document(case, "case_id"),
            session=self._session,
        )
        if result.matched_count != 1:
            raise StaleRecord(f"case {case.case_id} changed meanwhile; read it again")

    async def repoint(self, merged_id: str, survivor_id: str) -> int:
        result = await self._collection.update_many(
            {"startup_id": merged_id}, {"$set": {"startup_id": survivor_id}}, session=self._session
        )
        return result.modified_count
