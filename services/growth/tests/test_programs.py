"""Leap-stage programs: cohorts within capacity, enrolment and completion, money granted."""

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from conftest import eventually, key_of

Accept = Callable[..., Awaitable[str]]
Published = Callable[..., Awaitable[list[dict[str, Any]]]]
TODAY = datetime.now(UTC).date()


async def program_with_cohort(
    growth: httpx.AsyncClient, agency_id: str, kind: str, capacity: int = 10
) -> tuple[str, str]:
    program = await growth.post(
        "/programs",
        json={"kind": kind, "title": "Magok demo day", "event_name": "SBA Demo Day"},
        headers=key_of(agency_id),
    )
    assert program.status_code == 201, program.text
    program_id = program.json()["program_id"]
    cohort = await growth.post(
        f"/programs/{program_id}/cohorts",
        json={
            "name": "2025 spring",
            "capacity": capacity,
            "starts_on": str(TODAY),
            "ends_on": str(TODAY + timedelta(days=60)),
        },
        headers=key_of(agency_id),
    )
    assert cohort.status_code == 201, cohort.text
    return program_id, cohort.json()["cohort_id"]


async def test_an_investment_demo_day_enrols_completes_and_grants_the_money_matched(
    growth: httpx.AsyncClient, accepted: Accept, published: Published
) -> None:
    startup_id = await accepted("sba")
    program_id, cohort_id = await program_with_cohort(growth, "sba", "investment_matching")
    cohort_path = f"/programs/{program_id}/cohorts/{cohort_id}"

    enrolled = await growth.post(
        f"{cohort_path}/enrolments", json={"startup_id": startup_id}, headers=key_of("sba")
    )
    assert enrolled.status_code == 201, enrolled.text
    again = await growth.post(
        f"{cohort_path}/enrolments", json={"startup_id": startup_id}, headers=key_of("sba")
    )
    assert again.status_code == 409

    completion = {
        "outcome": "matched with 2 investors",
        "support_krw": 30_000_000,
        "matches": [
            {"investor": "Magok Ventures", "amount_krw": 500_000_000},
            {"investor": "Hangang Angels", "amount_krw": 200_000_000},
        ],
    }
    done = await growth.post(
        f"{cohort_path}/enrolments/{startup_id}/completion", json=completion, headers=key_of("sba")
    )
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed"
    twice = await growth.post(
        f"{cohort_path}/enrolments/{startup_id}/completion", json=completion, headers=key_of("sba")
    )
    assert twice.status_code == 409

    grants = await eventually(
        lambda: published("SupportGranted", at_least=3), what="three SupportGranted published"
    )
    assert sorted((g["payload"]["kind"], g["payload"]["amount_krw"]) for g in grants) == [
        ("investment_matching", 30_000_000),
        ("investment_matching", 200_000_000),
        ("investment_matching", 500_000_000),
    ]
    assert {g["payload"]["institution_id"] for g in grants} == {"sba"}
    assert {g["startup_id"] for g in grants} == {startup_id}
    enrolments = await published("LeapProgramEnrolled")
    assert enrolments[0]["payload"]["kind"] == "investment_matching"
    completions = await published("LeapProgramCompleted")
    assert completions[0]["payload"]["outcome"] == "matched with 2 investors"


async def test_cohort_capacity_holds_under_concurrent_enrolments(
    growth: httpx.AsyncClient, accepted: Accept
) -> None:
    startups = [await accepted("kosme") for _ in range(5)]
    program_id, cohort_id = await program_with_cohort(growth, "kosme", "export", capacity=2)
    path = f"/programs/{program_id}/cohorts/{cohort_id}/enrolments"

    answers = await asyncio.gather(
        *(growth.post(path, json={"startup_id": s}, headers=key_of("kosme")) for s in startups)
    )
    assert sorted(a.status_code for a in answers) == [201, 201, 409, 409, 409]
    program = (await growth.get(f"/programs/{program_id}", headers=key_of("kosme"))).json()
    assert program["cohorts"][0]["enrolled"] == 2
    assert len((await growth.get(path, headers=key_of("kosme"))).json()["items"]) == 2


async def test_only_startups_the_agency_accepted_enter_its_own_programs(
    growth: httpx.AsyncClient, accepted: Accept
) -> None:
    sba_startup = await accepted("sba")
    kicox_startup = await accepted("kicox")
    program_id, cohort_id = await program_with_cohort(growth, "sba", "hiring")
    path = f"/programs/{program_id}/cohorts/{cohort_id}/enrolments"

    foreign = await growth.post(path, json={"startup_id": kicox_startup}, headers=key_of("sba"))
    assert foreign.status_code == 404
    by_other = await growth.post(path, json={"startup_id": kicox_startup}, headers=key_of("kicox"))
    assert by_other.status_code == 404
    assert (await growth.get(f"/programs/{program_id}", headers=key_of("kicox"))).status_code == 404
    assert (await growth.get("/programs", headers=key_of("kicox"))).json()["items"] == []
    assert (await growth.get("/programs/nope", headers=key_of("sba"))).status_code == 404
    assert (await growth.get("/programs", headers=key_of("gwanak"))).status_code == 403

    enrolled = await growth.post(path, json={"startup_id": sba_startup}, headers=key_of("sba"))
    assert enrolled.status_code == 201
    matches = await growth.post(
        f"{path}/{sba_startup}/completion",
        json={"outcome": "hired 3", "matches": [{"investor": "x", "amount_krw": 1}]},
        headers=key_of("sba"),
    )
    assert matches.status_code == 409


async def test_a_cohort_needs_its_dates_in_order_and_a_seat(growth: httpx.AsyncClient) -> None:
    program = await growth.post(
        "/programs", json={"kind": "patent", "title": "Patent clinic"}, headers=key_of("sba")
    )
    path = f"/programs/{program.json()['program_id']}/cohorts"
    backwards = await growth.post(
        path,
        json={"name": "x", "capacity": 5, "starts_on": "2025-05-01", "ends_on": "2025-04-01"},
        headers=key_of("sba"),
    )
    assert backwards.status_code == 422
    assert "ends_on" in backwards.json()["detail"][0]["msg"]
    no_seat = await growth.post(
        path,
        json={"name": "x", "capacity": 0, "starts_on": "2025-05-01", "ends_on": "2025-06-01"},
        headers=key_of("sba"),
    )
    assert no_seat.json()["detail"][0]["loc"] == ["body", "capacity"]
    unknown = await growth.post(
        "/programs", json={"kind": "golf", "title": "x"}, headers=key_of("sba")
    )
    assert unknown.json()["detail"][0]["loc"] == ["body", "kind"]


async def test_a_cohort_that_has_ended_takes_no_one(
    growth: httpx.AsyncClient, accepted: Accept
) -> None:
    startup_id = await accepted("kicox")
    program = await growth.post(
        "/programs", json={"kind": "rnd", "title": "R&D sprint"}, headers=key_of("kicox")
    )
    program_id = program.json()["program_id"]
    cohort = await growth.post(
        f"/programs/{program_id}/cohorts",
        json={"name": "past", "capacity": 5, "starts_on": "2024-01-01", "ends_on": "2024-03-01"},
        headers=key_of("kicox"),
    )
    late = await growth.post(
        f"/programs/{program_id}/cohorts/{cohort.json()['cohort_id']}/enrolments",
        json={"startup_id": startup_id},
        headers=key_of("kicox"),
    )
    assert late.status_code == 409
    assert "ended" in late.json()["detail"]
