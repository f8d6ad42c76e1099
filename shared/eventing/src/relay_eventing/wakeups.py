"""Wake-ups for background loops: a unit of work that wrote what a loop waits for wakes it on
commit, in-process, so the loop need not ask the database while nothing happens.

What another process commits reaches no event here: each loop keeps a slow safety poll.
"""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from relay_eventing.inbox import InboxMark
from relay_eventing.outbox import Outbox
from relay_eventing.unit_of_work import Transactor, UnitOfWork

T = TypeVar("T")

# The names touched by the unit of work running in this task (None outside one). A context
# variable, because the repositories that write only hold the unit, not the runtime.
_touched: ContextVar[set[str] | None] = ContextVar("touched", default=None)


def wake_after_commit(name: str) -> None:
    """Inside a unit of work: wake the loops waiting on `name` once the unit has committed.

    A unit that rolls back wakes nothing; outside a unit this does nothing.
    """
    touched = _touched.get()
    if touched is not None:
        touched.add(name)


class Wakeups:
    """One event per name; set when a committed unit touched it, cleared by its loop."""

    def __init__(self) -> None:
        self._events: dict[str, asyncio.Event] = {}

    def event(self, name: str) -> asyncio.Event:
        return self._events.setdefault(name, asyncio.Event())

    def wake(self, names: Iterable[str]) -> None:
        for name in names:
            self.event(name).set()

    async def wait(self, name: str, timeout_s: float) -> None:
        """Until `name` is woken or `timeout_s` passed; the loop clears it before its work."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.event(name).wait(), max(0.0, timeout_s))


class WakingTransactor(Transactor):
    """A transactor whose committed units wake the loops waiting on what they touched."""

    def __init__(
        self,
        client: AsyncMongoClient[Any],
        db: AsyncDatabase[Any],
        outbox: Outbox,
        *,
        wakeups: Wakeups,
        **options: Any,
    ) -> None:
        super().__init__(client, db, outbox, **options)
        self._wakeups = wakeups

    @contextlib.contextmanager
    def _waking(self) -> Iterator[None]:
        """Collect the names the unit touches; wake their loops if it returns, not if it raises.

        A retried attempt may have touched a name its last attempt did not: a spare wake-up
        costs the loop one look, a missed one would cost a safety-poll interval.
        """
        touched: set[str] = set()
        token = _touched.set(touched)
        try:
            yield
        finally:
            _touched.reset(token)
        self._wakeups.wake(touched)

    async def run(
        self, work: Callable[[UnitOfWork], Awaitable[T]], *, inbox: InboxMark | None = None
    ) -> T:
        with self._waking():
            return await super().run(work, inbox=inbox)

    async def run_idempotent(
        self, work: Callable[[UnitOfWork], Awaitable[None]], *, inbox: InboxMark
    ) -> None:
        with self._waking():
            await super().run_idempotent(work, inbox=inbox)
