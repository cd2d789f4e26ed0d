"""Reading the inspection ledger (检查台账, docs/contract.md §7): .xlsx, .xls or .csv (UTF-8 or GBK).

Read like the register (:mod:`planlib.io.register`): the file once into memory, never opened
for writing, its size and archive bounded, a DTD refused, spreadsheets through python-calamine;
title rows above the header, headers with spaces or a bracketed unit, full-width characters,
numbers typed as text and blank rows are all accepted. The sheet is ``检查台账`` or else the
first; an optional sheet ``实际工作日`` (类别, 项目, 工作日) gives the year's actual workdays.

A value that cannot be read (a date that is not a date, an unknown 检查类型, a negative count)
is an :class:`~planlib.errors.InputError` naming the file, sheet, row and column; a row that
reads but does not fit the plan is kept, and :mod:`planlib.core.progress` lists it in 台账问题.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence

from openpyxl.utils import get_column_letter

from planlib.core.ledger import KIND_KEY, KIND_OTHER, KIND_RANDOM, TRIGGERS, ActualWorkdays, Ledger, Visit
from planlib.core.model import CATEGORIES, Number
from planlib.errors import InputError
from planlib.io.register import calamine_errors, cell_text, check_zip, csv_rows, numbered_rows, paused_gc, read_bytes
from planlib.io.xlsxio import (
    HEADER_SEARCH_ROWS,
    BadValue,
    fold,
    header_matches,
    name_key,
    norm_header,
    parse_date,
    parse_name,
    parse_nonnegative,
    parse_whole,
    show,
)

SHEET, SHEET_ACTUAL = "检查台账", "实际工作日"
COL_DATE, COL_UNIT, COL_CODE, COL_NAME = "检查日期", "执法单位", "统一社会信用代码", "单位名称"
COL_KIND, COL_ITEM, COL_INSPECTORS, COL_HAZARDS, COL_DAYS = "检查类型", "检查事项", "执法人员", "发现隐患", "用时"
REQUIRED = (COL_DATE, COL_UNIT, COL_CODE)
OPTIONAL = (COL_NAME, COL_KIND, COL_ITEM, COL_INSPECTORS, COL_HAZARDS, COL_DAYS)
COL_CATEGORY, COL_ACTUAL_ITEM, COL_WORKDAYS = "类别", "项目", "工作日"
ACTUAL_COLUMNS = (COL_CATEGORY, COL_ACTUAL_ITEM, COL_WORKDAYS)

MAX_FILE_BYTES = 128 * 2**20  # a ledger of a few hundred thousand visits
MAX_ROWS = 1_000_000
MAX_HAZARDS = 100_000
MAX_DAYS = 366
MAX_WORKDAYS = 100_000_000

# 检查类型 as typed → (kind, trigger)
_KIND_WORDS = {
    "重点": KIND_KEY,
    "重点检查": KIND_KEY,
    "双随机": KIND_RANDOM,
    "“双随机”": KIND_RANDOM,
    "双随机抽查": KIND_RANDOM,
    "“双随机”抽查": KIND_RANDOM,
    "抽查": KIND_RANDOM,
    "其他": KIND_OTHER,
    "其它": KIND_OTHER,
    "计划外": KIND_OTHER,
    "触发式": KIND_OTHER,
}
_NAME_SEPARATORS = re.compile(r"[、,，;；/\s]+")
_CATEGORY_WORDS = {fold(c): c for c in CATEGORIES} | {"其他执法工作日": CATEGORIES[0], "非执法工作日": CATEGORIES[1]}


def parse_kind(value: object) -> tuple[str, str]:
    """检查类型: ``重点``, ``双随机``, ``其他``, a trigger (``投诉举报``), or ``其他（投诉举报）``."""
    text = fold(cell_text(value)).replace('"', "“")
    if not text:
        return "", ""
    if text in _KIND_WORDS:
        return _KIND_WORDS[text], ""
    for t in TRIGGERS:
        if text == t or text in (f"其他({t})", f"触发式({t})", f"其他:{t}", f"其他-{t}"):
            return KIND_OTHER, t
    raise BadValue(
        f"应为“{KIND_KEY}”“{KIND_RANDOM}”“{KIND_OTHER}”或触发原因（{'、'.join(TRIGGERS)}），实际为“{show(value)}”"
    )


def parse_code(value: object) -> str:
    if isinstance(value, float) and (not value.is_integer() or value >= 2**53):
        raise BadValue("被存成了数字（已丢失位数），请把该列设为文本格式后重新录入")
    text = cell_text(value)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return "".join(text.split()).upper()


def parse_inspectors(value: object) -> tuple[str, ...]:
    return tuple(n for n in _NAME_SEPARATORS.split(parse_name(value)) if n)


def parse_visit_date(value: object) -> dt.date | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise BadValue(f"应为日期（如 2020-03-05），实际为数字“{show(value)}”")
    return parse_date(value)


# --- Rows -------------------------------------------------------------------------------------------


class _Sheet:
    """Where a sheet's columns are, and errors naming file, sheet, row and column."""

    def __init__(self, path: str, sheet: str, header_row: int, columns: dict[str, int]):
        self.path, self.sheet, self.header_row, self.columns = path, sheet, header_row, columns
        self.cache: dict[str, dict[tuple[type, object], object]] = {}

    def error(self, message: str, row: int, column: str | None = None) -> InputError:
        where = f"第{row}行"
        if column is not None:
            letter = get_column_letter(self.columns[column] + 1)
            where += f" 列“{column}”（{letter}{row}）" if self.sheet else f" 列“{column}”"
        return InputError(self.path, message, self.sheet, where)

    def value(self, row: list, column: str) -> object:
        c = self.columns.get(column)
        return None if c is None or c >= len(row) else row[c]

    def parse(self, r: int, row: list, column: str, parse: Callable[[object], object]):
        try:
            return parse(self.value(row, column))
        except BadValue as e:
            raise self.error(f"“{column}”{e}", r, column) from None

    def cached(self, r: int, row: list, column: str, parse: Callable[[object], object]):
        """:meth:`parse` once per distinct value of a column (dates, units, types and names repeat
        down a ledger); the value's type is part of the key, so ``1`` and ``1.0`` stay apart."""
        value = self.value(row, column)
        cache = self.cache.setdefault(column, {})
        key = (type(value), value)
        try:
            return cache[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable value: parse it as it is
            return self.parse(r, row, column, parse)
        result = cache[key] = self.parse(r, row, column, parse)
        return result


def _header(
    path: str, sheet: str, rows: Iterator[tuple[int, list]], required: Sequence[str], optional: Sequence[str]
) -> _Sheet:
    best: tuple[int, list[str]] | None = None
    for n, (r, row) in enumerate(rows):
        found = {c: norm_header(v) for c, v in enumerate(row) if cell_text(v)}
        if found:
            missing = [name for name in required if not any(header_matches(h, name) for h in found.values())]
            if not missing:
                columns: dict[str, int] = {}
                for c, h in found.items():
                    for name in (*required, *optional):
                        if header_matches(h, name):
                            if name in columns:
                                raise InputError(
                                    path,
                                    f"列“{name}”出现了两次（{get_column_letter(columns[name] + 1)}列、"
                                    f"{get_column_letter(c + 1)}列）",
                                    sheet,
                                    f"第{r}行",
                                )
                            columns[name] = c
                return _Sheet(path, sheet, r, columns)
            if best is None or len(missing) < len(best[1]):
                best = (r, missing)
        if n >= HEADER_SEARCH_ROWS:
            break
    if best is None:
        raise InputError(path, f"没有数据（表头应为：{'、'.join(required)}）", sheet)
    r, missing = best
    raise InputError(
        path, f"缺少列（表头应含：{'、'.join(required)}）", sheet, f"第{r}行 " + "、".join(f"列“{m}”" for m in missing)
    )


def _visits(s: _Sheet, rows: Iterator[tuple[int, list]]) -> tuple[Visit, ...]:
    """The visits, fast on long ledgers: each row padded once, each column's distinct values
    parsed once (:meth:`_Sheet.cached`), the unique ones (code, name) parsed per row."""
    visits: list[Visit] = []
    wanted = list(s.columns.values())
    width = max(wanted) + 1
    i_code, i_name = s.columns[COL_CODE], s.columns.get(COL_NAME)
    cached, error = s.cached, s.error
    for r, row in rows:
        if len(row) < width:
            row = list(row) + [""] * (width - len(row))
        if not any(row[c] not in ("", None) and cell_text(row[c]) for c in wanted):
            continue
        date = cached(r, row, COL_DATE, parse_visit_date)
        if date is None:
            raise error(f"“{COL_DATE}”不能为空", r, COL_DATE)
        unit = cached(r, row, COL_UNIT, parse_name)
        if not unit:
            raise error(f"“{COL_UNIT}”不能为空", r, COL_UNIT)
        raw = row[i_code]
        code = (
            raw
            if type(raw) is str and raw.isascii() and raw.isalnum() and raw.isupper()
            else s.parse(r, row, COL_CODE, parse_code)
        )
        if not code:
            raise error(f"“{COL_CODE}”不能为空", r, COL_CODE)
        kind, trigger = cached(r, row, COL_KIND, parse_kind)
        name = row[i_name] if i_name is not None else ""
        visits.append(
            Visit(
                r,
                date,
                unit,
                code,
                name.strip() if type(name) is str and name.isprintable() else parse_name(name),
                kind,
                trigger,
                cached(r, row, COL_ITEM, parse_name),
                cached(r, row, COL_INSPECTORS, parse_inspectors),
                cached(r, row, COL_HAZARDS, _parse_hazards),
                cached(r, row, COL_DAYS, _parse_days),
            )
        )
        if len(visits) > MAX_ROWS:
            raise error(f"台账超过{MAX_ROWS}行，已拒绝读取", r)
    if not visits:
        raise InputError(s.path, "台账中没有任何检查记录（表头以下全是空行）", s.sheet, f"第{s.header_row}行以下")
    return tuple(visits)


def _parse_hazards(value: object) -> int | None:
    return parse_whole(value, 0, MAX_HAZARDS)


def _parse_days(value: object) -> Number | None:
    days = parse_nonnegative(value, MAX_DAYS)
    if days == 0:
        raise BadValue("应大于0，实际为0")
    return days


def _actuals(s: _Sheet, rows: Iterator[tuple[int, list]]) -> tuple[ActualWorkdays, ...]:
    out: list[ActualWorkdays] = []
    seen: dict[tuple[str, str], int] = {}
    for r, row in rows:
        if not any(cell_text(v) for v in row):
            continue
        typed = cell_text(s.value(row, COL_CATEGORY))
        category = _CATEGORY_WORDS.get(fold(typed))
        if category is None:
            raise s.error(f"“{COL_CATEGORY}”应为{'或'.join(CATEGORIES)}，实际为“{show(typed)}”", r, COL_CATEGORY)
        item = parse_name(s.value(row, COL_ACTUAL_ITEM))
        if not item:
            raise s.error(f"“{COL_ACTUAL_ITEM}”不能为空", r, COL_ACTUAL_ITEM)
        workdays = s.parse(r, row, COL_WORKDAYS, lambda v: parse_nonnegative(v, MAX_WORKDAYS))
        if workdays is None:
            raise s.error(f"“{COL_WORKDAYS}”不能为空", r, COL_WORKDAYS)
        first = seen.setdefault((category, name_key(item)), r)
        if first != r:
            raise s.error(f"项目“{show(item)}”重复（第{first}行、第{r}行）", r, COL_ACTUAL_ITEM)
        out.append(ActualWorkdays(r, category, item, workdays))
    return tuple(out)


# --- The file ------------------------------------------------------------------------------------------


def read_ledger(path: str | os.PathLike) -> Ledger:
    """The ledger at ``path`` (see the module's docstring)."""
    source = str(path)
    data = read_bytes(path, "检查台账", MAX_FILE_BYTES)
    if not (data.startswith(b"PK") or data.startswith(b"\xd0\xcf\x11\xe0")):
        rows = csv_rows(source, data)
        with paused_gc():
            return Ledger(source, "", _visits(_header(source, "", rows, REQUIRED, OPTIONAL), rows))
    if data.startswith(b"PK"):
        check_zip(source, data, "检查台账")
    from python_calamine import CalamineWorkbook

    with calamine_errors(source):
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(wb.sheet_names)
        if not names:
            raise InputError(source, "工作簿中没有工作表")
        title = next((n for n in names if norm_header(n) == SHEET), None)
        if title is None:
            title = next(n for n in names if norm_header(n) != SHEET_ACTUAL) if len(names) > 1 else names[0]
        actual_title = next((n for n in names if norm_header(n) == SHEET_ACTUAL), None)
        sheet = wb.get_sheet_by_name(title)
        actual_sheet = wb.get_sheet_by_name(actual_title) if actual_title and actual_title != title else None
    with paused_gc():
        rows = numbered_rows(source, title, sheet)
        visits = _visits(_header(source, title, rows, REQUIRED, OPTIONAL), rows)
        actuals = None
        if actual_sheet is not None and actual_title is not None:
            rows = numbered_rows(source, actual_title, actual_sheet)
            actuals = _actuals(_header(source, actual_title, rows, ACTUAL_COLUMNS, ()), rows)
    return Ledger(source, title, visits, actuals)


def with_plan_names(ledger: Ledger, units: Sequence[str]) -> Ledger:
    """Each visit's 执法单位 as the plan spells it (width- and space-insensitive); one the plan does
    not know is left as typed (a 台账问题)."""
    known = {name_key(u): u for u in units}
    visits = tuple(
        v if v.unit in units or name_key(v.unit) not in known else _renamed(v, known[name_key(v.unit)])
        for v in ledger.visits
    )
    return Ledger(ledger.source, ledger.sheet, visits, ledger.actuals)


def _renamed(v: Visit, unit: str) -> Visit:
    import dataclasses

    return dataclasses.replace(v, unit=unit)
