"""Numbers and dates out of range are refused for the field they are in (422), never a 500.

Each refusal is in FastAPI's documented `HTTPValidationError` shape, whatever raised it.
"""

from datetime import datetime, timedelta
from typing import Any

import httpx

from conftest import key_of
from intake.domain.bounds import KST
from services.intake.tests.kit import ALL_CRITERIA_SCORES, Intake, days_ago, valid_brn

BEYOND_INT64 = 2**63
FAR_BEYOND = 2**80


def _assert_validation_error(answer: httpx.Response, loc: list[str | int]) -> None:
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert isinstance(detail, list)
    assert detail
    for item in detail:
        assert isinstance(item["loc"], list)
        assert isinstance(item["msg"], str)
        assert isinstance(item["type"], str)
    assert loc in [item["loc"] for item in detail], detail


async def test_integers_beyond_int64_or_the_domain_are_refused_naming_the_field(
    intake: Intake,
) -> None:
    startup_id = await intake.admitted("snu")
    at = f"/startups/{startup_id}"
    posts: list[tuple[str, dict[str, Any], list[str | int]]] = [
        (
            f"{at}/screenings",
            {"rubric_version": BEYOND_INT64, "scores": ALL_CRITERIA_SCORES},
            ["body", "rubric_version"],
        ),
        (
            f"{at}/screenings",
            {"rubric_version": FAR_BEYOND, "scores": ALL_CRITERIA_SCORES},
            ["body", "rubric_version"],
        ),
        (
            f"{at}/screenings",
            {"scores": [{"criterion": "team", "score": FAR_BEYOND, "reviewer": "r"}]},
            ["body", "scores", 0, "score"],
        ),
        (
            f"{at}/programs",
            {"program_id": "p1", "kind": "education", "amount_krw": BEYOND_INT64},
            ["body", "amount_krw"],
        ),
        (
            f"{at}/programs",
            {"program_id": "p2", "kind": "education", "amount_krw": -1},
            ["body", "amount_krw"],
        ),
    ]
    for path, body, loc in posts:
        _assert_validation_error(await intake.post("snu", path, body), loc)

    gets: list[tuple[str, dict[str, Any], list[str | int]]] = [
        ("/rubrics/startup-screening", {"version": FAR_BEYOND}, ["query", "version"]),
        ("/rubrics/startup-screening", {"version": BEYOND_INT64}, ["query", "version"]),
        ("/rubrics/startup-screening", {"version": 0}, ["query", "version"]),
        (f"{at}/screenings/{FAR_BEYOND}", {}, ["path", "number"]),
        (f"{at}/milestones/0", {}, ["path", "number"]),
        ("/startups", {"limit": FAR_BEYOND}, ["query", "limit"]),
    ]
    for path, params, loc in gets:
        _assert_validation_error(await intake.get("snu", path, **params), loc)

    weight = {"title": "t", "criteria": [{"key": "team", "title": "Team", "weight": 1e300}]}
    revised = await intake.client.put(
        "/rubrics/startup-screening", json=weight, headers=key_of("operator")
    )
    _assert_validation_error(revised, ["body", "criteria", 0, "weight"])
    assert (await intake.get("snu", "/rubrics/startup-screening", version=1)).status_code == 200
    stored = await intake.db["submissions"].find_one({"startup_id": startup_id})
    assert stored is not None
    assert stored["status"] == "nurturing"
    assert stored["programs"] == []


async def test_dates_outside_the_programs_calendar_or_in_the_future_are_refused(
    intake: Intake,
) -> None:
    startup_id = await intake.admitted("snu")
    at = f"/startups/{startup_id}"
    four_years_ago = (datetime.now(KST).date() - timedelta(days=4 * 366)).isoformat()
    tomorrow = (datetime.now(KST).date() + timedelta(days=1)).isoformat()
    cases: list[tuple[str, dict[str, Any], list[str | int]]] = [
        (
            f"{at}/programs",
            {"program_id": "p", "kind": "education", "period_start": "1999-12-31"},
            ["body", "period_start"],
        ),
        (
            f"{at}/programs",
            {"program_id": "p", "kind": "education", "period_end": "2101-01-01"},
            ["body", "period_end"],
        ),
        (
            f"{at}/milestones",
            {"milestone": "founding", "reached_on": "1999-06-01"},
            ["body", "reached_on"],
        ),
        (
            f"{at}/mentoring-sessions",
            {"mentor": "m", "held_on": tomorrow, "topic": "t"},
            ["body", "held_on"],
        ),
        (
            f"{at}/registration",
            {"business_registration_number": valid_brn(), "registered_on": four_years_ago},
            ["body", "registered_on"],
        ),
        (
            f"{at}/registration",
            {"business_registration_number": valid_brn(), "registered_on": tomorrow},
            ["body", "registered_on"],
        ),
    ]
    for path, body, loc in cases:
        _assert_validation_error(await intake.post("snu", path, body), loc)
    registered = await intake.post(
        "snu",
        f"{at}/registration",
        {"business_registration_number": valid_brn(), "registered_on": days_ago(30)},
    )
    assert registered.status_code == 200, registered.text


async def test_a_search_that_cannot_match_names_the_parameter(intake: Intake) -> None:
    cases: list[tuple[dict[str, Any], list[str | int]]] = [
        ({"from": "2026-05-02", "to": "2026-05-01"}, ["query", "to"]),
        ({"company_name": "(-)"}, ["query", "company_name"]),
        ({"business_registration_number": "12-34"}, ["query", "business_registration_number"]),
        ({"startup_id": "x" * 200}, ["query", "startup_id"]),
        ({"university_id": "SNU!"}, ["query", "university_id"]),
    ]
    for params, loc in cases:
        _assert_validation_error(await intake.get("council", "/startups", **params), loc)
    long_id = await intake.get("snu", "/startups/" + "x" * 200)
    _assert_validation_error(long_id, ["path", "startup_id"])
