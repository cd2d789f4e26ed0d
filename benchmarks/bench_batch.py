"""``planlib batch`` over 200 generated workbooks: workbooks per second, share of time reading Excel.

Run: ``.venv/bin/python benchmarks/bench_batch.py [--workbooks 200] [--rounds 5]``

The workbooks are written into a temporary folder with :func:`planlib.io.workbook.write_plan`
from varied plans (the bundled Xicheng plan moved to 2020–2025 with its history, other
authorities, other staff and submitted figures). Everything runs in this one process, on
one core. In each round, alternating:

- read: :func:`planlib.io.workbook.load_plan` of every workbook (reading Excel);
- baseline: compute + check + contract JSON of the plans already in memory;
- per-workbook phase of the batch (:func:`planlib.app.batch.compute_all`: read + compute + check);
- writing the summary workbook and the comparison chart.

Goal: the per-workbook phase at ≥ 50 workbooks/s. Then ``planlib batch DIR`` end to end.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from timing import WORKBOOK, cpu, timed, wall


def varied(base, i: int):
    """The ``i``-th district: another authority, year (history moved with it) and figures; odd
    districts also other staff, with key inspections left to the 60% minimum (as the template allows)."""
    shift = i % 6
    items = tuple(
        replace(item, history={y + shift: v for y, v in item.history.items()},
                reported=item.reported + (i % 7) * 3 if item.reported else item.reported)
        for item in base.items)
    units = base.units
    if i % 2:
        units = tuple(replace(u, staff=u.staff + (i + k) % 3, key_inspections=0) for k, u in enumerate(base.units))
    return base.with_changes(
        authority=f"示例市第{i + 1}区应急管理局", year=base.year + shift, items=items, units=units,
        staff_history={y + shift: s for y, s in base.staff_history.items()},
        headcount=base.headcount + i % 20, entity_base=base.entity_base + 37 * i, cells={}, source="")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workbooks", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    n = args.workbooks

    from planlib.app import batch
    from planlib.core.compute import compute
    from planlib.io.contract import to_contract
    from planlib.text.findings import check
    from planlib.io.workbook import load_plan, write_plan

    base = load_plan(WORKBOOK)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "plans"
        folder.mkdir()
        t = timed(lambda: [write_plan(varied(base, i), folder / f"district_{i:03d}.xlsx") for i in range(n)])
        paths = sorted(folder.glob("*.xlsx"))
        print(f"generated {len(paths)} workbooks in {t:.1f} s")
        plans = [load_plan(p) for p in paths]
        rows, failures = batch.compute_all(paths)
        assert not failures and len(rows) == n, failures[:3]
        print(f"years {sorted({r.plan['year'] for r in rows})}, "
              f"workdays per person {sorted({r.plan['calendar']['workdays_per_person'] for r in rows})}, "
              f"plans with error findings {sum(r.count('error') > 0 for r in rows)}")

        out = Path(tmp) / "out"
        out.mkdir()
        steps = {
            "read Excel (load_plan)": lambda: [load_plan(p) for p in paths],
            "baseline compute+check+JSON": lambda: [to_contract(r := compute(p), check(r)) for p in plans],
            "batch per-workbook phase": lambda: batch.compute_all(paths),
            "summary workbook + chart": lambda: batch.write_outputs(rows, [], out, False),
        }
        seconds = {name: ([], []) for name in steps}
        for _ in range(args.rounds):  # alternating, so every step sees the same machine load
            for name, step in steps.items():
                seconds[name][0].append(timed(step))
                seconds[name][1].append(cpu(step))
        med = {name: (statistics.median(w), statistics.median(c)) for name, (w, c) in seconds.items()}
        for name, (w, c) in med.items():
            print(f"{name:30s} median wall {w:5.2f} s, CPU {c:5.2f} s  ({c / n * 1e3:5.2f} ms CPU/workbook)")
        (rw, rc), (bw, bc), (pw, pc), (ww, wc) = med.values()
        print(f"per-workbook phase: {n / pc:5.1f} workbooks/s on one core (CPU), {n / pw:5.1f} by the wall clock"
              f"  (goal ≥ 50)")
        print(f"  share of the phase reading Excel  {rc / pc:.0%} (CPU);  ratio phase / baseline {pc / bc:.1f}")
        print(f"with summary + chart: {n / (pc + wc):5.1f} workbooks/s (CPU)  ({args.rounds} rounds)")

        cmd = [sys.executable, "-m", "planlib", "batch", str(folder), "--out", str(out)]
        walls, cpus = [], []
        for _ in range(3):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            walls.append(wall(cmd))
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        e, c = statistics.median(walls), statistics.median(cpus)
        print(f"planlib batch DIR end to end  median wall {e:5.2f} s ({n / e:5.1f} workbooks/s), "
              f"CPU {c:5.2f} s ({n / c:5.1f} workbooks/s)  (3 runs, imports included)")


if __name__ == "__main__":
    main()
