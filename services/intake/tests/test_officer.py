"""Intake as a program officer uses it: finding a startup by what a person knows, one duplicate
flag that list and detail agree on, and graduation to the district the startup now wants."""

from datetime import datetime, timedelta
from typing import Any

from intake.domain.bounds import KST
from intake.repository.startups import backfill_search_keys
from services.intake.tests.kit import Intake, early_body, startup_body


def _ids(answer: Any) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [item["startup_id"] for item in answer.json()["items"]]


async def test_an_officer_finds_a_startup_by_number_name_id_status_and_dates(
    intake: Intake,
) -> None:
    robotics = await intake.submit("snu", early_body(company_name="Hangang Robotics"))
    labs = await intake.submit("snu", startup_body(company_name="(주)한강랩스"))
    bio = await intake.admitted("snu", startup_body(company_name="Seoul Bio"))
    brn = robotics["business_registration_number"]
    dashed = f"{brn[:3]}-{brn[3:5]}-{brn[5:]}"

    assert _ids(await intake.get("snu", "/startups", business_registration_number=dashed)) == [
        robotics["startup_id"]
    ]
    assert _ids(await intake.get("snu", "/startups", business_registration_number=brn)) == [
        robotics["startup_id"]
    ]
    assert _ids(await intake.get("snu", "/startups", company_name="HANGANG r")) == [
        robotics["startup_id"]
    ]
    assert _ids(await intake.get("snu", "/startups", company_name="한강 랩")) == [
        labs["startup_id"]
    ]
    assert _ids(await intake.get("snu", "/startups", company_name="Labs")) == []
    assert _ids(await intake.get("snu", "/startups", startup_id=bio)) == [bio]
    assert _ids(await intake.get("snu", "/startups", status="nurturing")) == [bio]
    today = datetime.now(KST).date()  # the program dates submissions by Seoul's day
    everything = await intake.get("snu", "/startups", **{"from": today.isoformat()})
    assert len(_ids(everything)) == 3
    yesterday = (today - timedelta(days=1)).isoformat()
    assert _ids(await intake.get("snu", "/startups", to=yesterday)) == []
    combined = await intake.get(
        "snu", "/startups", company_name="hangang", status="submitted", to=today.isoformat()
    )
    assert _ids(combined) == [robotics["startup_id"]]


async def test_a_merged_id_finds_the_survivor_and_the_council_narrows_by_university(
    intake: Intake,
) -> None:
    survivor = await intake.submit("snu", early_body())
    merged = await intake.submit("cau", startup_body())
    merge = {
        "survivor_id": survivor["startup_id"],
        "merged_id": merged["startup_id"],
        "reason": "one company",
    }
    assert (await intake.post("operator", "/merges", merge)).status_code == 201

    by_old_id = await intake.get("council", "/startups", startup_id=merged["startup_id"])
    assert _ids(by_old_id) == [survivor["startup_id"]] * 2
    only_cau = await intake.get(
        "council", "/startups", startup_id=merged["startup_id"], university_id="cau"
    )
    assert [item["university_id"] for item in only_cau.json()["items"]] == ["cau"]
    snu_asking_for_cau = await intake.get("snu", "/startups", university_id="cau")
    assert _ids(snu_asking_for_cau) == []


async def test_the_list_and_the_detail_give_one_answer_to_is_this_a_duplicate(
    intake: Intake,
) -> None:
    body = early_body()
    first = await intake.submit("cau", body)
    await intake.submit("soongsil", {**body, "company_name": "Renamed Copy"})
    alone = await intake.submit("cau", startup_body())

    for university in ("cau", "soongsil"):
        listed = (await intake.get(university, "/startups")).json()["items"]
        for item in listed:
            detail = (await intake.get(university, f"/startups/{item['startup_id']}")).json()
            assert item["duplicate"] is (detail["duplicate"] is not None), (university, item)
    at_cau = {
        item["startup_id"]: item["duplicate"]
        for item in (await intake.get("cau", "/startups")).json()["items"]
    }
    assert at_cau == {first["startup_id"]: True, alone["startup_id"]: False}
    first_at_cau = (await intake.get("cau", f"/startups/{first['startup_id']}")).json()
    assert first_at_cau["duplicate"]["matched_on"] is None
    assert [copy["status"] for copy in first_at_cau["duplicate"]["elsewhere"]] == ["submitted"]


async def test_graduation_names_the_district_the_startup_now_wants(intake: Intake) -> None:
    startup_id = await intake.admitted("snu", startup_body(desired_district="gwanak"))
    at = f"/startups/{startup_id}/graduation"

    unknown = await intake.post("snu", at, {"desired_district": "gangnam"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "desired_district"]
    graduated = await intake.post("snu", at, {"desired_district": "dongjak"})

    assert graduated.status_code == 200, graduated.text
    view = graduated.json()
    assert view["desired_district"] == "dongjak"
    assert view["history"][-1]["detail"] == {
        "desired_district": "dongjak",
        "previous_district": "gwanak",
    }
    [event] = await intake.published("StartupGraduated", startup_id)
    assert event["payload"]["desired_district"] == "dongjak"
    listed = await intake.get("snu", "/startups", district="dongjak")
    assert _ids(listed) == [startup_id]


async def test_graduation_without_a_district_keeps_the_one_asked_for(intake: Intake) -> None:
    startup_id = await intake.admitted("snu", startup_body(desired_district="yangcheon"))
    graduated = await intake.post("snu", f"/startups/{startup_id}/graduation", {})
    assert graduated.status_code == 200, graduated.text
    [event] = await intake.published("StartupGraduated", startup_id)
    assert event["payload"]["desired_district"] == "yangcheon"


async def test_submissions_stored_before_names_were_searchable_are_found_after_backfill(
    intake: Intake,
) -> None:
    stored = await intake.submit("snu", startup_body(company_name="Older Labs"))
    await intake.db["submissions"].update_many({}, {"$unset": {"company_name_keys": ""}})
    assert _ids(await intake.get("snu", "/startups", company_name="older")) == []

    assert await backfill_search_keys(intake.db, batch=1) == 1

    assert _ids(await intake.get("snu", "/startups", company_name="older")) == [
        stored["startup_id"]
    ]
    assert await backfill_search_keys(intake.db) == 0
