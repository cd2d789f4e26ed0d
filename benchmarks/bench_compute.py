"""``planlib compute`` on the bundled workbook against what it must pay: ``import openpyxl``.

Run: ``.venv/bin/python benchmarks/bench_compute.py [--rounds N] [--quick]``

1. The whole command, ``planlib compute data/xicheng_2020.xlsx --json``, as a process, against
   the floor ``python -c "import openpyxl"`` (what every Excel-reading Python program paid
   before planlib read through python-calamine); alternating. Goal ≤ 0.5.
2. In process: :func:`planlib.io.workbook.load_plan` against python-calamine reading every
   sheet of the same workbook into Python values (``to_python()``), alternating. No goal: it
   shows how far the reader is from its own floor.
"""

from __future__ import annotations

import statistics
import sys

from timing import WORKBOOK, Ratio, alternate, parser, per_call, planlib_cmd, report


def calamine_all_sheets(path) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)


def main() -> None:
    args = parser(__doc__, rounds=15).parse_args()
    rounds = 2 if args.quick else args.rounds

    floor, compute = alternate([sys.executable, "-c", "import openpyxl"], planlib_cmd("compute", WORKBOOK, "--json"),
                               rounds)
    whole = Ratio("planlib compute --json (process)", statistics.median(compute), "python -c 'import openpyxl'",
                  statistics.median(floor), 0.5, rounds)

    from planlib.io.workbook import load_plan

    load_plan(WORKBOOK), calamine_all_sheets(WORKBOOK)  # warm: imports, file cache
    reads, loads = [], []
    for _ in range(rounds * 2):
        reads.append(per_call(lambda: calamine_all_sheets(WORKBOOK), 10))
        loads.append(per_call(lambda: load_plan(WORKBOOK), 10))
    load = Ratio("load_plan (in process)", statistics.median(loads), "calamine, every sheet",
                 statistics.median(reads), None, rounds * 2)
    report(whole, load, quick=args.quick)


if __name__ == "__main__":
    main()
