"""Every MongoDB command a service sends, counted by kind and collection (PyMongo monitoring).

On a database where each write command costs, the number of commands per business step is the
figure to watch: `rate(relay_mongo_commands_total[1m])` by service is the load a service puts
on the database, and its idle value is what background loops cost.
"""

from typing import Any

from prometheus_client import CollectorRegistry, Counter
from pymongo import monitoring

# Commands whose reply's `n` counts documents written (for an update: matched or upserted).
_WRITES = frozenset({"insert", "update", "delete"})
# MongoDB 8's cross-collection bulkWrite (a unit of work's writes, mark and outbox in one
# command) names no one collection and counts each kind in its own reply field.
BULK_WRITE = "bulkWrite"
_BULK_COUNTS = ("nInserted", "nMatched", "nUpserted", "nDeleted")


def collection_of(command_name: str, command: Any) -> str:
    """The collection a command names, or "" for one that names none (commitTransaction)."""
    target = command.get("collection" if command_name == "getMore" else command_name)
    return target if isinstance(target, str) else ""


class MongoCommandMetrics(monitoring.CommandListener):
    """Counts commands as the driver starts them, so a command that fails still counts."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.commands = Counter(
            "relay_mongo_commands",
            "MongoDB commands this service sent (each one round trip), by command and collection.",
            ["command", "collection"],
            registry=registry,
        )
        self.documents_written = Counter(
            "relay_mongo_documents_written",
            "Documents inserted, updated (matched or upserted) or deleted, as the replies count.",
            ["command", "collection"],
            registry=registry,
        )
        self.failures = Counter(
            "relay_mongo_command_failures",
            "MongoDB commands that failed or answered with write errors (duplicate keys included).",
            ["command"],
            registry=registry,
        )
        # started → succeeded carries no collection; remembered per request id until the reply.
        self._writing: dict[int, str] = {}

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        collection = collection_of(event.command_name, event.command)
        self.commands.labels(command=event.command_name, collection=collection).inc()
        if event.command_name in _WRITES or event.command_name == BULK_WRITE:
            self._writing[event.request_id] = collection

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        collection = self._writing.pop(event.request_id, None)
        if collection is None:
            return
        if event.command_name == BULK_WRITE:
            written = sum(int(event.reply.get(count, 0)) for count in _BULK_COUNTS)
        else:
            written = event.reply.get("n", 0)
        if isinstance(written, int) and written > 0:
            self.documents_written.labels(command=event.command_name, collection=collection).inc(
                written
            )
        # A duplicate key is a successful command with write errors (bulkWrite: nErrors).
        if event.reply.get("writeErrors") or event.reply.get("nErrors"):
            self.failures.labels(command=event.command_name).inc()

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        self._writing.pop(event.request_id, None)
        self.failures.labels(command=event.command_name).inc()
