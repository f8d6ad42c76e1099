"""The whole relay played as the institutions' officers use it (issue 16), on the real servers.

Every request uses only what a person at that desk has: a company name, a business registration
number, and the ids earlier answers or `Location` headers gave out. Nothing is read from the
databases. Each step asserts the data the officer's screen shows."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import httpx

from conftest import eventually, key_of
from intake.domain.identity import brn_check_digit
from tests.walk import SCORES, SEOUL, Stack, four_services

BRN = "123456789" + str(brn_check_digit("123456789"))
NAME = "상도"  # what an officer types to look the company up: the start of its name
SUBMISSION = {
    "company_name": "(주)상도보이스",
    "stage": "pre_startup",
    "founders": [{"name": "이서연", "birth_date": "1997-03-14", "role": "ceo"}],
    "sector": "ai",
    "desired_district": "gwanak",
    "description": "On-device Korean speech recognition for neighbourhood clinics.",
    "contact": {"name": "이서연", "email": "seoyeon@sangdo-voice.example"},
}
# 숭실대 writes the same company its own way: the legal form after the name, another contact.
AT_SOONGSIL = {
    **SUBMISSION,
    "company_name": "상도보이스 주식회사",
    "contact": {"name": "이서연", "email": "ceo@sangdo-voice.example"},
}
GRANT_KRW = 5_000_000
TECHNOLOGIES = ["speech_recognition", "edge_ai"]
FIGURES = {"employees": 4, "revenue_krw": 60_000_000, "investment_raised_krw": 200_000_000}


@dataclass
class Desk:
    """One organization's officer at one service: every request checks its answer's status."""

    client: httpx.AsyncClient
    org: str

    async def call(self, method: str, path: str, status: int, **kwargs: Any) -> httpx.Response:
        answer = await self.client.request(method, path, headers=key_of(self.org), **kwargs)
        assert answer.status_code == status, f"{self.org} {method} {path}: {answer.text}"
        return answer

    async def get(self, path: str, status: int = 200, query: dict[str, str] | None = None) -> Any:
        return (await self.call("GET", path, status, params=query)).json()

    async def items(self, path: str, **query: str) -> Any:
        return (await self.get(path, query=query))["items"]

    async def post(self, path: str, body: Any = None, status: int = 200) -> Any:
        return (await self.call("POST", path, status, json=body)).json()

    async def create(self, path: str, body: Any, location: Callable[[Any], str]) -> Any:
        """A create answers 201 with the created resource and a `Location` naming it."""
        answer = await self.call("POST", path, 201, json=body)
        assert answer.headers["Location"] == location(answer.json()), answer.headers
        return answer.json()


def pick(record: dict[str, Any], *names: str) -> tuple[Any, ...]:
    return tuple(record[name] for name in names)


def shows(record: dict[str, Any], **expected: Any) -> None:
    """The screen shows these values (among others)."""
    assert {name: record.get(name) for name in expected} == expected, record


@dataclass
class Relay:
    """The desks, what the officers learned on the way, and what issue 16 asks that fails."""

    stack: Stack
    today: date = field(default_factory=lambda: datetime.now(SEOUL).date())
    startup_id: str = ""
    case: str = ""  # the case's path at incubation
    handoff: dict[str, Any] = field(default_factory=dict)
    grant: dict[str, Any] = field(default_factory=dict)
    ticket: str = ""  # the ticket's path at growth
    desk: str = ""
    defects: list[str] = field(default_factory=list)

    def at(self, service: str, org: str) -> Desk:
        return Desk(getattr(self.stack, service), org)

    def expect(self, holds: bool, defect: str) -> None:
        """A screen that does not yet show what the issue asks: noted; the relay goes on."""
        if not holds:
            self.defects.append(defect)


async def duplicate_screens(relay: Relay, university: str) -> Any:
    """A university's list row and detail of the startup: one flag, one meaning."""
    desk = relay.at("intake", university)
    rows = await desk.items("/startups", company_name=NAME)
    assert [pick(row, "startup_id", "duplicate") for row in rows] == [(relay.startup_id, True)]
    detail = await desk.get(f"/startups/{relay.startup_id}")
    assert detail["duplicate"] is not None, f"{university}: the list says duplicate, not the detail"
    return detail


