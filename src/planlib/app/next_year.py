"""``planlib next-year PLAN.xlsx --ledger L [--register R] [--out NEXT.xlsx]`` (docs/contract.md §7)."""

from __future__ import annotations

import sys
from pathlib import Path

from planlib import config
from planlib.core.progress import PlanLists
from planlib.errors import InputError
from planlib.io.ledger import read_ledger
from planlib.io.next_year import next_year_file, write_next_year
from planlib.io.owned import refuse_taken
from planlib.io.workbook import compute_workbook, load_plan
from planlib.text.next_year import computed_line, missing_lines, not_computed_line, written_line


def default_path(plan_path: str, year: int) -> Path:
    return config.work_outputs(plan_path) / next_year_file(year)


def command(
    plan_path: str,
    ledger_path: str,
    *,
    out_path: str | None = None,
    register_path: str | None = None,
    mode: str | None = None,
) -> int:
    """Write the next year's workbook, then compute it; exit 1 when it does not compute (an item
    without its actual figure), 0 otherwise."""
    year = load_plan(plan_path).year
    target = Path(out_path) if out_path else default_path(plan_path, year + 1)
    refuse_taken(target.parent, {target.name})  # a user's file of that name: refused before any work
    ledger = read_ledger(ledger_path)
    lists = None
    if register_path:
        from planlib.io.draw import load_with_register

        rp = load_with_register(plan_path, register_path, mode, progress=False)
        key = tuple((e, unit) for unit, pairs in rp.assignment.by_unit.items() for e, _ in pairs)
        lists = PlanLists(tuple(u.name for u in rp.plan.units), key, (), {e.code: e for e in rp.register.entities})
    result = write_next_year(plan_path, ledger, target, lists)
    print(written_line(result.plan.year, result.path))
    for line in missing_lines(result.missing, result.no_actuals, result.plan.year - 1):
        print(line, file=sys.stderr)
    try:
        computed, _ = compute_workbook(result.path, mode)
    except InputError as e:
        print(not_computed_line(str(e)), file=sys.stderr)
        return 1
    print(computed_line(computed))
    return 0
