"""docker-compose.yml cannot start here, so a test keeps it honest against the code."""

from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic_settings import BaseSettings

from growth.settings import Settings as GrowthSettings
from incubation.settings import Settings as IncubationSettings
from intake.settings import Settings as IntakeSettings

ROOT = Path(__file__).resolve().parents[1]
SERVICES: dict[str, type[BaseSettings]] = {
    "intake": IntakeSettings,
    "incubation": IncubationSettings,
    "growth": GrowthSettings,
}
# What a deployment must set: the addresses, the database, where to listen, and who may call.
REQUIRED = {
    "kafka_bootstrap_servers",
    "mongo_url",
    "mongo_database",
    "http_host",
    "http_port",
    "api_keys",
}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return document


def test_compose_names_the_broker_the_database_and_every_service(compose: dict[str, Any]) -> None:
    assert {"kafka", "mongo", *SERVICES} <= set(compose["services"])
    assert compose["services"]["kafka"]["image"].startswith("apache/kafka:")
    assert "--replSet" in compose["services"]["mongo"]["command"]


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_is_configured_with_every_setting_it_needs(
    compose: dict[str, Any], service: str
) -> None:
    settings = SERVICES[service]
    prefix = str(settings.model_config.get("env_prefix", ""))
    spec = compose["services"][service]
    environment: dict[str, str] = spec["environment"]

    known = {prefix + field.upper() for field in settings.model_fields}
    assert set(environment) <= known, f"unknown variables: {set(environment) - known}"
    assert {prefix + field.upper() for field in REQUIRED} <= set(environment)

    port = str(environment[prefix + "HTTP_PORT"])
    assert spec["ports"] == [f"{port}:{port}"]
    assert port in " ".join(spec["healthcheck"]["test"])
    assert spec["build"] == {"context": ".", "args": {"SERVICE": service}}


def test_one_dockerfile_builds_every_service_without_dev_tools_and_runs_it_unprivileged() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert not list(ROOT.glob("services/*/Dockerfile"))
    assert "ARG SERVICE" in dockerfile
    assert "--no-dev" in dockerfile
    assert dockerfile.count("FROM ") == 2
    final_stage = dockerfile.rsplit("FROM ", 1)[1]
    assert "USER relay" in final_stage
    assert "python -m relay_eventing" in final_stage


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_waits_for_a_healthy_broker_and_database(
    compose: dict[str, Any], service: str
) -> None:
    depends = compose["services"][service]["depends_on"]
    assert depends == {
        "kafka": {"condition": "service_healthy"},
        "mongo": {"condition": "service_healthy"},
    }
    assert "healthcheck" in compose["services"]["kafka"]
    assert "healthcheck" in compose["services"]["mongo"]
