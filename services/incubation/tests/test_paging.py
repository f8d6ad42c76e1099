"""Lists answer in pages, newest first, and reach every item: a district's newest cases no longer
drop out of view behind its oldest."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import httpx
from bson.binary import UuidRepresentation
from bson.codec_options import CodecOptions
from pymongo import AsyncMongoClient

from conftest import key_of, serving
from incubation.domain.handoffs import open_handoff
from incubation.main import create_app
from incubation.settings import Settings
from relay_eventing.documents import to_document

GraduateMany = Callable[[str, int], Awaitable[list[dict[str, Any]]]]


async def every_page(
    client: httpx.AsyncClient, path: str, org: str, **params: Any
) -> list[list[dict[str, Any]]]:
    """Each page of a list, following `next_cursor` until the last page."""
    pages: list[list[dict[str, Any]]] = []
    cursor: str | None = None
    while True:
        asked = {**params, **({"cursor": cursor} if cursor else {})}
        answer = await client.get(path, params=asked, headers=key_of(org))
        assert answer.status_code == 200, answer.text
        body = answer.json()
        pages.append(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return pages


def newest_first(cases: list[dict[str, Any]]) -> list[str]:
    def opened(case: dict[str, Any]) -> tuple[datetime, str]:
        return datetime.fromisoformat(case["opened_at"]), case["case_id"]

    ordered = sorted(cases, key=opened, reverse=True)
    return [case["case_id"] for case in ordered]


async def test_a_districts_cases_come_newest_first_in_pages_that_reach_every_case(
    incubation: httpx.AsyncClient, graduate_many: GraduateMany
) -> None:
    cases = await graduate_many("geumcheon", 5)

    pages = await every_page(incubation, "/cases", "geumcheon", limit=2)

    assert [len(page) for page in pages] == [2, 2, 1]
    listed = [case["case_id"] for page in pages for case in page]
    assert listed == newest_first(cases)
    oldest = await every_page(incubation, "/cases", "geumcheon", limit=2, order="oldest")
    assert [case["case_id"] for page in oldest for case in page] == listed[::-1]


async def test_a_paged_queue_keeps_its_status_filter(
    incubation: httpx.AsyncClient, graduate_many: GraduateMany
) -> None:
    cases = await graduate_many("yeongdeungpo", 3)
    returned = cases[0]["case_id"]
    declined = await incubation.post(
        f"/cases/{returned}/decline",
        json={"reason": "not our sector", "then": "return"},
        headers=key_of("yeongdeungpo"),
    )
    assert declined.status_code == 200, declined.text

    pages = await every_page(incubation, "/cases", "yeongdeungpo", limit=1, status="open")

    listed = [case["case_id"] for page in pages for case in page]
    assert listed == newest_first([c for c in cases if c["case_id"] != returned])
    bad = await incubation.get(
        "/cases", params={"cursor": "not-a-cursor"}, headers=key_of("yeongdeungpo")
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["query", "cursor"]


async def test_a_handoff_stored_before_opened_at_existed_is_dated_by_its_first_offer(
    settings: Settings, mongo: AsyncMongoClient[Any]
) -> None:
    offered_at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    handoff = open_handoff(
        handoff_id=f"ho-{uuid4().hex[:16]}",
        case_id="case-legacy",
        startup_id="st-legacy",
        district_id="guro",
        company_name="Guro Robotics",
        sector="robotics",
        needs=["investment"],
        agency_id="kosme",
        expires_at=offered_at + timedelta(days=14),
        correlation_id=uuid4(),
        now=offered_at,
    )
    legacy = to_document(handoff, "handoff_id")
    del legacy["opened_at"]
    # Stored as the service stores it: UUIDs in the standard representation.
    codecs: CodecOptions[Any] = CodecOptions(uuid_representation=UuidRepresentation.STANDARD)
    database = mongo.get_database(settings.mongo_database, codec_options=codecs)
    await database["handoffs"].insert_one(legacy)

    async with serving(create_app(settings), "incubation") as incubation:
        listed = (await incubation.get("/handoffs", headers=key_of("kosme"))).json()["items"]

    assert [(h["handoff_id"], h["opened_at"]) for h in listed] == [
        (handoff.handoff_id, "2026-03-02T09:30:00Z")
    ]
