"""Intake's `Directory`: the universities of the program, as its reference data lists them."""

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from intake.repository.collections import UNIVERSITIES
from relay_contracts import Actor, OrganizationKind

# A university missing from memory may have been added a moment ago (by another replica, or
# directly in the database): it is looked for again, but at most this often, so a caller whose
# university is not in the program cannot make every request cost a database command.
MISS_RECHECK_S = 1.0


class UniversityDirectory:
    """Knows a university when the `universities` collection lists it; other kinds are known
    to the services whose reference data lists them.

    The list is held in memory and read again when older than `refresh_s`, so a request costs
    no database command; a university removed from the program is refused within `refresh_s`.
    """

    def __init__(
        self,
        load: Callable[[], Awaitable[Iterable[str]]],
        refresh_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._load = load
        self._refresh_s = refresh_s
        self._clock = clock
        self._known: frozenset[str] = frozenset()
        self._loaded_at: float | None = None
        self._lock = asyncio.Lock()

    @classmethod
    def of(cls, db: AsyncDatabase[Any], refresh_s: float) -> "UniversityDirectory":
        async def university_ids() -> list[str]:
            return [str(value) for value in await db[UNIVERSITIES].distinct("_id")]

        return cls(university_ids, refresh_s)

    async def knows(self, actor: Actor) -> bool:
        if actor.organization_kind is not OrganizationKind.UNIVERSITY:
            return True
        await self._reload_if_older_than(self._refresh_s)
        if actor.organization_id in self._known:
            return True
        await self._reload_if_older_than(MISS_RECHECK_S)
        return actor.organization_id in self._known

    def forget(self) -> None:
        """The list changed here: the next request reads it again."""
        self._loaded_at = None

    def _age(self) -> float:
        return float("inf") if self._loaded_at is None else self._clock() - self._loaded_at

    async def _reload_if_older_than(self, seconds: float) -> None:
        if self._age() < seconds:
            return
        async with self._lock:
            # Requests that waited on the lock find the list another one just read.
            if self._age() < seconds:
                return
            self._known = frozenset(await self._load())
            self._loaded_at = self._clock()
