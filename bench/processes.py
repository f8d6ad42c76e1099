"""Services as their own processes on loopback: environment, start, readiness and stop."""

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any
from uuid import uuid4

from relay_devstack import processes
from relay_devstack.organizations import as_setting, mint_development_keys
from relay_devstack.servers import Server, free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[1]
LOGS = Path(tempfile.mkdtemp(prefix="bench-logs-"))


# Minted for this benchmark run; the services are given only the digests.
KEYS, KEY_RECORDS = mint_development_keys("bench")


def key_of(organization_id: str) -> dict[str, str]:
    """Headers that authenticate as an organization with this run's key."""
    return {"X-API-Key": KEYS[organization_id]}


def service_values(bootstrap: str, mongo_url: str, fetch_wait_ms: int) -> dict[str, Any]:
    """Settings of a benchmarked service: a database of its own, short broker timings."""
    return {
        "kafka_bootstrap_servers": bootstrap,
        "kafka_session_timeout_ms": 2000,
        "kafka_heartbeat_interval_ms": 300,
        "kafka_fetch_max_wait_ms": fetch_wait_ms,
        "mongo_url": mongo_url,
        "mongo_database": f"bench_{uuid4().hex[:8]}",
        "relay_poll_interval_s": 0.2,
        # uvicorn's access log costs every request a write; the bare baseline logs nothing either.
        "log_level": "WARNING",
        "api_keys": KEY_RECORDS,
    }


def as_environment(prefix: str, values: dict[str, Any]) -> dict[str, str]:
    """Settings as the environment variables pydantic-settings reads (api_keys as JSON)."""
    encoded: dict[str, str] = {}
    for name, value in values.items():
        if name == "api_keys":
            text = as_setting(value)
        elif isinstance(value, dict):
            text = json.dumps(value)
        elif isinstance(value, bool):
            text = str(value).lower()
        else:
            text = str(value)
        encoded[f"{prefix}{name.upper()}"] = text
    return encoded


def start_process(name: str, module: str, prefix: str, values: dict[str, Any]) -> Server:
    """`python -m module` with the settings in its environment, once its HTTP port listens."""
    port = free_port()
    log = (LOGS / f"{name}-{port}.log").open("ab")
    process = processes.spawn(
        [sys.executable, "-m", *module.split()],
        cwd=ROOT,
        env={**os.environ, **as_environment(prefix, {**values, "http_port": port})},
        stdout=log,
        stderr=log,
    )
    try:
        wait_for_port(port, process, timeout_s=90)
    except BaseException:
        Server(name, port, process).stop()
        raise
    return Server(name, port, process)


class Fleet:
    """The processes one measurement started; all stopped on the way out, whatever happened."""

    def __init__(self) -> None:
        self.servers: list[Server] = []

    def start(self, name: str, module: str, prefix: str, values: dict[str, Any]) -> Server:
        server = start_process(name, module, prefix, values)
        self.servers.append(server)
        return server

    def __enter__(self) -> "Fleet":
        return self

    def __exit__(self, *_: object) -> None:
        for server in reversed(self.servers):
            server.stop()


def logs_hint() -> str:
    return f"service logs under {LOGS}"
