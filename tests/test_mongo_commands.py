"""`relay_mongo_commands_total` on the real servers: every command a request and a hop send."""

from collections.abc import Callable
from typing import Any

from conftest import eventually, serving
from relay_eventing import ServiceSettings
from relay_eventing.mongo_commands import collection_of
from tests.probe import create_probe, unique
from tests.test_metrics import scrape, total

Samples = dict[str, list[tuple[dict[str, str], float]]]


def commands(samples: Samples, command: str, collection: str | None = None) -> float:
    labels = {"command": command} | ({} if collection is None else {"collection": collection})
    return total(samples, "relay_mongo_commands_total", **labels)


async def test_a_request_and_the_hop_it_causes_move_the_command_counters_by_what_they_send(
    settings_for: Callable[[str], dict[str, Any]],
) -> None:
    settings = ServiceSettings(**settings_for("probe"))
    async with serving(create_probe(settings), "probe") as probe:
        before = await scrape(probe)
        assert (await probe.post(f"/submissions/{unique('st-commands')}")).status_code == 200

        async def applied_and_marked() -> Samples | None:
            samples = await scrape(probe)
            consumed = total(samples, "faststream_received_processed_messages_total") >= 1
            # The relay marks what it published a moment after the broker's acknowledgement.
            marked = commands(samples, "update", "outbox") > commands(before, "update", "outbox")
            return samples if consumed and marked else None

        after = await eventually(applied_and_marked, what="the submission consumed and marked")

    def moved(command: str, collection: str | None = None) -> float:
        return commands(after, command, collection) - commands(before, command, collection)

    # The request: its event into the outbox in one bulkWrite, then a commit. The hop: the
    # probe's two writes, then its inbox mark in one bulkWrite, then a commit of its own.
    assert moved("bulkWrite") == 2
    assert moved("insert", "outbox") == moved("insert", "inbox") == 0
    assert moved("update", "seen") == 1
    assert moved("insert", "applied") == 1
    assert moved("commitTransaction") >= 2
    written = "relay_mongo_documents_written_total"
    bulk_written = total(after, written, command="bulkWrite") - total(
        before, written, command="bulkWrite"
    )
    # The outbox record and the inbox mark, counted from the bulkWrite's own reply.
    assert bulk_written == 2
    failures = "relay_mongo_command_failures_total"
    assert total(after, failures) == total(before, failures)


def test_a_command_counts_against_the_collection_it_names_get_more_against_its_cursor() -> None:
    assert collection_of("insert", {"insert": "outbox", "documents": []}) == "outbox"
    assert collection_of("getMore", {"getMore": 7, "collection": "inbox"}) == "inbox"
    assert collection_of("commitTransaction", {"commitTransaction": 1}) == ""
