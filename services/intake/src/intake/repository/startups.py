"""Canonical startups, the universities' submissions of them, and their identity keys."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from bson import ObjectId
from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from intake.domain.duplicates import Copy
from intake.domain.identity import MatchedOn, company_search_keys
from intake.domain.startup import CompanyFacts, Startup
from intake.domain.submission import Status, Submission
from intake.repository.collections import IDENTITY_KEYS, STARTUPS, SUBMISSIONS
from relay_contracts import Actor, OrganizationKind
from relay_eventing import UnitOfWork
from relay_eventing.access import sees_everything
from relay_eventing.documents import from_document, to_document
from relay_eventing.errors import Conflict, NotFound

MAX_MERGE_HOPS = 16


class StaleSubmission(Conflict):
    """The submission changed since it was read."""


def new_submission_id() -> str:
    # An ObjectId grows with time, so ordering submissions by id orders them by submission.
    return f"sub-{ObjectId()}"


def submission_document(submission: Submission) -> dict[str, Any]:
    """A submission as stored, with the keys its company name is searched by."""
    document = to_document(submission, "submission_id")
    document["company_name_keys"] = company_search_keys(submission.company_name)
    return document


async def backfill_search_keys(db: AsyncDatabase[Any], batch: int = 1000) -> int:
    """Give submissions stored before names were searchable their search keys, a batch per
    command; idempotent. Returns how many it gave keys to."""
    submissions = db[SUBMISSIONS]
    cursor = submissions.find({"company_name_keys": {"$exists": False}}, {"company_name": 1})
    updates: list[UpdateOne] = []
    done = 0
    async for document in cursor:
        keys = company_search_keys(document["company_name"])
        updates.append(UpdateOne({"_id": document["_id"]}, {"$set": {"company_name_keys": keys}}))
        if len(updates) == batch:
            done += (await submissions.bulk_write(updates, ordered=False)).modified_count
            updates = []
    if updates:
        done += (await submissions.bulk_write(updates, ordered=False)).modified_count
    return done


def _submission(document: Mapping[str, Any]) -> Submission:
    return from_document(Submission, document, "submission_id")


class StartupRepository:
    """Reads and writes inside one unit of work's transaction."""

    def __init__(self, unit: UnitOfWork) -> None:
        self._writes = unit.writes
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

    def add_startup(self, startup: Startup) -> None:
        """Written at the end of the unit, with its claims, submission and events."""
        self._writes.insert(STARTUPS, to_document(startup, "startup_id"))

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

    def record_company_facts_at_end(self, startup_id: str, facts: CompanyFacts) -> None:
        """`record_company_facts` at the end of the unit, for a step that reads none of it back."""
        changes = {"$set": facts.model_dump(mode="json")}
        self._writes.update(STARTUPS, {"_id": startup_id}, changes)
        self._writes.update_many(SUBMISSIONS, {"startup_id": startup_id}, changes)

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

    def claim(self, key: str, startup_id: str, kind: MatchedOn) -> None:
        """At the end of the unit, DuplicateKeyError when another startup holds the key."""
        self._writes.insert(IDENTITY_KEYS, {"_id": key, "startup_id": startup_id, "kind": kind})

    async def move_keys(self, from_id: str, to_id: str) -> None:
        await self._keys.update_many(
            {"startup_id": from_id}, {"$set": {"startup_id": to_id}}, session=self._session
        )

    # Submissions --------------------------------------------------------------------------

    def add(self, submission: Submission) -> None:
        """Written at the end of the unit; a second one of the university's raises there."""
        self._writes.insert(SUBMISSIONS, submission_document(submission))

    async def submission(self, submission_id: str) -> Submission:
        document = await self._submissions.find_one({"_id": submission_id}, session=self._session)
        if document is None:
            raise NotFound(f"submission {submission_id}")
        return _submission(document)

    async def submission_for(
        self, actor: Actor, startup_id: str, university_id: str | None = None
    ) -> Submission:
        """The submission of a startup that the caller may touch, found through any merge.

        A university touches only its own. The council and operators read any: the named
        university's, else the first live one. Anything else is 404, so a caller learns nothing
        of a startup it does not hold.
        """
        startup = await self.resolve(startup_id)
        found: Submission | None = None
        if startup is not None and sees_everything(actor):
            found = await self._first_live(startup.startup_id, university_id)
        elif (
            startup is not None
            and actor.organization_kind is OrganizationKind.UNIVERSITY
            and university_id in (None, actor.organization_id)
        ):
            found = await self.of_university(actor.organization_id, startup.startup_id)
        if found is None:
            raise NotFound(f"startup {startup_id}")
        return found

    async def _first_live(self, startup_id: str, university_id: str | None) -> Submission | None:
        query: dict[str, Any] = {"startup_id": startup_id, "status": {"$ne": Status.MERGED.value}}
        if university_id is not None:
            query["university_id"] = university_id
        cursor = self._submissions.find(query, session=self._session).sort("_id").limit(1)
        found = [_submission(document) async for document in cursor]
        return found[0] if found else None

    async def held_by(self, university: Actor, startup_id: str) -> tuple[Submission, list[Copy]]:
        """The university's submission of the startup and every copy of it, in one read.

        A submission marked merged points at a retired startup, and none points at a merged
        id otherwise: only then (or when there is none) is the id followed through its merges.
        """
        documents = [
            document
            async for document in self._submissions.find(
                {"startup_id": startup_id}, session=self._session
            ).sort("_id")
        ]
        own = next((d for d in documents if d["university_id"] == university.organization_id), None)
        if (
            own is not None
            and own.get("status") != Status.MERGED.value
            and university.organization_kind is OrganizationKind.UNIVERSITY
        ):
            copies = [from_document(Copy, document, "submission_id") for document in documents]
            return _submission(own), copies
        submission = await self.submission_for(university, startup_id)
        return submission, (await self.copies_of([submission.startup_id]))[submission.startup_id]

    async def copies_of(self, startup_ids: Iterable[str]) -> dict[str, list[Copy]]:
        """Every submission of each startup, as others may see it: one read for a whole page."""
        wanted = list(dict.fromkeys(startup_ids))
        copies: dict[str, list[Copy]] = {startup_id: [] for startup_id in wanted}
        cursor = self._submissions.find(
            {"startup_id": {"$in": wanted}},
            {"startup_id": 1, "university_id": 1, "status": 1, "submitted_on": 1},
            session=self._session,
        ).sort("_id")
        async for document in cursor:
            copies[document["startup_id"]].append(from_document(Copy, document, "submission_id"))
        return copies

    async def of_university(self, university_id: str, startup_id: str) -> Submission | None:
        document = await self._submissions.find_one(
            {"university_id": university_id, "startup_id": startup_id}, session=self._session
        )
        return None if document is None else _submission(document)

    async def of_startup(self, startup_id: str) -> list[Submission]:
        cursor = self._submissions.find({"startup_id": startup_id}, session=self._session)
        return [_submission(document) async for document in cursor]

    def save_at_end(self, submission: Submission) -> None:
        """Write back at the end of the unit, with the optimistic version check: the last write
        of a step, which nothing in the unit reads again."""
        expected = submission.version
        submission.version = expected + 1
        stale = f"submission {submission.submission_id} changed since it was read; retry"
        self._writes.replace(
            SUBMISSIONS,
            {"_id": submission.submission_id, "version": expected},
            submission_document(submission),
            or_raise=lambda: StaleSubmission(stale),
        )

    async def save(self, submission: Submission) -> None:
        """Write back with an optimistic version check."""
        expected = submission.version
        submission.version = expected + 1
        result = await self._submissions.replace_one(
            {"_id": submission.submission_id, "version": expected},
            submission_document(submission),
            session=self._session,
        )
        if result.matched_count != 1:
            submission.version = expected
            raise StaleSubmission(
                f"submission {submission.submission_id} changed since it was read; retry"
            )
