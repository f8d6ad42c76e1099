"""A webhook reaches only the public internet over https: refused at registration, and again at
every delivery, since what a name resolves to can change after it was registered."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from conftest import eventually, key_of
from growth.settings import Settings

Offer = Callable[..., Awaitable[Any]]
SECRET = "sba-webhook-secret-0123456789"

REFUSED = {
    "http://93.184.215.14/hooks": "https",
    "https://127.0.0.1/hooks": "loopback",
    "https://localhost:8443/hooks": "loopback",
    "https://[::1]/hooks": "loopback",
    "https://10.1.2.3/hooks": "private",
    "https://172.16.0.9/hooks": "private",
    "https://192.168.0.10/hooks": "private",
    "https://[fd12:3456::1]/hooks": "private",
    "https://100.64.0.1/hooks": "private or shared",
    "https://169.254.169.254/latest/meta-data": "metadata",
    "https://[fd00:ec2::254]/latest/meta-data": "metadata",
    "https://100.100.100.200/": "metadata",
    "https://[fe80::1]/hooks": "link-local",
    "https://224.0.0.251/hooks": "multicast",
    "https://[ff02::1]/hooks": "multicast",
    "https://[::ffff:10.0.0.1]/hooks": "private",
    "https://0.0.0.0/hooks": "reserved",
}


async def test_a_target_off_the_public_internet_or_without_https_is_refused(
    growth: httpx.AsyncClient,
) -> None:
    refused = {}
    for url in REFUSED:
        answer = await growth.put(
            "/webhook", json={"url": url, "secret": SECRET}, headers=key_of("sba")
        )
        assert answer.status_code == 422, (url, answer.text)
        [detail] = answer.json()["detail"]
        assert detail["loc"] == ["body", "url"]
        assert detail["type"] == "value_error"
        refused[url] = detail["msg"]
    assert [url for url, why in REFUSED.items() if why not in refused[url]] == []
    assert (await growth.get("/webhook", headers=key_of("sba"))).status_code == 404

    public = await growth.put(
        "/webhook",
        json={"url": "https://93.184.215.14/hooks/relay", "secret": SECRET},
        headers=key_of("sba"),
    )
    assert public.status_code == 200, public.text
    assert public.json()["url"] == "https://93.184.215.14/hooks/relay"


class Listener:
    """A plain TCP endpoint on loopback that counts who connects."""

    def __init__(self) -> None:
        self.connections = 0
        self.port = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        writer.close()


@pytest.fixture
async def listener() -> AsyncIterator[Listener]:
    endpoint = Listener()
    server = await asyncio.start_server(endpoint.handle, "127.0.0.1", 0)
    endpoint.port = server.sockets[0].getsockname()[1]
    yield endpoint
    server.close()
    await server.wait_closed()


async def test_a_delivery_is_refused_when_its_name_now_resolves_to_loopback(
    growth: httpx.AsyncClient,
    offer: Offer,
    listener: Listener,
    make_settings: Callable[..., Settings],
    mongo: AsyncMongoClient[Any],
) -> None:
    # Registered while the name resolved to a public address (as a rebinding attacker's does);
    # now it resolves to loopback, where something listens.
    await mongo[make_settings().mongo_database]["webhooks"].insert_one(
        {
            "_id": "sba",
            "url": f"https://localhost:{listener.port}/hooks",
            "secret": SECRET,
            "status": "active",
            "consecutive_failures": 0,
            "registered_at": datetime.now(UTC),
            "paused_at": None,
        }
    )
    await offer("sba")

    async def attempted() -> list[dict[str, Any]] | None:
        page = (await growth.get("/webhook/deliveries", headers=key_of("sba"))).json()
        attempts: list[dict[str, Any]] = page["items"][0]["attempts"] if page["items"] else []
        return attempts or None

    attempts = await eventually(attempted, what="a delivery attempt")
    assert attempts[0]["status_code"] is None
    assert attempts[0]["error"] == "target refused: the host resolves to a loopback address"
    assert listener.connections == 0
