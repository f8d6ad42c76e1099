"""The MongoDB commands of each business step, counted by PyMongo's command monitoring.

On the embedded database every command costs about the same, so the count per step is the cost.
Budgets are `<=` the counts seen after the cuts: a change that adds a command fails here.
"""

import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import uuid4

import httpx
import pytest
from fastapi import FastAPI
from pymongo import AsyncMongoClient, monitoring

import relay_eventing.runtime
from conftest import eventually, key_of, publish_raw, serving
from incubation.domain.bounds import KST
from incubation.workers import expire_lapsed_offers
from relay_contracts import Actor, Envelope, OrganizationKind
from relay_contracts.incubation import GrowthHandoffOffered
from relay_contracts.intake import StartupGraduated, StartupSubmitted, SupportReceived
from relay_eventing import Cause, new_event
from services.intake.tests.kit import (
    ALL_CRITERIA_SCORES,
    days_ago,
    early_body,
    startup_body,
    valid_brn,
)

log = logging.getLogger(__name__)
STEP: ContextVar[str | None] = ContextVar("step", default=None)


class Commands(monitoring.CommandListener):
    """Every command sent while a step is being counted, as `name collection`, by step."""

    def __init__(self) -> None:
        self.by_step: dict[str, list[str]] = defaultdict(list)

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        step = STEP.get()
        if step is not None:
            target = event.command.get(event.command_name)
            on = f" {target}" if isinstance(target, str) else ""
            self.by_step[step].append(f"{event.command_name}{on}")

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    @contextmanager
    def counting(self, step: str) -> Iterator[None]:
        token = STEP.set(step)
        try:
            yield
        finally:
            STEP.reset(token)

    def of(self, step: str) -> list[str]:
        return self.by_step[step]


@pytest.fixture
def commands(monkeypatch: pytest.MonkeyPatch) -> Commands:
    """Services built in this test talk to MongoDB through a client that reports to us."""
    listener = Commands()

    def monitored(url: str, *listeners: monitoring.CommandListener) -> AsyncMongoClient[Any]:
        return AsyncMongoClient(
            url,
            tz_aware=True,
            uuidRepresentation="standard",
            event_listeners=[listener, *listeners],
        )

    monkeypatch.setattr(relay_eventing.runtime, "mongo_client", monitored)
    return listener


def count_hops(app: FastAPI, commands: Commands, monkeypatch: pytest.MonkeyPatch) -> None:
    """Count what each consumed event costs, inbox to commit, as `hop <consumer> <startup>`."""
    inbox = app.state.runtime.inbox
    apply = inbox.apply

    async def counted(consumer: str, envelope: Envelope[Any], *args: Any, **kwargs: Any) -> bool:
        with commands.counting(f"hop {consumer} {envelope.startup_id}"):
            applied: bool = await apply(consumer, envelope, *args, **kwargs)
            return applied

    monkeypatch.setattr(inbox, "apply", counted)


@pytest.fixture
async def intake(
    commands: Commands, settings_for: Callable[[str], dict[str, Any]]
) -> AsyncIterator[httpx.AsyncClient]:
    from intake.main import create_app
    from intake.settings import Settings

    async with serving(create_app(Settings(**settings_for("intake"))), "intake") as client:
        yield client


async def _post(
    client: httpx.AsyncClient,
    commands: Commands,
    step: str,
    path: str,
    body: Any,
    university: str = "snu",
    **headers: str,
) -> dict[str, Any]:
    with commands.counting(step):
        answer = await client.post(path, json=body, headers={**key_of(university), **headers})
    assert answer.status_code in (200, 201), answer.text
    result: dict[str, Any] = answer.json()
    return result


def _report(commands: Commands, steps: list[str]) -> None:
    for step in steps:
        log.info("%s: %d %s", step, len(commands.of(step)), commands.of(step))


