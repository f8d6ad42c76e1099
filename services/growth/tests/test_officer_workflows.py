"""What an agency officer sees: a startup complete the moment it is accepted, lists narrowed by
what a person knows, KPI figures in the one vocabulary, and every create answered alike."""

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import httpx

from conftest import eventually, key_of
from growth.domain.bounds import KST
from relay_contracts.incubation import GrantReceived
from relay_contracts.outcomes import OutcomeFigures, OutcomeSnapshot

Offer = Callable[..., Awaitable[Any]]
Accept = Callable[..., Awaitable[str]]
Hold = Callable[[str, str], Awaitable[None]]
Published = Callable[..., Awaitable[list[dict[str, Any]]]]
TODAY = datetime.now(UTC).date()
LG_NEED = "lg-electronics-vision-inspection"


def picture(startup_id: str) -> dict[str, Any]:
    """What the district knew of the startup when it offered it."""
    return {
        "startup_id": startup_id,
        "university_id": "cau",
        "stage": "pre_startup",
        "youth": True,
        "business_registration_number": "1234567890",
        "technologies": ["computer_vision", "edge_ai"],
        "kpi_history": [
            OutcomeSnapshot(
                startup_id=startup_id,
                as_of=date(2024, 12, 31),
                recorded_by="dongjak",
                figures=OutcomeFigures(employees=4, revenue_krw=120_000_000),
            )
        ],
        "grants_received": [
            GrantReceived(
                program="dongjak-rent",
                kind="rent_subsidy",
                institution_id="dongjak",
                amount_krw=3_000_000,
                granted_on=date(2025, 1, 15),
                period_start=date(2025, 1, 1),
                period_end=date(2025, 6, 30),
            )
        ],
    }


async def test_the_agency_starts_with_what_the_district_knew(
    growth: httpx.AsyncClient, offer: Offer
) -> None:
    startup_id = f"startup-{uuid4().hex[:10]}"
    offered = await offer(
        "kicox",
        company_name="Vision Forge",
        sector="ai",
        district_id="dongjak",
        **picture(startup_id),
    )
    handoff = offered.payload.handoff_id
    queued = (await growth.get(f"/offers/{handoff}", headers=key_of("kicox"))).json()
    assert queued["technologies"] == ["computer_vision", "edge_ai"]
    assert queued["grants_received"][0]["amount_krw"] == 3_000_000

    accepted = await growth.post(f"/offers/{handoff}/acceptance", headers=key_of("kicox"))
    assert accepted.status_code == 200, accepted.text
    startup = (await growth.get(f"/startups/{startup_id}", headers=key_of("kicox"))).json()
    assert {
        field: startup[field]
        for field in (
            "company_name",
            "sector",
            "district_id",
            "university_id",
            "intake_stage",
            "youth",
            "business_registration_number",
            "technologies",
        )
    } == {
        "company_name": "Vision Forge",
        "sector": "ai",
        "district_id": "dongjak",
        "university_id": "cau",
        "intake_stage": "pre_startup",
        "youth": True,
        "business_registration_number": "1234567890",
        "technologies": ["computer_vision", "edge_ai"],
    }
    [snapshot] = startup["kpi_history"]
    assert (snapshot["as_of"], snapshot["recorded_by"]) == ("2024-12-31", "dongjak")
    assert snapshot["figures"]["revenue_krw"] == 120_000_000
    [grant] = startup["grants_received"]
    assert (grant["kind"], grant["institution_id"]) == ("rent_subsidy", "dongjak")
    # Matching reads the technologies at once: nothing to re-type.
    ranked = (await growth.get(f"/needs/{LG_NEED}/matches", headers=key_of("kicox"))).json()
    mine = next(m for m in ranked if m["startup_id"] == startup_id)
    assert mine["explanation"][0]["matched"] == ["computer_vision", "edge_ai"]


async def test_lists_narrow_by_startup_number_company_status_and_days(
    growth: httpx.AsyncClient, offer: Offer
) -> None:
    ids = [f"startup-{uuid4().hex[:10]}" for _ in range(3)]
    names = ["Hangang Labs", "hangang Robotics", "Magok Bio"]
    offers = [
        await offer(
            "sba",
            company_name=name,
            startup_id=startup_id,
            business_registration_number=f"{n}" * 5 + "00000",
        )
        for n, (name, startup_id) in enumerate(zip(names, ids, strict=True), 1)
    ]
    sba = key_of("sba")
    accepted = await growth.post(f"/offers/{offers[0].payload.handoff_id}/acceptance", headers=sba)
    assert accepted.status_code == 200

    async def offered(**params: str) -> list[str]:
        page = (await growth.get("/offers", params=params, headers=sba)).json()
        return [item["company_name"] for item in page["items"]]

    assert await offered(company_name="HANGANG") == ["hangang Robotics", "Hangang Labs"]
    assert await offered(company_name="hangang l") == ["Hangang Labs"]
    assert await offered(startup_id=ids[2]) == ["Magok Bio"]
    assert await offered(business_registration_number="222-22-00000") == ["hangang Robotics"]
    assert await offered(business_registration_number="2222200000") == ["hangang Robotics"]
    assert await offered(status="accepted") == ["Hangang Labs"]
    assert await offered(status="offered", company_name="hangang") == ["hangang Robotics"]
    tomorrow = str(TODAY + timedelta(days=2))
    assert len(await offered(**{"from": str(TODAY - timedelta(days=1)), "to": tomorrow})) == 3
    assert await offered(**{"from": tomorrow}) == []

    async def startups(**params: str) -> list[str]:
        page = (await growth.get("/startups", params=params, headers=sba)).json()
        return [item["startup_id"] for item in page["items"]]

    assert await startups(company_name="hang") == [ids[0]]
    assert await startups(business_registration_number="1111100000") == [ids[0]]
    assert await startups(company_name="magok") == []
    # Days are the officers' own, in Korean time.
    today_in_seoul = datetime.now(KST).date()
    assert await startups(**{"from": str(today_in_seoul), "to": str(today_in_seoul)}) == [ids[0]]
    assert await startups(**{"to": str(today_in_seoul - timedelta(days=1))}) == []


