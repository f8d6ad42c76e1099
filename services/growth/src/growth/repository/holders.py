"""The institutions holding each startup, and the loader deciding who may act for one."""

from growth.domain.holders import Holding
from growth.repository.collections import HOLDERS
from growth.repository.store import Documents
from relay_contracts import Actor, OrganizationKind
from relay_eventing import UnitOfWork
from relay_eventing.documents import to_document
from relay_eventing.errors import NotFound


class Holders(Documents[Holding]):
    collection_name = HOLDERS
    id_field = "holding_id"
    model = Holding

    @staticmethod
    def hold_at_end(unit: UnitOfWork, holding: Holding) -> None:
        """Record the holding once, with the unit's last writes; repeating it changes nothing,
        so a handler of nothing else needs no transaction."""
        unit.writes.update(
            HOLDERS,
            {"organization_id": holding.organization_id, "startup_id": holding.startup_id},
            {"$setOnInsert": to_document(holding, Holders.id_field)},
            upsert=True,
        )

    async def of_startup(self, startup_id: str) -> list[Holding]:
        """Every institution holding the startup, earliest first."""
        return await self._all({"startup_id": startup_id}, sort="since")

    async def acting_for(self, actor: Actor, startup_id: str) -> list[Holding]:
        """The startup's holdings, when the caller may act for it: the company itself, or an
        institution holding it. Anyone else, and a startup growth never heard of, meet 404."""
        holdings = await self.of_startup(startup_id)
        if actor.organization_kind is OrganizationKind.STARTUP:
            may = actor.organization_id == startup_id
        else:
            may = any(h.organization_id == actor.organization_id for h in holdings)
        if not may:
            raise NotFound(f"startup {startup_id}")
        return holdings