async def submit_twice(relay: Relay) -> None:
    """중앙대 submits a youth pre-startup; 숭실대 submits the same company: linked, flagged."""
    cau, soongsil = relay.at("intake", "cau"), relay.at("intake", "soongsil")
    first = await cau.create("/startups", SUBMISSION, lambda s: f"/startups/{s['startup_id']}")
    relay.startup_id = first["startup_id"]
    shows(first, youth=True, stage="pre_startup", duplicate=None)
    second = await soongsil.post("/startups", AT_SOONGSIL, 201)
    assert second["submission_id"] != first["submission_id"]
    seen = [{"status": "submitted", "submitted_on": first["submitted_on"]}]
    linked = {"matched_on": "ceo_and_company_name", "elsewhere": seen}
    shows(second, startup_id=relay.startup_id, duplicate=linked)
    cau_detail = await duplicate_screens(relay, "cau")
    assert cau_detail["duplicate"] == {"matched_on": None, "elsewhere": seen}
    # Each university reads its own submission, never the other's.
    assert cau_detail["contact"]["email"] == "seoyeon@sangdo-voice.example"
    assert (await duplicate_screens(relay, "soongsil"))["company_name"] == "상도보이스 주식회사"
    todays = await cau.items("/startups", **{"from": str(relay.today), "to": str(relay.today)})
    relay.expect(
        [row["startup_id"] for row in todays] == [relay.startup_id],
        f"intake GET /startups?from={relay.today}&to={relay.today} (today in Seoul) misses the "
        f"submission made just now (submitted_on {first['submitted_on']}): intake.domain.bounds"
        ".today() is the UTC day, where incubation and growth count days in Korean time",
    )


async def graduate_to_dongjak(relay: Relay) -> None:
    """중앙대 screens, admits, registers the company and graduates it to 동작구, not 관악구."""
    cau, intake = relay.at("intake", "cau"), f"/startups/{relay.startup_id}"
    scores = {"scores": SCORES}
    await cau.create(f"{intake}/screenings", scores, lambda _: f"{intake}/screenings/1")
    admitted = await cau.post(f"{intake}/decision", {"decision": "admit"})
    assert admitted["status"] == "nurturing"
    # Registered last week; the number as the certificate writes it, 123-45-67890.
    written, last_week = f"{BRN[:3]}-{BRN[3:5]}-{BRN[5:]}", str(relay.today - timedelta(days=7))
    registration = {"business_registration_number": written, "registered_on": last_week}
    registered = await cau.post(f"{intake}/registration", registration)
    shows(registered, startup_id=relay.startup_id, stage="early", business_registration_number=BRN)
    graduated = await cau.post(f"{intake}/graduation", {"desired_district": "dongjak"})
    shows(graduated, status="graduated", desired_district="dongjak")
    moved = {"desired_district": "dongjak", "previous_district": "gwanak"}
    shows(graduated["history"][-1], what="graduated", detail=moved)
    # Both universities' screens still agree: each copy is live, one has graduated.
    elsewhere = (await duplicate_screens(relay, "soongsil"))["duplicate"]["elsewhere"]
    assert [copy["status"] for copy in elsewhere] == ["graduated"]
    elsewhere = (await duplicate_screens(relay, "cau"))["duplicate"]["elsewhere"]
    assert [copy["status"] for copy in elsewhere] == ["submitted"]


