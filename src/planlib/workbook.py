"""The input workbook (contract.md §1): reading it into a :class:`~planlib.model.Plan`, and writing
a Plan, or a blank template, back as one.

Reading tolerates what people produce in Excel, WPS or LibreOffice: percentage-formatted cells,
numbers typed as text (full-width digits, thousands separators, stray spaces), blank rows, title
rows above the header, headers with surrounding spaces or a bracketed unit (``执法人员数（人）``),
history years headed ``2019``, ``2019.0`` or ``2019年``, vertically merged cells in data rows
(filled down), unknown sheets and missing optional columns. Everything else that is wrong is an
:class:`~planlib.errors.InputError` naming the file, the sheet and the cell or column.

Shares (``key_share_min``, ``random_share_min``): ``60%``, a 60%-formatted cell and ``0.6`` all
mean 60%. A bare number above 1 (``60``) is refused rather than guessed, because ``1`` would
then be ambiguous (100% or 1%).

Safety: the file is read into memory once and never opened for writing. Before openpyxl parses
anything, every part of the zip is checked for a DTD (no legitimate .xlsx has one; it is what
entity-expansion bombs need) and the archive's sizes are bounded, so a bomb is refused in
milliseconds whichever XML parser (defusedxml or lxml) openpyxl would have used.

Formulas: openpyxl loads the cached values (``data_only=True``). Formulas without a cached value
(written by a program, never calculated by a spreadsheet) are found by a streaming scan of only
those sheets whose XML contains a formula at all, so the usual formula-free file is parsed once.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import unicodedata
import uuid
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from openpyxl import Workbook
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .calendar import FIRST_YEAR, LAST_YEAR
from .errors import InputError
from .estimation import history_years
from .model import (
    CATEGORIES,
    HISTORY_METHODS,
    METHOD_LAST_YEAR,
    METHOD_MEAN,
    METHOD_PER_OFFICER,
    METHOD_REPORTED,
    METHODS,
    NON_ENFORCEMENT,
    OTHER_ENFORCEMENT,
    WORKDAY_MODES,
    Number,
    Plan,
    Unit,
    WorkdayItem,
)

# --- The contract's names ---------------------------------------------------------------------

SHEET_SETTINGS, SHEET_UNITS, SHEET_ITEMS, SHEET_HISTORY = "基本信息", "执法人员", "工作日类别", "历史数据"
SHEET_INSTRUCTIONS = "填写说明"

COL_KEY, COL_VALUE, COL_LABEL, COL_NOTE = "键", "值", "项目", "说明"
COL_UNIT, COL_STAFF, COL_KEY_COUNT, COL_WEIGHT, COL_REMARK = "执法单位", "执法人员数", "重点检查家数", "一般检查权重", "备注"
COL_CATEGORY, COL_ITEM, COL_METHOD, COL_REPORTED = "类别", "项目", "测算方法", "填报值"

STAFF_CATEGORY, STAFF_ITEM = "人员", "执法人员数"  # the 历史数据 row of officers per year
TOTAL_ROW_NAMES = ("合计", "总计", "小计")


@dataclass(frozen=True)
class Setting:
    """One 基本信息 key: its label (项目), its help text (说明) and how its value is parsed."""

    key: str
    label: str
    help: str
    kind: str  # text | year | count | mode | days_in_year | positive | share
    required: bool = False


SETTINGS = (
    Setting("authority", "监督检查主体名称", "必填：制定计划的安全生产监管部门全称", "text", True),
    Setting("year", "计划年度", f"必填：{FIRST_YEAR}–{LAST_YEAR} 之间的年份，如 2020", "year", True),
    Setting("headcount", "在册定编人数", "空白：不填报（不计算执法人员占比）", "count"),
    Setting("entity_base", "管理对象基数", "监管的生产经营单位家数；空白：不计算计划检查比例", "count"),
    Setting("workday_mode", "工作日计算方式",
            "formula：全年天数−双休日−法定节假日；official：按国务院办公厅放假安排（含调休）；空白为 formula", "mode"),
    Setting("statutory_holidays", "法定节假日天数", "空白：按当年施行的放假办法（2024年及以前11天，2025年起13天）", "days_in_year"),
    Setting("workdays_per_person", "国家法定工作日（每人）", "空白：按日历计算；填写则以填写值为准（检查时提示差异）", "days_in_year"),
    Setting("days_per_key_inspection", "每家重点检查所需工作日", "空白：2", "positive"),
    Setting("days_per_general_inspection", "每家一般检查所需工作日", "空白：2", "positive"),
    Setting("key_share_min", "重点检查最低占比", "空白：60%；可填 60% 或 0.6", "share"),
    Setting("random_share_min", "双随机检查最低占比", "一般检查中“双随机”抽查的最低比例；空白：80%；可填 80% 或 0.8", "share"),
)
SETTINGS_BY_KEY = {s.key: s for s in SETTINGS}

# Bounds on what is read at all: a plan workbook is a few dozen kilobytes.
MAX_FILE_BYTES = 20 * 2**20
MAX_UNCOMPRESSED_BYTES = 64 * 2**20
MAX_ZIP_MEMBERS = 2000
PROLOG_PEEK = 64 * 1024
HEADER_SEARCH_ROWS = 10


# --- Parsing single values (pure; errors are _BadValue with a Chinese message) --------------


class _BadValue(ValueError):
    """A value that cannot be used; the caller adds file, sheet and cell."""


_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?")  # no 1e999999999
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_YEAR_TEXT = re.compile(r"(\d{4})(?:\.0*)?(?:年度?)?")


def _fold(text: str) -> str:
    """NFKC (full-width digits, brackets, ％ and ， become ASCII) without any whitespace."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).replace("\u2212", "-")


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not _fold(value))


