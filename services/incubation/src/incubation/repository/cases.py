"""Settlement cases in MongoDB, saved with an optimistic version."""

from typing import Any

from incubation.domain.cases import CaseStatus, SettlementCase
from incubation.repository import CASES, StaleRecord
from relay_eventing import UnitOfWork
from relay_eventing.documents import find_page, from_document, to_document
from relay_eventing.paging import Page, PageRequest


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
        self, district_id: str, page: PageRequest, status: CaseStatus | None = None
    ) -> Page[SettlementCase]:
        """A page of the district's queue, by when each case was opened."""
        query: dict[str, Any] = {"district_id": district_id}
        if status is not None:
            query["status"] = status.value
        documents, next_cursor = await find_page(
            self._collection, query, page, sort_field="opened_at", session=self._session
        )
        return Page(items=[_case(document) for document in documents], next_cursor=next_cursor)

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

    async def repoint(self, merged_id: str, survivor_id: str) -> None:
        await self._collection.update_many(
            {"startup_id": merged_id}, {"$set": {"startup_id": survivor_id}}, session=self._session
        )
