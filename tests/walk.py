"""A startup walked through intake, incubation and growth over their HTTP APIs, as people do.

Shared by the lifecycle tests of tests/ and of services/insight/tests: one walk, one set of
bodies (the submission, the scores, the KPI snapshot)."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx

from conftest import eventually, key_of, serving
from growth.main import create_app as create_growth
from growth.settings import Settings as GrowthSettings
from incubation.main import create_app as create_incubation
from incubation.settings import Settings as IncubationSettings
from insight.main import create_app as create_insight
from insight.settings import Settings as InsightSettings
from intake.main import create_app as create_intake
from intake.settings import Settings as IntakeSettings

SEOUL = timezone(timedelta(hours=9))
SUBMISSION = {
    "company_name": "Hangang Labs",
    "stage": "pre_startup",
    "founders": [{"name": "Kim Minji", "birth_date": "1996-04-02", "role": "ceo"}],
    "sector": "ai",
    "desired_district": "gwanak",
    "description": "On-device speech models for small clinics.",
    "contact": {"name": "Kim Minji", "email": "minji@hangang.example"},
}
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


@dataclass
class Stack:
    intake: httpx.AsyncClient
    incubation: httpx.AsyncClient
    growth: httpx.AsyncClient
    insight: httpx.AsyncClient


@asynccontextmanager
async def four_services(settings_for: Callable[[str], dict[str, Any]]) -> AsyncIterator[Stack]:
    async with (
        serving(create_intake(IntakeSettings(**settings_for("intake"))), "intake") as intake,
        serving(
            create_incubation(IncubationSettings(**settings_for("incubation"))), "incubation"
        ) as incubation,
        serving(create_growth(GrowthSettings(**settings_for("growth"))), "growth") as growth,
        serving(create_insight(InsightSettings(**settings_for("insight"))), "insight") as insight,
    ):
        yield Stack(intake, incubation, growth, insight)


async def ok(response: Any) -> dict[str, Any]:
    """The body of a successful answer (which 2xx is each producer's own contract)."""
    answer = await response
    assert answer.is_success, answer.text
    body: dict[str, Any] = answer.json()
    return body


@dataclass
class Walked:
    """The ids each service gave out on the way."""

    startup_id: str = ""
    submission_ids: list[str] = field(default_factory=list)
    case_id: str = ""
    handoff_id: str = ""
    cohort_id: str = ""


async def walk(stack: Stack) -> Walked:
    """SNU submits (CAU too: a duplicate), admits and graduates it; Gwanak settles it and offers
    it to SBA, which declines; KOSME takes the re-offer and enrols it in a program."""
    snu, cau, gwanak = key_of("snu"), key_of("cau"), key_of("gwanak")
    sba, kosme = key_of("sba"), key_of("kosme")
    walked = Walked()
    first = await ok(stack.intake.post("/startups", json=SUBMISSION, headers=snu))
    second = await ok(stack.intake.post("/startups", json=SUBMISSION, headers=cau))
    assert second["startup_id"] == first["startup_id"]
    walked.startup_id = startup = first["startup_id"]
    walked.submission_ids = [first["submission_id"], second["submission_id"]]
    intake = f"/startups/{startup}"
    await ok(stack.intake.post(f"{intake}/screenings", json={"scores": SCORES}, headers=snu))
    await ok(stack.intake.post(f"{intake}/decision", json={"decision": "admit"}, headers=snu))
    await ok(stack.intake.post(f"{intake}/graduation", headers=snu))

    async def case_in_gwanak() -> dict[str, Any] | None:
        cases = (await stack.incubation.get("/cases", headers=gwanak)).json()["items"]
        return next((c for c in cases if c["startup_id"] == startup), None)

    walked.case_id = (await eventually(case_in_gwanak, what="the case in gwanak"))["case_id"]
    case = f"/cases/{walked.case_id}"
    # Graduated today (in Seoul), so settled today; gwanak asks for no months before an offer.
    today = datetime.now(SEOUL).date().isoformat()
    approval = {"facility_id": "gwanak-s-valley", "start_date": today}
    await ok(stack.incubation.post(f"{case}/approval", json=approval, headers=gwanak))
    settlement = {
        "registered_address": "서울특별시 관악구 남부순환로 1808",
        "moved_in_on": today,
        "minimum_stay_months": 24,
    }
    await ok(stack.incubation.post(f"{case}/settlement", json=settlement, headers=gwanak))
    readiness = {"min_months_settled": 0}
    await ok(stack.incubation.put("/districts/gwanak/readiness", json=readiness, headers=gwanak))
    await ok(stack.incubation.post(f"{case}/snapshots", json=SNAPSHOT, headers=gwanak))
    offer = {"agency_id": "sba", "needs": ["investment"]}
    handoff = await ok(stack.incubation.post(f"{case}/handoffs", json=offer, headers=gwanak))
    walked.handoff_id = handoff_id = handoff["handoff_id"]

    async def offered_to(agency: dict[str, str]) -> bool:
        return (await stack.growth.get(f"/offers/{handoff_id}", headers=agency)).status_code == 200

    async def handoff_is(state: str) -> bool:
        seen = await stack.incubation.get(f"/handoffs/{handoff_id}", headers=gwanak)
        return bool(seen.json()["state"] == state)

    await eventually(lambda: offered_to(sba), what="the offer at SBA")
    decline = {"reason": "export focus this year"}
    await ok(stack.growth.post(f"/offers/{handoff_id}/decline", json=decline, headers=sba))
    await eventually(lambda: handoff_is("declined"), what="the decline at the district")
    reoffer = {"agency_id": "kosme"}
    await ok(stack.incubation.post(f"/handoffs/{handoff_id}/reoffer", json=reoffer, headers=gwanak))
    await eventually(lambda: offered_to(kosme), what="the re-offer at KOSME")
    await ok(stack.growth.post(f"/offers/{handoff_id}/acceptance", headers=kosme))
    await eventually(lambda: handoff_is("accepted"), what="the acceptance at the district")
    walked.cohort_id = await enrol(stack.growth, startup, kosme)
    return walked


async def enrol(growth: httpx.AsyncClient, startup_id: str, agency: dict[str, str]) -> str:
    today = datetime.now(UTC).date()
    program = {"kind": "investment_matching", "title": "Investment demo day"}
    program_id = (await ok(growth.post("/programs", json=program, headers=agency)))["program_id"]
    cohort = {
        "name": "2026 autumn",
        "capacity": 10,
        "starts_on": str(today),
        "ends_on": str(today + timedelta(days=60)),
    }
    cohorts = f"/programs/{program_id}/cohorts"
    cohort_id: str = (await ok(growth.post(cohorts, json=cohort, headers=agency)))["cohort_id"]
    enrolment = {"startup_id": startup_id}
    path = f"{cohorts}/{cohort_id}/enrolments"
    await ok(growth.post(path, json=enrolment, headers=agency))
    return cohort_id
