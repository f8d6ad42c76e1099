"""Open innovation: firms' needs, ranked leap-stage startups, and the outcomes of meetings."""

from datetime import date
from typing import Any
from uuid import uuid4

from growth.domain import clock
from growth.domain.matching import InnovationOutcome, MatchScore, Need, OutcomeKind, rank
from growth.domain.offers import LeapStartup, MatchStage
from growth.repository.innovation import InnovationOutcomes, Needs
from growth.repository.offers import Portfolio
from growth.repository.reference import Firms
from relay_contracts import Actor, Envelope
from relay_contracts.growth import OpenInnovationOutcomeRecorded
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.errors import InvalidField
from relay_eventing.paging import Page, PageRequest

Events = list[Envelope[Any]]


async def publish_need(
    unit: UnitOfWork,
    firm_id: str,
    title: str,
    technologies: list[str],
    sectors: list[str],
    stages: list[MatchStage],
) -> Need:
    if await Firms.of(unit).firm(firm_id) is None:
        raise InvalidField(("body", "firm_id"), f"unknown firm {firm_id!r}; see GET /firms")
    need = Need(
        need_id=f"{firm_id}-{uuid4().hex[:8]}",
        firm_id=firm_id,
        title=title,
        technologies=technologies,
        sectors=sectors,
        stages=stages,
        published_at=clock.now(),
    )
    await Needs.of(unit).publish(need)
    return need


async def rank_startups(unit: UnitOfWork, actor: Actor, need_id: str) -> list[MatchScore]:
    """Every one of the agency's own leap-stage startups is ranked, and only those: it sees no
    others."""
    need = await Needs.of(unit).need(need_id)
    return rank(need, await Portfolio.of(unit).all_of(actor.organization_id))


async def set_profile(
    unit: UnitOfWork, actor: Actor, startup_id: str, technologies: list[str], stage: MatchStage
) -> LeapStartup:
    held = await Portfolio.of(unit).held_by(actor, startup_id)
    await Portfolio.of(unit).set_profile(held, technologies, stage)
    return held.model_copy(update={"technologies": technologies, "stage": stage})


async def record_outcome(
    unit: UnitOfWork,
    actor: Actor,
    need_id: str,
    startup_id: str,
    outcome: OutcomeKind,
    met_on: date,
    notes: str,
) -> tuple[InnovationOutcome, Events]:
    need = await Needs.of(unit).need(need_id)
    held = await Portfolio.of(unit).held_by(actor, startup_id)
    recorded = InnovationOutcome(
        outcome_id=str(uuid4()),
        need_id=need_id,
        firm_id=need.firm_id,
        agency_id=held.agency_id,
        startup_id=held.startup_id,
        outcome=outcome,
        met_on=met_on,
        notes=notes,
        recorded_at=clock.now(),
    )
    await InnovationOutcomes.of(unit).add(recorded)
    event = new_event(
        OpenInnovationOutcomeRecorded(
            need_id=need_id, firm_id=need.firm_id, outcome=outcome, met_on=met_on
        ),
        startup_id=held.startup_id,
        cause=Cause.request(actor),
    )
    return recorded, [event]


async def outcome_of(
    unit: UnitOfWork, actor: Actor, need_id: str, outcome_id: str
) -> InnovationOutcome:
    return await InnovationOutcomes.of(unit).recorded_by(actor, need_id, outcome_id)


async def outcomes_of(
    unit: UnitOfWork, actor: Actor, need_id: str, page: PageRequest
) -> Page[InnovationOutcome]:
    """The outcomes the caller's agency recorded for an existing need (the program office:
    every agency's)."""
    await Needs.of(unit).need(need_id)
    return await InnovationOutcomes.of(unit).page_of(actor, need_id, page)
