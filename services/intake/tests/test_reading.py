"""Reading: a university's list with filters and cursor pages, and one startup's history."""

from typing import Any

from conftest import key_of
from services.intake.tests.kit import Intake, early_body, startup_body


async def _list(intake: Intake, **params: Any) -> dict[str, Any]:
    answer = await intake.client.get("/startups", params=params, headers=key_of("snu"))
    assert answer.status_code == 200, answer.text
    page: dict[str, Any] = answer.json()
    return page


async def test_the_list_pages_through_every_startup_with_a_cursor(intake: Intake) -> None:
    names = [(await intake.submit("snu", startup_body()))["company_name"] for _ in range(5)]

    first = await _list(intake, limit=2)
    second = await _list(intake, limit=2, cursor=first["next_cursor"])
    third = await _list(intake, limit=2, cursor=second["next_cursor"])

    pages = [first, second, third]
    newest_first = list(reversed(names))
    assert [item["company_name"] for page in pages for item in page["items"]] == newest_first
    assert third["next_cursor"] is None


async def test_the_list_filters_by_stage_status_sector_district_and_date(
    intake: Intake,
) -> None:
    ai = await intake.submit("snu", startup_body(sector="ai", desired_district="guro"))
    bio = await intake.submit("snu", early_body(sector="bio", desired_district="gwanak"))
    await intake.admitted("snu", startup_body(sector="ai", desired_district="gwanak"))

    def ids(page: dict[str, Any]) -> list[str]:
        return [item["startup_id"] for item in page["items"]]

    assert ids(await _list(intake, stage="early")) == [bio["startup_id"]]
    assert ids(await _list(intake, district="guro")) == [ai["startup_id"]]
    assert len((await _list(intake, sector="ai"))["items"]) == 2
    assert len((await _list(intake, status="nurturing"))["items"]) == 1
    today = ai["submitted_on"]
    assert len((await _list(intake, submitted_from=today, submitted_to=today))["items"]) == 3
    assert (await _list(intake, submitted_to="2000-01-01"))["items"] == []


async def test_a_bad_filter_or_cursor_names_the_parameter(intake: Intake) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"stage": "growth"}, "stage"),
        ({"district": "gangnam"}, "district"),
        ({"limit": 0}, "limit"),
        ({"cursor": "%%%"}, "cursor"),
    ]
    for params, name in cases:
        answer = await intake.client.get("/startups", params=params, headers=key_of("snu"))
        assert answer.status_code == 422, params
        assert answer.json()["detail"][0]["loc"][-1] == name


async def test_one_startup_shows_its_full_history_here(intake: Intake) -> None:
    startup_id = await intake.admitted("snu")
    answer = await intake.client.get(f"/startups/{startup_id}", headers=key_of("snu"))

    assert answer.status_code == 200
    view = answer.json()
    assert [entry["what"] for entry in view["history"]] == ["submitted", "screened", "admitted"]
    screened = view["history"][1]["detail"]
    assert screened["rubric_version"] == 1
    assert screened["weighted_total"] == 69.0
    assert view["founders"][0]["name"] == "김민지"
    assert view["contact"]["email"] == "minji@hangang.example"
