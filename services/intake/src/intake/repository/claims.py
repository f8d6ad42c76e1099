"""Units of work that claim unique keys (identity, idempotency) and may lose a race for one."""

from collections.abc import Awaitable, Callable
from functools import partial
from typing import TypeVar

from pymongo.errors import DuplicateKeyError

from relay_eventing import ServiceRuntime, UnitOfWork
from relay_eventing.errors import Conflict

T = TypeVar("T")


async def _told(
    work: Callable[[UnitOfWork, bool], Awaitable[T]], unit: UnitOfWork, *, taken: bool
) -> T:
    return await work(unit, taken)


# One more than before blind claims: the first attempt of a known company fails by design.
CLAIM_ATTEMPTS = 5


async def transact_claiming(
    runtime: ServiceRuntime, work: Callable[[UnitOfWork, bool], Awaitable[T]]
) -> T:
    """Run a unit that claims unique keys; finding one taken means running it again.

    `work` is told whether a key was found taken: a unit may first claim blindly, and read
    who holds its keys only once that failed. MongoDB aborts a transaction on a duplicate
    key, so the retry is a new transaction that sees the holder's key and links to it (or
    replays the holder's answer).
    """
    for attempt in range(1, CLAIM_ATTEMPTS + 1):
        try:
            return await runtime.transact(partial(_told, work, taken=attempt > 1))
        except DuplicateKeyError:
            if attempt == CLAIM_ATTEMPTS:
                raise Conflict("a concurrent request kept conflicting; retry") from None
    raise AssertionError("unreachable")
