"""Reference data kept in MongoDB: universities and screening rubrics, seeded at startup."""

from datetime import UTC, datetime
from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from intake.domain.rubric import DEFAULT_RUBRIC, Rubric
from intake.domain.universities import SEED_UNIVERSITIES, University
from intake.repository.collections import RUBRICS, UNIVERSITIES
from relay_eventing import UnitOfWork
from relay_eventing.documents import from_document, seed, to_document
from relay_eventing.errors import Conflict, RuleViolation


def _rubric_document(rubric: Rubric, created_by: str) -> dict[str, Any]:
    return {
        "_id": f"{rubric.rubric_id}@v{rubric.version}",
        **rubric.model_dump(),
        "created_at": datetime.now(UTC),
        "created_by": created_by,
    }


async def seed_reference_data(db: AsyncDatabase[Any]) -> None:
    """Insert what is missing and never overwrite: an edit made in the database survives."""
    await seed(db[UNIVERSITIES], [to_document(u, "university_id") for u in SEED_UNIVERSITIES])
    await seed(db[RUBRICS], [_rubric_document(DEFAULT_RUBRIC, "seed")])


class ReferenceData:
    def __init__(self, unit: UnitOfWork) -> None:
        self._universities = unit.db[UNIVERSITIES]
        self._rubrics = unit.db[RUBRICS]
        self._session = unit.session

    async def university(self, university_id: str) -> University | None:
        document = await self._universities.find_one({"_id": university_id}, session=self._session)
        return None if document is None else from_document(University, document, "university_id")

    async def universities(self) -> list[University]:
        cursor = self._universities.find({}, session=self._session).sort("_id")
        return [from_document(University, d, "university_id") async for d in cursor]

    async def add_university(self, university: University) -> None:
        try:
            await self._universities.insert_one(
                to_document(university, "university_id"), session=self._session
            )
        except DuplicateKeyError:
            raise RuleViolation(f"university {university.university_id} exists already") from None

    async def rubric(self, rubric_id: str, version: int | None = None) -> Rubric | None:
        """A given version, or the latest one."""
        query: dict[str, Any] = {"rubric_id": rubric_id}
        if version is not None:
            query["version"] = version
        cursor = (
            self._rubrics.find(query, session=self._session).sort("version", DESCENDING).limit(1)
        )
        found = [document async for document in cursor]
        return Rubric.model_validate(found[0]) if found else None

    async def add_rubric(self, rubric: Rubric, created_by: str) -> None:
        """A version is never rewritten: one taken since it was read is a concurrent revision."""
        try:
            await self._rubrics.insert_one(
                _rubric_document(rubric, created_by), session=self._session
            )
        except DuplicateKeyError:
            raise Conflict(f"rubric {rubric.rubric_id} was revised concurrently") from None
