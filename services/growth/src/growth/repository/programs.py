"""Leap-stage programs, their cohorts with the seats taken, and enrolments."""

from growth.domain.programs import Cohort, Enrolment, EnrolmentStatus, Program, enrolment_key
from growth.repository.collections import COHORTS, ENROLMENTS, PROGRAMS
from growth.repository.store import Documents, agency_scope
from relay_contracts import Actor
from relay_eventing.errors import NotFound
from relay_eventing.paging import Page, PageRequest


class Programs(Documents[Program]):
    collection_name = PROGRAMS
    id_field = "program_id"
    model = Program

    async def run_by(self, actor: Actor, program_id: str) -> Program:
        """The caller's agency's program (the program office: any); 404 for another's."""
        found = await self._one({"_id": program_id, **agency_scope(actor)})
        if found is None:
            raise NotFound(f"program {program_id}")
        return found

    async def add(self, program: Program) -> None:
        await self._insert(program, duplicate="program exists")

    async def page_of(self, actor: Actor, request: PageRequest) -> Page[Program]:
        return await self._page(agency_scope(actor), request, sort="created_at")


class Cohorts(Documents[Cohort]):
    collection_name = COHORTS
    id_field = "cohort_id"
    model = Cohort

    async def in_program(self, program: Program, cohort_id: str) -> Cohort:
        """A cohort of a program the caller was allowed to load; 404 for another's."""
        found = await self._one({"_id": cohort_id, "program_id": program.program_id})
        if found is None:
            raise NotFound(f"cohort {cohort_id}")
        return found

    async def add(self, cohort: Cohort) -> None:
        await self._insert(cohort, duplicate="cohort exists")

    async def of_program(self, program_id: str) -> list[Cohort]:
        """Every cohort of a program, earliest start first."""
        return await self._all({"program_id": program_id}, sort="starts_on")

    async def take_seat(self, cohort: Cohort) -> bool:
        """A conditional increment, so the capacity holds whichever process enrols; False when
        the cohort is full."""
        taken = await self._collection.update_one(
            {"_id": cohort.cohort_id, "enrolled": {"$lt": cohort.capacity}},
            {"$inc": {"enrolled": 1}},
            session=self._session,
        )
        return taken.modified_count == 1


class Enrolments(Documents[Enrolment]):
    collection_name = ENROLMENTS
    id_field = "enrolment_id"
    model = Enrolment

    async def enrolment(self, enrolment_id: str) -> Enrolment | None:
        return await self._get(enrolment_id)

    async def in_cohort(self, cohort: Cohort, startup_id: str) -> Enrolment:
        """The startup's enrolment in a cohort the caller was allowed to load."""
        found = await self._get(enrolment_key(cohort.cohort_id, startup_id))
        if found is None:
            raise NotFound(f"enrolment of {startup_id} in {cohort.cohort_id}")
        return found

    async def add(self, enrolment: Enrolment) -> None:
        await self._insert(enrolment, duplicate=f"{enrolment.startup_id} is already enrolled")

    async def save_completion(self, done: Enrolment, read_status: EnrolmentStatus) -> None:
        await self._replace_if(done, {"status": read_status.value})

    async def page_of_cohort(self, cohort_id: str, request: PageRequest) -> Page[Enrolment]:
        return await self._page({"cohort_id": cohort_id}, request, sort="enrolled_at")
