"""Reading the optional sheets of docs/contract.md §4: 单位工作日 and 放假安排."""

from __future__ import annotations

import dataclasses

from planlib.core.model import (
    ARRANGEMENT_KINDS,
    MAKEUP_WORKDAY,
    METHOD_REPORTED,
    SUM_ROWS,
    CellKey,
    HolidayRange,
    Number,
    SheetNote,
    Unit,
    UnitWorkdays,
    WorkdayItem,
    item_cell,
    reported_cell,
    sheet_cell,
    unit_workdays_cell,
)
from planlib.io.workbook.contract import (
    ARRANGEMENT_SHEET,
    COL_END,
    COL_ITEM,
    COL_KIND,
    COL_NAME,
    COL_NOTE,
    COL_START,
    COL_UNIT,
    COL_WORKDAYS,
    SHEET_ARRANGEMENT,
    SHEET_ITEMS,
    SHEET_UNITS,
    UNIT_WORKDAYS_SHEET,
)
from planlib.io.workbook.values import (
    CATEGORY_ALIASES,
    WHOLE_DAYS_VALUE,
    category_of,
    read_sheet,
    refuse_total_row,
)
from planlib.io.xlsxio import Book, coord, fold, is_blank, name_key, parse_date, parse_text, show


def _note_unit_subtotals(book: Book, sheet: str, rows: list[UnitWorkdays], cells: dict[CellKey, str]) -> None:
    """A unit's row for a whole category (项目 blank) that equals the sum of its item rows of that
    category is likely their 小计: it would count them twice. A warning finding names it."""
    found = []
    for r in rows:
        if r.item:
            continue
        parts = [x.workdays for x in rows if x.unit == r.unit and x.category == r.category and x.item]
        if parts and r.workdays and r.workdays == sum(parts):
            cell = cells[unit_workdays_cell(r.unit, r.category, "")].rpartition("!")[2]
            found.append((int("".join(ch for ch in cell if ch.isdigit()) or 0), cell))
    if found:
        found.sort()
        book.note(SheetNote(SUM_ROWS, sheet, tuple(n for n, _ in found), tuple(c for _, c in found)))


def read_unit_workdays(
    book: Book, units: tuple[Unit, ...], items: list[WorkdayItem], cells: dict[CellKey, str]
) -> tuple[tuple[UnitWorkdays, ...], list[WorkdayItem]]:
    """单位工作日 (docs/contract.md §4): each row's unit and item resolved to their names as typed in
    执法人员 and 工作日类别; an item stated per unit gets the sum of its rows as its 填报值
    (a 填报值 typed as well must equal it)."""
    t = read_sheet(book, UNIT_WORKDAYS_SHEET)
    if t is None:
        return (), items
    unit_names = {name_key(u.name): u.name for u in units}
    by_name = {(i.category, name_key(i.name)): i for i in items}
    rows: list[UnitWorkdays] = []
    seen: dict[tuple[str, str, str], str] = {}
    sums: dict[tuple[str, str], tuple[int, str]] = {}  # (category, item) -> (sum, first cell)
    for r in t.rows():
        typed_unit = t.text(r, COL_UNIT, required=True)
        refuse_total_row(t, typed_unit, t.text(r, COL_ITEM), where=t.raw(r, COL_UNIT)[1])
        unit = unit_names.get(name_key(typed_unit))
        if unit is None:
            raise t.error(
                f"执法单位“{show(typed_unit)}”不在工作表“{SHEET_UNITS}”中（应为：{'、'.join(u.name for u in units)}）",
                t.raw(r, COL_UNIT)[1],
            )
        category = category_of(t, r, CATEGORY_ALIASES)
        typed_item = t.text(r, COL_ITEM)
        name = ""
        if typed_item:
            item = by_name.get((category, name_key(typed_item)))
            if item is None:
                raise t.error(
                    f"项目“{show(typed_item)}”不在工作表“{SHEET_ITEMS}”的类别“{category}”中"
                    "（留空表示该单位本类别的合计）",
                    t.raw(r, COL_ITEM)[1],
                )
            if item.method != METHOD_REPORTED:
                method_at = cells.get(item_cell(category, item.name), SHEET_ITEMS)
                raise t.error(
                    f"项目“{show(item.name)}”的测算方法为“{item.method}”（{method_at}），"
                    f"按单位填报工作日的项目测算方法应为“{METHOD_REPORTED}”或空白",
                    t.raw(r, COL_ITEM)[1],
                )
            name = item.name
        days = t.get(r, COL_WORKDAYS, WHOLE_DAYS_VALUE)
        if days is None:
            raise t.error(f"“{COL_WORKDAYS}”不能为空", t.raw(r, COL_WORKDAYS)[1])
        key, where = (unit, category, name), t.cell(r, COL_UNIT)
        if key in seen:
            what = f"项目“{name}”" if name else "本类别合计（项目空白）"
            raise t.error(f"执法单位“{unit}”的{category}{what}重复（已在 {seen[key]} 填写）", t.raw(r, COL_UNIT)[1])
        seen[key] = where
        cells[unit_workdays_cell(unit, category, name)] = t.cell(r, COL_WORKDAYS)
        rows.append(UnitWorkdays(unit, category, name, days, t.text(r, COL_NOTE)))
        if name:
            total, first = sums.get((category, name), (0, t.cell(r, COL_WORKDAYS)))
            sums[category, name] = (total + days, first)
    _note_unit_subtotals(book, t.sheet, rows, cells)
    out = []
    for item in items:
        if (item.category, item.name) in sums:
            total, first = sums[item.category, item.name]
            typed = cells.get(reported_cell(item.category, item.name))
            if typed is not None and item.reported != total:
                raise t.error(
                    f"项目“{show(item.name)}”的填报值{_number_text(item.reported)}（{typed}）与各单位工作日之和{total}"
                    f"（{first} 起）不一致",
                    first.rpartition("!")[2],
                )
            item = dataclasses.replace(item, reported=total)
        out.append(item)
    return tuple(rows), out


