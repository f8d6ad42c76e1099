"""One MongoDB transaction holding a state change, its inbox mark and the events it emits."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from pymongo import AsyncMongoClient
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError, PyMongoError

from relay_contracts import Envelope
from relay_eventing.outbox import Outbox

T = TypeVar("T")
log = logging.getLogger(__name__)

INBOX = "inbox"
WRITE_CONFLICT = 112


class AlreadyApplied(Exception):
    """The consumed event was applied before: its inbox mark exists."""


@dataclass(frozen=True)
class InboxMark:
    """The record that a consumer applied an event, written with the state it changed."""

    consumer: str
    event_id: str
    occurred_at: datetime

    def document(self) -> dict[str, Any]:
        return {
            "_id": f"{self.consumer}|{self.event_id}",
            "consumer": self.consumer,
            "event_id": self.event_id,
            "occurred_at": self.occurred_at,
            "applied_at": datetime.now(UTC),
        }


@dataclass
class UnitOfWork:
    """What a handler may touch: the service database in one session, and the events it emits."""

    db: AsyncDatabase[Any]
    session: AsyncClientSession
    events: list[Envelope[Any]] = field(default_factory=list)

    def emit(self, *events: Envelope[Any]) -> None:
        self.events.extend(events)


def is_transient(error: PyMongoError) -> bool:
    """A write conflict or a transaction the server says may pass when tried again."""
    return (
        error.has_error_label("TransientTransactionError")
        or getattr(error, "code", None) == WRITE_CONFLICT
    )


class Transactor:
    """Runs units of work in transactions, retrying transient conflicts a bounded number of times.

    A unit that emitted events wakes the relay once it has committed.
    """

    def __init__(
        self,
        client: AsyncMongoClient[Any],
        db: AsyncDatabase[Any],
        outbox: Outbox,
        *,
        max_attempts: int,
        on_commit: Callable[[list[dict[str, Any]]], None] = lambda records: None,
    ) -> None:
        self._client = client
        self._db = db
        self._outbox = outbox
        self._max_attempts = max_attempts
        self._on_commit = on_commit

    async def run(
        self,
        work: Callable[[UnitOfWork], Awaitable[T]],
        *,
        inbox: InboxMark | None = None,
    ) -> T:
        """Run `work` and commit its writes and events together.

        With an inbox mark the unit is applied at most once per (consumer, event): a second run
        raises `AlreadyApplied` and writes nothing.
        """
        for attempt in range(1, self._max_attempts + 1):
            try:
                return await self._attempt(work, inbox)
            except PyMongoError as error:
                if not is_transient(error) or attempt == self._max_attempts:
                    raise
                log.debug("transient transaction error, attempt %d: %s", attempt, error)
                await asyncio.sleep(min(0.005 * 2**attempt, 0.5))
        raise AssertionError("unreachable")

    async def _attempt(
        self, work: Callable[[UnitOfWork], Awaitable[T]], inbox: InboxMark | None
    ) -> T:
        async with self._client.start_session() as session:
            async with await session.start_transaction():
                if inbox is not None:
                    try:
                        await self._db[INBOX].insert_one(inbox.document(), session=session)
                    except DuplicateKeyError:
                        raise AlreadyApplied(inbox.event_id) from None
                unit = UnitOfWork(self._db, session)
                result = await work(unit)
                records = await self._outbox.append(unit.events, session)
            if records:
                self._on_commit(records)
            return result
