"""Reading 历史数据 and checking that each method finds the history it needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from planlib.core.estimation import history_years
from planlib.core.model import METHOD_LAST_YEAR, METHOD_PER_OFFICER, WorkdayItem
from planlib.io.workbook.contract import (
    COL_CATEGORY,
    COL_ITEM,
    HISTORY_SHEET,
    SHEET_HISTORY,
    STAFF_CATEGORY,
    STAFF_ITEM,
)
from planlib.io.workbook.values import CATEGORY_ALIASES, category_of, read_sheet, refuse_total_row
from planlib.io.xlsxio import Book, T, Table, coord, name_key, parse_year_header, show


@dataclass
class HistorySheet:
    table: Table | None
    years: dict[int, int] = field(default_factory=dict)  # year -> column
    rows: dict[tuple[str, str], int] = field(default_factory=dict)  # (category, name key) -> row
    staff_row: int | None = None


def read_history(book: Book) -> HistorySheet:
    t = read_sheet(book, HISTORY_SHEET)
    if t is None:
        return HistorySheet(None)
    h = HistorySheet(t)
    for c, header in t.headers.items():
        year = parse_year_header(header)
        if year is None:
            continue
        if year in h.years:
            raise t.error(f"年度列{year}出现了两次", coord(t.header_row, c))
        h.years[year] = c
    t.columns.update({f"year:{y}": c for y, c in h.years.items()})  # count year cells as content
    allowed = CATEGORY_ALIASES | {STAFF_CATEGORY: STAFF_CATEGORY}
    for r in t.rows():
        refuse_total_row(t, t.text(r, COL_CATEGORY), t.text(r, COL_ITEM), where=t.raw(r, COL_CATEGORY)[1])
        category = category_of(t, r, allowed)
        name = t.text(r, COL_ITEM, required=True, name=True)
        refuse_total_row(t, name, where=t.raw(r, COL_ITEM)[1])
        key = (category, name_key(name))
        if category == STAFF_CATEGORY and key[1] != STAFF_ITEM:
            raise t.error(f"类别“{STAFF_CATEGORY}”只能有项目“{STAFF_ITEM}”", t.raw(r, COL_ITEM)[1])
        if key in h.rows:
            raise t.error(f"“{category}/{show(name)}”的历史数据行重复（已在第{h.rows[key]}行）", t.raw(r, COL_ITEM)[1])
        h.rows[key] = r
    h.staff_row = h.rows.pop((STAFF_CATEGORY, STAFF_ITEM), None)
    return h


def history_values(
    h: HistorySheet, row: int, parse: Callable[[object], T | None]
) -> tuple[dict[int, T], dict[int, str]]:
    values: dict[int, T] = {}
    cells: dict[int, str] = {}
    if h.table is None:  # no 历史数据 sheet: no rows either
        return values, cells
    for year, col in sorted(h.years.items()):
        value = h.table.get(row, f"year:{year}", parse, f"{year}年")
        if value is not None:
            values[year] = value
            cells[year] = f"{h.table.sheet}!{coord(row, col)}"
    return values, cells


def _needed_years(method: str, year: int) -> tuple[int, ...]:
    return (year - 1,) if method == METHOD_LAST_YEAR else history_years(year)


def check_history(
    book: Book, h: HistorySheet, item: WorkdayItem, method_cell: str, year: int, staff: dict[int, int]
) -> None:
    """The history a method needs is there; otherwise name the sheet and the missing cell or row."""
    method, name = item.method, item.name
    years = _needed_years(method, year)
    span = f"{years[0]}年" if len(years) == 1 else f"{years[0]}–{years[-1]}年"
    why = f"项目“{show(name)}”按{method}测算（{method_cell}），需要{span}的数据"
    if h.table is None:
        raise book.error(f"缺少工作表（{why}）", SHEET_HISTORY)
    t = h.table
    for y in years:
        if y not in h.years:
            raise t.error(f"缺少{y}年的列（{why}）", f"列“{y}”")
    row = h.rows.get((item.category, name_key(name)))
    if row is None:
        raise t.error(f"没有类别“{item.category}”、项目“{show(name)}”的行（{why}）", f"列“{COL_ITEM}”")
    for y in years:
        if y not in item.history:
            raise t.error(f"{y}年的数据为空（{why}）", coord(row, h.years[y]))
    if method == METHOD_PER_OFFICER:
        if h.staff_row is None:
            raise t.error(f"缺少“{STAFF_CATEGORY}/{STAFF_ITEM}”行（{why}及各年执法人员数）", f"列“{COL_CATEGORY}”")
        for y in years:
            if not staff.get(y):
                raise t.error(f"{y}年的执法人员数为空或为0（{why}及各年执法人员数）", coord(h.staff_row, h.years[y]))
