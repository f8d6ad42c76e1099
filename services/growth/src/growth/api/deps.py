"""What every route needs: the acting agency, and a typed way to run a unit of work."""

from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

from fastapi import Depends

from growth.handlers.access import known_agency
from relay_contracts import Actor, OrganizationKind
from relay_eventing import ServiceRuntime, UnitOfWork
from relay_eventing.http import ActorDep, forbidden
from relay_eventing.service import RuntimeDep

T = TypeVar("T")


async def run(runtime: ServiceRuntime, work: Callable[[UnitOfWork], Awaitable[T]]) -> T:
    result: T = await runtime.transact(work)
    return result


async def current_agency(actor: ActorDep, runtime: RuntimeDep) -> Actor:
    if actor.organization_kind is not OrganizationKind.AGENCY:
        raise forbidden("only a support agency can do this")

    async def work(unit: UnitOfWork) -> None:
        await known_agency(unit, actor.organization_id)

    await run(runtime, work)
    return actor


AgencyDep = Annotated[Actor, Depends(current_agency)]


def require_operator(actor: Actor) -> None:
    if actor.organization_kind is not OrganizationKind.OPERATOR:
        raise forbidden("only an operator can do this")
