"""The universities directory answers from memory: a request costs no database command."""

from intake.repository.directory import MISS_RECHECK_S, UniversityDirectory
from relay_contracts import Actor, OrganizationKind


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Universities:
    """The reference data, counting how often it is read."""

    def __init__(self, *ids: str) -> None:
        self.ids = set(ids)
        self.reads = 0

    async def __call__(self) -> list[str]:
        self.reads += 1
        return sorted(self.ids)


def university(organization_id: str) -> Actor:
    return Actor(organization_id=organization_id, organization_kind=OrganizationKind.UNIVERSITY)


async def test_known_universities_are_answered_from_memory_until_the_refresh() -> None:
    clock, universities = Clock(), Universities("snu", "cau")
    directory = UniversityDirectory(universities, refresh_s=30, clock=clock)

    answers = [await directory.knows(university("snu")) for _ in range(100)]
    assert all(answers)
    assert universities.reads == 1

    universities.ids.discard("snu")
    clock.now += 29
    assert await directory.knows(university("snu"))
    clock.now += 2
    assert not await directory.knows(university("snu"))
    assert universities.reads == 2


async def test_an_unknown_university_is_looked_for_again_at_most_once_a_second() -> None:
    clock, universities = Clock(), Universities("snu")
    directory = UniversityDirectory(universities, refresh_s=30, clock=clock)
    assert await directory.knows(university("snu"))

    refused = [await directory.knows(university("hongik")) for _ in range(50)]
    assert not any(refused)
    assert universities.reads == 1

    universities.ids.add("hongik")
    clock.now += MISS_RECHECK_S
    assert await directory.knows(university("hongik"))
    assert universities.reads == 2


async def test_other_kinds_are_not_this_directorys_to_judge() -> None:
    universities = Universities()
    directory = UniversityDirectory(universities, refresh_s=30, clock=Clock())
    for kind in (OrganizationKind.DISTRICT, OrganizationKind.COUNCIL, OrganizationKind.OPERATOR):
        assert await directory.knows(Actor(organization_id="x", organization_kind=kind))
    assert universities.reads == 0


async def test_a_university_added_here_is_let_in_at_once() -> None:
    clock, universities = Clock(), Universities()
    directory = UniversityDirectory(universities, refresh_s=30, clock=clock)
    assert not await directory.knows(university("hongik"))
    universities.ids.add("hongik")
    directory.forget()
    assert await directory.knows(university("hongik"))
