"""Handoff offers reach the agency they were made to, and its answer is an event."""

import json
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any
from uuid import uuid4

import httpx
from aiokafka import AIOKafkaConsumer

from conftest import eventually, key_of
from relay_contracts import Actor, OrganizationKind
from relay_contracts.growth import GrowthHandoffAccepted
from relay_contracts.incubation import GrowthHandoffExpired
from relay_contracts.intake import StartupsMerged
from relay_eventing import Cause, new_event

Offer = Callable[..., Awaitable[Any]]
Published = Callable[..., Awaitable[list[dict[str, Any]]]]
Publish = Callable[..., Awaitable[None]]
OPERATOR = Actor(organization_id="operator", organization_kind=OrganizationKind.OPERATOR)


async def test_an_offer_on_the_topic_reaches_only_the_agency_it_was_made_to(
    growth: httpx.AsyncClient, offer: Offer
) -> None:
    offered = await offer("sba", needs=["investment", "export"])
    handoff_id = offered.payload.handoff_id

    queue = (await growth.get("/offers", headers=key_of("sba"))).json()
    assert [(o["handoff_id"], o["status"], o["needs"]) for o in queue["items"]] == [
        (handoff_id, "offered", ["investment", "export"])
    ]
    assert queue["next_cursor"] is None
    assert (await growth.get("/offers", headers=key_of("kosme"))).json()["items"] == []
    assert (await growth.get(f"/offers/{handoff_id}", headers=key_of("kosme"))).status_code == 404
    assert (await growth.get("/offers", headers=key_of("gwanak"))).status_code == 403
    assert (await growth.get("/offers")).status_code == 401
    assert (await growth.get("/offers/handoff-nope", headers=key_of("sba"))).status_code == 404


async def test_accepting_an_offer_publishes_accepted_on_the_broker_and_shows_the_startup(
    growth: httpx.AsyncClient, offer: Offer, bootstrap: str
) -> None:
    offered = await offer("sba")
    handoff_id = offered.payload.handoff_id

    other = await growth.post(f"/offers/{handoff_id}/acceptance", headers=key_of("kosme"))
    assert other.status_code == 404
    accepted = await growth.post(f"/offers/{handoff_id}/acceptance", headers=key_of("sba"))
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    again = await growth.post(f"/offers/{handoff_id}/acceptance", headers=key_of("sba"))
    assert again.status_code == 409

    startups = (await growth.get("/startups", headers=key_of("sba"))).json()["items"]
    assert [s["startup_id"] for s in startups] == [offered.startup_id]
    path = f"/startups/{offered.startup_id}"
    assert (await growth.get(path, headers=key_of("kosme"))).status_code == 404

    consumer = AIOKafkaConsumer(
        GrowthHandoffAccepted.topic,
        bootstrap_servers=bootstrap,
        group_id=f"test-{uuid4().hex}",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        record = await consumer.getone()
    finally:
        await consumer.stop()
    received = json.loads(record.value)
    assert record.key == offered.startup_id.encode()
    assert received["payload"] == {"handoff_id": handoff_id, "agency_id": "sba"}
    assert received["correlation_id"] == str(offered.correlation_id)


async def test_declining_needs_a_reason_and_publishes_declined(
    growth: httpx.AsyncClient, offer: Offer, published: Published
) -> None:
    offered = await offer("kosme")
    path = f"/offers/{offered.payload.handoff_id}"

    missing = await growth.post(f"{path}/decline", json={}, headers=key_of("kosme"))
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "reason"]
    declined = await growth.post(
        f"{path}/decline", json={"reason": "outside our sectors"}, headers=key_of("kosme")
    )
    assert declined.status_code == 200, declined.text
    assert (await growth.post(f"{path}/acceptance", headers=key_of("kosme"))).status_code == 409

    events = await eventually(
        lambda: published("GrowthHandoffDeclined"), what="GrowthHandoffDeclined published"
    )
    assert events[0]["payload"]["reason"] == "outside our sectors"
    assert events[0]["startup_id"] == offered.startup_id
    assert (await growth.get("/startups", headers=key_of("kosme"))).json()["items"] == []


