"""The benefit ledger in MongoDB, and the per-startup head that serialises grants."""

from typing import Any

from pymongo import ASCENDING

from incubation.domain.ledger import LedgerEntry
from incubation.repository import LEDGER, LEDGER_HEADS
from relay_eventing import UnitOfWork
from relay_eventing.documents import find_page, from_document, to_document
from relay_eventing.errors import NotFound
from relay_eventing.paging import Page, PageRequest


def _entry(document: dict[str, Any]) -> LedgerEntry:
    return from_document(LedgerEntry, document, "entry_id")


class LedgerRepository:
    def __init__(self, unit: UnitOfWork) -> None:
        self._writes = unit.writes
        self._entries = unit.db[LEDGER]
        self._heads = unit.db[LEDGER_HEADS]
        self._session = unit.session

    async def lock_startup(self, startup_id: str) -> None:
        """Write the startup's ledger head first: two transactions adding to the same ledger
        conflict here, so the later one is retried and sees the earlier one's grant."""
        await self._heads.update_one(
            {"_id": startup_id}, {"$inc": {"version": 1}}, upsert=True, session=self._session
        )

    def lock_startup_at_end(self, startup_id: str) -> None:
        """The head written with the unit's last writes: a transaction that wrote it since this
        one began still makes this one's write conflict, so the serialisation holds."""
        self._writes.update(
            LEDGER_HEADS, {"_id": startup_id}, {"$inc": {"version": 1}}, upsert=True
        )

    async def of_startup(self, startup_id: str) -> list[LedgerEntry]:
        """All of the startup's ledger, as the duplicate-benefit rules read it."""
        cursor = self._entries.find({"startup_id": startup_id}, session=self._session).sort(
            "recorded_at", ASCENDING
        )
        return [_entry(document) async for document in cursor]

    async def page_of_startup(self, startup_id: str, page: PageRequest) -> Page[LedgerEntry]:
        """A page of the startup's ledger, by when each support was recorded."""
        documents, next_cursor = await find_page(
            self._entries,
            {"startup_id": startup_id},
            page,
            sort_field="recorded_at",
            session=self._session,
        )
        return Page(items=[_entry(document) for document in documents], next_cursor=next_cursor)

    async def grant_of_case(self, case_id: str, grant_id: str) -> LedgerEntry:
        """A grant made on a case the caller was already allowed to read."""
        document = await self._entries.find_one(
            {"_id": grant_id, "case_id": case_id}, session=self._session
        )
        if document is None:
            raise NotFound(f"grant {grant_id}")
        return _entry(document)

    async def contains(self, entry_id: str) -> bool:
        return bool(await self.held([entry_id]))

    async def held(self, entry_ids: list[str]) -> set[str]:
        """Which of these entries the ledger has: one read for all of them."""
        cursor = self._entries.find({"_id": {"$in": entry_ids}}, {"_id": 1}, session=self._session)
        return {str(document["_id"]) async for document in cursor}

    def add(self, entry: LedgerEntry) -> None:
        """Written at the end of the unit; nothing in the unit reads it back."""
        self._writes.insert(LEDGER, to_document(entry, "entry_id"))

    async def repoint(self, merged_id: str, survivor_id: str) -> None:
        await self._entries.update_many(
            {"startup_id": merged_id}, {"$set": {"startup_id": survivor_id}}, session=self._session
        )
