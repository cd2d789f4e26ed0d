"""The input workbook (docs/contract.md §1): reading it into a :class:`~planlib.core.model.Plan`, and writing
a Plan, or a blank template, back as one.

Reading tolerates what people produce in Excel, WPS or LibreOffice (see :mod:`planlib.io.xlsxio`):
percentage-formatted cells, numbers typed as text, blank rows, title rows above the header,
headers with spaces or a bracketed unit, history years headed ``2019``, ``2019.0`` or ``2019年``,
cells merged down a column, unknown sheets, missing optional columns, and the Chinese label
(``计划年度``) typed in 基本信息's 键 column instead of the key. Everything else that is wrong is
an :class:`~planlib.errors.InputError` naming the file, the sheet and the cell or column; a
formula never calculated by a spreadsheet program is one of them, never a silent blank.

Choices a user may meet:

- Shares (``key_share_min``, ``random_share_min``): ``60%``, a 60%-formatted cell and ``0.6`` all
  mean 60%. A bare number above 1 (``60``) is refused rather than guessed, because ``1`` would
  then be ambiguous (100% or 1%).
- Blank cells: 重点检查家数 0, 一般检查权重 1, 填报值 0, 测算方法 填报; blank settings take the
  defaults of docs/contract.md. A row named 合计/总计/小计 in 执法人员, 工作日类别 or
  历史数据 is refused (the sums are computed). Hidden rows are read like any other and noted
  (:class:`~planlib.core.model.SheetNote`), so the ``reading`` rule warns; counts are bounded (``MAX_*``).
- Names are compared width- and space-insensitively (``婚（丧）假`` = ``婚(丧)假``), so 历史数据
  rows find their items and near-duplicates are caught; they are kept as typed.
"""

from typing import TYPE_CHECKING

from planlib.io.workbook.contract import (
    COL_CATEGORY,
    COL_END,
    COL_ITEM,
    COL_KEY,
    COL_KEY_COUNT,
    COL_KIND,
    COL_LABEL,
    COL_METHOD,
    COL_NAME,
    COL_NOTE,
    COL_REMARK,
    COL_REPORTED,
    COL_STAFF,
    COL_START,
    COL_UNIT,
    COL_VALUE,
    COL_WEIGHT,
    COL_WORKDAYS,
    MAX_ENTITIES,
    MAX_OFFICERS,
    MAX_WEIGHT,
    MAX_WORKDAYS,
    REGISTER_DEFAULTS,
    SETTINGS,
    SETTINGS_BY_KEY,
    SHEET_ARRANGEMENT,
    SHEET_HISTORY,
    SHEET_INSTRUCTIONS,
    SHEET_ITEMS,
    SHEET_SETTINGS,
    SHEET_UNIT_WORKDAYS,
    SHEET_UNITS,
    STAFF_CATEGORY,
    STAFF_ITEM,
    TOTAL_ROW_NAMES,
    Setting,
)
from planlib.io.workbook.read import compute_plan, compute_workbook, load_plan
from planlib.io.xlsxio import parse_number, parse_share, parse_year_header

if TYPE_CHECKING:
    from planlib.io.workbook.template import example_plan, write_template
    from planlib.io.workbook.write import HEADER_FILL, HEADER_FONT, INPUT_FILL, WRAP, plan_workbook, write_plan

# Writing needs openpyxl, reading does not: the writers' names are imported on first use, so that
# `planlib compute` and `check` (which only read) never import openpyxl (issue 23).
_WRITERS = {
    "example_plan": "planlib.io.workbook.template",
    "write_template": "planlib.io.workbook.template",
    "HEADER_FILL": "planlib.io.workbook.write",
    "HEADER_FONT": "planlib.io.workbook.write",
    "INPUT_FILL": "planlib.io.workbook.write",
    "WRAP": "planlib.io.workbook.write",
    "plan_workbook": "planlib.io.workbook.write",
    "write_plan": "planlib.io.workbook.write",
}


def __getattr__(name: str) -> object:
    if name in _WRITERS:
        import importlib

        value = getattr(importlib.import_module(_WRITERS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "load_plan",
    "compute_workbook",
    "compute_plan",
    "plan_workbook",
    "write_plan",
    "write_template",
    "example_plan",
    "parse_number",
    "parse_share",
    "parse_year_header",
    "Setting",
    "SETTINGS",
    "SETTINGS_BY_KEY",
    "REGISTER_DEFAULTS",
    "SHEET_SETTINGS",
    "SHEET_UNITS",
    "SHEET_ITEMS",
    "SHEET_HISTORY",
    "SHEET_INSTRUCTIONS",
    "SHEET_UNIT_WORKDAYS",
    "SHEET_ARRANGEMENT",
    "COL_KEY",
    "COL_VALUE",
    "COL_LABEL",
    "COL_NOTE",
    "COL_UNIT",
    "COL_STAFF",
    "COL_KEY_COUNT",
    "COL_WEIGHT",
    "COL_REMARK",
    "COL_CATEGORY",
    "COL_ITEM",
    "COL_METHOD",
    "COL_REPORTED",
    "COL_WORKDAYS",
    "COL_NAME",
    "COL_START",
    "COL_END",
    "COL_KIND",
    "STAFF_CATEGORY",
    "STAFF_ITEM",
    "TOTAL_ROW_NAMES",
    "MAX_OFFICERS",
    "MAX_ENTITIES",
    "MAX_WORKDAYS",
    "MAX_WEIGHT",
    "HEADER_FILL",
    "INPUT_FILL",
    "HEADER_FONT",
    "WRAP",
]
