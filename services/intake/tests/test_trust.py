"""Every route that takes a startup id, called by every kind of caller: only the holder acts.

The routes come from the app's own OpenAPI document, so a new route is probed without a new
test; a new write route fails here until it has a valid body below (a wrong body would be
refused for its body, proving nothing about access).
"""

from typing import Any

from conftest import key_of
from services.intake.tests.kit import (
    ALL_CRITERIA_SCORES,
    Intake,
    days_ago,
    early_body,
    valid_brn,
)

WRITE_BODIES: dict[str, Any] = {
    "screenings": {"scores": ALL_CRITERIA_SCORES},
    "decision": {"decision": "admit"},
    "programs": {"program_id": "edu-probe", "kind": "education"},
    "mentoring-sessions": {"mentor": "Dr. Han", "held_on": days_ago(1), "topic": "pricing"},
    "milestones": {"milestone": "mvp", "reached_on": days_ago(1)},
    "registration": {"business_registration_number": valid_brn(), "registered_on": days_ago(2)},
    "graduation": {"desired_district": "guro"},
}
PATH_VALUES = {"number": "1", "program_id": "snu-mentoring"}


async def _nurtured_at_snu(intake: Intake) -> str:
    """A startup with one record of every kind, so each read route has something to find."""
    startup_id = await intake.admitted("snu")
    steps = [
        ("programs", {"program_id": "snu-mentoring", "kind": "mentoring"}),
        ("mentoring-sessions", {"mentor": "Dr. Han", "held_on": days_ago(1), "topic": "pricing"}),
        ("milestones", {"milestone": "prototype", "reached_on": days_ago(1)}),
    ]
    for path, body in steps:
        answer = await intake.post("snu", f"/startups/{startup_id}/{path}", body)
        assert answer.status_code == 201, answer.text
    return startup_id


def _routes(openapi: dict[str, Any], startup_id: str) -> list[tuple[str, str]]:
    routes: list[tuple[str, str]] = []
    for template, operations in openapi["paths"].items():
        if "{startup_id}" not in template:
            continue
        path = template.replace("{startup_id}", startup_id)
        for name, value in PATH_VALUES.items():
            path = path.replace("{" + name + "}", value)
        routes.extend((method.upper(), path) for method in operations)
    return routes


async def _call(intake: Intake, method: str, path: str, headers: dict[str, str]) -> int:
    body = WRITE_BODIES[path.rsplit("/", 1)[-1]] if method == "POST" else None
    answer = await intake.client.request(method, path, json=body, headers=headers)
    return answer.status_code


async def test_only_the_holding_university_acts_and_the_council_only_reads(
    intake: Intake,
) -> None:
    startup_id = await _nurtured_at_snu(intake)
    before = await intake.db["submissions"].find_one({"startup_id": startup_id})
    openapi = (await intake.client.get("/openapi.json")).json()
    routes = _routes(openapi, startup_id)
    assert len(routes) == 12, routes

    refused: list[tuple[str, str, str, int]] = []
    for method, path in routes:
        writes = method == "POST"
        expected = {
            "cau": 404,
            "gwanak": 403,
            "kosme": 403,
            "council": 403 if writes else 200,
            "operator": 403 if writes else 200,
        }
        if not writes:
            expected["snu"] = 200
        for organization, status in expected.items():
            got = await _call(intake, method, path, key_of(organization))
            if got != status:
                refused.append((organization, method, path, got))
        if (got := await _call(intake, method, path, {})) != 401:
            refused.append(("nobody", method, path, got))
    assert refused == []

    after = await intake.db["submissions"].find_one({"startup_id": startup_id})
    assert after == before


async def test_the_council_reads_any_universitys_copy_and_a_university_only_its_own(
    intake: Intake,
) -> None:
    body = early_body(description="snu's own notes")
    startup_id = (await intake.submit("snu", body))["startup_id"]
    await intake.submit("cau", {**body, "description": "cau's own notes"})

    first = await intake.get("council", f"/startups/{startup_id}")
    at_cau = await intake.get("council", f"/startups/{startup_id}", university_id="cau")
    assert (first.status_code, at_cau.status_code) == (200, 200)
    assert first.json()["description"] == "snu's own notes"
    assert at_cau.json()["description"] == "cau's own notes"
    snu_asking_for_cau = await intake.get("snu", f"/startups/{startup_id}", university_id="cau")
    assert snu_asking_for_cau.status_code == 404
    listed = await intake.get("council", "/startups", startup_id=startup_id)
    assert sorted(item["university_id"] for item in listed.json()["items"]) == ["cau", "snu"]
    at_snu = await intake.get("snu", "/startups", startup_id=startup_id)
    assert [item["university_id"] for item in at_snu.json()["items"]] == ["snu"]


async def test_districts_and_agencies_read_no_startups_here(intake: Intake) -> None:
    await intake.submit("snu", early_body())
    for organization in ("gwanak", "kosme"):
        answer = await intake.get(organization, "/startups")
        assert answer.status_code == 403, organization
        assert answer.json()["code"] == "forbidden"
