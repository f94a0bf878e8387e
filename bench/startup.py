"""Start-up: how long until the first answer, from process start.

    .venv/bin/python bench/startup.py [--repeat 5]

  ask  `python -m bot ask "is a bookkeeper back office?"`: process start -> first byte of the answer
  run  `python -m bot run` with one message already queued on the fake Bot API server:
       process start -> its first sendMessage

Each is measured in two set-ups, interleaved, --repeat times (median printed):
  bot/ compiled    as these machines run Python (PYTHONDONTWRITEBYTECODE=1): the project's own
                   modules are compiled from source at every start; libraries use pip's .pyc files
  all .pyc cached  a bytecode cache in a temporary PYTHONPYCACHEPREFIX, filled by one untimed run
plus `python -c "print(1)"`, the interpreter's own floor. Each measurement waits for a quiet machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import BOT_COMMAND, ROOT, FakeBotApi, bot_env, median, start, stop, wait_for_quiet, wait_or_die

QUESTION = "is a bookkeeper back office?"
ASK_COMMAND = (sys.executable, "-m", "bot", "ask", QUESTION)
RUN_TIMEOUT = 30.0


class FirstSend(FakeBotApi):
    """The fake server, noting when the first sendMessage arrived."""

    first_send: float | None = None

    async def _api_sendmessage(self, params: dict[str, Any]) -> Any:
        if self.first_send is None:
            self.first_send = time.perf_counter()
        return await super()._api_sendmessage(params)


def environment(pyc_folder: str | None, base: dict[str, str] | None = None) -> dict[str, str]:
    """This environment (or `base`), made to write and read .pyc files under `pyc_folder` if given."""
    env = dict(os.environ if base is None else base)
    if pyc_folder:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pyc_folder
    return env


def time_first_output(command: tuple[str, ...], env: dict[str, str], expect: str = "") -> float:
    """Seconds from starting `command` to the first byte it prints."""
    with tempfile.TemporaryFile() as errors:
        began = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=errors)
        assert process.stdout is not None
        first = process.stdout.read(1)
        elapsed = time.perf_counter() - began
        output = (first + process.stdout.read()).decode()
        process.stdout.close()
        process.wait()
        errors.seek(0)
        if process.returncode != 0 or expect.lower() not in output.lower():
            raise RuntimeError(f"{command} failed ({process.returncode}):\n{output}{errors.read().decode()}")
    return elapsed


async def time_run(pyc_folder: str | None, logs: Path) -> float:
    """Seconds from starting `python -m bot run` to its first sendMessage, one message being queued."""
    async with FirstSend() as server:
        server.push_text(777, QUESTION)
        log = logs / "run.log"
        env = environment(pyc_folder, bot_env(server))
        began = time.perf_counter()
        process = await start(BOT_COMMAND, env, log)
        try:
            await wait_or_die(server, process, lambda: server.first_send is not None, RUN_TIMEOUT, log)
        finally:
            await stop(process)
        assert server.first_send is not None
        return server.first_send - began


async def benchmark(repeat: int) -> None:
    results: dict[str, list[float]] = {}
    with (
        tempfile.TemporaryDirectory(prefix="officebot-pyc-") as pyc,
        tempfile.TemporaryDirectory(prefix="officebot-startup-") as logs,
    ):
        variants = {"bot/ compiled": None, "all .pyc cached": pyc}
        await time_run(pyc, Path(logs))  # fills the bytecode cache, bot.telegram included
        for _ in range(repeat):
            await wait_for_quiet()
            results.setdefault("python -c print(1)", []).append(
                time_first_output((sys.executable, "-c", "print(1)"), environment(None))
            )
            for name, folder in variants.items():
                await wait_for_quiet()
                results.setdefault(f"ask, {name}", []).append(
                    time_first_output(ASK_COMMAND, environment(folder), "back office")
                )
                await wait_for_quiet()
                results.setdefault(f"run, {name}", []).append(await time_run(folder, Path(logs)))
    print(f"start-up, median of {repeat} (min-max), process start -> first answer:")
    for name, values in results.items():
        print(f"  {name:<22} {median(values):5.2f} s  ({min(values):.2f}-{max(values):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="measurements of each (default 5)")
    args = parser.parse_args()
    asyncio.run(benchmark(args.repeat))


if __name__ == "__main__":
    main()
