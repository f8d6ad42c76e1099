"""What incubation's tests share besides fixtures: the days they record, and the steps of a case."""

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

import httpx

from conftest import eventually, key_of
from incubation.domain.bounds import today
from relay_contracts import Actor, Event, OrganizationKind
from relay_eventing import Cause, new_event

# Tests date what they record from the offices' today (Korean time), as the service does.
TODAY = today()
# A graduate arrives as in the program: months before the district records its settlement.
GRADUATED_ON = TODAY - timedelta(days=180)
# Settled long enough for the default readiness (3 months), so recorded with its reason.
MOVED_IN_ON = TODAY - timedelta(days=100)
LATE = "moved in before the district recorded settlements in the relay"

Graduate = Callable[..., Awaitable[dict[str, Any]]]
GraduateMany = Callable[[str, int], Awaitable[list[dict[str, Any]]]]
Settle = Callable[..., Awaitable[dict[str, Any]]]
Publish = Callable[..., Awaitable[None]]
Published = Callable[..., Awaitable[list[dict[str, Any]]]]

GOOD_QUARTER = {
    "as_of": (TODAY - timedelta(days=5)).isoformat(),
    "employees": 7,
    "revenue_krw": 420_000_000,
    "investment_raised_krw": 1_500_000_000,
    "ip_filed": 3,
    "ip_registered": 1,
    "operating": True,
}


def answer(offered: dict[str, Any], payload: Event) -> Any:
    """The agency's answer as growth would publish it: caused by the offer, same correlation."""
    agency = Actor(
        organization_id=offered["payload"]["agency_id"], organization_kind=OrganizationKind.AGENCY
    )
    cause = Cause(
        actor=agency,
        correlation_id=UUID(offered["correlation_id"]),
        causation_id=UUID(offered["event_id"]),
    )
    return new_event(payload, startup_id=offered["startup_id"], cause=cause)


async def ready_case(
    incubation: httpx.AsyncClient, graduate: Graduate, settle: Settle, **profile: Any
) -> dict[str, Any]:
    """A gwanak case settled 100 days ago with one KPI snapshot: ready by the default criteria."""
    case = await graduate("gwanak", **profile)
    await settle(case)
    recorded = await incubation.post(
        f"/cases/{case['case_id']}/snapshots", json=GOOD_QUARTER, headers=key_of("gwanak")
    )
    assert recorded.status_code == 201, recorded.text
    return case


async def offer(
    incubation: httpx.AsyncClient, case: dict[str, Any], agency_id: str, **extra: Any
) -> dict[str, Any]:
    offered = await incubation.post(
        f"/cases/{case['case_id']}/handoffs",
        json={"agency_id": agency_id, "needs": ["investment", "export"], **extra},
        headers=key_of("gwanak"),
    )
    assert offered.status_code == 201, offered.text
    body: dict[str, Any] = offered.json()
    return body


async def state_of(
    incubation: httpx.AsyncClient, handoff_id: str, state: str, who: str = "gwanak"
) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        handoff: dict[str, Any] = (
            await incubation.get(f"/handoffs/{handoff_id}", headers=key_of(who))
        ).json()
        return handoff if handoff["state"] == state else None

    return await eventually(probe, what=f"handoff {handoff_id} {state}")