async def test_intake_steps_stay_within_their_command_budgets(
    intake: httpx.AsyncClient, commands: Commands
) -> None:
    # The first request loads what the service caches (the universities); count the steady state.
    await _post(intake, commands, "warm up", "/startups", startup_body())
    new = await _post(intake, commands, "submit new", "/startups", early_body())
    body = early_body()
    keyed = await _post(
        intake, commands, "submit keyed", "/startups", body, **{"Idempotency-Key": "k-1"}
    )
    replayed = await _post(
        intake, commands, "replay keyed", "/startups", body, **{"Idempotency-Key": "k-1"}
    )
    assert replayed == keyed
    same_company = {**body, "company_name": body["company_name"]}
    duplicate = await _post(
        intake, commands, "submit duplicate", "/startups", same_company, university="cau"
    )
    assert duplicate["startup_id"] == keyed["startup_id"]
    assert duplicate["duplicate"] is not None

    startup = f"/startups/{new['startup_id']}"
    await _post(
        intake, commands, "screen", f"{startup}/screenings", {"scores": ALL_CRITERIA_SCORES}
    )
    await _post(intake, commands, "admit", f"{startup}/decision", {"decision": "admit"})
    graduated = await _post(intake, commands, "graduate", f"{startup}/graduation", None)
    assert graduated["status"] == "graduated"
    pre = await _post(intake, commands, "submit pre-startup", "/startups", startup_body())
    assert pre["stage"] == "pre_startup"
    pre_startup = f"/startups/{pre['startup_id']}"
    scores = {"scores": ALL_CRITERIA_SCORES}
    await _post(intake, commands, "pre screen", f"{pre_startup}/screenings", scores)
    await _post(intake, commands, "pre admit", f"{pre_startup}/decision", {"decision": "admit"})
    brn = valid_brn()
    company = {"business_registration_number": brn, "registered_on": days_ago(2)}
    registered = await _post(intake, commands, "register", f"{pre_startup}/registration", company)
    assert registered["stage"] == "early"
    assert registered["business_registration_number"] == brn.replace("-", "")
    with commands.counting("read"):
        answer = await intake.get(pre_startup, headers=key_of("snu"))
    assert answer.status_code == 200, answer.text
    assert answer.json()["company_name"] == registered["company_name"]

    steps = [
        "submit new",
        "submit keyed",
        "replay keyed",
        "submit duplicate",
        "submit pre-startup",
        "screen",
        "admit",
        "graduate",
        "register",
        "read",
    ]
    _report(commands, steps)
    # A new company: its startup, identity claims, submission (and idempotency record) and
    # events in one bulkWrite, then the commit. A known company fails that blind write on an
    # identity key (bulkWrite + abort) and is run again reading keys, startup and copies.
    # A registration claims its number blindly in the same way, beside the submission's write.
    # A read is the startup (a merged id leads to the survivor), the submission and the
    # startup's copies at other universities, with no transaction to commit.
    budget = {
        "submit new": 2,
        "submit keyed": 3,
        "replay keyed": 2,
        "submit duplicate": 7,
        "submit pre-startup": 2,
        "screen": 4,
        "admit": 3,
        "graduate": 3,
        "register": 3,
        "read": 3,
    }
    over = {step: commands.of(step) for step in steps if len(commands.of(step)) > budget[step]}
    assert not over, over


SNU = Actor(organization_id="snu", organization_kind=OrganizationKind.UNIVERSITY)


def _graduated(startup_id: str, support: list[SupportReceived]) -> Envelope[Any]:
    payload = StartupGraduated(
        university_id="snu",
        company_name=f"Hangang Labs {startup_id[-4:]}",
        stage="early",
        sector="ai",
        youth=True,
        desired_district="gwanak",
        support_received=support,
    )
    at = datetime.combine(date(2026, 5, 1), time(12), UTC)
    return new_event(payload, startup_id=startup_id, cause=Cause.request(SNU), occurred_at=at)


def _submitted(startup_id: str) -> Envelope[Any]:
    payload = StartupSubmitted(
        university_id="snu",
        company_name="Hangang Labs",
        stage="pre_startup",
        sector="ai",
        desired_district="gwanak",
        youth=True,
        submitted_on=date(2026, 5, 1),
    )
    return new_event(payload, startup_id=startup_id, cause=Cause.request(SNU))


def _offered(startup_id: str) -> Envelope[Any]:
    payload = GrowthHandoffOffered(
        handoff_id=f"ho-{uuid4().hex[:16]}",
        district_id="gwanak",
        agency_id="sba",
        company_name="Hangang Labs",
        sector="ai",
        needs=["investment"],
        expires_at=datetime.now(UTC) + timedelta(days=14),
    )
    return new_event(payload, startup_id=startup_id, cause=Cause.request(SNU))


async def _send(bootstrap: str, *envelopes: Envelope[Any]) -> None:
    for envelope in envelopes:
        value = envelope.model_dump_json().encode()
        await publish_raw(bootstrap, envelope.payload.topic, value, key=envelope.startup_id)


