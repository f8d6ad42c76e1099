"""Child processes that never outlive their parent: servers, services, harnesses.

Each child runs in a process group of its own (a signal meant for the parent's terminal does
not reach it half-way) and asks the kernel to SIGKILL it when the parent dies
(`PR_SET_PDEATHSIG`), so a harness killed by a timeout leaks nothing. Every child started here
is also ended when the parent exits normally or on SIGTERM/SIGINT (`end_all`).
"""

import atexit
import contextlib
import ctypes
import os
import signal
import subprocess
from collections.abc import Sequence
from typing import IO, Any

STDOUT = subprocess.STDOUT
_PR_SET_PDEATHSIG = 1
_children: list[subprocess.Popen[bytes]] = []


def _die_with_parent() -> None:
    os.setpgid(0, 0)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def spawn(
    args: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    stdout: IO[Any] | int | None = None,
    stderr: IO[Any] | int | None = None,
    cwd: str | os.PathLike[str] | None = None,
) -> subprocess.Popen[bytes]:
    """Start a child owned by this process (see the module's docstring)."""
    process = subprocess.Popen(
        list(args), env=env, stdout=stdout, stderr=stderr, cwd=cwd, preexec_fn=_die_with_parent
    )
    _children.append(process)
    return process


def end(process: subprocess.Popen[bytes], timeout_s: float = 10.0) -> None:
    """SIGTERM the child's whole group, SIGKILL what is left after `timeout_s`."""
    if process.poll() is None:
        _signal_group(process, signal.SIGTERM)
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait(timeout=10)
    _signal_group(process, signal.SIGKILL)  # grandchildren of a child that is already gone


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the child's whole group at once (a crash, not a stop)."""
    _signal_group(process, signal.SIGKILL)
    if process.poll() is None:
        process.wait(timeout=10)


def end_all() -> None:
    while _children:
        process = _children.pop()
        with contextlib.suppress(Exception):
            end(process, timeout_s=5.0)


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)


def _end_all_and_exit(signum: int, frame: object) -> None:
    end_all()
    raise SystemExit(128 + signum)


def own_children_on_signals() -> None:
    """For a harness's main: SIGTERM and SIGINT end every child before the harness exits."""
    signal.signal(signal.SIGTERM, _end_all_and_exit)
    signal.signal(signal.SIGINT, _end_all_and_exit)


atexit.register(end_all)
