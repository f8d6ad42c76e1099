"""Districts, facilities, programs and budgets in MongoDB, with the two hard limits the domain
states (a facility's capacity, a program's yearly budget) held across processes by conditional
updates, and loaders that return only what the caller may touch."""

from typing import Any

from pymongo import ReturnDocument

from incubation.domain.reference import (
    Budget,
    BudgetExhausted,
    District,
    Facility,
    Program,
    budget_id,
    new_budget,
)
from incubation.repository import (
    BUDGETS,
    DISTRICTS,
    FACILITIES,
    OCCUPANCIES,
    PROGRAMS,
    StaleRecord,
    district_scope,
)
from relay_contracts import Actor, OrganizationKind
from relay_eventing import UnitOfWork
from relay_eventing.documents import find_page, from_document, seed, to_document
from relay_eventing.errors import NotFound, RuleViolation
from relay_eventing.paging import Page, PageRequest


def _budget_document(budget: Budget) -> dict[str, Any]:
    return budget.model_dump() | {"_id": budget.budget_id}


def _stewarded(actor: Actor) -> dict[str, Any]:
    """Reference data the caller may change: any district's for an operator, else its own."""
    if actor.organization_kind is OrganizationKind.OPERATOR:
        return {}
    return {"district_id": actor.organization_id}


