"""Intake's merge of two startup records re-points everything incubation holds of the retired id."""

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from conftest import eventually, key_of
from relay_contracts import Actor, OrganizationKind
from relay_contracts.intake import StartupsMerged
from relay_eventing import Cause, new_event
from services.incubation.tests.kit import TODAY

Graduate = Callable[..., Awaitable[dict[str, Any]]]
Publish = Callable[..., Awaitable[None]]
OPERATOR = Actor(organization_id="operator", organization_kind=OrganizationKind.OPERATOR)


async def test_a_merged_startups_case_and_ledger_move_to_the_survivor(
    incubation: httpx.AsyncClient, graduate: Graduate, publish: Publish
) -> None:
    case = await graduate("yangcheon")
    retired = case["startup_id"]
    approved = await incubation.post(
        f"/cases/{case['case_id']}/approval",
        json={"facility_id": "yangcheon-startup-center", "start_date": TODAY.isoformat()},
        headers=key_of("yangcheon"),
    )
    assert approved.status_code == 201, approved.text
    grant = {
        "program_id": "yangcheon-business-support",
        "kind": "admin_help",
        "amount_krw": 0,
        "period_start": "2026-12-01",
        "period_end": "2026-12-31",
    }
    granted = await incubation.post(
        f"/cases/{case['case_id']}/grants", json=grant, headers=key_of("yangcheon")
    )
    assert granted.status_code == 201, granted.text
    survivor = f"{retired}-survivor"
    merged = StartupsMerged(survivor_id=survivor, merged_id=retired, reason="same company twice")

    await publish(new_event(merged, startup_id=survivor, cause=Cause.request(OPERATOR)))

    async def repointed() -> dict[str, Any] | None:
        now: dict[str, Any] = (
            await incubation.get(f"/cases/{case['case_id']}", headers=key_of("yangcheon"))
        ).json()
        return now if now["startup_id"] == survivor else None

    await eventually(repointed, what="the case under the survivor's id")
    ledger = (
        await incubation.get(f"/startups/{survivor}/ledger", headers=key_of("yangcheon"))
    ).json()["items"]
    assert [(e["entry_id"], e["startup_id"]) for e in ledger] == [
        (granted.json()["entry_id"], survivor)
    ]
    assert (
        await incubation.get(f"/startups/{retired}/ledger", headers=key_of("yangcheon"))
    ).status_code == 404