async def settle_in_dongjak(relay: Relay) -> None:
    """동작구 finds the case by what it knows, approves (never before graduation), settles it
    today in Seoul, and records KPIs."""
    dongjak, today = relay.at("incubation", "dongjak"), str(relay.today)

    async def by_number() -> Any:
        return await dongjak.items("/cases", business_registration_number=BRN)

    found = await eventually(by_number, what="the case in dongjak")
    case = found[0]
    assert [pick(c, "startup_id", "district_id") for c in found] == [(relay.startup_id, "dongjak")]
    by_name = await dongjak.items("/cases", company_name=NAME)
    relay.expect(
        [c["case_id"] for c in by_name] == [case["case_id"]],
        f"incubation GET /cases?company_name={NAME} misses '(주)상도보이스': incubation.repository"
        ".cases.CaseFilter.query matches the raw name as a regex prefix, where intake ignores a "
        "leading legal form, spacing and width (one filter vocabulary)",
    )
    assert await relay.at("incubation", "gwanak").items("/cases", startup_id=relay.startup_id) == []
    shows(case, university_id="cau", stage="early", youth=True, status="open", graduated_on=today)
    relay.case = path = f"/cases/{case['case_id']}"
    before = str(relay.today - timedelta(days=1))
    yesterday = {"facility_id": "dongjak-startup-center", "start_date": before}
    refused = await dongjak.post(f"{path}/approval", yesterday, 422)
    assert refused["detail"][0]["loc"][-1] == "start_date", refused
    approval = {**yesterday, "start_date": today}
    approved = await dongjak.create(f"{path}/approval", approval, lambda _: path)
    assert (approved["status"], approved["placement"]["start_date"]) == ("approved", today)
    address = "서울특별시 동작구 상도로 369"
    residency = {"registered_address": address, "moved_in_on": today, "minimum_stay_months": 24}
    settled = await dongjak.create(f"{path}/settlement", residency, lambda _: path)
    assert (settled["status"], settled["residency"]["moved_in_on"]) == ("settled", today)
    await dongjak.call("PUT", "/districts/dongjak/readiness", 200, json={"min_months_settled": 0})
    snapshot = {"as_of": today, **FIGURES}
    snapshots = f"{path}/snapshots"
    recorded = await dongjak.create(
        snapshots, snapshot, lambda s: f"{snapshots}/{s['snapshot_id']}"
    )
    shows(recorded, **FIGURES)
    checks = await dongjak.get(f"{path}/readiness")
    assert [check["met"] for check in checks] == [True] * len(checks), checks


async def grant_from_the_form(relay: Relay) -> None:
    """동작구 opens the grant form, picks the program granting a settlement grant, grants it;
    the form's budget and the benefit ledger show it."""
    dongjak, path, today = relay.at("incubation", "dongjak"), relay.case, str(relay.today)
    form = await dongjak.get(f"{path}/eligible-programs")
    program = next(p for p in form if "settlement_grant" in p["kinds"])
    assert program["year"] == relay.today.year
    assert 0 < program["remaining_krw"] <= program["total_krw"]
    grant = {"program_id": program["program_id"], "kind": "settlement_grant"}
    grant |= {"amount_krw": GRANT_KRW, "period_start": today, "period_end": today}
    grants = f"{path}/grants"
    relay.grant = await dongjak.create(grants, grant, lambda g: f"{grants}/{g['entry_id']}")
    entry_id = relay.grant["entry_id"]
    assert await dongjak.get(f"{grants}/{entry_id}") == relay.grant
    after = await dongjak.get(f"{path}/eligible-programs")
    same = next(p for p in after if p["program_id"] == program["program_id"])
    assert same["remaining_krw"] == program["remaining_krw"] - GRANT_KRW
    assert "settlement_grant" not in same["kinds"]
    assert [pick(e, "kind", "conflicting_grant") for e in same["excluded"]] == [
        ("settlement_grant", entry_id)
    ]
    ledger = await dongjak.items(f"/startups/{relay.startup_id}/ledger")
    assert [pick(e, "entry_id", "institution_id", "kind", "amount_krw") for e in ledger] == [
        (entry_id, "dongjak", "settlement_grant", GRANT_KRW)
    ]


