"""Schema evolution: old event versions and old stored documents read in the current shape."""

from collections.abc import Callable, Mapping
from typing import Any

from relay_contracts import Envelope, Event

# Turns the payload of an older major version into the current one.
EventUpcaster = Callable[[Any], Event]
# Turns a stored document of version N into version N + 1.
DocumentUpcaster = Callable[[dict[str, Any]], dict[str, Any]]

SCHEMA_FIELD = "schema_version"


def upcast_envelope(envelope: Envelope[Any], upcaster: EventUpcaster) -> Envelope[Any]:
    """The same event (same id, so the inbox sees one event) in the current payload shape."""
    payload = upcaster(envelope.payload)
    return envelope.model_copy(
        update={
            "payload": payload,
            "event_type": payload.event_type(),
            "schema_version": payload.schema_version(),
        }
    )


def upcast_document(
    document: dict[str, Any], steps: Mapping[int, DocumentUpcaster], current: int
) -> dict[str, Any]:
    """Apply `steps[v]` for each version v from the document's own up to `current`.

    Documents written before versioning began count as version 1.
    """
    version = int(document.get(SCHEMA_FIELD, 1))
    while version < current:
        document = {**steps[version](document), SCHEMA_FIELD: version + 1}
        version += 1
    return document
