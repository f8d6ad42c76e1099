"""Open innovation: firms' needs seen by every agency, startups ranked with reasons, outcomes."""

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from conftest import eventually, key_of

Accept = Callable[..., Awaitable[str]]
Published = Callable[..., Awaitable[list[dict[str, Any]]]]
LG_NEED = "lg-electronics-vision-inspection"


async def profile(
    growth: httpx.AsyncClient, startup_id: str, technologies: list[str], stage: str
) -> None:
    response = await growth.put(
        f"/startups/{startup_id}/profile",
        json={"technologies": technologies, "stage": stage},
        headers=key_of("sba"),
    )
    assert response.status_code == 200, response.text


async def test_the_seeded_magok_needs_are_visible_to_every_agency(
    growth: httpx.AsyncClient,
) -> None:
    for agency in ("sba", "kosme", "kicox"):
        needs = (await growth.get("/needs", headers=key_of(agency))).json()["items"]
        assert {n["firm_id"] for n in needs} == {
            "lg-electronics",
            "lotte",
            "kolon",
            "s-oil",
            "nexen",
        }
    firms = (await growth.get("/firms", headers=key_of("kicox"))).json()["items"]
    assert {f["firm_id"]: f["name_ko"] for f in firms}["lg-electronics"] == "LG전자"
    assert (await growth.get("/needs", headers=key_of("gwanak"))).status_code == 403


async def test_matching_ranks_the_agencys_startups_for_a_need_and_explains_the_score(
    growth: httpx.AsyncClient, accepted: Accept
) -> None:
    vision = await accepted("sba", company_name="Vision Forge", sector="ai")
    factory = await accepted("sba", company_name="Smart Factory Co", sector="manufacturing")
    bakery = await accepted("sba", company_name="Bread Data", sector="retail", needs=["export"])
    elsewhere = await accepted("kosme", company_name="Kosme Vision", sector="ai")
    await profile(growth, vision, ["computer_vision", "edge_ai"], "growth")
    await profile(growth, factory, ["computer_vision", "robotics"], "early")
    await profile(growth, bakery, ["demand_forecasting"], "early")

    response = await growth.get(f"/needs/{LG_NEED}/matches", headers=key_of("sba"))
    assert response.status_code == 200, response.text
    ranked = response.json()
    assert [(m["company_name"], m["score"]) for m in ranked] == [
        ("Vision Forge", 100.0),
        ("Smart Factory Co", 57.5),
        ("Bread Data", 0.0),
    ]
    assert elsewhere not in {m["startup_id"] for m in ranked}
    explained = {f["field"]: (f["matched"], f["points"]) for f in ranked[1]["explanation"]}
    assert explained == {
        "technology": (["computer_vision"], 22.5),
        "sector": (["manufacturing"], 25.0),
        "stage": ([], 0.0),
        "open_innovation_need": (["open_innovation"], 10.0),
    }
    assert (await growth.get("/needs/nope/matches", headers=key_of("sba"))).status_code == 404
    foreign = await growth.put(
        f"/startups/{elsewhere}/profile", json={"technologies": []}, headers=key_of("sba")
    )
    assert foreign.status_code == 404


async def test_a_meeting_outcome_is_recorded_and_published(
    growth: httpx.AsyncClient, accepted: Accept, published: Published
) -> None:
    startup_id = await accepted("sba")
    other = await accepted("kicox")
    outcome = {"startup_id": startup_id, "outcome": "poc", "met_on": "2025-05-20"}
    recorded = await growth.post(f"/needs/{LG_NEED}/outcomes", json=outcome, headers=key_of("sba"))
    assert recorded.status_code == 201, recorded.text
    foreign = await growth.post(
        f"/needs/{LG_NEED}/outcomes", json={**outcome, "startup_id": other}, headers=key_of("sba")
    )
    assert foreign.status_code == 404
    wrong = await growth.post(
        f"/needs/{LG_NEED}/outcomes", json={**outcome, "outcome": "merger"}, headers=key_of("sba")
    )
    assert wrong.json()["detail"][0]["loc"] == ["body", "outcome"]

    events = await eventually(
        lambda: published("OpenInnovationOutcomeRecorded"), what="the outcome published"
    )
    assert events[0]["payload"] == {
        "need_id": LG_NEED,
        "firm_id": "lg-electronics",
        "outcome": "poc",
        "met_on": "2025-05-20",
    }
    mine = (await growth.get(f"/needs/{LG_NEED}/outcomes", headers=key_of("sba"))).json()
    assert [o["outcome"] for o in mine["items"]] == ["poc"]
    others = await growth.get(f"/needs/{LG_NEED}/outcomes", headers=key_of("kicox"))
    assert others.json()["items"] == []


async def test_a_need_is_published_for_a_known_firm_by_an_operator_or_agency(
    growth: httpx.AsyncClient,
) -> None:
    need = {"firm_id": "nexen", "title": "EV tire noise", "technologies": ["acoustics"]}
    created = await growth.post("/needs", json=need, headers=key_of("operator"))
    assert created.status_code == 201, created.text
    assert (await growth.post("/needs", json=need, headers=key_of("snu"))).status_code == 403
    unknown = await growth.post(
        "/needs", json={**need, "firm_id": "acme"}, headers=key_of("operator")
    )
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "firm_id"]
    empty = await growth.post(
        "/needs", json={**need, "technologies": []}, headers=key_of("operator")
    )
    assert empty.json()["detail"][0]["loc"] == ["body", "technologies"]
