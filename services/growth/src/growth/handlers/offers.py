"""Handoff offers: recorded and pushed to webhooks, answered, expired, re-pointed on merges."""

from typing import Any
from uuid import UUID, uuid4

from growth.domain import clock
from growth.domain.offers import HandoffOffer, LeapStartup, OfferStatus, StartupPicture, offer_key
from growth.domain.webhooks import Delivery, DeliveryStatus
from growth.handlers.holders import hold
from growth.repository.difficulties import Tickets
from growth.repository.offers import Offers, Portfolio, StartupAliases
from growth.repository.webhooks import Deliveries, Webhooks
from relay_contracts import Actor, Envelope, OrganizationKind
from relay_contracts.growth import GrowthHandoffAccepted, GrowthHandoffDeclined
from relay_contracts.incubation import GrowthHandoffExpired, GrowthHandoffOffered
from relay_contracts.intake import StartupsMerged
from relay_eventing import Cause, UnitOfWork, new_event

Events = list[Envelope[Any]]


async def queue_webhook_delivery(
    unit: UnitOfWork, agency_id: str, envelope: Envelope[Any], startup_id: str
) -> None:
    """An outbox entry for the agency's webhook, committed with the fact it reports."""
    if await Webhooks.of(unit).webhook_of(agency_id) is not None:
        await Deliveries.of(unit).queue(_delivery(agency_id, envelope, startup_id))


def _delivery(agency_id: str, envelope: Envelope[Any], startup_id: str) -> Delivery:
    now = clock.now()
    return Delivery(
        delivery_id=str(uuid4()),
        agency_id=agency_id,
        event_id=str(envelope.event_id),
        event_type=envelope.event_type,
        startup_id=startup_id,
        body=envelope.model_dump_json(),
        status=DeliveryStatus.PENDING,
        created_at=now,
        next_attempt_at=now,
        lease_until=now,
    )


async def record_handoff_offer(unit: UnitOfWork, offered: Envelope[GrowthHandoffOffered]) -> Events:
    """An offer reaches the agency it was made to, with what the district knows of the startup:
    its queue, and its webhook if it has one. The district offering it holds the startup.

    Every write is keyed by the offer or the event and changes nothing when repeated, so the
    hop runs without a transaction (`idempotent` in `subscribers.py`)."""
    payload = offered.payload
    startup_id = await StartupAliases.of(unit).survivor_of(offered.startup_id)
    offer = HandoffOffer(
        **StartupPicture.offered(payload).model_dump(),
        offer_id=offer_key(payload.handoff_id, payload.attempt),
        handoff_id=payload.handoff_id,
        attempt=payload.attempt,
        startup_id=startup_id,
        agency_id=payload.agency_id,
        district_id=payload.district_id,
        company_name=payload.company_name,
        sector=payload.sector,
        needs=list(payload.needs),
        expires_at=payload.expires_at,
        received_at=clock.now(),
        event_id=str(offered.event_id),
        correlation_id=str(offered.correlation_id),
    )
    Offers.record_at_end(unit, offer)
    if await Webhooks.of(unit).webhook_of(payload.agency_id) is not None:
        Deliveries.queue_at_end(unit, _delivery(payload.agency_id, offered, startup_id))
    district = OrganizationKind.DISTRICT
    await hold(unit, payload.district_id, district, startup_id, offered.occurred_at)
    return []


async def expire_handoff_offer(unit: UnitOfWork, expired: Envelope[GrowthHandoffExpired]) -> Events:
    """The offer lapsed: it can no longer be accepted, and the agency's webhook hears of it."""
    payload = expired.payload
    if await Offers.of(unit).expire(payload.handoff_id, payload.agency_id):
        startup_id = await StartupAliases.of(unit).survivor_of(expired.startup_id)
        await queue_webhook_delivery(unit, payload.agency_id, expired, startup_id)
    return []


async def repoint_merged_startup(unit: UnitOfWork, merged: Envelope[StartupsMerged]) -> Events:
    """Everything growth holds under the retired id now belongs to the survivor."""
    await StartupAliases.of(unit).merge(merged.payload.merged_id, merged.payload.survivor_id)
    return []


async def accept_offer(
    unit: UnitOfWork, actor: Actor, handoff_id: str
) -> tuple[HandoffOffer, Events]:
    """The agency takes the startup into leap-stage support, starting with what the district
    knew of it; it now holds the startup, and the open tickets about it come to its desk."""
    offer = await Offers.of(unit).made_to(actor, handoff_id)
    now = clock.now()
    accepted = offer.answered(OfferStatus.ACCEPTED, now, None)
    # The leap-stage record is written at once, so a second acceptance meets its rule (409);
    # the rest is held for the unit's one bulkWrite.
    await Portfolio.of(unit).take_in(LeapStartup.of(accepted, now))
    Offers.save_answer_at_end(unit, accepted, offer.version)
    await hold(unit, accepted.agency_id, OrganizationKind.AGENCY, accepted.startup_id, now)
    Tickets.follow_startup_at_end(unit, accepted.startup_id, accepted.agency_id)
    event = new_event(
        GrowthHandoffAccepted(handoff_id=handoff_id, agency_id=actor.organization_id),
        startup_id=offer.startup_id,
        cause=Cause.request(actor, correlation_id=UUID(offer.correlation_id)),
    )
    return accepted, [event]


async def decline_offer(
    unit: UnitOfWork, actor: Actor, handoff_id: str, reason: str
) -> tuple[HandoffOffer, Events]:
    """The agency declines with a reason; the district may offer the startup elsewhere."""
    offer = await Offers.of(unit).made_to(actor, handoff_id)
    declined = offer.answered(OfferStatus.DECLINED, clock.now(), reason)
    Offers.save_answer_at_end(unit, declined, offer.version)
    event = new_event(
        GrowthHandoffDeclined(
            handoff_id=handoff_id, agency_id=actor.organization_id, reason=reason
        ),
        startup_id=offer.startup_id,
        cause=Cause.request(actor, correlation_id=UUID(offer.correlation_id)),
    )
    return declined, [event]
