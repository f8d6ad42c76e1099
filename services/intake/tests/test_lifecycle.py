"""Screening, decisions, nurturing and graduation: each step, its rule and its event."""

from datetime import date

from conftest import key_of
from services.intake.tests.kit import ALL_CRITERIA_SCORES, Intake, days_ago, startup_body, valid_brn


async def test_screening_scores_against_the_latest_rubric_and_records_the_reviewers(
    intake: Intake,
) -> None:
    startup_id = (await intake.submit("snu", startup_body()))["startup_id"]
    answer = await intake.post(
        "snu", f"/startups/{startup_id}/screenings", {"scores": ALL_CRITERIA_SCORES}
    )

    assert answer.status_code == 201, answer.text
    # team (90+70)/2=80 x30, market 60 x25, technology 80 x25, feasibility 50 x20, over 100
    assert answer.json()["weighted_total"] == 69.0
    assert answer.json()["status"] == "screened"
    [event] = await intake.published("ScreeningCompleted", startup_id)
    assert event["payload"]["rubric_id"] == "startup-screening"
    assert event["payload"]["rubric_version"] == 1
    assert event["payload"]["weighted_total"] == 69.0
    assert {s["reviewer"] for s in event["payload"]["scores"]} == {"prof-park", "prof-choi"}


async def test_an_operator_revises_the_rubric_and_old_versions_still_score(
    intake: Intake,
) -> None:
    revised = await intake.client.put(
        "/rubrics/startup-screening",
        json={
            "title": "Screening 2027",
            "criteria": [
                {"key": "team", "title": "Team", "weight": 50},
                {"key": "impact", "title": "Social impact", "weight": 50},
            ],
        },
        headers=key_of("operator"),
    )
    assert revised.status_code == 201, revised.text
    assert revised.json()["version"] == 2
    assert revised.headers["Location"] == "/rubrics/startup-screening?version=2"

    startup_id = (await intake.submit("snu", startup_body()))["startup_id"]
    on_latest = await intake.post(
        "snu",
        f"/startups/{startup_id}/screenings",
        {
            "scores": [
                {"criterion": "team", "score": 80, "reviewer": "r1"},
                {"criterion": "impact", "score": 60, "reviewer": "r1"},
            ]
        },
    )
    assert on_latest.status_code == 201, on_latest.text
    assert on_latest.json()["weighted_total"] == 70.0
    on_first = await intake.post(
        "snu",
        f"/startups/{startup_id}/screenings",
        {"rubric_version": 1, "scores": ALL_CRITERIA_SCORES},
    )
    assert on_first.status_code == 201
    versions = [
        e["payload"]["rubric_version"]
        for e in await intake.events("ScreeningCompleted", startup_id)
    ]
    assert versions == [2, 1]


async def test_a_score_on_a_criterion_outside_the_rubric_names_the_field(intake: Intake) -> None:
    startup_id = (await intake.submit("snu", startup_body()))["startup_id"]
    answer = await intake.post(
        "snu",
        f"/startups/{startup_id}/screenings",
        {"scores": [*ALL_CRITERIA_SCORES, {"criterion": "luck", "score": 1, "reviewer": "r"}]},
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "scores", 5, "criterion"]


async def test_a_screening_missing_a_criterion_is_refused(intake: Intake) -> None:
    startup_id = (await intake.submit("snu", startup_body()))["startup_id"]
    answer = await intake.post(
        "snu", f"/startups/{startup_id}/screenings", {"scores": ALL_CRITERIA_SCORES[:2]}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "scores"]


async def test_screening_against_an_unknown_rubric_is_not_found(intake: Intake) -> None:
    startup_id = (await intake.submit("snu", startup_body()))["startup_id"]
    answer = await intake.post(
        "snu",
        f"/startups/{startup_id}/screenings",
        {"rubric_id": "nope", "scores": ALL_CRITERIA_SCORES},
    )
    assert answer.status_code == 404


async def test_admission_needs_a_screening_first(intake: Intake) -> None:
    startup_id = (await intake.submit("snu", startup_body()))["startup_id"]
    answer = await intake.post("snu", f"/startups/{startup_id}/decision", {"decision": "admit"})
    assert answer.status_code == 409
    assert "screen it first" in answer.json()["detail"]


async def test_admission_is_announced_with_the_screening_total(intake: Intake) -> None:
    startup_id = await intake.admitted("snu")
    [event] = await intake.published("StartupAdmitted", startup_id)
    assert event["payload"] == {"university_id": "snu", "weighted_total": 69.0}


async def test_a_rejection_needs_a_reason_and_is_announced_with_it(intake: Intake) -> None:
    startup_id = (await intake.submit("snu", startup_body()))["startup_id"]
    await intake.post("snu", f"/startups/{startup_id}/screenings", {"scores": ALL_CRITERIA_SCORES})
    without = await intake.post("snu", f"/startups/{startup_id}/decision", {"decision": "reject"})
    assert without.status_code == 422
    assert without.json()["detail"][0]["loc"][-1] == "reason"

    rejected = await intake.post(
        "snu", f"/startups/{startup_id}/decision", {"decision": "reject", "reason": "too early"}
    )
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "rejected"
    [event] = await intake.published("StartupRejected", startup_id)
    assert event["payload"]["reason"] == "too early"
    graduating = await intake.post("snu", f"/startups/{startup_id}/graduation")
    assert graduating.status_code == 409


