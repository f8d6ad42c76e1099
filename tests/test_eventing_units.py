"""Pure rules of the eventing runtime, without servers."""

from typing import Any
from uuid import uuid4

import pytest
from aiokafka.errors import KafkaConnectionError
from pydantic import ValidationError
from pymongo.errors import DuplicateKeyError, OperationFailure, ServerSelectionTimeoutError

from relay_contracts import Actor, Envelope, OrganizationKind
from relay_contracts.intake import StartupGraduated
from relay_eventing import Cause, ServiceSettings, new_event
from relay_eventing.dead_letter import is_retryable

OPERATOR = Actor(organization_id="operator", organization_kind=OrganizationKind.OPERATOR)


def graduated() -> StartupGraduated:
    return StartupGraduated(
        university_id="cau",
        company_name="Heukseok Bio",
        stage="pre_startup",
        sector="bio",
        desired_district="dongjak",
        youth=False,
    )


def test_an_event_caused_by_another_carries_its_correlation_and_names_its_cause() -> None:
    first = new_event(graduated(), startup_id="st-1", cause=Cause.request(OPERATOR))
    second = new_event(graduated(), startup_id="st-1", cause=Cause.event(first))
    assert first.causation_id is None
    assert second.correlation_id == first.correlation_id
    assert second.causation_id == first.event_id
    assert second.event_id != first.event_id
    assert second.event_type == "StartupGraduated"
    assert second.schema_version == 1


def test_a_reader_of_v1_ignores_fields_a_producer_added_later() -> None:
    envelope = new_event(graduated(), startup_id="st-2", cause=Cause.request(OPERATOR))
    document: dict[str, Any] = envelope.model_dump(mode="json")
    document["new_envelope_field"] = "from the future"
    document["payload"]["new_payload_field"] = {"nested": True}
    read = Envelope[StartupGraduated].model_validate(document)
    assert read.payload == envelope.payload
    assert read.event_id == envelope.event_id


@pytest.mark.parametrize(
    ("error", "retryable"),
    [
        (ServerSelectionTimeoutError("no primary"), True),
        (KafkaConnectionError("broker down"), True),
        (OperationFailure("write conflict", code=112), True),
        (DuplicateKeyError("dup"), False),
        (ValueError("domain rule"), False),
        (KeyError("bug"), False),
    ],
)
def test_errors_that_may_pass_later_are_retried_and_the_rest_dead_lettered(
    error: Exception, retryable: bool
) -> None:
    assert is_retryable(error) is retryable


@pytest.mark.parametrize("key", ["changeme", "short-key", "secret"])
def test_settings_refuse_placeholder_or_short_api_keys(key: str) -> None:
    with pytest.raises(ValidationError, match="API keys must be at least 16 characters"):
        ServiceSettings(api_keys={key: OPERATOR})


def test_settings_accept_a_real_api_key() -> None:
    key = uuid4().hex
    assert ServiceSettings(api_keys={key: OPERATOR}).api_keys[key] == OPERATOR
