"""Reading 执法人员 (the units) and 工作日类别 (the workday items)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from planlib.core.model import (
    METHOD_NOT_COUNTED,
    METHOD_REPORTED,
    METHODS,
    SUM_ROWS,
    CellKey,
    SheetNote,
    Unit,
    WorkdayItem,
    item_cell,
    reported_cell,
    unit_cell,
)
from planlib.io.workbook.contract import (
    COL_CATEGORY,
    COL_ITEM,
    COL_KEY_COUNT,
    COL_METHOD,
    COL_NOTE,
    COL_REMARK,
    COL_REPORTED,
    COL_STAFF,
    COL_UNIT,
    COL_WEIGHT,
    HISTORY_SHEET,
    ITEMS_SHEET,
    MAX_WEIGHT,
    SHEET_HISTORY,
    UNITS_SHEET,
)
from planlib.io.workbook.values import (
    CATEGORY_ALIASES,
    DAYS_VALUE,
    ENTITIES_VALUE,
    PERSONS_VALUE,
    category_of,
    read_sheet,
    refuse_total_row,
    require_sheet,
)
from planlib.io.xlsxio import Book, Table, fold, is_blank, name_key, parse_nonnegative, parse_text, show


def read_units(book: Book) -> tuple[tuple[Unit, ...], dict[CellKey, str]]:
    t = require_sheet(book, UNITS_SHEET)
    units: list[Unit] = []
    cells: dict[CellKey, str] = {}
    seen: dict[str, str] = {}
    for r in t.rows():
        name = t.text(r, COL_UNIT, required=True, name=True)
        where, folded = t.raw(r, COL_UNIT)[1], name_key(name)
        refuse_total_row(t, name, where=where)
        if folded in seen:
            raise t.error(f"执法单位“{show(name)}”重复（已在 {seen[folded]} 填写）", where)
        seen[folded] = where
        staff = t.get(r, COL_STAFF, PERSONS_VALUE)
        if staff is None:
            raise t.error(f"“{COL_STAFF}”不能为空", t.raw(r, COL_STAFF)[1])
        key = t.get(r, COL_KEY_COUNT, ENTITIES_VALUE)
        weight = t.get(r, COL_WEIGHT, lambda v: parse_nonnegative(v, MAX_WEIGHT))
        units.append(Unit(name, staff, key or 0, 1 if weight is None else weight, t.text(r, COL_REMARK)))
        cells[unit_cell(name)] = t.cell(r, COL_UNIT)
    if not units:
        raise t.error("没有填写任何执法单位", f"列“{COL_UNIT}”")
    note_sum_rows(book, t.sheet, [(u.staff, cells[unit_cell(u.name)]) for u in units])
    return tuple(units), cells


def note_sum_rows(book: Book, sheet: str, figures: Sequence[tuple[object, str]]) -> None:
    """A row (after at least two) whose figure is the sum of the rows above it is likely a total
    typed under another name: a warning finding names it (it is counted as typed)."""
    found: list[tuple[int, str]] = []
    running: int | Fraction = 0
    for n, (value, where) in enumerate(figures):
        if isinstance(value, int | Fraction) and not isinstance(value, bool):
            if n >= 2 and value and value == running:
                cell = where.rpartition("!")[2]
                found.append((int("".join(ch for ch in cell if ch.isdigit()) or 0), cell))
            running += value
    if found:
        book.note(SheetNote(SUM_ROWS, sheet, tuple(r for r, _ in found), tuple(c for _, c in found)))


def read_items(book: Book) -> tuple[list[tuple[WorkdayItem, str]], dict[CellKey, str]]:
    """Items without history (attached later), each with where its 测算方法 was read."""
    t = require_sheet(book, ITEMS_SHEET)
    items: list[tuple[WorkdayItem, str]] = []
    cells: dict[CellKey, str] = {}
    seen: dict[tuple[str, str], str] = {}
    methods = {fold(m): m for m in METHODS}
    blank_methods: list[WorkdayItem] = []  # no 测算方法 column and no 填报值: 0 unless told
    for r in t.rows():
        refuse_total_row(t, t.text(r, COL_CATEGORY), t.text(r, COL_ITEM), where=t.raw(r, COL_CATEGORY)[1])
        category = category_of(t, r, CATEGORY_ALIASES)
        name = t.text(r, COL_ITEM, required=True, name=True)
        where = t.raw(r, COL_ITEM)[1]
        refuse_total_row(t, name, where=where)
        if (category, name_key(name)) in seen:
            first = seen[category, name_key(name)]
            raise t.error(f"类别“{category}”中的项目“{show(name)}”重复（已在 {first} 填写）", where)
        seen[category, name_key(name)] = where
        raw_method, method_cell = t.raw(r, COL_METHOD)
        method = methods.get(fold(parse_text(raw_method))) if not is_blank(raw_method) else METHOD_REPORTED
        if method is None:
            raise t.error(f"测算方法“{show(raw_method)}”无效，应为 {'、'.join(METHODS)} 之一", method_cell)
        reported = t.get(r, COL_REPORTED, DAYS_VALUE)
        if reported is not None:
            cells[reported_cell(category, name)] = t.cell(r, COL_REPORTED)
            if method == METHOD_NOT_COUNTED:
                raise t.error(
                    f"项目“{show(name)}”的测算方法为“{METHOD_NOT_COUNTED}”，“{COL_REPORTED}”应为空"
                    f"（不计工作日的项目在“{COL_NOTE}”中写明其表述，"
                    f"如“窗口办理”）",
                    t.raw(r, COL_REPORTED)[1],
                )
        item = WorkdayItem(category, name, method, reported or 0, t.text(r, COL_NOTE))
        if COL_METHOD not in t.columns and reported is None:
            blank_methods.append(item)
        items.append((item, f"{t.sheet}!{method_cell or where}"))
        cells[item_cell(category, name)] = t.cell(r, COL_CATEGORY)
    _refuse_missing_methods(book, t, blank_methods)
    for category in dict.fromkeys(i.category for i, _ in items):
        typed = [
            (i.reported, cells[reported_cell(i.category, i.name)])
            for i, _ in items
            if i.category == category and i.method == METHOD_REPORTED and reported_cell(i.category, i.name) in cells
        ]
        note_sum_rows(book, t.sheet, typed)
    return items, cells


def _refuse_missing_methods(book: Book, t: Table, blank: list[WorkdayItem]) -> None:
    """Without a 测算方法 column every item is 填报, so an item with history but no 填报值
    would silently be 0 workdays: most likely the column was deleted or renamed. Refuse it."""
    if not blank:
        return
    history = read_sheet(book, HISTORY_SHEET)
    if history is None:
        return
    listed = set()
    for r in history.rows():
        raw = parse_text(history.value(r, COL_CATEGORY))
        name = parse_text(history.value(r, COL_ITEM))
        listed.add((CATEGORY_ALIASES.get(fold(raw or ""), raw), name_key(name or "")))
    with_history = [i for i in blank if (i.category, name_key(i.name)) in listed]
    if with_history:
        names = "、".join(f"“{show(i.name)}”" for i in with_history[:3]) + ("等" if len(with_history) > 3 else "")
        raise t.error(
            f"缺少列“{COL_METHOD}”：{names}{len(with_history)}项在“{SHEET_HISTORY}”中有数据而“{COL_REPORTED}”为空，"
            f"没有测算方法将按填报计为0个工作日；请增加“{COL_METHOD}”列（{'、'.join(METHODS)}）",
            f"列“{COL_METHOD}”",
        )
