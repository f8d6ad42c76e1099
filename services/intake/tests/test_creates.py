"""Every create answers 201 with a `Location` that a reader can follow to what it made."""

from typing import Any

import httpx

from conftest import key_of
from services.intake.tests.kit import ALL_CRITERIA_SCORES, Intake, days_ago, startup_body


async def _follow(intake: Intake, answer: httpx.Response, reader: str) -> dict[str, Any]:
    assert answer.status_code == 201, answer.text
    location = answer.headers["Location"]
    read = await intake.client.get(location, headers=key_of(reader))
    assert read.status_code == 200, (location, read.text)
    found: dict[str, Any] = read.json()
    return found


async def test_a_submission_and_everything_recorded_on_it_can_be_read_where_it_says(
    intake: Intake,
) -> None:
    submitted = await intake.post("snu", "/startups", startup_body(company_name="Guro Drones"))
    assert submitted.headers["Location"] == f"/startups/{submitted.json()['startup_id']}"
    assert (await _follow(intake, submitted, "snu"))["company_name"] == "Guro Drones"
    at = submitted.headers["Location"]

    screened = await intake.post("snu", f"{at}/screenings", {"scores": ALL_CRITERIA_SCORES})
    assert screened.headers["Location"] == f"{at}/screenings/1"
    screening = await _follow(intake, screened, "snu")
    assert (screening["number"], screening["rubric_version"]) == (1, 1)
    assert screening["weighted_total"] == 69.0
    assert {s["reviewer"] for s in screening["scores"]} == {"prof-park", "prof-choi"}
    again = await intake.post("snu", f"{at}/screenings", {"scores": ALL_CRITERIA_SCORES})
    assert again.headers["Location"] == f"{at}/screenings/2"
    assert (await intake.post("snu", f"{at}/decision", {"decision": "admit"})).status_code == 200

    program = {"program_id": "snu-mentoring", "kind": "mentoring", "amount_krw": 1_000_000}
    enrolled = await intake.post("snu", f"{at}/programs", program)
    assert enrolled.headers["Location"] == f"{at}/programs/snu-mentoring"
    assert (await _follow(intake, enrolled, "snu"))["amount_krw"] == 1_000_000

    session = {"mentor": "Dr. Han", "held_on": days_ago(1), "topic": "pricing"}
    held = await intake.post("snu", f"{at}/mentoring-sessions", session)
    assert held.headers["Location"] == f"{at}/mentoring-sessions/1"
    assert (await _follow(intake, held, "council"))["topic"] == "pricing"

    reached = await intake.post(
        "snu", f"{at}/milestones", {"milestone": "prototype", "reached_on": days_ago(2)}
    )
    assert reached.headers["Location"] == f"{at}/milestones/1"
    assert (await _follow(intake, reached, "snu"))["milestone"] == "prototype"
    missing = await intake.get("snu", f"{at}/milestones/2")
    assert missing.status_code == 404


async def test_an_idempotent_replay_gives_the_same_location(intake: Intake) -> None:
    body = startup_body()
    headers = {**key_of("cau"), "Idempotency-Key": "form-7"}
    first = await intake.client.post("/startups", json=body, headers=headers)
    again = await intake.client.post("/startups", json=body, headers=headers)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Location"] == first.headers["Location"]


async def test_operators_creates_answer_with_their_location(intake: Intake) -> None:
    rubric = {"title": "2027", "criteria": [{"key": "team", "title": "Team", "weight": 1}]}
    revised = await intake.client.put(
        "/rubrics/startup-screening", json=rubric, headers=key_of("operator")
    )
    assert (await _follow(intake, revised, "snu"))["version"] == 2

    university = {
        "university_id": "hongik",
        "name_ko": "홍익대학교",
        "short_name_ko": "홍익대",
        "name_en": "Hongik University",
    }
    added = await intake.post("operator", "/universities", university)
    assert added.headers["Location"] == "/universities/hongik"
    assert await _follow(intake, added, "council") == university

    survivor = (await intake.submit("snu", startup_body()))["startup_id"]
    merged = (await intake.submit("cau", startup_body()))["startup_id"]
    merge = {"survivor_id": survivor, "merged_id": merged, "reason": "one company"}
    answer = await intake.post("operator", "/merges", merge)
    assert answer.headers["Location"] == f"/startups/{survivor}"
    assert (await _follow(intake, answer, "operator"))["startup_id"] == survivor
