"""Dashboard sessions in MongoDB, by the digest of their token; expired ones are removed."""

from datetime import datetime
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from insight.domain.sessions import DashboardSession
from relay_eventing.documents import from_document, to_document

SESSIONS = "dashboard_sessions"
ID = "session_id"


async def ensure_session_indexes(db: AsyncDatabase[Any]) -> None:
    # The database removes a session once it has expired; reads check the time themselves too.
    await db[SESSIONS].create_indexes(
        [IndexModel([("expires_at", ASCENDING)], name="expiry", expireAfterSeconds=0)]
    )


class Sessions:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._collection = db[SESSIONS]

    async def open(self, session: DashboardSession) -> None:
        await self._collection.insert_one(to_document(session, ID))

    async def live(self, session_id: str, now: datetime) -> DashboardSession | None:
        document = await self._collection.find_one({"_id": session_id})
        if document is None:
            return None
        session = from_document(DashboardSession, document, ID)
        if not session.live_at(now):
            await self.close(session_id)
            return None
        return session

    async def close(self, session_id: str) -> None:
        await self._collection.delete_one({"_id": session_id})
