"""The base of growth's repositories: one collection of one model, read and written in a session.

Its methods are protected: each repository names its reads and writes after the domain, so no
handler or route builds a query.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar, Generic, Self, TypeVar

from pydantic import BaseModel
from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from relay_contracts import Actor
from relay_eventing import UnitOfWork
from relay_eventing.access import sees_everything
from relay_eventing.documents import find_page, from_document, to_document
from relay_eventing.errors import Conflict, RuleViolation
from relay_eventing.paging import Page, PageRequest

M = TypeVar("M", bound=BaseModel)


def stored_date(day: date) -> str:
    """A calendar date as `to_document` stores it (its ISO string), for queries on it."""
    return day.isoformat()


def agency_scope(actor: Actor) -> dict[str, Any]:
    """What a loader narrows to: an agency's own records; the program office and operators
    read every agency's."""
    return {} if sees_everything(actor) else {"agency_id": actor.organization_id}


class Documents(Generic[M]):
    """One collection of one model; `id_field` is the model field kept in `_id`.

    Built on a unit of work (`of(unit)`) inside a transaction, or on the database alone for the
    background loops, which write outside one.
    """

    collection_name: ClassVar[str]
    id_field: ClassVar[str]
    model: type[M]

    def __init__(self, db: AsyncDatabase[Any], session: AsyncClientSession | None = None) -> None:
        self._collection = db[self.collection_name]
        self._session = session

    @classmethod
    def of(cls, unit: UnitOfWork) -> Self:
        return cls(unit.db, unit.session)

    def _document(self, item: M) -> dict[str, Any]:
        return to_document(item, self.id_field)

    def _item(self, document: Mapping[str, Any]) -> M:
        return from_document(self.model, document, self.id_field)

    async def _get(self, key: str) -> M | None:
        document = await self._collection.find_one({"_id": key}, session=self._session)
        return None if document is None else self._item(document)

    async def _one(self, query: Mapping[str, Any]) -> M | None:
        document = await self._collection.find_one(query, session=self._session)
        return None if document is None else self._item(document)

    async def _first(self, query: Mapping[str, Any], *, newest_by: str = "_id") -> M | None:
        document = await self._collection.find_one(
            query, sort=[(newest_by, DESCENDING)], session=self._session
        )
        return None if document is None else self._item(document)

    async def _all(self, query: Mapping[str, Any], *, sort: str = "_id") -> list[M]:
        """Every match, oldest first by `sort`: for reads whose size the domain bounds."""
        cursor = self._collection.find(query, session=self._session).sort(sort, ASCENDING)
        return [self._item(document) async for document in cursor]

    async def _page(
        self, query: Mapping[str, Any], request: PageRequest, *, sort: str = "_id"
    ) -> Page[M]:
        documents, next_cursor = await find_page(
            self._collection, query, request, sort_field=sort, session=self._session
        )
        return Page[M](items=[self._item(d) for d in documents], next_cursor=next_cursor)

    async def _insert(self, item: M, *, duplicate: str) -> None:
        """Insert; an existing key breaks the rule `duplicate` describes (409)."""
        try:
            await self._collection.insert_one(self._document(item), session=self._session)
        except DuplicateKeyError:
            raise RuleViolation(duplicate) from None

    @classmethod
    def _insert_new_at_end(cls, unit: UnitOfWork, item: M) -> None:
        """Insert at the unit's end unless the key exists: a repeat (a redelivered event)
        changes nothing."""
        document = to_document(item, cls.id_field)
        fields = {key: value for key, value in document.items() if key != "_id"}
        unit.writes.update(
            cls.collection_name, {"_id": document["_id"]}, {"$setOnInsert": fields}, upsert=True
        )

    async def _replace_if(self, item: M, expected: Mapping[str, Any]) -> None:
        """Optimistic write: refused when another writer changed the `expected` fields first."""
        document = self._document(item)
        result = await self._collection.replace_one(
            {"_id": document["_id"], **expected}, document, session=self._session
        )
        if result.matched_count != 1:
            raise Conflict(f"{document['_id']} was changed concurrently; try again")

    @classmethod
    def _replace_if_at_end(cls, unit: UnitOfWork, item: M, expected: Mapping[str, Any]) -> None:
        """`_replace_if` held for the unit's end, for a write nothing in the unit reads back."""
        document = to_document(item, cls.id_field)
        key = document["_id"]
        unit.writes.replace(
            cls.collection_name,
            {"_id": key, **expected},
            document,
            or_raise=lambda: Conflict(f"{key} was changed concurrently; try again"),
        )

    async def _upsert(self, item: M) -> bool:
        """Create or replace by id; True when it was created."""
        document = self._document(item)
        result = await self._collection.replace_one(
            {"_id": document["_id"]}, document, upsert=True, session=self._session
        )
        return result.upserted_id is not None
