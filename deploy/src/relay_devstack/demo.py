"""`make demo`: fills a running `make run` with a living program (`relay_devstack.program`).

Keys come from the `export KEY_<ORG>=…` lines `make run` prints; services default to
127.0.0.1:8001 to 8004.
"""

import argparse
import asyncio
import os
import sys
import time
from typing import Any, TextIO

import httpx

from relay_devstack.organizations import ORGANIZATIONS
from relay_devstack.program import Plan, Program, Services, key_variable


def say(text: str, to: TextIO = sys.stdout) -> None:
    to.write(text + "\n")
    to.flush()


def keys_from_environment() -> dict[str, str] | None:
    keys = {org: os.environ.get(key_variable(org), "") for org in ORGANIZATIONS}
    missing = [key_variable(org) for org, key in keys.items() if not key]
    if missing:
        say(
            "make demo needs the development keys of a running `make run`.\n"
            "  1. In one terminal: make run   (it prints lines like `export KEY_SNU=rk_…`)\n"
            "  2. Paste those export lines into this terminal, then: make demo\n"
            f"Missing here: {', '.join(missing)}",
            to=sys.stderr,
        )
        return None
    return keys


async def figures_of(insight: str, key: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Insight's funnel and outcome total, once it has read everything (lag 0 twice)."""
    async with httpx.AsyncClient(
        base_url=insight, timeout=30, headers={"X-API-Key": key}
    ) as client:
        deadline, last = time.monotonic() + 60, None
        while time.monotonic() < deadline:
            total = (await client.get("/lag")).json()["total"]
            if total == 0 and last == 0:
                break
            last = total
            await asyncio.sleep(1)
        funnel = (await client.get("/funnel")).json()
        outcomes = (await client.get("/outcomes")).json()
        return funnel, outcomes["rows"][-1]


async def demo(arguments: argparse.Namespace, keys: dict[str, str]) -> None:
    started = time.monotonic()
    async with (
        httpx.AsyncClient(base_url=arguments.intake, timeout=60) as intake,
        httpx.AsyncClient(base_url=arguments.incubation, timeout=60) as incubation,
        httpx.AsyncClient(base_url=arguments.growth, timeout=60) as growth,
    ):
        services = Services(intake, incubation, growth, keys)
        program = Program(services, Plan(startups=arguments.startups), arguments.seed)
        done = await program.run()
    say(f"Filled in {time.monotonic() - started:.1f} s:")
    if program.failures:
        say(f"  {len(program.failures)} startups stopped early; the first: {program.failures[0]}")
    for what, count in done.items():
        say(f"  {count:5d}  {what}")
    funnel, total = await figures_of(arguments.insight, keys["council"])
    say("\nInsight for the council, the whole program (퍼널 · funnel):")
    for stage in funnel["stages"]:
        say(f"  {stage['count']:5d}  {stage['label_ko']} · {stage['label_en']}")
    figures = total["totals"]
    say(
        f"성과 · outcomes: {total['startups']} startups report, {figures['employees']} employees,"
        f" revenue ₩{figures['revenue_krw'] or 0:,}, exports ₩{figures['exports_krw'] or 0:,},"
        f" survival {total['survival_rate']}, gazelles {total['gazelles']}"
    )
    say(f"\nDashboard: {arguments.insight}/  (sign in with $KEY_COUNCIL, or any organization's)")


def main() -> None:
    parser = argparse.ArgumentParser(prog="make demo", description=__doc__)
    parser.add_argument("--startups", type=int, default=Plan.startups)
    parser.add_argument("--seed", type=int, default=7)
    for service, port in (("intake", 8001), ("incubation", 8002), ("growth", 8003)):
        parser.add_argument(f"--{service}", default=f"http://127.0.0.1:{port}")
    parser.add_argument("--insight", default="http://127.0.0.1:8004")
    arguments = parser.parse_args()
    keys = keys_from_environment()
    if keys is None:
        raise SystemExit(2)
    try:
        asyncio.run(demo(arguments, keys))
    except httpx.ConnectError as error:
        say(f"cannot reach a service ({error}): is `make run` running?", to=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
