"""A startup's journey: its events in causal order, merged records joined under the survivor."""

import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from insight.domain.entries import JourneyEntry


class Aliases:
    """Which startup id each id now is, after operators merged records (`StartupsMerged`).

    Merges may chain (a into b, then b into c); a cycle, which no producer emits, stops at the
    first id met twice rather than looping.
    """

    def __init__(self, merges: Iterable[tuple[str, str]]) -> None:
        self._survivor: dict[str, str] = {}
        for merged_id, survivor_id in merges:
            if merged_id != survivor_id:
                self._survivor[merged_id] = survivor_id

    def canonical(self, startup_id: str) -> str:
        seen = {startup_id}
        while (survivor := self._survivor.get(startup_id)) is not None and survivor not in seen:
            seen.add(survivor)
            startup_id = survivor
        return startup_id

    def members(self, startup_id: str) -> list[str]:
        """The canonical id of `startup_id` and every id merged into it, canonical first."""
        canonical = self.canonical(startup_id)
        merged = sorted(
            other
            for other in self._survivor
            if other != canonical and self.canonical(other) == canonical
        )
        return [canonical, *merged]


@dataclass(frozen=True)
class Journey:
    """The journey answered for a requested id."""

    startup_id: str  # the canonical (surviving) id
    requested_id: str
    merged_ids: list[str]  # ids merged into it, whose events it includes
    entries: list[JourneyEntry]

    @property
    def institutions(self) -> set[str]:
        return {institution for entry in self.entries for institution in entry.institutions}


def _key(entry: JourneyEntry) -> tuple[datetime, str]:
    return (entry.occurred_at, entry.event_id)


def causal_order(entries: Sequence[JourneyEntry]) -> list[JourneyEntry]:
    """Every entry after the one that caused it, then by occurrence time, then by event id.

    Arrival order plays no part, so an effect consumed before its cause still sorts after it.
    A cause not in the journey (not yet arrived) leaves its effect ordered by time alone.
    """
    unique = {entry.event_id: entry for entry in entries}
    effects: dict[str, list[JourneyEntry]] = defaultdict(list)
    ready: list[tuple[datetime, str]] = []
    for entry in unique.values():
        cause = entry.causation_id
        if cause is not None and cause in unique and cause != entry.event_id:
            effects[cause].append(entry)
        else:
            heapq.heappush(ready, _key(entry))
    ordered: list[JourneyEntry] = []
    while ready:
        entry = unique[heapq.heappop(ready)[1]]
        ordered.append(entry)
        for effect in effects.pop(entry.event_id, []):
            heapq.heappush(ready, _key(effect))
    # Entries on a causation cycle (never emitted by a producer) still show, by time.
    stranded = [effect for waiting in effects.values() for effect in waiting]
    return ordered + sorted(stranded, key=_key)
