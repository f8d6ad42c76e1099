"""One authorization layer: an agency touches only offers made to it and startups it holds;
everything else answers 404, as if it did not exist. The program office reads, and acts nowhere."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from conftest import key_of

Offer = Callable[..., Awaitable[Any]]
Accept = Callable[..., Awaitable[str]]
LG_NEED = "lg-electronics-vision-inspection"
TODAY = datetime.now(UTC).date()
Call = tuple[str, str, dict[str, Any] | None]


async def ok(response: Awaitable[httpx.Response], status: int = 200) -> dict[str, Any]:
    answer = await response
    assert answer.status_code == status, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def sbas_records(growth: httpx.AsyncClient, offer: Offer, accepted: Accept) -> list[Call]:
    """Everything sba holds: a waiting offer, a startup with a snapshot, a program with a cohort
    and an enrolment, a meeting outcome; and every call that reaches one of them."""
    sba = key_of("sba")
    waiting = (await offer("sba")).payload.handoff_id
    startup = await accepted("sba")
    snapshot = {
        "as_of": str(TODAY),
        "employees": 3,
        "revenue_krw": 1,
        "investment_raised_krw": 0,
        "ip_registered": 0,
        "exports_krw": 0,
        "operating": True,
    }
    await ok(growth.post(f"/startups/{startup}/snapshots", json=snapshot, headers=sba), 201)
    program = await ok(
        growth.post("/programs", json={"kind": "rnd", "title": "x"}, headers=sba), 201
    )
    programs = f"/programs/{program['program_id']}"
    dates = {"starts_on": str(TODAY), "ends_on": str(TODAY + timedelta(days=30))}
    cohort = await ok(
        growth.post(f"{programs}/cohorts", json={"name": "c", "capacity": 5, **dates}, headers=sba),
        201,
    )
    cohorts = f"{programs}/cohorts/{cohort['cohort_id']}"
    await ok(growth.post(f"{cohorts}/enrolments", json={"startup_id": startup}, headers=sba), 201)
    meeting = {"startup_id": startup, "outcome": "poc", "met_on": str(TODAY)}
    outcome = await ok(growth.post(f"/needs/{LG_NEED}/outcomes", json=meeting, headers=sba), 201)
    return [
        ("GET", f"/offers/{waiting}", None),
        ("POST", f"/offers/{waiting}/acceptance", None),
        ("POST", f"/offers/{waiting}/decline", {"reason": "not ours"}),
        ("GET", f"/startups/{startup}", None),
        ("PUT", f"/startups/{startup}/profile", {"technologies": ["iot"]}),
        ("GET", f"/startups/{startup}/snapshots", None),
        ("GET", f"/startups/{startup}/snapshots/{TODAY}", None),
        ("POST", f"/startups/{startup}/snapshots", {**snapshot, "as_of": "2024-01-01"}),
        ("GET", programs, None),
        ("POST", f"{programs}/cohorts", {"name": "d", "capacity": 1, **dates}),
        ("GET", cohorts, None),
        ("GET", f"{cohorts}/enrolments", None),
        ("GET", f"{cohorts}/enrolments/{startup}", None),
        ("POST", f"{cohorts}/enrolments", {"startup_id": startup}),
        ("POST", f"{cohorts}/enrolments/{startup}/completion", {"outcome": "done"}),
        ("GET", f"/needs/{LG_NEED}/outcomes/{outcome['outcome_id']}", None),
        ("POST", f"/needs/{LG_NEED}/outcomes", meeting),
    ]


async def test_another_agency_meets_404_on_everything_an_agency_holds(
    growth: httpx.AsyncClient, offer: Offer, accepted: Accept
) -> None:
    calls = await sbas_records(growth, offer, accepted)
    answers = [
        (method, path, (await growth.request(method, path, json=body, headers=key_of("kosme"))))
        for method, path, body in calls
    ]
    assert [(method, path) for method, path, a in answers if a.status_code != 404] == []
    assert all(a.json()["code"] == "not_found" for _, _, a in answers)
    for listing in ("/offers", "/startups", "/programs", f"/needs/{LG_NEED}/outcomes"):
        assert (await ok(growth.get(listing, headers=key_of("kosme"))))["items"] == []


async def test_the_program_office_reads_every_agencys_records_and_writes_none(
    growth: httpx.AsyncClient, offer: Offer, accepted: Accept
) -> None:
    calls = await sbas_records(growth, offer, accepted)
    council = key_of("council")
    for method, path, body in calls:
        answer = await growth.request(method, path, json=body, headers=council)
        expected = 200 if method == "GET" else 403
        assert answer.status_code == expected, (method, path, answer.text)
    for listing in ("/offers", "/startups", "/programs", f"/needs/{LG_NEED}/outcomes"):
        assert (await ok(growth.get(listing, headers=council)))["items"] != []
    refused = [
        growth.post("/programs", json={"kind": "rnd", "title": "x"}, headers=council),
        growth.post(
            "/difficulties",
            json={"category": "funding", "description": "abc", "startup_id": "x"},
            headers=council,
        ),
        growth.put(
            "/program-kinds/golf",
            json={"name_ko": "골프", "name_en": "Golf", "support_kind": "education"},
            headers=council,
        ),
        growth.put(
            "/webhook", json={"url": "https://93.184.215.14", "secret": "s" * 16}, headers=council
        ),
    ]
    assert [(await answer).status_code for answer in refused] == [403, 403, 403, 403]


async def test_an_unknown_agency_and_other_kinds_are_refused_at_the_door(
    growth: httpx.AsyncClient,
) -> None:
    # kised holds a key but is not in growth's reference data until an operator adds it.
    kised = {"X-API-Key": "test-key-kised-0000"}
    for path in ("/offers", "/startups", "/programs", "/webhook"):
        assert (await growth.get(path, headers=kised)).status_code == 403
        assert (await growth.get(path, headers=key_of("snu"))).status_code == 403
        assert (await growth.get(path)).status_code == 401
