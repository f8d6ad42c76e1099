"""Schemathesis against every service running as a process on the real servers.

Every operation of every OpenAPI document, with an owner's key and the operator's: no server
error, every status documented, every body and header as documented.
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import API_KEYS, key_of
from growth.main import create_app as growth_app
from growth.settings import Settings as GrowthSettings
from incubation.main import create_app as incubation_app
from incubation.settings import Settings as IncubationSettings
from insight.main import create_app as insight_app
from insight.settings import Settings as InsightSettings
from intake.main import create_app as intake_app
from intake.settings import Settings as IntakeSettings
from relay_devstack.servers import start_broker
from tests.fleet import SERVICES, Fleet, fleet

pytestmark = pytest.mark.servers

# The documents as the services generate them; building an app opens no connection.
intake_schema = schemathesis.openapi.from_dict(intake_app(IntakeSettings()).openapi())
incubation_schema = schemathesis.openapi.from_dict(incubation_app(IncubationSettings()).openapi())
growth_schema = schemathesis.openapi.from_dict(growth_app(GrowthSettings()).openapi())
insight_schema = schemathesis.openapi.from_dict(insight_app(InsightSettings()).openapi())

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
OWNERS = {"intake": "snu", "incubation": "gwanak", "growth": "kosme", "insight": "council"}
# Bounded so the whole run fits the suite; the same seed each run, so a failure reproduces.
FUZZ = settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def services(mongo_address: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fleet]:
    broker = start_broker()
    run = tmp_path_factory.mktemp("fuzz")
    values: dict[str, dict[str, Any]] = {
        service: {
            "kafka_bootstrap_servers": f"127.0.0.1:{broker.port}",
            "kafka_session_timeout_ms": 2000,
            "kafka_heartbeat_interval_ms": 300,
            "kafka_fetch_max_wait_ms": 30,
            "mongo_url": mongo_address,
            "mongo_database": f"fuzz_{service}_{run.name}",
            "api_keys": API_KEYS,
            "log_level": "WARNING",
        }
        for service in SERVICES
    }
    try:
        with fleet(values, run) as started:
            yield started
    finally:
        broker.stop()


def call(case: Any, services: Fleet, service: str) -> None:
    for organization in (OWNERS[service], "operator"):
        case.call_and_validate(
            base_url=services.urls[service], headers=key_of(organization), checks=CHECKS
        )


@intake_schema.parametrize()
@FUZZ
def test_intake_answers_every_operation_as_documented(case: Any, services: Fleet) -> None:
    call(case, services, "intake")


@incubation_schema.parametrize()
@FUZZ
def test_incubation_answers_every_operation_as_documented(case: Any, services: Fleet) -> None:
    call(case, services, "incubation")


@growth_schema.parametrize()
@FUZZ
def test_growth_answers_every_operation_as_documented(case: Any, services: Fleet) -> None:
    call(case, services, "growth")


@insight_schema.parametrize()
@FUZZ
def test_insight_answers_every_operation_as_documented(case: Any, services: Fleet) -> None:
    call(case, services, "insight")
