"""What every benchmark here times with: wall clock and CPU of a call, wall clock of a command.

The scripts in this folder import it as ``timing`` (Python puts a script's folder on sys.path).
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK = ROOT / "data" / "xicheng_2020.xlsx"


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


def wall(cmd: list[str], check: bool = True) -> float:
    """Wall-clock seconds of a command, its output discarded."""
    start = time.perf_counter()
    subprocess.run(cmd, check=check, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def alternate(floor_cmd: list[str], cmd: list[str], rounds: int) -> tuple[list[float], list[float]]:
    """Wall times of a baseline command and the measured one, run in turn ``rounds`` times after
    one warm-up each, so both see the same machine load."""
    wall(floor_cmd), wall(cmd)  # warm the file cache
    floor, measured = [], []
    for _ in range(rounds):
        floor.append(wall(floor_cmd))
        measured.append(wall(cmd))
    return floor, measured
