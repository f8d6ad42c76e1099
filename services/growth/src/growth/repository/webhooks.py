"""Agencies' webhooks and the outbox of their deliveries, leased by the dispatcher."""

from datetime import datetime

from growth.domain.webhooks import Attempt, Delivery, DeliveryStatus, Webhook, WebhookStatus
from growth.repository.collections import DELIVERIES, WEBHOOKS
from growth.repository.store import Documents
from relay_eventing import UnitOfWork
from relay_eventing.documents import to_document
from relay_eventing.paging import Page, PageRequest
from relay_eventing.wakeups import wake_after_commit


class Webhooks(Documents[Webhook]):
    collection_name = WEBHOOKS
    id_field = "agency_id"
    model = Webhook

    async def webhook_of(self, agency_id: str) -> Webhook | None:
        return await self._get(agency_id)

    async def register(self, webhook: Webhook) -> None:
        """Register or replace the agency's one webhook."""
        await self._upsert(webhook)

    async def resume(self, agency_id: str) -> None:
        await self._collection.update_one(
            {"_id": agency_id},
            {
                "$set": {
                    "status": WebhookStatus.ACTIVE.value,
                    "consecutive_failures": 0,
                    "paused_at": None,
                }
            },
            session=self._session,
        )

    async def paused_agencies(self) -> list[str]:
        cursor = self._collection.find(
            {"status": WebhookStatus.PAUSED.value}, {"_id": 1}, session=self._session
        )
        return [str(document["_id"]) async for document in cursor]

    async def succeeded(self, agency_id: str) -> None:
        await self._collection.update_one(
            {"_id": agency_id}, {"$set": {"consecutive_failures": 0}}, session=self._session
        )

    async def failed(self, agency_id: str, *, pause_after: int, now: datetime) -> None:
        """Count a failure; an active webhook that reached `pause_after` in a row pauses."""
        await self._collection.update_one(
            {"_id": agency_id}, {"$inc": {"consecutive_failures": 1}}, session=self._session
        )
        await self._collection.update_one(
            {
                "_id": agency_id,
                "status": WebhookStatus.ACTIVE.value,
                "consecutive_failures": {"$gte": pause_after},
            },
            {"$set": {"status": WebhookStatus.PAUSED.value, "paused_at": now}},
            session=self._session,
        )


class Deliveries(Documents[Delivery]):
    collection_name = DELIVERIES
    id_field = "delivery_id"
    model = Delivery

    async def queue(self, delivery: Delivery) -> None:
        await self._insert(delivery, duplicate=f"{delivery.event_id} already queued")
        wake_after_commit(DELIVERIES)

    @classmethod
    def queue_at_end(cls, unit: UnitOfWork, delivery: Delivery) -> None:
        """Queue once per event and agency, at the unit's end: a repeat changes nothing."""
        document = to_document(delivery, cls.id_field)
        unit.writes.update(
            DELIVERIES,
            {"agency_id": delivery.agency_id, "event_id": delivery.event_id},
            {"$setOnInsert": document},
            upsert=True,
        )
        wake_after_commit(DELIVERIES)

    async def page_of(self, agency_id: str, request: PageRequest) -> Page[Delivery]:
        return await self._page({"agency_id": agency_id}, request, sort="created_at")

    async def send_pending_now(self, agency_id: str, now: datetime) -> None:
        """What a paused webhook kept is due at once after a resume."""
        await self._collection.update_many(
            {"agency_id": agency_id, "status": DeliveryStatus.PENDING.value},
            {"$set": {"next_attempt_at": now}},
            session=self._session,
        )
        wake_after_commit(DELIVERIES)

    async def due(self, now: datetime, *, skip: list[str], limit: int) -> list[Delivery]:
        """Pending, due and unleased deliveries, earliest first, except to the `skip` agencies."""
        query: dict[str, object] = {
            "status": DeliveryStatus.PENDING.value,
            "next_attempt_at": {"$lte": now},
            "lease_until": {"$lte": now},
        }
        if skip:
            query["agency_id"] = {"$nin": skip}
        cursor = self._collection.find(query, session=self._session)
        cursor = cursor.sort("next_attempt_at").limit(limit)
        return [self._item(document) async for document in cursor]

    async def lease(self, delivery: Delivery, until: datetime) -> bool:
        """Claim the delivery as read; False when another process claimed it first."""
        result = await self._collection.update_one(
            {
                "_id": delivery.delivery_id,
                "status": DeliveryStatus.PENDING.value,
                "lease_until": delivery.lease_until,
            },
            {"$set": {"lease_until": until}},
            session=self._session,
        )
        return result.modified_count == 1

    async def release(self, delivery_id: str, now: datetime) -> None:
        await self._collection.update_one(
            {"_id": delivery_id}, {"$set": {"lease_until": now}}, session=self._session
        )

    async def delivered(self, delivery_id: str, attempt: Attempt, now: datetime) -> None:
        await self._collection.update_one(
            {"_id": delivery_id},
            {
                "$set": {
                    "status": DeliveryStatus.DELIVERED.value,
                    "delivered_at": now,
                    "lease_until": now,
                },
                "$push": {"attempts": attempt.model_dump()},
            },
            session=self._session,
        )

    async def failed(
        self, delivery_id: str, attempt: Attempt, *, now: datetime, retry_at: datetime
    ) -> None:
        """Record a failed attempt; the delivery stays pending and is due again at `retry_at`."""
        await self._collection.update_one(
            {"_id": delivery_id},
            {
                "$set": {"next_attempt_at": retry_at, "lease_until": now},
                "$push": {"attempts": attempt.model_dump()},
            },
            session=self._session,
        )
