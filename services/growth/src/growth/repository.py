"""The only module of growth that touches MongoDB."""

from dataclasses import asdict
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase
from relay_eventing import UnitOfWork

from growth.model import HandoffOffer, OfferStatus

OFFERS = "offers"


async def ensure_indexes(db: AsyncDatabase[Any]) -> None:
    await db[OFFERS].create_indexes(
        [IndexModel([("agency_id", ASCENDING), ("_id", ASCENDING)], name="agency_queue")]
    )


def _to_document(offer: HandoffOffer) -> dict[str, Any]:
    document = asdict(offer)
    document["_id"] = document.pop("handoff_id")
    document["status"] = offer.status.value
    return document


def _from_document(document: dict[str, Any]) -> HandoffOffer:
    fields = dict(document)
    fields["handoff_id"] = fields.pop("_id")
    fields["status"] = OfferStatus(fields["status"])
    return HandoffOffer(**fields)


class OfferRepository:
    def __init__(self, unit: UnitOfWork) -> None:
        self._collection = unit.db[OFFERS]
        self._session = unit.session

    async def add(self, offer: HandoffOffer) -> None:
        await self._collection.insert_one(_to_document(offer), session=self._session)

    async def for_agency(self, agency_id: str, limit: int = 100) -> list[HandoffOffer]:
        cursor = (
            self._collection.find({"agency_id": agency_id}, session=self._session)
            .sort("_id", ASCENDING)
            .limit(limit)
        )
        return [_from_document(document) async for document in cursor]
