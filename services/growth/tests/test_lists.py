"""Lists answer newest first, page by page, and never drop what lies past a cap."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from conftest import key_of
from growth.domain.offers import HandoffOffer, LeapStartup
from growth.settings import Settings
from relay_eventing.documents import to_document

# More than the 500 documents a list used to stop at.
MANY = 501
LG_NEED = "lg-electronics-vision-inspection"


def stored_offer(agency_id: str, number: int, received_at: datetime) -> dict[str, Any]:
    offer = HandoffOffer(
        offer_id=f"handoff-bulk-{number:04d}#1",
        handoff_id=f"handoff-bulk-{number:04d}",
        attempt=1,
        startup_id=f"startup-bulk-{number:04d}",
        agency_id=agency_id,
        district_id="gwanak",
        company_name=f"Bulk {number}",
        sector="ai",
        needs=["investment"],
        expires_at=received_at + timedelta(days=14),
        received_at=received_at,
        event_id=f"event-bulk-{number:04d}",
        correlation_id="00000000-0000-0000-0000-000000000000",
    )
    return to_document(offer, "offer_id")


def stored_startup(
    agency_id: str, handoff_id: str, name: str, technologies: list[str]
) -> dict[str, Any]:
    startup = LeapStartup(
        leap_id=f"{agency_id}:{handoff_id}",
        agency_id=agency_id,
        startup_id=f"startup-{handoff_id}",
        handoff_id=handoff_id,
        district_id="gwanak",
        company_name=name,
        sector="ai",
        needs=["open_innovation"],
        accepted_at=datetime.now(UTC),
        technologies=technologies,
        stage="growth",
    )
    return to_document(startup, "leap_id")


async def test_an_agencys_queue_shows_its_newest_offers_first_and_pages_through_all(
    growth: httpx.AsyncClient,
    make_settings: Callable[..., Settings],
    mongo: AsyncMongoClient[Any],
) -> None:
    database = mongo[make_settings().mongo_database]
    start = datetime.now(UTC) - timedelta(days=1)
    await database["offers"].insert_many(
        [stored_offer("kicox", n, start + timedelta(seconds=n)) for n in range(MANY)]
    )

    first = (await growth.get("/offers", headers=key_of("kicox"))).json()
    assert first["items"][0]["handoff_id"] == f"handoff-bulk-{MANY - 1:04d}"
    assert len(first["items"]) == 50
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        page = (await growth.get("/offers", params=params, headers=key_of("kicox"))).json()
        seen += [offer["handoff_id"] for offer in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"handoff-bulk-{n:04d}" for n in reversed(range(MANY))]
    oldest = (await growth.get("/offers?order=oldest&limit=1", headers=key_of("kicox"))).json()
    assert [offer["handoff_id"] for offer in oldest["items"]] == ["handoff-bulk-0000"]
    refused = await growth.get("/offers?cursor=not-a-cursor", headers=key_of("kicox"))
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["query", "cursor"]


async def test_matching_ranks_every_startup_the_agency_accepted(
    growth: httpx.AsyncClient,
    make_settings: Callable[..., Settings],
    mongo: AsyncMongoClient[Any],
) -> None:
    database = mongo[make_settings().mongo_database]
    weak = [stored_startup("sba", f"a-{n:04d}", f"Weak {n}", []) for n in range(MANY - 1)]
    # Stored last by id, past where the first 500 end.
    best = stored_startup("sba", "z-best", "Vision Best", ["computer_vision", "edge_ai"])
    await database["portfolio"].insert_many([*weak, best])

    response = await growth.get(f"/needs/{LG_NEED}/matches", headers=key_of("sba"))
    assert response.status_code == 200, response.text
    ranked = response.json()
    assert len(ranked) == MANY
    assert (ranked[0]["company_name"], ranked[0]["score"]) == ("Vision Best", 100.0)
