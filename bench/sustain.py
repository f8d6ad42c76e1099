"""End-to-end latency at a load the stack carries: find the sustainable rate, measure at half.

The rate of whole lifecycles offered (open loop) rises step by step. A step is sustained when
every lifecycle it started finished, none failed or was shed, the last one finished within
`DRAIN_S` past the step's typical latency (the backlog drained), and the latency of the
step's last third did not grow past its first third's (a queue that grows shows as latency
that climbs through the step). The latency figures are then measured at half the highest
sustained rate.
"""

import asyncio
import math
import os
import statistics
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

from bench.counters import read
from bench.footprint import CpuClock, PeakMemory, bound_by, memory_now
from bench.latency import (
    STEP_TIMEOUT_S,
    Lifecycle,
    Offered,
    Walk,
    legs,
    ms,
    offered_load,
    percentile,
    received_at,
)
from bench.processes import Fleet, service_values
from bench.queues import CaseQueue, ping_pong
from bench.stack import FETCH_WAIT_MS, READ_SIDE_FETCH_WAIT_MS, Figure, Stack
from relay_devstack.servers import Server

RATE_START = float(os.environ.get("BENCH_RATE_START", "2"))
RATE_FACTOR = float(os.environ.get("BENCH_RATE_FACTOR", "1.5"))
RATE_MAX = float(os.environ.get("BENCH_RATE_MAX", "60"))
TRIAL_S = float(os.environ.get("BENCH_TRIAL_SECONDS", "15"))
REFINE = os.environ.get("BENCH_RATE_REFINE", "1") == "1"
SECONDS = float(os.environ.get("BENCH_SECONDS", "45"))  # at half the sustainable rate
WARM_UP = 7
QUIET_S = 2.0
SERVICES = ("intake", "incubation", "growth", "insight")
DRAIN_S = 5.0  # beyond the first third's p50: what one lifecycle takes anyway
GROWTH_ALLOWED = 1.5  # last third's p50 over first third's, beyond a 250 ms slack
GROWTH_SLACK_MS = 250.0
RECORD_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Trial:
    rate: float
    offered: Offered
    # Due → offer recorded by the agency, in ms, in the order the walks were due.
    spans: list[float]
    drain_s: float  # last offer recorded, after the last start was due
    cpu: dict[str, float]  # cores used on average, per server

    @property
    def lost(self) -> int:
        return len(self.offered.walks) - len(self.spans)

    @property
    def thirds_p50_ms(self) -> tuple[float, float]:
        third = max(1, len(self.spans) // 3)
        first, last = self.spans[:third], self.spans[-third:]
        return (statistics.median(first), statistics.median(last)) if self.spans else (0.0, 0.0)

    @property
    def sustained(self) -> bool:
        first, last = self.thirds_p50_ms
        return (
            not self.offered.shed
            and not self.offered.failures
            and not self.lost
            and bool(self.spans)
            and self.drain_s <= DRAIN_S + first / 1000
            and last <= first * GROWTH_ALLOWED + GROWTH_SLACK_MS
        )

    def as_json(self) -> dict[str, Any]:
        first, last = self.thirds_p50_ms
        return {
            "offered_per_s": round(self.rate, 2),
            "started": len(self.offered.walks) + len(self.offered.failures),
            "completed": len(self.spans),
            "completed_per_s": round(len(self.spans) / (self.offered.seconds + self.drain_s), 2),
            "shed": self.offered.shed,
            "failed": len(self.offered.failures),
            "lost_offers": self.lost,
            "drain_s": round(self.drain_s, 1),
            "first_third_p50_ms": round(first, 1),
            "last_third_p50_ms": round(last, 1),
            "cpu_cores": self.cpu,
            "bound_by": bound_by(self.cpu),
            "sustained": self.sustained,
            "first_failures": self.offered.failures[:3],
        }

    def line(self) -> str:
        first, last = self.thirds_p50_ms
        cpu = " ".join(f"{name} {share:.2f}" for name, share in self.cpu.items())
        return (
            f"  offered {self.rate:6.2f}/s: {len(self.spans):4d} done, shed {self.offered.shed},"
            f" failed {len(self.offered.failures)}, drain {self.drain_s:5.1f}s, p50 first/last"
            f" third {first:7.0f}/{last:7.0f} ms, cpu cores [{cpu}]"
            f" -> {'sustained' if self.sustained else 'NOT sustained'}; bound: {bound_by(self.cpu)}"
        )


async def trial(
    lifecycle: Lifecycle, growth_db: Any, servers: dict[str, Server], rate: float, seconds: float
) -> tuple[Trial, dict[str, datetime]]:
    """Offer `rate` lifecycles/s for `seconds`; the trial and when each offer was recorded."""
    clock = CpuClock(servers)
    clock.start()
    offered = await offered_load(lifecycle, rate, seconds)
    handoffs = [w.handoff_id for w in offered.walks]
    seen = await received_at(growth_db, handoffs, RECORD_TIMEOUT_S)
    cpu = clock.share()
    walks = sorted((w for w in offered.walks if w.handoff_id in seen), key=lambda w: w.due)
    spans = [ms(seen[w.handoff_id] - w.due) for w in walks]
    last_due = max((w.due for w in offered.walks), default=None)
    drain_s = (max(seen.values()) - last_due).total_seconds() if seen and last_due else 0.0
    return Trial(rate, offered, spans, drain_s, cpu), seen


async def find_sustainable(
    lifecycle: Lifecycle,
    growth_db: Any,
    watched: dict[str, Server],
    http: httpx.AsyncClient,
    services: dict[str, Server],
) -> list[Trial]:
    """Trials at rising rates, up to and including the first one not sustained."""
    trials: list[Trial] = []
    rate = RATE_START
    while rate <= RATE_MAX:
        done, _ = await trial(lifecycle, growth_db, watched, rate, TRIAL_S)
        trials.append(done)
        print(done.line(), flush=True)  # noqa: T201
        await until_consumers_idle(http, services)
        if not done.sustained:
            break
        rate *= RATE_FACTOR
    sustained = [t.rate for t in trials if t.sustained]
    if REFINE and sustained and not trials[-1].sustained:
        # One more step halfway (geometrically) between the last sustained and the first not.
        between = math.sqrt(max(sustained) * trials[-1].rate)
        done, _ = await trial(lifecycle, growth_db, watched, between, TRIAL_S)
        trials.append(done)
        print(done.line(), flush=True)  # noqa: T201
        await until_consumers_idle(http, services)
    return trials


def sustainable_rate(trials: list[Trial]) -> float:
    """The highest rate sustained below the lowest that was not (half the start if none was)."""
    failed = min((t.rate for t in trials if not t.sustained), default=math.inf)
    sustained = [t.rate for t in trials if t.sustained and t.rate < failed]
    return max(sustained) if sustained else RATE_START / 2


def latency_notes(done: Trial, seen: dict[str, datetime]) -> dict[str, Any]:
    """Percentiles from intake's answer to the submission until the agency recorded the offer."""
    walked: list[Walk] = done.offered.walks
    latencies = sorted(ms(seen[w.handoff_id] - w.accepted) for w in walked if w.handoff_id in seen)
    return {
        "offered_per_s": round(done.rate, 2),
        "completed": len(latencies),
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "max_ms": round(latencies[-1] if latencies else 0.0, 1),
        "legs_ms": legs(walked, seen),
        "due_to_recorded_p50_ms": round(percentile(sorted(done.spans), 0.50), 1),
        "trial": done.as_json(),
    }


async def until_consumers_idle(http: httpx.AsyncClient, servers: dict[str, Server]) -> None:
    """Wait until no service consumed anything for `QUIET_S`: a step's tail (the read model's
    projections above all) must not spill into the next step's figures."""
    urls = [f"http://127.0.0.1:{server.port}" for server in servers.values()]
    deadline = time.monotonic() + RECORD_TIMEOUT_S
    last: list[int] = []
    quiet_from = time.monotonic()
    while time.monotonic() - quiet_from < QUIET_S and time.monotonic() < deadline:
        now = [sum((await read(http, url)).consumed.values()) for url in urls]
        if now != last:
            last, quiet_from = now, time.monotonic()
        await asyncio.sleep(0.3)


def fetch_wait_of(service: str) -> int:
    return READ_SIDE_FETCH_WAIT_MS if service == "insight" else FETCH_WAIT_MS


async def end_to_end_latency(stack: Stack) -> list[Figure]:
    bootstrap = await stack.fresh_broker()
    ping_p50 = await ping_pong(bootstrap, FETCH_WAIT_MS)
    values = {s: service_values(bootstrap, stack.mongo_url, fetch_wait_of(s)) for s in SERVICES}
    with Fleet() as fleet:
        servers = {
            s: fleet.start(s, f"relay_eventing {s}", f"{s.upper()}_", values[s]) for s in SERVICES
        }
        watched = {**servers, "database": stack.database}
        if stack.broker is not None:
            watched["broker"] = stack.broker
        limits = httpx.Limits(max_connections=500, max_keepalive_connections=100)

        def client(service: str) -> httpx.AsyncClient:
            url = f"http://127.0.0.1:{servers[service].port}"
            return httpx.AsyncClient(base_url=url, limits=limits, timeout=STEP_TIMEOUT_S)

        async with (
            client("intake") as intake,
            client("incubation") as incubation,
            httpx.AsyncClient(timeout=30) as http,
            CaseQueue(bootstrap, FETCH_WAIT_MS) as cases,
        ):
            lifecycle = Lifecycle(intake, incubation, cases)
            await lifecycle.open_facilities()
            for _ in range(WARM_UP):  # every group joined, every connection made
                await lifecycle.walk(next(lifecycle.numbers))
            await until_consumers_idle(http, servers)
            at_rest = memory_now(servers)
            growth_db = stack.mongo[values["growth"]["mongo_database"]]
            async with PeakMemory(servers) as peak:
                trials = await find_sustainable(lifecycle, growth_db, watched, http, servers)
                rate = sustainable_rate(trials)
                half, seen = await trial(lifecycle, growth_db, watched, rate / 2, SECONDS)
            print(half.line(), flush=True)  # noqa: T201
    notes = {**latency_notes(half, seen), "broker_ping_pong_p50_ms": round(ping_p50, 2)}
    print(  # noqa: T201
        f"  at {half.rate:.2f}/s, submission answered -> offer recorded: p50 {notes['p50_ms']}"
        f" p95 {notes['p95_ms']} p99 {notes['p99_ms']} max {notes['max_ms']} ms; legs p50/p99 "
        + ", ".join(f"{n} {v['p50']}/{v['p99']}" for n, v in notes["legs_ms"].items()),
        flush=True,
    )
    ramp = {
        "trials": [t.as_json() for t in trials],
        "trial_seconds": TRIAL_S,
        "lowest_not_sustained_per_s": min(
            (t.rate for t in trials if not t.sustained), default=None
        ),
        "services": list(SERVICES),
        "fetch_wait_ms": {s: fetch_wait_of(s) for s in SERVICES},
        # Every step sustained up to BENCH_RATE_MAX: the rate is a floor, not the limit.
        "ceiling_reached": all(t.sustained for t in trials),
    }
    memory = {
        "at_rest_mib": at_rest,
        "peak_under_load_mib": {k: round(v, 1) for k, v in peak.peak_mib.items()},
    }
    return [
        Figure("sustainable rate, whole lifecycles", rate, 0.0, "/s", "found, then halved", ramp),
        Figure(
            f"e2e p99 at {rate / 2:.2f}/s vs broker ping p50",
            notes["p99_ms"],
            ping_p50,
            "ms",
            "p99 <= 100 ms",
            notes,
        ),
        Figure(
            "RSS of the services, load vs rest",
            sum(peak.peak_mib.values()),
            sum(at_rest.values()),
            "MiB",
            "no growth without bound",
            memory,
        ),
    ]
