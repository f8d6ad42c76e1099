"""One startup's lifecycle as separate steps, each one HTTP call by the organization that acts.

The command table drives them one at a time and lets every consumer hop a step causes finish
before the next, so the counters moved between two steps are that step's and its hops' alone.
"""

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import httpx

from bench.api import submission_body
from bench.latency import MOVED_IN, SCORES, SNAPSHOT, TODAY, ok
from bench.processes import key_of
from bench.queues import CaseQueue
from intake.domain.identity import brn_check_digit

UNIVERSITY, DISTRICT, AGENCY = "snu", "gwanak", "sba"
CASE_TIMEOUT_S = 60.0
_serial = itertools.count(300_000_000 + datetime.now(UTC).microsecond * 100)


def fresh_brn() -> str:
    """A 사업자등록번호 no earlier run used, with a correct check digit."""
    first_nine = f"{next(_serial) % 1_000_000_000:09d}"
    return first_nine + str(brn_check_digit(first_nine))


@dataclass(frozen=True)
class Step:
    name: str
    service: str  # the service the HTTP call goes to
    route: str  # as the HTTP instrumentator labels it
    call: Callable[[], Awaitable[None]]


@dataclass
class Journey:
    """The ids one startup collects on its way; each step reads what an earlier one left."""

    clients: dict[str, httpx.AsyncClient]
    cases: CaseQueue
    facility: str = ""
    address: str = ""
    ids: dict[str, str] = field(default_factory=dict)

    async def open_district(self) -> None:
        """The operator's set-up, outside the measured steps: a facility with room, readiness."""
        operator = key_of("operator")
        incubation = self.clients["incubation"]
        view = await ok(await incubation.get(f"/districts/{DISTRICT}", headers=operator))
        facility = view["facilities"][0]
        body = {k: facility[k] for k in ("name", "unit_kind", "monthly_rent_krw")}
        path = f"/districts/{DISTRICT}/facilities/{facility['facility_id']}"
        await ok(await incubation.put(path, json={**body, "capacity": 10**6}, headers=operator))
        readiness = {"min_months_settled": 0}
        await ok(
            await incubation.put(
                f"/districts/{DISTRICT}/readiness", json=readiness, headers=operator
            )
        )
        # Growth caches the agencies it knows for 30 s: warm it, as any busy hour finds it.
        await ok(await self.clients["growth"].get("/offers", headers=key_of(AGENCY)))
        self.facility = facility["facility_id"]
        self.address = f"서울특별시 {view['name_ko']} 창업로 1"

    async def _post(
        self, service: str, path: str, who: str, body: Any = None, status: int = 200
    ) -> dict[str, Any]:
        answer = await self.clients[service].post(path, json=body, headers=key_of(who))
        return await ok(answer, status)

    def steps(self) -> list[Step]:
        startup = "/startups/{startup_id}"
        case = "/cases/{case_id}"

        async def submit() -> None:
            body = {**submission_body(uuid4().hex[:8], 0), "desired_district": DISTRICT}
            created = await self._post("intake", "/startups", UNIVERSITY, body, 201)
            self.ids["startup"] = created["startup_id"]

        def at_intake(suffix: str, body: Any = None, status: int = 200) -> Callable[[], Any]:
            async def call() -> None:
                path = f"/startups/{self.ids['startup']}/{suffix}"
                await self._post("intake", path, UNIVERSITY, body, status)

            return call

        async def graduate() -> None:
            opened = self.cases.expect(self.ids["startup"])
            await at_intake("graduation")()
            self.ids["case"] = await asyncio.wait_for(opened, CASE_TIMEOUT_S)

        def at_case(suffix: str, body: Any) -> Callable[[], Any]:
            async def call() -> None:
                path = f"/cases/{self.ids['case']}/{suffix}"
                answer = await self._post("incubation", path, DISTRICT, body, 201)
                if suffix == "handoffs":
                    self.ids["handoff"] = answer["handoff_id"]

            return call

        async def accept() -> None:
            await self._post("growth", f"/offers/{self.ids['handoff']}/acceptance", AGENCY)

        registration = {"business_registration_number": fresh_brn(), "registered_on": TODAY}
        approval = {"facility_id": self.facility, "start_date": TODAY}
        stay = {**MOVED_IN, "registered_address": self.address}
        kpis = SNAPSHOT
        offer = {"agency_id": AGENCY, "needs": ["investment"]}
        screen = at_intake("screenings", {"scores": SCORES}, 201)
        admit = at_intake("decision", {"decision": "admit"})
        register = at_intake("registration", registration)
        return [
            Step("submit", "intake", "POST /startups", submit),
            Step("screen", "intake", f"POST {startup}/screenings", screen),
            Step("admit", "intake", f"POST {startup}/decision", admit),
            Step("register", "intake", f"POST {startup}/registration", register),
            Step("graduate", "intake", f"POST {startup}/graduation", graduate),
            Step("approve", "incubation", f"POST {case}/approval", at_case("approval", approval)),
            Step("settle", "incubation", f"POST {case}/settlement", at_case("settlement", stay)),
            Step("snapshot", "incubation", f"POST {case}/snapshots", at_case("snapshots", kpis)),
            Step("offer", "incubation", f"POST {case}/handoffs", at_case("handoffs", offer)),
            Step("accept", "growth", "POST /offers/{handoff_id}/acceptance", accept),
        ]
