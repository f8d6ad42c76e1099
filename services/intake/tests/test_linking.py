"""A number that is already known gets one answer, however it arrives: the startup is linked to
the company that holds it and flagged as a duplicate, or the refusal says why it cannot be."""

from typing import Any

from services.intake.tests.kit import Intake, days_ago, early_body, startup_body


async def _register(intake: Intake, university: str, startup_id: str, brn: str) -> Any:
    return await intake.post(
        university,
        f"/startups/{startup_id}/registration",
        {"business_registration_number": brn, "registered_on": days_ago(2)},
    )


async def test_registering_a_known_number_links_like_submitting_it_does(intake: Intake) -> None:
    company = await intake.submit("cau", early_body())
    brn = company["business_registration_number"]
    pre_startup = await intake.admitted("snu")

    registered = await _register(intake, "snu", pre_startup, brn)
    submitted = await intake.submit(
        "soongsil",
        startup_body(stage="early", business_registration_number=brn, registered_on=days_ago(100)),
    )

    assert registered.status_code == 200, registered.text
    view = registered.json()
    assert view["startup_id"] == submitted["startup_id"] == company["startup_id"]
    assert view["stage"] == "early"
    assert view["status"] == "nurturing"
    assert view["registered_on"] == company["registered_on"]
    assert view["duplicate"]["matched_on"] == submitted["duplicate"]["matched_on"]
    assert view["duplicate"]["matched_on"] == "business_registration_number"
    assert [e["what"] for e in view["history"]][-3:] == [
        "registered",
        "merged",
        "duplicate_detected",
    ]
    by_old_id = await intake.get("snu", f"/startups/{pre_startup}")
    assert by_old_id.json()["startup_id"] == company["startup_id"]

    detected = await intake.published("DuplicateDetected", company["startup_id"])
    by_snu = next(e["payload"] for e in detected if e["payload"]["university_id"] == "snu")
    assert by_snu == {
        "submission_id": view["submission_id"],
        "university_id": "snu",
        "matched_on": "business_registration_number",
        "existing_university_ids": ["cau"],
    }
    [merged] = await intake.published("StartupsMerged", company["startup_id"])
    assert merged["payload"]["merged_id"] == pre_startup
    [announced] = await intake.published("StartupRegistered", company["startup_id"])
    assert announced["payload"]["business_registration_number"] == brn
    at_cau = (await intake.get("cau", f"/startups/{company['startup_id']}")).json()
    assert len(at_cau["duplicate"]["elsewhere"]) == 2


async def test_linking_is_refused_with_the_reason_when_one_university_would_hold_both(
    intake: Intake,
) -> None:
    company = await intake.submit("snu", early_body())
    pre_startup = await intake.admitted("snu")

    answer = await _register(intake, "snu", pre_startup, company["business_registration_number"])

    assert answer.status_code == 409
    detail = answer.json()["detail"]
    assert "snu already holds the registered company" in detail
    assert company["startup_id"] in detail
    assert pre_startup in detail
    unchanged = (await intake.get("snu", f"/startups/{pre_startup}")).json()
    assert (unchanged["startup_id"], unchanged["stage"]) == (pre_startup, "pre_startup")
    assert await intake.events("StartupsMerged", company["startup_id"]) == []


async def test_linking_is_refused_when_both_records_have_graduated(intake: Intake) -> None:
    company = await intake.admitted("cau", early_body())
    assert (await intake.post("cau", f"/startups/{company}/graduation")).status_code == 200
    body = startup_body()
    pre_startup = await intake.admitted("snu", body)
    await intake.admitted("soongsil", body)
    assert (await intake.post("soongsil", f"/startups/{pre_startup}/graduation")).status_code == 200
    brn = (await intake.get("cau", f"/startups/{company}")).json()["business_registration_number"]

    answer = await _register(intake, "snu", pre_startup, brn)

    assert answer.status_code == 409
    assert "both records have graduated" in answer.json()["detail"]
