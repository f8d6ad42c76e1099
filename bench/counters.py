"""A service's counters as `/metrics` shows them, and what changed between two readings."""

from collections import Counter
from dataclasses import dataclass, field
from typing import TypeVar

import httpx
from prometheus_client.parser import text_string_to_metric_families

WRITES = frozenset(
    {"insert", "update", "delete", "bulkWrite", "findAndModify", "commitTransaction"}
)
K = TypeVar("K")
# The relay's published marks: written after the answer or the commit, off the step's path.
MARK = ("update", "outbox")


@dataclass
class Reading:
    """The counters of one service at one moment (or the difference of two readings)."""

    commands: Counter[tuple[str, str]] = field(default_factory=Counter)
    documents: Counter[tuple[str, str]] = field(default_factory=Counter)
    consumed: Counter[str] = field(default_factory=Counter)  # by topic
    published: Counter[str] = field(default_factory=Counter)  # by event type
    requests: Counter[str] = field(default_factory=Counter)  # "METHOD /route"

    def __sub__(self, earlier: "Reading") -> "Reading":
        return Reading(
            _minus(self.commands, earlier.commands),
            _minus(self.documents, earlier.documents),
            _minus(self.consumed, earlier.consumed),
            _minus(self.published, earlier.published),
            _minus(self.requests, earlier.requests),
        )

    def total(self) -> int:
        return sum(self.commands.values())

    def by_kind(self) -> dict[str, int]:
        kinds: Counter[str] = Counter()
        for (command, _), count in self.commands.items():
            kinds[command] += count
        return dict(sorted(kinds.items()))

    def writes(self) -> int:
        return sum(n for (command, _), n in self.commands.items() if command in WRITES)

    def marks(self) -> int:
        return self.commands[MARK]


def _minus(later: Counter[K], earlier: Counter[K]) -> Counter[K]:
    difference: Counter[K] = Counter()
    for key in later.keys() | earlier.keys():
        if later[key] != earlier[key]:
            difference[key] = later[key] - earlier[key]
    return difference


async def read(http: httpx.AsyncClient, url: str) -> Reading:
    """One scrape of a service's `/metrics`, reduced to what the command table needs."""
    answer = await http.get(f"{url}/metrics")
    answer.raise_for_status()
    reading = Reading()
    for family in text_string_to_metric_families(answer.text):
        for sample in family.samples:
            labels, value = sample.labels, int(sample.value)
            if sample.name == "relay_mongo_commands_total":
                reading.commands[(labels["command"], labels["collection"])] += value
            elif sample.name == "relay_mongo_documents_written_total":
                reading.documents[(labels["command"], labels["collection"])] += value
            elif sample.name == "faststream_received_processed_messages_total":
                reading.consumed[labels.get("handler", "?")] += value
            elif sample.name == "relay_events_published_total":
                reading.published[labels["event_type"]] += value
            elif sample.name == "http_requests_total":
                reading.requests[f"{labels['method']} {labels['handler']}"] += value
    return reading
