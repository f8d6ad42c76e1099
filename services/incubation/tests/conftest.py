"""Fixtures of the incubation tests: the service on the real servers, and events published to it."""

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import uuid4

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from pymongo import AsyncMongoClient

from conftest import eventually, key_of, serving
from incubation.main import create_app
from incubation.settings import Settings
from relay_contracts import Actor, Envelope, OrganizationKind
from relay_contracts.intake import StartupGraduated, SupportReceived
from relay_eventing import Cause, new_event
from services.incubation.tests.kit import GRADUATED_ON, LATE, MOVED_IN_ON, TODAY

SNU = Actor(organization_id="snu", organization_kind=OrganizationKind.UNIVERSITY)
FIRST_FACILITY = {
    "gangseo": "gangseo-magok-hub",
    "gwanak": "gwanak-s-valley",
    "guro": "guro-g-valley",
    "geumcheon": "geumcheon-g-valley",
    "dongjak": "dongjak-startup-center",
    "yeongdeungpo": "yeongdeungpo-hub",
    "yangcheon": "yangcheon-startup-center",
}
ADDRESS = {
    "gwanak": "서울특별시 관악구 남부순환로 1808",
    "guro": "서울특별시 구로구 디지털로 300",
    "dongjak": "서울특별시 동작구 상도로 369",
}

Publish = Callable[..., Awaitable[None]]
Graduate = Callable[..., Awaitable[dict[str, Any]]]
GraduateMany = Callable[[str, int], Awaitable[list[dict[str, Any]]]]
Settle = Callable[..., Awaitable[dict[str, Any]]]
Published = Callable[..., Awaitable[list[dict[str, Any]]]]


@pytest.fixture
def settings(settings_for: Callable[[str], dict[str, Any]]) -> Settings:
    return Settings(**settings_for("incubation"), handoff_sweep_interval_s=0.1)


@pytest.fixture
async def incubation(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with serving(create_app(settings), "incubation") as client:
        yield client


@pytest.fixture
def publish(bootstrap: str) -> Publish:
    """Publish envelopes to the test's broker as another service's relay does."""

    async def send(*envelopes: Envelope[Any]) -> None:
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

    return send


def graduated(
    startup_id: str,
    district_id: str,
    support_received: list[SupportReceived] | None = None,
    *,
    graduated_on: date = GRADUATED_ON,
    **profile: Any,
) -> Envelope[Any]:
    fields: dict[str, Any] = {
        "university_id": "snu",
        "company_name": f"Hangang Labs {startup_id[-4:]}",
        "stage": "early",
        "sector": "ai",
        "youth": True,
    }
    payload = StartupGraduated(
        **(fields | profile),
        desired_district=district_id,
        support_received=support_received or [],
    )
    at = datetime.combine(graduated_on, time(12), UTC)
    return new_event(payload, startup_id=startup_id, cause=Cause.request(SNU), occurred_at=at)


@pytest.fixture
def graduate(incubation: httpx.AsyncClient, publish: Publish) -> Graduate:
    """Publish a real StartupGraduated and wait for the case it opens in the district."""

    async def run(
        district_id: str = "gwanak",
        *,
        startup_id: str | None = None,
        support_received: list[SupportReceived] | None = None,
        graduated_on: date = GRADUATED_ON,
        **profile: Any,
    ) -> dict[str, Any]:
        startup_id = startup_id or f"st-{uuid4().hex[:12]}"
        await publish(
            graduated(
                startup_id, district_id, support_received, graduated_on=graduated_on, **profile
            )
        )

        async def case() -> dict[str, Any] | None:
            cases = (await incubation.get("/cases", headers=key_of(district_id))).json()["items"]
            return next((c for c in cases if c["startup_id"] == startup_id), None)

        return await eventually(case, what=f"the case of {startup_id} in {district_id}")

    return run


@pytest.fixture
def graduate_many(incubation: httpx.AsyncClient, publish: Publish) -> GraduateMany:
    """Publish `count` graduations at once and wait for all their cases."""

    async def run(district_id: str, count: int) -> list[dict[str, Any]]:
        startups = {f"st-{uuid4().hex[:12]}" for _ in range(count)}
        await publish(*(graduated(startup_id, district_id) for startup_id in startups))

        async def cases() -> list[dict[str, Any]]:
            listed = (await incubation.get("/cases", headers=key_of(district_id))).json()["items"]
            mine = [c for c in listed if c["startup_id"] in startups]
            return mine if len(mine) == count else []

        return await eventually(cases, what=f"{count} cases in {district_id}")

    return run


@pytest.fixture
def settle(incubation: httpx.AsyncClient) -> Settle:
    """Approve a case into the district's first facility and record its move-in (by default
    long enough ago for the default readiness, so with the reason it is recorded late)."""

    async def run(case: dict[str, Any], *, moved_in_on: date = MOVED_IN_ON) -> dict[str, Any]:
        district_id = case["district_id"]
        late = {"backdate_reason": LATE} if moved_in_on < TODAY - timedelta(days=30) else {}
        approved = await incubation.post(
            f"/cases/{case['case_id']}/approval",
            json={
                "facility_id": FIRST_FACILITY[district_id],
                "start_date": moved_in_on.isoformat(),
                **late,
            },
            headers=key_of(district_id),
        )
        assert approved.status_code == 201, approved.text
        settled = await incubation.post(
            f"/cases/{case['case_id']}/settlement",
            json={
                "registered_address": ADDRESS[district_id],
                "moved_in_on": moved_in_on.isoformat(),
                "minimum_stay_months": 24,
                **late,
            },
            headers=key_of(district_id),
        )
        assert settled.status_code == 201, settled.text
        body: dict[str, Any] = settled.json()
        return body

    return run


@pytest.fixture
def published(settings: Settings, mongo: AsyncMongoClient[Any]) -> Published:
    """The envelopes incubation published of one event type, once the relay sent `at_least`."""

    async def read(event_type: str, at_least: int = 1) -> list[dict[str, Any]]:
        cursor = mongo[settings.mongo_database]["outbox"].find(
            {"event_type": event_type, "published": True}
        )
        found = [json.loads(record["value"]) async for record in cursor]
        return found if len(found) >= at_least else []

    return read
