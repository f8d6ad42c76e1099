"""One startup's path from submission to an offer at an agency, walked over HTTP under load."""

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from uuid import uuid4

import httpx

from bench.api import DISTRICTS, UNIVERSITIES, submission_body
from bench.processes import key_of
from bench.queues import CaseQueue

STEP_TIMEOUT_S = 120.0
BACKLOG_S = 10.0
SCORES = [
    {"criterion": criterion, "score": 80, "reviewer": "prof-park"}
    for criterion in ("team", "market", "technology", "feasibility")
]
SNAPSHOT = {
    "as_of": "2026-10-31",
    "employees": 7,
    "revenue_krw": 420_000_000,
    "investment_raised_krw": 1_500_000_000,
    "ip_filed": 3,
    "ip_registered": 1,
    "operating": True,
}
# A graduate of this run settles the day it is approved: no day before its graduation exists.
TODAY = datetime.now(timezone(timedelta(hours=9))).date().isoformat()
MOVED_IN = {"moved_in_on": TODAY, "minimum_stay_months": 24}


async def ok(answer: httpx.Response, status: int = 200) -> dict[str, Any]:
    if answer.status_code != status:
        raise RuntimeError(f"{answer.request.method} {answer.request.url.path}: {answer.text}")
    body: dict[str, Any] = answer.json()
    return body


@dataclass(frozen=True)
class Walk:
    handoff_id: str
    due: datetime  # when the open loop meant to start it: a queue before intake counts too
    accepted: datetime  # intake answered 201 to the submission
    graduated: datetime  # the four intake calls are done
    opened: datetime  # the district saw SettlementCaseOpened
    handed: datetime  # incubation answered 201 to the handoff


def legs(walks: list[Walk], seen: dict[str, datetime]) -> dict[str, dict[str, float]]:
    """Each leg's p50, p95, p99 and max in ms, to show where the time goes."""

    def spread(leg: Callable[[Walk], float]) -> dict[str, float]:
        values = sorted(leg(w) for w in walks if w.handoff_id in seen)
        shares = {"p50": 0.50, "p95": 0.95, "p99": 0.99, "max": 1.0}
        return {name: round(percentile(values, share), 1) for name, share in shares.items()}

    return {
        "before_intake_answered": spread(lambda w: ms(w.accepted - w.due)),
        "intake_calls": spread(lambda w: ms(w.graduated - w.accepted)),
        "graduation_to_case_seen": spread(lambda w: ms(w.opened - w.graduated)),
        "incubation_calls": spread(lambda w: ms(w.handed - w.opened)),
        "handoff_to_offer_recorded": spread(lambda w: ms(seen[w.handoff_id] - w.handed)),
    }


def ms(span: timedelta) -> float:
    return span.total_seconds() * 1000


