"""`make chaos`: N startups through the whole lifecycle while components are killed.

Prints one line of figures and exits non-zero if anything was lost or done twice, a poison
record is missing from the dead-letter topics, or anything else landed there.
"""

import argparse
import asyncio
import contextlib
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
from pymongo import AsyncMongoClient

from chaos.faults import FaultLog, Faults, final_round, kill_rounds
from chaos.load import (
    Api,
    Progress,
    agency_desk,
    district_office,
    prepare,
    university,
)
from chaos.resent import resent_in_logs
from chaos.stack import SERVICES, ChaosStack
from chaos.verify import dead_letters, verify
from relay_devstack import processes
from relay_devstack.organizations import AGENCIES, DISTRICTS


def consumed_topics() -> list[str]:
    """Every topic some service consumes, read from the services' own subscriptions."""
    from growth.main import create_app as growth
    from incubation.main import create_app as incubation
    from intake.main import create_app as intake

    topics: set[str] = set()
    for create_app in (intake, incubation, growth):
        app = create_app(None)
        for subscriber in app.state.runtime.broker.subscribers:
            topics.update(subscriber.topic_names)
    return sorted(topics)


async def wait_until_up(stack: ChaosStack) -> None:
    async with httpx.AsyncClient(timeout=2) as client:
        for service in SERVICES:
            deadline = time.monotonic() + 90
            while True:
                try:
                    if (await client.get(stack.url(service) + "/health/ready")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{service} did not come up")
                await asyncio.sleep(0.2)


async def supervise(stack: ChaosStack, log: FaultLog) -> None:
    """A service that exits on its own is a finding, counted in the figures, then restarted."""
    while True:
        await asyncio.sleep(1)
        for service in stack.restart_exited():
            log.counts[f"exited_by_itself_{service}"] += 1


async def report_progress(progress: Progress, log: FaultLog, started: float, every: float) -> None:
    """A line on stderr now and then, so a run of an hour can be watched and its rate read."""
    while True:
        await asyncio.sleep(every)
        elapsed = time.monotonic() - started
        print(  # noqa: T201
            f"[{elapsed:6.0f}s] submitted={len(progress.startup_ids)} "
            f"graduated={progress.graduated} handed_off={progress.handed_off} "
            f"enrolled={progress.enrolled}/{progress.target} "
            f"({progress.enrolled / elapsed:.2f}/s) http_retries={progress.retries} "
            f"faults: {log.line()}",
            file=sys.stderr,
            flush=True,
        )


async def drive(args: argparse.Namespace, stack: ChaosStack) -> int:
    rng = random.Random(args.seed)
    run = uuid4().hex[:6]
    progress = Progress(target=args.startups)
    log = FaultLog()
    api = Api(stack, progress)
    mongo: AsyncMongoClient[Any] = AsyncMongoClient(stack.mongo_url, tz_aware=True)
    started = time.monotonic()
    try:
        await wait_until_up(stack)
        up_in = time.monotonic() - started
        cohorts = await prepare(api, args.startups)
        done = asyncio.Event()
        workers = [asyncio.create_task(district_office(api, progress, d, done)) for d in DISTRICTS]
        workers += [
            asyncio.create_task(agency_desk(api, progress, a, cohorts[a], done)) for a in AGENCIES
        ]
        limit = asyncio.Semaphore(args.concurrency)

        async def one(number: int) -> None:
            async with limit:
                await progress.start_one(args.in_flight)
                await university(api, progress, run, number)

        load = asyncio.gather(*(one(number) for number in range(args.startups)))
        supervisor = asyncio.create_task(supervise(stack, log))
        reporter = asyncio.create_task(report_progress(progress, log, started, args.progress_every))
        faults = Faults(stack, consumed_topics(), rng, log)
        # Whole rounds of kills while the load runs (at least --rounds), then the final round.
        for number, kills in enumerate(kill_rounds(rng)):
            enough = number >= args.rounds and progress.all_enrolled.is_set()
            if enough or number >= args.max_rounds:
                break
            if number > 0:
                await _pause(args.round_pause, progress.all_enrolled)
            for fault in kills:
                await asyncio.sleep(rng.uniform(0.5, args.fault_interval))
                await faults.apply(fault)
        for fault in final_round(rng, service_kills=args.final_kills):
            await asyncio.sleep(rng.uniform(0.5, args.fault_interval))
            await faults.apply(fault)
        await load
        await progress.all_enrolled.wait()
        faults_ended = time.monotonic()
        load_in = faults_ended - started - up_in
        done.set()
        await asyncio.gather(*workers)

        # Converged once every startup is in its final state and every poison record has been
        # parked: a consumer restarted by the last kill may still be rejoining its group.
        deadline = time.monotonic() + args.converge_timeout
        while True:
            verdict = await verify(mongo, progress.startup_ids, args.startups)
            poison_found, unexpected = await dead_letters(stack.bootstrap)
            settled = verdict.converged() and poison_found >= log.poison_sent
            if settled or time.monotonic() > deadline:
                break
            await asyncio.sleep(1)
        converged_in = time.monotonic() - faults_ended
        supervisor.cancel()
        reporter.cancel()
    finally:
        await api.close()
        await mongo.close()

    missing_poison = log.poison_sent - poison_found
    print(  # noqa: T201
        f"startups={args.startups} faults: {log.line()} | lost={verdict.lost} "
        f"duplicated={verdict.duplicated} wrong_state={verdict.wrong_state} "
        f"dead_letters={poison_found}/{log.poison_sent} poison unexpected={unexpected} "
        f"http_retries={progress.retries} resent={sum(resent_in_logs(stack.logs).values())} "
        f"converge={converged_in:.1f}s "
        f"up={up_in:.0f}s load={load_in:.0f}s total={time.monotonic() - started:.0f}s",
        flush=True,
    )
    for detail in verdict.details:
        print("  " + detail, file=sys.stderr)  # noqa: T201
    failed = verdict.lost or verdict.duplicated or verdict.wrong_state
    return 1 if failed or missing_poison or unexpected else 0


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m chaos.run")
    parser.add_argument("--startups", type=int, default=10_000)
    parser.add_argument(
        "--concurrency",
        type=int,
        default=6,
        help=(
            "universities' submissions in flight; at 24 they queued on intake's submissions"
            " (one lock per collection in SecantusDB) and starved the desks downstream:"
            " 1.0 whole lifecycles/s against 2.3 at 6, without faults"
        ),
    )
    parser.add_argument(
        "--in-flight",
        type=int,
        default=300,
        help=(
            "startups submitted and not yet enrolled, at most; unbounded, the universities"
            " ran 3.5x ahead of the agencies, and every broker loss re-sent the backlog the"
            " consumers downstream had not reached (2,617 records at once, 10,000 run)"
        ),
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="least rounds of kills; more while load runs"
    )
    parser.add_argument(
        "--max-rounds",
        type=int,
        default=1_000_000,
        help="most rounds of kills, even while load runs (the final round always follows)",
    )
    parser.add_argument(
        "--final-kills",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="kill every service again in the final round (the first round already does)",
    )
    parser.add_argument("--fault-interval", type=float, default=6.0, help="max seconds apart")
    parser.add_argument(
        "--round-pause",
        type=float,
        default=240.0,
        help=(
            "seconds of calm between rounds of kills, so a long run meets a round every few"
            " minutes, not a kill every few seconds (0: rounds back to back)"
        ),
    )
    parser.add_argument("--converge-timeout", type=float, default=180.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--progress-every", type=float, default=60.0, help="seconds between progress lines"
    )
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="chaos-"))
    stack = ChaosStack(data_dir)
    # SIGTERM or Ctrl-C (a CI timeout, an operator) must still stop every process started.
    processes.own_children_on_signals()
    stack.start()
    try:
        code = asyncio.run(drive(args, stack))
    finally:
        stack.stop()
    sys.exit(code)


async def _pause(seconds: float, load_finished: asyncio.Event) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(load_finished.wait(), seconds)


if __name__ == "__main__":
    main()
