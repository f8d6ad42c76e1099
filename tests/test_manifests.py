"""deploy/k8s is validated offline against Kubernetes' own schemas and against the services' code.

No cluster runs here; `kubernetes-validate` ships the API schemas, so a misspelled field fails
here rather than at `kubectl apply`.
"""

import json
import re
from pathlib import Path
from typing import Any

import kubernetes_validate  # type: ignore[import-untyped]
import pytest
import yaml

from relay_eventing import ServiceSettings
from tests.test_compose import PORTS, REQUIRED, settings_of

ROOT = Path(__file__).resolve().parents[1]
K8S = ROOT / "deploy" / "k8s"
# The oldest release the manifests use a field of (preStop `sleep`), and the newest known.
VERSIONS = ["1.30.0", kubernetes_validate.latest_version()]
RUNTIME_UID = int(re.findall(r"--uid (\d+)", (ROOT / "Dockerfile").read_text())[0])


def documents() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name != "kustomization.yaml":
            found += [(path.name, doc) for doc in yaml.safe_load_all(path.read_text()) if doc]
    return found


def named(kind: str, name: str) -> dict[str, Any]:
    (match,) = [d for _, d in documents() if d["kind"] == kind and d["metadata"]["name"] == name]
    return match


def container_of(service: str) -> dict[str, Any]:
    pod = named("Deployment", service)["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    return dict(container)


def environment_names(container: dict[str, Any]) -> set[str]:
    """Every variable the container sees: its own, and each referenced ConfigMap's keys."""
    names = {variable["name"] for variable in container.get("env", [])}
    for source in container.get("envFrom", []):
        config = named("ConfigMap", source["configMapRef"]["name"])
        names |= {source.get("prefix", "") + key for key in config["data"]}
    return names


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("file", "document"),
    documents(),
    ids=[f"{file}:{doc['kind']}/{doc['metadata']['name']}" for file, doc in documents()],
)
def test_every_manifest_is_valid_kubernetes(
    file: str, document: dict[str, Any], version: str
) -> None:
    kubernetes_validate.validate(document, version, strict=True)


def test_the_validator_refuses_a_misspelled_field() -> None:
    broken = json.loads(json.dumps(named("Deployment", "intake")))
    broken["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["paht"] = "/"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, VERSIONS[-1], strict=True)


def test_kustomize_applies_every_manifest_but_the_secret_template() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    manifests = {path.name for path in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == manifests - {"api-keys-secret.template.yaml"}
    assert {d["metadata"].get("namespace") for _, d in documents() if d["kind"] != "Namespace"} == {
        named("Namespace", "startup-relay")["metadata"]["name"]
    }


@pytest.mark.parametrize("service", PORTS)
def test_each_service_listens_probes_and_is_served_on_its_own_port(service: str) -> None:
    container = container_of(service)
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    assert ports == {"http": PORTS[service]}
    assert container["image"].startswith(f"startup-relay/{service}:")
    http_port = next(v for v in container["env"] if v["name"] == f"{service.upper()}_HTTP_PORT")
    assert int(http_port["value"]) == PORTS[service]

    probes = {kind: container[kind]["httpGet"] for kind in ("readinessProbe", "livenessProbe")}
    assert probes["readinessProbe"]["path"] == "/health/ready"
    assert probes["livenessProbe"]["path"] == "/health/live"
    assert container["startupProbe"]["httpGet"]["path"] == "/health/live"
    for probe in [*probes.values(), container["startupProbe"]["httpGet"]]:
        assert ports[probe["port"]] == PORTS[service]

    (exposed,) = named("Service", service)["spec"]["ports"]
    assert exposed["port"] == PORTS[service]
    assert ports[exposed["targetPort"]] == PORTS[service]


@pytest.mark.parametrize("service", PORTS)
def test_each_service_runs_unprivileged_bounded_and_stops_within_its_grace(service: str) -> None:
    deployment = named("Deployment", service)
    pod = deployment["spec"]["template"]["spec"]
    container = container_of(service)
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == RUNTIME_UID
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]
    for bound in ("requests", "limits"):
        assert set(container["resources"][bound]) == {"cpu", "memory"}

    flush = ServiceSettings.model_fields["shutdown_flush_timeout_s"].default
    pre_stop = container["lifecycle"]["preStop"]["sleep"]["seconds"]
    assert pod["terminationGracePeriodSeconds"] >= max(10, pre_stop + flush)

    pods = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= pods.items()
    assert named("Service", service)["spec"]["selector"].items() <= pods.items()
    budget = named("PodDisruptionBudget", service)["spec"]
    assert budget["selector"]["matchLabels"].items() <= pods.items()
    assert budget["minAvailable"] < deployment["spec"]["replicas"]


@pytest.mark.parametrize("service", PORTS)
def test_each_service_gets_its_settings_from_the_config_maps_and_its_keys_from_the_secret(
    service: str,
) -> None:
    container = container_of(service)
    (api_keys,) = [v for v in container["env"] if v["name"] == f"{service.upper()}_API_KEYS"]
    reference = api_keys["valueFrom"]["secretKeyRef"]
    template = yaml.safe_load((K8S / "api-keys-secret.template.yaml").read_text())
    assert reference["name"] == template["metadata"]["name"]
    assert reference["key"] in template["stringData"]
    names = environment_names(container)
    assert {"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME"} <= names

    settings = settings_of(service)
    prefix = str(settings.model_config.get("env_prefix", ""))
    own = {name for name in names if not name.startswith("OTEL_")}
    known = {prefix + field.upper() for field in settings.model_fields}
    assert own <= known, f"unknown variables: {own - known}"
    assert {prefix + field.upper() for field in REQUIRED} <= own


def test_the_addresses_name_the_strimzi_and_mongodb_operator_services() -> None:
    platform = named("ConfigMap", "relay-platform")["data"]
    assert re.fullmatch(
        r"[a-z0-9-]+-kafka-bootstrap(\.[a-z0-9.-]+)?:9092", platform["KAFKA_BOOTSTRAP_SERVERS"]
    )
    assert re.match(r"mongodb\+srv://[a-z0-9-]+-svc\.", platform["MONGO_URL"])
    assert "replicaSet=" in platform["MONGO_URL"]
    readme = (K8S / "README.md").read_text()
    assert "Strimzi" in readme
    assert "MongoDB Community Operator" in readme


def test_the_secret_template_holds_no_keys_and_fails_closed_if_applied_as_is() -> None:
    template = yaml.safe_load((K8S / "api-keys-secret.template.yaml").read_text())
    assert set(template["stringData"]) == set(PORTS)
    for placeholder in template["stringData"].values():
        # Not JSON, so a service given the template refuses its settings instead of starting.
        with pytest.raises(json.JSONDecodeError):
            json.loads(placeholder)