def _show(value: object) -> str:
    """A value quoted in a one-line message: no line breaks, not too long."""
    text = " ".join(str(value).split())
    return text if len(text) <= 30 else text[:29] + "…"


def _exact(value: Fraction) -> Number:
    return value.numerator if value.denominator == 1 else value


def parse_number(value: object) -> Number | None:
    """A cell's number, exactly: ints stay int, decimals become Fraction; ``None`` if blank.

    Accepts numeric cells and text such as ``" 1,234 "``, ``"６０％"`` or ``"0.6"``; a float is
    taken by its shortest decimal form (0.6 → 3/5, not the binary approximation).
    """
    if is_blank(value):
        return None
    if isinstance(value, bool) or isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        raise _BadValue(f"应为数字，实际为{'逻辑值' if isinstance(value, bool) else '日期/时间'}“{_show(value)}”")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _BadValue(f"应为数字，实际为“{value}”")
        return int(value) if value.is_integer() else _exact(Fraction(repr(value)))
    if isinstance(value, Fraction):
        return _exact(value)
    text = _fold(str(value))
    percent = text.endswith("%")
    digits = text[:-1] if percent else text
    if _GROUPED.fullmatch(digits):
        digits = digits.replace(",", "")
    if not _DECIMAL.fullmatch(digits):
        raise _BadValue(f"应为数字，实际为“{_show(value)}”")
    try:
        number = Fraction(Decimal(digits))
    except (InvalidOperation, ValueError):  # pragma: no cover - the pattern admits only decimals
        raise _BadValue(f"应为数字，实际为“{_show(value)}”") from None
    return _exact(number / 100 if percent else number)


def parse_whole(value: object, minimum: int = 0, maximum: int | None = None) -> int | None:
    """A whole number in [minimum, maximum] (counts, officers, years); fractions are refused."""
    number = parse_number(value)
    if number is None:
        return None
    if not isinstance(number, int):
        raise _BadValue(f"应为整数，实际为“{_show(value)}”")
    if number < minimum:
        raise _BadValue(f"不能为负数，实际为{number}" if minimum == 0 else f"应不小于{minimum}，实际为{number}")
    if maximum is not None and number > maximum:
        raise _BadValue(f"应不大于{maximum}，实际为{number}")
    return number


def parse_nonnegative(value: object) -> Number | None:
    number = parse_number(value)
    if number is not None and number < 0:
        raise _BadValue(f"不能为负数，实际为“{_show(value)}”")
    return number


def parse_positive(value: object) -> Number | None:
    number = parse_number(value)
    if number is not None and number <= 0:
        raise _BadValue(f"应大于0，实际为“{_show(value)}”")
    return number


def parse_share(value: object) -> Fraction | None:
    """A share in [0, 1]: ``60%``, a %-formatted 0.6, or ``0.6``. ``60`` is refused, not guessed."""
    number = parse_number(value)
    if number is None:
        return None
    if not 0 <= number <= 1:
        raise _BadValue(f"比例应在0%到100%之间（可填“60%”或“0.6”），实际为“{_show(value)}”")
    return Fraction(number)


def parse_year(value: object) -> int | None:
    """A year typed as ``2020``, ``2020.0``, ``"2020"`` or ``"2020年"``."""
    if isinstance(value, str) and (m := _YEAR_TEXT.fullmatch(_fold(value))):
        value = m.group(1)
    try:
        return parse_whole(value, FIRST_YEAR, LAST_YEAR)
    except _BadValue:
        raise _BadValue(f"应为{FIRST_YEAR}–{LAST_YEAR}之间的年份，实际为“{_show(value)}”") from None


def parse_year_header(value: object) -> int | None:
    """The year a 历史数据 column header names (``2019``, ``2019.0``, ``"2019年"``), else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() and 1900 <= value <= 2200 else None
    m = _YEAR_TEXT.fullmatch(_fold(str(value)))
    return int(m.group(1)) if m else None


def parse_text(value: object) -> str:
    """Text as typed, trimmed; a number typed where a name belongs becomes its digits."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().strip("\u200b\ufeff").strip()


def norm_header(value: object) -> str:
    """A header for matching: folded (NFKC, no spaces); ``【】`` and ``〔〕`` become ``[]``."""
    text = _fold(parse_text(value))
    return text.translate(str.maketrans("【】〔〕", "[][]"))


def header_matches(header: str, name: str) -> bool:
    """``执法人员数`` matches ``执法人员数``, ``执法人员数(人)`` and ``执法人员数[人]``."""
    if header == name:
        return True
    rest = header[len(name):] if header.startswith(name) else ""
    return len(rest) >= 2 and (rest[0], rest[-1]) in (("(", ")"), ("[", "]"))


def name_key(text: str) -> str:
    """How names are compared (uniqueness, history rows): width- and space-insensitive."""
    return _fold(text)


# 键 may also hold the Chinese label (an analyst who typed 计划年度 meant year).
_SETTING_NAMES = SETTINGS_BY_KEY | {name_key(s.label): s for s in SETTINGS}


# --- Opening the file safely -------------------------------------------------------------------


