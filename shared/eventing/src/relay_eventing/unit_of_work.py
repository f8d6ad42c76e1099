"""One MongoDB transaction holding a state change, its inbox mark and the events it emits."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pymongo import AsyncMongoClient, InsertOne
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError, PyMongoError

from relay_contracts import Envelope
from relay_eventing.inbox import INBOX, AlreadyApplied, InboxMark
from relay_eventing.outbox import Outbox, outbox_record
from relay_eventing.writes import Write, Writes

T = TypeVar("T")
log = logging.getLogger(__name__)

WRITE_CONFLICT = 112
TRANSIENT = "TransientTransactionError"
UNKNOWN_COMMIT = "UnknownTransactionCommitResult"


@dataclass
class UnitOfWork:
    """What a handler may touch: the service database in one session, the writes it leaves for
    the end of the unit (`writes`, sent with the events in one command), and the events."""

    db: AsyncDatabase[Any]
    session: AsyncClientSession
    events: list[Envelope[Any]] = field(default_factory=list)
    writes: Writes = field(init=False)

    def __post_init__(self) -> None:
        self.writes = Writes(self.db.name)

    def emit(self, *events: Envelope[Any]) -> None:
        self.events.extend(events)


def is_transient(error: PyMongoError) -> bool:
    """A write conflict or a transaction the server says may pass when tried again."""
    return error.has_error_label(TRANSIENT) or getattr(error, "code", None) == WRITE_CONFLICT


class _RetryTransaction(Exception):
    """The commit failed with a transient error: run the whole unit again."""


class Transactor:
    """Runs units of work in transactions, retried as PyMongo's `with_transaction` does.

    A `TransientTransactionError` (or write conflict) runs the whole unit again; an
    `UnknownTransactionCommitResult` retries only the commit, which the server makes idempotent.
    Both within `max_attempts`. A unit that emitted events wakes the relay once it committed.
    """

    def __init__(
        self,
        client: AsyncMongoClient[Any],
        db: AsyncDatabase[Any],
        outbox: Outbox,
        *,
        max_attempts: int,
        on_commit: Callable[[list[dict[str, Any]]], None] = lambda records: None,
        on_retry: Callable[[], None] = lambda: None,
    ) -> None:
        self._client = client
        self._db = db
        self._outbox = outbox
        self._max_attempts = max_attempts
        self._on_commit = on_commit
        self._on_retry = on_retry

    async def run(
        self, work: Callable[[UnitOfWork], Awaitable[T]], *, inbox: InboxMark | None = None
    ) -> T:
        """Run `work` and commit its writes and events together.

        With an inbox mark the unit is applied at most once per (consumer, event): a second run
        raises `AlreadyApplied` and writes nothing.
        """
        # Not causally consistent: a retry's first command would carry `readConcern`
        # (afterClusterTime), which SecantusDB refuses on a bulkWrite. Every read here goes to
        # the one primary, whose transactions see every commit before them anyway.
        async with self._client.start_session(causal_consistency=False) as session:
            for attempt in range(1, self._max_attempts + 1):
                try:
                    result, records = await self._attempt(session, work, inbox)
                except (PyMongoError, _RetryTransaction) as error:
                    last = attempt == self._max_attempts
                    if isinstance(error, _RetryTransaction):
                        if last:
                            raise error.__cause__ from None  # type: ignore[misc]
                    elif last or not is_transient(error):
                        raise
                    self._on_retry()
                    log.debug("transient transaction error, attempt %d: %s", attempt, error)
                    await asyncio.sleep(min(0.005 * 2**attempt, 0.5))
                    continue
                if records:
                    self._on_commit(records)
                return result
        raise AssertionError("unreachable")

    async def run_idempotent(
        self, work: Callable[[UnitOfWork], Awaitable[None]], *, inbox: InboxMark
    ) -> None:
        """Run a handler whose writes are idempotent and held, without a transaction.

        Its writes and then its inbox mark go as one ordered bulkWrite, one command. A crash
        between the two leaves the writes without the mark; the redelivery runs the handler
        and writes the same again before marking. A mark already there (the event was applied
        before) refuses only the last write, after the others rewrote what they had written.
        So the handler may hold only writes whose repetition changes nothing (a document keyed
        by the event, an upsert of fixed fields, `$addToSet`), none conditional, and emit
        nothing.
        """
        async with self._client.start_session(causal_consistency=False) as session:
            unit = UnitOfWork(self._db, session)
            await work(unit)
            if unit.events or unit.writes.conditional:
                raise TypeError("an idempotent handler holds plain writes and emits nothing")
            mark = InsertOne(inbox.document(), namespace=f"{self._db.name}.{INBOX}")
            try:
                await unit.writes.send(self._client, session, last=[mark])
            except DuplicateKeyError as error:
                if (error.details or {}).get("idx") == len(unit.writes.models):
                    raise AlreadyApplied(inbox.event_id) from None
                raise

    async def read(self, work: Callable[[UnitOfWork], Awaitable[T]]) -> T:
        """Run `work` that only reads, outside a transaction: no commit to send.

        A transaction would cost a `commitTransaction` for nothing: a read alone needs no
        snapshot held across commands. A unit that held a write or emitted an event is a bug
        at the call site, refused before anything is sent.
        """
        async with self._client.start_session(causal_consistency=False) as session:
            unit = UnitOfWork(self._db, session)
            result = await work(unit)
            if unit.events or unit.writes.models:
                raise TypeError("a read unit holds no writes and emits nothing")
            return result

    async def _attempt(
        self,
        session: AsyncClientSession,
        work: Callable[[UnitOfWork], Awaitable[T]],
        inbox: InboxMark | None,
    ) -> tuple[T, list[dict[str, Any]]]:
        """The inbox mark, the unit's held writes and its outbox records go in one command.

        The mark is written last, not first, so a redelivered event runs its handler again
        before the mark's unique `_id` refuses it: nothing it did is committed, and a handler
        that fails on the state its first delivery left is recognised by the mark as well.
        """
        await session.start_transaction()
        mark: list[Write] = []
        if inbox is not None:
            mark.append(InsertOne(inbox.document(), namespace=f"{self._db.name}.{INBOX}"))
        try:
            unit = UnitOfWork(self._db, session)
            try:
                result = await work(unit)
            except Exception:
                if inbox is not None and await self._applied(session, inbox):
                    raise AlreadyApplied(inbox.event_id) from None
                raise
            records = [outbox_record(event) for event in unit.events]
            outbox = self._outbox.collection.full_name
            try:
                await unit.writes.send(
                    self._client,
                    session,
                    first=mark,
                    last=[InsertOne(record, namespace=outbox) for record in records],
                )
            except DuplicateKeyError as error:
                if inbox is not None and (error.details or {}).get("idx") == 0:
                    raise AlreadyApplied(inbox.event_id) from None
                raise
        except BaseException:
            if session.in_transaction:
                await session.abort_transaction()
            raise
        await self._commit(session)
        return result, records

    async def applied(self, inbox: InboxMark) -> bool:
        """Whether the mark is committed already."""
        found = await self._db[INBOX].find_one({"_id": inbox.document()["_id"]}, {"_id": 1})
        return found is not None

    async def _applied(self, session: AsyncClientSession, inbox: InboxMark) -> bool:
        """`applied`, read after this unit's transaction ends."""
        if session.in_transaction:
            await session.abort_transaction()
        return await self.applied(inbox)

    async def _commit(self, session: AsyncClientSession) -> None:
        for attempt in range(1, self._max_attempts + 1):
            try:
                await session.commit_transaction()
                return
            except PyMongoError as error:
                if error.has_error_label(UNKNOWN_COMMIT) and attempt < self._max_attempts:
                    self._on_retry()
                    continue
                if is_transient(error):
                    raise _RetryTransaction() from error
                raise
