"""What routes need beyond the shared runtime: the acting agency, and operator-only checks."""

from typing import Annotated

from fastapi import Depends

from growth.handlers.access import known_agency
from relay_contracts import Actor, OrganizationKind
from relay_eventing import UnitOfWork
from relay_eventing.errors import Forbidden
from relay_eventing.http import ActorDep
from relay_eventing.operations import RuntimeDep


async def current_agency(actor: ActorDep, runtime: RuntimeDep) -> Actor:
    if actor.organization_kind is not OrganizationKind.AGENCY:
        raise Forbidden("only a support agency can do this")

    async def work(unit: UnitOfWork) -> None:
        await known_agency(unit, actor.organization_id)

    await runtime.transact(work)
    return actor


AgencyDep = Annotated[Actor, Depends(current_agency)]


def require_operator(actor: Actor) -> None:
    if actor.organization_kind is not OrganizationKind.OPERATOR:
        raise Forbidden("only an operator can do this")
