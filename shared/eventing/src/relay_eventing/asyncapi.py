"""What FastStream generates, made true of how Startup Relay's events actually travel.

A consumer built from the document alone must find the flow's id, the record's headers, the
key and its ordering promise, the delivery semantics and its consumer group, and which field
names the institution a shared topic's record is for.
"""

from typing import Any

from relay_contracts import ALL_EVENTS, Event

DELIVERY = (
    "Delivered at least once: deduplicate on `event_id` (every Startup Relay consumer keeps an "
    "inbox of applied ids). Key: the startup's id, so one startup's events share a partition "
    "and arrive in the order they were committed."
)
HEADERS = {
    "type": "object",
    "properties": {
        "content-type": {"type": "string", "const": "application/json"},
        "event-id": {"type": "string", "format": "uuid", "description": "= payload.event_id"},
        "event-type": {"type": "string", "description": "= payload.event_type"},
        "schema-version": {"type": "string", "description": "Major version, as in the topic."},
        "correlation-id": {"type": "string", "format": "uuid", "description": "The flow's id."},
        "traceparent": {"type": "string", "description": "W3C trace context of the writer."},
    },
    "required": ["content-type", "event-id", "event-type", "schema-version", "correlation-id"],
}
KEY = {
    "type": "string",
    "description": "startup_id: the partition key; one startup's events stay in order.",
    "examples": ["st-0ce8059153204499"],
}
# On a topic that carries every institution's records, the field a reader filters on.
ADDRESSED_TO = ("agency_id", "district_id", "university_id")


def truthful(document: dict[str, Any]) -> dict[str, Any]:
    """Correct and complete the generated AsyncAPI 3 document in place; returns it."""
    by_topic = {event.topic: event for event in ALL_EVENTS}
    channels: dict[str, Any] = document.get("channels", {})
    messages: dict[str, Any] = document.get("components", {}).get("messages", {})
    for channel in channels.values():
        event = by_topic.get(str(channel.get("address", "")))
        for reference in channel.get("messages", {}).values():
            message = messages.get(str(reference.get("$ref", "")).rsplit("/", 1)[-1])
            if message is not None and event is not None:
                _describe(message, event)
    for operation in document.get("operations", {}).values():
        if operation.get("action") == "receive":
            group = str(operation.get("channel", {}).get("$ref", "")).rsplit("/", 1)[-1]
            operation["bindings"] = {
                "kafka": {"groupId": {"type": "string", "enum": [group]}, "bindingVersion": "0.4.0"}
            }
            operation["description"] = (
                f"Consumer group `{group}`: committed only after the effect is stored. {DELIVERY}"
            )
    return document


def _describe(message: dict[str, Any], event: type[Event]) -> None:
    message["correlationId"] = {
        "location": "$message.payload#/correlation_id",
        "description": "One business flow: the X-Correlation-Id of the request that began it, "
        "carried into every event it causes (also in the `correlation-id` header).",
    }
    message["headers"] = HEADERS
    message["bindings"] = {"kafka": {"key": KEY, "bindingVersion": "0.4.0"}}
    addressed = [field for field in ADDRESSED_TO if field in event.model_fields]
    note = (
        f" Every institution's records share this topic: read yours by `payload.{addressed[0]}`."
        if addressed
        else ""
    )
    message["description"] = f"{(event.__doc__ or '').strip()} {DELIVERY}{note}".strip()
    message["examples"] = [
        {"name": event.__name__, "headers": _example_headers(event), "payload": _example(event)}
    ]


def _example_headers(event: type[Event]) -> dict[str, str]:
    return {
        "content-type": "application/json",
        "event-id": "0b6f3a56-5c5e-4a53-9a43-7a1f8d0c2e11",
        "event-type": event.event_type(),
        "schema-version": str(event.schema_version()),
        "correlation-id": "ada6ad37-f3b3-4114-b507-82ab1fabcbfb",
    }


def _example(event: type[Event]) -> dict[str, Any]:
    payload = {
        name: field.examples[0] for name, field in event.model_fields.items() if field.examples
    }
    return {
        "event_id": "0b6f3a56-5c5e-4a53-9a43-7a1f8d0c2e11",
        "event_type": event.event_type(),
        "schema_version": event.schema_version(),
        "occurred_at": "2026-11-29T10:15:00Z",
        "startup_id": "st-0ce8059153204499",
        "correlation_id": "ada6ad37-f3b3-4114-b507-82ab1fabcbfb",
        "causation_id": None,
        "actor": {"organization_id": "gwanak", "organization_kind": "district"},
        "payload": payload,
    }
