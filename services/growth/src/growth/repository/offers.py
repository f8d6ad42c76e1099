"""Offers made to agencies, the startups they accepted, and startups merged away."""

from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from growth.domain.offers import HandoffOffer, LeapStartup, MatchStage, OfferStatus
from growth.repository.collections import ALIASES, OFFERS, PORTFOLIO, STARTUP_COLLECTIONS
from growth.repository.filters import ListFilter
from growth.repository.store import Documents, agency_scope
from relay_contracts import Actor
from relay_eventing import UnitOfWork
from relay_eventing.errors import NotFound
from relay_eventing.paging import Page, PageRequest


class Offers(Documents[HandoffOffer]):
    collection_name = OFFERS
    id_field = "offer_id"
    model = HandoffOffer

    @classmethod
    def record_at_end(cls, unit: UnitOfWork, offer: HandoffOffer) -> None:
        """Queue the offer at the unit's end; a redelivered event rewrites nothing."""
        cls._insert_new_at_end(unit, offer)

    async def made_to(self, actor: Actor, handoff_id: str) -> HandoffOffer:
        """The latest offer of the handoff made to the caller's agency (a handoff may be
        offered a few times, to several agencies); 404 for an offer made to another."""
        found = await self._first(
            {"handoff_id": handoff_id, **agency_scope(actor)}, newest_by="attempt"
        )
        if found is None:
            raise NotFound(f"offer {handoff_id}")
        return found

    @classmethod
    def save_answer_at_end(
        cls, unit: UnitOfWork, answered: HandoffOffer, read_version: int
    ) -> None:
        cls._replace_if_at_end(unit, answered, {"version": read_version})

    async def expire(self, handoff_id: str, agency_id: str) -> bool:
        """Expire the handoff's open offers to the agency; False when none was open."""
        result = await self._collection.update_many(
            {
                "handoff_id": handoff_id,
                "agency_id": agency_id,
                "status": OfferStatus.OFFERED.value,
            },
            {"$set": {"status": OfferStatus.EXPIRED.value}, "$inc": {"version": 1}},
            session=self._session,
        )
        return result.modified_count > 0

    async def queue_of(
        self, actor: Actor, narrowed: ListFilter, request: PageRequest
    ) -> Page[HandoffOffer]:
        query = {**agency_scope(actor), **narrowed.query("received_at")}
        return await self._page(query, request, sort="received_at")


class Portfolio(Documents[LeapStartup]):
    """The startups each agency accepted: the only ones it sees, enrols and matches."""

    collection_name = PORTFOLIO
    id_field = "leap_id"
    model = LeapStartup

    async def take_in(self, startup: LeapStartup) -> None:
        await self._insert(startup, duplicate=f"{startup.handoff_id} was already accepted")

    async def held_by(self, actor: Actor, startup_id: str) -> LeapStartup:
        """The caller's agency's latest acceptance of the startup (the program office: the
        latest by any agency); 404 for a startup it does not hold."""
        query = {"startup_id": startup_id, **agency_scope(actor)}
        found = await self._first(query, newest_by="accepted_at")
        if found is None:
            raise NotFound(f"startup {startup_id}")
        return found

    async def holding_agency(self, startup_id: str) -> str | None:
        """The agency that accepted the startup last, if any did."""
        found = await self._first({"startup_id": startup_id}, newest_by="accepted_at")
        return None if found is None else found.agency_id

    async def page_of(
        self, actor: Actor, narrowed: ListFilter, request: PageRequest
    ) -> Page[LeapStartup]:
        query = {**agency_scope(actor), **narrowed.query("accepted_at")}
        return await self._page(query, request, sort="accepted_at")

    async def all_of(self, agency_id: str) -> list[LeapStartup]:
        """Every startup the agency accepted, read to the end of the cursor (for matching)."""
        return await self._all({"agency_id": agency_id})

    async def set_profile(
        self, held: LeapStartup, technologies: list[str], stage: MatchStage
    ) -> None:
        await self._collection.update_many(
            {"agency_id": held.agency_id, "startup_id": held.startup_id},
            {"$set": {"technologies": technologies, "stage": stage}},
            session=self._session,
        )


class StartupAliases:
    """Retired startup ids and their survivors, from intake's merges."""

    def __init__(self, db: AsyncDatabase[Any], session: AsyncClientSession | None = None) -> None:
        self._db = db
        self._session = session

    @classmethod
    def of(cls, unit: UnitOfWork) -> "StartupAliases":
        return cls(unit.db, unit.session)

    async def survivor_of(self, startup_id: str) -> str:
        """The survivor of a merge, for an event that still names the retired id."""
        document = await self._db[ALIASES].find_one({"_id": startup_id}, session=self._session)
        return str(document["survivor_id"]) if document else startup_id

    async def merge(self, merged_id: str, survivor_id: str) -> None:
        """Remember the alias and re-point every record of the retired id to the survivor."""
        await self._db[ALIASES].update_one(
            {"_id": merged_id},
            {"$set": {"survivor_id": survivor_id}},
            upsert=True,
            session=self._session,
        )
        for name in STARTUP_COLLECTIONS:
            await self._db[name].update_many(
                {"startup_id": merged_id},
                {"$set": {"startup_id": survivor_id}},
                session=self._session,
            )
