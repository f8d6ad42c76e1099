"""Canonical startups, the universities' submissions of them, and their identity keys."""

from collections.abc import Mapping, Sequence
from typing import Any

from pymongo import ASCENDING

from intake.adapters.collections import IDENTITY_KEYS, STARTUPS, SUBMISSIONS
from intake.domain.identity import MatchedOn
from intake.domain.submission import Submission
from relay_eventing import UnitOfWork

MAX_MERGE_HOPS = 16


class StaleSubmission(Exception):
    """The submission changed since it was read."""


def _to_document(submission: Submission) -> dict[str, Any]:
    document = submission.model_dump(mode="json")
    document["_id"] = document.pop("submission_id")
    return document


def _from_document(document: Mapping[str, Any]) -> Submission:
    fields = dict(document)
    fields["submission_id"] = fields.pop("_id")
    return Submission.model_validate(fields)


class StartupRepository:
    """Reads and writes inside one unit of work's transaction."""

    def __init__(self, unit: UnitOfWork) -> None:
        self._db = unit.db
        self._session = unit.session

    # Canonical startups -------------------------------------------------------------------

    async def startup(self, startup_id: str) -> dict[str, Any] | None:
        document: dict[str, Any] | None = await self._db[STARTUPS].find_one(
            {"_id": startup_id}, session=self._session
        )
        return document

    async def resolve(self, startup_id: str) -> dict[str, Any] | None:
        """The canonical startup an id stands for today, following merges."""
        startup = await self.startup(startup_id)
        for _ in range(MAX_MERGE_HOPS):
            if startup is None or not startup.get("merged_into"):
                return startup
            startup = await self.startup(startup["merged_into"])
        raise RuntimeError(f"merge chain of {startup_id} is too long")

    async def add_startup(self, startup: dict[str, Any]) -> None:
        await self._db[STARTUPS].insert_one(startup, session=self._session)

    async def update_startup(self, startup_id: str, changes: dict[str, Any]) -> None:
        await self._db[STARTUPS].update_one(
            {"_id": startup_id}, {"$set": changes}, session=self._session
        )

    # Identity keys ------------------------------------------------------------------------

    async def owner_of(self, key: str) -> str | None:
        document = await self._db[IDENTITY_KEYS].find_one({"_id": key}, session=self._session)
        return None if document is None else str(document["startup_id"])

    async def owners_of(self, keys: Sequence[str]) -> dict[str, str | None]:
        """The startup holding each key, None for a free one: one read for all of them."""
        owners: dict[str, str | None] = dict.fromkeys(keys)
        cursor = self._db[IDENTITY_KEYS].find({"_id": {"$in": list(keys)}}, session=self._session)
        async for document in cursor:
            owners[document["_id"]] = str(document["startup_id"])
        return owners

    async def claim(self, key: str, startup_id: str, kind: MatchedOn) -> None:
        """Raises DuplicateKeyError when another startup already holds the key."""
        await self._db[IDENTITY_KEYS].insert_one(
            {"_id": key, "startup_id": startup_id, "kind": kind}, session=self._session
        )

    async def repoint_keys(self, from_id: str, to_id: str) -> None:
        await self._db[IDENTITY_KEYS].update_many(
            {"startup_id": from_id}, {"$set": {"startup_id": to_id}}, session=self._session
        )

    # Submissions --------------------------------------------------------------------------

    async def add(self, submission: Submission) -> None:
        await self._db[SUBMISSIONS].insert_one(_to_document(submission), session=self._session)

    async def of_university(self, university_id: str, startup_id: str) -> Submission | None:
        document = await self._db[SUBMISSIONS].find_one(
            {"university_id": university_id, "startup_id": startup_id}, session=self._session
        )
        return None if document is None else _from_document(document)

    async def of_startup(self, startup_id: str) -> list[Submission]:
        cursor = self._db[SUBMISSIONS].find({"startup_id": startup_id}, session=self._session)
        return [_from_document(document) async for document in cursor]

    async def save(self, submission: Submission) -> None:
        """Write back with an optimistic version check."""
        expected = submission.version
        submission.version = expected + 1
        document = _to_document(submission)
        result = await self._db[SUBMISSIONS].replace_one(
            {"_id": submission.submission_id, "version": expected},
            document,
            session=self._session,
        )
        if result.matched_count != 1:
            submission.version = expected
            raise StaleSubmission(submission.submission_id)

    async def set_on_startup(self, startup_id: str, changes: dict[str, Any]) -> None:
        """Company facts (stage, registration) are the same in every university's copy."""
        await self._db[SUBMISSIONS].update_many(
            {"startup_id": startup_id}, {"$set": changes}, session=self._session
        )

    async def page(
        self, university_id: str, filters: dict[str, Any], after: str | None, limit: int
    ) -> Sequence[Submission]:
        query: dict[str, Any] = {"university_id": university_id, **filters}
        if after is not None:
            query["_id"] = {"$gt": after}
        cursor = (
            self._db[SUBMISSIONS]
            .find(query, session=self._session)
            .sort("_id", ASCENDING)
            .limit(limit)
        )
        return [_from_document(document) async for document in cursor]
