"""Shared by the benchmarks: paths, the fake Bot API server from tests/, and /proc readings of a process."""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
for folder in (ROOT, ROOT / "tests", BENCH):  # the bot package; the fake server lives with the tests
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from fake_bot_api import FakeBotApi  # noqa: E402  (needs the sys.path entry above)

BOT_COMMAND = (sys.executable, "-m", "bot", "run")
ECHO_COMMAND = (sys.executable, str(BENCH / "echo_bot.py"))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

__all__ = [
    "BENCH",
    "BOT_COMMAND",
    "ECHO_COMMAND",
    "ROOT",
    "FakeBotApi",
    "bot_env",
    "cpu_times",
    "machine_busy_seconds",
    "median",
    "peak_rss_mb",
    "start",
    "stop",
    "wait_for_quiet",
    "wait_or_die",
]


def cpu_times(pid: int) -> tuple[float, float]:
    """(user, system) CPU seconds of a process, all threads, from /proc/<pid>/stat (1/CLK_TCK resolution)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return int(fields[11]) / CLOCK_TICKS, int(fields[12]) / CLOCK_TICKS  # utime, stime: fields 14, 15 of stat(5)


def machine_busy_seconds() -> float:
    """CPU seconds all processes on this machine have used since boot (from /proc/stat), for the noise check."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / CLOCK_TICKS  # user nice system idle iowait irq softirq steal


async def wait_for_quiet(threshold: float = 0.2, sample: float = 1.0, patience: float = 120.0) -> float:
    """Wait until the rest of the machine uses under `threshold` of a core for a whole `sample`.

    Gives up after `patience` seconds; returns the others' load in the last sample, in cores.
    """
    deadline = time.monotonic() + patience
    while True:
        before, own = machine_busy_seconds(), time.process_time()
        await asyncio.sleep(sample)
        load = (machine_busy_seconds() - before - (time.process_time() - own)) / sample
        if load < threshold or time.monotonic() > deadline:
            return load


def peak_rss_mb(pid: int) -> float:
    """Peak resident set size (VmHWM) of a running process, in MB (MiB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def bot_env(server: FakeBotApi, **extra: str) -> dict[str, str]:
    """The environment `python -m bot run` and the echo bot read: the token and the fake server's URL."""
    return {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": server.token,
        "TELEGRAM_BASE_URL": server.base_url,
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


async def start(command: Sequence[str], env: dict[str, str], log: Path, cwd: Path = ROOT) -> asyncio.subprocess.Process:
    """Start a bot process in the project root (or `cwd`: `python -m bot` runs the `bot` package found there),
    its output to `log`."""
    with log.open("wb") as output:
        return await asyncio.create_subprocess_exec(*command, cwd=cwd, env=env, stdout=output, stderr=output)


async def stop(process: asyncio.subprocess.Process, timeout: float = 10.0) -> None:
    """SIGTERM (PTB shuts down cleanly), then SIGKILL if it lingers."""
    if process.returncode is not None:
        return
    process.terminate()
    try:
        await asyncio.wait_for(process.wait(), timeout)
    except TimeoutError:
        process.kill()
        await process.wait()


async def wait_or_die(
    server: FakeBotApi,
    process: asyncio.subprocess.Process,
    condition: Callable[[], bool],
    timeout: float,
    log: Path,
) -> None:
    """Wait for `condition`; fail at once, with the bot's output, if the bot process exits first."""
    await server.wait_while_running(process, condition, timeout, lambda: log.read_text()[-3000:])