def _number_text(value: Number) -> str:
    return str(value) if isinstance(value, int) else str(float(value))


def read_arrangement(book: Book, year: int, cells: dict[CellKey, str]) -> tuple[HolidayRange, ...] | None:
    """放假安排 (docs/contract.md §4), checked: a range must not end before it starts, a 上班 date
    must be a Saturday or Sunday, and no date may be both 放假 and 上班. None if absent or empty."""
    t = read_sheet(book, ARRANGEMENT_SHEET)
    if t is None:
        return None
    kinds = {fold(k): k for k in ARRANGEMENT_KINDS}
    ranges: list[HolidayRange] = []
    marked: dict[object, tuple[str, str]] = {}  # date -> (kind, cell of its row's 开始日期)
    for r in t.rows():
        start = t.get(r, COL_START, parse_date)
        start_cell = t.raw(r, COL_START)[1]
        if start is None:
            raise t.error(f"“{COL_START}”不能为空", start_cell)
        end = t.get(r, COL_END, parse_date) or start
        if end < start:
            raise t.error(f"结束日期{end:%Y-%m-%d}早于开始日期{start:%Y-%m-%d}（{start_cell}）", t.raw(r, COL_END)[1])
        if (end - start).days > 60:
            raise t.error(
                f"日期范围{start:%Y-%m-%d}至{end:%Y-%m-%d}超过60天，不像是一次放假或调休", t.raw(r, COL_END)[1]
            )
        raw_kind, kind_cell = t.raw(r, COL_KIND)
        kind = kinds.get(fold(parse_text(raw_kind)))
        if kind is None:
            raise t.error(
                f"类型“{show(raw_kind) if not is_blank(raw_kind) else ''}”无效，应为 {' 或 '.join(ARRANGEMENT_KINDS)}",
                kind_cell,
            )
        row = HolidayRange(t.text(r, COL_NAME), start, end, kind)
        for d in row.dates():
            if kind == MAKEUP_WORKDAY and d.weekday() < 5:
                weekday = "一二三四五"[d.weekday()]
                raise t.error(f"调休上班日期{d:%Y-%m-%d}是星期{weekday}，上班日应为星期六或星期日", start_cell)
            other = marked.get(d)
            if other is not None and other[0] != kind:
                raise t.error(f"{d:%Y-%m-%d}既是放假又是上班（另见 {t.sheet}!{other[1]}）", start_cell)
            marked.setdefault(d, (kind, start_cell))
        ranges.append(row)
    if not ranges:
        return None
    cells[sheet_cell(SHEET_ARRANGEMENT)] = f"{t.sheet}!{coord(t.header_row, t.columns[COL_START])}"
    return tuple(ranges)
