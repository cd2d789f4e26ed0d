"""Writing a :class:`~planlib.core.model.Plan` back as a contract workbook."""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from fractions import Fraction
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from planlib.core.model import (
    DOCUMENT_FORMS,
    GENERAL_ALLOCATIONS,
    ITEM_KINDS,
    METHOD_NOT_COUNTED,
    METHOD_REPORTED,
    WORKDAY_MODE_WORDS,
    WORKDAY_MODES,
    Plan,
)
from planlib.io.items import (
    COL_CAP,
    COL_CODE,
    COL_FREQUENCY,
    COL_KIND,
    ITEM_COLUMNS,
    REQUIRED_ITEM_COLUMNS,
    SHEET_INSPECTION_ITEMS,
    SHEET_UPPER,
    UPPER_COLUMNS,
    item_rows,
    upper_rows,
)
from planlib.io.prose import LEVEL_NAMES, SHEET_CATEGORIES, SHEET_PROSE, category_rows, prose_rows
from planlib.io.workbook.contract import (
    ARRANGEMENT_SHEET,
    EXTENSION_DEFAULTS,
    HISTORY_SHEET,
    ITEMS_SHEET,
    REGISTER_DEFAULTS,
    SETTINGS,
    SETTINGS_SHEET,
    STAFF_CATEGORY,
    STAFF_ITEM,
    UNIT_WORKDAYS_SHEET,
    UNITS_SHEET,
    SheetSpec,
)
from planlib.io.xlsxio import save_whole
from planlib.text.numbers import as_float
from planlib.text.report import text_width

# docs/contract.md §6, written when the plan has them (or in the template)
INSPECTION_ITEMS_SHEET = SheetSpec(
    SHEET_INSPECTION_ITEMS,
    ITEM_COLUMNS,
    REQUIRED_ITEM_COLUMNS,
    choices=((COL_KIND, ITEM_KINDS),),
    whole=(COL_FREQUENCY, COL_CAP),
    max_width=40,
)
UPPER_SHEET = SheetSpec(SHEET_UPPER, UPPER_COLUMNS, (COL_CODE,), max_width=40)

# --- Writing -------------------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: cells to fill in
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def _cell_value(value: object) -> object:
    """A Number as a cell value; Fractions must be exact decimals (what a spreadsheet can hold)."""
    if isinstance(value, Fraction):
        cell = as_float(value)
        if Fraction(repr(cell)) != value:
            raise ValueError(f"{value} has no exact decimal form a spreadsheet can hold")
        return cell
    return value


def _put(ws, row: int, col: int, value: object, *, percent: bool = False, fill: PatternFill | None = None):
    cell = ws.cell(row=row, column=col, value=_cell_value(value))
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, not a formula
    if percent and isinstance(value, (int, float, Fraction)):
        cell.number_format = "0%" if (Fraction(value) * 100).denominator == 1 else "0.00##%"
    if fill is not None:
        cell.fill = fill
    return cell


def _sheet(
    wb: Workbook,
    title: str,
    headers: Sequence[object],
    rows: list[list],
    *,
    input_cols: set[int],
    percent_cells: Collection[tuple[int, int]] = frozenset(),
    blank_rows: int = 0,
    max_width: int = 50,
):
    """A contract sheet: bold frozen header, input cells filled, widths fitted to the content."""
    ws = wb.create_sheet(title)
    for c, h in enumerate(headers, 1):
        cell = _put(ws, 1, c, h, fill=HEADER_FILL)
        cell.font = HEADER_FONT
    for r, row in enumerate(rows, 2):
        for c, v in enumerate(row, 1):
            _put(ws, r, c, v, percent=(r, c) in percent_cells, fill=INPUT_FILL if c in input_cols else None)
    for r in range(len(rows) + 2, len(rows) + 2 + blank_rows):
        for c in input_cols:
            ws.cell(row=r, column=c).fill = INPUT_FILL
    ws.freeze_panes = "A2"
    for c in range(1, len(headers) + 1):
        longest = max([text_width(headers[c - 1])] + [text_width(row[c - 1]) for row in rows if c <= len(row)])
        ws.column_dimensions[get_column_letter(c)].width = min(max_width, max(8, longest + 2))
    return ws


def _list_validation(ws, options: list[str], cells: str, title: str) -> None:
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(options) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error=f"请从下拉列表中选择：{'、'.join(options)}",
    )
    dv.add(cells)
    ws.add_data_validation(dv)


def _whole_validation(ws, cells: str) -> None:
    dv = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="应为整数",
        error="请填写不小于0的整数",
    )
    dv.add(cells)
    ws.add_data_validation(dv)


def _contract_sheet(wb: Workbook, spec: SheetSpec, rows: list[list], blank_rows: int, years: Sequence[int] = ()):
    """A contract sheet from its spec: every column an input, its drop-downs and whole-number checks
    down to the last blank row. ``years`` are 历史数据's year columns after the spec's."""
    headers: list[object] = [*spec.columns, *years]
    ws = _sheet(
        wb,
        spec.title,
        headers,
        rows,
        input_cols=set(range(1, len(headers) + 1)),
        blank_rows=blank_rows,
        max_width=spec.max_width,
    )
    last = len(rows) + 1 + blank_rows

    def letter(column: str) -> str:
        return str(get_column_letter(spec.columns.index(column) + 1))

    for column, options in spec.choices:
        _list_validation(ws, list(options), f"{letter(column)}2:{letter(column)}{last}", column)
    if spec.whole is not None:
        _whole_validation(ws, f"{letter(spec.whole[0])}2:{letter(spec.whole[1])}{last}")
    return ws


