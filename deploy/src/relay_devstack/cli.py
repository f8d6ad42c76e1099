"""`make run`: embedded servers with data under .data/, the topics, the three services; Ctrl-C."""

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from relay_devstack.servers import (
    Server,
    free_port,
    mongo_url,
    start_broker,
    start_database,
    wait_for_port,
)
from relay_eventing.topics import all_topics, ensure_topics

SERVICES = {"intake": 8001, "incubation": 8002, "growth": 8003}
DEV_KEYS = Path(__file__).with_name("dev_api_keys.json")


def service_environment(
    service: str, broker: Server, database: Server, port: int
) -> dict[str, str]:
    prefix = service.upper() + "_"
    values = {
        "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{broker.port}",
        "KAFKA_SESSION_TIMEOUT_MS": "2000",
        "KAFKA_HEARTBEAT_INTERVAL_MS": "300",
        "KAFKA_FETCH_MAX_WAIT_MS": "30",
        "MONGO_URL": mongo_url(database.port),
        "MONGO_DATABASE": service,
        "HTTP_HOST": "127.0.0.1",
        "HTTP_PORT": str(port),
        "API_KEYS": DEV_KEYS.read_text(),
    }
    return {**os.environ, **{prefix + name: value for name, value in values.items()}}


def start_service(service: str, broker: Server, database: Server, port: int, logs: Path) -> Server:
    process = subprocess.Popen(
        [sys.executable, "-m", service],
        env=service_environment(service, broker, database, port),
        stdout=(logs / f"{service}.log").open("ab"),
        stderr=subprocess.STDOUT,
    )
    wait_for_port(port, process, timeout_s=60)
    return Server(service, port, process)


def run(data_dir: Path) -> None:
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    started: list[Server] = []
    try:
        broker = start_broker(
            int(os.environ.get("BROKER_PORT", 0)) or free_port(), logs / "broker.log"
        )
        started.append(broker)
        database = start_database(
            data_dir / "mongo", int(os.environ.get("MONGO_PORT", 0)) or None, logs / "mongo.log"
        )
        started.append(database)
        created = asyncio.run(
            ensure_topics(
                f"127.0.0.1:{broker.port}", all_topics(), partitions=3, replication_factor=1
            )
        )
        print(f"broker    127.0.0.1:{broker.port}  ({len(created)} topics created)")
        print(f"database  {mongo_url(database.port)}  (data in {data_dir / 'mongo'})")
        for service, port in SERVICES.items():
            started.append(start_service(service, broker, database, port, logs))
            print(
                f"{service:<10} http://127.0.0.1:{port}/docs   events: http://127.0.0.1:{port}/asyncapi.json"
            )
        keys = json.loads(DEV_KEYS.read_text())
        print("\nDevelopment API keys (header X-API-Key):")
        for key, actor in keys.items():
            print(f"  {actor['organization_id']:<16} {actor['organization_kind']:<11} {key}")
        print(f"\nLogs in {logs}. Ctrl-C stops everything.")
        while all(server.process.poll() is None for server in started):
            time.sleep(0.5)
        dead = [server.name for server in started if server.process.poll() is not None]
        print(f"stopped: {', '.join(dead)} exited; see {logs}", file=sys.stderr)
    except KeyboardInterrupt:
        print("\nstopping…")
    finally:
        for server in reversed(started):
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(prog="relay_devstack")
    parser.add_argument("command", choices=["run"])
    parser.add_argument("--data-dir", type=Path, default=Path(".data"))
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _interrupt)
    run(args.data_dir)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    main()
