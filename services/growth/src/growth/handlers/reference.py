"""Reference data an operator extends without a release: agencies, program kinds, categories."""

from growth.domain.reference import Agency, DifficultyCategory, ProgramKind
from growth.repository.reference import Agencies, DifficultyCategories, ProgramKinds
from relay_eventing import UnitOfWork


async def add_agency(unit: UnitOfWork, agency: Agency) -> Agency:
    await Agencies.of(unit).add(agency)
    return agency


async def add_program_kind(unit: UnitOfWork, kind: ProgramKind) -> ProgramKind:
    await ProgramKinds.of(unit).add(kind)
    return kind


async def put_program_kind(unit: UnitOfWork, kind: ProgramKind) -> bool:
    """Create or relabel a kind; programs of it keep its id. True when it was created."""
    return await ProgramKinds.of(unit).put(kind)


async def add_difficulty_category(
    unit: UnitOfWork, category: DifficultyCategory
) -> DifficultyCategory:
    await Agencies.of(unit).known(category.routed_to, ("body", "routed_to"))
    await DifficultyCategories.of(unit).add(category)
    return category


async def put_difficulty_category(unit: UnitOfWork, category: DifficultyCategory) -> bool:
    """Create, relabel or reroute a category: tickets raised from now on go to its new desk.
    True when it was created."""
    await Agencies.of(unit).known(category.routed_to, ("body", "routed_to"))
    return await DifficultyCategories.of(unit).put(category)
