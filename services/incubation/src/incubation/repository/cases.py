"""Settlement cases in MongoDB, saved with an optimistic version, loaded by who may see them."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from incubation.domain.bounds import KST
from incubation.domain.cases import CaseStatus, SettlementCase
from incubation.repository import CASES, StaleRecord, district_scope
from relay_contracts import Actor
from relay_eventing import UnitOfWork
from relay_eventing.documents import (
    all_of,
    company_name_filter,
    find_page,
    from_document,
    to_document,
)
from relay_eventing.errors import NotFound
from relay_eventing.paging import Page, PageRequest


def _case(document: dict[str, Any]) -> SettlementCase:
    return from_document(SettlementCase, document, "case_id")


@dataclass(frozen=True)
class CaseFilter:
    """What an officer narrows the queue by, in the vocabulary every service's lists share.

    None leaves a field unfiltered; `since`/`until` are days (Korean time) the case was opened.
    """

    startup_id: str | None = None
    business_registration_number: str | None = None
    company_name: str | None = None  # a prefix, in any case
    status: CaseStatus | None = None
    since: date | None = None
    until: date | None = None
    district_id: str | None = None  # the program office's narrowing; a district sees its own

    def query(self) -> dict[str, Any]:
        query: dict[str, Any] = {}
        if self.district_id is not None:
            query["district_id"] = self.district_id
        if self.startup_id is not None:
            query["startup_id"] = self.startup_id
        if self.business_registration_number is not None:
            query["business_registration_number"] = self.business_registration_number
        if self.company_name:
            query["company_name"] = company_name_filter(self.company_name)
        if self.status is not None:
            query["status"] = self.status.value
        window: dict[str, datetime] = {}
        if self.since is not None:
            window["$gte"] = datetime.combine(self.since, time(), KST)
        if self.until is not None:
            window["$lt"] = datetime.combine(self.until + timedelta(days=1), time(), KST)
        if window:
            query["opened_at"] = window
        return query


class CaseRepository:
    def __init__(self, unit: UnitOfWork) -> None:
        self._writes = unit.writes
        self._collection = unit.db[CASES]
        self._session = unit.session

    def add(self, case: SettlementCase) -> None:
        """Written at the end of the unit, with its events; nothing in the unit reads it back."""
        self._writes.insert(CASES, to_document(case, "case_id"))

    async def get(self, case_id: str) -> SettlementCase | None:
        """Any case, for the service's own work (answers, merges); never for a request."""
        document = await self._collection.find_one({"_id": case_id}, session=self._session)
        return _case(document) if document else None

    async def visible(self, actor: Actor, case_id: str) -> SettlementCase:
        """The case, if the caller may read it: its district, the program office, operators."""
        return await self._load({"_id": case_id, **district_scope(actor)}, case_id)

    async def of_district(self, actor: Actor, case_id: str) -> SettlementCase:
        """The case, if it is in the caller's district (referrals sent to it included)."""
        return await self._load({"_id": case_id, "district_id": actor.organization_id}, case_id)

    async def _load(self, query: dict[str, Any], case_id: str) -> SettlementCase:
        document = await self._collection.find_one(query, session=self._session)
        if document is None:
            raise NotFound(f"case {case_id}")
        return _case(document)

    async def page(
        self, actor: Actor, narrowed: CaseFilter, page: PageRequest
    ) -> Page[SettlementCase]:
        """A page of the cases the caller may read, by when each was opened."""
        # Both hold: a district narrowing by another district's id gets nothing, not its own.
        query = all_of(narrowed.query(), district_scope(actor))
        documents, next_cursor = await find_page(
            self._collection, query, page, sort_field="opened_at", session=self._session
        )
        return Page(items=[_case(document) for document in documents], next_cursor=next_cursor)

    async def require_startup_known(self, actor: Actor, startup_id: str) -> None:
        """A startup is the caller's to read when it has, or had, a case the caller may read."""
        query = {"startup_id": startup_id, **district_scope(actor)}
        if await self._collection.find_one(query, {"_id": 1}, session=self._session) is None:
            raise NotFound(f"startup {startup_id}")

    async def of_startup(self, startup_id: str) -> list[SettlementCase]:
        cursor = self._collection.find({"startup_id": startup_id}, session=self._session)
        return [_case(document) async for document in cursor]

    def save_at_end(self, case: SettlementCase) -> None:
        """Write back at the end of the unit, with the version check: a step's last write."""
        expected = case.version
        case.version = expected + 1
        stale = f"case {case.case_id} changed meanwhile; read it again"
        self._writes.replace(
            CASES,
            {"_id": case.case_id, "version": expected},
            to_document(case, "case_id"),
            or_raise=lambda: StaleRecord(stale),
        )

    def hand_off_at_end(self, case_id: str) -> None:
        """The case leaves the district stage, whatever else changed on it: a conditional-free
        update at the unit's end, so the hop that learns of it reads no case (the version moves
        on, so a writer holding an older read is refused)."""
        change = {"$set": {"status": CaseStatus.HANDED_OFF.value}, "$inc": {"version": 1}}
        self._writes.update(CASES, {"_id": case_id}, change)

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
