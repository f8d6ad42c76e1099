"""docker-compose.yml cannot start here, so a test keeps it and its monitoring honest.

The monitoring half: Prometheus scrapes every service, the dashboard and the alert rules ask
only for series the services expose, and each alert has its runbook section.
"""

import importlib
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client import CollectorRegistry
from pydantic_settings import BaseSettings

from relay_contracts.registry import ALL_EVENTS
from relay_eventing.metrics import RuntimeMetrics

ROOT = Path(__file__).resolve().parents[1]
PORTS = {"intake": 8001, "incubation": 8002, "growth": 8003, "insight": 8004}
# What a deployment must set: the addresses, the database, where to listen, and who may call.
REQUIRED = {
    "kafka_bootstrap_servers",
    "mongo_url",
    "mongo_database",
    "http_host",
    "http_port",
    "api_keys",
}
# The series the services expose: FastStream's, the HTTP instrumentator's and the runtime's.
COUNTERS_AND_GAUGES = {
    "faststream_received_messages_total",
    "faststream_published_messages_total",
    "faststream_received_processed_messages_exceptions_total",
    "http_requests_total",
    "relay_outbox_pending_records",
    "relay_outbox_oldest_pending_age_seconds",
    "relay_inbox_duplicates_absorbed_total",
    "relay_dead_letters_total",
    "relay_transaction_retries_total",
    "relay_broker_losses_detected_total",
    "relay_consumer_lag_records",
    "relay_events_published_total",
    "relay_recovery_requests_total",
    "relay_recovery_records_resent_total",
}
HISTOGRAMS = {
    "faststream_received_processed_messages_duration_seconds",
    "http_request_duration_seconds",
    "relay_publish_latency_seconds",
}
# The blackbox exporter's probe of /health/ready: readiness is no metric of the service itself.
PROBES = {"probe_success"}
EXPOSED = (
    COUNTERS_AND_GAUGES
    | PROBES
    | {f"{name}_{suffix}" for name in HISTOGRAMS for suffix in ("bucket", "sum", "count")}
)
ALERTS = {
    "RelayOutboxBacklogGrowing",
    "RelayOutboxOldestPendingTooOld",
    "RelayConsumerLagHigh",
    "RelayDeadLettersIncreasing",
    "RelayBrokerLossDetected",
    "RelayServiceNotReady",
}
_PROMQL_WORDS = {"by", "without", "on", "ignoring", "and", "or", "unless", "bool", "offset"}


def settings_of(service: str) -> type[BaseSettings]:
    if importlib.util.find_spec(service) is None:
        pytest.skip(f"{service} is not a workspace package yet")
    settings: type[BaseSettings] = importlib.import_module(f"{service}.settings").Settings
    return settings


def load_yaml(relative: str) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / relative).read_text())
    return document


def metric_names(expr: str) -> set[str]:
    """The series a PromQL expression selects: names that are no function, keyword or label."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    text = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", text)
    text = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    names = set()
    for match in re.finditer(r"(?<![\w.$])[A-Za-z_:][\w:]*", text):
        is_function = text[match.end() :].lstrip().startswith("(")
        if not is_function and match.group() not in _PROMQL_WORDS:
            names.add(match.group())
    return names


def mounts(spec: dict[str, Any]) -> dict[str, str]:
    """Container path -> host path of a compose service's bind mounts."""
    pairs = (volume.split(":")[:2] for volume in spec.get("volumes", []))
    return {target: source for source, target in pairs if source.startswith("./")}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_yaml("docker-compose.yml")


def test_compose_names_the_broker_the_database_and_every_service(compose: dict[str, Any]) -> None:
    assert {"kafka", "mongo", *PORTS} <= set(compose["services"])
    assert compose["services"]["kafka"]["image"].startswith("apache/kafka:")
    assert "--replSet" in compose["services"]["mongo"]["command"]


