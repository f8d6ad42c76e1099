"""Outcomes over time with the gazelle flag, and difficulty tickets from raising to closing."""

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from conftest import eventually, key_of, serving
from growth.main import create_app

Accept = Callable[..., Awaitable[str]]
Published = Callable[..., Awaitable[list[dict[str, Any]]]]
STARTUP = {"X-API-Key": "test-key-startup-hangang-0000"}


def kpis(as_of: str, employees: int, revenue: int) -> dict[str, Any]:
    return {
        "as_of": as_of,
        "employees": employees,
        "revenue_krw": revenue,
        "investment_raised_krw": 1_000_000_000,
        "ip_registered": 2,
        "exports_krw": 0,
        "operating": True,
    }


async def test_snapshots_over_two_years_show_growth_and_flag_a_gazelle(
    growth: httpx.AsyncClient, accepted: Accept, published: Published
) -> None:
    startup_id = await accepted("kosme")
    path = f"/startups/{startup_id}/snapshots"
    for as_of, employees, revenue in [
        ("2023-06-30", 10, 1_000_000_000),
        ("2024-01-31", 11, 1_100_000_000),
        ("2024-06-30", 13, 1_300_000_000),
    ]:
        response = await growth.post(
            path, json=kpis(as_of, employees, revenue), headers=key_of("kosme")
        )
        assert response.status_code == 201, response.text
    latest = response.json()["growth"]
    assert latest["revenue_yearly"] == 0.3
    assert latest["revenue_since_previous"] == round(1300 / 1100 - 1, 4)
    assert latest["gazelle"] is True

    duplicate = await growth.post(path, json=kpis("2024-06-30", 1, 1), headers=key_of("kosme"))
    assert duplicate.status_code == 409
    negative = await growth.post(path, json=kpis("2024-07-01", -1, 1), headers=key_of("kosme"))
    assert negative.json()["detail"][0]["loc"] == ["body", "employees"]
    assert (await growth.get(path, headers=key_of("sba"))).status_code == 404
    assert (
        await growth.post(path, json=kpis("2025-01-01", 1, 1), headers=key_of("sba"))
    ).status_code == 404

    history = (await growth.get(path, headers=key_of("kosme"))).json()["items"]
    assert [h["as_of"] for h in history] == ["2024-06-30", "2024-01-31", "2023-06-30"]
    assert [h["growth"]["gazelle"] for h in history] == [True, False, False]
    # A page's growth is measured against the earlier snapshots on other pages.
    latest = (await growth.get(path, params={"limit": 1}, headers=key_of("kosme"))).json()
    assert [(h["as_of"], h["growth"]["gazelle"]) for h in latest["items"]] == [("2024-06-30", True)]
    rest = await growth.get(path, params={"cursor": latest["next_cursor"]}, headers=key_of("kosme"))
    assert [h["as_of"] for h in rest.json()["items"]] == ["2024-01-31", "2023-06-30"]
    assert rest.json()["next_cursor"] is None
    events = await eventually(
        lambda: published("OutcomeSnapshotRecorded", at_least=3), what="snapshots published"
    )
    assert sorted((e["payload"]["as_of"], e["payload"]["gazelle"]) for e in events) == [
        ("2023-06-30", False),
        ("2024-01-31", False),
        ("2024-06-30", True),
    ]


