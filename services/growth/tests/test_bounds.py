"""Inputs are bounded: every figure fits BSON's int64 and is not negative, every date lies where
the domain allows it; a refusal is a 422 in FastAPI's validation shape, never a 500."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from conftest import key_of

Accept = Callable[..., Awaitable[str]]
BEYOND_INT64 = 2**63
TODAY = datetime.now(UTC).date()


def figures(**changes: Any) -> dict[str, Any]:
    return {
        "as_of": "2024-06-30",
        "employees": 10,
        "revenue_krw": 1_000_000,
        "investment_raised_krw": 0,
        "ip_registered": 0,
        "exports_krw": 0,
        "operating": True,
        **changes,
    }


async def refused_at(answer: Awaitable[httpx.Response]) -> list[Any]:
    """The location FastAPI's validation shape names, checking the shape on the way."""
    response = await answer
    assert response.status_code == 422, response.text
    [detail] = response.json()["detail"]
    assert {"type", "loc", "msg"} <= set(detail)
    location: list[Any] = detail["loc"]
    return location


async def test_kpi_figures_fit_int64_are_not_negative_and_describe_a_day_that_came(
    growth: httpx.AsyncClient, accepted: Accept
) -> None:
    startup_id = await accepted("kosme")
    path = f"/startups/{startup_id}/snapshots"
    cases = {
        "employees": figures(employees=BEYOND_INT64),
        "revenue_krw": figures(revenue_krw=BEYOND_INT64),
        "investment_raised_krw": figures(investment_raised_krw=-1),
        "exports_krw": figures(exports_krw=10**30),
        "ip_registered": figures(ip_registered=-5),
        "ip_filed": figures(ip_filed=BEYOND_INT64),
        "jobs_created": figures(jobs_created=-(10**20)),
        "as_of": figures(as_of=str(TODAY + timedelta(days=3))),
    }
    for field, body in cases.items():
        location = await refused_at(growth.post(path, json=body, headers=key_of("kosme")))
        assert location == ["body", field]
    for ancient in ("1999-12-31", "0001-01-01"):
        location = await refused_at(
            growth.post(path, json=figures(as_of=ancient), headers=key_of("kosme"))
        )
        assert location == ["body", "as_of"]
    largest = figures(revenue_krw=BEYOND_INT64 - 1, jobs_created=-3, ip_filed=0)
    accepted_figures = await growth.post(path, json=largest, headers=key_of("kosme"))
    assert accepted_figures.status_code == 201, accepted_figures.text
    assert accepted_figures.json()["revenue_krw"] == BEYOND_INT64 - 1


async def test_money_and_dates_of_programs_stay_within_their_bounds(
    growth: httpx.AsyncClient, accepted: Accept
) -> None:
    startup_id = await accepted("sba")
    program = await growth.post(
        "/programs", json={"kind": "investment_matching", "title": "x"}, headers=key_of("sba")
    )
    cohorts = f"/programs/{program.json()['program_id']}/cohorts"
    tomorrow = str(TODAY + timedelta(days=1))  # still open if the run crosses midnight
    dated = {"name": "c", "capacity": 5, "starts_on": str(TODAY), "ends_on": tomorrow}
    for field, value in (
        ("starts_on", "0001-01-01"),
        ("starts_on", "1999-12-31"),
        ("ends_on", "2175-01-01"),
        ("capacity", BEYOND_INT64),
    ):
        body = {**dated, field: value}
        assert await refused_at(growth.post(cohorts, json=body, headers=key_of("sba"))) == [
            "body",
            field,
        ]
    cohort = await growth.post(cohorts, json=dated, headers=key_of("sba"))
    enrolments = f"{cohorts}/{cohort.json()['cohort_id']}/enrolments"
    await growth.post(enrolments, json={"startup_id": startup_id}, headers=key_of("sba"))
    completion = f"{enrolments}/{startup_id}/completion"
    huge = {"outcome": "x", "support_krw": BEYOND_INT64}
    assert await refused_at(growth.post(completion, json=huge, headers=key_of("sba"))) == [
        "body",
        "support_krw",
    ]
    investor = {"outcome": "x", "matches": [{"investor": "v", "amount_krw": BEYOND_INT64}]}
    assert await refused_at(growth.post(completion, json=investor, headers=key_of("sba"))) == [
        "body",
        "matches",
        0,
        "amount_krw",
    ]
    tomorrow_meeting = {
        "startup_id": startup_id,
        "outcome": "poc",
        "met_on": str(TODAY + timedelta(days=3)),
    }
    need = "/needs/lg-electronics-vision-inspection/outcomes"
    assert await refused_at(growth.post(need, json=tomorrow_meeting, headers=key_of("sba"))) == [
        "body",
        "met_on",
    ]


async def test_list_filters_refuse_a_window_that_ends_before_it_starts(
    growth: httpx.AsyncClient,
) -> None:
    backwards = growth.get(
        "/offers", params={"from": "2025-03-01", "to": "2025-02-01"}, headers=key_of("sba")
    )
    assert await refused_at(backwards) == ["query", "to"]
    year_one = growth.get("/startups", params={"from": "0001-01-01"}, headers=key_of("sba"))
    assert await refused_at(year_one) == ["query", "from"]
    number = growth.get(
        "/offers", params={"business_registration_number": "12-34"}, headers=key_of("sba")
    )
    assert await refused_at(number) == ["query", "business_registration_number"]
