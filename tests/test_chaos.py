"""The short chaos run: every fault kind against the real stack, nothing lost, nothing doubled."""

import subprocess
import sys
from pathlib import Path

import pytest

from relay_devstack import processes

# Starts servers of its own, so it belongs to the slow tier.
pytestmark = pytest.mark.servers

ROOT = Path(__file__).resolve().parents[1]
# The run's own bound; pytest's is larger, so this is the one that applies and the harness
# (which owns its servers and services) gets the chance to end them. Three times the slowest
# run seen (105 s, on a machine loaded by other work; 39 s idle).
RUN_TIMEOUT_S = 330


@pytest.mark.timeout(RUN_TIMEOUT_S * 2)
def test_a_short_chaos_run_loses_nothing_and_doubles_nothing(tmp_path: Path) -> None:
    # One round kills every component once while the load runs; the final round injects
    # duplicates and poison after it: every fault kind, the fewest rounds.
    run = processes.spawn(
        [
            sys.executable,
            "-m",
            "chaos.run",
            "--startups",
            "4",
            "--rounds",
            "1",
            "--max-rounds",
            "1",
            "--no-final-kills",
            "--fault-interval",
            "1",
            "--converge-timeout",
            "90",
            "--data-dir",
            str(tmp_path),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        out, err = run.communicate(timeout=RUN_TIMEOUT_S)
    finally:
        processes.end(run)
    stdout, stderr = out.decode(), err.decode()
    figures = stdout.strip().splitlines()[-1] if stdout.strip() else ""
    assert run.returncode == 0, f"{figures}\n{stderr[-3000:]}"
    for kind in (
        "killed_intake",
        "killed_incubation",
        "killed_growth",
        "killed_broker",
        "killed_database",
        "duplicates",
        "poison",
    ):
        assert f"{kind}=" in figures
    assert " lost=0 " in figures
    assert " duplicated=0 " in figures
    assert "unexpected=0" in figures