def plan_workbook(plan: Plan, note: str, blank_rows: int, extensions: bool = False) -> Workbook:
    """The four contract sheets of ``plan``, ready to save (a saved scenario adds its own sheet),
    and 单位工作日 / 放假安排 when the plan has them (or ``extensions`` asks for them, blank)."""
    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the new workbook's one empty sheet

    rows: list[list[object]] = []
    percent: set[tuple[int, int]] = set()
    settings = [
        s
        for s in SETTINGS
        if extensions or s.key not in EXTENSION_DEFAULTS or getattr(plan, s.key) != EXTENSION_DEFAULTS[s.key]
    ]
    for s in settings:
        value = getattr(plan, s.key)
        if s.key in REGISTER_DEFAULTS and value == REGISTER_DEFAULTS[s.key]:
            continue  # the register's settings (§5) appear only when set: other workbooks read as before
        if s.kind == "levels":
            value = "、".join(value)
        if s.kind == "yesno":
            value = "是" if value else "否"
        if s.kind == "share":
            percent.add((len(rows) + 2, 2))
        rows.append([s.key, value, s.label, s.help])
    if note:
        rows.append([None, None, "说明", note])
    ws = _sheet(
        wb,
        SETTINGS_SHEET.title,
        SETTINGS_SHEET.columns,
        rows,
        input_cols={2},
        percent_cells=percent,
        max_width=SETTINGS_SHEET.max_width,
    )
    ws.column_dimensions["B"].width = max(ws.column_dimensions["B"].width, 24)
    for r in range(2, len(rows) + 2):
        ws.cell(row=r, column=4).alignment = WRAP
    keys = [s.key for s in settings]
    _list_validation(
        ws, list(WORKDAY_MODES) + list(WORKDAY_MODE_WORDS), f"B{2 + keys.index('workday_mode')}", "工作日计算方式"
    )
    if "general_allocation" in keys:
        _list_validation(ws, list(GENERAL_ALLOCATIONS), f"B{2 + keys.index('general_allocation')}", "一般检查分配方式")
    if "document_form" in keys:
        _list_validation(ws, list(DOCUMENT_FORMS), f"B{2 + keys.index('document_form')}", "文档形式")

    rows = [[u.name, u.staff, u.key_inspections, u.general_weight, u.note] for u in plan.units]
    _contract_sheet(wb, UNITS_SHEET, rows, blank_rows)
    rows = [
        [
            i.category,
            i.name,
            i.method,
            i.reported if (i.method == METHOD_REPORTED or i.reported) and i.method != METHOD_NOT_COUNTED else None,
            i.note,
        ]
        for i in plan.items
    ]
    _contract_sheet(wb, ITEMS_SHEET, rows, blank_rows)
    years = sorted({y for i in plan.items for y in i.history} | set(plan.staff_history))
    rows = [[i.category, i.name] + [i.history.get(y) for y in years] for i in plan.items if i.history]
    if plan.staff_history:
        rows.append([STAFF_CATEGORY, STAFF_ITEM] + [plan.staff_history.get(y) for y in years])
    _contract_sheet(wb, HISTORY_SHEET, rows, blank_rows, years=years)
    if plan.unit_workdays or extensions:
        rows = [[w.unit, w.category, w.item or None, w.workdays, w.note or None] for w in plan.unit_workdays]
        _contract_sheet(wb, UNIT_WORKDAYS_SHEET, rows, blank_rows)
    if plan.holidays or extensions:
        rows = [[h.name or None, h.start, h.end, h.kind] for h in plan.holidays or ()]
        ws = _contract_sheet(wb, ARRANGEMENT_SHEET, rows, blank_rows)
        for r in range(2, len(rows) + 2 + blank_rows):
            for c in (2, 3):
                ws.cell(row=r, column=c).number_format = "yyyy-mm-dd"
        ws.column_dimensions["B"].width = ws.column_dimensions["C"].width = 14
    if plan.inspection_items or extensions:  # docs/contract.md §6
        _contract_sheet(wb, INSPECTION_ITEMS_SHEET, item_rows(plan.inspection_items), blank_rows)
    if plan.upper_list or extensions:
        _contract_sheet(wb, UPPER_SHEET, upper_rows(plan.upper_list), blank_rows)
    _document_sheets(wb, plan, blank_rows, always=extensions)
    wb.active = 0
    return wb


def _document_sheets(wb: Workbook, plan: Plan, blank_rows: int, always: bool = False) -> None:
    """计划正文 and 重点检查类别, when the plan has them (planlib.io.prose), or ``always`` (the template)."""
    if plan.key_categories or always:
        rows = category_rows(plan.key_categories)
        _sheet(
            wb,
            SHEET_CATEGORIES,
            ["类别", "说明", "执法单位", "家数"],
            rows,
            input_cols={1, 2, 3, 4},
            blank_rows=blank_rows,
            max_width=60,
        )
    if plan.prose or always:
        rows = prose_rows(plan.prose)
        ws = _sheet(
            wb, SHEET_PROSE, ["级别", "正文", "原文"], rows, input_cols={1, 2, 3}, blank_rows=blank_rows, max_width=100
        )
        for r in range(2, len(rows) + 2):
            ws.cell(row=r, column=2).alignment = WRAP
        _list_validation(ws, list(LEVEL_NAMES), f"A2:A{len(rows) + 1 + blank_rows}", "级别")


def write_plan(plan: Plan, path: str | os.PathLike, note: str = "", overwrite: bool = True) -> Path:
    """Write ``plan`` as a contract workbook that :func:`load_plan` reads back unchanged.

    ``note`` goes into a 说明 row of 基本信息 (e.g. where the figures come from). Fractions are
    written as decimals, so each must have an exact decimal form (every value read from a
    workbook has). The file is written whole or not at all.
    """
    return save_whole(plan_workbook(plan, note, blank_rows=10), path, overwrite)
