"""SIGTERM: the service stops taking work, flushes its outbox and exits within its bound."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from conftest import as_environment
from relay_devstack import processes
from relay_devstack.servers import (
    free_port,
    mongo_url,
    start_broker,
    start_database,
    wait_for_port,
)
from tests.probe import unique

ROOT = Path(__file__).resolve().parents[1]


def start_probe_process(values: dict[str, Any], port: int) -> subprocess.Popen[bytes]:
    process = processes.spawn(
        [sys.executable, "-m", "tests.probe_server"],
        cwd=ROOT,
        env={**os.environ, **as_environment("", {**values, "http_port": port})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, process, timeout_s=60)
    return process


async def test_sigterm_flushes_the_outbox_and_exits_within_the_bound(
    settings_for: Callable[[str], dict[str, Any]], mongo: AsyncMongoClient[Any]
) -> None:
    values = {**settings_for("probe"), "shutdown_flush_timeout_s": 5}
    port = free_port()
    process = start_probe_process(values, port)
    prefix = unique("st-term")
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as probe:
            for number in range(30):
                assert (await probe.post(f"/submissions/{prefix}-{number}")).status_code == 200
        asked_at = time.monotonic()
        process.send_signal(signal.SIGTERM)
        exit_code = process.wait(timeout=30)
        took = time.monotonic() - asked_at
    finally:
        if process.poll() is None:
            process.kill()

    outbox = mongo[values["mongo_database"]]["outbox"]
    # uvicorn re-raises SIGTERM once its graceful shutdown is done.
    assert exit_code in {0, -signal.SIGTERM}
    assert took < 5 + 5, f"shutdown took {took:.1f}s"
    assert await outbox.count_documents({}) == 30
    assert await outbox.count_documents({"published": False}) == 0


async def test_sigterm_with_broker_and_database_gone_still_exits_within_the_bound(
    settings_for: Callable[[str], dict[str, Any]], tmp_path: Path
) -> None:
    # Servers of its own: this test kills them.
    broker = start_broker()
    database = start_database(tmp_path / "mongo")
    bound_s = 3.0
    values = {
        **settings_for("probe"),
        "kafka_bootstrap_servers": f"127.0.0.1:{broker.port}",
        "mongo_url": mongo_url(database.port),
        "shutdown_flush_timeout_s": bound_s,
    }
    port = free_port()
    process = start_probe_process(values, port)
    prefix = unique("st-gone")
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as probe:
            for number in range(5):
                assert (await probe.post(f"/submissions/{prefix}-{number}")).status_code == 200
        broker.kill()
        database.kill()
        asked_at = time.monotonic()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        took = time.monotonic() - asked_at
    finally:
        processes.end(process)
        broker.stop()
        database.stop()

    assert took < bound_s + 2.5, f"shutdown with its servers gone took {took:.1f}s"