class Lifecycle:
    """The shortest path a startup takes from submission to an offer at an agency."""

    def __init__(
        self, intake: httpx.AsyncClient, incubation: httpx.AsyncClient, cases: CaseQueue
    ) -> None:
        self.intake, self.incubation, self.cases = intake, incubation, cases
        self.facilities: dict[str, str] = {}
        self.addresses: dict[str, str] = {}
        self.run = uuid4().hex[:8]
        self.numbers = itertools.count()  # a company and founder no earlier walk used

    async def open_facilities(self) -> None:
        """The operator raises one facility of each district far above the run's need."""
        operator = key_of("operator")
        for district in DISTRICTS:
            view = await ok(await self.incubation.get(f"/districts/{district}", headers=operator))
            facility = view["facilities"][0]
            body = {k: facility[k] for k in ("name", "unit_kind", "monthly_rent_krw")}
            path = f"/districts/{district}/facilities/{facility['facility_id']}"
            await ok(
                await self.incubation.put(path, json={**body, "capacity": 10**7}, headers=operator)
            )
            self.facilities[district] = facility["facility_id"]
            self.addresses[district] = f"서울특별시 {view['name_ko']} 창업로 1"
            # Settled today, so ready when the district asks for no months settled.
            await ok(
                await self.incubation.put(
                    f"/districts/{district}/readiness",
                    json={"min_months_settled": 0},
                    headers=operator,
                )
            )

    async def walk(self, number: int) -> Walk:
        """The handoff id, and when each leg of the path ended (on this machine's clock)."""
        due = datetime.now(UTC)
        university, district = UNIVERSITIES[number % 6], DISTRICTS[number % 7]
        uni, dist = key_of(university), key_of(district)
        body = {**submission_body(self.run, number), "desired_district": district}
        startup = await ok(await self.intake.post("/startups", json=body, headers=uni), 201)
        accepted = datetime.now(UTC)
        at = f"/startups/{startup['startup_id']}"
        await ok(
            await self.intake.post(f"{at}/screenings", json={"scores": SCORES}, headers=uni), 201
        )
        await ok(await self.intake.post(f"{at}/decision", json={"decision": "admit"}, headers=uni))
        opened = self.cases.expect(startup["startup_id"])
        await ok(await self.intake.post(f"{at}/graduation", headers=uni))
        graduated = datetime.now(UTC)
        case = f"/cases/{await asyncio.wait_for(opened, STEP_TIMEOUT_S)}"
        opened_at = datetime.now(UTC)
        residency = {**MOVED_IN, "registered_address": self.addresses[district]}
        approval = {"facility_id": self.facilities[district], "start_date": TODAY}
        await ok(await self.incubation.post(f"{case}/approval", json=approval, headers=dist), 201)
        await ok(
            await self.incubation.post(f"{case}/settlement", json=residency, headers=dist), 201
        )
        await ok(await self.incubation.post(f"{case}/snapshots", json=SNAPSHOT, headers=dist), 201)
        offer = {"agency_id": "sba", "needs": ["investment"]}
        handoff = await ok(
            await self.incubation.post(f"{case}/handoffs", json=offer, headers=dist), 201
        )
        handed = datetime.now(UTC)
        return Walk(str(handoff["handoff_id"]), due, accepted, graduated, opened_at, handed)


@dataclass(frozen=True)
class Offered:
    walks: list[Walk]
    failures: list[str]
    shed: int  # startups never started: the system was saturated
    seconds: float  # how long load was offered


async def offered_load(lifecycle: Lifecycle, rate: float, seconds: float) -> Offered:
    """Open loop: a new startup every 1/rate s whatever the system does with the earlier ones.

    Past saturation an open loop only grows its queue, and the run would last as long as the
    backlog; once `BACKLOG_S` seconds of offered load are still in flight it stops offering,
    so the figures say the rate was not sustained rather than the run never ending.
    """
    tasks: list[asyncio.Task[Walk]] = []
    started = time.monotonic()
    total = max(1, int(rate * seconds))
    for index in range(total):
        await asyncio.sleep(max(0.0, started + index / rate - time.monotonic()))
        if sum(1 for task in tasks if not task.done()) > rate * BACKLOG_S:
            break
        tasks.append(asyncio.create_task(lifecycle.walk(next(lifecycle.numbers))))
    offered_for = time.monotonic() - started
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    walks = [o for o in outcomes if isinstance(o, Walk)]
    failures = [repr(o) for o in outcomes if not isinstance(o, Walk)]
    return Offered(walks, failures, total - len(tasks), offered_for)


async def received_at(growth_db: Any, handoffs: list[str], timeout_s: float) -> dict[str, datetime]:
    """When growth recorded each offer, read from its own collection once all are there."""
    deadline = time.monotonic() + timeout_s
    while True:
        cursor = growth_db["offers"].find(
            {"handoff_id": {"$in": handoffs}}, {"handoff_id": 1, "received_at": 1}
        )
        found = {d["handoff_id"]: d["received_at"] async for d in cursor}
        if len(found) >= len(handoffs) or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.2)


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0
