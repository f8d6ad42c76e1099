"""API throughput: POST /startups on intake against a bare endpoint doing one insert_one."""

import asyncio
import itertools
import os
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any
from uuid import uuid4

import httpx

from bench.processes import Fleet, key_of, service_values
from bench.stack import FETCH_WAIT_MS, Figure, Stack

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
SECONDS = float(os.environ.get("BENCH_API_SECONDS", "10"))
WARM_UP_S = 1.0
UNIVERSITIES = ("kangseo-univ", "dongyang-mirae", "snu", "soongsil", "cau", "chongshin")
DISTRICTS = ("gangseo", "gwanak", "guro", "geumcheon", "dongjak", "yeongdeungpo", "yangcheon")


def submission_body(run: str, number: int) -> dict[str, Any]:
    """A plausible submission whose company and CEO no earlier request used."""
    ceo = f"Founder {run} {number}"
    return {
        "company_name": f"Bench {run} Labs {number}",
        "stage": "pre_startup",
        "founders": [{"name": ceo, "birth_date": "1996-04-02", "role": "ceo"}],
        "sector": "ai",
        "desired_district": DISTRICTS[number % len(DISTRICTS)],
        "description": "On-device speech models for small clinics.",
        "contact": {"name": ceo, "email": f"ceo{number}@{run}.example"},
    }


def university_of(number: int) -> str:
    return UNIVERSITIES[number % len(UNIVERSITIES)]


async def requests_per_second(port: int, clients: int = CLIENTS, seconds: float = SECONDS) -> float:
    """Closed loop: `clients` workers posting one after another; requests/s after a warm-up."""
    run = uuid4().hex[:8]
    numbers: Iterator[int] = itertools.count()
    headers = {u: key_of(u) for u in UNIVERSITIES}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=60
    ) as http:

        async def worker(until: float) -> int:
            done = 0
            while time.monotonic() < until:
                number = next(numbers)
                answer = await http.post(
                    "/startups",
                    json=submission_body(run, number),
                    headers=headers[university_of(number)],
                )
                if answer.status_code != 201:
                    raise RuntimeError(
                        f"POST /startups answered {answer.status_code}: {answer.text}"
                    )
                done += 1
            return done

        await gather_workers(worker, clients, time.monotonic() + WARM_UP_S)
        started = time.monotonic()
        done = await gather_workers(worker, clients, started + seconds)
        return done / (time.monotonic() - started)


async def gather_workers(
    worker: Callable[[float], Awaitable[int]], clients: int, until: float
) -> int:
    counts: list[int] = await asyncio.gather(*(worker(until) for _ in range(clients)))
    return sum(counts)


async def intake_rps(values: dict[str, Any]) -> float:
    """Intake as its own process (`python -m intake`) on the given settings."""
    with Fleet() as fleet:
        intake = fleet.start("intake", "relay_eventing intake", "INTAKE_", values)
        return await requests_per_second(intake.port)


async def bare_rps(mongo_url: str) -> float:
    values = {"mongo_url": mongo_url, "mongo_database": f"bare_{uuid4().hex[:8]}"}
    with Fleet() as fleet:
        bare = fleet.start("bare-api", "bench.bare_api", "BARE_", values)
        return await requests_per_second(bare.port)


async def api_throughput(stack: Stack) -> list[Figure]:
    baseline = await bare_rps(stack.mongo_url)
    bootstrap = await stack.fresh_broker()
    ours = await intake_rps(service_values(bootstrap, stack.mongo_url, FETCH_WAIT_MS))
    stack.measured["api"] = ours
    notes = {"clients": CLIENTS, "seconds": SECONDS}
    return [Figure("API POST /startups", ours, baseline, "req/s", ">= 0.7x", notes)]
