"""Open lists: program kinds and difficulty categories are reference data with Korean and
English labels that an operator extends without a release; requests are checked against it."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import httpx

from conftest import eventually, key_of

Accept = Callable[..., Awaitable[str]]
Hold = Callable[[str, str], Awaitable[None]]
Published = Callable[..., Awaitable[list[dict[str, Any]]]]
TODAY = datetime.now(UTC).date()


async def items(growth: httpx.AsyncClient, path: str) -> dict[str, dict[str, Any]]:
    page = (await growth.get(path, params={"limit": 200}, headers=key_of("snu"))).json()
    assert page["next_cursor"] is None
    return {next(iter(item.values())): item for item in page["items"]}


async def test_the_programs_own_kinds_and_categories_are_seeded_with_labels(
    growth: httpx.AsyncClient,
) -> None:
    kinds = await items(growth, "/program-kinds")
    assert {
        "investment_matching",
        "export",
        "open_innovation",
        "rnd",
        "patent",
        "hiring",
        "management",
        "technology",
        "sales_channel",
        "ceo_forum",
        "tech_exchange",
        "tech_fair",
        "dx_challenge",
        "export_fair",
    } <= set(kinds)
    assert (kinds["ceo_forum"]["name_ko"], kinds["ceo_forum"]["name_en"]) == (
        "네트워킹 · CEO 포럼",
        "Networking: CEO forum",
    )
    categories = await items(growth, "/difficulty-categories")
    assert {"funding", "space", "hiring", "regulation", "sales_channel"} <= set(categories)
    assert {"technology", "export", "management"} <= set(categories)
    assert categories["export"]["name_ko"] == "수출"


async def test_an_operator_adds_a_program_kind_and_agencies_run_it_at_once(
    growth: httpx.AsyncClient, accepted: Accept, published: Published
) -> None:
    golf = {"name_ko": "골프 네트워킹", "name_en": "Golf networking", "support_kind": "education"}
    unknown = await growth.post(
        "/programs", json={"kind": "golf_day", "title": "Magok open"}, headers=key_of("sba")
    )
    assert unknown.status_code == 422
    [detail] = unknown.json()["detail"]
    assert (detail["loc"], detail["type"]) == (["body", "kind"], "value_error")
    assert "golf_day" in detail["msg"]

    by_agency = await growth.put("/program-kinds/golf_day", json=golf, headers=key_of("sba"))
    assert by_agency.status_code == 403
    added = await growth.put("/program-kinds/golf_day", json=golf, headers=key_of("operator"))
    assert added.status_code == 201, added.text
    assert added.headers["location"] == "/program-kinds/golf_day"
    relabelled = await growth.put(
        "/program-kinds/golf_day", json={**golf, "name_en": "Golf day"}, headers=key_of("operator")
    )
    assert relabelled.status_code == 200
    assert (await items(growth, "/program-kinds"))["golf_day"]["name_en"] == "Golf day"
    twice = await growth.post(
        "/program-kinds", json={"kind_id": "golf_day", **golf}, headers=key_of("operator")
    )
    assert twice.status_code == 409

    startup_id = await accepted("sba")
    program = await growth.post(
        "/programs", json={"kind": "golf_day", "title": "Magok open"}, headers=key_of("sba")
    )
    assert program.status_code == 201, program.text
    path = f"/programs/{program.json()['program_id']}/cohorts"
    cohort = await growth.post(
        path,
        json={
            "name": "spring",
            "capacity": 9,
            "starts_on": str(TODAY),
            "ends_on": str(TODAY + timedelta(days=1)),  # still open if the run crosses midnight
        },
        headers=key_of("sba"),
    )
    enrolments = f"{path}/{cohort.json()['cohort_id']}/enrolments"
    enrolled = await growth.post(enrolments, json={"startup_id": startup_id}, headers=key_of("sba"))
    assert enrolled.status_code == 201, enrolled.text
    done = await growth.post(
        f"{enrolments}/{startup_id}/completion",
        json={"outcome": "met three CEOs", "support_krw": 500_000},
        headers=key_of("sba"),
    )
    assert done.status_code == 200, done.text

    enrolled_events = await eventually(lambda: published("LeapProgramEnrolled"), what="enrolled")
    assert enrolled_events[0]["payload"]["kind"] == "golf_day"
    grants = await eventually(lambda: published("SupportGranted"), what="granted")
    # The benefit ledger knows the kind by the support kind the operator gave it.
    assert (grants[0]["payload"]["kind"], grants[0]["payload"]["amount_krw"]) == (
        "education",
        500_000,
    )


async def test_an_operator_adds_a_difficulty_category_routed_to_an_agency(
    growth: httpx.AsyncClient, hold: Hold, published: Published
) -> None:
    startup = f"startup-{uuid4().hex[:10]}"
    await hold("gwanak", startup)
    raise_ip = {"category": "ip", "description": "a patent troll writes", "startup_id": startup}
    unknown = await growth.post("/difficulties", json=raise_ip, headers=key_of("gwanak"))
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "category"]

    ip = {"category_id": "ip", "name_ko": "지식재산", "name_en": "IP", "routed_to": "nowhere"}
    no_desk = await growth.post("/difficulty-categories", json=ip, headers=key_of("operator"))
    assert no_desk.status_code == 422
    assert no_desk.json()["detail"][0]["loc"] == ["body", "routed_to"]
    added = await growth.post(
        "/difficulty-categories", json={**ip, "routed_to": "kosme"}, headers=key_of("operator")
    )
    assert added.status_code == 201, added.text
    assert added.headers["location"] == "/difficulty-categories/ip"

    raised = await growth.post("/difficulties", json=raise_ip, headers=key_of("gwanak"))
    assert raised.status_code == 201, raised.text
    assert raised.json()["routed_to"] == "kosme"
    rerouted = await growth.put(
        "/difficulty-categories/ip",
        json={"name_ko": "지식재산", "name_en": "IP", "routed_to": "kicox"},
        headers=key_of("operator"),
    )
    assert rerouted.status_code == 200
    again = await growth.post("/difficulties", json=raise_ip, headers=key_of("gwanak"))
    assert again.json()["routed_to"] == "kicox"
    events = await eventually(lambda: published("DifficultyRaised", at_least=2), what="raised")
    assert sorted(e["payload"]["routed_to"] for e in events) == ["kicox", "kosme"]
    assert {e["payload"]["category"] for e in events} == {"ip"}


async def test_a_cohort_of_a_new_kind_runs_within_dates_the_program_can_plan(
    growth: httpx.AsyncClient,
) -> None:
    program = await growth.post(
        "/programs", json={"kind": "dx_challenge", "title": "DX 2030"}, headers=key_of("kosme")
    )
    assert program.status_code == 201, program.text
    later = TODAY + timedelta(days=365)
    cohort = await growth.post(
        f"/programs/{program.json()['program_id']}/cohorts",
        json={"name": "next year", "capacity": 3, "starts_on": str(later), "ends_on": str(later)},
        headers=key_of("kosme"),
    )
    assert cohort.status_code == 201, cohort.text
