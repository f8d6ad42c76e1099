"""The commands-per-step table: printed for a reader, and returned as figures for the JSON."""

from dataclasses import dataclass
from typing import Any

from bench.counters import Reading
from bench.minimums import Minimum
from bench.stack import Figure

TARGET = 1.5  # each step within 1.5x of its minimum (issue 15)
LEGEND = (
    "cmds: MongoDB commands, each one round trip; path: those the request or hop waits for"
    " (all but the relay's marks); min: what the design needs (reasons in bench/minimums.py"
    " and the JSON); ! over 1.5x"
)
SHORT = {
    "insert": "ins",
    "bulkWrite": "bulk",
    "update": "upd",
    "delete": "del",
    "find": "find",
    "aggregate": "agg",
    "findAndModify": "fam",
    "commitTransaction": "commit",
    "abortTransaction": "abort",
    "getMore": "more",
}


@dataclass(frozen=True)
class Row:
    step: str
    service: str
    what: str  # the route asked, and the topics consumed
    moved: Reading
    minimum: Minimum

    @property
    def commands(self) -> int:
        return self.moved.total()

    @property
    def in_path(self) -> int:
        """Round trips the request or the hop waits for: all but the relay's later marks."""
        return self.commands - self.moved.marks()

    @property
    def ratio(self) -> float:
        return self.commands / self.minimum.commands if self.minimum.commands else 0.0

    def kinds(self) -> str:
        return " ".join(f"{SHORT.get(k, k)} {n}" for k, n in self.moved.by_kind().items())

    def as_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "service": self.service,
            "what": self.what,
            "commands": self.commands,
            "round_trips_in_path": self.in_path,
            "relay_marks": self.moved.marks(),
            "writes": self.moved.writes(),
            "documents_written": sum(self.moved.documents.values()),
            "by_command": {
                f"{c} {coll}".strip(): n for (c, coll), n in self.moved.commands.items()
            },
            "consumed": dict(self.moved.consumed),
            "published": dict(self.moved.published),
            "minimum": self.minimum.commands,
            "minimum_reason": self.minimum.reason,
            "ratio_to_minimum": round(self.ratio, 2),
        }


def print_table(rows: list[Row], idle: dict[str, Any]) -> list[Figure]:
    """Print the table (one line per step and service) and return the lifecycle's figures."""
    print(LEGEND)  # noqa: T201
    header = f"{'step':<9} {'service':<10} {'cmds':>4} {'path':>4} {'min':>3} {'x min':>5}  kinds"
    print(header)  # noqa: T201
    for row in rows:
        flag = " !" if row.ratio > TARGET else ""
        print(  # noqa: T201
            f"{row.step:<9} {row.service:<10} {row.commands:>4} {row.in_path:>4} "
            f"{row.minimum.commands:>3} {row.ratio:>5.2f}{flag:<2} {row.kinds()}  [{row.what}]"
        )
    commands = sum(r.commands for r in rows)
    minimum = sum(r.minimum.commands for r in rows)
    writes = sum(r.moved.writes() for r in rows)
    minimum_writes = minimum - sum(r.minimum.reads for r in rows)
    notes = {
        "rows": [r.as_json() for r in rows],
        "writes_per_lifecycle": writes,
        "documents_written_per_lifecycle": sum(sum(r.moved.documents.values()) for r in rows),
        "round_trips_in_path_per_lifecycle": sum(r.in_path for r in rows),
        "rows_over_target": [f"{r.step}/{r.service}" for r in rows if r.ratio > TARGET],
    }
    idle_total = sum(idle["idle_commands_per_s"].values())
    return [
        Figure("commands per lifecycle", commands, minimum, "cmds", "each step <= 1.5x min", notes),
        Figure(
            "write commands per lifecycle",
            writes,
            minimum_writes,
            "cmds",
            "writes incl. commits; baseline = the minimum's",
            {"documents_written": notes["documents_written_per_lifecycle"]},
        ),
        Figure(
            "idle commands/s, all services", idle_total, 0.0, "cmd/s", "~0 (wake on commit)", idle
        ),
    ]