@dataclass
class _Book:
    """An opened workbook and what is needed to report problems in it."""

    path: str
    wb: Workbook
    parts: dict[str, str]  # sheet title -> zip member
    archive: zipfile.ZipFile
    _uncalculated: dict[str, list[str]] = field(default_factory=dict)

    def error(self, message: str, sheet: str = "", where: str = "") -> InputError:
        return InputError(self.path, message, sheet, where)

    def sheet(self, name: str):
        """The sheet whose (folded) title is ``name``, checked for uncalculated formulas."""
        for ws in self.wb.worksheets:
            if norm_header(ws.title) == name:
                self._check_formulas(ws.title)
                return ws
        return None

    def _check_formulas(self, title: str) -> None:
        if title not in self._uncalculated:
            self._uncalculated[title] = _uncalculated_formulas(self.archive, self.parts.get(title))
        if cells := self._uncalculated[title]:
            raise self.error(
                "单元格含公式但没有计算结果（文件未经 Excel/WPS/LibreOffice 计算保存），"
                "请用电子表格软件打开、重新计算并保存后再试", title, cells[0])


def _open_book(path: str | os.PathLike) -> _Book:
    p = Path(path)

    def bad(message: str) -> InputError:
        return InputError(str(path), message)

    if not p.exists():
        raise bad("文件不存在")
    if p.is_dir():
        raise bad("这是一个文件夹，不是 .xlsx 工作簿")
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise bad(f"文件过大（{size // 2**20} MB），不像是计划填报工作簿")
        data = p.read_bytes()
    except OSError as e:
        raise bad(f"无法读取文件（{e.strerror or type(e).__name__}）") from None
    if not data:
        raise bad("文件是空的（0 字节），不是 .xlsx 工作簿")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise bad("这是旧版 .xls 格式或设置了打开密码的工作簿，请用 Excel/WPS 另存为不加密的 .xlsx 后再试")
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        if data.startswith(b"PK"):
            raise bad("文件不完整或已损坏（.xlsx 压缩包无法打开），请重新保存或重新复制该文件")
        raise bad("不是 .xlsx 工作簿（可能是文本、CSV 或其他格式的文件改了扩展名）")
    try:
        archive = zipfile.ZipFile(buffer)
        _check_archive(archive, bad)
    except InputError:
        raise
    except Exception as e:  # zipfile/zlib raise many types on damaged archives
        raise bad(f"文件已损坏，无法解压（{type(e).__name__}）") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            reader = ExcelReader(io.BytesIO(data), read_only=False, data_only=True, keep_links=False)
            reader.read()
            parts = {sheet.name: rel.target for sheet, rel in reader.parser.find_sheets()}
    except Exception as e:  # any parse failure of a user's file is an input error
        raise bad(f"无法读取工作簿内容，文件可能已损坏或不是 Excel 工作簿（{type(e).__name__}）") from None
    return _Book(str(path), reader.wb, parts, archive)


def _check_archive(archive: zipfile.ZipFile, bad: Callable[[str], InputError]) -> None:
    """Refuse zip and XML bombs before any XML parser sees the file."""
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise bad(f"压缩包内文件过多（{len(members)} 个），不像是计划填报工作簿")
    if sum(m.file_size for m in members) > MAX_UNCOMPRESSED_BYTES:
        raise bad("解压后内容过大，不像是计划填报工作簿，已拒绝读取")
    for member in members:
        if member.is_dir():
            continue
        with archive.open(member) as fh:
            head = fh.read(PROLOG_PEEK)
        if _prolog_has_dtd(head):
            raise bad(f"工作簿中的 {member.filename} 含有 DTD/实体声明（可能是“XML 实体膨胀”攻击文件），已拒绝读取")


def _prolog_has_dtd(head: bytes) -> bool:
    """Whether an XML part declares a DTD before its root element (never true of real xlsx).

    Only the prolog is looked at: declarations, comments and processing instructions up to
    the first element. A prolog longer than the peek is treated as suspicious too.
    """
    if head.startswith((b"\xff\xfe", b"<\x00")):
        text = head.decode("utf-16-le", "ignore")
    elif head.startswith((b"\xfe\xff", b"\x00<")):
        text = head.decode("utf-16-be", "ignore")
    else:
        text = head.decode("utf-8", "ignore")
    text, i = text.lstrip("\ufeff"), 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if text.startswith("<?", i):
            end = text.find("?>", i)
        elif text.startswith("<!--", i):
            end = text.find("-->", i)
        elif text.startswith("<!", i):
            return True
        else:
            return False  # the root element, or not XML at all
        if end < 0:
            return True
        i = end + 2


_FORMULA_TAG = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")


def _uncalculated_formulas(archive: zipfile.ZipFile, member: str | None) -> list[str]:
    """Cells of a sheet holding a formula without a cached value, in sheet order.

    openpyxl's ``data_only`` gives None both for these and for blank cells, so the sheet XML
    is scanned (only when it contains a formula at all). A formula whose result is an empty
    string (``t="str"`` with an empty ``<v>``) has been calculated and is not reported.
    """
    if not member:
        return []
    with archive.open(member) as fh:
        data = fh.read()
    if not _FORMULA_TAG.search(data):
        return []
    from defusedxml.ElementTree import iterparse  # DTDs were refused already; this forbids them again

    found: list[str] = []
    row = col = 0
    for event, el in iterparse(io.BytesIO(data), events=("start", "end")):
        tag = el.tag.rsplit("}", 1)[-1]
        if event == "start":
            if tag == "row":
                row = int(el.get("r") or row + 1)
                col = 0
            continue
        if tag != "c":
            if tag == "row":
                el.clear()
            continue
        ref = el.get("r")
        col = _column_index(ref) if ref else col + 1
        children = {child.tag.rsplit("}", 1)[-1]: child for child in el}
        if "f" in children:
            v = children.get("v")
            cached = v is not None and (v.text or el.get("t") in ("str", "s", "inlineStr"))
            if not cached:
                found.append(ref or f"{get_column_letter(col)}{row}")
    return found


