"""The load generator: universities, districts and agencies doing their jobs over the APIs.

Every call is retried through outages; a 409 on a retry means the first attempt had been
applied before its answer was lost, so the step counts as done.
"""

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx

from chaos.stack import KEYS, ChaosStack
from relay_devstack.organizations import AGENCIES, DISTRICTS, UNIVERSITIES

SCORES = [
    {"criterion": criterion, "score": 82, "reviewer": "chaos-reviewer"}
    for criterion in ("team", "market", "technology", "feasibility")
]
SNAPSHOT = {
    "as_of": "2026-10-31",
    "employees": 9,
    "revenue_krw": 900_000_000,
    "investment_raised_krw": 2_000_000_000,
    "ip_filed": 4,
    "ip_registered": 2,
    "operating": True,
}
RENT_SUBSIDY = 100_000
# A graduate of this run settles the day it is approved: no day before its graduation exists.
TODAY = datetime.now(timezone(timedelta(hours=9))).date().isoformat()
CLERKS_PER_DESK = 3


def key(org: str) -> dict[str, str]:
    return {"X-API-Key": KEYS[org]}


class UnexpectedAnswer(Exception):
    """A 4xx other than the conflicts a retry may meet: a bug, never retried."""


@dataclass
class Progress:
    graduated: int = 0
    handed_off: int = 0
    enrolled: int = 0
    retries: int = 0
    target: int = 0
    startup_ids: list[str] = field(default_factory=list)
    all_enrolled: asyncio.Event = field(default_factory=asyncio.Event)
    started: int = 0
    _room: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def start_one(self, in_flight: int) -> None:
        """Wait until fewer than `in_flight` startups are started and not yet enrolled."""
        async with self._room:
            await self._room.wait_for(lambda: self.started - self.enrolled < in_flight)
            self.started += 1

    async def enrol_one(self) -> None:
        async with self._room:
            self.enrolled += 1
            self._room.notify_all()
        if self.enrolled >= self.target:
            self.all_enrolled.set()


