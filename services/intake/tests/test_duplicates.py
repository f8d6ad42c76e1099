"""One canonical startup per real company, across universities, even under concurrency."""

import asyncio

from conftest import key_of
from services.intake.tests.kit import Intake, early_body, startup_body


async def test_a_second_university_submitting_the_same_number_is_linked_as_a_duplicate(
    intake: Intake,
) -> None:
    body = early_body()
    first = await intake.submit("snu", body)
    second = await intake.submit("cau", {**body, "company_name": "Another Name Entirely"})

    assert second["startup_id"] == first["startup_id"]
    assert second["submission_id"] != first["submission_id"]
    assert second["duplicate"]["matched_on"] == "business_registration_number"
    assert second["duplicate"]["elsewhere"] == [
        {"status": "submitted", "submitted_on": first["submitted_on"]}
    ]
    [detected] = await intake.published("DuplicateDetected", first["startup_id"])
    assert detected["payload"]["submission_id"] == second["submission_id"]
    assert detected["payload"]["university_id"] == "cau"
    assert detected["payload"]["existing_university_ids"] == ["snu"]
    assert await intake.db["startups"].count_documents({}) == 1


async def test_the_same_ceo_and_company_name_link_a_pre_startup_across_spellings(
    intake: Intake,
) -> None:
    body = startup_body(company_name="(주)한강 랩스")
    first = await intake.submit("soongsil", body)
    respelled = {
        **body,
        "company_name": "한강랩스 주식회사",
        "founders": [{"name": "김 민지", "birth_date": "1996-04-02", "role": "ceo"}],
    }
    second = await intake.submit("chongshin", respelled)

    assert second["startup_id"] == first["startup_id"]
    assert second["duplicate"]["matched_on"] == "ceo_and_company_name"


async def test_the_same_ceo_with_another_company_is_another_startup(intake: Intake) -> None:
    body = startup_body()
    first = await intake.submit("snu", body)
    second = await intake.submit("cau", {**body, "company_name": "A Different Venture"})
    assert second["startup_id"] != first["startup_id"]
    assert second["duplicate"] is None


async def test_a_university_sees_only_where_a_duplicate_stands_never_its_private_data(
    intake: Intake,
) -> None:
    body = early_body()
    first = await intake.submit("snu", body)
    secret = "Term sheet from a private investor, do not share"
    second_body = {
        **body,
        "description": secret,
        "contact": {"name": "비밀 담당자", "email": "private@cau.example"},
    }
    await intake.submit("cau", second_body)

    seen_by_snu = await intake.client.get(f"/startups/{first['startup_id']}", headers=key_of("snu"))
    assert seen_by_snu.status_code == 200
    view = seen_by_snu.json()
    assert view["duplicate"] == {
        "matched_on": None,
        "elsewhere": [{"status": "submitted", "submitted_on": view["submitted_on"]}],
    }
    text = seen_by_snu.text
    assert secret not in text
    assert "private@cau.example" not in text
    assert "cau" not in text


async def test_two_universities_submitting_one_company_at_once_make_one_startup(
    intake: Intake,
) -> None:
    body = early_body()
    answers = await asyncio.gather(
        intake.client.post("/startups", json=body, headers=key_of("snu")),
        intake.client.post("/startups", json=body, headers=key_of("cau")),
    )

    assert [answer.status_code for answer in answers] == [201, 201], [a.text for a in answers]
    views = [answer.json() for answer in answers]
    assert views[0]["startup_id"] == views[1]["startup_id"]
    assert sorted(view["duplicate"] is None for view in views) == [False, True]
    assert await intake.db["startups"].count_documents({}) == 1
    assert await intake.db["submissions"].count_documents({}) == 2
    assert len(await intake.events("DuplicateDetected", views[0]["startup_id"])) == 1


async def test_many_universities_submitting_one_pre_startup_at_once_make_one_startup(
    intake: Intake,
) -> None:
    body = startup_body()
    universities = ["kangseo-univ", "dongyang-mirae", "snu", "soongsil", "cau", "chongshin"]
    answers = await asyncio.gather(
        *(intake.client.post("/startups", json=body, headers=key_of(u)) for u in universities)
    )

    assert all(answer.status_code == 201 for answer in answers), [a.text for a in answers]
    assert len({answer.json()["startup_id"] for answer in answers}) == 1
    assert await intake.db["startups"].count_documents({}) == 1
    linked = [answer.json() for answer in answers if answer.json()["duplicate"]]
    assert len(linked) == 5


async def test_an_operator_merges_two_records_and_the_merged_id_leads_to_the_survivor(
    intake: Intake,
) -> None:
    survivor = await intake.submit("snu", early_body())
    merged = await intake.submit("cau", startup_body(company_name="Hangang Labs (old name)"))

    answer = await intake.client.post(
        "/merges",
        json={
            "survivor_id": survivor["startup_id"],
            "merged_id": merged["startup_id"],
            "reason": "same founders, renamed company",
        },
        headers=key_of("operator"),
    )

    assert answer.status_code == 201, answer.text
    [event] = await intake.published("StartupsMerged", survivor["startup_id"])
    assert event["payload"] == {
        "survivor_id": survivor["startup_id"],
        "merged_id": merged["startup_id"],
        "reason": "same founders, renamed company",
    }
    at_cau = await intake.client.get(f"/startups/{merged['startup_id']}", headers=key_of("cau"))
    assert at_cau.status_code == 200
    assert at_cau.json()["startup_id"] == survivor["startup_id"]
    assert at_cau.json()["stage"] == "early"
    assert at_cau.json()["history"][-1]["what"] == "merged"


async def test_merging_a_record_twice_is_a_conflict(intake: Intake) -> None:
    first = await intake.submit("snu", startup_body())
    second = await intake.submit("snu", startup_body())
    merge = {
        "survivor_id": first["startup_id"],
        "merged_id": second["startup_id"],
        "reason": "duplicate",
    }
    assert (await intake.post("operator", "/merges", merge)).status_code == 201
    again = await intake.post("operator", "/merges", merge)
    assert again.status_code == 409
    assert "already merged" in again.json()["detail"]


async def test_a_submission_matching_a_merged_record_links_to_the_survivor(
    intake: Intake,
) -> None:
    survivor = await intake.submit("snu", startup_body())
    body = startup_body()
    merged = await intake.submit("snu", body)
    merge = {
        "survivor_id": survivor["startup_id"],
        "merged_id": merged["startup_id"],
        "reason": "duplicate",
    }
    assert (await intake.post("operator", "/merges", merge)).status_code == 201

    later = await intake.submit("cau", body)
    assert later["startup_id"] == survivor["startup_id"]


async def test_merging_unknown_or_identical_records_is_refused(intake: Intake) -> None:
    known = (await intake.submit("snu", startup_body()))["startup_id"]
    unknown = await intake.post(
        "operator", "/merges", {"survivor_id": known, "merged_id": "st-nope", "reason": "x"}
    )
    same = await intake.post(
        "operator", "/merges", {"survivor_id": known, "merged_id": known, "reason": "x"}
    )
    assert unknown.status_code == 404
    assert same.status_code == 422
    assert same.json()["detail"][0]["loc"] == ["body", "merged_id"]
