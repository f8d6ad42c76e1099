"""Open innovation: firms' needs, ranked leap-stage startups, and the outcomes of meetings."""

from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from growth.domain.matching import InnovationOutcome, MatchScore, Need, OutcomeKind, rank
from growth.domain.offers import MatchStage
from growth.handlers.access import leap_startup
from growth.repository.innovation import InnovationOutcomes, Needs
from growth.repository.offers import Portfolio
from growth.repository.reference import Firms
from relay_contracts import Actor, Envelope
from relay_contracts.growth import OpenInnovationOutcomeRecorded
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.errors import NotFound
from relay_eventing.paging import Page, PageRequest

Events = list[Envelope[Any]]


async def need_of(unit: UnitOfWork, need_id: str) -> Need:
    need = await Needs.of(unit).need(need_id)
    if need is None:
        raise NotFound(f"need {need_id}")
    return need


async def publish_need(
    unit: UnitOfWork,
    firm_id: str,
    title: str,
    technologies: list[str],
    sectors: list[str],
    stages: list[MatchStage],
) -> Need:
    if await Firms.of(unit).firm(firm_id) is None:
        raise NotFound(f"firm {firm_id}")
    need = Need(
        need_id=f"{firm_id}-{uuid4().hex[:8]}",
        firm_id=firm_id,
        title=title,
        technologies=technologies,
        sectors=sectors,
        stages=stages,
        published_at=datetime.now(UTC),
    )
    await Needs.of(unit).publish(need)
    return need


async def rank_startups(unit: UnitOfWork, agency_id: str, need_id: str) -> list[MatchScore]:
    """Every one of the agency's own leap-stage startups is ranked, and only those: it sees no
    others."""
    need = await need_of(unit, need_id)
    return rank(need, await Portfolio.of(unit).all_of(agency_id))


async def set_profile(
    unit: UnitOfWork, agency_id: str, startup_id: str, technologies: list[str], stage: MatchStage
) -> None:
    await leap_startup(unit, agency_id, startup_id)
    await Portfolio.of(unit).set_profile(agency_id, startup_id, technologies, stage)


async def record_outcome(
    unit: UnitOfWork,
    actor: Actor,
    need_id: str,
    startup_id: str,
    outcome: OutcomeKind,
    met_on: date,
    notes: str,
) -> tuple[InnovationOutcome, Events]:
    need = await need_of(unit, need_id)
    await leap_startup(unit, actor.organization_id, startup_id)
    recorded = InnovationOutcome(
        outcome_id=str(uuid4()),
        need_id=need_id,
        firm_id=need.firm_id,
        agency_id=actor.organization_id,
        startup_id=startup_id,
        outcome=outcome,
        met_on=met_on,
        notes=notes,
        recorded_at=datetime.now(UTC),
    )
    await InnovationOutcomes.of(unit).add(recorded)
    event = new_event(
        OpenInnovationOutcomeRecorded(
            need_id=need_id, firm_id=need.firm_id, outcome=outcome, met_on=met_on
        ),
        startup_id=startup_id,
        cause=Cause.request(actor),
    )
    return recorded, [event]


async def outcomes_of(
    unit: UnitOfWork, agency_id: str, need_id: str, page: PageRequest
) -> Page[InnovationOutcome]:
    """The outcomes this agency recorded for an existing need."""
    await need_of(unit, need_id)
    return await InnovationOutcomes.of(unit).page_of(need_id, agency_id, page)
