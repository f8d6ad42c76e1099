"""Tickets go to the right desk: raised by whoever holds the startup at any stage, answered by
the agency holding it, seen by every holder; nobody else raises, reads or closes them."""

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import uuid4

import httpx

from conftest import key_of

Hold = Callable[[str, str], Awaitable[None]]
Offer = Callable[..., Awaitable[Any]]


def difficulty(startup_id: str, category: str = "funding") -> dict[str, str]:
    return {
        "category": category,
        "description": "bridge loan before series A",
        "startup_id": startup_id,
    }


async def test_only_the_startups_holders_raise_read_and_close_its_tickets(
    growth: httpx.AsyncClient, hold: Hold
) -> None:
    startup = f"startup-{uuid4().hex[:10]}"
    await hold("snu", startup)
    await hold("gwanak", startup)

    strangers = ["soongsil", "guro", "kicox"]
    for stranger in strangers:
        refused = await growth.post(
            "/difficulties", json=difficulty(startup), headers=key_of(stranger)
        )
        assert refused.status_code == 404, (stranger, refused.text)
    nowhere = await growth.post(
        "/difficulties", json=difficulty("startup-that-never-was"), headers=key_of("snu")
    )
    assert nowhere.status_code == 404

    raised = await growth.post("/difficulties", json=difficulty(startup), headers=key_of("snu"))
    assert raised.status_code == 201, raised.text
    ticket = raised.json()
    assert (ticket["raised_by"], ticket["routed_to"], ticket["status"]) == ("snu", "kosme", "open")
    assert set(ticket["holders"]) == {"snu", "gwanak"}
    path = f"/difficulties/{ticket['ticket_id']}"

    for stranger in strangers:
        assert (await growth.get(path, headers=key_of(stranger))).status_code == 404
        assert (await growth.post(f"{path}/closure", headers=key_of(stranger))).status_code == 404
        listed = (await growth.get("/difficulties", headers=key_of(stranger))).json()["items"]
        assert ticket["ticket_id"] not in {t["ticket_id"] for t in listed}
    district_view = (await growth.get("/difficulties", headers=key_of("gwanak"))).json()["items"]
    assert [t["ticket_id"] for t in district_view] == [ticket["ticket_id"]]
    assert (await growth.get(path, headers=key_of("council"))).status_code == 200
    council_view = (await growth.get("/difficulties", headers=key_of("council"))).json()["items"]
    assert ticket["ticket_id"] in {t["ticket_id"] for t in council_view}

    answer = {"answer": "the KOSME policy fund opens in May"}
    assert (
        await growth.post(f"{path}/answer", json=answer, headers=key_of("kosme"))
    ).status_code == 200
    closed = await growth.post(f"{path}/closure", headers=key_of("snu"))
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed"


async def test_a_ticket_follows_its_startup_to_the_agency_that_accepts_it(
    growth: httpx.AsyncClient, offer: Offer
) -> None:
    offered = await offer("kicox", district_id="gwanak")
    startup = offered.startup_id
    # The district holds the startup (it offered it): hiring goes to the category's desk, sba.
    raised = await growth.post(
        "/difficulties", json=difficulty(startup, "hiring"), headers=key_of("gwanak")
    )
    assert raised.status_code == 201, raised.text
    ticket_id = raised.json()["ticket_id"]
    assert raised.json()["routed_to"] == "sba"
    sba_desk = (await growth.get("/difficulties", headers=key_of("sba"))).json()["items"]
    assert [t["ticket_id"] for t in sba_desk] == [ticket_id]

    handoff = offered.payload.handoff_id
    accepted = await growth.post(f"/offers/{handoff}/acceptance", headers=key_of("kicox"))
    assert accepted.status_code == 200, accepted.text

    moved = (await growth.get(f"/difficulties/{ticket_id}", headers=key_of("kicox"))).json()
    assert (moved["routed_to"], moved["status"]) == ("kicox", "open")
    assert "kicox" in moved["holders"]
    assert (await growth.get("/difficulties", headers=key_of("sba"))).json()["items"] == []
    answer = {"answer": "join our hiring camp in June"}
    by_sba = await growth.post(
        f"/difficulties/{ticket_id}/answer", json=answer, headers=key_of("sba")
    )
    assert by_sba.status_code == 404
    by_kicox = await growth.post(
        f"/difficulties/{ticket_id}/answer", json=answer, headers=key_of("kicox")
    )
    assert by_kicox.status_code == 200, by_kicox.text
    assert by_kicox.json()["answered_by"] == "kicox"

    # From now on every category of difficulty about the startup goes to the agency holding it.
    later = await growth.post(
        "/difficulties", json=difficulty(startup, "funding"), headers=key_of("kicox")
    )
    assert later.status_code == 201, later.text
    assert later.json()["routed_to"] == "kicox"
    seen_by_district = await growth.get(
        "/difficulties", params={"startup_id": startup}, headers=key_of("gwanak")
    )
    assert len(seen_by_district.json()["items"]) == 2


async def test_a_raised_ticket_is_answered_as_itself_with_its_location(
    growth: httpx.AsyncClient, hold: Hold
) -> None:
    startup = f"startup-{uuid4().hex[:10]}"
    await hold("cau", startup)
    raised = await growth.post("/difficulties", json=difficulty(startup), headers=key_of("cau"))
    assert raised.status_code == 201
    body = raised.json()
    assert "ticket" not in body
    assert {"ticket_id", "startup_id", "category", "routed_to", "age_s", "overdue"} <= set(body)
    again = await growth.get(raised.headers["location"], headers=key_of("cau"))
    assert again.status_code == 200
    assert {k: v for k, v in again.json().items() if k != "age_s"} == {
        k: v for k, v in body.items() if k != "age_s"
    }
