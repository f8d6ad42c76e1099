"""Routes for the program's reference data and the operator's merge."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status
from pydantic import BaseModel, Field, field_validator

from intake.api.schemas import CREATED, UNIVERSITY_ID_PATTERN, MergeStartups, RubricId, Strict
from intake.api.startups import startup_location
from intake.domain.bounds import MAX_RUBRIC_VERSION
from intake.domain.rubric import Criterion, Rubric
from intake.domain.universities import University
from intake.handlers.merge import merge_startups
from intake.repository.directory import UniversityDirectory
from intake.repository.reference import ReferenceData
from relay_eventing import Cause, UnitOfWork
from relay_eventing.access import OperatorDep, ReaderDep
from relay_eventing.errors import NotFound
from relay_eventing.operations import RuntimeDep

router = APIRouter()

UniversityId = Annotated[str, Path(pattern=UNIVERSITY_ID_PATTERN)]


class AddUniversity(Strict):
    university_id: str = Field(pattern=UNIVERSITY_ID_PATTERN, examples=["hongik"])
    name_ko: str = Field(min_length=1, max_length=100, examples=["홍익대학교"])
    short_name_ko: str = Field(min_length=1, max_length=50, examples=["홍익대"])
    name_en: str = Field(min_length=1, max_length=200, examples=["Hongik University"])


class CriterionIn(Strict):
    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,59}$", examples=["team"])
    title: str = Field(min_length=1, max_length=200, examples=["Team and founder capability"])
    weight: float = Field(gt=0, le=1000, description="Relative weight; any positive scale.")


class ReviseRubric(Strict):
    title: str = Field(min_length=1, max_length=200)
    criteria: list[CriterionIn] = Field(min_length=1, max_length=30)

    @field_validator("criteria")
    @classmethod
    def distinct_keys(cls, criteria: list[CriterionIn]) -> list[CriterionIn]:
        keys = [criterion.key for criterion in criteria]
        if len(set(keys)) != len(keys):
            raise ValueError("criterion keys must be distinct")
        return criteria


class MergeResult(BaseModel):
    survivor_id: str
    merged_id: str


@router.get("/universities", tags=["reference"])
async def list_universities(reader: ReaderDep, runtime: RuntimeDep) -> list[University]:
    """The universities of the program, with Korean and English names."""

    async def work(unit: UnitOfWork) -> list[University]:
        return await ReferenceData(unit).universities()

    return await runtime.read(work)


@router.get("/universities/{university_id}", tags=["reference"])
async def get_university(
    university_id: UniversityId, reader: ReaderDep, runtime: RuntimeDep
) -> University:
    """One university of the program."""

    async def work(unit: UnitOfWork) -> University | None:
        return await ReferenceData(unit).university(university_id)

    university = await runtime.read(work)
    if university is None:
        raise NotFound(f"university {university_id}")
    return university


@router.post(
    "/universities", status_code=status.HTTP_201_CREATED, tags=["reference"], responses=CREATED
)
async def add_university(
    body: AddUniversity,
    operator: OperatorDep,
    runtime: RuntimeDep,
    request: Request,
    response: Response,
) -> University:
    """An operator adds a university to the program; no code changes."""
    university = University.model_validate(body.model_dump())

    async def work(unit: UnitOfWork) -> None:
        await ReferenceData(unit).add_university(university)

    await runtime.transact(work)
    # This replica lets the new university in at once; the others find it on its first request.
    directory: UniversityDirectory = request.app.state.directory
    directory.forget()
    response.headers["Location"] = f"/universities/{university.university_id}"
    return university


@router.get("/rubrics/{rubric_id}", tags=["reference"])
async def get_rubric(
    rubric_id: RubricId,
    reader: ReaderDep,
    runtime: RuntimeDep,
    version: Annotated[
        int | None, Query(ge=1, le=MAX_RUBRIC_VERSION, description="The latest when omitted.")
    ] = None,
) -> Rubric:
    """A rubric at a version, or its latest version."""

    async def work(unit: UnitOfWork) -> Rubric | None:
        return await ReferenceData(unit).rubric(rubric_id, version)

    rubric = await runtime.read(work)
    if rubric is None:
        raise NotFound(f"rubric {rubric_id}")
    return rubric


@router.put(
    "/rubrics/{rubric_id}",
    status_code=status.HTTP_201_CREATED,
    tags=["reference"],
    responses=CREATED,
)
async def revise_rubric(
    rubric_id: RubricId,
    body: ReviseRubric,
    operator: OperatorDep,
    runtime: RuntimeDep,
    response: Response,
) -> Rubric:
    """An operator revises a rubric: a new version; screenings keep the version they used."""

    async def work(unit: UnitOfWork) -> Rubric:
        reference = ReferenceData(unit)
        latest = await reference.rubric(rubric_id)
        rubric = Rubric(
            rubric_id=rubric_id,
            version=1 if latest is None else latest.version + 1,
            title=body.title,
            criteria=[Criterion.model_validate(c.model_dump()) for c in body.criteria],
        )
        await reference.add_rubric(rubric, operator.user or operator.organization_id)
        return rubric

    rubric = await runtime.transact(work)
    response.headers["Location"] = f"/rubrics/{rubric_id}?version={rubric.version}"
    return rubric


@router.post("/merges", status_code=status.HTTP_201_CREATED, tags=["operations"], responses=CREATED)
async def merge(
    body: MergeStartups, operator: OperatorDep, runtime: RuntimeDep, response: Response
) -> MergeResult:
    """An operator merges two records of one company; every service honours the merge."""

    async def work(unit: UnitOfWork) -> None:
        unit.emit(
            *await merge_startups(
                unit, body.survivor_id, body.merged_id, body.reason, Cause.request(operator)
            )
        )

    await runtime.transact(work)
    response.headers["Location"] = startup_location(body.survivor_id)
    return MergeResult(survivor_id=body.survivor_id, merged_id=body.merged_id)
