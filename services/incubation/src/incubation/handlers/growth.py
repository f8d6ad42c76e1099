"""Tracking growth and handing off to the leap stage: snapshots, readiness, offers, answers."""

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any
from uuid import uuid4

from incubation.domain.bounds import day_of
from incubation.domain.bounds import now as stored_now
from incubation.domain.cases import SettlementCase
from incubation.domain.handoffs import Handoff, HandoffState, open_handoff
from incubation.domain.readiness import CriterionCheck, Snapshot, assess, require_ready
from incubation.handlers import SERVICE_ACTOR, Outcome
from incubation.repository.cases import CaseRepository
from incubation.repository.growth import HandoffRepository, SnapshotRepository
from incubation.repository.ledger import LedgerRepository
from incubation.repository.reference import ReferenceRepository
from relay_contracts import Actor, Envelope
from relay_contracts.growth import GrowthHandoffAccepted, GrowthHandoffDeclined
from relay_contracts.incubation import (
    GrantReceived,
    GrowthHandoffExpired,
    GrowthHandoffOffered,
    GrowthNeed,
    GrowthSnapshotRecorded,
)
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.errors import NotFound, RuleViolation
from relay_eventing.paging import Page, PageRequest


async def record_snapshot(
    unit: UnitOfWork, actor: Actor, case_id: str, snapshot: Snapshot
) -> Outcome[Snapshot]:
    """Record the KPIs of a settled startup; others may use them through the event."""
    case = await CaseRepository(unit).of_district(actor, case_id)
    case.require_settled("have KPI snapshots")
    snapshot = snapshot.model_copy(
        update={
            "case_id": case_id,
            "startup_id": case.startup_id,
            "district_id": case.district_id,
        }
    )
    await SnapshotRepository(unit).add(snapshot)
    recorded = GrowthSnapshotRecorded(
        district_id=case.district_id,
        as_of=snapshot.as_of,
        employees=snapshot.employees,
        revenue_krw=snapshot.revenue_krw,
        investment_raised_krw=snapshot.investment_raised_krw,
        ip_filed=snapshot.ip_filed,
        ip_registered=snapshot.ip_registered,
        operating=snapshot.operating,
        outcomes=snapshot.figures(),
    )
    event = new_event(recorded, startup_id=case.startup_id, cause=Cause.request(actor))
    return Outcome(snapshot, [event])


async def snapshots_of(
    unit: UnitOfWork, actor: Actor, case_id: str, page: PageRequest
) -> Page[Snapshot]:
    """A page of the KPI snapshots of a case the caller may read."""
    await CaseRepository(unit).visible(actor, case_id)
    return await SnapshotRepository(unit).of_case(case_id, page)


async def snapshot_of(unit: UnitOfWork, actor: Actor, case_id: str, snapshot_id: str) -> Snapshot:
    """One KPI snapshot of a case the caller may read."""
    await CaseRepository(unit).visible(actor, case_id)
    return await SnapshotRepository(unit).one(case_id, snapshot_id)


async def _assess(
    unit: UnitOfWork, case: SettlementCase, today: date, history: list[Snapshot] | None = None
) -> list[CriterionCheck]:
    """The checks, from the case's whole `history` when the caller read it already (oldest
    first, so its last is the latest), else from the latest snapshot and a count."""
    residency = case.require_settled("be assessed for the leap stage")
    district = await ReferenceRepository(unit).district(case.district_id)
    if history is None:
        snapshots = SnapshotRepository(unit)
        latest = await snapshots.latest(case.case_id)
        count = await snapshots.count(case.case_id)
    else:
        latest, count = (history[-1] if history else None), len(history)
    return assess(district.readiness, residency.moved_in_on, latest, count, today)


async def assess_readiness(
    unit: UnitOfWork, actor: Actor, case_id: str, today: date
) -> list[CriterionCheck]:
    """Each of the district's readiness criteria against the startup's figures."""
    return await _assess(unit, await CaseRepository(unit).visible(actor, case_id), today)


async def _offered(
    unit: UnitOfWork,
    handoff: Handoff,
    cause: Cause,
    case: SettlementCase | None = None,
    history: list[Snapshot] | None = None,
) -> Envelope[Any]:
    """The offer, with what the district knows of the startup: its profile, every KPI snapshot
    and every support in its ledger, read afresh for each offer and re-offer (the case and the
    snapshots too, unless the caller holds them already)."""
    if case is None:
        case = await CaseRepository(unit).get(handoff.case_id)
    if history is None:
        history = await SnapshotRepository(unit).history(handoff.case_id)
    ledger = await LedgerRepository(unit).of_startup(handoff.startup_id)
    offered = GrowthHandoffOffered(
        handoff_id=handoff.handoff_id,
        district_id=handoff.district_id,
        agency_id=handoff.agency_id,
        company_name=handoff.company_name,
        sector=handoff.sector,
        needs=handoff.needs,
        expires_at=handoff.expires_at,
        attempt=handoff.attempt,
        university_id=case.university_id if case else None,
        stage=case.stage if case else None,
        youth=case.youth if case else None,
        business_registration_number=case.business_registration_number if case else None,
        technologies=handoff.technologies,
        kpi_history=[snapshot.as_outcome() for snapshot in history],
        grants_received=[
            GrantReceived(
                program=entry.program,
                kind=entry.kind,
                institution_id=entry.institution_id,
                amount_krw=entry.amount_krw,
                granted_on=day_of(entry.recorded_at),
                period_start=entry.period_start,
                period_end=entry.period_end,
            )
            for entry in ledger
        ],
    )
    return new_event(offered, startup_id=handoff.startup_id, cause=cause)


