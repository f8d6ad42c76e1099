"""The real stack as separate processes that the fault schedule can kill and restart."""

import os
import subprocess
import sys
from pathlib import Path

from relay_devstack import processes
from relay_devstack.organizations import as_setting, mint_development_keys
from relay_devstack.servers import Server, free_port, mongo_url, start_broker, start_database

SERVICES = ("intake", "incubation", "growth")
# Minted for this run; the services are given only the digests.
KEYS, KEY_RECORDS = mint_development_keys("chaos")

# Retry budget of a consumer: ~40 tries with pauses doubling to 2 s outlast a database restart,
# so an outage parks nothing in a dead-letter topic. A fetch waits up to 250 ms (tansu answers
# after about half of it): at 20 ms the broker spent 37% of a core answering empty fetches of
# some twenty consumers, a cost a run of throughput does not need to pay for lower latency.
TUNING = {
    "KAFKA_SESSION_TIMEOUT_MS": "2000",
    "KAFKA_HEARTBEAT_INTERVAL_MS": "300",
    "KAFKA_FETCH_MAX_WAIT_MS": "250",
    "RELAY_POLL_INTERVAL_S": "0.5",
    "BROKER_CHECK_INTERVAL_S": "1.0",
    "CONSUMER_MAX_ATTEMPTS": "40",
    "CONSUMER_MAX_RETRY_PAUSE_S": "2.0",
    "TRANSACTION_MAX_ATTEMPTS": "16",
}


class ChaosStack:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.logs = data_dir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.broker_port = free_port()
        self.database_port = free_port()
        self.ports = {service: free_port() for service in SERVICES}
        self.broker: Server | None = None
        self.database: Server | None = None
        self.services: dict[str, subprocess.Popen[bytes]] = {}
        self.killed: set[str] = set()  # down on purpose, until the fault schedule restarts it

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.broker_port}"

    @property
    def mongo_url(self) -> str:
        return mongo_url(self.database_port)

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def start(self) -> None:
        self.start_broker()
        self.start_database()
        for service in SERVICES:
            self.start_service(service)

    def start_broker(self) -> None:
        self.broker = start_broker(self.broker_port, self.logs / "broker.log")

    def start_database(self) -> None:
        self.database = start_database(
            self.data_dir / "mongo", self.database_port, self.logs / "mongo.log"
        )

    def start_service(self, service: str) -> None:
        self.killed.discard(service)
        prefix = service.upper() + "_"
        settings = {
            **TUNING,
            "KAFKA_BOOTSTRAP_SERVERS": self.bootstrap,
            "MONGO_URL": self.mongo_url,
            "MONGO_DATABASE": service,
            "HTTP_PORT": str(self.ports[service]),
            "API_KEYS": as_setting(KEY_RECORDS),
            "LOG_LEVEL": "WARNING",
        }
        self.services[service] = processes.spawn(
            [sys.executable, "-m", "relay_eventing", service],
            env={**os.environ, **{prefix + k: v for k, v in settings.items()}},
            stdout=(self.logs / f"{service}.log").open("ab"),
            stderr=subprocess.STDOUT,
        )

    def kill_service(self, service: str) -> None:
        self.killed.add(service)
        process = self.services[service]
        processes.kill(process)

    def restart_exited(self) -> list[str]:
        """Start again the services that exited by themselves, as compose's restart policy does."""
        exited = [
            service
            for service, process in self.services.items()
            if service not in self.killed and process.poll() is not None
        ]
        for service in exited:
            self.start_service(service)
        return exited

    def kill_broker(self) -> None:
        if self.broker is not None:
            self.broker.kill()

    def kill_database(self) -> None:
        if self.database is not None:
            self.database.kill()

    def stop(self) -> None:
        for process in self.services.values():
            processes.end(process, timeout_s=15)
        for server in (self.broker, self.database):
            if server is not None:
                server.stop()