async def test_nurturing_records_programs_sessions_and_milestones(intake: Intake) -> None:
    startup_id = await intake.admitted("snu")
    too_soon = await intake.post(
        "snu",
        f"/startups/{startup_id}/mentoring-sessions",
        {"mentor": "Dr. Han", "held_on": days_ago(1), "topic": "pricing"},
    )
    assert too_soon.status_code == 409
    assert "mentoring program" in too_soon.json()["detail"]

    enrolled = await intake.post(
        "snu",
        f"/startups/{startup_id}/programs",
        {"program_id": "snu-mentoring-2026", "kind": "mentoring", "amount_krw": 3_000_000},
    )
    assert enrolled.status_code == 201, enrolled.text
    session = await intake.post(
        "snu",
        f"/startups/{startup_id}/mentoring-sessions",
        {"mentor": "Dr. Han", "held_on": days_ago(1), "topic": "pricing"},
    )
    assert session.status_code == 201
    milestone = await intake.post(
        "snu",
        f"/startups/{startup_id}/milestones",
        {"milestone": "prototype", "reached_on": days_ago(0)},
    )
    assert milestone.status_code == 201

    [program] = await intake.published("ProgramEnrolled", startup_id)
    assert program["payload"]["kind"] == "mentoring"
    [reached] = await intake.published("MilestoneReached", startup_id)
    assert reached["payload"]["milestone"] == "prototype"
    history = [entry["what"] for entry in milestone.json()["history"]]
    assert history[-3:] == ["program_enrolled", "mentoring_session", "milestone_reached"]


async def test_enrolling_twice_in_one_program_is_a_conflict(intake: Intake) -> None:
    startup_id = await intake.admitted("snu")
    program = {"program_id": "edu-1", "kind": "education"}
    assert (
        await intake.post("snu", f"/startups/{startup_id}/programs", program)
    ).status_code == 201
    assert (
        await intake.post("snu", f"/startups/{startup_id}/programs", program)
    ).status_code == 409


async def test_a_milestone_in_the_future_is_refused(intake: Intake) -> None:
    startup_id = await intake.admitted("snu")
    future = date(date.today().year + 1, 1, 1).isoformat()
    answer = await intake.post(
        "snu", f"/startups/{startup_id}/milestones", {"milestone": "ipo", "reached_on": future}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"][-1] == "reached_on"


async def test_registering_the_company_moves_a_pre_startup_to_early(intake: Intake) -> None:
    startup_id = await intake.admitted("snu")
    brn = valid_brn()
    registered = await intake.post(
        "snu",
        f"/startups/{startup_id}/registration",
        {"business_registration_number": brn, "registered_on": days_ago(2)},
    )

    assert registered.status_code == 200, registered.text
    assert registered.json()["stage"] == "early"
    [event] = await intake.published("StartupRegistered", startup_id)
    assert event["payload"]["business_registration_number"] == brn.replace("-", "")
    again = await intake.post(
        "snu",
        f"/startups/{startup_id}/registration",
        {"business_registration_number": brn, "registered_on": days_ago(2)},
    )
    assert again.status_code == 409


async def test_a_registration_with_a_bad_check_digit_names_the_field(intake: Intake) -> None:
    startup_id = await intake.admitted("snu")
    answer = await intake.post(
        "snu",
        f"/startups/{startup_id}/registration",
        {"business_registration_number": "123-45-67890", "registered_on": days_ago(2)},
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"][-1] == "business_registration_number"


async def test_only_an_admitted_startup_graduates(intake: Intake) -> None:
    startup_id = (await intake.submit("snu", startup_body()))["startup_id"]
    answer = await intake.post("snu", f"/startups/{startup_id}/graduation")
    assert answer.status_code == 409
    assert "only admitted startups graduate" in answer.json()["detail"]


async def test_graduation_carries_what_the_district_needs(intake: Intake) -> None:
    body = startup_body(desired_district="guro", sector="mobility")
    startup_id = await intake.admitted("snu", body)
    await intake.post(
        "snu",
        f"/startups/{startup_id}/programs",
        {
            "program_id": "snu-proto",
            "kind": "prototyping",
            "amount_krw": 5_000_000,
            "period_start": days_ago(60),
            "period_end": days_ago(1),
        },
    )
    await intake.post(
        "snu", f"/startups/{startup_id}/milestones", {"milestone": "mvp", "reached_on": days_ago(3)}
    )
    graduated = await intake.post("snu", f"/startups/{startup_id}/graduation")
    assert graduated.status_code == 200, graduated.text
    assert graduated.json()["status"] == "graduated"

    [event] = await intake.published("StartupGraduated", startup_id)
    payload = event["payload"]
    assert payload["company_name"] == body["company_name"]
    assert payload["desired_district"] == "guro"
    assert payload["sector"] == "mobility"
    assert payload["youth"] is True
    assert payload["stage"] == "pre_startup"
    assert payload["milestones"] == ["mvp"]
    assert payload["support_received"] == [
        {
            "program": "snu-proto",
            "kind": "prototyping",
            "institution_id": "snu",
            "amount_krw": 5_000_000,
            "period_start": days_ago(60),
            "period_end": days_ago(1),
        }
    ]
    assert (await intake.post("snu", f"/startups/{startup_id}/graduation")).status_code == 409


async def test_a_startup_graduates_from_one_university_only(intake: Intake) -> None:
    body = startup_body()
    first = await intake.admitted("snu", body)
    second = await intake.admitted("cau", body)
    assert first == second
    assert (await intake.post("snu", f"/startups/{first}/graduation")).status_code == 200
    answer = await intake.post("cau", f"/startups/{first}/graduation")
    assert answer.status_code == 409
    assert "another university" in answer.json()["detail"]