@pytest.mark.parametrize("service", PORTS)
def test_each_service_is_built_probed_ready_and_traced_on_its_own_port(
    compose: dict[str, Any], service: str
) -> None:
    spec = compose["services"][service]
    environment: dict[str, str] = spec["environment"]
    assert environment["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://otel-collector:4318"
    assert environment["OTEL_SERVICE_NAME"] == service
    port = str(PORTS[service])
    assert spec["ports"] == [f"{port}:{port}"]
    assert f"http://127.0.0.1:{port}/health/ready" in " ".join(spec["healthcheck"]["test"])
    assert spec["build"] == {"context": ".", "args": {"SERVICE": service}}


@pytest.mark.parametrize("service", PORTS)
def test_each_service_is_configured_with_every_setting_it_needs(
    compose: dict[str, Any], service: str
) -> None:
    settings = settings_of(service)
    environment: dict[str, str] = compose["services"][service]["environment"]
    port = str(PORTS[service])
    prefix = str(settings.model_config.get("env_prefix", ""))
    own = {name for name in environment if not name.startswith("OTEL_")}
    known = {prefix + field.upper() for field in settings.model_fields}
    assert own <= known, f"unknown variables: {own - known}"
    assert {prefix + field.upper() for field in REQUIRED} <= own
    assert environment[prefix + "HTTP_PORT"] == port


def test_one_dockerfile_builds_every_service_without_dev_tools_and_runs_it_unprivileged() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert not list(ROOT.glob("services/*/Dockerfile"))
    assert "ARG SERVICE" in dockerfile
    assert "--no-dev" in dockerfile
    assert dockerfile.count("FROM ") == 2
    final_stage = dockerfile.rsplit("FROM ", 1)[1]
    assert "USER relay" in final_stage
    assert "python -m relay_eventing" in final_stage


@pytest.mark.parametrize("service", PORTS)
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


def test_prometheus_scrapes_and_probes_every_service_with_its_rules_mounted(
    compose: dict[str, Any],
) -> None:
    config = load_yaml("deploy/prometheus/prometheus.yml")
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    scraped = {t for group in jobs["relay"]["static_configs"] for t in group["targets"]}
    assert jobs["relay"]["metrics_path"] == "/metrics"
    assert scraped == {f"{service}:{port}" for service, port in PORTS.items()}
    probed = {t for group in jobs["relay-ready"]["static_configs"] for t in group["targets"]}
    assert probed == {f"http://{service}:{port}/health/ready" for service, port in PORTS.items()}
    for group in jobs["relay"]["static_configs"] + jobs["relay-ready"]["static_configs"]:
        assert group["labels"]["service"] in group["targets"][0]

    blackbox = load_yaml("deploy/prometheus/blackbox.yml")
    assert set(jobs["relay-ready"]["params"]["module"]) <= set(blackbox["modules"])
    exporter = jobs["relay-ready"]["relabel_configs"][-1]["replacement"]
    assert exporter.split(":")[0] in compose["services"]

    prometheus = mounts(compose["services"]["prometheus"])
    assert compose["services"]["prometheus"]["image"].startswith("prom/prometheus:")
    assert prometheus["/etc/prometheus/prometheus.yml"] == "./deploy/prometheus/prometheus.yml"
    assert [prometheus[path] for path in config["rule_files"]] == ["./deploy/prometheus/alerts.yml"]


def test_the_collector_receives_otlp_over_http_where_the_services_send_it(
    compose: dict[str, Any],
) -> None:
    spec = compose["services"]["otel-collector"]
    assert spec["image"].startswith("otel/opentelemetry-collector-contrib:")
    config_path = spec["command"][0].removeprefix("--config=")
    assert mounts(spec)[config_path] == "./deploy/otel/collector.yml"

    collector = load_yaml("deploy/otel/collector.yml")
    assert collector["receivers"]["otlp"]["protocols"]["http"]["endpoint"].endswith(":4318")
    traces = collector["service"]["pipelines"]["traces"]
    assert traces["receivers"] == ["otlp"]
    assert set(traces["exporters"]) <= set(collector["exporters"])


def test_grafana_is_provisioned_with_prometheus_and_the_dashboard(compose: dict[str, Any]) -> None:
    spec = compose["services"]["grafana"]
    assert spec["image"].startswith("grafana/grafana:")
    grafana = mounts(spec)
    assert grafana["/etc/grafana/provisioning"] == "./deploy/grafana/provisioning"
    (datasource,) = load_yaml("deploy/grafana/provisioning/datasources/prometheus.yml")[
        "datasources"
    ]
    assert datasource["url"] == "http://prometheus:9090"
    assert "9090:9090" in compose["services"]["prometheus"]["ports"]
    (provider,) = load_yaml("deploy/grafana/provisioning/dashboards/relay.yml")["providers"]
    assert grafana[provider["options"]["path"]] == "./deploy/grafana/dashboards"


def test_the_promql_reader_finds_series_and_skips_functions_labels_and_keywords() -> None:
    expr = (
        'sum by (service, le) (rate(a_bucket{x="y", z=~"$v"}[$__rate_interval])) > 0.95'
        " and on (service) b_total offset 10m unless max(c) * 1e3"
    )
    assert metric_names(expr) == {"a_bucket", "b_total", "c"}


def test_the_runtime_exposes_every_relay_series_the_dashboard_and_alerts_may_use() -> None:
    names: set[str] = set()
    registry = CollectorRegistry()
    RuntimeMetrics(registry)
    for family in registry.collect():
        suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count")}
        names |= {family.name + suffix for suffix in suffixes.get(family.type, ("",))}
    assert names == {name for name in EXPOSED if name.startswith("relay_")}


def dashboard_targets() -> list[dict[str, Any]]:
    dashboard = json.loads((ROOT / "deploy/grafana/dashboards/relay.json").read_text())
    panels = [p for top in dashboard["panels"] for p in [top, *top.get("panels", [])]]
    return [target for panel in panels for target in panel.get("targets", [])]


def test_the_dashboard_queries_only_exposed_series_and_shows_what_operators_watch() -> None:
    dashboard = json.loads((ROOT / "deploy/grafana/dashboards/relay.json").read_text())
    datasource = load_yaml("deploy/grafana/provisioning/datasources/prometheus.yml")
    targets = dashboard_targets()
    used: set[str] = set()
    for target in targets:
        names = metric_names(target["expr"])
        assert names, target["expr"]
        assert names <= EXPOSED, f"{target['expr']} asks for {names - EXPOSED}"
        assert target["datasource"]["uid"] == datasource["datasources"][0]["uid"]
        used |= names
    assert {
        "relay_consumer_lag_records",
        "relay_outbox_pending_records",
        "relay_outbox_oldest_pending_age_seconds",
        "relay_dead_letters_total",
        "http_request_duration_seconds_bucket",
        "relay_publish_latency_seconds_bucket",
        "relay_events_published_total",
    } <= used
    (variable,) = dashboard["templating"]["list"]
    assert variable["query"].split(",") == list(PORTS)


def test_the_funnel_counts_event_types_that_exist() -> None:
    stages = {
        stage
        for target in dashboard_targets()
        for stage in re.findall(r'event_type="(\w+)"', target["expr"])
    }
    assert {"StartupSubmitted", "StartupGraduated", "GrowthHandoffAccepted"} <= stages
    assert stages <= {event.__name__ for event in ALL_EVENTS}


def test_each_alert_asks_for_exposed_series_and_has_its_runbook_section() -> None:
    rules = [r for g in load_yaml("deploy/prometheus/alerts.yml")["groups"] for r in g["rules"]]
    runbook = (ROOT / "docs/operations.md").read_text()
    anchors = {
        re.sub(r"[^\w-]", "", heading.strip().lower().replace(" ", "-"))
        for heading in re.findall(r"^#+ (.+)$", runbook, flags=re.MULTILINE)
    }
    assert {rule["alert"] for rule in rules} == ALERTS
    for rule in rules:
        names = metric_names(rule["expr"])
        assert names, rule["expr"]
        assert names <= EXPOSED, f"{rule['alert']} asks for {names - EXPOSED}"
        assert rule["labels"]["severity"] in {"warning", "critical"}
        page, anchor = rule["annotations"]["runbook_url"].split("#")
        assert page == "docs/operations.md"
        assert anchor == rule["alert"].lower()
        assert anchor in anchors
