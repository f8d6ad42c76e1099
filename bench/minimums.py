"""The fewest MongoDB commands each step needs for the guarantees the design gives, and why.

Every state change that emits an event must commit with it (state + outbox + commit); the relay
then marks what the broker acknowledged (1 per batch: one per step when steps go one at a time).
A consumer must apply an event once: its inbox mark can ride on the state write itself (a
document keyed or guarded by the event id), so a hop that emits nothing is one write, and needs
no transaction. A rule on one document can be the filter of a conditional update that returns
the new document, so no read comes before the write.
"""

from dataclasses import dataclass

EMIT = 3  # outbox insert + commit + the relay's mark
GUARDED_WRITE = 1


@dataclass(frozen=True)
class Minimum:
    commands: int
    reason: str
    reads: int = 0  # of the commands, those that write nothing


HTTP: dict[str, Minimum] = {
    "submit": Minimum(
        3 + EMIT,
        "identity claims (one insert_many under unique indexes) + canonical startup + the "
        "university's submission (its idempotency key inside) + outbox + commit + mark",
    ),
    "screen": Minimum(1 + EMIT, "conditional update of the submission + outbox + commit + mark"),
    "admit": Minimum(1 + EMIT, "conditional update of the submission + outbox + commit + mark"),
    "register": Minimum(
        2 + EMIT,
        "claim the registration number (unique index) + conditional update + outbox + commit "
        "+ mark",
    ),
    "graduate": Minimum(1 + EMIT, "conditional update of the submission + outbox + commit + mark"),
    "approve": Minimum(
        2 + EMIT,
        "take a unit of the facility (conditional $inc under capacity) + conditional update of "
        "the case + outbox + commit + mark",
    ),
    "settle": Minimum(1 + EMIT, "conditional update of the case + outbox + commit + mark"),
    "snapshot": Minimum(1 + EMIT, "push the KPI snapshot onto the case + outbox + commit + mark"),
    "offer": Minimum(
        3 + EMIT,
        "read the case (its KPIs and grants go into the offer) + the district's readiness rule "
        "+ insert the handoff + outbox + commit + mark",
        reads=2,
    ),
    "accept": Minimum(
        2 + EMIT,
        "conditional update of the offer + the agency's leap-stage record + outbox + commit + mark",
    ),
}

HOP_EMITTING = Minimum(
    GUARDED_WRITE + EMIT,
    "state write guarded by the event id (the inbox mark in it) + outbox + commit + mark",
)
HOP_SILENT = Minimum(
    GUARDED_WRITE, "one write guarded by the event id: the mark rides on it, no transaction"
)


def of_hops(consumed: int, emitted: int) -> Minimum:
    """`consumed` hops in one service, of which `emitted` wrote events (at most one each)."""
    emitting = min(consumed, emitted)
    silent = consumed - emitting
    commands = emitting * HOP_EMITTING.commands + silent * HOP_SILENT.commands
    parts = [f"{emitting} x {HOP_EMITTING.commands}"] if emitting else []
    parts += [f"{silent} x {HOP_SILENT.commands}"] if silent else []
    reason = HOP_EMITTING.reason if emitting else HOP_SILENT.reason
    return Minimum(commands, f"{' + '.join(parts)}: {reason}")
