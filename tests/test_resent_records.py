"""A record its producer queued again is most likely applied already: one read absorbs it.

After a broker loss every requested window is sent again (`relay_eventing.recovery`), so the
consumers meet many copies at once. A copy carries the `relay-resent` header, and the inbox
looks for its mark before running the handler, instead of running it and meeting the mark at
the end of a transaction.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from aiokafka.structs import ConsumerRecord
from prometheus_client import CollectorRegistry, Counter
from pymongo import AsyncMongoClient, monitoring

from relay_contracts import Actor, Envelope, OrganizationKind
from relay_contracts.intake import StartupRejected
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.inbox import Inbox, RecordSource, record_source
from relay_eventing.outbox import OUTBOX, RESENT_HEADER, Outbox, outbox_record
from relay_eventing.unit_of_work import Transactor

SNU = Actor(organization_id="snu", organization_kind=OrganizationKind.UNIVERSITY)
TOPIC = StartupRejected.topic


class Commands(monitoring.CommandListener):
    def __init__(self) -> None:
        self.names: list[str] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.names.append(event.command_name)

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    def since(self, start: int) -> Iterator[str]:
        yield from self.names[start:]


def _event() -> Envelope[Any]:
    rejected = StartupRejected(university_id="snu", reason="not yet")
    return new_event(rejected, startup_id=f"st-{uuid4().hex[:8]}", cause=Cause.request(SNU))


def _message(headers: list[tuple[str, bytes]]) -> Any:
    """What FastStream hands over: the aiokafka record under `raw_message`."""
    record = ConsumerRecord(
        topic=TOPIC,
        partition=1,
        offset=7,
        timestamp=int(datetime.now(UTC).timestamp() * 1000),
        timestamp_type=0,
        key=b"st-1",
        value=b"{}",
        checksum=None,
        serialized_key_size=4,
        serialized_value_size=2,
        headers=headers,
    )
    return type("Message", (), {"raw_message": record})()


def test_the_header_marks_the_source_as_resent() -> None:
    plain = record_source(_message([("event-id", b"1")]))
    again = record_source(_message([("event-id", b"1"), (RESENT_HEADER, b"1")]))
    assert plain is not None
    assert again is not None
    assert (plain.resent, again.resent) == (False, True)
    assert (again.topic, again.partition) == (TOPIC, 1)


async def test_a_requeued_record_carries_the_header(mongo: AsyncMongoClient[Any]) -> None:
    db = mongo[f"resent_{uuid4().hex[:8]}"]
    outbox = Outbox(db)
    record = {**outbox_record(_event()), "published": True, "published_at": datetime.now(UTC)}
    await db[OUTBOX].insert_one(record)
    assert await outbox.requeue_sent_since(TOPIC, None) == 1
    stored = await db[OUTBOX].find_one({"_id": record["_id"]})
    assert stored is not None
    assert stored["published"] is False
    assert stored["headers"][RESENT_HEADER] == "1"
    # What the record said first travels unchanged beside it.
    assert stored["headers"]["event-id"] == record["headers"]["event-id"]


async def test_an_applied_resent_record_costs_one_read_and_runs_nothing(
    mongo_address: str,
) -> None:
    commands = Commands()
    client: AsyncMongoClient[Any] = AsyncMongoClient(
        mongo_address, tz_aware=True, event_listeners=[commands]
    )
    try:
        db = client[f"resent_{uuid4().hex[:8]}"]
        registry = CollectorRegistry()
        duplicates = Counter("absorbed", "copies", ["consumer"], registry=registry)
        transactor = Transactor(client, db, Outbox(db), max_attempts=3)
        inbox = Inbox(transactor, "test", duplicates)
        runs: list[str] = []

        async def handler(unit: UnitOfWork, envelope: Envelope[Any]) -> None:
            runs.append(str(envelope.event_id))
            unit.writes.insert("effects", {"_id": str(envelope.event_id)})

        first, second = _event(), _event()
        resent = RecordSource(TOPIC, 0, datetime.now(UTC), resent=True)
        assert await inbox.apply("c", first, handler, source=resent)
        start = len(commands.names)
        assert not await inbox.apply("c", first, handler, source=resent)
        assert list(commands.since(start)) == ["find"]
        # A copy of a record never applied (lost with the broker) runs as any record does.
        assert await inbox.apply("c", second, handler, source=resent)
        # Without the header nothing is looked up first: the mark refuses the copy at the end.
        start = len(commands.names)
        plain = RecordSource(TOPIC, 0, datetime.now(UTC))
        assert not await inbox.apply("c", second, handler, source=plain)
        assert next(commands.since(start)) == "bulkWrite"
        assert runs == [str(first.event_id), str(second.event_id), str(second.event_id)]
        assert await db["effects"].count_documents({}) == 2
        assert registry.get_sample_value("absorbed_total", {"consumer": "test.c"}) == 2
    finally:
        await client.close()
