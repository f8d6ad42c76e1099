"""After the run: every startup in the state a fault-free run gives, each effect exactly once."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pymongo import AsyncMongoClient

from chaos.faults import POISON_PREFIX
from relay_eventing.redrive import read_dead_letters

# (database, collection, field that must hold, its value in the final state); one document per
# startup in each: a second one is a duplicated effect, a missing one a lost startup.
EFFECTS: tuple[tuple[str, str, str | None, str | None], ...] = (
    ("intake", "submissions", "status", "graduated"),
    ("incubation", "cases", "status", "handed_off"),
    ("incubation", "ledger", "kind", "rent_subsidy"),
    ("incubation", "handoffs", "state", "accepted"),
    ("growth", "offers", "status", "accepted"),
    ("growth", "portfolio", None, None),
    ("growth", "enrolments", None, None),
)


@dataclass
class Verdict:
    lost: int
    duplicated: int
    wrong_state: int
    poison_found: int
    unexpected_dead_letters: int
    details: list[str]

    def converged(self) -> bool:
        return self.lost == 0 and self.duplicated == 0 and self.wrong_state == 0


async def verify(
    mongo: AsyncMongoClient[Any], startup_ids: Sequence[str], expected: int
) -> Verdict:
    lost: set[str] = set()
    duplicated = 0
    wrong: set[str] = set()
    details: list[str] = []
    wanted = set(startup_ids)
    for database, collection, field, value in EFFECTS:
        groups = await mongo[database][collection].aggregate(
            [
                {
                    "$group": {
                        "_id": "$startup_id",
                        "n": {"$sum": 1},
                        "values": {"$push": f"${field or '_id'}"},
                    }
                }
            ]
        )
        seen: dict[str, tuple[int, list[Any]]] = {
            group["_id"]: (group["n"], group["values"]) async for group in groups
        }
        for startup_id in wanted:
            count, values = seen.get(startup_id, (0, []))
            if count == 0:
                lost.add(startup_id)
                details.append(f"{database}.{collection}: nothing for {startup_id}")
            elif count > 1:
                duplicated += count - 1
                details.append(f"{database}.{collection}: {count} for {startup_id}")
            elif field is not None and values != [value]:
                wrong.add(startup_id)
                details.append(f"{database}.{collection}: {startup_id} has {field}={values}")
    lost_total = len(lost) + max(0, expected - len(wanted))
    return Verdict(lost_total, duplicated, len(wrong - lost), 0, 0, details[:20])


async def dead_letters(bootstrap: str) -> tuple[int, int]:
    """(poison records found, anything else found) across every dead-letter topic."""
    letters = await read_dead_letters(bootstrap)
    poison = {letter.value for letter in letters if letter.value.startswith(POISON_PREFIX)}
    others = [letter for letter in letters if not letter.value.startswith(POISON_PREFIX)]
    return len(poison), len(others)