async def test_a_snapshot_is_published_in_the_one_kpi_vocabulary_too(
    growth: httpx.AsyncClient, accepted: Accept, published: Published
) -> None:
    startup_id = await accepted("kosme")
    body = {
        "as_of": "2025-03-31",
        "employees": 12,
        "revenue_krw": 900_000_000,
        "investment_raised_krw": 2_000_000_000,
        "ip_registered": 3,
        "exports_krw": 50_000_000,
        "operating": True,
        "ip_filed": 5,
    }
    recorded = await growth.post(
        f"/startups/{startup_id}/snapshots", json=body, headers=key_of("kosme")
    )
    assert recorded.status_code == 201, recorded.text
    [event] = await eventually(lambda: published("OutcomeSnapshotRecorded"), what="published")
    assert event["payload"]["revenue_krw"] == 900_000_000
    assert event["payload"]["outcomes"] == {
        "employees": 12,
        "jobs_created": None,
        "revenue_krw": 900_000_000,
        "investment_raised_krw": 2_000_000_000,
        "exports_krw": 50_000_000,
        "ip_filed": 5,
        "ip_registered": 3,
        "still_operating": True,
    }


async def test_every_create_answers_201_with_the_resource_and_its_location(
    growth: httpx.AsyncClient, accepted: Accept, hold: Hold
) -> None:
    startup_id = await accepted("sba")
    await hold("snu", startup_id)
    sba, operator = key_of("sba"), key_of("operator")
    # Ends tomorrow: a run that crosses midnight still finds the cohort open.
    dates = {"starts_on": str(TODAY), "ends_on": str(TODAY + timedelta(days=1))}
    creates: list[tuple[str, dict[str, Any], dict[str, str]]] = [
        ("/programs", {"kind": "export_fair", "title": "Export fair"}, sba),
        ("/needs", {"firm_id": "lotte", "title": "x", "technologies": ["ai"]}, sba),
        (
            f"/needs/{LG_NEED}/outcomes",
            {"startup_id": startup_id, "outcome": "meeting", "met_on": str(TODAY)},
            sba,
        ),
        (
            f"/startups/{startup_id}/snapshots",
            {
                "as_of": str(TODAY),
                "employees": 1,
                "revenue_krw": 0,
                "investment_raised_krw": 0,
                "ip_registered": 0,
                "exports_krw": 0,
                "operating": True,
            },
            sba,
        ),
        (
            "/difficulties",
            {"category": "export", "description": "a buyer abroad", "startup_id": startup_id},
            key_of("snu"),
        ),
        (
            "/agencies",
            {"agency_id": "kised", "name_ko": "창업진흥원", "name_en": "KISED"},
            operator,
        ),
        (
            "/program-kinds",
            {
                "kind_id": "demo_day",
                "name_ko": "데모데이",
                "name_en": "Demo day",
                "support_kind": "investment_matching",
            },
            operator,
        ),
        (
            "/difficulty-categories",
            {
                "category_id": "energy",
                "name_ko": "에너지",
                "name_en": "Energy",
                "routed_to": "kicox",
            },
            operator,
        ),
    ]
    program_id = ""
    for path, body, headers in creates:
        made = await growth.post(path, json=body, headers=headers)
        assert made.status_code == 201, (path, made.text)
        location = made.headers["location"]
        assert location.startswith(path.split("?")[0] + "/")
        again = await growth.get(location, headers=headers)
        assert again.status_code == 200, (location, again.text)
        # What a create answers is the resource a read of its location answers (a program's
        # read adds its cohorts; a ticket's age moves on).
        same = {k: v for k, v in made.json().items() if k != "age_s"}
        assert {k: again.json()[k] for k in same} == same
        if path == "/programs":
            program_id = made.json()["program_id"]
    cohort = await growth.post(
        f"/programs/{program_id}/cohorts", json={"name": "c", "capacity": 2, **dates}, headers=sba
    )
    assert cohort.status_code == 201
    assert (await growth.get(cohort.headers["location"], headers=sba)).json() == cohort.json()
    enrolled = await growth.post(
        f"{cohort.headers['location']}/enrolments", json={"startup_id": startup_id}, headers=sba
    )
    assert enrolled.status_code == 201
    assert (await growth.get(enrolled.headers["location"], headers=sba)).json() == enrolled.json()
