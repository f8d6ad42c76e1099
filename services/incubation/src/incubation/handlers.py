"""Incubation use cases: each takes the unit of work and returns the events it emits."""

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

from relay_contracts import Envelope
from relay_contracts.incubation import GrowthHandoffOffered, SettlementCaseOpened
from relay_contracts.intake import StartupGraduated
from relay_eventing import Cause, UnitOfWork, new_event

from incubation.model import SettlementCase, offer_handoff
from incubation.repository import CaseRepository


async def open_settlement_case(
    unit: UnitOfWork, graduated: Envelope[StartupGraduated]
) -> list[Envelope[Any]]:
    """A graduate arrives: open a case in the district it asked for."""
    payload = graduated.payload
    case = SettlementCase(
        case_id=f"case-{uuid4().hex[:16]}",
        startup_id=graduated.startup_id,
        district_id=payload.desired_district,
        university_id=payload.university_id,
        company_name=payload.company_name,
        sector=payload.sector,
        opened_at=datetime.now(UTC),
    )
    await CaseRepository(unit).add(case)
    opened = SettlementCaseOpened(
        case_id=case.case_id,
        district_id=case.district_id,
        university_id=case.university_id,
        company_name=case.company_name,
        sector=case.sector,
    )
    return [new_event(opened, startup_id=case.startup_id, cause=Cause.event(graduated))]


async def offer_growth_handoff(
    unit: UnitOfWork,
    case: SettlementCase,
    agency_id: str,
    needs: tuple[str, ...],
    answer_within: timedelta,
    cause: Cause,
) -> list[Envelope[Any]]:
    """Offer a settled startup to an agency, with the diagnosis of what it needs."""
    offer = offer_handoff(
        case, f"ho-{uuid4().hex[:16]}", agency_id, needs, datetime.now(UTC), answer_within
    )
    await CaseRepository(unit).save(case)
    offered = GrowthHandoffOffered(
        handoff_id=offer.handoff_id,
        district_id=case.district_id,
        agency_id=offer.agency_id,
        company_name=case.company_name,
        sector=case.sector,
        needs=list(offer.needs),
        expires_at=offer.expires_at,
    )
    return [new_event(offered, startup_id=case.startup_id, cause=cause)]
