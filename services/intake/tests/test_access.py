"""Who may do what: each rule of access is proved by a request that it refuses.

A caller of the wrong kind is refused (403); a university asking about a startup it does not
hold is told it does not exist (404), so it learns nothing of other universities' startups.
"""

from typing import Any

from conftest import eventually, key_of
from services.intake.tests.kit import (
    ALL_CRITERIA_SCORES,
    Intake,
    days_ago,
    startup_body,
    valid_brn,
)


async def test_a_district_cannot_submit_a_startup(intake: Intake) -> None:
    answer = await intake.post("gwanak", "/startups", startup_body())
    assert answer.status_code == 403
    assert answer.json() == {"detail": "only a university can do this", "code": "forbidden"}


async def test_an_operator_cannot_submit_a_startup(intake: Intake) -> None:
    answer = await intake.post("operator", "/startups", startup_body())
    assert answer.status_code == 403
    assert "only a university" in answer.json()["detail"]


async def test_a_request_without_a_key_is_unauthorized(intake: Intake) -> None:
    answer = await intake.client.get("/startups")
    assert answer.status_code == 401


async def test_a_startup_another_university_holds_is_not_found(intake: Intake) -> None:
    startup_id = (await intake.submit("snu", startup_body()))["startup_id"]
    answer = await intake.client.get(f"/startups/{startup_id}", headers=key_of("cau"))
    unknown = await intake.client.get("/startups/st-unknown", headers=key_of("cau"))
    assert answer.status_code == unknown.status_code == 404
    assert answer.json() == {"detail": f"startup {startup_id} not found", "code": "not_found"}


async def test_a_university_cannot_act_on_a_startup_it_did_not_submit(intake: Intake) -> None:
    startup_id = (await intake.submit("snu", startup_body()))["startup_id"]
    attempts = [
        (f"/startups/{startup_id}/screenings", {"scores": ALL_CRITERIA_SCORES}),
        (f"/startups/{startup_id}/decision", {"decision": "admit"}),
        (f"/startups/{startup_id}/programs", {"program_id": "p", "kind": "education"}),
        (f"/startups/{startup_id}/graduation", None),
        (f"/startups/{startup_id}/milestones", {"milestone": "mvp", "reached_on": days_ago(1)}),
        (
            f"/startups/{startup_id}/registration",
            {"business_registration_number": valid_brn(), "registered_on": days_ago(2)},
        ),
    ]
    for path, body in attempts:
        answer = await intake.post("cau", path, body)
        assert answer.status_code == 404, path
    stored = await intake.db["submissions"].find_one({"startup_id": startup_id})
    assert stored is not None
    assert stored["status"] == "submitted"


async def test_a_university_lists_only_its_own_startups(intake: Intake) -> None:
    await intake.submit("snu", startup_body())
    await intake.submit("cau", startup_body())
    listed = await intake.client.get("/startups", headers=key_of("cau"))
    assert listed.status_code == 200
    assert [item["company_name"] for item in listed.json()["items"]] == [
        (await intake.db["submissions"].find_one({"university_id": "cau"}) or {})["company_name"]
    ]


async def test_a_university_cannot_merge_startups(intake: Intake) -> None:
    first = (await intake.submit("snu", startup_body()))["startup_id"]
    second = (await intake.submit("snu", startup_body()))["startup_id"]
    answer = await intake.post(
        "snu", "/merges", {"survivor_id": first, "merged_id": second, "reason": "mine"}
    )
    assert answer.status_code == 403
    assert answer.json()["code"] == "forbidden"


async def test_only_an_operator_revises_a_rubric_or_adds_a_university(intake: Intake) -> None:
    rubric = await intake.client.put(
        "/rubrics/startup-screening",
        json={"title": "t", "criteria": [{"key": "team", "title": "Team", "weight": 1}]},
        headers=key_of("snu"),
    )
    university = await intake.post(
        "snu",
        "/universities",
        {
            "university_id": "x-univ",
            "name_ko": "엑스대학교",
            "short_name_ko": "엑스대",
            "name_en": "X",
        },
    )
    assert rubric.status_code == 403
    assert university.status_code == 403


async def test_a_university_removed_from_the_program_is_refused_within_the_refresh(
    intake: Intake,
) -> None:
    assert (await intake.post("chongshin", "/startups", startup_body())).status_code == 201
    await intake.db["universities"].delete_one({"_id": "chongshin"})

    async def refused() -> dict[str, Any] | None:
        answer = await intake.get("chongshin", "/startups")
        return answer.json() if answer.status_code == 403 else None

    body = await eventually(refused, timeout_s=5, what="chongshin refused")
    assert body["detail"] == "university chongshin is not known"
    assert (await intake.post("chongshin", "/startups", startup_body())).status_code == 403


async def test_an_unknown_startup_is_not_found(intake: Intake) -> None:
    answer = await intake.client.get("/startups/st-unknown", headers=key_of("snu"))
    assert answer.status_code == 404
