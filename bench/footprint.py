"""What a process costs the machine, read from /proc: resident memory and CPU seconds.

A service, the database and the broker each run in a process group of their own
(`relay_devstack.processes`), so a group's CPU counts whatever children its leader started.
"""

import asyncio
import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from relay_devstack.servers import Server

PROC = Path("/proc")
TICKS_PER_S = os.sysconf("SC_CLK_TCK")
SAMPLE_S = 0.5
SATURATED = 0.9  # of a core (or of all the machine's): that CPU is what bounds the figure


def rss_mib(pid: int) -> float:
    """Resident memory (VmRSS) of one process in MiB; 0 when it is gone."""
    try:
        status = (PROC / str(pid) / "status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _stats() -> Iterator[list[str]]:
    """The fields after the command name of every process's stat line."""
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                text = (entry / "stat").read_text()
                # The command name may hold spaces and parentheses: split after its last ')'.
                yield text[text.rindex(")") + 2 :].split()


def cpu_seconds(group: int) -> float:
    """User + system CPU seconds of every live process in a process group."""
    ticks = 0
    for fields in _stats():
        # fields[2] is pgrp; utime and stime are the 14th and 15th fields of the whole line.
        if int(fields[2]) == group:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / TICKS_PER_S


def machine_ticks() -> tuple[int, int]:
    """Busy and iowait ticks of all the machine's cores since boot (/proc/stat)."""
    fields = [int(v) for v in (PROC / "stat").read_text().split("\n", 1)[0].split()[1:]]
    idle, iowait = fields[3], fields[4]
    return sum(fields[:8]) - idle - iowait, iowait


class CpuClock:
    """CPU seconds a set of process groups used between `start` and `share`, over wall time."""

    def __init__(self, servers: dict[str, Server]) -> None:
        self._groups = {name: server.process.pid for name, server in servers.items()}
        self._cpu: dict[str, float] = {}
        self._machine = (0, 0)
        self._own = 0.0
        self._wall = 0.0

    def start(self) -> None:
        self._cpu = {name: cpu_seconds(group) for name, group in self._groups.items()}
        self._machine = machine_ticks()
        self._own = time.process_time()
        self._wall = asyncio.get_running_loop().time()

    def share(self) -> dict[str, float]:
        """Cores in use on average since `start`, per group (1.0 = one core all the time), and
        the whole machine's (`machine_busy`, every process; `machine_iowait`, cores idle while
        waiting on the disk): other work on a shared machine shows there, not in ours."""
        wall = asyncio.get_running_loop().time() - self._wall
        if wall <= 0:
            return {}
        shares = {
            name: round((cpu_seconds(group) - self._cpu[name]) / wall, 3)
            for name, group in self._groups.items()
        }
        # This process drives the load (HTTP clients, producers): on 2 cores it competes too.
        shares["load_generator"] = round((time.process_time() - self._own) / wall, 3)
        busy, iowait = machine_ticks()
        shares["machine_busy"] = round((busy - self._machine[0]) / TICKS_PER_S / wall, 3)
        shares["machine_iowait"] = round((iowait - self._machine[1]) / TICKS_PER_S / wall, 3)
        return shares


class PeakMemory:
    """The highest resident memory each server reached while the block ran (sampled)."""

    def __init__(self, servers: dict[str, Server]) -> None:
        self._pids = {name: server.process.pid for name, server in servers.items()}
        self.peak_mib = dict.fromkeys(self._pids, 0.0)
        self._task: asyncio.Task[None] | None = None

    def _sample(self) -> None:
        for name, pid in self._pids.items():
            self.peak_mib[name] = max(self.peak_mib[name], rss_mib(pid))

    async def _follow(self) -> None:
        while True:
            self._sample()
            await asyncio.sleep(SAMPLE_S)

    async def __aenter__(self) -> "PeakMemory":
        self._task = asyncio.create_task(self._follow(), name="peak-memory")
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._sample()


def memory_now(servers: dict[str, Server]) -> dict[str, float]:
    return {name: round(rss_mib(server.process.pid), 1) for name, server in servers.items()}


def bound_by(cpu: dict[str, float]) -> str:
    """Which CPU was used up during a measurement, if any was (from `CpuClock.share`)."""
    cores = os.cpu_count() or 1
    ours = {k: v for k, v in cpu.items() if not k.startswith("machine")}
    busy = cpu.get("machine_busy", 0.0)
    if busy >= SATURATED * cores:
        top = sorted(ours.items(), key=lambda item: -item[1])[:3]
        named = ", ".join(f"{name} {share:.2f}" for name, share in top)
        return f"the machine: {busy:.2f} of {cores} cores busy (most: {named})"
    if cpu.get("database", 0.0) >= SATURATED:
        return f"the database: its process used {cpu['database']:.2f} of a core"
    services = {k: v for k, v in ours.items() if k not in {"database", "load_generator"}}
    if any(share >= SATURATED for share in services.values()):
        return f"a service process: {services}"
    return f"no CPU: waits (commit syncs: {cpu.get('machine_iowait', 0.0):.2f} cores in iowait)"
