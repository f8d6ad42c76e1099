"""The two hard limits hold under many parallel requests: a facility's seats, a program's budget."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from conftest import key_of
from services.incubation.tests.kit import TODAY

Graduate = Callable[..., Awaitable[dict[str, Any]]]
GraduateMany = Callable[[str, int], Awaitable[list[dict[str, Any]]]]


async def test_twenty_parallel_approvals_fill_a_five_seat_facility_exactly(
    incubation: httpx.AsyncClient, graduate_many: GraduateMany
) -> None:
    lab = {"name": "관악 소형 랩 (Gwanak Small Lab)", "unit_kind": "room", "capacity": 5}
    created = await incubation.put(
        "/districts/gwanak/facilities/gwanak-small-lab",
        json={**lab, "monthly_rent_krw": 200_000},
        headers=key_of("operator"),
    )
    assert created.status_code == 200, created.text
    cases = await graduate_many("gwanak", 20)

    answers = await asyncio.gather(
        *(
            incubation.post(
                f"/cases/{case['case_id']}/approval",
                json={"facility_id": "gwanak-small-lab", "start_date": TODAY.isoformat()},
                headers=key_of("gwanak"),
            )
            for case in cases
        )
    )

    codes = sorted(answer.status_code for answer in answers)
    assert codes == [201] * 5 + [409] * 15, [a.text for a in answers if a.status_code != 201]
    labels = sorted(a.json()["placement"]["unit_label"] for a in answers if a.status_code == 201)
    assert labels == [f"room-{n}" for n in range(1, 6)]
    assert all("is full" in a.json()["detail"] for a in answers if a.status_code == 409)
    gwanak = (await incubation.get("/districts/gwanak", headers=key_of("gwanak"))).json()
    lab_now = next(f for f in gwanak["facilities"] if f["facility_id"] == "gwanak-small-lab")
    assert (lab_now["capacity"], lab_now["occupied"]) == (5, 5)


async def test_twenty_parallel_grants_spend_a_five_grant_budget_exactly_and_never_below_zero(
    incubation: httpx.AsyncClient, graduate_many: GraduateMany
) -> None:
    cases = await graduate_many("guro", 20)
    for case in cases:
        approved = await incubation.post(
            f"/cases/{case['case_id']}/approval",
            json={"facility_id": "guro-g-valley", "start_date": TODAY.isoformat()},
            headers=key_of("guro"),
        )
        assert approved.status_code == 201, approved.text
    budget = await incubation.put(
        "/programs/guro-settlement/budgets/2026",
        json={"total_krw": 5_000_000},
        headers=key_of("guro"),
    )
    assert budget.status_code == 200, budget.text
    grant = {
        "program_id": "guro-settlement",
        "kind": "settlement_grant",
        "amount_krw": 1_000_000,
        "period_start": "2026-12-01",
        "period_end": "2026-12-31",
    }

    answers = await asyncio.gather(
        *(
            incubation.post(f"/cases/{case['case_id']}/grants", json=grant, headers=key_of("guro"))
            for case in cases
        )
    )

    codes = sorted(answer.status_code for answer in answers)
    assert codes == [201] * 5 + [409] * 15, [a.text for a in answers if a.status_code != 201]
    assert all("below zero" in a.json()["detail"] for a in answers if a.status_code == 409)
    budgets = (
        await incubation.get(
            "/programs/guro-settlement/budgets", params={"order": "oldest"}, headers=key_of("guro")
        )
    ).json()["items"]
    assert [(b["year"], b["total_krw"], b["remaining_krw"]) for b in budgets] == [
        (2026, 5_000_000, 0),
        (2027, 300_000_000, 300_000_000),
    ]


async def test_parallel_grants_of_the_same_rent_to_one_startup_pay_it_only_once(
    incubation: httpx.AsyncClient, graduate: Graduate
) -> None:
    case = await graduate("guro")
    approved = await incubation.post(
        f"/cases/{case['case_id']}/approval",
        json={"facility_id": "guro-g-valley", "start_date": TODAY.isoformat()},
        headers=key_of("guro"),
    )
    assert approved.status_code == 201, approved.text
    rent = {
        "program_id": "guro-settlement",
        "kind": "rent_subsidy",
        "amount_krw": 300_000,
        "period_start": "2026-12-01",
        "period_end": "2027-05-31",
    }

    answers = await asyncio.gather(
        *(
            incubation.post(f"/cases/{case['case_id']}/grants", json=rent, headers=key_of("guro"))
            for _ in range(8)
        )
    )

    codes = sorted(answer.status_code for answer in answers)
    assert codes == [201] + [409] * 7, [a.text for a in answers if a.status_code not in (201, 409)]
    granted = next(a.json()["entry_id"] for a in answers if a.status_code == 201)
    assert all(granted in a.json()["detail"] for a in answers if a.status_code == 409)
    ledger = (
        await incubation.get(f"/startups/{case['startup_id']}/ledger", headers=key_of("guro"))
    ).json()["items"]
    assert [entry["entry_id"] for entry in ledger] == [granted]
