"""The short chaos run: every fault kind against the real stack, nothing lost, nothing doubled."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_short_chaos_run_loses_nothing_and_doubles_nothing(tmp_path: Path) -> None:
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "chaos.run",
            "--startups",
            "12",
            "--rounds",
            "1",
            "--fault-interval",
            "2",
            "--data-dir",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    figures = finished.stdout.strip().splitlines()[-1] if finished.stdout.strip() else ""
    assert finished.returncode == 0, f"{figures}\n{finished.stderr[-3000:]}"
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
