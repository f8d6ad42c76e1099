"""Fixtures of the growth tests: the service on the real servers, and offers published to it."""

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from pymongo import AsyncMongoClient

from conftest import ORGANIZATIONS, eventually, key_of, key_records, serving
from growth.main import create_app
from growth.settings import Settings
from relay_contracts import Actor, Envelope, OrganizationKind
from relay_contracts.incubation import GrowthHandoffOffered, SettlementCaseOpened
from relay_contracts.intake import StartupSubmitted
from relay_eventing import Cause, new_event

STARTUP_KEY = "test-key-startup-hangang-0000"
STARTUP_ACTOR = Actor(organization_id="startup-hangang", organization_kind=OrganizationKind.STARTUP)
NEW_AGENCY_KEY = "test-key-kised-0000"
NEW_AGENCY = Actor(organization_id="kised", organization_kind=OrganizationKind.AGENCY)
GWANAK = Actor(organization_id="gwanak", organization_kind=OrganizationKind.DISTRICT)

MakeSettings = Callable[..., Settings]
Publish = Callable[..., Awaitable[None]]
Offer = Callable[..., Awaitable[Envelope[Any]]]
Accept = Callable[..., Awaitable[str]]
Published = Callable[..., Awaitable[list[dict[str, Any]]]]
Hold = Callable[[str, str], Awaitable[None]]


@pytest.fixture
def make_settings(settings_for: Callable[[str], dict[str, Any]]) -> MakeSettings:
    """Growth settings for this test, with fast webhook timings; keyword overrides win."""
    values = settings_for("growth")

    def build(**overrides: Any) -> Settings:
        return Settings(
            **{
                **values,
                "api_keys": key_records(
                    {**ORGANIZATIONS, STARTUP_KEY: STARTUP_ACTOR, NEW_AGENCY_KEY: NEW_AGENCY}
                ),
                "webhook_poll_interval_s": 0.05,
                "webhook_backoff_base_s": 0.05,
                "webhook_backoff_cap_s": 0.5,
                "webhook_pause_after_failures": 3,
                **overrides,
            }
        )

    return build


@pytest.fixture
async def growth(make_settings: MakeSettings) -> AsyncIterator[httpx.AsyncClient]:
    async with serving(create_app(make_settings()), "growth") as client:
        yield client


@pytest.fixture
def publish(bootstrap: str) -> Publish:
    """Publish envelopes to the test's broker as incubation's relay does."""

    async def send(*envelopes: Envelope[Any]) -> None:
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
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

    return send


def handoff_offered(
    agency_id: str,
    *,
    company_name: str = "Hangang Labs",
    sector: str = "ai",
    needs: list[str] | None = None,
    expires_in: timedelta = timedelta(days=14),
    startup_id: str | None = None,
    district_id: str = "gwanak",
    **picture: Any,
) -> Envelope[Any]:
    """An offer as incubation publishes it; `picture` holds what the district knows."""
    payload = GrowthHandoffOffered(
        handoff_id=f"handoff-{uuid4().hex[:10]}",
        district_id=district_id,
        agency_id=agency_id,
        company_name=company_name,
        sector=sector,
        needs=needs if needs is not None else ["investment", "open_innovation"],
        expires_at=datetime.now(UTC) + expires_in,
        **picture,
    )
    return new_event(
        payload,
        startup_id=startup_id or f"startup-{uuid4().hex[:10]}",
        cause=Cause.request(GWANAK),
    )


@pytest.fixture
def offer(publish: Publish, growth: httpx.AsyncClient) -> Offer:
    """Publish a `GrowthHandoffOffered` and wait until it is in the agency's queue."""

    async def make(agency_id: str, **fields: Any) -> Envelope[Any]:
        envelope = handoff_offered(agency_id, **fields)
        await publish(envelope)

        async def queued() -> bool:
            response = await growth.get(
                f"/offers/{envelope.payload.handoff_id}", headers=key_of(agency_id)
            )
            return response.status_code == 200

        await eventually(queued, what=f"offer {envelope.payload.handoff_id} at {agency_id}")
        return envelope

    return make


@pytest.fixture
def accepted(offer: Offer, growth: httpx.AsyncClient) -> Accept:
    """A startup the agency accepted; returns its id."""

    async def make(agency_id: str, **fields: Any) -> str:
        envelope = await offer(agency_id, **fields)
        response = await growth.post(
            f"/offers/{envelope.payload.handoff_id}/acceptance", headers=key_of(agency_id)
        )
        assert response.status_code == 200, response.text
        return envelope.startup_id

    return make


@pytest.fixture
def published(make_settings: MakeSettings, mongo: AsyncMongoClient[Any]) -> Published:
    """Envelopes growth published (relayed from its outbox to the broker) of one type."""
    database = make_settings().mongo_database

    async def of_type(event_type: str, at_least: int = 1) -> list[dict[str, Any]]:
        # Empty until `at_least` are marked: the relay marks a batch record by record.
        cursor = mongo[database]["outbox"].find({"event_type": event_type, "published": True})
        found = [json.loads(record["value"]) async for record in cursor]
        return found if len(found) >= at_least else []

    return of_type


@pytest.fixture
def hold(
    publish: Publish,
    growth: httpx.AsyncClient,
    make_settings: MakeSettings,
    mongo: AsyncMongoClient[Any],
) -> Hold:
    """Make a university or district hold a startup the way growth learns it: intake's
    `StartupSubmitted` or incubation's `SettlementCaseOpened` on the broker."""
    database = mongo[make_settings().mongo_database]

    async def make(organization_id: str, startup_id: str) -> None:
        actor = ORGANIZATIONS[key_of(organization_id)["X-API-Key"]]
        if actor.organization_kind is OrganizationKind.UNIVERSITY:
            payload: Any = StartupSubmitted(
                university_id=organization_id,
                company_name="Hangang Labs",
                stage="early",
                sector="ai",
                desired_district="gwanak",
                youth=True,
                submitted_on=datetime.now(UTC).date(),
            )
        else:
            payload = SettlementCaseOpened(
                case_id=f"case-{uuid4().hex[:8]}",
                district_id=organization_id,
                university_id="snu",
                company_name="Hangang Labs",
                sector="ai",
            )
        await publish(new_event(payload, startup_id=startup_id, cause=Cause.request(actor)))

        async def learned() -> bool:
            found = await database["holders"].find_one(
                {"organization_id": organization_id, "startup_id": startup_id}
            )
            return found is not None

        await eventually(learned, what=f"growth learning that {organization_id} holds it")

    return make
