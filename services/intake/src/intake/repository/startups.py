"""Canonical startups, the universities' submissions of them, and their identity keys."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from bson import ObjectId

from intake.domain.identity import MatchedOn
from intake.domain.startup import CompanyFacts, Startup
from intake.domain.submission import Stage, Status, Submission
from intake.repository.collections import IDENTITY_KEYS, STARTUPS, SUBMISSIONS
from relay_eventing import UnitOfWork
from relay_eventing.documents import find_page, from_document, to_document
from relay_eventing.errors import Conflict
from relay_eventing.paging import PageRequest

MAX_MERGE_HOPS = 16


class StaleSubmission(Conflict):
    """The submission changed since it was read."""


def new_submission_id() -> str:
    # An ObjectId grows with time, so ordering submissions by id orders them by submission.
    return f"sub-{ObjectId()}"


@dataclass(frozen=True)
class SubmissionFilter:
    """What a university may narrow its list to; None leaves a field unfiltered."""

    stage: Stage | None = None
    status: Status | None = None
    sector: str | None = None
    district: str | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None

    def query(self) -> dict[str, Any]:
        query: dict[str, Any] = {}
        if self.stage is not None:
            query["stage"] = self.stage
        if self.status is not None:
            query["status"] = self.status.value
        if self.sector is not None:
            query["sector"] = self.sector
        if self.district is not None:
            query["desired_district"] = self.district
        window: dict[str, str] = {}
        if self.submitted_from is not None:
            window["$gte"] = self.submitted_from.isoformat()
        if self.submitted_to is not None:
            window["$lte"] = self.submitted_to.isoformat()
        if window:
            query["submitted_on"] = window
        return query


def _submission(document: Mapping[str, Any]) -> Submission:
    return from_document(Submission, document, "submission_id")


class StartupRepository:
    """Reads and writes inside one unit of work's transaction."""

    def __init__(self, unit: UnitOfWork) -> None:
        self._startups = unit.db[STARTUPS]
        self._submissions = unit.db[SUBMISSIONS]
        self._keys = unit.db[IDENTITY_KEYS]
        self._session = unit.session

    # Canonical startups -------------------------------------------------------------------

    async def startup(self, startup_id: str) -> Startup | None:
        document = await self._startups.find_one({"_id": startup_id}, session=self._session)
        return None if document is None else from_document(Startup, document, "startup_id")

    async def resolve(self, startup_id: str) -> Startup | None:
        """The canonical startup an id stands for today, following merges."""
        startup = await self.startup(startup_id)
        for _ in range(MAX_MERGE_HOPS):
            if startup is None or not startup.merged_into:
                return startup
            startup = await self.startup(startup.merged_into)
        raise RuntimeError(f"merge chain of {startup_id} is too long")

    async def add_startup(self, startup: Startup) -> None:
        await self._startups.insert_one(to_document(startup, "startup_id"), session=self._session)

    async def retire_into(self, merged_id: str, survivor_id: str, reason: str) -> None:
        """The merged record stays, pointing at the survivor, so its id still leads somewhere."""
        await self._startups.update_one(
            {"_id": merged_id},
            {
                "$set": {
                    "merged_into": survivor_id,
                    "merged_at": datetime.now(UTC),
                    "merge_reason": reason,
                }
            },
            session=self._session,
        )

    async def record_company_facts(self, startup_id: str, facts: CompanyFacts) -> None:
        """On the startup and on every submission of it: the company is one, whoever asks."""
        changes = {"$set": facts.model_dump(mode="json")}
        await self._startups.update_one({"_id": startup_id}, changes, session=self._session)
        await self._submissions.update_many(
            {"startup_id": startup_id}, changes, session=self._session
        )

    # Identity keys ------------------------------------------------------------------------

    async def owner_of(self, key: str) -> str | None:
        document = await self._keys.find_one({"_id": key}, session=self._session)
        return None if document is None else str(document["startup_id"])

    async def owners_of(self, keys: Sequence[str]) -> dict[str, str | None]:
        """The startup holding each key, None for a free one: one read for all of them."""
        owners: dict[str, str | None] = dict.fromkeys(keys)
        cursor = self._keys.find({"_id": {"$in": list(keys)}}, session=self._session)
        async for document in cursor:
            owners[document["_id"]] = str(document["startup_id"])
        return owners

    async def claim(self, key: str, startup_id: str, kind: MatchedOn) -> None:
        """Raises DuplicateKeyError when another startup already holds the key."""
        await self._keys.insert_one(
            {"_id": key, "startup_id": startup_id, "kind": kind}, session=self._session
        )

    async def move_keys(self, from_id: str, to_id: str) -> None:
        await self._keys.update_many(
            {"startup_id": from_id}, {"$set": {"startup_id": to_id}}, session=self._session
        )

    # Submissions --------------------------------------------------------------------------

    async def add(self, submission: Submission) -> None:
        await self._submissions.insert_one(
            to_document(submission, "submission_id"), session=self._session
        )

    async def of_university(self, university_id: str, startup_id: str) -> Submission | None:
        document = await self._submissions.find_one(
            {"university_id": university_id, "startup_id": startup_id}, session=self._session
        )
        return None if document is None else _submission(document)

    async def of_startup(self, startup_id: str) -> list[Submission]:
        cursor = self._submissions.find({"startup_id": startup_id}, session=self._session)
        return [_submission(document) async for document in cursor]

    async def save(self, submission: Submission) -> None:
        """Write back with an optimistic version check."""
        expected = submission.version
        submission.version = expected + 1
        result = await self._submissions.replace_one(
            {"_id": submission.submission_id, "version": expected},
            to_document(submission, "submission_id"),
            session=self._session,
        )
        if result.matched_count != 1:
            submission.version = expected
            raise StaleSubmission(
                f"submission {submission.submission_id} changed since it was read; retry"
            )

    async def page_of_university(
        self, university_id: str, narrowed: SubmissionFilter, page: PageRequest
    ) -> tuple[list[Submission], str | None]:
        """A page of the university's submissions, in submission order (index `by_university`)."""
        documents, next_cursor = await find_page(
            self._submissions,
            {"university_id": university_id, **narrowed.query()},
            page,
            session=self._session,
        )
        return [_submission(document) for document in documents], next_cursor
