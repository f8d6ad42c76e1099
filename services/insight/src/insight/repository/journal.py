"""The journal: every consumed event's entry, in one collection per source topic.

Each subscriber writes only its own topic's collection, so the runtime's projection rebuild
of one consumer (which clears that consumer's collections) never touches another's entries.
Entries are written by event id (an upsert), so applying an event twice leaves one entry.
"""

import asyncio
from collections.abc import Iterable
from datetime import UTC
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from insight.domain.entries import JourneyEntry
from relay_contracts.intake import StartupsMerged
from relay_contracts.registry import topics
from relay_eventing import UnitOfWork
from relay_eventing.documents import from_document, to_document

ID = "event_id"


def collection_for(topic: str) -> str:
    """`intake.startup-submitted.v1` is kept in `journal_intake_startup_submitted_v1`."""
    return "journal_" + topic.replace(".", "_").replace("-", "_")


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    for topic in topics():
        await db[collection_for(topic)].create_indexes(
            [IndexModel([("startup_id", ASCENDING), ("occurred_at", ASCENDING)], name="startup")]
        )


class Journal:
    """Reads and writes of the journal."""

    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._db = db

    @staticmethod
    async def record(unit: UnitOfWork, entry: JourneyEntry) -> None:
        """Write the entry with the inbox mark. Keyed by its event and derived from it alone,
        so writing it again changes nothing: the unit needs no transaction."""
        document = to_document(entry, ID)
        # BSON keeps milliseconds; events a service emits in one transaction often share one,
        # and the journey orders by the exact time, so it is kept as UTC ISO-8601 to the µs.
        document["occurred_at"] = entry.occurred_at.astimezone(UTC).isoformat(
            timespec="microseconds"
        )
        unit.writes.replace(
            collection_for(entry.topic), {"_id": entry.event_id}, document, upsert=True
        )

    async def of_startups(self, startup_ids: list[str]) -> list[JourneyEntry]:
        """Every entry published under any of the ids, from every topic."""
        return await self._gather(topics(), {"startup_id": {"$in": startup_ids}})

    async def of_topics(self, wanted: Iterable[str]) -> list[JourneyEntry]:
        """Every entry of the given topics (the funnel's and the outcomes' sources)."""
        return await self._gather(list(wanted), {})

    async def merges(self) -> list[tuple[str, str]]:
        """(merged id, surviving id) of every merge; merges are rare, so all are read."""
        cursor = self._db[collection_for(StartupsMerged.topic)].find({}, {"facts": 1})
        return [
            (str(doc["facts"]["merged_id"]), str(doc["facts"]["survivor_id"]))
            async for doc in cursor
            if "merged_id" in doc.get("facts", {}) and "survivor_id" in doc.get("facts", {})
        ]

    async def _gather(self, wanted: list[str], query: dict[str, Any]) -> list[JourneyEntry]:
        async def read(topic: str) -> list[JourneyEntry]:
            cursor = self._db[collection_for(topic)].find(query)
            return [from_document(JourneyEntry, doc, ID) async for doc in cursor]

        found = await asyncio.gather(*(read(topic) for topic in wanted))
        return [entry for entries in found for entry in entries]
