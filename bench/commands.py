"""Commands per step: one startup's lifecycle driven a step at a time over the real services.

Each service counts the MongoDB commands it sends (`relay_mongo_commands_total` on /metrics);
a step's figure is what every service's counter moved from before the call until all the hops
it caused were done. Background loops would blur that, so this fleet runs them rarely; the idle
rate and the memory at rest are read from a fleet on the services' own default intervals.
"""

import asyncio
import os
import time
from typing import Any

import httpx

from bench.counters import Reading, read
from bench.footprint import memory_now
from bench.minimums import HTTP, Minimum, of_hops
from bench.processes import Fleet, service_values
from bench.queues import CaseQueue
from bench.stack import FETCH_WAIT_MS, Figure, Stack
from bench.steps import Journey
from bench.table import Row, print_table
from relay_devstack.servers import Server

SERVICES = ("intake", "incubation", "growth", "insight")
IDLE_S = float(os.environ.get("BENCH_IDLE_SECONDS", "10"))
SETTLE_WARM_UP_S = 3.0
QUIET_S = 1.5  # no command but the scrapes' own for this long: the step and its hops are done
POLL_S = 0.3
STEP_TIMEOUT_S = 60.0
RARELY = 3600.0
# Every interval a service has for work nobody asked for, stretched past the measurement.
BACKGROUND = {
    "intake": {"directory_refresh_s": RARELY},
    "incubation": {"handoff_sweep_interval_s": RARELY},
    "growth": {"webhook_poll_interval_s": RARELY},
    "insight": {},
}
Readings = dict[str, Reading]


def start_fleet(fleet: Fleet, values: dict[str, dict[str, Any]]) -> dict[str, Server]:
    return {s: fleet.start(s, f"relay_eventing {s}", f"{s.upper()}_", values[s]) for s in SERVICES}


class Meter:
    """Reads every service's counters, net of what the reading itself costs (the scrape's
    outbox gauges are two queries, measured here rather than assumed)."""

    def __init__(self, http: httpx.AsyncClient, servers: dict[str, Server]) -> None:
        self._http = http
        self._urls = {s: f"http://127.0.0.1:{server.port}" for s, server in servers.items()}
        self.scrape_cost: Readings = {}

    async def read(self) -> Readings:
        found = await asyncio.gather(*(read(self._http, url) for url in self._urls.values()))
        return dict(zip(self._urls, found, strict=True))

    async def calibrate(self) -> None:
        """Once the fleet is idle, back-to-back readings differ by one scrape's own commands:
        read until three differences in a row are the same, command for command."""
        deadline = time.monotonic() + STEP_TIMEOUT_S
        costs: list[Readings] = []
        last = await self.read()
        while len(costs) < 3 or not all(_same(costs[-1], c) for c in costs[-3:-1]):
            if time.monotonic() > deadline:
                raise RuntimeError(f"the fleet never went idle between scrapes: {costs[-3:]}")
            await asyncio.sleep(POLL_S)
            now = await self.read()
            costs.append({s: now[s] - last[s] for s in now})
            last = now
        self.scrape_cost = costs[-1]

    def net(self, later: Readings, earlier: Readings, scrapes: int) -> Readings:
        moved = {s: later[s] - earlier[s] for s in later}
        for service, cost in self.scrape_cost.items():
            for _ in range(scrapes):
                moved[service] = moved[service] - cost
        return moved

    async def settled(self, since: Readings) -> tuple[Readings, int]:
        """The readings once nothing but scrapes moved for QUIET_S, and how many scrapes."""
        last, scrapes = since, 0
        moved: dict[str, Any] = {}
        quiet_from = time.monotonic()
        deadline = quiet_from + STEP_TIMEOUT_S
        while time.monotonic() - quiet_from < QUIET_S:
            if time.monotonic() > deadline:
                raise TimeoutError(f"counters still moving {STEP_TIMEOUT_S}s on: {moved}")
            await asyncio.sleep(POLL_S)
            now = await self.read()
            scrapes += 1
            moved = {s: r.commands for s, r in self.net(now, last, 1).items() if r.commands}
            if moved:
                quiet_from = time.monotonic()
            last = now
        return last, scrapes


def _same(one: Readings, other: Readings) -> bool:
    return all(one[s].commands == other[s].commands for s in one)


