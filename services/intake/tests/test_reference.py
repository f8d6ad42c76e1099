"""The program's universities are reference data in the database: seeded, and added by operators."""

from conftest import key_of
from services.intake.tests.kit import Intake, startup_body


async def test_the_six_universities_are_seeded_with_korean_and_english_names(
    intake: Intake,
) -> None:
    answer = await intake.client.get("/universities", headers=key_of("gwanak"))
    assert answer.status_code == 200
    names = {u["university_id"]: (u["short_name_ko"], u["name_en"]) for u in answer.json()}
    assert names == {
        "kangseo-univ": ("강서대", "Gangseo University"),
        "dongyang-mirae": ("동양미래대", "Dongyang Mirae University"),
        "snu": ("서울대", "Seoul National University"),
        "soongsil": ("숭실대", "Soongsil University"),
        "cau": ("중앙대", "Chung-Ang University"),
        "chongshin": ("총신대", "Chongshin University"),
    }


async def test_an_operator_adds_a_university_without_code_changes(intake: Intake) -> None:
    await intake.db["universities"].delete_one({"_id": "cau"})
    refused = await intake.post("cau", "/startups", startup_body())
    assert refused.status_code == 403

    added = await intake.post(
        "operator",
        "/universities",
        {
            "university_id": "cau",
            "name_ko": "중앙대학교",
            "short_name_ko": "중앙대",
            "name_en": "Chung-Ang University",
        },
    )
    assert added.status_code == 201, added.text
    assert (await intake.post("cau", "/startups", startup_body())).status_code == 201
    twice = await intake.post("operator", "/universities", added.json())
    assert twice.status_code == 409


async def test_the_rubric_is_seeded_and_readable(intake: Intake) -> None:
    answer = await intake.client.get("/rubrics/startup-screening", headers=key_of("snu"))
    assert answer.status_code == 200
    rubric = answer.json()
    assert rubric["version"] == 1
    assert sum(c["weight"] for c in rubric["criteria"]) == 100
    missing = await intake.client.get("/rubrics/none-such", headers=key_of("snu"))
    assert missing.status_code == 404
