"""Routes of an agency's webhook: register it, see it and its deliveries, resume it."""

from datetime import datetime

from fastapi import APIRouter
from pydantic import AnyHttpUrl, BaseModel, Field

from growth.domain.webhooks import Attempt, Delivery, Webhook, WebhookStatus
from growth.handlers import webhooks
from growth.settings import settings_of
from relay_eventing import UnitOfWork
from relay_eventing.access import AgencyDep
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

router = APIRouter(prefix="/webhook", tags=["webhook"])


class Registration(BaseModel):
    url: AnyHttpUrl = Field(
        description="Where offers are POSTed: an https:// address on the public internet.",
    )
    secret: str = Field(
        min_length=16, max_length=200, description="Shared secret of the HMAC-SHA256 signature."
    )


class WebhookView(BaseModel):
    """The webhook without its secret, which is never read back."""

    url: str
    status: str
    consecutive_failures: int
    registered_at: datetime
    paused_at: datetime | None

    @classmethod
    def of(cls, webhook: Webhook) -> "WebhookView":
        return cls(**webhook.model_dump(include=set(cls.model_fields)))


class DeliveryView(BaseModel):
    delivery_id: str
    event_id: str
    event_type: str
    startup_id: str
    status: str
    held: bool = Field(description="Kept, not sent, while the webhook is paused.")
    next_attempt_at: datetime
    delivered_at: datetime | None
    attempts: list[Attempt]

    @classmethod
    def of(cls, delivery: Delivery, paused: bool) -> "DeliveryView":
        fields = delivery.model_dump(include=set(cls.model_fields))
        return cls(**fields, held=paused and delivery.delivered_at is None)


@router.put("")
async def register_webhook(
    body: Registration, agency: AgencyDep, runtime: RuntimeDep
) -> WebhookView:
    """Register or replace the agency's webhook. The target must be https and resolve only to
    public addresses, here and again before every delivery."""
    allow = settings_of(runtime).webhook_allow_development_targets
    await webhooks.check_target(str(body.url), allow_development=allow)

    async def work(unit: UnitOfWork) -> Webhook:
        return await webhooks.register_webhook(
            unit, agency.organization_id, str(body.url), body.secret
        )

    return WebhookView.of(await runtime.transact(work))


@router.get("")
async def get_webhook(agency: AgencyDep, runtime: RuntimeDep) -> WebhookView:
    async def work(unit: UnitOfWork) -> Webhook:
        return await webhooks.webhook_of(unit, agency.organization_id)

    return WebhookView.of(await runtime.read(work))


@router.post("/resume")
async def resume_webhook(agency: AgencyDep, runtime: RuntimeDep) -> WebhookView:
    """Resume a paused webhook: the deliveries kept meanwhile are sent now."""

    async def work(unit: UnitOfWork) -> Webhook:
        return await webhooks.resume_webhook(unit, agency.organization_id)

    return WebhookView.of(await runtime.transact(work))


@router.get("/deliveries")
async def list_deliveries(
    agency: AgencyDep, runtime: RuntimeDep, page: PageDep
) -> Page[DeliveryView]:
    """The deliveries to this agency's webhook, newest first, with each attempt: status code,
    error, duration (never what the target answered)."""

    async def work(unit: UnitOfWork) -> tuple[Webhook, Page[Delivery]]:
        return await webhooks.deliveries_of(unit, agency.organization_id, page)

    webhook, found = await runtime.read(work)
    paused = webhook.status is WebhookStatus.PAUSED
    return Page[DeliveryView](
        items=[DeliveryView.of(delivery, paused) for delivery in found.items],
        next_cursor=found.next_cursor,
    )