class ReferenceRepository:
    def __init__(self, unit: UnitOfWork) -> None:
        self._db = unit.db
        self._session = unit.session
        self._writes = unit.writes

    async def add_missing(
        self,
        districts: list[District],
        facilities: list[Facility],
        programs: list[Program],
        budgets: list[Budget],
    ) -> None:
        """Insert the reference data not there yet; what was edited since stays as edited."""
        for collection, documents in (
            (DISTRICTS, [to_document(d, "district_id") for d in districts]),
            (FACILITIES, [to_document(f, "facility_id") for f in facilities]),
            (PROGRAMS, [to_document(p, "program_id") for p in programs]),
            (BUDGETS, [_budget_document(b) for b in budgets]),
        ):
            await seed(self._db[collection], documents, session=self._session)

    async def districts(self, page: PageRequest) -> Page[District]:
        """A page of the districts, by id: reference data has no time of its own."""
        documents, next_cursor = await find_page(
            self._db[DISTRICTS], {}, page, session=self._session
        )
        return Page(
            items=[from_document(District, d, "district_id") for d in documents],
            next_cursor=next_cursor,
        )

    async def district(self, district_id: str) -> District:
        """A district; every caller may read the districts."""
        document = await self._db[DISTRICTS].find_one({"_id": district_id}, session=self._session)
        if document is None:
            raise NotFound(f"district {district_id}")
        return from_document(District, document, "district_id")

    async def stewarded_district(self, actor: Actor, district_id: str) -> District:
        """A district whose reference data the caller may change: its own, or any for an
        operator."""
        scope = _stewarded(actor)
        if scope and scope["district_id"] != district_id:
            raise NotFound(f"district {district_id}")
        return await self.district(district_id)

    async def save_district(self, district: District) -> None:
        await self._db[DISTRICTS].replace_one(
            {"_id": district.district_id},
            to_document(district, "district_id"),
            upsert=True,
            session=self._session,
        )

    async def facilities(self, district_id: str) -> list[Facility]:
        cursor = self._db[FACILITIES].find({"district_id": district_id}, session=self._session)
        return [from_document(Facility, d, "facility_id") async for d in cursor]

    async def facility_of(self, actor: Actor, facility_id: str) -> Facility:
        """One of the caller's district's facilities."""
        document = await self._db[FACILITIES].find_one(
            {"_id": facility_id, "district_id": actor.organization_id}, session=self._session
        )
        if document is None:
            raise NotFound(f"facility {facility_id}")
        return from_document(Facility, document, "facility_id")

    async def save_facility(self, facility: Facility) -> Facility:
        """Add a facility, or change one's name, capacity or rent; never below what is occupied."""
        document = await self._db[FACILITIES].find_one(
            {"_id": facility.facility_id}, session=self._session
        )
        if document is None:
            added = facility.model_copy(update={"occupied": 0})
            await self._db[FACILITIES].insert_one(
                to_document(added, "facility_id"), session=self._session
            )
            return added
        current = from_document(Facility, document, "facility_id")
        if current.district_id != facility.district_id:
            raise RuleViolation(
                f"facility id {facility.facility_id} is another district's; choose another id"
            )
        changed = current.resized(facility.capacity).model_copy(
            update={
                "name": facility.name,
                "unit_kind": facility.unit_kind,
                "monthly_rent_krw": facility.monthly_rent_krw,
            }
        )
        fields = to_document(changed, "facility_id")
        fields.pop("_id")
        fields.pop("occupied")
        # The capacity read and the occupancy bound make a concurrent approval a conflict.
        result = await self._db[FACILITIES].update_one(
            {
                "_id": facility.facility_id,
                "occupied": {"$lte": changed.capacity},
                "capacity": current.capacity,
            },
            {"$set": fields},
            session=self._session,
        )
        if result.matched_count != 1:
            raise StaleRecord(f"facility {facility.facility_id} changed meanwhile; read it again")
        return changed

    async def occupy_unit(self, facility: Facility) -> str:
        """Take the next free seat or room; the filter is what keeps capacity, across processes.

        The conditional update answers with the facility as it left it, so the seat's label
        needs no second read; only a refusal reads the facility, to say why.
        """
        facility.take_unit()
        after = await self._db[FACILITIES].find_one_and_update(
            {
                "_id": facility.facility_id,
                "capacity": facility.capacity,
                "occupied": {"$lt": facility.capacity},
            },
            {"$inc": {"occupied": 1}},
            return_document=ReturnDocument.AFTER,
            session=self._session,
        )
        if after is None:
            current = await self._db[FACILITIES].find_one(
                {"_id": facility.facility_id}, session=self._session
            )
            assert current is not None
            # Full since it was read: the domain says so in its own words.
            from_document(Facility, current, "facility_id").take_unit()
            raise StaleRecord(f"facility {facility.facility_id} changed meanwhile; read it again")
        now = from_document(Facility, after, "facility_id")
        label = f"{now.unit_kind}-{now.occupied}"
        # One document per seat: a second holder of the same seat is a duplicate key, raised
        # at the end of the unit.
        self._writes.insert(
            OCCUPANCIES,
            {"_id": f"{facility.facility_id}:{label}", "facility_id": facility.facility_id},
        )
        return label

    async def programs(self, district_id: str) -> list[Program]:
        cursor = self._db[PROGRAMS].find({"district_id": district_id}, session=self._session)
        return [from_document(Program, d, "program_id") async for d in cursor]

    async def program_of(self, actor: Actor, program_id: str) -> Program:
        """One of the caller's district's programs."""
        return await self._program({"_id": program_id, "district_id": actor.organization_id})

    async def readable_program(self, actor: Actor, program_id: str) -> Program:
        """A program the caller may read: its district's, or any for the program office."""
        return await self._program({"_id": program_id, **district_scope(actor)})

    async def stewarded_program(self, actor: Actor, program_id: str) -> Program:
        """A program whose budgets the caller may set: its district's, or any for an operator."""
        return await self._program({"_id": program_id, **_stewarded(actor)})

    async def _program(self, query: dict[str, Any]) -> Program:
        document = await self._db[PROGRAMS].find_one(query, session=self._session)
        if document is None:
            raise NotFound(f"program {query['_id']}")
        return from_document(Program, document, "program_id")

    async def save_program(self, program: Program) -> None:
        """Add or change a district's program; a program never moves to another district."""
        current = await self._db[PROGRAMS].find_one(
            {"_id": program.program_id}, {"district_id": 1}, session=self._session
        )
        if current is not None and current["district_id"] != program.district_id:
            raise RuleViolation(
                f"program id {program.program_id} is another district's; choose another id"
            )
        await self._db[PROGRAMS].replace_one(
            {"_id": program.program_id},
            to_document(program, "program_id"),
            upsert=True,
            session=self._session,
        )

    async def budgets(self, program_id: str, page: PageRequest) -> Page[Budget]:
        """A page of the program's budgets, by year."""
        documents, next_cursor = await find_page(
            self._db[BUDGETS],
            {"program_id": program_id},
            page,
            sort_field="year",
            session=self._session,
        )
        return Page(
            items=[from_document(Budget, d, "budget_id") for d in documents],
            next_cursor=next_cursor,
        )

    async def budget(self, program_id: str, year: int) -> Budget | None:
        document = await self._db[BUDGETS].find_one(
            {"_id": budget_id(program_id, year)}, session=self._session
        )
        return from_document(Budget, document, "budget_id") if document else None

    async def set_budget_total(
        self, program_id: str, year: int, total_krw: int
    ) -> tuple[Budget, bool]:
        """Set the year's total; what was already granted stays granted. The budget, and
        whether the year had none before."""
        current = await self.budget(program_id, year)
        if current is None:
            budget = new_budget(program_id, year, total_krw)
            await self._db[BUDGETS].insert_one(_budget_document(budget), session=self._session)
            return budget, True
        budget = current.retotalled(total_krw)
        result = await self._db[BUDGETS].update_one(
            {"_id": budget.budget_id, "remaining_krw": current.remaining_krw},
            {"$set": {"total_krw": total_krw, "remaining_krw": budget.remaining_krw}},
            session=self._session,
        )
        if result.matched_count != 1:
            raise StaleRecord(f"budget {budget.budget_id} changed meanwhile; read it again")
        return budget, False

    async def debit_budget(self, program_id: str, year: int, amount_krw: int) -> None:
        """Take `amount_krw` from the year's budget; the filter keeps it from going below zero
        whatever another process granted since it was read."""
        budget = await self.budget(program_id, year)
        if budget is None:
            raise BudgetExhausted(f"program {program_id} has no budget for {year}")
        budget.debited(amount_krw)
        result = await self._db[BUDGETS].update_one(
            {"_id": budget.budget_id, "remaining_krw": {"$gte": amount_krw}},
            {"$inc": {"remaining_krw": -amount_krw}},
            session=self._session,
        )
        if result.matched_count != 1:
            now = await self.budget(program_id, year)
            assert now is not None
            now.debited(amount_krw)
            raise StaleRecord(f"budget {budget.budget_id} changed meanwhile; read it again")
