"""JSON log lines of services run as processes: one flow's correlation id across two services."""

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx

from conftest import as_environment, eventually, key_of
from relay_devstack import processes
from relay_devstack.servers import free_port, wait_for_port
from tests.walk import SCORES, SUBMISSION


@contextmanager
def service_process(service: str, values: dict[str, Any], log: Path) -> Iterator[httpx.AsyncClient]:
    port = free_port()
    environment = as_environment(
        f"{service.upper()}_", {**values, "http_port": port, "log_format": "json"}
    )
    process = processes.spawn(
        [sys.executable, "-m", "relay_eventing", service],
        env={**environment, "PATH": "/usr/bin:/bin"},
        stdout=log.open("ab"),
        stderr=processes.STDOUT,
    )
    try:
        wait_for_port(port, process, timeout_s=60)
        yield httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30)
    finally:
        processes.end(process)


def lines_of(log: Path) -> list[dict[str, Any]]:
    """Every log line of a service; each must be one JSON object."""
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


async def test_one_flows_correlation_id_is_in_intakes_and_incubations_json_lines(
    settings_for: Callable[[str], dict[str, Any]], tmp_path: Path
) -> None:
    snu = key_of("snu")
    flow = str(uuid4())
    intake_log, incubation_log = tmp_path / "intake.log", tmp_path / "incubation.log"
    with (
        service_process("intake", settings_for("intake"), intake_log) as intake,
        service_process("incubation", settings_for("incubation"), incubation_log),
    ):
        async with intake:
            submitted = await intake.post("/startups", json=SUBMISSION, headers=snu)
            assert submitted.status_code == 201, submitted.text
            startup = submitted.json()["startup_id"]
            steps = [
                (f"/startups/{startup}/screenings", {"scores": SCORES}),
                (f"/startups/{startup}/decision", {"decision": "admit"}),
            ]
            for path, body in steps:
                assert (await intake.post(path, json=body, headers=snu)).status_code < 300
            graduated = await intake.post(
                f"/startups/{startup}/graduation", headers={**snu, "X-Correlation-Id": flow}
            )
            assert graduated.status_code < 300, graduated.text
            assert graduated.headers["X-Correlation-Id"] == flow

        def applied_at_incubation() -> dict[str, Any] | None:
            return next(
                (
                    line
                    for line in lines_of(incubation_log)
                    if line.get("correlation_id") == flow
                    and line.get("event_type") == "StartupGraduated"
                ),
                None,
            )

        async def seen() -> dict[str, Any] | None:
            return applied_at_incubation()

        consumed = await eventually(seen, timeout_s=30, what="incubation's line of the flow")

    at_intake = [line for line in lines_of(intake_log) if line.get("correlation_id") == flow]
    assert at_intake, "intake logged nothing with the flow's correlation id"
    for line in (*at_intake, consumed):
        assert {"timestamp", "level", "service", "event"} <= set(line)
    assert {line["service"] for line in at_intake} == {"intake"}
    assert consumed["service"] == "incubation"
    assert consumed["startup_id"] == startup
    assert consumed["event_id"]
    # The key that authenticated every request above appears in no log line of either service.
    for log in (intake_log, incubation_log):
        assert snu["X-API-Key"] not in log.read_text()
