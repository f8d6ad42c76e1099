"""Scale-out: the hop service as one process, then as two in one consumer group."""

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bench.footprint import CpuClock
from bench.hop import preload
from bench.processes import Fleet, service_values
from relay_devstack.servers import Server

WARM_UP_FIRST = 10**9
POLL_S = 0.05


@dataclass(frozen=True)
class ProcessHop:
    events_per_s: float
    shares: list[float]
    sent: int
    states: int
    outbox: int
    inbox: int
    duplicates_absorbed: int
    # Cores used on average while the events were handled: the database's, and each hop's.
    cpu: dict[str, float]

    @property
    def exactly_once(self) -> bool:
        return self.sent == self.states == self.outbox == self.inbox


async def scraped(http: httpx.AsyncClient, servers: list[Server], metric: str) -> list[int]:
    """One counter of each instance, summed over its labels, from its `/metrics`."""
    totals = []
    for server in servers:
        text = (await http.get(f"http://127.0.0.1:{server.port}/metrics")).text
        totals.append(
            int(
                sum(
                    sample.value
                    for family in text_string_to_metric_families(text)
                    for sample in family.samples
                    if sample.name == metric
                )
            )
        )
    return totals


async def published(http: httpx.AsyncClient, servers: list[Server]) -> list[int]:
    return await scraped(http, servers, "relay_events_published_total")


async def until_published(
    http: httpx.AsyncClient, servers: list[Server], total: int, timeout_s: float = 600.0
) -> list[int]:
    deadline = time.monotonic() + timeout_s
    while True:
        counts = await published(http, servers)
        if sum(counts) >= total:
            return counts
        if time.monotonic() > deadline:
            raise TimeoutError(f"{sum(counts)} of {total} events published")
        await asyncio.sleep(POLL_S)


async def warm_up(bootstrap: str, http: httpx.AsyncClient, servers: list[Server]) -> int:
    """Send events until every instance has handled some: the group has settled."""
    sent = 0
    while True:
        batch = 6 * len(servers)
        await preload(bootstrap, batch, first=WARM_UP_FIRST + sent)
        sent += batch
        counts = await until_published(http, servers, sent)
        if all(counts):
            return sent
        if sent > 100 * len(servers):
            raise RuntimeError(f"the group never spread over {len(servers)} instances: {counts}")


async def process_hop(
    bootstrap: str,
    mongo: Any,
    database: Server,
    mongo_url: str,
    instances: int,
    events: int,
    fetch_wait_ms: int,
) -> ProcessHop:
    """Events/s of `instances` hop processes sharing one group and one database."""
    values = service_values(bootstrap, mongo_url, fetch_wait_ms)
    with Fleet() as fleet:
        servers = [
            fleet.start(f"hop{number}", "bench.hop_service", "", values)
            for number in range(instances)
        ]
        async with httpx.AsyncClient(timeout=30) as http:
            sent = await warm_up(bootstrap, http, servers)
            clock = CpuClock({"database": database, **{s.name: s for s in servers}})
            before = await published(http, servers)
            started = time.monotonic()
            clock.start()
            await preload(bootstrap, events)
            after = await until_published(http, servers, sent + events)
            elapsed = time.monotonic() - started
            cpu = clock.share()
            duplicates = sum(await scraped(http, servers, "relay_inbox_duplicates_absorbed_total"))
    db = mongo[values["mongo_database"]]
    handled = [a - b for a, b in zip(after, before, strict=True)]
    return ProcessHop(
        events_per_s=events / elapsed,
        shares=[count / max(1, sum(handled)) for count in handled],
        sent=sent + events,
        states=await db["startups"].count_documents({}),
        outbox=await db["outbox"].count_documents({}),
        inbox=await db["inbox"].count_documents({}),
        duplicates_absorbed=duplicates,
        cpu=cpu,
    )


def describe(name: str, hop: ProcessHop) -> dict[str, Any]:
    return {
        f"{name}_events_per_s": round(hop.events_per_s, 1),
        f"{name}_shares": [round(share, 3) for share in hop.shares],
        f"{name}_sent": hop.sent,
        f"{name}_states": hop.states,
        f"{name}_outbox": hop.outbox,
        f"{name}_inbox": hop.inbox,
        f"{name}_duplicates_absorbed": hop.duplicates_absorbed,
        f"{name}_exactly_once": hop.exactly_once,
        f"{name}_cpu_cores": hop.cpu,
    }
