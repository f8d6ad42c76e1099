"""The relay sends a record once when its own hand-over and a sweep both find it."""

from typing import Any
from uuid import uuid4

from prometheus_client import CollectorRegistry
from pymongo import AsyncMongoClient

from relay_contracts import Actor, OrganizationKind
from relay_contracts.intake import StartupRejected
from relay_eventing import Cause, new_event
from relay_eventing.metrics import RuntimeMetrics
from relay_eventing.outbox import Outbox, outbox_record
from relay_eventing.relay import OutboxRelay

SNU = Actor(organization_id="snu", organization_kind=OrganizationKind.UNIVERSITY)


async def test_a_record_handed_over_and_swept_before_its_mark_is_sent_once(
    mongo: AsyncMongoClient[Any],
) -> None:
    outbox = Outbox(mongo[f"relay_{uuid4().hex[:8]}"])
    sent: list[str] = []

    async def send(topic: str, key: bytes, value: bytes, headers: dict[str, str]) -> Any:
        sent.append(key.decode())
        return _done()

    relay = OutboxRelay(
        outbox,
        send,
        batch_size=100,
        poll_interval_s=0.1,
        metrics=RuntimeMetrics(CollectorRegistry()),
    )
    rejected = StartupRejected(university_id="snu", reason="not yet")
    record = outbox_record(new_event(rejected, startup_id="st-1", cause=Cause.request(SNU)))
    await outbox.collection.insert_one(record)
    # Committed here, so handed over; the first round (or any after a resend) also sweeps the
    # whole outbox, where the record is still unpublished until the relay's mark lands.
    relay.committed([record])
    assert await relay.flush() == 1
    assert sent == ["st-1"]
    assert await outbox.collection.count_documents({"published": True}) == 1


async def _done() -> None:
    return None
