"""``planlib audit`` on the reference plan's text: time per plan.

Run: ``.venv/bin/python benchmarks/bench_audit.py [--rounds N]``

In process, alternating in each round (so both see the same machine load):
- baseline: ``compute(plan)`` of the bundled Xicheng plan (the core's figure, ~0.25 ms);
- reading and extracting the text (:func:`planlib.audit.plantext.read_plan_text`);
- the whole audit (:func:`planlib.audit.audit_file`: read, extract, settle, check).
Reported: medians per plan and the ratio audit ÷ baseline. Then the command line end to end,
``planlib audit TEXT --json``, against the floor ``python -c "import openpyxl"`` (alternating).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from timing import ROOT, WORKBOOK, alternate, per_call

TEXT = ROOT / "tests" / "data" / "plans" / "clean-xicheng-2020.txt"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--cli-rounds", type=int, default=10)
    args = parser.parse_args()

    from planlib.audit import audit_file
    from planlib.core.compute import compute
    from planlib.audit.plantext import read_plan_text
    from planlib.io.workbook import load_plan

    plan = load_plan(WORKBOOK)
    assert not audit_file(TEXT).has_errors  # the reference plan is clean: we time the real path
    base, read, full = [], [], []
    for _ in range(args.rounds):
        base.append(per_call(lambda: compute(plan), 200))
        read.append(per_call(lambda: read_plan_text(TEXT), 20))
        full.append(per_call(lambda: audit_file(TEXT), 20))
    b, r, f = (statistics.median(x) for x in (base, read, full))
    print(f"baseline compute(plan)        median {b * 1e3:7.3f} ms")
    print(f"read + extract the text       median {r * 1e3:7.3f} ms  ({r / f:.0%} of the audit)")
    print(f"audit of the reference text   median {f * 1e3:7.3f} ms  = {1 / f:,.0f} plans/s  ({args.rounds} rounds)")
    print(f"ratio audit / compute         {f / b:.1f}")

    floor_cmd = [sys.executable, "-c", "import openpyxl"]
    audit_cmd = [sys.executable, "-m", "planlib", "audit", str(TEXT), "--json"]
    floor, cli = alternate(floor_cmd, audit_cmd, args.cli_rounds)
    fl, c = statistics.median(floor), statistics.median(cli)
    print(f"python -c 'import openpyxl'   median {fl * 1e3:7.1f} ms")
    print(f"planlib audit TEXT --json     median {c * 1e3:7.1f} ms  ({args.cli_rounds} runs)")
    print(f"ratio command / floor         {c / fl:.2f}")


if __name__ == "__main__":
    main()
