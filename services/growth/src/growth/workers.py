"""The webhook dispatcher: sends due deliveries, signed, records each attempt, pauses on failure.

It runs in every process of the service; a delivery is claimed with a lease through a
conditional update, so two processes never send the same attempt.
"""

import asyncio
import logging
import time
from datetime import UTC, datetime, timedelta

import httpx

from growth.domain.webhooks import (
    DELIVERY_HEADER,
    EVENT_ID_HEADER,
    EVENT_TYPE_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    Attempt,
    Delivery,
    WebhookStatus,
    backoff_s,
    sign,
)
from growth.handlers.targets import TargetRefused, resolve_target
from growth.repository.collections import DELIVERIES
from growth.repository.webhooks import Deliveries, Webhooks
from growth.settings import Settings, settings_of
from relay_eventing import ServiceRuntime

log = logging.getLogger(__name__)


async def dispatch_webhooks(runtime: ServiceRuntime) -> None:
    """Background loop: send what is due; when nothing was, sleep until a commit of this process
    queues a delivery, a retry it scheduled falls due, or the safety poll (for what another
    process queued, or a lease a dead one left) comes round."""
    settings = settings_of(runtime)
    woken = runtime.wakeups.event(DELIVERIES)
    retry_at: datetime | None = None
    webhooks, deliveries = Webhooks(runtime.db), Deliveries(runtime.db)
    # No connection is kept or shared: each delivery connects to the address checked for it.
    client = httpx.AsyncClient(
        timeout=settings.webhook_timeout_s,
        limits=httpx.Limits(max_keepalive_connections=0),
        follow_redirects=False,
        trust_env=False,
    )
    async with client:
        while True:
            if retry_at is not None and retry_at <= datetime.now(UTC):
                retry_at = None
            # Cleared before the look, so a commit during it wakes the next wait at once.
            woken.clear()
            try:
                sent, retries = await dispatch_due(webhooks, deliveries, client, settings)
            except Exception:
                log.exception("webhook dispatch failed; retrying")
                sent, retries = 0, []
            retry_at = min([*retries, retry_at] if retry_at else retries, default=None)
            if sent:
                continue
            timeout = settings.webhook_poll_interval_s
            if retry_at is not None:
                timeout = min(timeout, (retry_at - datetime.now(UTC)).total_seconds())
            await runtime.wakeups.wait(DELIVERIES, timeout)


async def dispatch_due(
    webhooks: Webhooks, deliveries: Deliveries, client: httpx.AsyncClient, settings: Settings
) -> tuple[int, list[datetime]]:
    """Send what is due now; how many were claimed, and when those that failed are due again."""
    now = datetime.now(UTC)
    paused = await webhooks.paused_agencies()
    due = await deliveries.due(now, skip=paused, limit=settings.webhook_batch_size)
    lease_until = now + timedelta(seconds=settings.webhook_lease_s)
    claimed = [delivery for delivery in due if await deliveries.lease(delivery, lease_until)]
    sent = await asyncio.gather(
        *(_send(webhooks, deliveries, client, d, settings) for d in claimed)
    )
    return len(claimed), [retry for retry in sent if retry is not None]


async def _send(
    webhooks: Webhooks,
    deliveries: Deliveries,
    client: httpx.AsyncClient,
    delivery: Delivery,
    settings: Settings,
) -> datetime | None:
    """Send one delivery; when it failed, the time it is due again."""
    webhook = await webhooks.webhook_of(delivery.agency_id)
    if webhook is None or webhook.status is WebhookStatus.PAUSED:
        await deliveries.release(delivery.delivery_id, datetime.now(UTC))
        return None
    body = delivery.body.encode()
    timestamp = int(time.time())
    headers = {
        "content-type": "application/json",
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(webhook.secret, timestamp, body),
        DELIVERY_HEADER: delivery.delivery_id,
        EVENT_ID_HEADER: delivery.event_id,
        EVENT_TYPE_HEADER: delivery.event_type,
    }
    started = time.monotonic()
    status_code: int | None = None
    error: str | None = None
    try:
        target = await resolve_target(
            webhook.url, allow_development=settings.webhook_allow_development_targets
        )
        extensions = {"sni_hostname": target.sni_hostname} if target.sni_hostname else {}
        # The answer's body is never read: an agency sees status codes, not what a target said.
        async with client.stream(
            "POST",
            target.url,
            content=body,
            headers={**headers, "host": target.host},
            extensions=extensions,
        ) as response:
            status_code = response.status_code
        if not response.is_success:
            error = f"HTTP {status_code}"
    except TargetRefused as refused:
        error = f"target refused: {refused}"
    except httpx.HTTPError as failure:
        error = type(failure).__name__
    now = datetime.now(UTC)
    attempt = Attempt(
        number=len(delivery.attempts) + 1,
        at=now,
        status_code=status_code,
        error=error,
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    if error is None:
        await deliveries.delivered(delivery.delivery_id, attempt, now)
        await webhooks.succeeded(delivery.agency_id)
        return None
    wait = backoff_s(
        attempt.number, base_s=settings.webhook_backoff_base_s, cap_s=settings.webhook_backoff_cap_s
    )
    retry_at = now + timedelta(seconds=wait)
    await deliveries.failed(delivery.delivery_id, attempt, now=now, retry_at=retry_at)
    # Paused, never dropped: its deliveries stay pending and go out after a resume.
    await webhooks.failed(
        delivery.agency_id, pause_after=settings.webhook_pause_after_failures, now=now
    )
    log.warning("webhook of %s failed (%s), next in %.1fs", delivery.agency_id, error, wait)
    return retry_at
