"""``planlib batch`` over generated workbooks against python-calamine reading the same files.

Run: ``.venv/bin/python benchmarks/bench_batch.py [--workbooks 600] [--rounds 3] [--quick]``

The workbooks are written into a temporary folder with :func:`planlib.io.workbook.write_plan`
from varied plans (the bundled Xicheng plan moved to 2020–2025 with its history, other
authorities, other staff and submitted figures). Then, alternating in each round:

- the floor: python-calamine reading every sheet of every workbook into Python values, in
  this one process, on one core (no reader can do less);
- ``planlib batch DIR --out OUT`` end to end, as a user runs it (imports, the per-workbook
  phase on every core, the summary workbook and the chart).

Goal: the command ≤ 4× the floor (on this machine's two cores, ≥ 150 workbooks/s).
"""

from __future__ import annotations

import statistics
import tempfile
from dataclasses import replace
from pathlib import Path

from timing import WORKBOOK, Ratio, parser, planlib_cmd, report, timed, wall


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


def calamine_read(paths: list[Path]) -> int:
    from python_calamine import CalamineWorkbook

    cells = 0
    for path in paths:
        book = CalamineWorkbook.from_path(str(path))
        cells += sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)
    return cells


def main() -> None:
    p = parser(__doc__, rounds=3)
    p.add_argument("--workbooks", type=int, default=600)
    args = p.parse_args()
    n, rounds = (24, 1) if args.quick else (args.workbooks, args.rounds)

    from planlib.app import batch
    from planlib.io.workbook import load_plan, write_plan

    base = load_plan(WORKBOOK)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "plans"
        folder.mkdir()
        t = timed(lambda: [write_plan(varied(base, i), folder / f"district_{i:03d}.xlsx") for i in range(n)])
        paths = sorted(folder.glob("*.xlsx"))
        print(f"generated {len(paths)} workbooks in {t:.1f} s")
        rows, failures = batch.compute_all(paths)
        assert not failures and len(rows) == n, failures[:3]
        print(f"years {sorted({r.year for r in rows})}, "
              f"workdays per person {sorted({r.result.workdays_per_person for r in rows})}, "
              f"plans with error findings {sum(r.count('error') > 0 for r in rows)}")

        out = Path(tmp) / "out"
        cmd = planlib_cmd("batch", folder, "--out", out)
        wall(cmd), calamine_read(paths)  # warm: bytecode, file cache
        floor, ours = [], []
        for _ in range(rounds):
            floor.append(timed(lambda: calamine_read(paths)))
            ours.append(wall(cmd))
        f, o = statistics.median(floor), statistics.median(ours)
        print(f"planlib batch: {n / o:.1f} workbooks/s by the wall clock; calamine alone {n / f:.1f}/s")
        report(Ratio(f"planlib batch, {n} workbooks (process)", o, "calamine reading them, one process", f, 4.0,
                     rounds), quick=args.quick)


if __name__ == "__main__":
    main()
