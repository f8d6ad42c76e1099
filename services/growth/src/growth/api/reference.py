"""Routes of reference data: the agencies, readable by all, added by an operator."""

from fastapi import APIRouter, status

from growth.api.deps import require_operator
from growth.domain.reference import Agency
from growth.repository.reference import Agencies
from relay_eventing import UnitOfWork
from relay_eventing.http import ActorDep
from relay_eventing.operations import RuntimeDep
from relay_eventing.paging import Page, PageDep

router = APIRouter(prefix="/agencies", tags=["reference data"])


@router.get("")
async def list_agencies(_: ActorDep, runtime: RuntimeDep, page: PageDep) -> Page[Agency]:
    async def work(unit: UnitOfWork) -> Page[Agency]:
        return await Agencies.of(unit).page(page)

    return await runtime.transact(work)


@router.post("", status_code=status.HTTP_201_CREATED)
async def add_agency(body: Agency, actor: ActorDep, runtime: RuntimeDep) -> Agency:
    """A new agency is data: add it here (and give it an API key), no code change."""
    require_operator(actor)

    async def work(unit: UnitOfWork) -> None:
        await Agencies.of(unit).add(body)

    await runtime.transact(work)
    return body
