"""`make bench`: start the real stack, run every benchmark, print figures with their baselines."""

import asyncio
import json
import os
import subprocess
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

from bench import api, commands, scale, stored, sustain
from bench.footprint import bound_by
from bench.hop import bare_hop, runtime_hop
from bench.processes import logs_hint
from bench.stack import EVENTS, FETCH_WAIT_MS, Figure, Stack

RESULTS = Path(__file__).with_name("results")
Benchmark = Callable[[Stack], Awaitable[list[Figure]]]
NOTES_SHOWN = 1200


async def hop_throughput(stack: Stack) -> list[Figure]:
    bootstrap = await stack.fresh_broker()
    baseline = await bare_hop(
        bootstrap, stack.mongo_url, f"bare_{uuid4().hex[:8]}", EVENTS, FETCH_WAIT_MS
    )
    bootstrap = await stack.fresh_broker()
    ours = await runtime_hop(stack.settings(bootstrap), stack.mongo, EVENTS)
    stack.measured["hop"] = ours
    return [Figure("hop throughput", ours, baseline, "ev/s", ">= 0.5x")]


async def scale_out(stack: Stack) -> list[Figure]:
    """Two hop processes in one group against one; the topic has 3 partitions."""
    results = []
    for instances in (1, 2):
        bootstrap = await stack.fresh_broker()
        results.append(
            await scale.process_hop(
                bootstrap,
                stack.mongo,
                stack.database,
                stack.mongo_url,
                instances,
                EVENTS,
                FETCH_WAIT_MS,
            )
        )
    one, two = results
    notes = {**scale.describe("one", one), **scale.describe("two", two)}
    bounds = {"one_bound_by": bound_by(one.cpu), "two_bound_by": bound_by(two.cpu)}
    return [
        Figure(
            "scale-out hop, 2 vs 1 process",
            two.events_per_s,
            one.events_per_s,
            "ev/s",
            "> 1x, shares ~even, states == events",
            notes,
        ),
        Figure(
            "scale-out: database CPU, 2 vs 1",
            two.cpu["database"],
            one.cpu["database"],
            "cores",
            "names what bounds the ratio above",
            {**bounds, "one_cpu_cores": one.cpu, "two_cpu_cores": two.cpu, "cores": os.cpu_count()},
        ),
    ]


BENCHMARKS: dict[str, Benchmark] = {
    "commands": commands.commands_per_step,
    "hop": hop_throughput,
    "latency": sustain.end_to_end_latency,
    "api": api.api_throughput,
    "scale": scale_out,
    "stored": stored.growth_with_data,
}


def chosen() -> list[str]:
    """All benchmarks, or those named in BENCH_ONLY (comma-separated), in their usual order."""
    only = {name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()}
    unknown = only - BENCHMARKS.keys()
    if unknown:
        raise SystemExit(f"BENCH_ONLY names no benchmark {sorted(unknown)}; known {[*BENCHMARKS]}")
    return [name for name in BENCHMARKS if not only or name in only]


def head() -> str:
    """The commit measured, and whether the tree had changes on top of it."""
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return f"{commit}{'+changes' if changed else ''}"


async def main(commit: str) -> int:
    """Run the chosen benchmarks; exit non-zero when one of them could not produce figures."""
    began = time.monotonic()
    stack = Stack()
    figures: list[Figure] = []
    failed: list[str] = []
    try:
        for name in chosen():
            started = time.monotonic()
            try:
                found = await BENCHMARKS[name](stack)
            except Exception as error:  # one broken benchmark must not hide the others' figures
                print(f"{name}: failed: {error!r} ({logs_hint()})", flush=True)  # noqa: T201
                failed.append(name)
                continue
            for figure in found:
                figures.append(figure)
                print(figure.line(), f"[{time.monotonic() - started:.0f}s]", flush=True)  # noqa: T201
                notes = json.dumps(figure.notes)
                if figure.notes:  # a table's rows were printed already; the JSON keeps them
                    shown = notes if len(notes) <= NOTES_SHOWN else "(details in the JSON)"
                    print(f"    {shown}", flush=True)  # noqa: T201
    finally:
        await stack.close()
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    document = {
        "at": stamp,
        "commit": commit,
        "seconds": round(time.monotonic() - began),
        "events": EVENTS,
        "fetch_wait_ms": FETCH_WAIT_MS,
        "environment": {k: v for k, v in os.environ.items() if k.startswith("BENCH_")},
        "figures": [{**asdict(f), "ratio": f.ratio} for f in figures],
    }
    (RESULTS / f"{stamp}.json").write_text(json.dumps(document, indent=2) + "\n")
    print(f"{time.monotonic() - began:.0f}s in all; figures in {RESULTS / stamp}.json")  # noqa: T201
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(head())))
