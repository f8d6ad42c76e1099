"""The webhook dispatcher: sends due deliveries, signed, records each attempt, pauses on failure.

It runs in every process of the service; a delivery is claimed with a lease through a
conditional update, so two processes never send the same attempt.
"""

import asyncio
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from growth.adapters.collections import DELIVERIES, WEBHOOKS
from growth.domain.webhooks import (
    DELIVERY_HEADER,
    EVENT_ID_HEADER,
    EVENT_TYPE_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    Attempt,
    DeliveryStatus,
    WebhookStatus,
    backoff_s,
    sign,
)
from growth.settings import Settings, settings_of
from relay_eventing import ServiceRuntime

log = logging.getLogger(__name__)


async def dispatch_webhooks(runtime: ServiceRuntime) -> None:
    """Background loop: send what is due, then wait a poll interval when nothing was."""
    settings = settings_of(runtime)
    async with httpx.AsyncClient(timeout=settings.webhook_timeout_s) as client:
        while True:
            try:
                sent = await dispatch_due(runtime.db, client, settings)
            except Exception:
                log.exception("webhook dispatch failed; retrying")
                sent = 0
            if not sent:
                await asyncio.sleep(settings.webhook_poll_interval_s)


async def dispatch_due(
    db: AsyncDatabase[Any], client: httpx.AsyncClient, settings: Settings
) -> int:
    now = datetime.now(UTC)
    paused = [w["_id"] async for w in db[WEBHOOKS].find({"status": WebhookStatus.PAUSED.value})]
    query: dict[str, Any] = {
        "status": DeliveryStatus.PENDING.value,
        "next_attempt_at": {"$lte": now},
        "lease_until": {"$lte": now},
    }
    if paused:
        query["agency_id"] = {"$nin": paused}
    cursor = db[DELIVERIES].find(query).sort("next_attempt_at", ASCENDING)
    due = [d async for d in cursor.limit(settings.webhook_batch_size)]
    claimed = [d for d in due if await _claim(db, d, now, settings)]
    await asyncio.gather(*(_send(db, client, d, settings) for d in claimed))
    return len(claimed)


async def _claim(
    db: AsyncDatabase[Any], delivery: dict[str, Any], now: datetime, settings: Settings
) -> bool:
    result = await db[DELIVERIES].update_one(
        {
            "_id": delivery["_id"],
            "status": DeliveryStatus.PENDING.value,
            "lease_until": delivery["lease_until"],
        },
        {"$set": {"lease_until": now + timedelta(seconds=settings.webhook_lease_s)}},
    )
    return result.modified_count == 1


async def _send(
    db: AsyncDatabase[Any], client: httpx.AsyncClient, delivery: dict[str, Any], settings: Settings
) -> None:
    webhook = await db[WEBHOOKS].find_one({"_id": delivery["agency_id"]})
    if webhook is None or webhook["status"] == WebhookStatus.PAUSED.value:
        await db[DELIVERIES].update_one(
            {"_id": delivery["_id"]}, {"$set": {"lease_until": datetime.now(UTC)}}
        )
        return
    body = str(delivery["body"]).encode()
    timestamp = int(time.time())
    headers = {
        "content-type": "application/json",
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(str(webhook["secret"]), timestamp, body),
        DELIVERY_HEADER: str(delivery["_id"]),
        EVENT_ID_HEADER: str(delivery["event_id"]),
        EVENT_TYPE_HEADER: str(delivery["event_type"]),
    }
    started = time.monotonic()
    status_code: int | None = None
    error: str | None = None
    try:
        response = await client.post(str(webhook["url"]), content=body, headers=headers)
        status_code = response.status_code
        if not response.is_success:
            error = f"HTTP {status_code}"
    except httpx.HTTPError as failure:
        error = f"{type(failure).__name__}: {failure}"[:500]
    now = datetime.now(UTC)
    attempt = Attempt(
        number=len(delivery.get("attempts", [])) + 1,
        at=now,
        status_code=status_code,
        error=error,
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    if error is None:
        await _delivered(db, delivery, attempt, now)
    else:
        await _failed(db, delivery, attempt, now, settings)


async def _delivered(
    db: AsyncDatabase[Any], delivery: dict[str, Any], attempt: Attempt, now: datetime
) -> None:
    await db[DELIVERIES].update_one(
        {"_id": delivery["_id"]},
        {
            "$set": {
                "status": DeliveryStatus.DELIVERED.value,
                "delivered_at": now,
                "lease_until": now,
            },
            "$push": {"attempts": attempt.model_dump()},
        },
    )
    await db[WEBHOOKS].update_one(
        {"_id": delivery["agency_id"]}, {"$set": {"consecutive_failures": 0}}
    )


async def _failed(
    db: AsyncDatabase[Any],
    delivery: dict[str, Any],
    attempt: Attempt,
    now: datetime,
    settings: Settings,
) -> None:
    wait = backoff_s(
        attempt.number, base_s=settings.webhook_backoff_base_s, cap_s=settings.webhook_backoff_cap_s
    )
    await db[DELIVERIES].update_one(
        {"_id": delivery["_id"]},
        {
            "$set": {"next_attempt_at": now + timedelta(seconds=wait), "lease_until": now},
            "$push": {"attempts": attempt.model_dump()},
        },
    )
    agency_id = delivery["agency_id"]
    await db[WEBHOOKS].update_one({"_id": agency_id}, {"$inc": {"consecutive_failures": 1}})
    # Paused, never dropped: its deliveries stay pending and go out after a resume.
    await db[WEBHOOKS].update_one(
        {
            "_id": agency_id,
            "status": WebhookStatus.ACTIVE.value,
            "consecutive_failures": {"$gte": settings.webhook_pause_after_failures},
        },
        {"$set": {"status": WebhookStatus.PAUSED.value, "paused_at": now}},
    )
    log.warning("webhook of %s failed (%s), next in %.1fs", agency_id, attempt.error, wait)
