"""The four services as real processes on free ports, against the test's broker and database."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conftest import as_environment
from relay_devstack import processes
from relay_devstack.servers import Server, free_port, wait_for_port

SERVICES = ("intake", "incubation", "growth", "insight")


@dataclass(frozen=True)
class Fleet:
    urls: dict[str, str]


@contextmanager
def fleet(values_for: dict[str, dict[str, Any]], logs: Path) -> Iterator[Fleet]:
    """Start every service as `python -m relay_eventing <name>`; end them all on the way out."""
    started: list[Server] = []
    try:
        for service in SERVICES:
            port = free_port()
            environment = as_environment(
                f"{service.upper()}_", {**values_for[service], "http_port": port}
            )
            process = processes.spawn(
                [sys.executable, "-m", "relay_eventing", service],
                env={**environment, "PATH": "/usr/bin:/bin"},
                stdout=(logs / f"{service}.log").open("ab"),
                stderr=processes.STDOUT,
            )
            started.append(Server(service, port, process))
        for server in started:
            wait_for_port(server.port, server.process, timeout_s=90)
        yield Fleet({s.name: f"http://127.0.0.1:{s.port}" for s in started})
    finally:
        for server in started:
            server.stop()
