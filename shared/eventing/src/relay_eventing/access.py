"""The one authorization layer: who may call a route, checked the same way in every service.

A route names the kind of caller it serves with a typed dependency (`DistrictDep`, …). The
dependency checks the credential's kind and, through the service's `Directory`, that the
organization is one the program's reference data knows (an issued key for a district that was
never seeded opens nothing). What a caller may *touch* is decided once more by the repository's
loaders, which return only the caller's own records and answer 404 for the rest, so a caller
learns nothing of what is not theirs. No route compares organization ids by hand.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated, Protocol

from fastapi import Depends, Request

from relay_contracts import Actor, OrganizationKind
from relay_eventing.errors import Forbidden
from relay_eventing.http import ActorDep

Kind = OrganizationKind


class Directory(Protocol):
    """The organizations a service's reference data knows, asked per request."""

    async def knows(self, actor: Actor) -> bool: ...


class TrustIssuedCredentials:
    """The default: an organization exists when an operator issued it a credential.

    A service whose reference data lists an organization kind (intake the universities,
    incubation the districts, growth the agencies) checks that kind against it instead.
    """

    async def knows(self, actor: Actor) -> bool:
        return True


def require(*kinds: Kind) -> Callable[[Request, Actor], Awaitable[Actor]]:
    """A dependency admitting callers of these kinds that the directory knows."""
    names = " or ".join(kind.value for kind in kinds)

    async def caller(request: Request, actor: ActorDep) -> Actor:
        if actor.organization_kind not in kinds:
            raise Forbidden(f"only a {names} can do this")
        directory: Directory = getattr(request.app.state, "directory", TrustIssuedCredentials())
        if not await directory.knows(actor):
            raise Forbidden(f"{actor.organization_kind.value} {actor.organization_id} is not known")
        return actor

    caller.__name__ = "caller_" + "_or_".join(kind.value for kind in kinds)
    return caller


UniversityDep = Annotated[Actor, Depends(require(Kind.UNIVERSITY))]
DistrictDep = Annotated[Actor, Depends(require(Kind.DISTRICT))]
AgencyDep = Annotated[Actor, Depends(require(Kind.AGENCY))]
CouncilDep = Annotated[Actor, Depends(require(Kind.COUNCIL, Kind.OPERATOR))]
OperatorDep = Annotated[Actor, Depends(require(Kind.OPERATOR))]
# Any institution of the relay that holds startups (raises difficulties, reads its own).
InstitutionDep = Annotated[Actor, Depends(require(Kind.UNIVERSITY, Kind.DISTRICT, Kind.AGENCY))]
# Anyone with a credential who may read across institutions or act on their own.
ReaderDep = Annotated[
    Actor,
    Depends(require(Kind.UNIVERSITY, Kind.DISTRICT, Kind.AGENCY, Kind.COUNCIL, Kind.OPERATOR)),
]


def sees_everything(actor: Actor) -> bool:
    """The program office and operators read across institutions (and act nowhere)."""
    return actor.organization_kind in {Kind.COUNCIL, Kind.OPERATOR}