async def offer_growth_handoff(
    unit: UnitOfWork,
    actor: Actor,
    case_id: str,
    agency_id: str,
    needs: list[GrowthNeed],
    technologies: list[str],
    expires_at: datetime,
) -> Outcome[Handoff]:
    """Offer a ready, settled startup to an agency, with the diagnosis of what it needs."""
    now = stored_now()
    cause = Cause.request(actor)
    case = await CaseRepository(unit).of_district(actor, case_id)
    # The history travels with the offer; the readiness checks are read from it too.
    history = await SnapshotRepository(unit).history(case_id)
    checks = await _assess(unit, case, day_of(now), history)
    handoffs = HandoffRepository(unit)
    live = [h for h in await handoffs.of_case(case_id) if h.active]
    if live:
        raise RuleViolation(
            f"handoff {live[0].handoff_id} of this case is already {live[0].state.value}"
        )
    require_ready(checks)
    handoff = open_handoff(
        handoff_id=f"ho-{uuid4().hex[:16]}",
        case_id=case_id,
        startup_id=case.startup_id,
        district_id=case.district_id,
        company_name=case.company_name,
        sector=case.sector,
        needs=needs,
        technologies=technologies,
        agency_id=agency_id,
        expires_at=expires_at,
        correlation_id=cause.correlation_id,
        now=now,
    )
    case.handoffs.append(handoff.handoff_id)
    offered = await _offered(unit, handoff, cause, case, history)
    CaseRepository(unit).save_at_end(case)
    handoffs.add_at_end(handoff)
    return Outcome(handoff, [offered])


async def read_handoff(unit: UnitOfWork, actor: Actor, handoff_id: str) -> Handoff:
    """The handoff, for its district, the agencies it was offered to, the program office."""
    return await HandoffRepository(unit).visible(actor, handoff_id)


async def find_handoffs(
    unit: UnitOfWork,
    actor: Actor,
    page: PageRequest,
    startup_id: str | None,
    state: HandoffState | None,
) -> Page[Handoff]:
    """The handoffs the caller follows, narrowed."""
    return await HandoffRepository(unit).page(actor, page, startup_id, state)


async def reoffer_handoff(
    unit: UnitOfWork,
    actor: Actor,
    handoff_id: str,
    agency_id: str,
    technologies: list[str] | None,
    expires_at: datetime,
) -> Outcome[Handoff]:
    """Offer a declined or expired handoff to another agency.

    The re-offer continues the handoff's flow: its events carry the correlation id the first
    offer was made under, so the agencies' answers and `GET /handoffs/{id}` agree.
    """
    handoff = await HandoffRepository(unit).of_district(actor, handoff_id)
    handoff.reoffer(agency_id, expires_at, stored_now(), technologies)
    await HandoffRepository(unit).save(handoff)
    cause = Cause.request(actor, correlation_id=handoff.correlation_id)
    return Outcome(handoff, [await _offered(unit, handoff, cause)])


async def _answered(unit: UnitOfWork, handoff_id: str) -> Handoff:
    handoff = await HandoffRepository(unit).get(handoff_id)
    if handoff is None:
        # Never silent: an answer to an offer we never made is dead-lettered for an operator.
        raise NotFound(f"handoff {handoff_id}")
    return handoff


async def record_handoff_accepted(
    unit: UnitOfWork, accepted: Envelope[GrowthHandoffAccepted]
) -> None:
    """The agency accepted: the startup leaves the district stage."""
    handoff = await _answered(unit, accepted.payload.handoff_id)
    if handoff.accept(accepted.payload.agency_id, accepted.occurred_at, stored_now()):
        CaseRepository(unit).hand_off_at_end(handoff.case_id)
    HandoffRepository(unit).save_at_end(handoff)


async def record_handoff_declined(
    unit: UnitOfWork, declined: Envelope[GrowthHandoffDeclined]
) -> None:
    """The agency declined, with its reason: the district may re-offer it to another agency."""
    answer = declined.payload
    handoff = await _answered(unit, answer.handoff_id)
    handoff.decline(answer.agency_id, answer.reason, declined.occurred_at, stored_now())
    await HandoffRepository(unit).save(handoff)


async def expire_handoff(unit: UnitOfWork, handoff_id: str, now: datetime) -> list[Envelope[Any]]:
    """The deadline passed unanswered: the offer lapses and both sides are told."""
    handoffs = HandoffRepository(unit)
    handoff = await handoffs.get(handoff_id)
    if handoff is None or not handoff.expire(now):
        return []
    await handoffs.save(handoff)
    expired = GrowthHandoffExpired(handoff_id=handoff_id, agency_id=handoff.agency_id)
    cause = Cause.request(SERVICE_ACTOR, correlation_id=handoff.correlation_id)
    return [new_event(expired, startup_id=handoff.startup_id, cause=cause)]


# Lapsed offers are expired this many at a time; the sweeper asks again until none is left.
DUE_BATCH = 100


async def due_handoffs(unit: UnitOfWork, now: datetime) -> list[str]:
    """A batch of the offers still waiting for an answer after their deadline."""
    return await HandoffRepository(unit).due(now, DUE_BATCH)


HandoffAction = Callable[[UnitOfWork], Awaitable[Outcome[Handoff]]]
