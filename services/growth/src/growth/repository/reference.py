"""Reference data as stored: the agencies, the large firms, and where each difficulty goes."""

from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from growth.domain.reference import DIFFICULTY_ROUTES, Agency, Firm
from growth.repository.collections import AGENCIES_C, FIRMS_C, ROUTES
from growth.repository.store import Documents
from relay_eventing import UnitOfWork
from relay_eventing.paging import Page, PageRequest


class Agencies(Documents[Agency]):
    collection_name = AGENCIES_C
    id_field = "agency_id"
    model = Agency

    async def agency(self, agency_id: str) -> Agency | None:
        return await self._get(agency_id)

    async def add(self, agency: Agency) -> None:
        await self._insert(agency, duplicate=f"agency {agency.agency_id} exists")

    async def page(self, request: PageRequest) -> Page[Agency]:
        return await self._page({}, request)


class Firms(Documents[Firm]):
    collection_name = FIRMS_C
    id_field = "firm_id"
    model = Firm

    async def firm(self, firm_id: str) -> Firm | None:
        return await self._get(firm_id)

    async def page(self, request: PageRequest) -> Page[Firm]:
        return await self._page({}, request)


class DifficultyRoutes:
    """The institution each category of difficulty goes to: data, with the code's default."""

    def __init__(self, db: AsyncDatabase[Any], session: AsyncClientSession | None = None) -> None:
        self._collection = db[ROUTES]
        self._session = session

    @classmethod
    def of(cls, unit: UnitOfWork) -> "DifficultyRoutes":
        return cls(unit.db, unit.session)

    async def routed_to(self, category: str) -> str:
        document = await self._collection.find_one({"_id": category}, session=self._session)
        return str(document["routed_to"]) if document else DIFFICULTY_ROUTES[category]
