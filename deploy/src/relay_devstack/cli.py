"""`make run`: embedded servers with data under .data/, the topics, every service; Ctrl-C."""

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

from relay_devstack import processes
from relay_devstack.organizations import as_setting, mint_development_keys
from relay_devstack.servers import (
    Server,
    free_port,
    mongo_url,
    start_broker,
    start_database,
    wait_for_port,
)
from relay_eventing.credentials import ApiKey
from relay_eventing.topics import all_topics, ensure_topics

SERVICES = {"intake": 8001, "incubation": 8002, "growth": 8003, "insight": 8004}


def service_environment(
    service: str, broker: Server, database: Server, port: int, keys: list[ApiKey]
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
        "API_KEYS": as_setting(keys),
    }
    return {**os.environ, **{prefix + name: value for name, value in values.items()}}


def start_service(
    service: str, broker: Server, database: Server, port: int, logs: Path, keys: list[ApiKey]
) -> Server:
    process = processes.spawn(
        [sys.executable, "-m", "relay_eventing", service],
        env=service_environment(service, broker, database, port, keys),
        stdout=(logs / f"{service}.log").open("ab"),
        stderr=processes.STDOUT,
    )
    wait_for_port(port, process, timeout_s=60)
    return Server(service, port, process)


def run(data_dir: Path) -> None:
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    # Fresh keys each start, printed once below; the services hold only their digests.
    keys, records = mint_development_keys()
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
            started.append(start_service(service, broker, database, port, logs, records))
            print(f"{service:<10} http://127.0.0.1:{port}/docs")
        print("\nDevelopment API keys (header X-API-Key), valid until Ctrl-C and shown only now.")
        print("Paste these lines into the shell you follow the README's walkthrough in:")
        for organization_id, key in keys.items():
            print(f"export KEY_{organization_id.upper().replace('-', '_')}={key}")
        print(f"export RELAY_OPERATOR_KEY={keys['operator']}")
        print(f"export RELAY_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:{broker.port}")
        print(f"\nDashboard: http://127.0.0.1:{SERVICES['insight']}/ (sign in with a key above)")
        print(f"\nLogs in {logs}. Ctrl-C stops everything.", flush=True)
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
    processes.own_children_on_signals()
    run(args.data_dir)


if __name__ == "__main__":
    main()