async def test_a_graduation_opens_a_case_within_its_command_budget(
    commands: Commands,
    settings_for: Callable[[str], dict[str, Any]],
    bootstrap: str,
    mongo: AsyncMongoClient[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from incubation.main import create_app
    from incubation.settings import Settings

    settings = Settings(**settings_for("incubation"))
    app = create_app(settings)
    count_hops(app, commands, monkeypatch)
    mentoring = SupportReceived(
        program="mentoring", kind="mentoring", institution_id="snu", period_start=date(2026, 1, 1)
    )
    plain, supported = f"st-{uuid4().hex[:12]}", f"st-{uuid4().hex[:12]}"
    async with serving(app, "incubation") as client:
        await _send(bootstrap, _graduated(plain, []), _graduated(supported, [mentoring]))
        cases = mongo[settings.mongo_database]["cases"]

        async def both_opened() -> bool:
            return await cases.count_documents({"startup_id": {"$in": [plain, supported]}}) == 2

        await eventually(both_opened, what="both cases opened")
        case = await cases.find_one({"startup_id": plain})
        assert case is not None
        at = f"/cases/{case['_id']}"
        today = datetime.now(KST).date().isoformat()
        approval = {"facility_id": "gwanak-s-valley", "start_date": today}
        await _post(client, commands, "approve", f"{at}/approval", approval, "gwanak")
        settlement = {
            "registered_address": "서울특별시 관악구 남부순환로 1808",
            "moved_in_on": today,
            "minimum_stay_months": 24,
        }
        await _post(client, commands, "settle", f"{at}/settlement", settlement, "gwanak")
        with commands.counting("sweep"):
            assert await expire_lapsed_offers(app.state.runtime) == 0
    steps = [
        f"hop open_settlement_case {plain}",
        f"hop open_settlement_case {supported}",
        "approve",
        "settle",
        "sweep",
    ]
    _report(commands, steps)
    # Approval: the district's recording window, the case, the facility, the seat taken by a
    # conditional update that answers with the facility, then the seat, the case and the
    # event in one bulkWrite; the commit. A sweep with no lapsed offer: one read, no commit.
    budget = dict(zip(steps, (3, 4, 6, 4, 1), strict=True))
    over = {step: commands.of(step) for step in steps if len(commands.of(step)) > budget[step]}
    assert not over, over


async def test_growth_learns_a_holder_within_its_command_budget(
    commands: Commands,
    settings_for: Callable[[str], dict[str, Any]],
    bootstrap: str,
    mongo: AsyncMongoClient[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from growth.main import create_app
    from growth.settings import Settings

    settings = Settings(**settings_for("growth"))
    app = create_app(settings)
    count_hops(app, commands, monkeypatch)
    startup_id = f"st-{uuid4().hex[:12]}"
    envelope = _submitted(startup_id)
    offered = _offered(startup_id)
    database = mongo[settings.mongo_database]
    async with serving(app, "growth"):
        await _send(bootstrap, envelope)

        async def held() -> bool:
            return await database["holders"].count_documents({"startup_id": startup_id}) == 1

        await eventually(held, what="the university holding the startup")
        # The offer, then the same record again (a producer's retry): absorbed.
        await _send(bootstrap, offered, offered)

        async def offer_and_district() -> bool:
            offers = await database["offers"].count_documents({"startup_id": startup_id})
            holdings = await database["holders"].count_documents({"startup_id": startup_id})
            return offers == 1 and holdings == 2

        await eventually(offer_and_district, what="the offer and the district holding it")
        offer = f"hop record_handoff_offer {startup_id}"

        async def both_applied() -> bool:
            return len(commands.of(offer)) >= 6

        await eventually(both_applied, what="the offer's copy handled")
    holder = f"hop record_university_holder {startup_id}"
    _report(commands, [holder, offer])
    # The alias read (a merged id), then one bulkWrite without a transaction: the holding's
    # upsert, the tickets' $addToSet and the inbox mark, all of which change nothing repeated.
    assert len(commands.of(holder)) <= 2, commands.of(holder)
    # The offer: the alias, the agency's webhook (none here), then the offer's $setOnInsert,
    # the district's holding and the mark in one bulkWrite; twice, the copy refused by its mark.
    assert commands.of(offer) == 2 * ["find startup_aliases", "find webhooks", "bulkWrite"]
    assert await database["offers"].count_documents({"startup_id": startup_id}) == 1


async def test_insight_records_an_event_in_one_command(
    commands: Commands,
    settings_for: Callable[[str], dict[str, Any]],
    bootstrap: str,
    mongo: AsyncMongoClient[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from insight.main import create_app
    from insight.repository import collection_for
    from insight.settings import Settings

    settings = Settings(**settings_for("insight"))
    app = create_app(settings)
    count_hops(app, commands, monkeypatch)
    startup_id = f"st-{uuid4().hex[:12]}"
    envelope = _submitted(startup_id)
    journal = mongo[settings.mongo_database][collection_for(StartupSubmitted.topic)]
    async with serving(app, "insight"):
        await _send(bootstrap, envelope)

        async def recorded() -> bool:
            return await journal.count_documents({"startup_id": startup_id}) == 1

        await eventually(recorded, what="the journal entry")
    step = f"hop {collection_for(StartupSubmitted.topic)} {startup_id}"
    _report(commands, [step])
    # The entry (keyed by its event) and the inbox mark, in one bulkWrite without a transaction.
    assert commands.of(step) == ["bulkWrite"], commands.of(step)
