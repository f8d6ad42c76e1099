"""Pure rules of the eventing runtime, without servers."""

import re
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from aiokafka.errors import KafkaConnectionError
from pydantic import ValidationError
from pymongo.errors import DuplicateKeyError, OperationFailure, ServerSelectionTimeoutError

from relay_contracts import Actor, Envelope, OrganizationKind
from relay_contracts.intake import StartupGraduated
from relay_eventing import Cause, ServiceSettings, new_event
from relay_eventing.credentials import KEY_PREFIX, KeyRing, digest, mint
from relay_eventing.dead_letter import is_retryable
from relay_eventing.documents import all_of
from relay_eventing.events import correlation

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


@pytest.mark.parametrize("configured", ["changeme", "rk_" + "a" * 43, "sha256:xyz"])
def test_settings_refuse_api_keys_given_in_clear(configured: str) -> None:
    record = {"digest": configured, "organization_id": "snu", "organization_kind": "university"}
    with pytest.raises(ValidationError, match="configured by digest"):
        ServiceSettings(api_keys=[record])


def test_a_minted_key_opens_its_organization_and_only_its_digest_is_held() -> None:
    key, record = mint("snu", OrganizationKind.UNIVERSITY, label="crm", user="integration-crm")
    ring = KeyRing([record])
    assert key.startswith("rk_")
    assert key not in record.model_dump_json()
    actor = ring.actor_for(key)
    assert actor is not None
    assert (actor.organization_id, actor.user) == ("snu", "integration-crm")
    assert ring.actor_for(key + "x") is None


def test_a_revoked_key_opens_nothing_while_the_organizations_other_key_still_does() -> None:
    old, old_record = mint("kicox", OrganizationKind.AGENCY, label="2025")
    new, new_record = mint("kicox", OrganizationKind.AGENCY, label="2026")
    ring = KeyRing([old_record, new_record], revoked=[digest(old)])
    assert ring.actor_for(old) is None
    assert ring.actor_for(new) is not None


def test_a_request_cause_takes_the_correlation_of_the_request_it_runs_in() -> None:
    flow = uuid4()
    token = correlation.set(flow)
    try:
        assert Cause.request(OPERATOR).correlation_id == flow
    finally:
        correlation.reset(token)
    assert Cause.request(OPERATOR).correlation_id != flow


def test_no_configuration_in_the_repository_holds_a_key_in_clear() -> None:
    root = Path(__file__).resolve().parents[1]
    minted = re.compile(KEY_PREFIX + r"[A-Za-z0-9_-]{40,}")
    configured = [
        root / "docker-compose.yml",
        *root.glob("deploy/**/*.yaml"),
        *root.glob("deploy/**/*.yml"),
        *root.glob("deploy/**/*.json"),
        *root.glob("services/*/src/**/*.json"),
    ]
    assert len(configured) > 5
    for path in configured:
        assert not minted.search(path.read_text()), f"{path} holds an API key in clear"


def test_all_of_is_one_flat_filter_unless_a_field_is_named_twice() -> None:
    # Flat, so SecantusDB can plan it on an index; a repeated field with another value keeps
    # both conditions (matching nothing), and the same value twice is one condition.
    assert all_of({"status": "open"}, {"district_id": "gwanak"}, {}) == {
        "status": "open",
        "district_id": "gwanak",
    }
    assert all_of({"district_id": "guro"}, {"district_id": "guro"}) == {"district_id": "guro"}
    assert all_of({"district_id": "guro"}, {"district_id": "gwanak"}) == {
        "$and": [{"district_id": "guro"}, {"district_id": "gwanak"}]
    }