async def test_an_expired_offer_can_no_longer_be_accepted(
    growth: httpx.AsyncClient, offer: Offer, publish: Publish
) -> None:
    lapsed = await offer("kicox", expires_in=timedelta(seconds=-1))
    late = await growth.post(
        f"/offers/{lapsed.payload.handoff_id}/acceptance", headers=key_of("kicox")
    )
    assert late.status_code == 409

    offered = await offer("kicox")
    handoff_id = offered.payload.handoff_id
    await publish(
        new_event(
            GrowthHandoffExpired(handoff_id=handoff_id, agency_id="kicox"),
            startup_id=offered.startup_id,
            cause=Cause.event(offered),
        )
    )

    async def expired() -> bool:
        response = await growth.get(f"/offers/{handoff_id}", headers=key_of("kicox"))
        return bool(response.json()["status"] == "expired")

    await eventually(expired, what="the offer expired")
    answer = await growth.post(f"/offers/{handoff_id}/acceptance", headers=key_of("kicox"))
    assert answer.status_code == 409


async def test_a_redelivered_offer_is_queued_once(
    growth: httpx.AsyncClient, offer: Offer, publish: Publish
) -> None:
    first = await offer("sba")
    await publish(first, first)
    second = await offer("sba")

    queue = (await growth.get("/offers", headers=key_of("sba"))).json()["items"]
    assert [o["handoff_id"] for o in queue] == [
        second.payload.handoff_id,
        first.payload.handoff_id,
    ]


async def test_merged_startups_are_repointed_to_the_survivor(
    growth: httpx.AsyncClient, offer: Offer, publish: Publish
) -> None:
    offered = await offer("sba")
    assert (
        await growth.post(f"/offers/{offered.payload.handoff_id}/acceptance", headers=key_of("sba"))
    ).status_code == 200
    survivor = f"startup-{uuid4().hex[:10]}"
    await publish(
        new_event(
            StartupsMerged(
                survivor_id=survivor, merged_id=offered.startup_id, reason="same company"
            ),
            startup_id=survivor,
            cause=Cause.request(OPERATOR),
        )
    )

    async def repointed() -> bool:
        startups = (await growth.get("/startups", headers=key_of("sba"))).json()["items"]
        return [s["startup_id"] for s in startups] == [survivor]

    await eventually(repointed, what="the accepted startup re-pointed to the survivor")
    queue = (await growth.get("/offers", headers=key_of("sba"))).json()["items"]
    assert queue[0]["startup_id"] == survivor


async def test_an_agency_is_reference_data_that_an_operator_adds_without_code(
    growth: httpx.AsyncClient,
) -> None:
    names = {
        a["agency_id"]: a["name_ko"]
        for a in (await growth.get("/agencies", headers=key_of("gwanak"))).json()["items"]
    }
    assert names == {
        "sba": "서울경제진흥원",
        "kosme": "중소벤처기업진흥공단",
        "kicox": "한국산업단지공단",
    }

    kised = {"X-API-Key": "test-key-kised-0000"}
    assert (await growth.get("/offers", headers=kised)).status_code == 403
    newcomer = {
        "agency_id": "kised",
        "name_ko": "창업진흥원",
        "name_en": "Korea Institute of Startup",
    }
    assert (await growth.post("/agencies", json=newcomer, headers=key_of("sba"))).status_code == 403
    added = await growth.post("/agencies", json=newcomer, headers=key_of("operator"))
    assert added.status_code == 201, added.text
    again = await growth.post("/agencies", json=newcomer, headers=key_of("operator"))
    assert again.status_code == 409
    assert (await growth.get("/offers", headers=kised)).json()["items"] == []
