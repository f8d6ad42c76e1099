"""Fixtures shared by every test: real servers on free ports, and services wired to them."""

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar
from uuid import uuid4

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from fastapi import FastAPI
from pymongo import AsyncMongoClient

from relay_contracts import Actor
from relay_devstack.organizations import ORGANIZATIONS as ORGANIZATION_KINDS
from relay_devstack.organizations import (
    as_setting,
    records_for,
)
from relay_devstack.servers import Server, mongo_url, start_broker, start_database
from relay_eventing.credentials import ApiKey, digest

T = TypeVar("T")

# Test keys are known to the tests; the services are given only their digests, as in production.
TEST_KEYS: dict[str, str] = {org_id: f"test-key-{org_id}-0000" for org_id in ORGANIZATION_KINDS}
ORGANIZATIONS: dict[str, Actor] = {
    key: Actor(organization_id=org_id, organization_kind=ORGANIZATION_KINDS[org_id])
    for org_id, key in TEST_KEYS.items()
}
API_KEYS: list[ApiKey] = records_for(TEST_KEYS)


def key_records(keys: dict[str, Actor]) -> list[ApiKey]:
    """The records (digests) a service is configured with, for keys a test chose."""
    return [
        ApiKey(
            digest=digest(key),
            organization_id=actor.organization_id,
            organization_kind=actor.organization_kind,
            label="test",
            user=actor.user,
        )
        for key, actor in keys.items()
    ]


SERVER_FIXTURES = {"database_server", "broker_server"}


SERVERS_ONLY = "pytestmark = pytest.mark.servers"


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Under `-m "not servers"`, skip importing a module that declares itself servers-only.

    Deselection happens after collection, and collecting the fuzz module builds a test per
    OpenAPI operation of four apps: most of the fast tier's time went there.
    """
    if config.option.markexpr.replace(" ", "") != "notservers":
        return None
    if collection_path.suffix != ".py" or not collection_path.name.startswith("test_"):
        return None
    return SERVERS_ONLY in collection_path.read_text(encoding="utf-8") or None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs a real server `servers`; the rest are the fast tier.

    `make test-fast` runs `-m "not servers"`: pure rules, no processes, seconds.
    """
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.servers)


def key_of(org_id: str) -> dict[str, str]:
    """Headers that authenticate a request as the given organization."""
    return {"X-API-Key": f"test-key-{org_id}-0000"}


@pytest.fixture(scope="session")
def database_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_database(
        tmp_path_factory.mktemp("secantus"),
        log_path=Path(tmp_path_factory.getbasetemp()) / "secantus.log",
    )
    yield server
    server.stop()


@pytest.fixture
def broker_server() -> Iterator[Server]:
    """A fresh broker per test: tansu starts in milliseconds and keeps nothing."""
    server = start_broker()
    yield server
    server.stop()


@pytest.fixture
def bootstrap(broker_server: Server) -> str:
    return f"127.0.0.1:{broker_server.port}"


@pytest.fixture(scope="session")
def mongo_address(database_server: Server) -> str:
    return mongo_url(database_server.port)


@pytest.fixture
def settings_for(bootstrap: str, mongo_address: str) -> Callable[[str], dict[str, Any]]:
    """Settings values of a service for this test: its own database, fast broker timings."""
    run = uuid4().hex[:8]

    def build(service: str) -> dict[str, Any]:
        return {
            "kafka_bootstrap_servers": bootstrap,
            "kafka_session_timeout_ms": 2000,
            "kafka_heartbeat_interval_ms": 300,
            "kafka_fetch_max_wait_ms": 30,
            "mongo_url": mongo_address,
            "mongo_database": f"{service}_{run}",
            "relay_poll_interval_s": 0.2,
            # What another process committed is swept this often (5 s by default).
            "relay_sweep_interval_s": 0.5,
            "api_keys": API_KEYS,
        }

    return build


def as_environment(prefix: str, values: dict[str, Any]) -> dict[str, str]:
    """The same settings as environment variables, for a service run as its own process."""
    encoded: dict[str, str] = {}
    for name, value in values.items():
        if name == "api_keys":
            value = as_setting(value)
        encoded[f"{prefix}{name.upper()}"] = (
            str(value).lower() if isinstance(value, bool) else str(value)
        )
    return encoded


@pytest.fixture
async def mongo(mongo_address: str) -> AsyncIterator[AsyncMongoClient[Any]]:
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_address, tz_aware=True)
    yield client
    await client.close()


@asynccontextmanager
async def serving(app: FastAPI, name: str) -> AsyncIterator[httpx.AsyncClient]:
    """Run an app's lifespan (broker, relay, subscribers) and talk to it over ASGI."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://{name}") as client:
            yield client


async def eventually(
    probe: Callable[[], Awaitable[T | None]], *, timeout_s: float = 20.0, what: str = "condition"
) -> T:
    """Poll until `probe` returns something truthy, or fail after the deadline."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = await probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")
        await asyncio.sleep(0.05)


async def publish_raw(
    bootstrap: str, topic: str, value: bytes, *, key: str, headers: dict[str, str] | None = None
) -> None:
    """Put bytes on a topic as any producer would, bypassing the services' outbox."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            topic,
            value,
            key=key.encode(),
            headers=[(name, text.encode()) for name, text in (headers or {}).items()],
        )
    finally:
        await producer.stop()


async def read_topic(
    bootstrap: str, topic: str, *, at_least: int
) -> list[ConsumerRecord[Any, Any]]:
    """Every record on a topic once it holds `at_least` of them (no consumer group involved)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    try:
        await consumer.topics()  # loads the metadata that partitions_for_topic reads
        numbers = sorted(consumer.partitions_for_topic(topic) or ())
        partitions = [TopicPartition(topic, number) for number in numbers]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        records: list[ConsumerRecord[Any, Any]] = []
        deadline = time.monotonic() + 20
        while len(records) < at_least and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=200)
            for partition_records in batch.values():
                records.extend(partition_records)
        return records
    finally:
        await consumer.stop()
