"""A service started while its database and broker are down waits for them, within a bound."""

import asyncio
import socket
import struct
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.errors import ConnectionFailure

from conftest import API_KEYS, eventually, read_topic, serving
from relay_contracts.intake import StartupSubmitted
from relay_devstack.servers import Server, free_port, mongo_url, start_broker, start_database
from relay_eventing import ServiceSettings
from tests.probe import create_probe, unique

# Starts servers of its own, so it belongs to the slow tier.
pytestmark = pytest.mark.servers


def probe_settings(bootstrap: str, database_url: str, **more: Any) -> ServiceSettings:
    return ServiceSettings(
        kafka_bootstrap_servers=bootstrap,
        kafka_session_timeout_ms=2000,
        kafka_heartbeat_interval_ms=300,
        kafka_fetch_max_wait_ms=30,
        mongo_url=database_url,
        mongo_database="probe_startup_wait",
        relay_poll_interval_s=0.2,
        api_keys=API_KEYS,
        **more,
    )


@asynccontextmanager
async def watching(port: int) -> AsyncIterator[asyncio.Event]:
    """Listen on `port`, reset every connection, and set the event once something tried it.

    The reset (SO_LINGER 0) leaves no TIME_WAIT behind, so the real server binds the port as
    soon as the watch ends.
    """
    tried = asyncio.Event()

    def reset(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        linger = struct.pack("ii", 1, 0)
        writer.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        writer.transport.abort()
        tried.set()

    server = await asyncio.start_server(reset, "127.0.0.1", port)
    try:
        yield tried
    finally:
        server.close()
        await server.wait_closed()


async def test_a_service_started_before_its_servers_comes_up_once_they_answer(
    tmp_path: Path,
) -> None:
    broker_port, database_port = free_port(), free_port()
    # Server selection gives up after 200 ms per try, so the service keeps trying while it waits.
    database_url = mongo_url(database_port) + "&serverSelectionTimeoutMS=200"
    settings = probe_settings(f"127.0.0.1:{broker_port}", database_url)
    servers: list[Server] = []

    async def seen_trying(port: int, what: str) -> None:
        async with watching(port) as tried:

            async def was_tried() -> bool:
                return tried.is_set()

            await eventually(was_tried, what=f"the service to try {what}")

    async def start_servers_late() -> None:
        # Each server starts only once the service was seen trying to reach it: the database
        # first, as the service prepares it before the broker.
        await seen_trying(database_port, "the database")
        servers.append(await asyncio.to_thread(start_database, tmp_path / "db", database_port))
        await seen_trying(broker_port, "the broker")
        servers.append(start_broker(broker_port))

    late = asyncio.create_task(start_servers_late())
    startup_id = unique("st-late")
    try:
        async with serving(create_probe(settings), "probe") as probe:
            assert len(servers) == 2, "the service must not be up before its servers"
            assert (await probe.post(f"/submissions/{startup_id}")).status_code == 200
            records = await read_topic(
                settings.kafka_bootstrap_servers, StartupSubmitted.topic, at_least=1
            )
        assert [record.key for record in records] == [startup_id.encode()]
        client: AsyncMongoClient[Any] = AsyncMongoClient(settings.mongo_url)
        try:
            stored = client[settings.mongo_database]["outbox"]
            assert await stored.count_documents({"published": True}) == 1
        finally:
            await client.close()
    finally:
        await late
        for server in servers:
            server.stop()


async def test_a_database_that_never_answers_fails_the_start_after_the_bound() -> None:
    # Server selection gives up after 200 ms per try, so the bound of 1.5 s decides.
    unreachable = mongo_url(free_port()) + "&serverSelectionTimeoutMS=200"
    settings = probe_settings("127.0.0.1:1", unreachable, startup_timeout_s=1.5)
    started = time.monotonic()
    with pytest.raises(ConnectionFailure):
        async with serving(create_probe(settings), "probe"):
            pass
    assert 1.0 < time.monotonic() - started < 10
