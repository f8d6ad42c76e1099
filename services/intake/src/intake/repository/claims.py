"""Units of work that claim unique keys (identity, idempotency) and may lose a race for one."""

from collections.abc import Awaitable, Callable
from typing import TypeVar

from pymongo.errors import DuplicateKeyError

from relay_eventing import ServiceRuntime, UnitOfWork
from relay_eventing.errors import Conflict

T = TypeVar("T")
CLAIM_ATTEMPTS = 4


async def transact_claiming(
    runtime: ServiceRuntime, work: Callable[[UnitOfWork], Awaitable[T]]
) -> T:
    """Run a unit that claims unique keys; losing a race on one means running it again.

    MongoDB aborts a transaction on a duplicate key, so the retry is a new transaction that
    now sees the winner's key and links to it (or replays the winner's answer).
    """
    for attempt in range(1, CLAIM_ATTEMPTS + 1):
        try:
            return await runtime.transact(work)
        except DuplicateKeyError:
            if attempt == CLAIM_ATTEMPTS:
                raise Conflict("a concurrent request kept conflicting; retry") from None
    raise AssertionError("unreachable")
