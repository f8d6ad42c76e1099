"""Reference data as stored: agencies, large firms, program kinds and difficulty categories.

Requests are checked against it, not against a list in the code, so an operator extends it
without a release; a value it does not hold is refused as `InvalidField`, naming the field.
"""

from collections.abc import Sequence

from growth.domain.reference import Agency, DifficultyCategory, Firm, ProgramKind
from growth.repository.collections import AGENCIES_C, CATEGORIES, FIRMS_C, PROGRAM_KINDS_C
from growth.repository.store import Documents
from relay_eventing.errors import InvalidField, NotFound
from relay_eventing.paging import Page, PageRequest

Location = Sequence[str | int]


class Agencies(Documents[Agency]):
    collection_name = AGENCIES_C
    id_field = "agency_id"
    model = Agency

    async def agency(self, agency_id: str) -> Agency:
        found = await self._get(agency_id)
        if found is None:
            raise NotFound(f"agency {agency_id}")
        return found

    async def known(self, agency_id: str, location: Location) -> Agency:
        found = await self._get(agency_id)
        if found is None:
            raise InvalidField(location, f"unknown agency {agency_id!r}; see GET /agencies")
        return found

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


class ProgramKinds(Documents[ProgramKind]):
    collection_name = PROGRAM_KINDS_C
    id_field = "kind_id"
    model = ProgramKind

    async def kind(self, kind_id: str) -> ProgramKind:
        found = await self._get(kind_id)
        if found is None:
            raise NotFound(f"program kind {kind_id}")
        return found

    async def known(self, kind_id: str, location: Location) -> ProgramKind:
        found = await self._get(kind_id)
        if found is None:
            raise InvalidField(
                location, f"unknown program kind {kind_id!r}; see GET /program-kinds"
            )
        return found

    async def add(self, kind: ProgramKind) -> None:
        await self._insert(kind, duplicate=f"program kind {kind.kind_id} exists")

    async def put(self, kind: ProgramKind) -> bool:
        """Create or replace; True when it was created."""
        return await self._upsert(kind)

    async def page(self, request: PageRequest) -> Page[ProgramKind]:
        return await self._page({}, request)


class DifficultyCategories(Documents[DifficultyCategory]):
    collection_name = CATEGORIES
    id_field = "category_id"
    model = DifficultyCategory

    async def category(self, category_id: str) -> DifficultyCategory:
        found = await self._get(category_id)
        if found is None:
            raise NotFound(f"difficulty category {category_id}")
        return found

    async def known(self, category_id: str, location: Location) -> DifficultyCategory:
        found = await self._get(category_id)
        if found is None:
            raise InvalidField(
                location,
                f"unknown difficulty category {category_id!r}; see GET /difficulty-categories",
            )
        return found

    async def add(self, category: DifficultyCategory) -> None:
        await self._insert(category, duplicate=f"difficulty category {category.category_id} exists")

    async def put(self, category: DifficultyCategory) -> bool:
        """Create or replace; True when it was created."""
        return await self._upsert(category)

    async def page(self, request: PageRequest) -> Page[DifficultyCategory]:
        return await self._page({}, request)
