"""Finding submissions the way an officer searches: the program's shared filter vocabulary."""

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from intake.domain.identity import company_search_keys
from intake.domain.submission import Stage, Status, Submission
from intake.repository.collections import SUBMISSIONS
from intake.repository.startups import StartupRepository
from relay_contracts import Actor
from relay_eventing import UnitOfWork
from relay_eventing.access import sees_everything
from relay_eventing.documents import find_page, from_document
from relay_eventing.paging import PageRequest


@dataclass(frozen=True)
class SubmissionFilter:
    """What a list may be narrowed to; None leaves a field unfiltered.

    `company_name` is the start of a name, compared as `company_search_keys`; `submitted_from`
    and `submitted_to` bound the submission date, both days included.
    """

    startup_id: str | None = None
    university_id: str | None = None
    business_registration_number: str | None = None
    company_name: str | None = None
    stage: Stage | None = None
    status: Status | None = None
    sector: str | None = None
    district: str | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None

    def query(self) -> dict[str, Any]:
        equal = {
            "startup_id": self.startup_id,
            "university_id": self.university_id,
            "business_registration_number": self.business_registration_number,
            "stage": self.stage,
            "status": None if self.status is None else self.status.value,
            "sector": self.sector,
            "desired_district": self.district,
        }
        query: dict[str, Any] = {
            field: value for field, value in equal.items() if value is not None
        }
        if self.company_name is not None:
            # Anchored and case-sensitive on the stored keys, so the index answers each one; a
            # name with no letters has no key and finds nothing.
            keys = company_search_keys(self.company_name)
            query["$or"] = [
                {"company_name_keys": {"$regex": f"^{re.escape(key)}"}} for key in keys
            ] or [{"company_name_keys": {"$in": []}}]
        window: dict[str, str] = {}
        if self.submitted_from is not None:
            window["$gte"] = self.submitted_from.isoformat()
        if self.submitted_to is not None:
            window["$lte"] = self.submitted_to.isoformat()
        if window:
            query["submitted_on"] = window
        return query


class SubmissionSearch:
    def __init__(self, unit: UnitOfWork) -> None:
        self._submissions = unit.db[SUBMISSIONS]
        self._startups = StartupRepository(unit)
        self._session = unit.session

    async def page_for(
        self, actor: Actor, narrowed: SubmissionFilter, page: PageRequest
    ) -> tuple[list[Submission], str | None]:
        """A page of the submissions the caller may read, in submission order.

        A university reads its own (index `by_university`); the council and operators read
        every university's. A merged startup id finds the survivor's submissions.
        """
        if narrowed.startup_id is not None:
            startup = await self._startups.resolve(narrowed.startup_id)
            if startup is None:
                return [], None
            narrowed = replace(narrowed, startup_id=startup.startup_id)
        query = narrowed.query()
        if not sees_everything(actor):
            if narrowed.university_id not in (None, actor.organization_id):
                return [], None
            query["university_id"] = actor.organization_id
        documents, next_cursor = await find_page(
            self._submissions, query, page, session=self._session
        )
        return [from_document(Submission, d, "submission_id") for d in documents], next_cursor
