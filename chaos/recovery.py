"""`python -m chaos.recovery`: what one broker loss costs, after N startups went through.

Runs the real stack without other faults: N startups through the whole lifecycle, until every
service's database holds its final state and nothing waits in an outbox; then the broker is
SIGKILLed and restarted empty. Prints the size of each producer's log, the records sent again
(from the services' logs) and the time from the restart until every request was answered,
nothing waits in an outbox, every consumer group has read its topics to the end, and every
startup is again (still) in its final state exactly once.
"""

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
from pymongo import AsyncMongoClient

from chaos.load import Api, Progress, agency_desk, district_office, prepare, university
from chaos.resent import resent_in_logs
from chaos.stack import SERVICES, ChaosStack
from chaos.verify import verify
from relay_devstack import processes
from relay_devstack.organizations import AGENCIES, DISTRICTS
from relay_eventing.outbox import OUTBOX
from relay_eventing.recovery import RESEND_REQUESTS


async def quiet(mongo: AsyncMongoClient[Any], stack: ChaosStack) -> bool:
    """Nothing pending in an outbox, no request unanswered, no consumer lag."""
    for service in SERVICES:
        db = mongo[service]
        if await db[OUTBOX].count_documents({"published": False}):
            return False
        if await db[RESEND_REQUESTS].count_documents({}):
            return False
    async with httpx.AsyncClient(timeout=10) as client:
        for service in SERVICES:
            text = (await client.get(stack.url(service) + "/metrics")).text
            for line in text.splitlines():
                if line.startswith("relay_consumer_lag_records{") and float(line.split()[-1]):
                    return False
    return True


async def until(condition: Any, what: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not await condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.5)


async def measure(args: argparse.Namespace, stack: ChaosStack) -> int:
    progress = Progress(target=args.startups)
    api = Api(stack, progress)
    mongo: AsyncMongoClient[Any] = AsyncMongoClient(stack.mongo_url, tz_aware=True)
    try:
        await until(lambda: ready(stack), "the services to be ready", 120)
        cohorts = await prepare(api, args.startups)
        done = asyncio.Event()
        workers = [asyncio.create_task(district_office(api, progress, d, done)) for d in DISTRICTS]
        workers += [
            asyncio.create_task(agency_desk(api, progress, a, cohorts[a], done)) for a in AGENCIES
        ]
        limit = asyncio.Semaphore(args.concurrency)
        run = uuid4().hex[:6]

        async def one(number: int) -> None:
            async with limit:
                await university(api, progress, run, number)

        loaded = time.monotonic()
        await asyncio.gather(*(one(number) for number in range(args.startups)))
        await progress.all_enrolled.wait()
        done.set()
        await asyncio.gather(*workers)
        load_s = time.monotonic() - loaded

        async def converged() -> bool:
            verdict = await verify(mongo, progress.startup_ids, args.startups)
            return verdict.converged() and await quiet(mongo, stack)

        await until(converged, "convergence before the loss", 600)
        await asyncio.sleep(args.idle)
        logs = {s: await mongo[s][OUTBOX].count_documents({}) for s in SERVICES}
        before = resent_in_logs(stack.logs)

        stack.kill_broker()
        stack.start_broker()
        restarted = time.monotonic()
        # The services notice within a check interval; then wait for them to settle again.
        await asyncio.sleep(3.0)
        await until(converged, "convergence after the loss", 900)
        caught_up_s = time.monotonic() - restarted
        after = resent_in_logs(stack.logs)
        verdict = await verify(mongo, progress.startup_ids, args.startups)
    finally:
        await api.close()
        await mongo.close()
    resent = {s: after.get(s, 0) - before.get(s, 0) for s in SERVICES}
    print(  # noqa: T201
        f"startups={args.startups} margin={args.margin}s load={load_s:.0f}s "
        f"log={sum(logs.values())} ({' '.join(f'{s}={n}' for s, n in logs.items())}) "
        f"resent={sum(resent.values())} ({' '.join(f'{s}={n}' for s, n in resent.items())}) "
        f"caught_up={caught_up_s:.1f}s lost={verdict.lost} duplicated={verdict.duplicated}",
        flush=True,
    )
    return 0 if verdict.converged() else 1


async def ready(stack: ChaosStack) -> bool:
    async with httpx.AsyncClient(timeout=2) as client:
        for service in SERVICES:
            try:
                answer = await client.get(stack.url(service) + "/health/ready")
            except httpx.TransportError:
                return False
            if answer.status_code != 200:
                return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m chaos.recovery")
    parser.add_argument("--startups", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=6, help="as in chaos.run")
    parser.add_argument("--margin", type=float, default=60.0, help="RECOVERY_MARGIN_S")
    parser.add_argument("--idle", type=float, default=2.0, help="seconds of calm before the kill")
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()
    for service in SERVICES:
        os.environ[f"{service.upper()}_RECOVERY_MARGIN_S"] = str(args.margin)
    stack = ChaosStack(args.data_dir or Path(tempfile.mkdtemp(prefix="recovery-")))
    processes.own_children_on_signals()
    stack.start()
    try:
        code = asyncio.run(measure(args, stack))
    finally:
        stack.stop()
    sys.exit(code)


if __name__ == "__main__":
    main()