async def test_a_company_raises_a_difficulty_routed_answered_and_closed(
    growth: httpx.AsyncClient, published: Published
) -> None:
    raised = await growth.post(
        "/difficulties",
        json={"category": "funding", "description": "bridge loan before series A"},
        headers=STARTUP,
    )
    assert raised.status_code == 201, raised.text
    ticket = raised.json()
    assert raised.headers["location"] == f"/difficulties/{ticket['ticket_id']}"
    assert (ticket["startup_id"], ticket["routed_to"], ticket["status"]) == (
        "startup-hangang",
        "kosme",
        "open",
    )
    path = f"/difficulties/{ticket['ticket_id']}"
    assert (await growth.get(path, headers=key_of("sba"))).status_code == 404
    answer = {"answer": "apply to the KOSME policy fund"}
    assert (
        await growth.post(f"{path}/answer", json=answer, headers=key_of("sba"))
    ).status_code == 404
    assert (await growth.post(f"{path}/closure", headers=STARTUP)).status_code == 409

    answered = await growth.post(f"{path}/answer", json=answer, headers=key_of("kosme"))
    assert answered.status_code == 200, answered.text
    closed = await growth.post(f"{path}/closure", headers=STARTUP)
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed"
    assert closed.json()["overdue"] is False

    raised_events = await eventually(lambda: published("DifficultyRaised"), what="raised")
    assert raised_events[0]["payload"]["routed_to"] == "kosme"
    resolved = await eventually(lambda: published("DifficultyResolved"), what="resolved")
    assert resolved[0]["payload"] == {
        "ticket_id": ticket["ticket_id"],
        "answered_by": "kosme",
        "resolution": "apply to the KOSME policy fund",
    }
    mine = (await growth.get("/difficulties", headers=STARTUP)).json()["items"]
    assert [t["ticket_id"] for t in mine] == [ticket["ticket_id"]]
    assert (await growth.get("/difficulties", headers=key_of("sba"))).json()["items"] == []


async def test_an_institution_raises_a_difficulty_for_a_startup_it_works_with(
    growth: httpx.AsyncClient, accepted: Accept
) -> None:
    body = {"category": "space", "description": "needs a lab near Magok"}
    missing = await growth.post("/difficulties", json=body, headers=key_of("gwanak"))
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "startup_id"]
    startup_id = await accepted("sba")
    by_district = await growth.post(
        "/difficulties", json={**body, "startup_id": startup_id}, headers=key_of("gwanak")
    )
    assert by_district.status_code == 201
    # sba holds the startup, so its desk answers, whatever the category's desk.
    assert by_district.json()["routed_to"] == "sba"
    by_sba = await growth.post(
        "/difficulties", json={**body, "startup_id": startup_id}, headers=key_of("sba")
    )
    assert by_sba.status_code == 201
    not_its_own = await growth.post(
        "/difficulties", json={**body, "startup_id": startup_id}, headers=key_of("kosme")
    )
    assert not_its_own.status_code == 404
    for_another = await growth.post(
        "/difficulties", json={**body, "startup_id": startup_id}, headers=STARTUP
    )
    assert for_another.status_code == 404
    unknown = await growth.post(
        "/difficulties",
        json={**body, "category": "weather", "startup_id": startup_id},
        headers=key_of("gwanak"),
    )
    assert unknown.json()["detail"][0]["loc"] == ["body", "category"]
    inbox = (await growth.get("/difficulties", headers=key_of("sba"))).json()["items"]
    assert len(inbox) == 2
    assert {t["status"] for t in inbox} == {"open"}
    assert (await growth.get("/difficulties", headers=key_of("kicox"))).json()["items"] == []


async def test_an_unanswered_ticket_is_flagged_overdue_with_its_age(
    make_settings: Callable[..., Any],
) -> None:
    settings = make_settings(difficulty_answer_within_s=0.2)
    async with serving(create_app(settings), "growth") as growth:
        raised = await growth.post(
            "/difficulties",
            json={"category": "hiring", "description": "cannot find embedded engineers"},
            headers=STARTUP,
        )
        assert raised.status_code == 201
        assert raised.json()["overdue"] is False

        async def overdue() -> dict[str, Any] | None:
            tickets: list[dict[str, Any]] = (
                await growth.get("/difficulties", headers=key_of("sba"))
            ).json()["items"]
            return tickets[0] if tickets and tickets[0]["overdue"] else None

        flagged = await eventually(overdue, what="the ticket flagged overdue")
        assert flagged["age_s"] > 0.2
        assert flagged["status"] == "open"
