"""Routes of reference data: read by every caller, extended by an operator without a release."""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from pydantic import BaseModel, Field

from growth.api.callers import DirectoryDep, created
from growth.domain.reference import Agency, DifficultyCategory, Label, ProgramKind
from growth.handlers import reference
from growth.repository.reference import Agencies, DifficultyCategories, ProgramKinds
from relay_contracts.support import SupportKind
from relay_eventing import UnitOfWork
from relay_eventing.access import OperatorDep, ReaderDep
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

router = APIRouter(tags=["reference data"])

# A new id named in a path, held to the same form as one named in a body.
NewId = Annotated[str, Path(min_length=2, max_length=40, pattern=r"^[a-z0-9][a-z0-9_-]*$")]


class ProgramKindLabels(BaseModel):
    name_ko: Label
    name_en: Label
    support_kind: SupportKind


class CategoryLabels(BaseModel):
    name_ko: Label
    name_en: Label
    routed_to: str = Field(min_length=2, max_length=40, examples=["kosme"])


@router.get("/agencies")
async def list_agencies(_: ReaderDep, runtime: RuntimeDep, page: PageDep) -> Page[Agency]:
    async def work(unit: UnitOfWork) -> Page[Agency]:
        return await Agencies.of(unit).page(page)

    return await runtime.read(work)


@router.get("/agencies/{agency_id}")
async def get_agency(agency_id: str, _: ReaderDep, runtime: RuntimeDep) -> Agency:
    async def work(unit: UnitOfWork) -> Agency:
        return await Agencies.of(unit).agency(agency_id)

    return await runtime.read(work)


@router.post("/agencies", status_code=status.HTTP_201_CREATED)
async def add_agency(
    body: Agency,
    _: OperatorDep,
    runtime: RuntimeDep,
    directory: DirectoryDep,
    response: Response,
) -> Agency:
    """A new agency is data: add it here (and give it an API key), no code change."""

    async def work(unit: UnitOfWork) -> Agency:
        return await reference.add_agency(unit, body)

    agency = await runtime.transact(work)
    directory.forget()
    created(response, f"/agencies/{agency.agency_id}")
    return agency


@router.get("/program-kinds")
async def list_program_kinds(_: ReaderDep, runtime: RuntimeDep, page: PageDep) -> Page[ProgramKind]:
    """The kinds of program agencies run, with Korean and English labels."""

    async def work(unit: UnitOfWork) -> Page[ProgramKind]:
        return await ProgramKinds.of(unit).page(page)

    return await runtime.read(work)


@router.get("/program-kinds/{kind_id}")
async def get_program_kind(kind_id: str, _: ReaderDep, runtime: RuntimeDep) -> ProgramKind:
    async def work(unit: UnitOfWork) -> ProgramKind:
        return await ProgramKinds.of(unit).kind(kind_id)

    return await runtime.read(work)


@router.post("/program-kinds", status_code=status.HTTP_201_CREATED)
async def add_program_kind(
    body: ProgramKind, _: OperatorDep, runtime: RuntimeDep, response: Response
) -> ProgramKind:
    async def work(unit: UnitOfWork) -> ProgramKind:
        return await reference.add_program_kind(unit, body)

    kind = await runtime.transact(work)
    created(response, f"/program-kinds/{kind.kind_id}")
    return kind


@router.put("/program-kinds/{kind_id}", responses={201: {"description": "Created."}})
async def put_program_kind(
    kind_id: NewId, body: ProgramKindLabels, _: OperatorDep, runtime: RuntimeDep, response: Response
) -> ProgramKind:
    """Create or relabel a kind (201 when created, 200 when it existed)."""
    kind = ProgramKind(kind_id=kind_id, **body.model_dump())

    async def work(unit: UnitOfWork) -> bool:
        return await reference.put_program_kind(unit, kind)

    if await runtime.transact(work):
        created(response, f"/program-kinds/{kind_id}")
    return kind


@router.get("/difficulty-categories")
async def list_difficulty_categories(
    _: ReaderDep, runtime: RuntimeDep, page: PageDep
) -> Page[DifficultyCategory]:
    """The kinds of difficulty, with labels and the agency that answers each when no agency
    holds the startup."""

    async def work(unit: UnitOfWork) -> Page[DifficultyCategory]:
        return await DifficultyCategories.of(unit).page(page)

    return await runtime.read(work)


@router.get("/difficulty-categories/{category_id}")
async def get_difficulty_category(
    category_id: str, _: ReaderDep, runtime: RuntimeDep
) -> DifficultyCategory:
    async def work(unit: UnitOfWork) -> DifficultyCategory:
        return await DifficultyCategories.of(unit).category(category_id)

    return await runtime.read(work)


@router.post("/difficulty-categories", status_code=status.HTTP_201_CREATED)
async def add_difficulty_category(
    body: DifficultyCategory, _: OperatorDep, runtime: RuntimeDep, response: Response
) -> DifficultyCategory:
    async def work(unit: UnitOfWork) -> DifficultyCategory:
        return await reference.add_difficulty_category(unit, body)

    category = await runtime.transact(work)
    created(response, f"/difficulty-categories/{category.category_id}")
    return category


@router.put("/difficulty-categories/{category_id}", responses={201: {"description": "Created."}})
async def put_difficulty_category(
    category_id: NewId,
    body: CategoryLabels,
    _: OperatorDep,
    runtime: RuntimeDep,
    response: Response,
) -> DifficultyCategory:
    """Create, relabel or reroute a category (201 when created, 200 when it existed)."""
    category = DifficultyCategory(category_id=category_id, **body.model_dump())

    async def work(unit: UnitOfWork) -> bool:
        return await reference.put_difficulty_category(unit, category)

    if await runtime.transact(work):
        created(response, f"/difficulty-categories/{category_id}")
    return category