async def raise_a_difficulty(relay: Relay) -> None:
    """동작구 raises a hiring difficulty for the startup it holds; no agency holds it yet, so
    the category's desk has it."""
    dongjak = relay.at("growth", "dongjak")
    categories = await dongjak.items("/difficulty-categories")
    relay.desk = next(c["routed_to"] for c in categories if c["category_id"] == "hiring")
    assert relay.desk != "kicox", "the walk needs a ticket that changes desks"
    about = "Needs two embedded engineers before the clinic pilot; no applicants so far."
    body = {"category": "hiring", "description": about, "startup_id": relay.startup_id}

    async def raised() -> Any:
        # Growth learns that 동작구 holds the startup from the case it opened (an event).
        answer = await dongjak.client.post("/difficulties", json=body, headers=key_of("dongjak"))
        if answer.status_code == 404:
            return None
        assert answer.status_code == 201, answer.text
        assert answer.headers["Location"] == f"/difficulties/{answer.json()['ticket_id']}"
        return answer.json()

    ticket = await eventually(raised, what="growth to know that dongjak holds the startup")
    relay.ticket = f"/difficulties/{ticket['ticket_id']}"
    shows(ticket, raised_by="dongjak", routed_to=relay.desk, status="open")
    assert {"cau", "soongsil", "dongjak"} <= set(ticket["holders"])
    mine = await dongjak.items("/difficulties", startup_id=relay.startup_id)
    assert [t["ticket_id"] for t in mine] == [ticket["ticket_id"]]


async def offer_found(relay: Relay, agency: str, attempt: int) -> None:
    """The agency's officer sees the offer arrive in its queue, and finds it by name."""
    desk, handoff_id = relay.at("growth", agency), relay.handoff["handoff_id"]

    async def queued() -> Any:
        found = await desk.items("/offers", status="offered")
        return [pick(o, "handoff_id", "attempt") for o in found] == [(handoff_id, attempt)]

    await eventually(queued, what=f"the offer at {agency}")
    by_name = await desk.items("/offers", company_name=NAME)
    relay.expect(
        [o["handoff_id"] for o in by_name][:1] == [handoff_id],
        f"growth GET /offers?company_name={NAME} at {agency} misses '(주)상도보이스': growth."
        "repository.filters.ListFilter.query matches the raw name as a regex prefix, where "
        "intake ignores a leading legal form (one filter vocabulary)",
    )


async def handoff_in(relay: Relay, state: str) -> Any:
    dongjak, path = relay.at("incubation", "dongjak"), f"/handoffs/{relay.handoff['handoff_id']}"

    async def seen() -> Any:
        handoff = await dongjak.get(path)
        return handoff if handoff["state"] == state else None

    return await eventually(seen, what=f"the handoff {state} at dongjak")


async def offer_decline_reoffer_accept(relay: Relay) -> None:
    """동작구 offers to KOSME, which declines; the re-offer goes to KICOX, which accepts. The
    handoff, the events and the journey share one correlation id."""
    dongjak = relay.at("incubation", "dongjak")
    offer = {"agency_id": "kosme", "needs": ["hiring", "investment"], "technologies": TECHNOLOGIES}
    made = await dongjak.create(
        f"{relay.case}/handoffs", offer, lambda h: f"/handoffs/{h['handoff_id']}"
    )
    relay.handoff, handoff_id = made, made["handoff_id"]
    await offer_found(relay, "kosme", 1)
    reason = "Hiring support is booked out until spring."
    kosme = relay.at("growth", "kosme")
    declined = await kosme.post(f"/offers/{handoff_id}/decline", {"reason": reason})
    shows(declined, status="declined", reason=reason)
    await handoff_in(relay, "declined")
    again = await dongjak.post(f"/handoffs/{handoff_id}/reoffer", {"agency_id": "kicox"})
    correlation = made["correlation_id"]
    shows(again, state="offered", attempt=2, agency_id="kicox", correlation_id=correlation)
    await offer_found(relay, "kicox", 2)
    accepted = await relay.at("growth", "kicox").post(f"/offers/{handoff_id}/acceptance")
    assert accepted["status"] == "accepted"
    await kicox_sees_the_history(relay)
    final = await handoff_in(relay, "accepted")
    assert [pick(s, "step", "agency_id", "attempt") for s in final["history"]] == [
        *[("offered", "kosme", 1), ("declined", "kosme", 1)],
        *[("offered", "kicox", 2), ("accepted", "kicox", 2)],
    ]
    shown = await relay.at("incubation", "kicox").get(f"/handoffs/{handoff_id}")
    assert final["correlation_id"] == shown["correlation_id"] == correlation
    shows(await dongjak.get(relay.case), status="handed_off", handoffs=[handoff_id])
    await journey_agrees(relay, correlation)


