"""Districts, facilities, programs and budgets in MongoDB, with the two hard limits enforced
by conditional updates: a facility's capacity and a program's yearly budget."""

from typing import Any

from incubation.domain.reference import Budget, District, Facility, Program, budget_id
from incubation.repository import (
    BUDGETS,
    DISTRICTS,
    FACILITIES,
    OCCUPANCIES,
    PROGRAMS,
    StaleRecord,
)
from relay_eventing import UnitOfWork
from relay_eventing.documents import find_page, from_document, seed, to_document
from relay_eventing.errors import RuleViolation
from relay_eventing.paging import Page, PageRequest


class FacilityFull(RuleViolation):
    """Every seat or room of the facility is taken."""


class BudgetExhausted(RuleViolation):
    """The program's budget for the year cannot cover the grant."""


def _budget_document(budget: Budget) -> dict[str, Any]:
    return budget.model_dump() | {"_id": budget.budget_id}


class ReferenceRepository:
    def __init__(self, unit: UnitOfWork) -> None:
        self._db = unit.db
        self._session = unit.session

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

    async def district(self, district_id: str) -> District | None:
        document = await self._db[DISTRICTS].find_one({"_id": district_id}, session=self._session)
        return from_document(District, document, "district_id") if document else None

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

    async def facility(self, facility_id: str) -> Facility | None:
        document = await self._db[FACILITIES].find_one({"_id": facility_id}, session=self._session)
        return from_document(Facility, document, "facility_id") if document else None

    async def add_facility(self, facility: Facility) -> None:
        await self._db[FACILITIES].insert_one(
            to_document(facility, "facility_id"), session=self._session
        )

    async def describe_facility(self, facility: Facility, read: Facility) -> None:
        """Change a facility's description; capacity never below what is occupied."""
        fields = to_document(facility, "facility_id")
        fields.pop("_id")
        fields.pop("occupied")
        result = await self._db[FACILITIES].update_one(
            {
                "_id": facility.facility_id,
                "occupied": {"$lte": facility.capacity},
                "capacity": read.capacity,
            },
            {"$set": fields},
            session=self._session,
        )
        if result.matched_count != 1:
            raise StaleRecord(f"facility {facility.facility_id} changed meanwhile; read it again")

    async def occupy_unit(self, facility: Facility) -> str:
        """Take the next free seat or room; the filter is what keeps capacity, across processes."""
        result = await self._db[FACILITIES].update_one(
            {
                "_id": facility.facility_id,
                "capacity": facility.capacity,
                "occupied": {"$lt": facility.capacity},
            },
            {"$inc": {"occupied": 1}},
            session=self._session,
        )
        if result.matched_count != 1:
            raise FacilityFull(
                f"{facility.name} ({facility.facility_id}) is full: "
                f"{facility.capacity} of {facility.capacity} {facility.unit_kind}s taken"
            )
        after = await self._db[FACILITIES].find_one(
            {"_id": facility.facility_id}, {"occupied": 1}, session=self._session
        )
        assert after is not None
        label = f"{facility.unit_kind}-{after['occupied']}"
        # One document per seat: a second holder of the same seat is a duplicate key.
        await self._db[OCCUPANCIES].insert_one(
            {"_id": f"{facility.facility_id}:{label}", "facility_id": facility.facility_id},
            session=self._session,
        )
        return label

    async def programs(self, district_id: str) -> list[Program]:
        cursor = self._db[PROGRAMS].find({"district_id": district_id}, session=self._session)
        return [from_document(Program, d, "program_id") async for d in cursor]

    async def program(self, program_id: str) -> Program | None:
        document = await self._db[PROGRAMS].find_one({"_id": program_id}, session=self._session)
        return from_document(Program, document, "program_id") if document else None

    async def save_program(self, program: Program) -> None:
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

    async def set_budget_total(self, program_id: str, year: int, total_krw: int) -> Budget:
        """Set the year's total; what was already granted stays granted."""
        current = await self.budget(program_id, year)
        granted = current.total_krw - current.remaining_krw if current else 0
        if total_krw < granted:
            raise RuleViolation(
                f"{granted} KRW of {program_id} {year} is already granted; "
                f"the total cannot be {total_krw}"
            )
        budget = Budget(
            program_id=program_id, year=year, total_krw=total_krw, remaining_krw=total_krw - granted
        )
        if current is None:
            await self._db[BUDGETS].insert_one(_budget_document(budget), session=self._session)
            return budget
        result = await self._db[BUDGETS].update_one(
            {"_id": budget.budget_id, "remaining_krw": current.remaining_krw},
            {"$set": {"total_krw": total_krw, "remaining_krw": budget.remaining_krw}},
            session=self._session,
        )
        if result.matched_count != 1:
            raise StaleRecord(f"budget {budget.budget_id} changed meanwhile; read it again")
        return budget

    async def debit_budget(self, program_id: str, year: int, amount_krw: int) -> None:
        """Take `amount_krw` from the year's budget; the filter keeps it from going below zero."""
        result = await self._db[BUDGETS].update_one(
            {"_id": budget_id(program_id, year), "remaining_krw": {"$gte": amount_krw}},
            {"$inc": {"remaining_krw": -amount_krw}},
            session=self._session,
        )
        if result.matched_count == 1:
            return
        budget = await self.budget(program_id, year)
        if budget is None:
            raise BudgetExhausted(f"program {program_id} has no budget for {year}")
        raise BudgetExhausted(
            f"program {program_id} has {budget.remaining_krw} KRW left for {year}; "
            f"a grant of {amount_krw} KRW would take it below zero"
        )
