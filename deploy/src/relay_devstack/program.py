"""A living program driven through the services' own APIs: what `make demo` fills a stack with.

A few hundred startups from all six universities: submitted (some twice, by a second university:
duplicates), screened, admitted or rejected, graduated; districts approve and settle them, or
decline and refer them to another district or return them; grants, KPI snapshots over several
years (growth, some gazelles); handoffs to the agencies, some declined and re-offered; leap
programs, completions with support, the agencies' own snapshots. The reconciliation test drives
the same `Program`.
"""

import asyncio
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, TypeVar

import httpx

from relay_devstack.organizations import AGENCIES, DISTRICTS, UNIVERSITIES

T = TypeVar("T")
KST = timezone(timedelta(hours=9))
SECTORS = ("ai", "bio", "fintech", "mobility", "edtech", "hardware", "content", "climate")
NAMES = ("한강", "관악", "누리", "별빛", "푸른", "새솔", "다온", "미르", "가람", "하늘")
KINDS = ("랩스", "테크", "바이오", "모빌리티", "에듀", "로보틱스", "헬스", "소프트")
PROGRAM_KINDS = {"sba": "investment_matching", "kosme": "export"}
NEEDS = ("investment", "export", "open_innovation", "rnd", "patents", "hiring")
SCORES = [
    {"criterion": criterion, "score": 70, "reviewer": "review-board"}
    for criterion in ("team", "market", "technology", "feasibility")
]


def key_variable(organization_id: str) -> str:
    return "KEY_" + organization_id.upper().replace("-", "_")


@dataclass(frozen=True)
class Plan:
    """How many startups, and what share of each stage goes on to the next."""

    startups: int = 300
    duplicates: float = 0.05  # also submitted by a second university
    screened: float = 0.6
    admitted: float = 0.75  # of the screened; the others are rejected
    graduated: float = 0.7  # of the admitted
    referred: float = 0.1  # of the graduates: declined by the district, referred to another
    returned: float = 0.05  # of the graduates: declined, returned to the university
    granted: float = 0.5  # of the settled
    measured: float = 0.8  # of the settled: yearly KPI snapshots
    offered: float = 0.6  # of the measured: offered to an agency
    reoffered: float = 0.25  # of the offered: the first agency declines, another accepts
    enrolled: float = 0.7  # of the accepted
    agency_measured: float = 0.6  # of the accepted


@dataclass
class Services:
    intake: httpx.AsyncClient
    incubation: httpx.AsyncClient
    growth: httpx.AsyncClient
    keys: Mapping[str, str]


