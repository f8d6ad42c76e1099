"""Reference data kept in MongoDB: universities and screening rubrics, seeded at startup."""

from datetime import UTC, datetime
from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from intake.adapters.collections import RUBRICS, UNIVERSITIES
from intake.domain.rubric import DEFAULT_RUBRIC, Rubric
from intake.domain.universities import SEED_UNIVERSITIES, University
from relay_eventing import UnitOfWork


def _rubric_id(rubric_id: str, version: int) -> str:
    return f"{rubric_id}@v{version}"


async def seed_reference_data(db: AsyncDatabase[Any]) -> None:
    """Insert what is missing and never overwrite: an edit made in the database survives."""
    for university in SEED_UNIVERSITIES:
        document = university.model_dump()
        await db[UNIVERSITIES].update_one(
            {"_id": document.pop("university_id")}, {"$setOnInsert": document}, upsert=True
        )
    rubric = DEFAULT_RUBRIC.model_dump()
    await db[RUBRICS].update_one(
        {"_id": _rubric_id(DEFAULT_RUBRIC.rubric_id, DEFAULT_RUBRIC.version)},
        {"$setOnInsert": {**rubric, "created_at": datetime.now(UTC), "created_by": "seed"}},
        upsert=True,
    )


class ReferenceData:
    def __init__(self, unit: UnitOfWork) -> None:
        self._db = unit.db
        self._session = unit.session

    async def university(self, university_id: str) -> University | None:
        document = await self._db[UNIVERSITIES].find_one(
            {"_id": university_id}, session=self._session
        )
        if document is None:
            return None
        return University(university_id=document.pop("_id"), **document)

    async def universities(self) -> list[University]:
        cursor = self._db[UNIVERSITIES].find({}, session=self._session).sort("_id")
        return [University(university_id=d.pop("_id"), **d) async for d in cursor]

    async def add_university(self, university: University) -> None:
        """Raises DuplicateKeyError when the id is taken."""
        document = university.model_dump()
        document["_id"] = document.pop("university_id")
        await self._db[UNIVERSITIES].insert_one(document, session=self._session)

    async def rubric(self, rubric_id: str, version: int | None = None) -> Rubric | None:
        """A given version, or the latest one."""
        query: dict[str, Any] = {"rubric_id": rubric_id}
        if version is not None:
            query["version"] = version
        cursor = (
            self._db[RUBRICS]
            .find(query, session=self._session)
            .sort("version", DESCENDING)
            .limit(1)
        )
        found = [document async for document in cursor]
        return Rubric.model_validate(found[0]) if found else None

    async def add_rubric(self, rubric: Rubric, created_by: str) -> None:
        """Raises DuplicateKeyError when that version exists: versions are never rewritten."""
        await self._db[RUBRICS].insert_one(
            {
                "_id": _rubric_id(rubric.rubric_id, rubric.version),
                **rubric.model_dump(),
                "created_at": datetime.now(UTC),
                "created_by": created_by,
            },
            session=self._session,
        )
