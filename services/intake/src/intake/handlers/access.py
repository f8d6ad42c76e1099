"""Who may act: universities of the program on their own submissions, operators on the rest."""

from intake.domain.submission import Submission
from intake.repository.reference import ReferenceData
from intake.repository.startups import StartupRepository
from relay_contracts import Actor, OrganizationKind
from relay_eventing import UnitOfWork
from relay_eventing.errors import Forbidden, NotFound


async def require_university(unit: UnitOfWork, actor: Actor, doing: str) -> str:
    """The acting university's id; only a university listed in the reference data qualifies."""
    if actor.organization_kind is not OrganizationKind.UNIVERSITY:
        raise Forbidden(
            f"only a university can {doing}; {actor.organization_id} is "
            f"a {actor.organization_kind.value}"
        )
    if await ReferenceData(unit).university(actor.organization_id) is None:
        raise Forbidden(f"{actor.organization_id} is not a university of the program")
    return actor.organization_id


def require_operator(actor: Actor, doing: str) -> None:
    if actor.organization_kind is not OrganizationKind.OPERATOR:
        raise Forbidden(
            f"only an operator can {doing}; {actor.organization_id} is "
            f"a {actor.organization_kind.value}"
        )


async def own_submission(unit: UnitOfWork, university_id: str, startup_id: str) -> Submission:
    """The university's own submission of a startup, found through any merge."""
    repository = StartupRepository(unit)
    startup = await repository.resolve(startup_id)
    if startup is None:
        raise NotFound(f"startup {startup_id}")
    submission = await repository.of_university(university_id, startup.startup_id)
    if submission is None:
        raise Forbidden(
            f"startup {startup_id} was not submitted by {university_id}: "
            "a university sees and acts only on the startups it submitted"
        )
    return submission