class Api:
    def __init__(self, stack: ChaosStack, progress: Progress) -> None:
        self._clients = {
            service: httpx.AsyncClient(base_url=stack.url(service), timeout=15)
            for service in ("intake", "incubation", "growth")
        }
        self._progress = progress

    async def call(
        self,
        service: str,
        method: str,
        path: str,
        org: str,
        body: Any = None,
        extra_headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        deadline = time.monotonic() + 600
        while True:
            try:
                answer = await self._clients[service].request(
                    method, path, json=body, headers={**key(org), **(extra_headers or {})}
                )
                if answer.status_code < 300 or answer.status_code == 409:
                    return answer
                if answer.status_code < 500:
                    raise UnexpectedAnswer(f"{method} {path}: {answer.status_code} {answer.text}")
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{method} {path} never succeeded")
            self._progress.retries += 1
            await asyncio.sleep(random.uniform(0.1, 0.4))

    async def close(self) -> None:
        for client in self._clients.values():
            await client.aclose()


async def prepare(api: Api, count: int) -> dict[str, tuple[str, str]]:
    """Room and budget for every startup; one program cohort per agency."""
    for district in DISTRICTS:
        view = (await api.call("incubation", "GET", f"/districts/{district}", district)).json()
        facility = view["facilities"][0]
        await api.call(
            "incubation",
            "PUT",
            f"/districts/{district}/facilities/{facility['facility_id']}",
            "operator",
            {
                "name": facility["name"],
                "unit_kind": facility["unit_kind"],
                "capacity": count + 10,
                "monthly_rent_krw": facility["monthly_rent_krw"],
            },
        )
        await api.call(
            "incubation",
            "PUT",
            f"/programs/{district}-settlement/budgets/2026",
            "operator",
            {"total_krw": (count + 10) * RENT_SUBSIDY},
        )
        # Settled today, so ready when the district asks for no months settled.
        await api.call(
            "incubation",
            "PUT",
            f"/districts/{district}/readiness",
            "operator",
            {"min_months_settled": 0},
        )
    cohorts: dict[str, tuple[str, str]] = {}
    for agency in AGENCIES:
        program = (
            await api.call(
                "growth",
                "POST",
                "/programs",
                agency,
                {"kind": "investment_matching", "title": f"{agency} chaos demo day"},
            )
        ).json()
        program_id = program["program_id"]
        cohort = (
            await api.call(
                "growth",
                "POST",
                f"/programs/{program_id}/cohorts",
                agency,
                {
                    "name": "chaos cohort",
                    "capacity": min(10_000, count + 10),
                    "starts_on": "2026-12-01",
                    "ends_on": "2027-02-28",
                },
            )
        ).json()
        cohorts[agency] = (program_id, cohort["cohort_id"])
    return cohorts


async def university(api: Api, progress: Progress, run: str, number: int) -> None:
    """Submit, screen, admit and graduate one startup."""
    org = UNIVERSITIES[number % len(UNIVERSITIES)]
    body = {
        "company_name": f"Chaos {run} Company {number}",
        "stage": "pre_startup",
        "founders": [
            {"name": f"Founder {run}-{number}", "birth_date": "1995-05-05", "role": "ceo"}
        ],
        "sector": "ai",
        "desired_district": DISTRICTS[number % len(DISTRICTS)],
        "description": "A startup in the chaos run.",
        "contact": {"name": f"Founder {number}", "email": f"founder{number}@chaos.example"},
    }
    submitted = await api.call(
        "intake", "POST", "/startups", org, body, {"Idempotency-Key": f"chaos-{run}-{number}"}
    )
    startup_id = submitted.json()["startup_id"]
    progress.startup_ids.append(startup_id)
    base = f"/startups/{startup_id}"
    await api.call("intake", "POST", f"{base}/screenings", org, {"scores": SCORES})
    await api.call("intake", "POST", f"{base}/decision", org, {"decision": "admit"})
    await api.call("intake", "POST", f"{base}/graduation", org)
    progress.graduated += 1


async def work_queue(
    api: Api,
    service: str,
    path: str,
    org: str,
    id_field: str,
    handle: Callable[[dict[str, Any]], Awaitable[None]],
    done: asyncio.Event,
) -> None:
    """Poll an institution's queue and handle each new item, as its staff would."""
    taken: set[str] = set()
    # A few clerks per desk: every approval of a district takes a seat of the same facility and
    # every grant draws on the same budget, so more would only collide (write conflicts).
    clerks = asyncio.Semaphore(CLERKS_PER_DESK)

    async def handled(item: dict[str, Any]) -> None:
        async with clerks:
            await handle(item)

    while not done.is_set():
        # Oldest first, as a desk works its queue; what is handled leaves the filter.
        queue = (await api.call(service, "GET", path, org)).json()["items"]
        fresh = [item for item in queue if item[id_field] not in taken]
        taken.update(item[id_field] for item in fresh)
        await asyncio.gather(*(handled(item) for item in fresh))
        if not fresh:
            await asyncio.sleep(0.3)


async def district_office(api: Api, progress: Progress, district: str, done: asyncio.Event) -> None:
    """Work through the queue of new cases: place, settle, support, hand off."""
    view = (await api.call("incubation", "GET", f"/districts/{district}", district)).json()
    facility_id = view["facilities"][0]["facility_id"]
    address = f"서울특별시 {view['name_ko']} 창업로 {len(district)}"

    async def handle(case: dict[str, Any]) -> None:
        await settle_and_hand_off(api, progress, district, case, facility_id, address)

    await work_queue(
        api,
        "incubation",
        "/cases?status=open&order=oldest&limit=200",
        district,
        "case_id",
        handle,
        done,
    )


async def settle_and_hand_off(
    api: Api,
    progress: Progress,
    district: str,
    case: dict[str, Any],
    facility_id: str,
    address: str,
) -> None:
    url = f"/cases/{case['case_id']}"
    await api.call(
        "incubation",
        "POST",
        f"{url}/approval",
        district,
        {"facility_id": facility_id, "start_date": TODAY},
    )
    await api.call(
        "incubation",
        "POST",
        f"{url}/settlement",
        district,
        {"registered_address": address, "moved_in_on": TODAY, "minimum_stay_months": 24},
    )
    await api.call("incubation", "POST", f"{url}/snapshots", district, SNAPSHOT)
    await api.call(
        "incubation",
        "POST",
        f"{url}/grants",
        district,
        {
            "program_id": f"{district}-settlement",
            "kind": "rent_subsidy",
            "amount_krw": RENT_SUBSIDY,
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
    )
    agency = AGENCIES[sum(map(ord, case["startup_id"])) % len(AGENCIES)]
    await api.call(
        "incubation",
        "POST",
        f"{url}/handoffs",
        district,
        {"agency_id": agency, "needs": ["investment"]},
    )
    progress.handed_off += 1


async def agency_desk(
    api: Api, progress: Progress, agency: str, cohort: tuple[str, str], done: asyncio.Event
) -> None:
    """Work through the offers: accept each and enrol it in the demo-day cohort."""
    program_id, cohort_id = cohort

    async def handle(offer: dict[str, Any]) -> None:
        await accept_and_enrol(api, progress, agency, offer, program_id, cohort_id)

    await work_queue(
        api,
        "growth",
        "/offers?status=offered&order=oldest&limit=200",
        agency,
        "handoff_id",
        handle,
        done,
    )


async def accept_and_enrol(
    api: Api,
    progress: Progress,
    agency: str,
    offer: dict[str, Any],
    program_id: str,
    cohort_id: str,
) -> None:
    await api.call("growth", "POST", f"/offers/{offer['handoff_id']}/acceptance", agency)
    await api.call(
        "growth",
        "POST",
        f"/programs/{program_id}/cohorts/{cohort_id}/enrolments",
        agency,
        {"startup_id": offer["startup_id"]},
    )
    await progress.enrol_one()
