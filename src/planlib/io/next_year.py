"""``planlib next-year`` (docs/contract.md §7): next year's plan workbook from this year's, its
history moved on by the ledger's actual figures (:mod:`planlib.core.next_year`).

The new workbook is the contract workbook of the next plan (:func:`planlib.io.workbook.plan_workbook`)
plus, copied value by value, every other sheet of this year's workbook that planlib does not
write itself (执法人员名单, 检查频次上限 …), except 放假安排 (the old year's arrangement). A sheet
``检查实绩`` records the year's inspections from the ledger: per unit the visits and their
workdays (each visit's 用时, or the plan's days per inspection of its type).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from planlib.core.ledger import Ledger
from planlib.core.model import Number, Plan, WorkdayItem
from planlib.core.next_year import next_year_plan
from planlib.core.progress import PlanLists, judge, visit_workdays
from planlib.errors import InputError
from planlib.io.ledger import COL_ACTUAL_ITEM, SHEET_ACTUAL, with_plan_names
from planlib.io.owned import write_owned
from planlib.io.workbook import SHEET_ARRANGEMENT, load_plan, plan_workbook
from planlib.io.xlsxio import Book, name_key, norm_header, open_book
from planlib.text.next_year import workbook_note
from planlib.text.numbers import as_float
from planlib.text.report import text_width

SHEET_DONE = "检查实绩"
DONE_COLUMNS = ("年度", "执法单位", "检查家次", "检查工作日")


def next_year_file(year: int) -> str:
    """The default name of the next year's workbook (beside the plan's outputs)."""
    return f"计划_{year}.xlsx"


@dataclass(frozen=True)
class NextYear:
    path: Path
    plan: Plan  # the next year's plan as written
    missing: tuple[WorkdayItem, ...]  # items that needed an actual figure and had none
    visits: Mapping[str, int]  # this year's counted visits per unit
    workdays: Mapping[str, Fraction]  # and their workdays
    no_actuals: bool  # the ledger has no 实际工作日 sheet


def actual_figures(plan: Plan, ledger: Ledger) -> dict[tuple[str, str], Number]:
    """实际工作日 matched to the plan's items (width- and space-insensitive); a row naming no item of
    工作日类别 is an input error naming the ledger's row."""
    items = {(i.category, name_key(i.name)): i.name for i in plan.items}
    out: dict[tuple[str, str], Number] = {}
    for a in ledger.actuals or ():
        name = items.get((a.category, name_key(a.item)))
        if name is None:
            raise InputError(
                ledger.source,
                f"类别“{a.category}”、项目“{a.item}”不是计划工作簿“工作日类别”中的项目",
                SHEET_ACTUAL,
                f"第{a.row}行 列“{COL_ACTUAL_ITEM}”",
            )
        out[(a.category, name)] = a.workdays
    return out


def _copy_other_sheets(source: Book, wb) -> None:
    taken = {norm_header(n) for n in wb.sheetnames}
    for sheet_title in source.titles:
        title = norm_header(sheet_title)
        if title in taken or title == SHEET_ARRANGEMENT:
            continue
        copy = wb.create_sheet(sheet_title)
        for (r, c), value in source.cell_values(sheet_title).items():  # existing cells only
            copy.cell(row=r, column=c, value=value)


def _done_sheet(wb, year: int, units: Sequence[str], visits: Mapping[str, int], days: Mapping[str, Fraction]) -> None:
    """检查实绩 headed like the contract sheets (bold, filled, frozen), its columns as wide as their text."""
    from openpyxl.utils import get_column_letter

    from planlib.io.workbook.write import HEADER_FILL, HEADER_FONT

    ws = wb.create_sheet(SHEET_DONE)
    ws.append(list(DONE_COLUMNS))
    for cell in ws[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    rows = [[year, u, visits.get(u, 0), as_float(days.get(u, Fraction(0)))] for u in units]
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"
    for c, header in enumerate(DONE_COLUMNS):
        widest = max([text_width(header)] + [text_width(row[c]) for row in rows])
        ws.column_dimensions[get_column_letter(c + 1)].width = widest + 2


def write_next_year(
    plan_path: str | os.PathLike,
    ledger: Ledger,
    out_path: str | os.PathLike,
    lists: PlanLists | None = None,
) -> NextYear:
    """Write the next year's workbook to ``out_path`` by the rule of :mod:`planlib.io.owned` (a file
    there is replaced only if planlib wrote it and nobody changed it since)."""
    book = open_book(plan_path)
    plan = load_plan(book)
    ledger = with_plan_names(ledger, [u.name for u in plan.units])
    nxt, missing = next_year_plan(plan, actual_figures(plan, ledger))
    lists = lists or PlanLists(tuple(u.name for u in plan.units))
    counted, _ = judge(ledger.visits, lists, plan.year, dt.date(plan.year, 12, 31))
    visits = {u: sum(1 for v in counted if v.unit == u) for u in lists.units}
    days = visit_workdays(counted, lists, plan.days_per_key_inspection, plan.days_per_general_inspection)
    note = workbook_note(plan.year, Path(plan_path).name, Path(ledger.source).name)
    wb = plan_workbook(nxt, note, blank_rows=10)
    _copy_other_sheets(book, wb)
    _done_sheet(wb, plan.year, lists.units, visits, days)
    target = Path(out_path)
    write_owned(target.parent, {target.name: wb.save})
    return NextYear(target, nxt, missing, visits, days, ledger.actuals is None)
