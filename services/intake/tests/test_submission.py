"""Submitting a startup over HTTP: what is derived, what is refused (422), what is announced."""

import asyncio
from datetime import date
from typing import Any

import pytest

from conftest import key_of
from services.intake.tests.kit import Intake, days_ago, early_body, startup_body, valid_brn


async def test_a_submission_derives_the_youth_flag_and_announces_itself(intake: Intake) -> None:
    body = startup_body()
    startup = await intake.submit("snu", body)

    assert startup["status"] == "submitted"
    assert startup["youth"] is True
    assert startup["university_id"] == "snu"
    assert startup["duplicate"] is None
    [submitted] = await intake.published("StartupSubmitted", startup["startup_id"])
    payload = submitted["payload"]
    assert payload["submission_id"] == startup["submission_id"]
    assert payload["company_name"] == body["company_name"]
    assert payload["youth"] is True
    assert payload["desired_district"] == "gwanak"
    assert submitted["actor"]["organization_id"] == "snu"


async def test_a_ceo_aged_forty_is_not_youth(intake: Intake) -> None:
    body = startup_body(
        founders=[{"name": "박서준", "birth_date": "1970-03-01", "role": "ceo"}],
    )
    assert (await intake.submit("cau", body))["youth"] is False


async def test_an_early_startup_keeps_its_normalized_registration_number(intake: Intake) -> None:
    body = early_body()
    startup = await intake.submit("soongsil", body)
    assert startup["stage"] == "early"
    assert startup["business_registration_number"] == body["business_registration_number"].replace(
        "-", ""
    )


def _error_fields(answer: Any) -> list[str]:
    return [str(error["loc"][-1]) for error in answer.json()["detail"]]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"stage": "early", "registered_on": days_ago(30)}, "business_registration_number"),
        (
            {"stage": "early", "business_registration_number": "123-45-67890"},
            "business_registration_number",
        ),
        ({"business_registration_number": "12345"}, "business_registration_number"),
        ({"stage": "early", "business_registration_number": None}, "business_registration_number"),
        ({"business_registration_number": "VALID"}, "business_registration_number"),
        ({"stage": "early", "registered_on": days_ago(4 * 366)}, "registered_on"),
        ({"founders": [{"name": "최", "birth_date": "1990-01-01", "role": "cto"}]}, "founders"),
        ({"founders": []}, "founders"),
        ({"desired_district": "gangnam"}, "desired_district"),
        ({"contact": {"name": "x", "email": "not-an-email"}}, "email"),
        ({"documents": [{"title": "deck", "url": "not a url"}]}, "url"),
        ({"company_name": ""}, "company_name"),
        ({"description": ""}, "description"),
        ({"stage": "growth"}, "stage"),
        ({"youth": True}, "youth"),
    ],
)
async def test_an_invalid_submission_is_refused_naming_the_field(
    intake: Intake, change: dict[str, Any], field: str
) -> None:
    body = startup_body(**change)
    if body.get("business_registration_number") == "VALID":
        body["business_registration_number"] = valid_brn()  # valid, but a pre-startup has none
    if body["stage"] == "early" and "registered_on" not in body:
        body["registered_on"] = days_ago(30)
    answer = await intake.client.post("/startups", json=body, headers=key_of("snu"))
    assert answer.status_code == 422, answer.text
    assert field in _error_fields(answer)


async def test_a_founder_born_in_the_future_is_refused(intake: Intake) -> None:
    future = date(date.today().year + 1, 1, 1).isoformat()
    body = startup_body(founders=[{"name": "김", "birth_date": future, "role": "ceo"}])
    answer = await intake.client.post("/startups", json=body, headers=key_of("snu"))
    assert answer.status_code == 422
    assert "birth_date" in _error_fields(answer)


async def test_the_same_idempotency_key_and_body_answer_the_first_result(intake: Intake) -> None:
    body = startup_body()
    headers = {**key_of("snu"), "Idempotency-Key": "submit-hangang-1"}
    first = await intake.client.post("/startups", json=body, headers=headers)
    again = await intake.client.post("/startups", json=body, headers=headers)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert await intake.db["submissions"].count_documents({"university_id": "snu"}) == 1
    assert len(await intake.events("StartupSubmitted", first.json()["startup_id"])) == 1


async def test_the_same_idempotency_key_with_another_body_is_a_conflict(intake: Intake) -> None:
    headers = {**key_of("snu"), "Idempotency-Key": "submit-hangang-2"}
    first = await intake.client.post("/startups", json=startup_body(), headers=headers)
    other = await intake.client.post("/startups", json=startup_body(), headers=headers)

    assert first.status_code == 201
    assert other.status_code == 409
    assert "different body" in other.json()["detail"]


async def test_an_idempotency_key_belongs_to_the_university_that_used_it(intake: Intake) -> None:
    key = {"Idempotency-Key": "shared-key"}
    at_snu = await intake.client.post(
        "/startups", json=startup_body(), headers={**key_of("snu"), **key}
    )
    at_cau = await intake.client.post(
        "/startups", json=startup_body(), headers={**key_of("cau"), **key}
    )
    assert at_snu.status_code == at_cau.status_code == 201
    assert at_snu.json()["startup_id"] != at_cau.json()["startup_id"]


async def test_a_university_cannot_submit_one_company_twice(intake: Intake) -> None:
    body = early_body()
    await intake.submit("snu", body)
    again = await intake.client.post(
        "/startups", json={**body, "company_name": "Renamed"}, headers=key_of("snu")
    )
    assert again.status_code == 409
    assert "already submitted" in again.json()["detail"]


async def test_one_idempotency_key_sent_twice_at_once_makes_one_submission(
    intake: Intake,
) -> None:
    body = startup_body()
    headers = {**key_of("snu"), "Idempotency-Key": "double-click"}
    first, second = await asyncio.gather(
        intake.client.post("/startups", json=body, headers=headers),
        intake.client.post("/startups", json=body, headers=headers),
    )
    assert first.status_code == second.status_code == 201, [first.text, second.text]
    assert first.json()["submission_id"] == second.json()["submission_id"]
    assert await intake.db["submissions"].count_documents({}) == 1
