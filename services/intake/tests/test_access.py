"""Who may do what: each rule of access is proved by a request that it refuses (403)."""

from conftest import key_of
from services.intake.tests.kit import ALL_CRITERIA_SCORES, Intake, startup_body


async def test_a_district_cannot_submit_a_startup(intake: Intake) -> None:
    answer = await intake.post("gwanak", "/startups", startup_body())
    assert answer.status_code == 403
    assert "only a university can submit a startup" in answer.json()["detail"]


async def test_an_operator_cannot_submit_a_startup(intake: Intake) -> None:
    answer = await intake.post("operator", "/startups", startup_body())
    assert answer.status_code == 403
    assert "operator" in answer.json()["detail"]


async def test_a_request_without_a_key_is_unauthorized(intake: Intake) -> None:
    answer = await intake.client.get("/startups")
    assert answer.status_code == 401


async def test_a_university_cannot_read_a_startup_it_did_not_submit(intake: Intake) -> None:
    startup_id = (await intake.submit("snu", startup_body()))["startup_id"]
    answer = await intake.client.get(f"/startups/{startup_id}", headers=key_of("cau"))
    assert answer.status_code == 403
    assert "not submitted by cau" in answer.json()["detail"]


async def test_a_university_cannot_act_on_a_startup_it_did_not_submit(intake: Intake) -> None:
    startup_id = (await intake.submit("snu", startup_body()))["startup_id"]
    attempts = [
        (f"/startups/{startup_id}/screenings", {"scores": ALL_CRITERIA_SCORES}),
        (f"/startups/{startup_id}/decision", {"decision": "admit"}),
        (f"/startups/{startup_id}/programs", {"program_id": "p", "kind": "education"}),
        (f"/startups/{startup_id}/graduation", None),
    ]
    for path, body in attempts:
        answer = await intake.post("cau", path, body)
        assert answer.status_code == 403, path
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
    assert "only an operator can merge startups" in answer.json()["detail"]


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


async def test_a_university_removed_from_the_program_can_no_longer_submit(
    intake: Intake,
) -> None:
    await intake.db["universities"].delete_one({"_id": "chongshin"})
    answer = await intake.post("chongshin", "/startups", startup_body())
    assert answer.status_code == 403
    assert "not a university of the program" in answer.json()["detail"]


async def test_an_unknown_startup_is_not_found(intake: Intake) -> None:
    answer = await intake.client.get("/startups/st-unknown", headers=key_of("snu"))
    assert answer.status_code == 404
