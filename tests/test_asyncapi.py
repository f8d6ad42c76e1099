"""Each service's AsyncAPI document tells a consumer how the events really travel."""

from typing import Any

import pytest
from fastapi import FastAPI

from growth.main import create_app as growth_app
from growth.settings import Settings as GrowthSettings
from incubation.main import create_app as incubation_app
from incubation.settings import Settings as IncubationSettings
from intake.main import create_app as intake_app
from intake.settings import Settings as IntakeSettings
from relay_contracts.incubation import GrowthHandoffOffered

APPS: dict[str, FastAPI] = {
    "intake": intake_app(IntakeSettings()),
    "incubation": incubation_app(IncubationSettings()),
    "growth": growth_app(GrowthSettings()),
}


def document(service: str) -> dict[str, Any]:
    spec: dict[str, Any] = APPS[service].state.runtime.asyncapi()
    return spec


@pytest.mark.parametrize("service", APPS)
def test_every_message_names_the_flow_headers_key_and_delivery(service: str) -> None:
    messages = document(service)["components"]["messages"]
    assert messages
    for name, message in messages.items():
        assert message["correlationId"]["location"] == "$message.payload#/correlation_id", name
        assert {"event-id", "correlation-id"} <= set(message["headers"]["properties"]), name
        assert "startup_id" in message["bindings"]["kafka"]["key"]["description"], name
        assert "at least once" in message["description"], name
        example = message["examples"][0]
        assert example["payload"]["event_type"] == example["headers"]["event-type"], name


@pytest.mark.parametrize("service", APPS)
def test_every_consumer_names_its_group(service: str) -> None:
    receiving = [
        operation
        for operation in document(service)["operations"].values()
        if operation["action"] == "receive"
    ]
    assert receiving
    for operation in receiving:
        group = operation["bindings"]["kafka"]["groupId"]["enum"][0]
        assert group.startswith(f"{service}.")
        assert "deduplicate on `event_id`" in operation["description"]


def test_an_agency_learns_which_field_carries_its_offers() -> None:
    offered = [
        message
        for message in document("growth")["components"]["messages"].values()
        if message["examples"][0]["payload"]["event_type"] == GrowthHandoffOffered.__name__
    ]
    assert offered
    assert "`payload.agency_id`" in offered[0]["description"]
