"""The districts incubation's reference data knows, cached so a request costs no database command.

An issued key for a district that was never seeded acts for nobody. The cache is read again
every `REFRESH_S` seconds, so every process of the service sees a district added to the
reference data within that time.
"""

import time
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from incubation.repository import DISTRICTS
from relay_contracts import Actor, OrganizationKind

REFRESH_S = 30.0


class DistrictDirectory:
    """incubation's `relay_eventing.access.Directory`: districts by reference data, other kinds
    trusted (the universities and agencies are intake's and growth's to know)."""

    def __init__(self, db: AsyncDatabase[Any], refresh_s: float = REFRESH_S) -> None:
        self._collection = db[DISTRICTS]
        self._refresh_s = refresh_s
        self._districts: frozenset[str] = frozenset()
        self._read_at: float | None = None

    async def knows(self, actor: Actor) -> bool:
        if actor.organization_kind is not OrganizationKind.DISTRICT:
            return True
        if self._read_at is None or time.monotonic() - self._read_at > self._refresh_s:
            await self._read()
        return actor.organization_id in self._districts

    async def _read(self) -> None:
        cursor = self._collection.find({}, {"_id": 1})
        self._districts = frozenset([str(document["_id"]) async for document in cursor])
        self._read_at = time.monotonic()