def _column_index(ref: str) -> int:
    letters = re.match(r"[A-Za-z]+", ref).group(0).upper()
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index


# --- Reading a table -----------------------------------------------------------------------------


def _coord(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


@dataclass
class _Table:
    """A contract sheet's table: its header row, column positions and non-blank data rows."""

    book: _Book
    sheet: str  # the title as in the file
    header_row: int
    columns: dict[str, int]  # contract column -> 1-based index
    headers: dict[int, object]  # every non-blank header cell: index -> value
    cells: dict[int, dict[int, object]]  # row -> col -> value (merged data cells filled down)

    def error(self, message: str, where: str = "") -> InputError:
        return self.book.error(message, self.sheet, where)

    def rows(self) -> Iterator[int]:
        """Data rows below the header with something in a contract column, top to bottom."""
        wanted = set(self.columns.values())
        for r in sorted(self.cells):
            if r > self.header_row and any(not is_blank(v) for c, v in self.cells[r].items() if c in wanted):
                yield r

    def raw(self, row: int, column: str | int) -> tuple[object, str]:
        col = column if isinstance(column, int) else self.columns.get(column)
        if col is None:
            return None, ""
        return self.cells.get(row, {}).get(col), _coord(row, col)

    def get(self, row: int, column: str, parse: Callable[[object], object], label: str = "") -> object:
        """A cell parsed by ``parse``; a bad value is an error naming the cell."""
        value, where = self.raw(row, column)
        try:
            return parse(value)
        except _BadValue as e:
            raise self.error(f"“{label or column}”{e}", where) from None

    def text(self, row: int, column: str, required: bool = False) -> str:
        value, where = self.raw(row, column)
        text = parse_text(value)
        if required and not text:
            raise self.error(f"“{column}”不能为空", where)
        return text

    def cell(self, row: int, column: str) -> str:
        """``sheet!A5``: where a row's value was read, for Plan.cells."""
        return f"{self.sheet}!{self.raw(row, column)[1]}"


def _read_table(book: _Book, name: str, required: tuple[str, ...], optional: tuple[str, ...] = (),
                empty_is_absent: bool = False) -> _Table | None:
    """The sheet's table, or None if there is no such sheet (or it is blank and may be)."""
    ws = book.sheet(name)
    if ws is None:
        return None
    title = ws.title
    cells: dict[int, dict[int, object]] = {}
    for (r, c), cell in ws._cells.items():  # existing cells only: never materialise empty ones
        if cell.data_type == "e" and cell.value is not None:
            raise book.error(f"单元格的值是错误值“{cell.value}”（公式出错），请修正后再试", title, _coord(r, c))
        cells.setdefault(r, {})[c] = cell.value
    if not any(not is_blank(v) for row in cells.values() for v in row.values()):
        if empty_is_absent:
            return None
        raise book.error("工作表是空的，应有表头行：" + "、".join(required), title)

    header_row, missing = _find_header(cells, required)
    merges = list(ws.merged_cells.ranges)
    for m in merges:
        if m.min_row <= header_row <= m.max_row:
            raise book.error("表头含合并单元格，请取消合并，每列一个表头", title, m.coord)
    if missing:
        raise book.error(f"缺少列（表头应为：{'、'.join(required)}）", title, "、".join(f"列“{n}”" for n in missing))

    columns: dict[str, int] = {}
    headers: dict[int, object] = {}
    for c, v in sorted(cells[header_row].items()):
        if is_blank(v):
            continue
        headers[c] = v
        h = norm_header(v)
        for n in required + optional:
            if header_matches(h, n):
                if n in columns:
                    raise book.error(
                        f"列“{n}”出现了两次（{_coord(header_row, columns[n])}、{_coord(header_row, c)}）",
                        title, _coord(header_row, c))
                columns[n] = c
    _fill_merged_down(book, title, merges, header_row, set(headers), cells)
    return _Table(book, title, header_row, columns, headers, cells)


def _find_header(cells: dict[int, dict[int, object]], required: tuple[str, ...]) -> tuple[int, list[str]]:
    """The first of the top rows holding every required column (title rows may precede it);
    failing that, the row closest to it and the columns it lacks."""
    best_row, best_missing = min(cells), list(required)
    for r in sorted(cells)[:HEADER_SEARCH_ROWS]:
        found = [norm_header(v) for v in cells[r].values() if not is_blank(v)]
        missing = [n for n in required if not any(header_matches(h, n) for h in found)]
        if len(missing) < len(best_missing):
            best_row, best_missing = r, missing
        if not missing:
            break
    return best_row, best_missing


def _fill_merged_down(book: _Book, title: str, merges, header_row: int, headed: set[int], cells) -> None:
    """A cell merged down a column (typically 类别) stands for every row it spans."""
    for m in merges:
        if m.max_row <= header_row or not any(m.min_col <= c <= m.max_col for c in headed):
            continue  # title rows above the header, notes beside the table
        if m.min_col != m.max_col:
            raise book.error(f"数据区含跨列的合并单元格 {m.coord}，请取消合并", title, m.coord)
        value = cells.get(m.min_row, {}).get(m.min_col)
        for r in range(m.min_row + 1, m.max_row + 1):
            cells.setdefault(r, {})[m.min_col] = value


# --- Reading the four sheets ---------------------------------------------------------------------


def _require_sheet(book: _Book, name: str, required, optional=()) -> _Table:
    table = _read_table(book, name, required, optional)
    if table is None:
        titles = "、".join(f"“{ws.title}”" for ws in book.wb.worksheets)
        raise book.error(f"缺少工作表“{name}”（现有工作表：{titles}）", name)
    return table


_KINDS: dict[str, Callable[[object], object]] = {
    "text": lambda v: parse_text(v) or None,
    "year": parse_year,
    "count": parse_whole,
    "days_in_year": lambda v: parse_whole(v, 0, 366),
    "positive": parse_positive,
    "share": parse_share,
}


def _parse_mode(value: object) -> str | None:
    if is_blank(value):
        return None
    mode = _fold(str(value)).lower()
    if mode not in WORKDAY_MODES:
        raise _BadValue(f"应为 {' 或 '.join(WORKDAY_MODES)}，实际为“{_show(value)}”")
    return mode


def _read_settings(book: _Book) -> tuple[dict[str, object], dict[str, str]]:
    t = _require_sheet(book, SHEET_SETTINGS, (COL_KEY, COL_VALUE), (COL_LABEL, COL_NOTE))
    values: dict[str, object] = {}
    cells: dict[str, str] = {}
    for r in t.rows():
        raw_key, key_cell = t.raw(r, COL_KEY)
        value, value_cell = t.raw(r, COL_VALUE)
        typed = _fold(parse_text(raw_key))
        if not typed:
            if is_blank(value):
                continue  # a note row (项目/说明 only)
            raise t.error("填了“值”但“键”为空", key_cell)
        setting = _SETTING_NAMES.get(typed.lower()) or _SETTING_NAMES.get(typed)
        if setting is None:
            raise t.error(f"未知的键“{_show(raw_key)}”（可用的键：{'、'.join(SETTINGS_BY_KEY)}）", key_cell)
        key = setting.key
        if key in cells:
            raise t.error(f"键“{key}”重复（已在 {cells[key]} 填写）", key_cell)
        parse = _parse_mode if setting.kind == "mode" else _KINDS[setting.kind]
        parsed = t.get(r, COL_VALUE, parse, f"{setting.label}（{key}）")
        cells[key] = f"{t.sheet}!{value_cell}"
        if parsed is not None:
            values[key] = parsed
    for s in SETTINGS:
        if s.required and s.key not in values:
            where = cells[s.key].rsplit("!", 1)[1] if s.key in cells else f"列“{COL_KEY}”"
            raise t.error(f"缺少必填项 {s.key}（{s.label}）", where)
    return values, cells


def _read_units(book: _Book) -> tuple[tuple[Unit, ...], dict[str, str]]:
    t = _require_sheet(book, SHEET_UNITS, (COL_UNIT, COL_STAFF), (COL_KEY_COUNT, COL_WEIGHT, COL_REMARK))
    units: list[Unit] = []
    cells: dict[str, str] = {}
    seen: dict[str, str] = {}
    for r in t.rows():
        name = t.text(r, COL_UNIT, required=True)
        where = t.raw(r, COL_UNIT)[1]
        if name_key(name) in TOTAL_ROW_NAMES:
            raise t.error(f"“{name}”行不是执法单位，请删除（合计由程序计算）", where)
        if name_key(name) in seen:
            raise t.error(f"执法单位“{_show(name)}”重复（已在 {seen[name_key(name)]} 填写）", where)
        seen[name_key(name)] = where
        staff = t.get(r, COL_STAFF, parse_whole)
        if staff is None:
            raise t.error(f"“{COL_STAFF}”不能为空", t.raw(r, COL_STAFF)[1])
        key = t.get(r, COL_KEY_COUNT, parse_whole)
        weight = t.get(r, COL_WEIGHT, parse_nonnegative)
        units.append(Unit(name, staff, key or 0, 1 if weight is None else weight, t.text(r, COL_REMARK)))
        cells[f"unit:{name}"] = t.cell(r, COL_UNIT)
    if not units:
        raise t.error("没有填写任何执法单位", f"列“{COL_UNIT}”")
    return tuple(units), cells


_CATEGORY_ALIASES = {c: c for c in CATEGORIES} | {"其他执法工作日": OTHER_ENFORCEMENT, "非执法工作日": NON_ENFORCEMENT}


def _category(t: _Table, r: int, allowed: dict[str, str]) -> str:
    raw, where = t.raw(r, COL_CATEGORY)
    text = parse_text(raw)
    if not text:
        raise t.error(f"“{COL_CATEGORY}”不能为空", where)
    if (category := allowed.get(_fold(text))) is None:
        raise t.error(f"类别“{_show(text)}”无效，应为 {' 或 '.join(dict.fromkeys(allowed.values()))}", where)
    return category


def _read_items(book: _Book) -> tuple[list[dict], dict[str, str]]:
    """Items as dicts (history is attached later), with the cell of each row's 测算方法."""
    t = _require_sheet(book, SHEET_ITEMS, (COL_CATEGORY, COL_ITEM), (COL_METHOD, COL_REPORTED, COL_NOTE))
    items: list[dict] = []
    cells: dict[str, str] = {}
    seen: dict[tuple[str, str], str] = {}
    methods = {_fold(m): m for m in METHODS}
    for r in t.rows():
        category = _category(t, r, _CATEGORY_ALIASES)
        name = t.text(r, COL_ITEM, required=True)
        where = t.raw(r, COL_ITEM)[1]
        if (category, name_key(name)) in seen:
            raise t.error(f"类别“{category}”中的项目“{_show(name)}”重复（已在 {seen[category, name_key(name)]} 填写）", where)
        seen[category, name_key(name)] = where
        raw_method, method_cell = t.raw(r, COL_METHOD)
        method = methods.get(_fold(parse_text(raw_method)), None) if not is_blank(raw_method) else METHOD_REPORTED
        if method is None:
            raise t.error(f"测算方法“{_show(raw_method)}”无效，应为 {'、'.join(METHODS)} 之一", method_cell)
        reported = t.get(r, COL_REPORTED, parse_nonnegative)
        items.append(dict(category=category, name=name, method=method, reported=reported or 0,
                          note=t.text(r, COL_NOTE), where=f"{t.sheet}!{method_cell or where}"))
        cells[f"item:{category}:{name}"] = t.cell(r, COL_CATEGORY)
    return items, cells


@dataclass
class _History:
    table: _Table | None
    years: dict[int, int] = field(default_factory=dict)  # year -> column
    rows: dict[tuple[str, str], int] = field(default_factory=dict)  # (category, name key) -> row
    staff_row: int | None = None


def _read_history(book: _Book) -> _History:
    t = _read_table(book, SHEET_HISTORY, (COL_CATEGORY, COL_ITEM), empty_is_absent=True)
    if t is None:
        return _History(None)
    h = _History(t)
    for c, header in t.headers.items():
        year = parse_year_header(header)
        if year is None:
            continue
        if year in h.years:
            raise t.error(f"年度列{year}出现了两次", _coord(t.header_row, c))
        h.years[year] = c
    t.columns.update({f"year:{y}": c for y, c in h.years.items()})  # count year cells as content
    allowed = _CATEGORY_ALIASES | {STAFF_CATEGORY: STAFF_CATEGORY}
    for r in t.rows():
        category = _category(t, r, allowed)
        name = t.text(r, COL_ITEM, required=True)
        key = (category, name_key(name))
        if category == STAFF_CATEGORY and key[1] != STAFF_ITEM:
            raise t.error(f"类别“{STAFF_CATEGORY}”只能有项目“{STAFF_ITEM}”", t.raw(r, COL_ITEM)[1])
        if key in h.rows:
            raise t.error(f"“{category}/{_show(name)}”的历史数据行重复（已在第{h.rows[key]}行）", t.raw(r, COL_ITEM)[1])
        h.rows[key] = r
    h.staff_row = h.rows.pop((STAFF_CATEGORY, STAFF_ITEM), None)
    return h


def _history_values(h: _History, row: int, parse) -> tuple[dict[int, Number], dict[int, str]]:
    values, cells = {}, {}
    for year, col in sorted(h.years.items()):
        value = h.table.get(row, f"year:{year}", parse, f"{year}年")
        if value is not None:
            values[year] = value
            cells[year] = f"{h.table.sheet}!{_coord(row, col)}"
    return values, cells


def _needed_years(method: str, year: int) -> tuple[int, ...]:
    return (year - 1,) if method == METHOD_LAST_YEAR else history_years(year)


def _check_history(book: _Book, h: _History, item: dict, year: int, staff: dict[int, int]) -> None:
    """The history a method needs is there; otherwise name the sheet and the missing cell or row."""
    method, name = item["method"], item["name"]
    years = _needed_years(method, year)
    span = f"{years[0]}年" if len(years) == 1 else f"{years[0]}–{years[-1]}年"
    why = f"项目“{_show(name)}”按{method}测算（{item['where']}），需要{span}的数据"
    if h.table is None:
        raise book.error(f"缺少工作表（{why}）", SHEET_HISTORY)
    t = h.table
    for y in years:
        if y not in h.years:
            raise t.error(f"缺少{y}年的列（{why}）", f"列“{y}”")
    row = h.rows.get((item["category"], name_key(name)))
    if row is None:
        raise t.error(f"没有类别“{item['category']}”、项目“{_show(name)}”的行（{why}）", f"列“{COL_ITEM}”")
    for y in years:
        if y not in item["history"]:
            raise t.error(f"{y}年的数据为空（{why}）", _coord(row, h.years[y]))
    if method == METHOD_PER_OFFICER:
        if h.staff_row is None:
            raise t.error(f"缺少“{STAFF_CATEGORY}/{STAFF_ITEM}”行（{why}及各年执法人员数）", f"列“{COL_CATEGORY}”")
        for y in years:
            if not staff.get(y):
                raise t.error(f"{y}年的执法人员数为空或为0（{why}及各年执法人员数）", _coord(h.staff_row, h.years[y]))


def load_plan(path: str | os.PathLike) -> Plan:
    """Read an input workbook (contract.md §1) into a Plan; any problem is an InputError."""
    book = _open_book(path)
    settings, cells = _read_settings(book)
    units, unit_cells = _read_units(book)
    items, item_cells = _read_items(book)
    history = _read_history(book)
    staff: dict[int, int] = {}
    if history.table is not None and history.staff_row is not None:
        staff, staff_where = _history_values(history, history.staff_row, parse_whole)
        cells.update({f"staff_history:{y}": w for y, w in staff_where.items()})
    year = settings["year"]
    for item in items:
        row = history.rows.get((item["category"], name_key(item["name"])))
        item["history"], where = _history_values(history, row, parse_nonnegative) if row else ({}, {})
        cells.update({f"history:{item['category']}:{item['name']}:{y}": w for y, w in where.items()})
        if item["method"] in HISTORY_METHODS:
            _check_history(book, history, item, year, staff)
    return Plan(
        units=units,
        items=tuple(
            WorkdayItem(i["category"], i["name"], i["method"], i["reported"], i["note"], i["history"])
            for i in items
        ),
        staff_history=staff,
        source=str(path),
        cells={**cells, **unit_cells, **item_cells},
        **settings,
    )


# --- Writing -------------------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: cells to fill in
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def _cell_value(value: object) -> object:
    """A Number as a cell value; Fractions must be exact decimals (what a spreadsheet can hold)."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return value.numerator
        as_float = float(value)
        if Fraction(repr(as_float)) != value:
            raise ValueError(f"{value} has no exact decimal form a spreadsheet can hold")
        return as_float
    return value


def _put(ws, row: int, col: int, value: object, *, percent: bool = False, fill: PatternFill | None = None):
    cell = ws.cell(row=row, column=col, value=_cell_value(value))
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, not a formula
    if percent and value is not None:
        cell.number_format = "0%" if (Fraction(value) * 100).denominator == 1 else "0.00##%"
    if fill is not None:
        cell.fill = fill
    return cell


def _width(value: object) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _sheet(wb: Workbook, title: str, headers: list[str], rows: list[list], *, input_cols: set[int],
           percent_cells: set[tuple[int, int]] = frozenset(), blank_rows: int = 0, max_width: int = 50):
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
        longest = max([_width(headers[c - 1])] + [_width(row[c - 1]) for row in rows if c <= len(row)])
        ws.column_dimensions[get_column_letter(c)].width = min(max_width, max(8, longest + 2))
    return ws


def _list_validation(ws, options: list[str], cells: str, title: str) -> None:
    dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle=title, error=f"请从下拉列表中选择：{'、'.join(options)}")
    dv.add(cells)
    ws.add_data_validation(dv)


def _whole_validation(ws, cells: str) -> None:
    dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                        showErrorMessage=True, errorTitle="应为整数", error="请填写不小于0的整数")
    dv.add(cells)
    ws.add_data_validation(dv)


def _build(plan: Plan, note: str = "", blank_rows: int = 20) -> Workbook:
    """The four contract sheets of ``plan``, ready to save."""
    wb = Workbook()
    wb.remove(wb.active)

    rows, percent = [], set()
    for i, s in enumerate(SETTINGS, 2):
        value = getattr(plan, s.key)
        if s.kind == "share":
            percent.add((i, 2))
        rows.append([s.key, value, s.label, s.help])
    if note:
        rows.append([None, None, "说明", note])
    ws = _sheet(wb, SHEET_SETTINGS, [COL_KEY, COL_VALUE, COL_LABEL, COL_NOTE], rows,
                input_cols={2}, percent_cells=percent, max_width=80)
    ws.column_dimensions["B"].width = max(ws.column_dimensions["B"].width, 24)
    for r in range(2, len(rows) + 2):
        ws.cell(row=r, column=4).alignment = WRAP
    mode_row = 2 + [s.key for s in SETTINGS].index("workday_mode")
    _list_validation(ws, list(WORKDAY_MODES), f"B{mode_row}", "工作日计算方式")

    rows = [[u.name, u.staff, u.key_inspections, u.general_weight, u.note] for u in plan.units]
    ws = _sheet(wb, SHEET_UNITS, [COL_UNIT, COL_STAFF, COL_KEY_COUNT, COL_WEIGHT, COL_REMARK], rows,
                input_cols={1, 2, 3, 4, 5}, blank_rows=blank_rows, max_width=60)
    last = len(rows) + 1 + blank_rows
    _whole_validation(ws, f"B2:C{last}")

    rows = [[i.category, i.name, i.method,
             i.reported if (i.method == METHOD_REPORTED or i.reported) else None, i.note] for i in plan.items]
    ws = _sheet(wb, SHEET_ITEMS, [COL_CATEGORY, COL_ITEM, COL_METHOD, COL_REPORTED, COL_NOTE], rows,
                input_cols={1, 2, 3, 4, 5}, blank_rows=blank_rows, max_width=60)
    last = len(rows) + 1 + blank_rows
    _list_validation(ws, list(CATEGORIES), f"A2:A{last}", "类别")
    _list_validation(ws, list(METHODS), f"C2:C{last}", "测算方法")

    years = sorted({y for i in plan.items for y in i.history} | set(plan.staff_history))
    rows = [[i.category, i.name] + [i.history.get(y) for y in years] for i in plan.items if i.history]
    if plan.staff_history:
        rows.append([STAFF_CATEGORY, STAFF_ITEM] + [plan.staff_history.get(y) for y in years])
    ws = _sheet(wb, SHEET_HISTORY, [COL_CATEGORY, COL_ITEM] + years, rows,
                input_cols=set(range(1, len(years) + 3)), blank_rows=blank_rows, max_width=60)
    last = len(rows) + 1 + blank_rows
    _list_validation(ws, list(CATEGORIES) + [STAFF_CATEGORY], f"A2:A{last}", "类别")
    wb.active = 0
    return wb


def _save_whole(wb: Workbook, path: str | os.PathLike, overwrite: bool) -> Path:
    """Save to a temporary file beside ``path``, then move it into place: whole or not at all."""
    target = Path(path)
    if not overwrite and target.exists():
        raise FileExistsError(f"文件已存在：{target}")
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # umask-respecting mode
    try:
        wb.save(tmp)
        if overwrite:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)  # fails if the target appeared meanwhile
            except FileExistsError:
                raise FileExistsError(f"文件已存在：{target}") from None
            except OSError:  # no hard links on this file system
                if target.exists():
                    raise FileExistsError(f"文件已存在：{target}") from None
                os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def write_plan(plan: Plan, path: str | os.PathLike, note: str = "", overwrite: bool = True) -> Path:
    """Write ``plan`` as a contract workbook that :func:`load_plan` reads back unchanged.

    ``note`` goes into a 说明 row of 基本信息 (e.g. where the figures come from). Fractions are
    written as decimals, so each must have an exact decimal form (every value read from a
    workbook has). The file is written whole or not at all.
    """
    return _save_whole(_build(plan, note, blank_rows=10), path, overwrite)


# --- The blank template ----------------------------------------------------------------------------


def example_plan(year: int) -> Plan:
    """The template's example rows: small, but using every method, so it computes once loaded."""
    h = history_years(year)
    staff = dict(zip(h, (20, 21, 22)))
    items = (
        WorkdayItem(OTHER_ENFORCEMENT, "开展安全生产综合监管", METHOD_REPORTED, 1200, "示例：各执法单位填报汇总"),
        WorkdayItem(OTHER_ENFORCEMENT, "组织生产安全事故调查和处理", METHOD_MEAN, 0, "示例：前三年平均",
                    dict(zip(h, (380, 400, 420)))),
        WorkdayItem(OTHER_ENFORCEMENT, "实施行政许可", METHOD_LAST_YEAR, 0, "示例：按上年实际", dict(zip(h, (280, 290, 300)))),
        WorkdayItem(NON_ENFORCEMENT, "学习、培训、考核、会议", METHOD_PER_OFFICER, 0, "示例：前三年人均×今年人数",
                    dict(zip(h, (1980, 2100, 2200)))),
        WorkdayItem(NON_ENFORCEMENT, "法定年休假、探亲假、婚（丧）假", METHOD_PER_OFFICER, 0, "示例",
                    dict(zip(h, (480, 500, 530)))),
        WorkdayItem(NON_ENFORCEMENT, "机关值班", METHOD_REPORTED, 240, "示例"),
    )
    units = (
        Unit("执法一队（示例）", 8, 80, 1, "示例行，请替换为本单位数据"),
        Unit("执法二队（示例）", 8, 80, 1, ""),
        Unit("综合科（示例）", 6, 40, 0, "一般检查权重为0：不分配一般检查"),
    )
    return Plan("××区应急管理局（示例）", year, units, items, headcount=40, entity_base=3000, staff_history=staff)


def _instructions() -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = [
        ("安全生产年度监督检查计划 填报工作簿", ""),
        ("怎么填", "黄色单元格为填写区；示例行请改为本单位数据或删除。空行可以保留。"
                   "比例可填“60%”或“0.6”；数字可以是文本格式。填好后运行：planlib compute 本文件.xlsx"),
        (f"工作表“{SHEET_SETTINGS}”", "每行一个设置：“键”列不要改，在“值”列填写。"),
    ]
    rows += [(f"  {s.key}（{s.label}）", s.help) for s in SETTINGS]
    rows += [
        (f"工作表“{SHEET_UNITS}”", "每行一个执法单位（科室、执法队）。"),
        (f"  {COL_UNIT}", "单位名称，不能重复；不要填“合计”行（合计由程序计算）。"),
        (f"  {COL_STAFF}", "计入计划的执法人员数，整数；各单位之和即执法人员总数。"),
        (f"  {COL_KEY_COUNT}", "本单位负责检查的重点单位家数（来自重点单位名录）；空白为0。所有单位都不填时，按重点检查最低占比自动测算。"),
        (f"  {COL_WEIGHT}", "一般检查的分配权重；0 表示不分配一般检查；空白为1。一般检查按权重用最大余数法分配，各单位之和等于总数。"),
        (f"  {COL_REMARK}", "任意说明。"),
        (f"工作表“{SHEET_ITEMS}”", "每行一项其他执法工作日或非执法工作日。"),
        (f"  {COL_CATEGORY}", "其他执法 或 非执法（下拉选择）。"),
        (f"  {COL_ITEM}", "项目名称，同一类别内不能重复。"),
        (f"  {COL_METHOD}", "测算方法（下拉选择）；空白为“填报”："),
        (f"    {METHOD_REPORTED}", "直接采用“填报值”（如各执法单位提供的测算数据汇总）。"),
        (f"    {METHOD_MEAN}", "计划年度前三年实际工作日的平均值（需“历史数据”中该项目前三年的数字）。"),
        (f"    {METHOD_PER_OFFICER}", "前三年人均工作日的平均值×今年执法人员数（还需“人员/执法人员数”行）；人数变化时随之变化。"),
        (f"    {METHOD_LAST_YEAR}", "上一年的实际工作日（需“历史数据”中上一年的数字）。"),
        (f"  {COL_REPORTED}", "“填报”方法的工作日数；空白为0。"),
        (f"工作表“{SHEET_HISTORY}”", "往年实际工作日：类别、项目与“工作日类别”一致，每年一列，表头为年份（如 2019 或 2019年）。"),
        (f"  {STAFF_CATEGORY} / {STAFF_ITEM}", "类别填“人员”、项目填“执法人员数”的一行：各年执法人员数，“三年人均”需要。"),
        ("取整规则", "每个项目的测算结果四舍五入到整数工作日，合计为各项目取整后之和。"),
        ("依据", "《安全生产年度监督检查计划编制办法》（安监总政法〔2017〕150号）。"),
    ]
    return rows


def write_template(path: str | os.PathLike, *, year: int | None = None, overwrite: bool = True) -> Path:
    """Write a blank input workbook: a 填写说明 sheet, the four contract sheets with example rows,
    drop-downs for 类别, 测算方法 and workday_mode, and yellow input cells. It loads and computes
    as it is; ``year`` defaults to next year."""
    year = year or dt.date.today().year + 1
    wb = _build(example_plan(year), note="以上为示例，请改为本单位数据", blank_rows=30)
    ws = wb.create_sheet(SHEET_INSTRUCTIONS, 0)
    for r, (topic, text) in enumerate(_instructions(), 1):
        ws.cell(row=r, column=1, value=topic).font = Font(bold=not topic.startswith(" "), size=14 if r == 1 else 11)
        ws.cell(row=r, column=2, value=text).alignment = WRAP
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 100
    wb.active = 0
    return _save_whole(wb, path, overwrite)
