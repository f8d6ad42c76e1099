"""Helpers of the intake tests: valid bodies, and a client that walks a startup through intake."""

import itertools
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from pymongo.asynchronous.database import AsyncDatabase

from conftest import eventually, key_of
from intake.domain.bounds import KST
from intake.domain.identity import brn_check_digit

_serial = itertools.count(100_000_000 + datetime.now(UTC).microsecond * 100)


def valid_brn() -> str:
    """A fresh 사업자등록번호 with a correct check digit, written with dashes."""
    first_nine = f"{next(_serial) % 1_000_000_000:09d}"
    digits = first_nine + str(brn_check_digit(first_nine))
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


_names = itertools.count(1)


def startup_body(**overrides: Any) -> dict[str, Any]:
    """A valid pre-startup submission with a company name no other test uses."""
    body: dict[str, Any] = {
        "company_name": f"Hangang Labs {next(_names)}",
        "stage": "pre_startup",
        "founders": [
            {"name": "김민지", "birth_date": "1996-04-02", "role": "ceo"},
            {"name": "이준호", "birth_date": "1980-01-15", "role": "cto"},
        ],
        "sector": "ai",
        "description": "On-device speech models for small clinics.",
        "desired_district": "gwanak",
        "contact": {"name": "김민지", "email": "minji@hangang.example", "phone": "010-1234-5678"},
        "documents": [{"title": "Pitch deck", "url": "https://docs.example/hangang.pdf"}],
    }
    body.update(overrides)
    return body


def early_body(**overrides: Any) -> dict[str, Any]:
    registered = (datetime.now(UTC).date() - timedelta(days=400)).isoformat()
    return startup_body(
        stage="early",
        business_registration_number=valid_brn(),
        registered_on=registered,
        **overrides,
    )


ALL_CRITERIA_SCORES = [
    {"criterion": "team", "score": 90, "reviewer": "prof-park"},
    {"criterion": "team", "score": 70, "reviewer": "prof-choi"},
    {"criterion": "market", "score": 60, "reviewer": "prof-park"},
    {"criterion": "technology", "score": 80, "reviewer": "prof-park"},
    {"criterion": "feasibility", "score": 50, "reviewer": "prof-choi"},
]


@dataclass
class Intake:
    client: httpx.AsyncClient
    db: AsyncDatabase[Any]
    bootstrap: str

    async def submit(self, university: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = await self.client.post("/startups", json=body, headers=key_of(university))
        assert answer.status_code == 201, answer.text
        result: dict[str, Any] = answer.json()
        return result

    async def post(self, university: str, path: str, body: Any = None) -> httpx.Response:
        return await self.client.post(path, json=body, headers=key_of(university))

    async def get(self, organization: str, path: str, **params: Any) -> httpx.Response:
        return await self.client.get(path, params=params, headers=key_of(organization))

    async def admitted(self, university: str, body: dict[str, Any] | None = None) -> str:
        """Submit, screen and admit a startup; returns its id."""
        startup_id = str((await self.submit(university, body or startup_body()))["startup_id"])
        screened = await self.post(
            university, f"/startups/{startup_id}/screenings", {"scores": ALL_CRITERIA_SCORES}
        )
        assert screened.status_code == 201, screened.text
        admitted = await self.post(
            university, f"/startups/{startup_id}/decision", {"decision": "admit"}
        )
        assert admitted.status_code == 200, admitted.text
        return startup_id

    async def events(self, event_type: str, startup_id: str) -> list[dict[str, Any]]:
        """Envelopes of one type that the outbox recorded for a startup, oldest first."""
        cursor = self.db["outbox"].find({"event_type": event_type, "key": startup_id}).sort("_id")
        return [json.loads(record["value"]) async for record in cursor]

    async def published(self, event_type: str, startup_id: str) -> list[dict[str, Any]]:
        """Waits until the relay published the startup's events of that type, and returns them."""

        async def probe() -> list[dict[str, Any]] | None:
            query = {"event_type": event_type, "key": startup_id}
            records = [r async for r in self.db["outbox"].find(query).sort("_id")]
            if records and all(r["published"] for r in records):
                return [json.loads(r["value"]) for r in records]
            return None

        return await eventually(probe, what=f"{event_type} of {startup_id} published")


def days_ago(days: int) -> str:
    return (datetime.now(KST).date() - timedelta(days=days)).isoformat()
