"""The agencies growth's reference data knows, cached so a request costs no database command.

An issued key for an agency that was never added acts for nobody. The cache is read again every
`REFRESH_S` seconds, and at once in the process where an operator adds an agency; the other
processes of the service catch up within the refresh.
"""

import time
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from growth.repository.collections import AGENCIES_C
from relay_contracts import Actor, OrganizationKind

REFRESH_S = 30.0


class AgencyDirectory:
    """growth's `relay_eventing.access.Directory`: agencies by reference data, others trusted
    (the universities and districts are intake's and incubation's to know)."""

    def __init__(self, db: AsyncDatabase[Any], refresh_s: float = REFRESH_S) -> None:
        self._collection = db[AGENCIES_C]
        self._refresh_s = refresh_s
        self._agencies: frozenset[str] = frozenset()
        self._read_at: float | None = None

    async def knows(self, actor: Actor) -> bool:
        if actor.organization_kind is not OrganizationKind.AGENCY:
            return True
        if self._read_at is None or time.monotonic() - self._read_at > self._refresh_s:
            await self._read()
        return actor.organization_id in self._agencies

    def forget(self) -> None:
        """Read the agencies again on the next request (one was just added here)."""
        self._read_at = None

    async def _read(self) -> None:
        cursor = self._collection.find({}, {"_id": 1})
        self._agencies = frozenset([str(document["_id"]) async for document in cursor])
        self._read_at = time.monotonic()
