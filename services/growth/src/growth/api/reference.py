"""Routes of reference data: the agencies, readable by all, added by an operator."""

from fastapi import APIRouter, status

from growth.adapters import collections as c
from growth.api.deps import require_operator, run
from growth.domain.reference import Agency
from relay_eventing import UnitOfWork
from relay_eventing.http import ActorDep
from relay_eventing.service import RuntimeDep

router = APIRouter(prefix="/agencies", tags=["reference data"])


@router.get("")
async def list_agencies(_: ActorDep, runtime: RuntimeDep) -> list[Agency]:
    async def work(unit: UnitOfWork) -> list[Agency]:
        return await c.agencies(unit).find({})

    return await run(runtime, work)


@router.post("", status_code=status.HTTP_201_CREATED)
async def add_agency(body: Agency, actor: ActorDep, runtime: RuntimeDep) -> Agency:
    """A new agency is data: add it here (and give it an API key), no code change."""
    require_operator(actor)

    async def work(unit: UnitOfWork) -> None:
        await c.agencies(unit).insert(body, duplicate=f"agency {body.agency_id} exists")

    await run(runtime, work)
    return body
