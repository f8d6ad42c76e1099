"""An agency's webhook: registered, inspected, resumed after it was paused."""

from datetime import UTC, datetime

from growth.adapters import collections as c
from growth.domain.errors import GrowthRuleViolation, NotFound
from growth.domain.webhooks import Delivery, DeliveryStatus, Webhook, WebhookStatus
from relay_eventing import UnitOfWork


async def register_webhook(unit: UnitOfWork, agency_id: str, url: str, secret: str) -> Webhook:
    """Register or replace: a new address starts active with a clean failure count."""
    webhook = Webhook(agency_id=agency_id, url=url, secret=secret, registered_at=datetime.now(UTC))
    store = c.webhooks(unit)
    await store.collection.replace_one(
        {"_id": agency_id}, store.to_document(webhook), upsert=True, session=unit.session
    )
    return webhook


async def webhook_of(unit: UnitOfWork, agency_id: str) -> Webhook:
    webhook = await c.webhooks(unit).get(agency_id)
    if webhook is None:
        raise NotFound(f"webhook of {agency_id}")
    return webhook


async def resume_webhook(unit: UnitOfWork, agency_id: str) -> Webhook:
    """Resume a paused webhook; what was kept while paused goes out now, oldest first."""
    webhook = await webhook_of(unit, agency_id)
    if webhook.status is not WebhookStatus.PAUSED:
        raise GrowthRuleViolation(f"webhook of {agency_id} is not paused")
    now = datetime.now(UTC)
    await unit.db[c.WEBHOOKS].update_one(
        {"_id": agency_id},
        {
            "$set": {
                "status": WebhookStatus.ACTIVE.value,
                "consecutive_failures": 0,
                "paused_at": None,
            }
        },
        session=unit.session,
    )
    await unit.db[c.DELIVERIES].update_many(
        {"agency_id": agency_id, "status": DeliveryStatus.PENDING.value},
        {"$set": {"next_attempt_at": now}},
        session=unit.session,
    )
    return webhook.model_copy(
        update={"status": WebhookStatus.ACTIVE, "consecutive_failures": 0, "paused_at": None}
    )


async def deliveries_of(unit: UnitOfWork, agency_id: str, limit: int = 200) -> list[Delivery]:
    return await c.deliveries(unit).find({"agency_id": agency_id}, sort="created_at", limit=limit)