async def journey_agrees(relay: Relay, correlation: str) -> None:
    """The program office's journey shows every offer and answer in the handoff's one flow."""
    council = relay.at("insight", "council")

    async def handoff_steps() -> Any:
        journey = await council.get(f"/startups/{relay.startup_id}/journey")
        steps = [pick(s, "event_type", "correlation_id") for s in journey["steps"]]
        steps = [(kind[len("GrowthHandoff") :], id_) for kind, id_ in steps if "Handoff" in kind]
        return steps if any(kind == "Accepted" for kind, _ in steps) else None

    steps = await eventually(handoff_steps, what="the acceptance in the journey")
    kinds = ("Offered", "Declined", "Offered", "Accepted")
    assert steps == [(kind, correlation) for kind in kinds]


async def kicox_sees_the_history(relay: Relay) -> None:
    """Right after accepting, KICOX's screen holds the startup's history; the hiring ticket is
    KICOX's to answer now, and 동작구 sees the answer."""
    kicox = relay.at("growth", "kicox")
    held = await kicox.get(f"/startups/{relay.startup_id}")
    shows(held, company_name="(주)상도보이스", sector="ai", district_id="dongjak")
    shows(held, university_id="cau", intake_stage="early", youth=True)
    shows(held, business_registration_number=BRN, technologies=TECHNOLOGIES)
    kpis = held["kpi_history"]
    assert [pick(k, "recorded_by", "as_of") for k in kpis] == [("dongjak", str(relay.today))]
    shows(kpis[0]["figures"], **FIGURES)
    fields = ("program", "kind", "institution_id", "amount_krw")
    assert [pick(g, *fields) for g in held["grants_received"]] == [pick(relay.grant, *fields)]
    listed = await kicox.items("/startups", business_registration_number=BRN)
    assert [s["startup_id"] for s in listed] == [relay.startup_id]
    tickets = await kicox.items("/difficulties", startup_id=relay.startup_id)
    assert [pick(t, "routed_to", "status") for t in tickets] == [("kicox", "open")]
    assert relay.ticket == f"/difficulties/{tickets[0]['ticket_id']}"
    assert "kicox" in tickets[0]["holders"]
    answer = "Two candidates from the G-Valley hiring fair will be introduced on Dec 10."
    answered = await kicox.post(f"{relay.ticket}/answer", {"answer": answer})
    shows(answered, status="answered", answered_by="kicox")
    seen = await relay.at("growth", "dongjak").get(relay.ticket)
    shows(seen, status="answered", answer=answer, answered_by="kicox")
    # The category's desk no longer has the ticket, as for any record not its own.
    await relay.at("growth", relay.desk).get(relay.ticket, 404)


async def test_officers_take_a_startup_through_the_whole_relay(
    settings_for: Callable[[str], dict[str, Any]],
) -> None:
    async with four_services(settings_for) as stack:
        relay = Relay(stack)
        await submit_twice(relay)
        await graduate_to_dongjak(relay)
        await settle_in_dongjak(relay)
        await grant_from_the_form(relay)
        await raise_a_difficulty(relay)
        await offer_decline_reoffer_accept(relay)
    assert not relay.defects, "issue 16 is not met yet:\n- " + "\n- ".join(relay.defects)
