"""An agency's webhook: registered, inspected, resumed after it was paused."""

from growth.domain import clock
from growth.domain.webhooks import Delivery, Webhook, WebhookStatus
from growth.handlers.targets import TargetRefused, resolve_target
from growth.repository.webhooks import Deliveries, Webhooks
from relay_eventing import UnitOfWork
from relay_eventing.errors import InvalidField, NotFound, RuleViolation
from relay_eventing.paging import Page, PageRequest


async def check_target(url: str, *, allow_development: bool) -> None:
    """Refuse a target growth must not call, as it resolves now (delivery checks it again)."""
    try:
        await resolve_target(url, allow_development=allow_development)
    except TargetRefused as refused:
        raise InvalidField(("body", "url"), f"webhook target refused: {refused}") from None


async def register_webhook(unit: UnitOfWork, agency_id: str, url: str, secret: str) -> Webhook:
    """Register or replace: a new address starts active with a clean failure count."""
    webhook = Webhook(agency_id=agency_id, url=url, secret=secret, registered_at=clock.now())
    await Webhooks.of(unit).register(webhook)
    return webhook


async def webhook_of(unit: UnitOfWork, agency_id: str) -> Webhook:
    webhook = await Webhooks.of(unit).webhook_of(agency_id)
    if webhook is None:
        raise NotFound(f"webhook of {agency_id}")
    return webhook


async def resume_webhook(unit: UnitOfWork, agency_id: str) -> Webhook:
    """Resume a paused webhook; what was kept while paused goes out now, oldest first."""
    webhook = await webhook_of(unit, agency_id)
    if webhook.status is not WebhookStatus.PAUSED:
        raise RuleViolation(f"webhook of {agency_id} is not paused")
    await Webhooks.of(unit).resume(agency_id)
    await Deliveries.of(unit).send_pending_now(agency_id, clock.now())
    return webhook.model_copy(
        update={"status": WebhookStatus.ACTIVE, "consecutive_failures": 0, "paused_at": None}
    )


async def deliveries_of(
    unit: UnitOfWork, agency_id: str, page: PageRequest
) -> tuple[Webhook, Page[Delivery]]:
    """The agency's webhook and a page of its deliveries, each with every attempt."""
    webhook = await webhook_of(unit, agency_id)
    return webhook, await Deliveries.of(unit).page_of(agency_id, page)
