"""The only module of intake that touches MongoDB."""

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase
from relay_eventing import UnitOfWork

from intake.model import Startup, StartupStatus

STARTUPS = "startups"


class StaleStartup(Exception):
    """The startup changed since it was read; the unit of work is retried."""


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    await db[STARTUPS].create_indexes(
        [IndexModel([("university_id", ASCENDING), ("_id", ASCENDING)], name="by_university")]
    )


def _to_document(startup: Startup) -> dict[str, Any]:
    document = asdict(startup)
    document["_id"] = document.pop("startup_id")
    document["status"] = startup.status.value
    document["submitted_on"] = datetime.combine(startup.submitted_on, datetime.min.time())
    return document


def _from_document(document: dict[str, Any]) -> Startup:
    fields = dict(document)
    fields["startup_id"] = fields.pop("_id")
    fields["status"] = StartupStatus(fields["status"])
    submitted: datetime | date = fields["submitted_on"]
    fields["submitted_on"] = submitted.date() if isinstance(submitted, datetime) else submitted
    return Startup(**fields)


class StartupRepository:
    def __init__(self, unit: UnitOfWork) -> None:
        self._collection = unit.db[STARTUPS]
        self._session = unit.session

    async def add(self, startup: Startup) -> None:
        await self._collection.insert_one(_to_document(startup), session=self._session)

    async def get(self, startup_id: str) -> Startup | None:
        document = await self._collection.find_one({"_id": startup_id}, session=self._session)
        return _from_document(document) if document else None

    async def save(self, startup: Startup) -> None:
        """Write back with an optimistic version check."""
        document = _to_document(startup)
        expected = startup.version
        document["version"] = expected + 1
        result = await self._collection.replace_one(
            {"_id": startup.startup_id, "version": expected}, document, session=self._session
        )
        if result.matched_count != 1:
            raise StaleStartup(startup.startup_id)
        startup.version = expected + 1