async def walk_steps(meter: Meter, journey: Journey) -> list[Row]:
    rows: list[Row] = []
    for step in journey.steps():
        before = await meter.read()
        await step.call()
        try:
            after, scrapes = await meter.settled(before)
        except TimeoutError as error:
            raise TimeoutError(f"step {step.name}: {error}") from None
        moved = meter.net(after, before, scrapes)
        for service in SERVICES:
            reading = moved[service]
            if not reading.commands:
                continue
            consumed = sum(reading.consumed.values())
            emitted = sum(reading.published.values())
            asked = service == step.service
            minimum = HTTP[step.name] if asked else Minimum(0, "")
            if consumed:
                hops = of_hops(consumed, emitted - (1 if asked else 0))
                reason = f"{minimum.reason}; {hops.reason}" if asked else hops.reason
                minimum = Minimum(minimum.commands + hops.commands, reason, minimum.reads)
            what = [step.route] if asked else []
            what += [f"<- {topic}" for topic in sorted(reading.consumed)]
            rows.append(Row(step.name, service, ", ".join(what), reading, minimum))
    return rows


async def idle_and_at_rest(stack: Stack, scrape_cost: Readings) -> dict[str, Any]:
    """Commands/s while nothing happens, and memory at rest, on the default intervals."""
    bootstrap = await stack.fresh_broker()
    values = service_values(bootstrap, stack.mongo_url, FETCH_WAIT_MS)
    del values["relay_poll_interval_s"]  # the services' own default
    with Fleet() as fleet:
        servers = start_fleet(fleet, dict.fromkeys(SERVICES, values))
        async with httpx.AsyncClient(timeout=30) as http:
            meter = Meter(http, servers)
            meter.scrape_cost = scrape_cost
            await asyncio.sleep(SETTLE_WARM_UP_S)  # first sweeps, group joins
            before = await meter.read()
            started = time.monotonic()
            await asyncio.sleep(IDLE_S)
            after = await meter.read()
            elapsed = time.monotonic() - started
            memory = memory_now(servers)
    # The closing reading's own gauge queries are a reader's cost, not the service's.
    moved = meter.net(after, before, scrapes=1)
    return {
        "idle_commands_per_s": {s: round(moved[s].total() / elapsed, 2) for s in SERVICES},
        "idle_by_command": {
            s: {f"{c} {coll}".strip(): n for (c, coll), n in moved[s].commands.items()}
            for s in SERVICES
        },
        "idle_window_s": round(elapsed, 1),
        "scrape_cost_commands": {s: scrape_cost[s].total() for s in SERVICES},
        "rss_at_rest_mib": memory,
    }


async def steps_on_a_quiet_fleet(stack: Stack) -> tuple[list[Row], Readings]:
    """The table's rows, and what one scrape of each service costs (for the idle figure)."""
    bootstrap = await stack.fresh_broker()
    base = service_values(bootstrap, stack.mongo_url, FETCH_WAIT_MS)
    # The broker watch notes every 30 s that it saw the broker: a write nobody's step asked for.
    quiet = {
        "relay_poll_interval_s": RARELY,
        "relay_sweep_interval_s": RARELY,
        "broker_check_interval_s": RARELY,
    }
    values = {s: {**base, **quiet, **BACKGROUND[s]} for s in SERVICES}
    with Fleet() as fleet:
        servers = start_fleet(fleet, values)
        clients = {
            s: httpx.AsyncClient(base_url=f"http://127.0.0.1:{servers[s].port}", timeout=60)
            for s in SERVICES
        }
        try:
            async with (
                httpx.AsyncClient(timeout=30) as http,
                CaseQueue(bootstrap, FETCH_WAIT_MS) as cases,
            ):
                journey = Journey(clients, cases)
                await journey.open_district()
                meter = Meter(http, servers)
                await asyncio.sleep(SETTLE_WARM_UP_S)
                await meter.calibrate()
                return await walk_steps(meter, journey), meter.scrape_cost
        finally:
            await asyncio.gather(*(client.aclose() for client in clients.values()))


async def commands_per_step(stack: Stack) -> list[Figure]:
    rows, scrape_cost = await steps_on_a_quiet_fleet(stack)
    idle = await idle_and_at_rest(stack, scrape_cost)
    return print_table(rows, idle)
