"""What every benchmark here times with, and how it reports.

The scripts in this folder import it as ``timing`` (Python puts a script's folder on sys.path).

Every figure is a **ratio against a floor measured in the same run, interleaved** (floor, then
planlib, round after round), so both see the same load of a shared machine. Each script reports
its ratios with :func:`report`: printed, and appended as JSON lines to the file named by
``PLANLIB_BENCH_REPORT`` when ``run_all.py`` collects them into one table. ``--quick`` (few
rounds, small inputs, no verdicts) is what CI runs, so that a benchmark that crashes fails CI.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK = ROOT / "data" / "xicheng_2020.xlsx"
REPORT_ENV = "PLANLIB_BENCH_REPORT"


@dataclass(frozen=True)
class Ratio:
    """One row of ``make bench``'s table: a path users wait on against what it must pay anyway."""

    path: str
    seconds: float  # planlib's median
    floor: str  # what the floor is
    floor_seconds: float  # the floor's median, measured in the same run
    goal: float | None  # the ratio the path should stay within (None: reported only)
    runs: int

    @property
    def ratio(self) -> float:
        return self.seconds / self.floor_seconds


def parser(doc: str | None, rounds: int) -> argparse.ArgumentParser:
    """A benchmark's command line: ``--rounds`` and ``--quick``."""
    p = argparse.ArgumentParser(description=(doc or "").split("\n")[0])
    p.add_argument("--rounds", type=int, default=rounds)
    p.add_argument("--quick", action="store_true", help="few rounds and small inputs: does it run, not how fast")
    return p


def verdict(r: Ratio, quick: bool) -> str:
    if quick or r.goal is None:
        return ""
    return "meets" if r.ratio <= r.goal else "MISSES"


def report(*ratios: Ratio, quick: bool = False) -> None:
    """Print each ratio; hand it to run_all.py's table when it collects them."""
    for r in ratios:
        goal = f"goal ≤ {r.goal:g}" if r.goal is not None else "no goal"
        print(
            f"  {r.path}: {fmt(r.seconds)} / {r.floor} {fmt(r.floor_seconds)} = {r.ratio:.2f}"
            f"  ({goal}; {r.runs} runs) {verdict(r, quick)}"
        )
    target = os.environ.get(REPORT_ENV)
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            for r in ratios:
                fh.write(json.dumps(asdict(r), ensure_ascii=False) + "\n")


def fmt(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


def timed(fn) -> float:
    """Wall-clock seconds of one call."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def per_call(fn, n: int) -> float:
    """Mean wall-clock seconds of ``n`` calls in a row."""
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def cpu(fn) -> float:
    """CPU seconds of this process: one core's work, whatever the other users of the machine do."""
    start = time.process_time()
    fn()
    return time.process_time() - start


# The commands timed cache their bytecode, as an installed planlib does after its first run (a
# shell that sets PYTHONDONTWRITEBYTECODE would otherwise have every run compile planlib's sources,
# while the floors' libraries come with their bytecode from pip).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(cmd: list[str], check: bool = True) -> float:
    """Wall-clock seconds of a command, its output discarded."""
    start = time.perf_counter()
    subprocess.run(cmd, check=check, stdout=subprocess.DEVNULL, env=CHILD_ENV)
    return time.perf_counter() - start


def planlib_cmd(*args: object) -> list[str]:
    """The command line as a user runs it (``python -m planlib`` is the ``planlib`` script)."""
    return [sys.executable, "-m", "planlib", *map(str, args)]


def alternate(floor_cmd: list[str], cmd: list[str], rounds: int) -> tuple[list[float], list[float]]:
    """Wall times of a baseline command and the measured one, run in turn ``rounds`` times after
    one warm-up each, so both see the same machine load."""
    wall(floor_cmd), wall(cmd)  # warm the file cache and the bytecode
    floor, measured = [], []
    for _ in range(rounds):
        floor.append(wall(floor_cmd))
        measured.append(wall(cmd))
    return floor, measured
