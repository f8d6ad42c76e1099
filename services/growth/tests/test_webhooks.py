"""An agency's webhook gets its offers signed, retried, paused when failing, and resumed."""

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from conftest import eventually, key_of, serving
from growth.domain.webhooks import (
    EVENT_ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    verify,
)
from growth.main import create_app

Offer = Callable[..., Awaitable[Any]]
SECRET = "sba-webhook-secret-0123456789"
ANSWER_BODY = "internal: the database password is hunter2"


class Receiver:
    """An agency's endpoint on loopback: verifies each signature, fails on purpose while told
    to, and applies each event once whatever the number of deliveries."""

    def __init__(self, fail_first: int) -> None:
        self.fail_first = fail_first
        self.failing = False
        self.requests = 0
        self.rejected = 0
        self.duplicates = 0
        self.effective: dict[str, dict[str, Any]] = {}
        self.url = ""

    def answer(self, headers: dict[str, str], body: bytes) -> int:
        self.requests += 1
        signed = verify(
            SECRET,
            headers.get(TIMESTAMP_HEADER.lower(), ""),
            body,
            headers.get(SIGNATURE_HEADER.lower(), ""),
            now=time.time(),
            tolerance_s=300,
        )
        if not signed:
            self.rejected += 1
            return 401
        if self.failing or self.requests <= self.fail_first:
            return 503
        event_id = headers[EVENT_ID_HEADER.lower()]
        if event_id in self.effective:
            self.duplicates += 1
        else:
            self.effective[event_id] = json.loads(body)
        return 200

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode()
        lines = [line for line in head.split("\r\n")[1:] if line]
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines)}
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        status = self.answer(headers, body)
        # What a target answers is never shown to the agency: only the status code is kept.
        said = ANSWER_BODY.encode()
        head = f"HTTP/1.1 {status} X\r\nContent-Length: {len(said)}\r\nConnection: close\r\n\r\n"
        writer.write(head.encode() + said)
        await writer.drain()
        writer.close()


@pytest.fixture
async def growth(make_settings: Callable[..., Any]) -> AsyncIterator[httpx.AsyncClient]:
    """Growth allowed, by the development setting only, to call a receiver on loopback over
    plain http. Its safety poll is too slow to be seen in a test: every delivery, retry and
    catch-up here goes out because a commit or a scheduled retry of the process woke it."""
    settings = make_settings(webhook_allow_development_targets=True, webhook_poll_interval_s=600)
    async with serving(create_app(settings), "growth") as client:
        yield client


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    endpoint = Receiver(fail_first=2)
    server = await asyncio.start_server(endpoint.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    endpoint.url = f"http://127.0.0.1:{port}/hooks/relay"
    yield endpoint
    server.close()
    await server.wait_closed()


async def register(growth: httpx.AsyncClient, receiver: Receiver, agency_id: str = "sba") -> None:
    response = await growth.put(
        "/webhook", json={"url": receiver.url, "secret": SECRET}, headers=key_of(agency_id)
    )
    assert response.status_code == 200, response.text
    assert "secret" not in response.json()


async def test_a_webhook_gets_every_offer_signed_and_once_in_effect_despite_failures(
    growth: httpx.AsyncClient, offer: Offer, receiver: Receiver
) -> None:
    await register(growth, receiver)
    offers = [await offer("sba", company_name=f"Company {i}") for i in range(3)]
    await offer("kosme")
    expected = {str(envelope.event_id) for envelope in offers}

    async def all_received() -> bool:
        return set(receiver.effective) == expected

    await eventually(all_received, what="every offer applied by the receiver")
    assert receiver.rejected == 0
    assert {e["payload"]["handoff_id"] for e in receiver.effective.values()} == {
        envelope.payload.handoff_id for envelope in offers
    }

    async def all_delivered() -> list[dict[str, Any]] | None:
        found: list[dict[str, Any]] = (
            await growth.get("/webhook/deliveries", headers=key_of("sba"))
        ).json()["items"]
        return found if all(d["status"] == "delivered" for d in found) else None

    deliveries = await eventually(all_delivered, what="deliveries marked delivered")
    listed = await growth.get("/webhook/deliveries", headers=key_of("sba"))
    assert "hunter2" not in listed.text
    assert {d["event_id"] for d in deliveries} == expected
    attempts = [a for d in deliveries for a in d["attempts"]]
    assert sorted(a["status_code"] for a in attempts) == [200, 200, 200, 503, 503]
    assert all(a["error"] == "HTTP 503" for a in attempts if a["status_code"] == 503)
    assert (await growth.get("/webhook", headers=key_of("sba"))).json()["status"] == "active"


async def test_a_webhook_that_keeps_failing_is_paused_and_catches_up_after_resume(
    growth: httpx.AsyncClient, offer: Offer, receiver: Receiver
) -> None:
    receiver.failing = True
    await register(growth, receiver)
    first = await offer("sba")

    async def paused() -> dict[str, Any] | None:
        webhook: dict[str, Any] = (await growth.get("/webhook", headers=key_of("sba"))).json()
        return webhook if webhook["status"] == "paused" else None

    webhook = await eventually(paused, what="the webhook paused")
    assert webhook["consecutive_failures"] >= 3
    second = await offer("sba")
    deliveries = (await growth.get("/webhook/deliveries", headers=key_of("sba"))).json()["items"]
    assert [(d["event_id"], d["status"], d["held"]) for d in deliveries] == [
        (str(second.event_id), "pending", True),
        (str(first.event_id), "pending", True),
    ]
    assert deliveries[0]["attempts"] == []
    assert receiver.effective == {}

    receiver.failing = False
    resumed = await growth.post("/webhook/resume", headers=key_of("sba"))
    assert resumed.status_code == 200, resumed.text
    assert resumed.json()["status"] == "active"

    async def caught_up() -> bool:
        return set(receiver.effective) == {str(first.event_id), str(second.event_id)}

    await eventually(caught_up, what="the kept deliveries sent after the resume")
    assert (await growth.post("/webhook/resume", headers=key_of("sba"))).status_code == 409


async def test_a_webhook_registration_is_checked_and_private_to_its_agency(
    growth: httpx.AsyncClient, receiver: Receiver
) -> None:
    short = await growth.put(
        "/webhook", json={"url": receiver.url, "secret": "short"}, headers=key_of("sba")
    )
    assert short.status_code == 422
    assert short.json()["detail"][0]["loc"] == ["body", "secret"]
    bad_url = await growth.put(
        "/webhook", json={"url": "not a url", "secret": SECRET}, headers=key_of("sba")
    )
    assert bad_url.json()["detail"][0]["loc"] == ["body", "url"]
    district = await growth.put(
        "/webhook", json={"url": receiver.url, "secret": SECRET}, headers=key_of("gwanak")
    )
    assert district.status_code == 403

    await register(growth, receiver, "sba")
    assert (await growth.get("/webhook", headers=key_of("kosme"))).status_code == 404
    assert (await growth.get("/webhook/deliveries", headers=key_of("kosme"))).status_code == 404