class Program:
    """One run of the demo: every startup's life its own task, requests bounded in number."""

    def __init__(self, services: Services, plan: Plan, seed: int = 7, parallel: int = 12) -> None:
        self.services, self.plan, self.seed = services, plan, seed
        self.tag = f"{seed:x}{int(time.time()) % 100_000:05d}"
        self.done: Counter[str] = Counter()
        self.today = datetime.now(KST).date()
        self._gate = asyncio.Semaphore(parallel)
        self._lock = asyncio.Lock()
        self._cohorts: dict[str, str] = {}
        self._ready: set[str] = set()
        self.failures: list[Exception] = []

    async def ask(
        self, method: str, service: str, who: str, path: str, body: Any = None, **params: str
    ) -> httpx.Response:
        client: httpx.AsyncClient = getattr(self.services, service)
        headers = {"X-API-Key": self.services.keys[who]}
        async with self._gate:
            return await client.request(method, path, json=body, params=params, headers=headers)

    async def call(self, method: str, service: str, who: str, path: str, body: Any = None) -> Any:
        """A request that must succeed; its JSON body."""
        answer = await self.ask(method, service, who, path, body)
        if not answer.is_success:
            raise RuntimeError(f"{method} {path}: {answer.status_code} {answer.text[:300]}")
        return answer.json() if answer.content else None

    async def until(self, probe: Callable[[], Awaitable[T | None]], what: str) -> T:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if found := await probe():
                return found
            await asyncio.sleep(0.1)
        raise TimeoutError(f"waited 60 s for {what}")

    async def run(self) -> Counter[str]:
        lives = [
            self.life(n, random.Random(self.seed * 100_003 + n)) for n in range(self.plan.startups)
        ]
        outcomes = await asyncio.gather(*lives, return_exceptions=True)
        self.failures = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
        return self.done

    async def life(self, n: int, rng: random.Random) -> None:
        plan = self.plan
        university, district = UNIVERSITIES[n % len(UNIVERSITIES)], rng.choice(DISTRICTS)
        born = rng.randint(1990, 2001) if rng.random() < 0.6 else rng.randint(1965, 1984)
        body = {
            "company_name": f"{rng.choice(NAMES)}{rng.choice(KINDS)} {self.tag}-{n:03d}",
            "stage": "pre_startup",
            "founders": [
                {"name": f"대표 {self.tag}-{n}", "birth_date": f"{born}-05-17", "role": "ceo"}
            ],
            "sector": rng.choice(SECTORS),
            "desired_district": district,
            "description": "Demo company.",
            "contact": {"name": "Demo", "email": f"ceo{n}@demo{self.tag}.example"},
        }
        startup = (await self.call("POST", "intake", university, "/startups", body))["startup_id"]
        self.done["submitted"] += 1
        if rng.random() < plan.duplicates:
            other = UNIVERSITIES[(n + 1) % len(UNIVERSITIES)]
            await self.call("POST", "intake", other, "/startups", body)
            self.done["duplicate submissions"] += 1
        if rng.random() >= plan.screened:
            return
        path = f"/startups/{startup}"
        await self.call("POST", "intake", university, f"{path}/screenings", {"scores": SCORES})
        if rng.random() >= plan.admitted:
            no = {"decision": "reject", "reason": "시장 검증 부족 · market not proven"}
            await self.call("POST", "intake", university, f"{path}/decision", no)
            self.done["rejected"] += 1
            return
        await self.call("POST", "intake", university, f"{path}/decision", {"decision": "admit"})
        self.done["admitted"] += 1
        if rng.random() < plan.graduated:
            await self.call("POST", "intake", university, f"{path}/graduation")
            self.done["graduated"] += 1
            await self.settle(rng, startup, district)

    async def case_at(self, startup: str, district: str) -> str:
        async def probe() -> str | None:
            answer = await self.ask(
                "GET", "incubation", district, "/cases", startup_id=startup, status="open"
            )
            items = answer.json().get("items", []) if answer.is_success else []
            return str(items[0]["case_id"]) if items else None

        return await self.until(probe, f"the case of {startup} in {district}")

    async def settle(self, rng: random.Random, startup: str, district: str) -> None:
        plan, case = self.plan, await self.case_at(startup, district)
        roll = rng.random()
        if roll < plan.referred + plan.returned:
            target = rng.choice([d for d in DISTRICTS if d != district])
            then = (
                {"then": "refer", "refer_to": target}
                if roll < plan.referred
                else {"then": "return"}
            )
            decline = {"reason": "입주 공간 부족 · no room here", **then}
            await self.call("POST", "incubation", district, f"/cases/{case}/decline", decline)
            if then["then"] == "return":
                self.done["returned to the university"] += 1
                return
            self.done["referred to another district"] += 1
            district, case = target, await self.case_at(startup, target)
        if not await self.approve(case, district):
            return
        residency = {
            "registered_address": f"서울특별시 {district} 창업로 {rng.randint(1, 300)}",
            "moved_in_on": str(self.today),
            "minimum_stay_months": 24,
        }
        await self.call("POST", "incubation", district, f"/cases/{case}/settlement", residency)
        self.done["settled"] += 1
        if rng.random() < plan.granted:
            await self.grant(rng, case, district)
        if rng.random() < plan.measured:
            revenue, operating = await self.measure(rng, case, district)
            if operating and rng.random() < plan.offered:
                await self.hand_off(rng, startup, case, district, revenue)

    async def approve(self, case: str, district: str) -> bool:
        """The first facility with a free seat or room; none free: returned to the university."""
        seen = await self.call("GET", "incubation", district, f"/districts/{district}")
        for facility in seen["facilities"]:
            if facility["occupied"] < facility["capacity"]:
                seat = {"facility_id": facility["facility_id"], "start_date": str(self.today)}
                path = f"/cases/{case}/approval"
                if (await self.ask("POST", "incubation", district, path, seat)).is_success:
                    self.done["settlement approved"] += 1
                    return True
        full = {"reason": "시설 만석 · every seat taken", "then": "return"}
        await self.call("POST", "incubation", district, f"/cases/{case}/decline", full)
        self.done["returned to the university"] += 1
        return False

    async def grant(self, rng: random.Random, case: str, district: str) -> None:
        path = f"/cases/{case}/eligible-programs"
        programs = await self.call("GET", "incubation", district, path)
        usable = [p for p in programs if p["kinds"] and p["remaining_krw"] >= 20_000_000]
        if usable:
            chosen = rng.choice(usable)
            grant = {
                "program_id": chosen["program_id"],
                "kind": rng.choice(chosen["kinds"]),
                "amount_krw": rng.choice((5, 10, 20)) * 1_000_000,
                "period_start": str(self.today),
                "period_end": str(self.today + timedelta(days=180)),
            }
            made = await self.ask("POST", "incubation", district, f"/cases/{case}/grants", grant)
            self.done["district grants"] += int(made.is_success)  # a budget or rule may refuse

    async def measure(self, rng: random.Random, case: str, district: str) -> tuple[int, bool]:
        """Year-end KPI snapshots of 1-3 past years, then yesterday's: growth, some gazelles.
        Answers the last revenue and whether the company still operates."""
        employees, revenue = rng.randint(2, 6), rng.randint(5, 40) * 10_000_000
        rising = rng.choice((1.1, 1.25, 1.4))
        years = range(self.today.year - rng.randint(1, 3), self.today.year)
        days = [*(date(year, 12, 31) for year in years), self.today - timedelta(days=1)]
        for index, as_of in enumerate(days):
            operating = rng.random() < 0.93
            if index:
                employees, revenue = employees + rng.randint(0, 3), int(revenue * rising)
            snapshot = {
                "as_of": str(as_of),
                "employees": employees,
                "revenue_krw": revenue,
                "investment_raised_krw": rng.randint(0, 30) * 10_000_000,
                "ip_filed": rng.randint(0, 4),
                "ip_registered": rng.randint(0, 2),
                "operating": operating,
            }
            await self.call("POST", "incubation", district, f"/cases/{case}/snapshots", snapshot)
            self.done["district KPI snapshots"] += 1
        return revenue, operating

    async def offered_to(self, handoff: str, agency: str) -> None:
        async def probe() -> bool:
            answer = await self.ask("GET", "growth", agency, f"/offers/{handoff}")
            return answer.is_success and answer.json().get("status") == "offered"

        await self.until(probe, f"the offer {handoff} at {agency}")

    async def hand_off(
        self, rng: random.Random, startup: str, case: str, district: str, revenue: int
    ) -> None:
        async with self._lock:  # offered today in the demo: nobody waits months settled
            if district not in self._ready:
                criteria = {"min_months_settled": 0, "min_kpi_snapshots": 1}
                path = f"/districts/{district}/readiness"
                await self.call("PUT", "incubation", district, path, criteria)
                self._ready.add(district)
        agency, second = rng.sample(AGENCIES, 2)
        offer = {"agency_id": agency, "needs": rng.sample(NEEDS, rng.randint(1, 3))}
        made = await self.call("POST", "incubation", district, f"/cases/{case}/handoffs", offer)
        handoff = made["handoff_id"]
        self.done["handoffs offered"] += 1
        await self.offered_to(handoff, agency)
        if rng.random() < self.plan.reoffered:
            no = {"reason": "올해는 수출 중심 · export focus this year"}
            await self.call("POST", "growth", agency, f"/offers/{handoff}/decline", no)
            self.done["offers declined"] += 1

            async def declined() -> bool:
                seen = await self.call("GET", "incubation", district, f"/handoffs/{handoff}")
                return bool(seen["state"] == "declined")

            await self.until(declined, f"the decline of {handoff}")
            agency = second
            path = f"/handoffs/{handoff}/reoffer"
            await self.call("POST", "incubation", district, path, {"agency_id": agency})
            self.done["re-offers"] += 1
            await self.offered_to(handoff, agency)
        await self.call("POST", "growth", agency, f"/offers/{handoff}/acceptance")
        self.done["handoffs accepted"] += 1
        if rng.random() < self.plan.enrolled:
            await self.enrol(rng, startup, agency)
        if rng.random() < self.plan.agency_measured:
            figures = {
                "as_of": str(self.today),
                "employees": rng.randint(5, 30),
                "revenue_krw": int(revenue * rng.choice((1.0, 1.1, 1.3))),
                "investment_raised_krw": rng.randint(5, 100) * 10_000_000,
                "ip_registered": rng.randint(0, 3),
                "exports_krw": rng.choice((0, 0, 50_000_000, 200_000_000)),
                "operating": True,
            }
            await self.call("POST", "growth", agency, f"/startups/{startup}/snapshots", figures)
            self.done["agency KPI snapshots"] += 1

    async def enrol(self, rng: random.Random, startup: str, agency: str) -> None:
        async with self._lock:
            if agency not in self._cohorts:
                kind = PROGRAM_KINDS.get(agency, "open_innovation")
                body = {"kind": kind, "title": f"{agency.upper()} 도약 프로그램 {self.today.year}"}
                program = (await self.call("POST", "growth", agency, "/programs", body))[
                    "program_id"
                ]
                cohort = {
                    "name": f"{self.today.year} demo",
                    "capacity": 10_000,
                    "starts_on": str(self.today),
                    "ends_on": str(self.today + timedelta(days=120)),
                }
                path = f"/programs/{program}/cohorts"
                made = await self.call("POST", "growth", agency, path, cohort)
                self._cohorts[agency] = f"{path}/{made['cohort_id']}/enrolments"
        path = self._cohorts[agency]
        await self.call("POST", "growth", agency, path, {"startup_id": startup})
        self.done["enrolled in leap programs"] += 1
        if rng.random() < 0.5:
            done = {"outcome": "투자 유치 연계 · matched with investors", "support_krw": 30_000_000}
            await self.call("POST", "growth", agency, f"{path}/{startup}/completion", done)
            self.done["programs completed with support"] += 1
