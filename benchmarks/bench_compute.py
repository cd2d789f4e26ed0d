"""`planlib compute` on the bundled workbook against the floor `python -c "import pandas, openpyxl"`.

Run: ``.venv/bin/python benchmarks/bench_compute.py [--rounds N]``

The two commands alternate, so both see the same machine load; the figure that matters is
the ratio of medians (goal ≤ 1.3). Also times the in-memory computation of a loaded plan
(goal: well under 1 ms), which the dashboard runs on every slider move.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import timeit
from timing import WORKBOOK, alternate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds

    floor_cmd = [sys.executable, "-c", "import pandas, openpyxl"]
    compute_cmd = [sys.executable, "-m", "planlib", "compute", str(WORKBOOK), "--json"]
    floor, compute = alternate(floor_cmd, compute_cmd, rounds)
    f, c = statistics.median(floor), statistics.median(compute)
    print(f"import pandas, openpyxl  median {f * 1000:7.1f} ms  ({rounds} runs)")
    print(f"planlib compute --json   median {c * 1000:7.1f} ms  ({rounds} runs)")
    print(f"ratio compute / floor    {c / f:.2f}  (goal ≤ 1.30)")

    from planlib.core.compute import compute as compute_plan
    from planlib.io.workbook import load_plan

    plan = load_plan(WORKBOOK)
    load_s = min(timeit.repeat(lambda: load_plan(WORKBOOK), number=5, repeat=5)) / 5
    n = 2000
    per_call = min(timeit.repeat(lambda: compute_plan(plan), number=n, repeat=5)) / n
    print(f"load_plan (in process)   best {load_s * 1000:7.2f} ms")
    print(f"compute (in memory)      best {per_call * 1e6:7.1f} µs  (goal well under 1000 µs)")


if __name__ == "__main__":
    main()
