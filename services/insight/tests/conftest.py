"""Fixtures of the insight tests: the service on the real servers, and events published to it.

Insight subscribes to every topic (one consumer group each), and each group takes about a
second to join on tansu, so one insight serves a whole test module, on a broker of its own;
tests keep apart by unique startup ids and, for figures, a year of their own.
"""

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any
from uuid import uuid4

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from conftest import API_KEYS, eventually, key_of, serving
from insight.main import create_app
from insight.settings import Settings
from relay_contracts import Envelope
from relay_devstack.servers import Server, start_broker

Publish = Callable[..., Awaitable[None]]
Journey = Callable[..., Awaitable[dict[str, Any]]]


def insight_settings(bootstrap: str, mongo_address: str) -> Settings:
    return Settings(
        kafka_bootstrap_servers=bootstrap,
        kafka_session_timeout_ms=2000,
        kafka_heartbeat_interval_ms=300,
        kafka_fetch_max_wait_ms=30,
        mongo_url=mongo_address,
        mongo_database=f"insight_{uuid4().hex[:8]}",
        api_keys=API_KEYS,
    )


@pytest.fixture(scope="module")
def module_broker() -> Iterator[Server]:
    server = start_broker()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def module_bootstrap(module_broker: Server) -> str:
    return f"127.0.0.1:{module_broker.port}"


@pytest.fixture(scope="module")
def settings(module_bootstrap: str, mongo_address: str) -> Settings:
    return insight_settings(module_bootstrap, mongo_address)


@pytest.fixture(scope="module")
async def insight(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with serving(create_app(settings), "insight") as client:
        yield client


async def send(bootstrap: str, envelopes: list[Envelope[Any]]) -> None:
    """Publish envelopes as the producers' relays do: keyed by startup, JSON."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for envelope in envelopes:
            await producer.send_and_wait(
                envelope.payload.topic,
                envelope.model_dump_json().encode(),
                key=envelope.startup_id.encode(),
                headers=[("content-type", b"application/json")],
            )
    finally:
        await producer.stop()


@pytest.fixture(scope="module")
def publish(module_bootstrap: str) -> Publish:
    async def publish(*envelopes: Envelope[Any]) -> None:
        await send(module_bootstrap, list(envelopes))

    return publish


async def journey_when(
    insight: httpx.AsyncClient, startup_id: str, steps: int, *, reader: str = "council"
) -> dict[str, Any]:
    """The journey once it holds `steps` steps (as the council, unless told otherwise)."""

    async def probe() -> dict[str, Any] | None:
        answer = await insight.get(f"/startups/{startup_id}/journey", headers=key_of(reader))
        if answer.status_code != 200:
            return None
        body: dict[str, Any] = answer.json()
        return body if len(body["steps"]) >= steps else None

    return await eventually(probe, what=f"{steps} steps in the journey of {startup_id}")


async def status_of(insight: httpx.AsyncClient, startup_id: str, reader: str) -> int:
    answer = await insight.get(f"/startups/{startup_id}/journey", headers=key_of(reader))
    return answer.status_code


async def caught_up(insight: httpx.AsyncClient) -> bool:
    """Insight has read every record on every topic it consumes."""
    lag = (await insight.get("/lag", headers=key_of("operator"))).json()
    return bool(lag["total"] == 0 and lag["topics"])
