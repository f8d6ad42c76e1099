"""Pydantic domain models stored as MongoDB documents, inside one unit of work."""

from datetime import date, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError

from growth.domain.errors import GrowthRuleViolation
from relay_eventing import UnitOfWork

M = TypeVar("M", bound=BaseModel)


def bsonable(value: Any) -> Any:
    """BSON has no date without a time: dates are stored as ISO strings, which sort correctly."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: bsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [bsonable(item) for item in value]
    return value


class Documents(Generic[M]):
    """One collection of one model; `key` is the model field kept in `_id`."""

    def __init__(self, unit: UnitOfWork, name: str, model: type[M], key: str) -> None:
        self.collection = unit.db[name]
        self.session = unit.session
        self._model = model
        self._key = key

    def to_document(self, item: M) -> dict[str, Any]:
        document: dict[str, Any] = bsonable(item.model_dump())
        document["_id"] = document.pop(self._key)
        return document

    def from_document(self, document: dict[str, Any]) -> M:
        fields = dict(document)
        fields[self._key] = fields.pop("_id")
        return self._model.model_validate(fields)

    async def get(self, key: str) -> M | None:
        document = await self.collection.find_one({"_id": key}, session=self.session)
        return None if document is None else self.from_document(document)

    async def find(self, query: dict[str, Any], *, sort: str = "_id", limit: int = 500) -> list[M]:
        cursor = (
            self.collection.find(bsonable(query), session=self.session)
            .sort(sort, ASCENDING)
            .limit(limit)
        )
        return [self.from_document(document) async for document in cursor]

    async def insert(self, item: M, *, duplicate: str) -> None:
        """Insert; an existing key is the rule `duplicate` describes (409)."""
        try:
            await self.collection.insert_one(self.to_document(item), session=self.session)
        except DuplicateKeyError:
            raise GrowthRuleViolation(duplicate) from None

    async def insert_new(self, item: M) -> bool:
        """Insert unless the key exists; True when inserted (idempotent re-delivery)."""
        document = self.to_document(item)
        result = await self.collection.update_one(
            {"_id": document["_id"]},
            {"$setOnInsert": {k: v for k, v in document.items() if k != "_id"}},
            upsert=True,
            session=self.session,
        )
        return result.upserted_id is not None

    async def replace_versioned(self, item: M, expected_version: int) -> None:
        """Optimistic write: refused when another writer changed the document first."""
        document = self.to_document(item)
        result = await self.collection.replace_one(
            {"_id": document["_id"], "version": expected_version}, document, session=self.session
        )
        if result.matched_count != 1:
            raise GrowthRuleViolation(f"{document['_id']} was changed concurrently; try again")
