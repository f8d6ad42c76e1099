"""Tracking growth and handing off to the leap stage: snapshots, readiness, offers, answers."""

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from incubation.domain.cases import CaseStatus
from incubation.domain.handoffs import Handoff, open_handoff
from incubation.domain.readiness import CriterionCheck, Snapshot, assess, require_ready
from incubation.handlers import SERVICE_ACTOR, Outcome
from incubation.handlers.settlement import load_case
from incubation.repository.cases import CaseRepository
from incubation.repository.growth import HandoffRepository, SnapshotRepository
from incubation.repository.reference import ReferenceRepository
from relay_contracts import Envelope
from relay_contracts.growth import GrowthHandoffAccepted, GrowthHandoffDeclined
from relay_contracts.incubation import (
    GrowthHandoffExpired,
    GrowthHandoffOffered,
    GrowthNeed,
    GrowthSnapshotRecorded,
)
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.errors import Forbidden, NotFound, RuleViolation
from relay_eventing.paging import Page, PageRequest


async def record_snapshot(
    unit: UnitOfWork, case_id: str, district_id: str, snapshot: Snapshot, cause: Cause
) -> Outcome[Snapshot]:
    """Record the KPIs of a settled startup; others may use them through the event."""
    case = await load_case(unit, case_id, district_id)
    case.require_settled("have KPI snapshots")
    snapshot = snapshot.model_copy(
        update={"case_id": case_id, "startup_id": case.startup_id, "district_id": district_id}
    )
    await SnapshotRepository(unit).add(snapshot)
    recorded = GrowthSnapshotRecorded(
        district_id=district_id,
        as_of=snapshot.as_of,
        employees=snapshot.employees,
        revenue_krw=snapshot.revenue_krw,
        investment_raised_krw=snapshot.investment_raised_krw,
        ip_filed=snapshot.ip_filed,
        ip_registered=snapshot.ip_registered,
        operating=snapshot.operating,
    )
    return Outcome(snapshot, [new_event(recorded, startup_id=case.startup_id, cause=cause)])


async def snapshots_of(
    unit: UnitOfWork, case_id: str, district_id: str, page: PageRequest
) -> Page[Snapshot]:
    """A page of the KPI snapshots of one of the district's cases."""
    await load_case(unit, case_id, district_id)
    return await SnapshotRepository(unit).of_case(case_id, page)


async def assess_readiness(
    unit: UnitOfWork, case_id: str, district_id: str, today: date
) -> list[CriterionCheck]:
    """Each of the district's readiness criteria against the startup's latest figures."""
    case = await load_case(unit, case_id, district_id)
    residency = case.require_settled("be assessed for the leap stage")
    district = await ReferenceRepository(unit).district(district_id)
    if district is None:
        raise NotFound(f"district {district_id}")
    latest = await SnapshotRepository(unit).latest(case_id)
    return assess(district.readiness, residency.moved_in_on, latest, today)


def _offered(handoff: Handoff, cause: Cause) -> Envelope[Any]:
    offered = GrowthHandoffOffered(
        handoff_id=handoff.handoff_id,
        district_id=handoff.district_id,
        agency_id=handoff.agency_id,
        company_name=handoff.company_name,
        sector=handoff.sector,
        needs=handoff.needs,
        expires_at=handoff.expires_at,
        attempt=handoff.attempt,
    )
    return new_event(offered, startup_id=handoff.startup_id, cause=cause)


async def offer_growth_handoff(
    unit: UnitOfWork,
    case_id: str,
    district_id: str,
    agency_id: str,
    needs: list[GrowthNeed],
    expires_at: datetime,
    cause: Cause,
) -> Outcome[Handoff]:
    """Offer a ready, settled startup to an agency, with the diagnosis of what it needs."""
    now = datetime.now(UTC)
    checks = await assess_readiness(unit, case_id, district_id, now.date())
    case = await load_case(unit, case_id, district_id)
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
        district_id=district_id,
        company_name=case.company_name,
        sector=case.sector,
        needs=needs,
        agency_id=agency_id,
        expires_at=expires_at,
        correlation_id=cause.correlation_id,
        now=now,
    )
    case.handoffs.append(handoff.handoff_id)
    await CaseRepository(unit).save(case)
    await handoffs.add(handoff)
    return Outcome(handoff, [_offered(handoff, cause)])


async def load_handoff(unit: UnitOfWork, handoff_id: str, organization_id: str) -> Handoff:
    """The handoff, if the organization is its district or an agency it was offered to."""
    handoff = await HandoffRepository(unit).get(handoff_id)
    if handoff is None:
        raise NotFound(f"handoff {handoff_id}")
    handoff.require_visible_to(organization_id)
    return handoff


async def reoffer_handoff(
    unit: UnitOfWork,
    handoff_id: str,
    district_id: str,
    agency_id: str,
    expires_at: datetime,
    cause: Cause,
) -> Outcome[Handoff]:
    """Offer a declined or expired handoff to another agency."""
    handoff = await load_handoff(unit, handoff_id, district_id)
    if handoff.district_id != district_id:
        raise Forbidden(f"handoff {handoff_id} is {handoff.district_id}'s to re-offer")
    handoff.reoffer(agency_id, expires_at, datetime.now(UTC))
    await HandoffRepository(unit).save(handoff)
    return Outcome(handoff, [_offered(handoff, cause)])


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
    if handoff.accept(accepted.payload.agency_id, accepted.occurred_at, datetime.now(UTC)):
        cases = CaseRepository(unit)
        case = await cases.get(handoff.case_id)
        if case is not None:
            case.status = CaseStatus.HANDED_OFF
            await cases.save(case)
    await HandoffRepository(unit).save(handoff)


async def record_handoff_declined(
    unit: UnitOfWork, declined: Envelope[GrowthHandoffDeclined]
) -> None:
    """The agency declined, with its reason: the district may re-offer it to another agency."""
    answer = declined.payload
    handoff = await _answered(unit, answer.handoff_id)
    handoff.decline(answer.agency_id, answer.reason, declined.occurred_at, datetime.now(UTC))
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


async def due_handoffs(unit: UnitOfWork, now: datetime) -> list[str]:
    """Offers still waiting for an answer after their deadline."""
    return await HandoffRepository(unit).due(now)


HandoffAction = Callable[[UnitOfWork], Awaitable[Outcome[Handoff]]]
