"""One service hop: consume → inbox → state + outbox in one transaction → relay publish."""

import asyncio
import json
import time
from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import uuid4

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from fastapi import FastAPI
from prometheus_client import CollectorRegistry
from pymongo import AsyncMongoClient

from relay_contracts import Actor, Envelope, OrganizationKind
from relay_contracts.intake import StartupGraduated, StartupSubmitted
from relay_eventing import Cause, ServiceRuntime, ServiceSettings, UnitOfWork, new_event
from relay_eventing.app import service_app

SNU = Actor(organization_id="snu", organization_kind=OrganizationKind.UNIVERSITY)
INPUT = StartupSubmitted.topic
BARE_OUTPUT = StartupGraduated.topic


def submission(number: int) -> bytes:
    payload = StartupSubmitted(
        university_id="snu",
        company_name=f"Bench Company {number}",
        stage="pre_startup",
        sector="ai",
        desired_district="guro",
        youth=True,
        submitted_on=date(2026, 11, 1),
    )
    startup_id = f"st-bench-{number}"
    return (
        new_event(payload, startup_id=startup_id, cause=Cause.request(SNU))
        .model_dump_json()
        .encode()
    )


def graduation_of(envelope: Envelope[Any]) -> StartupGraduated:
    submitted: StartupSubmitted = envelope.payload
    return StartupGraduated(
        university_id=submitted.university_id,
        company_name=submitted.company_name,
        stage=submitted.stage,
        sector=submitted.sector,
        desired_district=submitted.desired_district,
        youth=submitted.youth,
    )


async def hop(unit: UnitOfWork, envelope: Envelope[Any]) -> None:
    """The state write and the event a typical handler makes."""
    await unit.db["startups"].update_one(
        {"_id": envelope.startup_id},
        {"$set": {"status": "graduated", "company_name": envelope.payload.company_name}},
        upsert=True,
        session=unit.session,
    )
    unit.emit(
        new_event(
            graduation_of(envelope), startup_id=envelope.startup_id, cause=Cause.event(envelope)
        )
    )


def create_hop(settings: ServiceSettings) -> FastAPI:
    runtime = ServiceRuntime(settings, "hop")
    runtime.subscribe(StartupSubmitted, "hop", hop)
    return service_app(runtime, routers=[])


async def preload(bootstrap: str, count: int, first: int = 0) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await producer.start()
    try:
        futures = [
            await producer.send(
                INPUT,
                submission(n),
                key=f"st-bench-{n}".encode(),
                headers=[("content-type", b"application/json")],
            )
            for n in range(first, first + count)
        ]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


async def wait_for(probe: Callable[[], Any], timeout_s: float = 600.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not await probe():
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark did not finish")
        await asyncio.sleep(0.02)


async def outbox_published(mongo: AsyncMongoClient[Any], database: str, count: int) -> bool:
    outbox = mongo[database]["outbox"]
    return await outbox.count_documents({"published": True}) >= count


async def runtime_hop(settings: ServiceSettings, mongo: AsyncMongoClient[Any], count: int) -> float:
    """Our runtime, in this process; returns events/s once the group has joined."""
    app = create_hop(settings)
    async with app.router.lifespan_context(app):
        registry = app.state.runtime.metrics.registry
        await preload(settings.kafka_bootstrap_servers, 1, first=10**9)
        await wait_for(lambda: published(registry, 1))
        started = time.monotonic()
        await preload(settings.kafka_bootstrap_servers, count)
        # Polled in memory: a count query would load the database the hop is using.
        await wait_for(lambda: published(registry, count + 1))
        elapsed = time.monotonic() - started
    assert await outbox_published(mongo, settings.mongo_database, count + 1)
    return count / elapsed


async def published(registry: CollectorRegistry, count: int) -> bool:
    """The relay's own counter of what the broker acknowledged (the runtime has no other)."""
    labels = {"event_type": StartupGraduated.__name__}
    return (registry.get_sample_value("relay_events_published_total", labels) or 0) >= count


async def bare_hop(
    bootstrap: str, mongo_url: str, database: str, count: int, fetch_wait_ms: int
) -> float:
    """The floor: aiokafka and PyMongo doing the same writes by hand; returns events/s."""
    mongo: AsyncMongoClient[Any] = AsyncMongoClient(mongo_url, tz_aware=True)
    db = mongo[database]
    consumer = AIOKafkaConsumer(
        INPUT,
        bootstrap_servers=bootstrap,
        group_id=f"bare-{uuid4().hex[:6]}",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        session_timeout_ms=2000,
        heartbeat_interval_ms=300,
        fetch_max_wait_ms=fetch_wait_ms,
    )
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await consumer.start()
    await producer.start()
    try:
        await preload(bootstrap, 1, first=2 * 10**9)
        await apply_bare(consumer, producer, db, 1)
        started = time.monotonic()
        await preload(bootstrap, count, first=3 * 10**9)
        await apply_bare(consumer, producer, db, count)
        return count / (time.monotonic() - started)
    finally:
        await consumer.stop()
        await producer.stop()
        await mongo.close()


async def apply_bare(
    consumer: AIOKafkaConsumer, producer: AIOKafkaProducer, db: Any, count: int
) -> None:
    done = 0
    while done < count:
        batch = await consumer.getmany(timeout_ms=200)
        for records in batch.values():
            for record in records:
                event = json.loads(record.value)
                output = dict(event, event_id=str(uuid4()), event_type="StartupGraduated")
                value = json.dumps(output).encode()
                client = db.client
                async with client.start_session() as session, await session.start_transaction():
                    await db["inbox"].insert_one(
                        {"_id": f"bare|{event['event_id']}"}, session=session
                    )
                    await db["startups"].update_one(
                        {"_id": event["startup_id"]},
                        {"$set": {"status": "graduated"}},
                        upsert=True,
                        session=session,
                    )
                    outbox_id = (
                        await db["outbox"].insert_one(
                            {"value": value, "published": False}, session=session
                        )
                    ).inserted_id
                await producer.send_and_wait(BARE_OUTPUT, value, key=record.key)
                await db["outbox"].update_one({"_id": outbox_id}, {"$set": {"published": True}})
                done += 1
        if batch:
            await consumer.commit()
