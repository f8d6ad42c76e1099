"""The only module of incubation that touches MongoDB."""

from dataclasses import asdict
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase
from relay_eventing import UnitOfWork

from incubation.model import CaseStatus, SettlementCase

CASES = "cases"


class StaleCase(Exception):
    """The case changed since it was read."""


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    await db[CASES].create_indexes(
        [
            IndexModel([("district_id", ASCENDING), ("_id", ASCENDING)], name="district_queue"),
            IndexModel([("startup_id", ASCENDING)], name="by_startup"),
        ]
    )


def _to_document(case: SettlementCase) -> dict[str, Any]:
    document = asdict(case)
    document["_id"] = document.pop("case_id")
    document["status"] = case.status.value
    return document


def _from_document(document: dict[str, Any]) -> SettlementCase:
    fields = dict(document)
    fields["case_id"] = fields.pop("_id")
    fields["status"] = CaseStatus(fields["status"])
    return SettlementCase(**fields)


class CaseRepository:
    def __init__(self, unit: UnitOfWork) -> None:
        self._collection = unit.db[CASES]
        self._session = unit.session

    async def add(self, case: SettlementCase) -> None:
        await self._collection.insert_one(_to_document(case), session=self._session)

    async def get(self, case_id: str) -> SettlementCase | None:
        document = await self._collection.find_one({"_id": case_id}, session=self._session)
        return _from_document(document) if document else None

    async def in_district(self, district_id: str, limit: int = 100) -> list[SettlementCase]:
        cursor = (
            self._collection.find({"district_id": district_id}, session=self._session)
            .sort("_id", ASCENDING)
            .limit(limit)
        )
        return [_from_document(document) async for document in cursor]

    async def save(self, case: SettlementCase) -> None:
        document = _to_document(case)
        expected = case.version
        document["version"] = expected + 1
        result = await self._collection.replace_one(
            {"_id": case.case_id, "version": expected}, document, session=self._session
        )
        if result.matched_count != 1:
            raise StaleCase(case.case_id)
        case.version = expected + 1
