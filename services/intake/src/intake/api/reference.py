"""Routes for the program's reference data and the operator's merge."""

from typing import Annotated

from fastapi import APIRouter, Path, status
from pydantic import BaseModel, Field, field_validator

from intake.api.schemas import MergeStartups, Strict
from intake.domain.rubric import Criterion, Rubric
from intake.domain.universities import University
from intake.handlers.access import require_operator
from intake.handlers.merge import merge_startups
from intake.repository.reference import ReferenceData
from relay_eventing import Cause, UnitOfWork
from relay_eventing.errors import NotFound
from relay_eventing.http import ActorDep
from relay_eventing.operations import RuntimeDep

router = APIRouter()

RubricId = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]{1,60}$")]


class AddUniversity(Strict):
    university_id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$", examples=["hongik"])
    name_ko: str = Field(min_length=1, max_length=100, examples=["홍익대학교"])
    short_name_ko: str = Field(min_length=1, max_length=50, examples=["홍익대"])
    name_en: str = Field(min_length=1, max_length=200, examples=["Hongik University"])


class ReviseRubric(Strict):
    title: str = Field(min_length=1, max_length=200)
    criteria: list[Criterion] = Field(min_length=1, max_length=30)

    @field_validator("criteria")
    @classmethod
    def distinct_keys(cls, criteria: list[Criterion]) -> list[Criterion]:
        keys = [criterion.key for criterion in criteria]
        if len(set(keys)) != len(keys):
            raise ValueError("criterion keys must be distinct")
        return criteria


class MergeResult(BaseModel):
    survivor_id: str
    merged_id: str


@router.get("/universities", tags=["reference"])
async def list_universities(actor: ActorDep, runtime: RuntimeDep) -> list[University]:
    """The universities of the program, with Korean and English names."""

    async def work(unit: UnitOfWork) -> list[University]:
        return await ReferenceData(unit).universities()

    return await runtime.transact(work)


@router.post("/universities", status_code=status.HTTP_201_CREATED, tags=["reference"])
async def add_university(body: AddUniversity, actor: ActorDep, runtime: RuntimeDep) -> University:
    """An operator adds a university to the program; no code changes."""
    require_operator(actor, "add universities")
    university = University.model_validate(body.model_dump())

    async def work(unit: UnitOfWork) -> None:
        await ReferenceData(unit).add_university(university)

    await runtime.transact(work)
    return university


@router.get("/rubrics/{rubric_id}", tags=["reference"])
async def get_rubric(
    rubric_id: RubricId, actor: ActorDep, runtime: RuntimeDep, version: int | None = None
) -> Rubric:
    """A rubric at a version, or its latest version."""

    async def work(unit: UnitOfWork) -> Rubric | None:
        return await ReferenceData(unit).rubric(rubric_id, version)

    rubric = await runtime.transact(work)
    if rubric is None:
        raise NotFound(f"rubric {rubric_id}")
    return rubric


@router.put("/rubrics/{rubric_id}", tags=["reference"])
async def revise_rubric(
    rubric_id: RubricId, body: ReviseRubric, actor: ActorDep, runtime: RuntimeDep
) -> Rubric:
    """An operator revises a rubric: a new version; screenings keep the version they used."""
    require_operator(actor, "revise rubrics")

    async def work(unit: UnitOfWork) -> Rubric:
        reference = ReferenceData(unit)
        latest = await reference.rubric(rubric_id)
        rubric = Rubric(
            rubric_id=rubric_id,
            version=1 if latest is None else latest.version + 1,
            title=body.title,
            criteria=body.criteria,
        )
        await reference.add_rubric(rubric, actor.user or actor.organization_id)
        return rubric

    return await runtime.transact(work)


@router.post("/merges", status_code=status.HTTP_201_CREATED, tags=["operations"])
async def merge(body: MergeStartups, actor: ActorDep, runtime: RuntimeDep) -> MergeResult:
    """An operator merges two records of one company; every service honours the merge."""
    require_operator(actor, "merge startups")

    async def work(unit: UnitOfWork) -> None:
        unit.emit(
            *await merge_startups(
                unit, body.survivor_id, body.merged_id, body.reason, Cause.request(actor)
            )
        )

    await runtime.transact(work)
    return MergeResult(survivor_id=body.survivor_id, merged_id=body.merged_id)
