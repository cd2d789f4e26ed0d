"""Run every benchmark in this folder and print one table of ratios (``make bench``).

Run: ``.venv/bin/python benchmarks/run_all.py [--quick] [--only NAME ...]``

Each ``bench_*.py`` runs in its own process (import costs are part of what is measured) and
reports its ratios (see ``timing.py``: a figure against a floor measured in the same run,
interleaved). The table gives, per path: planlib's median, the floor's, their ratio and the
goal; verdicts only in a full run. ``--quick`` (few rounds, small inputs, no verdicts) is what
CI runs (``tests/test_benchmarks.py``): it checks that every benchmark still runs and reports.
Exit status 1 when a benchmark fails or reports nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import REPORT_ENV, Ratio, fmt, verdict

HERE = Path(__file__).resolve().parent


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:  # not Linux
        return "n/a"


def table(ratios: list[Ratio], quick: bool) -> str:
    head = ("path", "planlib", "floor", "floor time", "ratio", "goal", "verdict")
    body = [
        (r.path, fmt(r.seconds), r.floor, fmt(r.floor_seconds), f"{r.ratio:.2f}",
         f"≤ {r.goal:g}" if r.goal is not None else "—", verdict(r, quick) or "—")
        for r in ratios
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description="every benchmark, one table of ratios")
    p.add_argument("--quick", action="store_true", help="few rounds, small inputs, no verdicts (CI)")
    p.add_argument("--only", nargs="*", default=None, help="benchmark names, e.g. compute batch")
    args = p.parse_args()
    scripts = sorted(HERE.glob("bench_*.py"))
    if args.only:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in args.only]
    before = load_average()
    failed: list[str] = []
    ratios: list[Ratio] = []
    with tempfile.TemporaryDirectory() as tmp:
        for script in scripts:
            print(f"\n=== {script.name}", flush=True)
            sink = Path(tmp) / f"{script.stem}.jsonl"
            env = {**os.environ, REPORT_ENV: str(sink)}
            code = subprocess.run([sys.executable, str(script), *(["--quick"] if args.quick else [])], env=env).returncode
            rows = [Ratio(**json.loads(line)) for line in sink.read_text(encoding="utf-8").splitlines()] if sink.exists() else []
            if code or not rows:
                failed.append(f"{script.name} ({'exit ' + str(code) if code else 'reported nothing'})")
            ratios += rows
    print(f"\n## planlib benchmarks{' (quick: no verdicts)' if args.quick else ''}; "
          f"load average {before} before, {load_average()} after\n")
    print(table(ratios, args.quick))
    if failed:
        print("\nFAILED: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
