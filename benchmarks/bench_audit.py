"""``planlib audit`` of the reference plan's text against ``import openpyxl``.

Run: ``.venv/bin/python benchmarks/bench_audit.py [--rounds N] [--quick]``

1. The command end to end, ``planlib audit TEXT --json``, against the floor
   ``python -c "import openpyxl"`` (alternating). Goal ≤ 0.8: auditing a text reads no workbook.
2. In process: the whole audit (:func:`planlib.audit.audit_file`: read, extract, settle, check)
   against reading and extracting the text alone (:func:`planlib.audit.plantext.read_plan_text`),
   alternating. No goal.
"""

from __future__ import annotations

import statistics
import sys

from timing import ROOT, Ratio, alternate, parser, per_call, planlib_cmd, report

TEXT = ROOT / "tests" / "data" / "plans" / "clean-xicheng-2020.txt"


def main() -> None:
    args = parser(__doc__, rounds=10).parse_args()
    rounds = 2 if args.quick else args.rounds

    floor, cli = alternate([sys.executable, "-c", "import openpyxl"], planlib_cmd("audit", TEXT, "--json"), rounds)
    command = Ratio("planlib audit TEXT --json (process)", statistics.median(cli), "python -c 'import openpyxl'",
                    statistics.median(floor), 0.8, rounds)

    from planlib.audit import audit_file
    from planlib.audit.plantext import read_plan_text

    assert not audit_file(TEXT).has_errors  # the reference plan is clean: we time the real path
    read, full = [], []
    for _ in range(rounds * 3):
        read.append(per_call(lambda: read_plan_text(TEXT), 10))
        full.append(per_call(lambda: audit_file(TEXT), 10))
    in_process = Ratio("audit of the text (in process)", statistics.median(full), "reading + extracting it",
                       statistics.median(read), None, rounds * 3)
    report(command, in_process, quick=args.quick)


if __name__ == "__main__":
    main()
