"""Routes of open innovation: firms and their needs, ranked startups, meeting outcomes."""

from typing import Annotated

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, Field

from growth.api.callers import AgencyReaderDep, NeedPublisherDep, created
from growth.domain.bounds import PastDate
from growth.domain.matching import InnovationOutcome, MatchScore, Need, OutcomeKind
from growth.domain.offers import MatchStage
from growth.domain.reference import Firm
from growth.handlers import innovation
from growth.repository.innovation import Needs
from growth.repository.reference import Firms
from relay_eventing import UnitOfWork
from relay_eventing.access import AgencyDep, ReaderDep
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

Term = Annotated[str, Field(min_length=1, max_length=100)]
Terms = Annotated[list[Term], Field(max_length=50)]

router = APIRouter(tags=["open innovation"])


class NewNeed(BaseModel):
    firm_id: str = Field(max_length=40, examples=["lg-electronics"])
    title: str = Field(min_length=1, max_length=300)
    technologies: Terms = Field(min_length=1, examples=[["computer_vision"]])
    sectors: Terms = Field(default_factory=list, examples=[["ai"]])
    stages: list[MatchStage] = Field(default_factory=list, max_length=3, examples=[["growth"]])


class Profile(BaseModel):
    technologies: Terms = Field(default_factory=list, examples=[["computer_vision"]])
    stage: MatchStage = "early"


class NewOutcome(BaseModel):
    startup_id: str = Field(min_length=1, max_length=100)
    outcome: OutcomeKind
    met_on: PastDate
    notes: str = Field(default="", max_length=4000)


@router.get("/firms")
async def list_firms(_: ReaderDep, runtime: RuntimeDep, page: PageDep) -> Page[Firm]:
    async def work(unit: UnitOfWork) -> Page[Firm]:
        return await Firms.of(unit).page(page)

    return await runtime.read(work)


@router.post("/needs", status_code=status.HTTP_201_CREATED)
async def publish_need(
    body: NewNeed, publisher: NeedPublisherDep, runtime: RuntimeDep, response: Response
) -> Need:
    """A firm's need, published on its behalf by an agency or an operator."""

    async def work(unit: UnitOfWork) -> Need:
        return await innovation.publish_need(
            unit, body.firm_id, body.title, body.technologies, body.sectors, body.stages
        )

    need = await runtime.transact(work)
    created(response, f"/needs/{need.need_id}")
    return need


@router.get("/needs")
async def list_needs(_: AgencyReaderDep, runtime: RuntimeDep, page: PageDep) -> Page[Need]:
    """Every firm's needs, newest published first: visible to all agencies."""

    async def work(unit: UnitOfWork) -> Page[Need]:
        return await Needs.of(unit).page(page)

    return await runtime.read(work)


@router.get("/needs/{need_id}")
async def get_need(need_id: str, _: AgencyReaderDep, runtime: RuntimeDep) -> Need:
    async def work(unit: UnitOfWork) -> Need:
        return await Needs.of(unit).need(need_id)

    return await runtime.read(work)


@router.get("/needs/{need_id}/matches")
async def rank_startups(need_id: str, agency: AgencyDep, runtime: RuntimeDep) -> list[MatchScore]:
    """Every one of the agency's leap-stage startups, best first, each with the fields that
    scored."""

    async def work(unit: UnitOfWork) -> list[MatchScore]:
        return await innovation.rank_startups(unit, agency, need_id)

    return await runtime.read(work)


@router.post("/needs/{need_id}/outcomes", status_code=status.HTTP_201_CREATED)
async def record_outcome(
    need_id: str, body: NewOutcome, agency: AgencyDep, runtime: RuntimeDep, response: Response
) -> InnovationOutcome:
    """A meeting and what came of it: PoC, joint R&D, investment, or no fit."""

    async def work(unit: UnitOfWork) -> InnovationOutcome:
        recorded, events = await innovation.record_outcome(
            unit, agency, need_id, body.startup_id, body.outcome, body.met_on, body.notes
        )
        unit.emit(*events)
        return recorded

    recorded = await runtime.transact(work)
    created(response, f"/needs/{need_id}/outcomes/{recorded.outcome_id}")
    return recorded


@router.get("/needs/{need_id}/outcomes")
async def list_outcomes(
    need_id: str, reader: AgencyReaderDep, runtime: RuntimeDep, page: PageDep
) -> Page[InnovationOutcome]:
    """The outcomes this agency recorded for the need, latest meeting first (the program
    office: every agency's)."""

    async def work(unit: UnitOfWork) -> Page[InnovationOutcome]:
        return await innovation.outcomes_of(unit, reader, need_id, page)

    return await runtime.read(work)


@router.get("/needs/{need_id}/outcomes/{outcome_id}")
async def get_outcome(
    need_id: str, outcome_id: str, reader: AgencyReaderDep, runtime: RuntimeDep
) -> InnovationOutcome:
    async def work(unit: UnitOfWork) -> InnovationOutcome:
        return await innovation.outcome_of(unit, reader, need_id, outcome_id)

    return await runtime.read(work)


@router.put("/startups/{startup_id}/profile")
async def set_profile(
    startup_id: str, body: Profile, agency: AgencyDep, runtime: RuntimeDep
) -> Profile:
    """What matching reads of a startup the agency holds: its technologies and stage."""

    async def work(unit: UnitOfWork) -> None:
        await innovation.set_profile(unit, agency, startup_id, body.technologies, body.stage)

    await runtime.transact(work)
    return body
