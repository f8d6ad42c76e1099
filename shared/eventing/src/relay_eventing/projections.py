"""Read models rebuilt from the producers' event log, from the beginning or from a time."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from relay_eventing.inbox import INBOX


class UnknownProjection(KeyError):
    """No projection subscriber of that name in this service."""


class Projections:
    """The projection subscribers of a service and the collections each one builds.

    Rebuilding clears the inbox marks of the consumer (all, or those of events that occurred
    since a time) and, for a full rebuild, its collections; the producers then republish their
    log and the consumer applies it again. Projections emit nothing, so nothing downstream sees
    a second effect; a partial rebuild relies on the handler writing by key (upserts).
    """

    def __init__(self, db: AsyncDatabase[Any], service: str) -> None:
        self._db = db
        self._service = service
        self._collections: dict[str, tuple[str, ...]] = {}

    def register(self, consumer: str, collections: Sequence[str]) -> None:
        self._collections[consumer] = tuple(collections)

    async def ensure_indexes(self) -> None:
        await self._db[INBOX].create_indexes(
            [IndexModel([("consumer", ASCENDING), ("occurred_at", ASCENDING)], name="by_time")]
        )

    async def reset(self, consumer: str, since: datetime | None = None) -> dict[str, Any]:
        if consumer not in self._collections:
            raise UnknownProjection(consumer)
        query: dict[str, Any] = {"consumer": f"{self._service}.{consumer}"}
        if since is not None:
            query["occurred_at"] = {"$gte": since}
        marks = (await self._db[INBOX].delete_many(query)).deleted_count
        documents = 0
        if since is None:
            for name in self._collections[consumer]:
                documents += (await self._db[name].delete_many({})).deleted_count
        return {"consumer": consumer, "inbox_marks_cleared": marks, "documents_cleared": documents}
