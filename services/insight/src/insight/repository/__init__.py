"""The only package of insight that touches MongoDB: the journal (one collection per topic) and
the dashboard's sessions."""

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from insight.repository.journal import Journal, collection_for
from insight.repository.journal import ensure_indexes as ensure_journal_indexes
from insight.repository.sessions import Sessions, ensure_session_indexes

__all__ = ["Journal", "Sessions", "collection_for", "ensure_indexes"]


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    await ensure_journal_indexes(db)
    await ensure_session_indexes(db)
