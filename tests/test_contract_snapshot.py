"""Contracts change additively within a major version; this fails on anything else.

Refresh the snapshot after an additive change with `make snapshot`.
"""

import json
import os
from pathlib import Path
from typing import Any

import pytest

from relay_contracts import ALL_EVENTS, Envelope

SNAPSHOT = Path(__file__).with_name("contracts_snapshot.json")


def describe() -> dict[str, Any]:
    """Each topic's envelope schema: its fields, their schemas and which are required."""
    described: dict[str, Any] = {}
    for event in sorted(ALL_EVENTS, key=lambda e: e.topic):
        schema = Envelope[event].model_json_schema()  # type: ignore[valid-type]
        described[event.topic] = {
            "event_type": event.event_type(),
            "payload": _fields(schema["$defs"][event.__name__], schema["$defs"]),
            "envelope": _fields(schema, schema["$defs"]),
        }
    return described


def _fields(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    required = set(schema.get("required", ()))
    return {
        name: {"schema": _resolve(field, defs), "required": name in required}
        for name, field in schema["properties"].items()
        if name != "payload"
    }


def _resolve(node: Any, defs: dict[str, Any]) -> Any:
    """Inline `$ref`s and drop prose, so only the shape is compared."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _resolve(defs[node["$ref"].rsplit("/", 1)[1]], defs)
        return {
            key: _resolve(value, defs)
            for key, value in node.items()
            if key not in {"description", "examples", "title"}
        }
    if isinstance(node, list):
        return [_resolve(value, defs) for value in node]
    return node


def breaking_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for topic, old in before.items():
        new = after.get(topic)
        if new is None:
            problems.append(f"{topic}: topic removed")
            continue
        for part in ("envelope", "payload"):
            for name, field in old[part].items():
                if name not in new[part]:
                    problems.append(f"{topic}: {part}.{name} removed")
                elif new[part][name]["schema"] != field["schema"]:
                    problems.append(f"{topic}: {part}.{name} changed type")
                elif new[part][name]["required"] and not field["required"]:
                    problems.append(f"{topic}: {part}.{name} became required")
            for name, field in new[part].items():
                if name not in old[part] and field["required"]:
                    problems.append(f"{topic}: new field {part}.{name} is required")
    return problems


def test_contracts_change_only_additively() -> None:
    current = describe()
    if os.environ.get("UPDATE_CONTRACT_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n")
    recorded = json.loads(SNAPSHOT.read_text())
    assert breaking_changes(recorded, current) == []


def test_the_snapshot_check_catches_a_removed_field_a_retype_and_a_new_required_field() -> None:
    before = {
        "t.v1": {
            "envelope": {},
            "payload": {
                "a": {"schema": {"type": "string"}, "required": True},
                "b": {"schema": {"type": "string"}, "required": True},
            },
        }
    }
    after = {
        "t.v1": {
            "envelope": {},
            "payload": {
                "b": {"schema": {"type": "integer"}, "required": True},
                "c": {"schema": {"type": "string"}, "required": True},
                "d": {"schema": {"type": "string"}, "required": False},
            },
        }
    }
    assert breaking_changes(before, after) == [
        "t.v1: payload.a removed",
        "t.v1: payload.b changed type",
        "t.v1: new field payload.c is required",
    ]


@pytest.mark.parametrize("event", ALL_EVENTS, ids=lambda e: e.topic)
def test_every_contract_is_named_by_its_producer_and_documented(event: type[Any]) -> None:
    producer, name, version = event.topic.split(".")
    assert producer in {"intake", "incubation", "growth"}
    assert version.startswith("v")
    assert version[1:].isdigit()
    assert name == name.lower()
    assert event.__doc__
    assert event.__doc__.strip()
    for field_name, field in event.model_fields.items():
        assert field.description, f"{event.__name__}.{field_name} has no description"
