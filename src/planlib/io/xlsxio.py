"""Reading spreadsheets people made, safely and tolerantly: the contract-agnostic half of
:mod:`planlib.io.workbook`.

- **Opening** (:func:`open_book`): the file is read into memory once and never opened for
  writing. Before openpyxl parses anything, every part of the zip is checked for a DTD (no
  legitimate .xlsx has one; it is what entity-expansion bombs need) and the archive's sizes are
  bounded, so a bomb is refused in well under a millisecond whichever XML parser (defusedxml for
  sheets and shared strings, lxml for the other parts) openpyxl would have used. Anything openpyxl
  cannot parse becomes an :class:`~planlib.errors.InputError` naming the file. ``.xls`` and
  ``.ods`` (told by content) are read by python-calamine into an in-memory openpyxl workbook,
  bounded likewise (20 MB, the zip checks for .ods, ``MAX_CELLS``); so is Strict Open XML,
  which openpyxl does not read. FIFOs and devices are refused with one line.
- **Formulas**: openpyxl loads the cached values (``data_only=True``), which gives ``None`` both
  for a blank cell and for a formula never calculated by a spreadsheet program. Those formulas
  are found by a streaming scan of the sheet XML, done only for sheets that are read and only if
  their XML contains a formula at all: the usual formula-free file is parsed once (opening the
  workbook a second time with ``data_only=False`` would double the load time).
- **Values** (``parse_*``): numbers typed as text (full-width digits, thousands separators, stray
  or full-width spaces), ``60%``, exact decimals (a float cell becomes the Fraction of its
  shortest decimal form); each parser raises :class:`BadValue` with a Chinese message, to which
  the caller adds the sheet and cell.
- **Tables** (:func:`read_table`): the header row may sit below title rows, headers may carry
  spaces or a bracketed unit (``执法人员数（人）``), blank rows are skipped, a cell merged down a
  column (typically 类别) stands for every row it spans; merged header cells are an error.
- **Saving** (:func:`save_whole`): to a temporary file beside the target, then moved into place.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import posixpath
import re
import stat
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import TypeVar

from openpyxl import Workbook, load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

from planlib.core.calendar import FIRST_YEAR, LAST_YEAR
from planlib.core.model import FILTERED_ROWS, HIDDEN_ROWS, Number, SheetNote
from planlib.errors import InputError, PlanlibError, os_reason
from planlib.io.files import write_whole
from planlib.io.names import WORKBOOK_SUFFIXES as WORKBOOK_SUFFIXES  # what open_book reads (re-exported)
from planlib.text.numbers import plain

T = TypeVar("T")

# Bounds on what is read at all: a plan workbook is a few dozen kilobytes.
MAX_FILE_BYTES = 20 * 2**20
MAX_UNCOMPRESSED_BYTES = 64 * 2**20
MAX_ZIP_MEMBERS = 2000
PROLOG_PEEK = 64 * 1024
HEADER_SEARCH_ROWS = 10
# No count, share or workday of a plan comes near this; beyond it a cell is a typo (1e307, 10^18)
# and would only overflow the float conversions of shares and charts. Callers set tighter bounds.
MAX_MAGNITUDE = 10**15


# --- Parsing single values (pure; errors are BadValue with a Chinese message) --------------


class BadValue(PlanlibError, ValueError):
    """A value that cannot be used; the caller adds file, sheet and cell."""


_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?")  # no 1e999999999
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_YEAR_TEXT = re.compile(r"(\d{4})(?:\.0*)?(?:年度?)?")


def fold(text: str) -> str:
    """NFKC (full-width digits, brackets, ％ and ， become ASCII) without any whitespace."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).replace("\u2212", "-")


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not fold(value))


def show(value: object) -> str:
    """A value quoted in a one-line message: no line breaks, not too long."""
    text = " ".join(str(value).split())
    return text if len(text) <= 30 else text[:29] + "…"


def parse_number(value: object) -> Number | None:
    """A cell's number, exactly: ints stay int, decimals become Fraction; ``None`` if blank.

    Accepts numeric cells and text such as ``" 1,234 "``, ``"６０％"`` or ``"0.6"``; a float is
    taken by its shortest decimal form (0.6 → 3/5, not the binary approximation).
    """
    if is_blank(value):
        return None
    if isinstance(value, (bool, dt.datetime, dt.date, dt.time, dt.timedelta)):
        raise BadValue(f"应为数字，实际为{'逻辑值' if isinstance(value, bool) else '日期/时间'}“{show(value)}”")
    if isinstance(value, int):
        if abs(value) >= MAX_MAGNITUDE:
            raise BadValue(_magnitude(value, value))
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise BadValue(f"应为数字，实际为“{value}”")
        if abs(value) >= MAX_MAGNITUDE or (value and abs(value) < 1 / MAX_MAGNITUDE):
            raise BadValue(_magnitude(value, value))
        return int(value) if value.is_integer() else plain(Fraction(repr(value)))
    if isinstance(value, Fraction):
        return plain(value)
    text = fold(str(value))
    percent = text.endswith("%")
    digits = text[:-1] if percent else text
    if _GROUPED.fullmatch(digits):
        digits = digits.replace(",", "")
    if not _DECIMAL.fullmatch(digits):
        raise BadValue(f"应为数字，实际为“{show(value)}”")
    try:
        number = Fraction(Decimal(digits))
    except (InvalidOperation, ValueError):  # pragma: no cover - the pattern admits only decimals
        raise BadValue(f"应为数字，实际为“{show(value)}”") from None
    if abs(number) >= MAX_MAGNITUDE or (number and abs(number) < 1 / MAX_MAGNITUDE):
        raise BadValue(_magnitude(value, number))
    return plain(number / 100 if percent else number)


def _magnitude(value: object, number: int | float | Fraction) -> str:
    """Why a number beyond :data:`MAX_MAGNITUDE` (or nearer 0 than its inverse) is refused."""
    big = not -1 < number < 1
    return f"数值{'过大' if big else '过小（过于接近0）'}，不像是计划数据，实际为“{show(value)}”"


def parse_whole(value: object, minimum: int = 0, maximum: int | None = None) -> int | None:
    """A whole number in [minimum, maximum] (counts, officers, years); fractions are refused."""
    number = parse_number(value)
    if number is None:
        return None
    if not isinstance(number, int):
        raise BadValue(f"应为整数，实际为“{show(value)}”")
    if number < minimum:
        raise BadValue(f"不能为负数，实际为{number}" if minimum == 0 else f"应不小于{minimum}，实际为{number}")
    if maximum is not None and number > maximum:
        raise BadValue(too_large(value, maximum))
    return number


def too_large(value: object, maximum: int) -> str:
    return f"过大（应不大于{maximum:,}），实际为“{show(value)}”"


def parse_nonnegative(value: object, maximum: int | None = None) -> Number | None:
    number = parse_number(value)
    if number is not None and number < 0:
        raise BadValue(f"不能为负数，实际为“{show(value)}”")
    if number is not None and maximum is not None and number > maximum:
        raise BadValue(too_large(value, maximum))
    return number


def parse_positive(value: object) -> Number | None:
    number = parse_number(value)
    if number is not None and number <= 0:
        raise BadValue(f"应大于0，实际为“{show(value)}”")
    return number


def parse_share(value: object) -> Fraction | None:
    """A share in [0, 1]: ``60%``, a %-formatted 0.6, or ``0.6``. ``60`` is refused, not guessed."""
    number = parse_number(value)
    if number is None:
        return None
    if not 0 <= number <= 1:
        raise BadValue(f"比例应在0%到100%之间（可填“60%”或“0.6”），实际为“{show(value)}”")
    return Fraction(number)


# The unit words a number cell may carry (docs/contract.md §4): 3人, 70家, 248天, 248个工作日.
PERSONS, ENTITIES, WORKDAYS = ("人",), ("家",), ("个工作日", "工作日", "天")


def strip_unit_word(value: object, words: tuple[str, ...]) -> object:
    """A text cell's number without its column's unit word (``"248个工作日"`` → ``"248"``);
    anything else is returned as it was, for the number parser to accept or refuse."""
    if not isinstance(value, str):
        return value
    text = fold(value)
    for word in words:
        if text.endswith(word) and len(text) > len(word) and text[-len(word) - 1].isdigit():
            return text[: -len(word)]
    return value


def with_unit_word(parse: Callable[[object], T], words: tuple[str, ...]) -> Callable[[object], T]:
    """``parse`` that also accepts the number followed by one of ``words``."""
    return lambda value: parse(strip_unit_word(value, words))


_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def parse_date(value: object) -> dt.date | None:
    """A date cell, or text such as ``2027-02-06``, ``2027/2/6``, ``2027年2月6日``; None if blank."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise BadValue(f"应为日期（不含时间），实际为“{show(value)}”")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and (m := _DATE_TEXT.fullmatch(fold(value))):
        try:
            return dt.date(*map(int, m.groups()))
        except ValueError:
            raise BadValue(f"不是有效的日期：“{show(value)}”") from None
    raise BadValue(f"应为日期（如 2027-02-06），实际为“{show(value)}”")


def parse_year(value: object) -> int | None:
    """A year typed as ``2020``, ``2020.0``, ``"2020"`` or ``"2020年"``."""
    if isinstance(value, str) and (m := _YEAR_TEXT.fullmatch(fold(value))):
        value = m.group(1)
    try:
        return parse_whole(value, FIRST_YEAR, LAST_YEAR)
    except BadValue:
        raise BadValue(f"应为{FIRST_YEAR}–{LAST_YEAR}之间的年份，实际为“{show(value)}”") from None


def parse_year_header(value: object) -> int | None:
    """The year a 历史数据 column header names (``2019``, ``2019.0``, ``"2019年"``), else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() and 1900 <= value <= 2200 else None
    m = _YEAR_TEXT.fullmatch(fold(str(value)))
    return int(m.group(1)) if m else None


_LINE_BREAK = re.compile(r"\s*[\r\n\v\f\x85\u2028\u2029]+\s*")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def _join_lines(m: re.Match) -> str:
    """A line break typed inside a cell (Alt+Enter) only wraps the display: between Chinese
    characters it vanishes, elsewhere it is one space."""
    before, after = m.string[m.start() - 1 : m.start()], m.string[m.end() : m.end() + 1]
    return "" if _CJK.match(before) and _CJK.match(after) else " "


def parse_text(value: object) -> str:
    """Text as typed, trimmed; a number typed where a name belongs becomes its digits."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().strip("\u200b\ufeff").strip()


def parse_name(value: object) -> str:
    """A name (authority, unit, item) on one line: line breaks typed inside the cell are joined
    (:func:`_join_lines`), so a name never splits a heading or a sentence of the plan's documents.
    Notes keep theirs."""
    text = parse_text(value)
    return _LINE_BREAK.sub(_join_lines, text) if _LINE_BREAK.search(text) else text


def norm_header(value: object) -> str:
    """A header for matching: folded (NFKC, no spaces); ``【】`` and ``〔〕`` become ``[]``."""
    text = fold(parse_text(value))
    return text.translate(str.maketrans("【】〔〕", "[][]"))


def header_matches(header: str, name: str) -> bool:
    """``执法人员数`` matches ``执法人员数``, ``执法人员数(人)`` and ``执法人员数[人]``."""
    if header == name:
        return True
    rest = header[len(name) :] if header.startswith(name) else ""
    return len(rest) >= 2 and (rest[0], rest[-1]) in (("(", ")"), ("[", "]"))


def name_key(text: str) -> str:
    """How names are compared (uniqueness, history rows): width- and space-insensitive."""
    return fold(text)


# --- Opening the file safely -------------------------------------------------------------------


@dataclass
class Book:
    """An opened workbook and what is needed to report problems in it.

    ``.xls`` and ``.ods`` files are read by python-calamine into an openpyxl workbook in memory
    (``archive`` is then None: they have no sheet XML to scan for formulas), so every table
    is read by the same code whatever the format.
    """

    path: str
    wb: Workbook
    parts: dict[str, str]  # sheet title -> zip member
    archive: zipfile.ZipFile | None
    _uncalculated: dict[str, list[str]] = field(default_factory=dict)
    notes: list[SheetNote] = field(default_factory=list)  # hidden rows read …, for the rules
    format: str = "xlsx"  # xlsx | xls | ods | strict (Strict Open XML)

    def error(self, message: str, sheet: str = "", where: str = "") -> InputError:
        return InputError(self.path, message, sheet, where)

    def sheet(self, name: str):
        """The sheet whose (folded) title is ``name``, checked for uncalculated formulas.

        Two sheets whose titles differ only in spaces or width (``执法人员`` and ``执法人员　``)
        are an error: which one is current cannot be guessed."""
        found = [ws for ws in self.wb.worksheets if norm_header(ws.title) == name]
        if len(found) > 1:
            titles = "、".join(visible_title(ws.title) for ws in found)
            raise self.error(
                f"有{len(found)}个工作表的名称只差空格或全角/半角：{titles}，"
                "无法确定应读取哪一个，请删除或改名多余的工作表",
                name,
            )
        for ws in found:
            self._check_formulas(ws.title)
            return ws
        return None

    def note(self, note: SheetNote) -> None:
        if note not in self.notes:
            self.notes.append(note)

    def _check_formulas(self, title: str) -> None:
        if self.archive is None:
            return
        if title not in self._uncalculated:
            try:
                self._uncalculated[title] = uncalculated_formulas(self.archive, self.parts.get(title))
            except Exception as e:  # openpyxl parsed this XML already; be safe all the same
                raise self.error(f"无法读取工作表内容（{type(e).__name__}）", title) from None
        if cells := self._uncalculated[title]:
            raise self.error(
                "单元格含公式但没有计算结果（文件未经 Excel/WPS/LibreOffice 计算保存），"
                "请用电子表格软件打开、重新计算并保存后再试",
                title,
                cells[0],
            )


_SPACE_NAMES = {"\u3000": "全角空格", " ": "空格", "\t": "制表符", "\u00a0": "不换行空格"}


def visible_title(title: str) -> str:
    """A sheet title quoted so that its stray spaces can be seen: ``“执法人员”（末尾有全角空格）``."""
    extra = [
        f"{where}有{_SPACE_NAMES.get(ch, '不可见字符')}"
        for where, ch in (("开头", title[:1]), ("末尾", title[-1:]))
        if ch and (ch.isspace() or not ch.isprintable())
    ]
    if not extra and title != title.strip() or any(c.isspace() for c in title.strip()):
        extra.append("中间有空格")
    return f"“{title[:40]}”" + (f"（{'，'.join(extra)}）" if extra else "")


# What the first bytes of a file say it is.
_OLE = b"\xd0\xcf\x11\xe0"
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_STRICT_NS = b"purl.oclc.org/ooxml/spreadsheetml/main"
MAX_CELLS = 2_000_000  # cells of a .xls/.ods copied into memory (a plan workbook has a few hundred)


def open_book(path: str | os.PathLike) -> Book:
    """Open a plan workbook (.xlsx/.xlsm, .xls, .ods: told apart by content, not by name) safely:
    the file is read once into memory, bounded in size, and never opened for writing."""
    p = Path(path)

    def bad(message: str) -> InputError:
        return InputError(str(path), message)

    try:
        info = p.stat()
    except FileNotFoundError:
        raise bad("文件不存在") from None
    except OSError as e:
        raise bad(f"无法读取文件（{os_reason(e)}）") from None
    if stat.S_ISDIR(info.st_mode):
        raise bad("这是一个文件夹，不是 .xlsx 工作簿")
    if not stat.S_ISREG(info.st_mode):  # a FIFO or device named x.xlsx would block the read forever
        raise bad("不是普通文件（可能是管道、设备或套接字），不能作为工作簿读取")
    if info.st_size > MAX_FILE_BYTES:
        raise bad(f"文件过大（{info.st_size // 2**20} MB），不像是计划填报工作簿")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise bad(f"无法读取文件（{os_reason(e)}）") from None
    if len(data) > MAX_FILE_BYTES:  # it grew meanwhile
        raise bad(f"文件过大（{len(data) // 2**20} MB），不像是计划填报工作簿")
    if not data:
        raise bad("文件是空的（0 字节），不是 .xlsx 工作簿")
    if data.startswith(_OLE):
        return _calamine_book(str(path), data, "xls", bad)
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        if data.startswith(b"PK"):
            raise bad("文件不完整或已损坏（.xlsx 压缩包无法打开），请重新保存或重新复制该文件")
        raise bad("不是 .xlsx 工作簿（可能是文本、CSV 或其他格式的文件改了扩展名）")
    try:
        archive = zipfile.ZipFile(buffer)
        check_archive(archive, bad)
        kind = _zip_kind(archive)
    except InputError:
        raise
    except Exception as e:  # zipfile/zlib raise many types on damaged archives
        raise bad(f"文件已损坏，无法解压（{type(e).__name__}）") from None
    if kind == "ods":
        return _calamine_book(str(path), data, "ods", bad)
    if kind == "odf":
        raise bad("这是 OpenDocument 文字或演示文档，不是电子表格（.ods）")
    if kind == "strict":  # openpyxl finds no sheets in it; calamine reads it
        return _calamine_book(str(path), data, "strict", bad)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            wb = load_workbook(io.BytesIO(data), read_only=False, data_only=True, keep_links=False)
            parts = sheet_parts(archive)
    except Exception as e:  # any parse failure of a user's file is an input error
        raise bad(f"无法读取工作簿内容，文件可能已损坏或不是 Excel 工作簿（{type(e).__name__}）") from None
    if not wb.worksheets:
        raise bad("工作簿中没有可读取的工作表（文件可能已损坏，或不是 Excel 工作簿）")
    return Book(str(path), wb, parts, archive)


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's title → its zip member, from the package's relationships (what openpyxl
    follows too): ``_rels/.rels`` names the workbook part, whose rels name each sheet's part."""
    from defusedxml.ElementTree import fromstring  # DTDs were refused already

    def rels(member: str) -> dict[str, tuple[str, str]]:
        """Id → (type, target resolved against the part's folder)."""
        folder = posixpath.dirname(posixpath.dirname(member))  # "xl/_rels/x.rels" → "xl"
        out = {}
        for rel in fromstring(archive.read(member)):
            target = rel.get("Target", "")
            resolved = (
                target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            )
            out[rel.get("Id", "")] = (rel.get("Type", ""), resolved)
        return out

    workbook = next(t for kind, t in rels("_rels/.rels").values() if kind.endswith("/officeDocument"))
    folder, name = posixpath.split(workbook)
    targets = rels(posixpath.join(folder, "_rels", f"{name}.rels"))
    parts = {}
    for sheet in fromstring(archive.read(workbook)).iterfind(".//{*}sheets/{*}sheet"):
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        if rid in targets:
            parts[sheet.get("name", "")] = targets[rid][1]
    return parts


def _zip_kind(archive: zipfile.ZipFile) -> str:
    """``ods``, ``odf`` (another OpenDocument), ``strict`` (Strict OOXML) or ``xlsx``."""
    names = set(archive.namelist())
    if "mimetype" in names:
        mime = archive.read("mimetype")[:200].strip()
        if mime.startswith(_ODS_MIME):
            return "ods"
        if mime.startswith(b"application/vnd.oasis.opendocument"):
            return "odf"
    if "xl/workbook.xml" in names:
        with archive.open("xl/workbook.xml") as fh:
            if _STRICT_NS in fh.read(PROLOG_PEEK):
                return "strict"
    return "xlsx"


def _calamine_book(path: str, data: bytes, kind: str, bad: Callable[[str], InputError]) -> Book:
    """A .xls or .ods read by python-calamine and copied, values only, into an openpyxl workbook."""
    from python_calamine import CalamineWorkbook, PasswordError

    what = {"xls": "旧版 .xls 工作簿", "ods": ".ods 电子表格", "strict": "“Strict Open XML 电子表格”格式的工作簿"}[kind]
    wb = Workbook()
    wb.remove(wb.active)
    cells = 0
    try:
        source = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for name in source.sheet_names:
            sheet = source.get_sheet_by_name(name)
            try:
                ws = wb.create_sheet(name)
            except ValueError:  # a title openpyxl refuses ([]:*?/\, too long): never a contract sheet
                ws = wb.create_sheet(re.sub(r"[\\*?:/\[\]]", "_", name)[:31] or "_")
            for r, row in enumerate(sheet.iter_rows(), 1):
                for c, value in enumerate(row, 1):
                    if value == "" or value is None:
                        continue
                    cells += 1
                    if cells > MAX_CELLS:
                        raise bad(f"{what}内容过多（超过{MAX_CELLS:,}个单元格），不像是计划填报工作簿")
                    cell = ws.cell(row=r, column=c, value=value)
                    if cell.data_type == "f":  # text that starts with "=": a value, never a formula
                        cell.data_type = "s"
            for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
                if (r0, c0) != (r1, c1):
                    ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    except (InputError, KeyboardInterrupt, SystemExit):
        raise
    except PasswordError:
        raise bad(f"{what}设置了打开密码，请取消密码后另存为 .xlsx 再试") from None
    except BaseException as e:  # calamine raises its own types, and a Rust panic as a BaseException
        if kind == "strict":
            raise bad(
                f"无法读取这个{what}（{type(e).__name__}）；请在 Excel 中“另存为”→“Excel 工作簿(*.xlsx)”后再试"
            ) from None
        hint = "设置了打开密码或已损坏" if kind == "xls" else "已损坏"
        raise bad(f"无法读取{what}（文件可能{hint}；{type(e).__name__}），请用 Excel/WPS 另存为 .xlsx 后再试") from None
    if not wb.worksheets:
        raise bad(f"{what}中没有工作表")
    return Book(path, wb, {}, None, format=kind)


def check_archive(archive: zipfile.ZipFile, bad: Callable[[str], InputError]) -> None:
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
        if prolog_has_dtd(head):
            raise bad(f"工作簿中的 {member.filename} 含有 DTD/实体声明（可能是“XML 实体膨胀”攻击文件），已拒绝读取")


def prolog_has_dtd(head: bytes) -> bool:
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
            close = "?>"
        elif text.startswith("<!--", i):
            close = "-->"
        else:
            # <!DOCTYPE …> (or another declaration no xlsx part has); else the root element, or not XML at all
            return text.startswith("<!", i)
        end = text.find(close, i)
        if end < 0:
            return True
        i = end + len(close)


_FORMULA_TAG = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")


def uncalculated_formulas(archive: zipfile.ZipFile, member: str | None) -> list[str]:
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
        col = column_index(ref) if ref else col + 1
        children = {child.tag.rsplit("}", 1)[-1]: child for child in el}
        if "f" in children:
            v = children.get("v")
            cached = v is not None and (v.text or el.get("t") in ("str", "s", "inlineStr"))
            if not cached:
                found.append(ref or f"{get_column_letter(col)}{row}")
    return found


def column_index(ref: str) -> int:
    """The column of a cell reference (``AB12`` → 28)."""
    letters = re.match(r"[A-Za-z]+", ref)
    if letters is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    index: int = column_index_from_string(letters.group(0))
    return index


# --- Reading a table -----------------------------------------------------------------------------


def coord(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


@dataclass
class Table:
    """A contract sheet's table: its header row, column positions and non-blank data rows."""

    book: Book
    sheet: str  # the title as in the file
    header_row: int
    columns: dict[str, int]  # contract column -> 1-based index
    headers: dict[int, object]  # every non-blank header cell: index -> value
    cells: dict[int, dict[int, object]]  # row -> col -> value (merged data cells filled down)

    def error(self, message: str, where: str = "") -> InputError:
        return self.book.error(message, self.sheet, where)

    def sheet_is(self, name: str) -> bool:
        return norm_header(self.sheet) == name

    def rows(self) -> Iterator[int]:
        """Data rows below the header with something in a contract column, top to bottom."""
        wanted = set(self.columns.values())
        for r in sorted(self.cells):
            if r > self.header_row and any(not is_blank(v) for c, v in self.cells[r].items() if c in wanted):
                yield r

    def keyed_rows(self, key: str, value: str) -> Iterator[tuple[int, str, str]]:
        """The rows of a key/value sheet (基本信息, 填报核对) that have a key: row, key as typed
        (trimmed), key cell. A row with neither (a note in 项目/说明) is skipped; a value
        without a key is an error."""
        for r in self.rows():
            raw_key, key_cell = self.raw(r, key)
            typed = parse_text(raw_key)
            if fold(typed):
                yield r, typed, key_cell
            elif not is_blank(self.raw(r, value)[0]):
                raise self.error(f"填了“{value}”但“{key}”为空", key_cell)

    def raw(self, row: int, column: str | int) -> tuple[object, str]:
        col = column if isinstance(column, int) else self.columns.get(column)
        if col is None:
            return None, ""
        return self.cells.get(row, {}).get(col), coord(row, col)

    def get(self, row: int, column: str, parse: Callable[[object], T], label: str = "") -> T:
        """A cell parsed by ``parse``; a bad value is an error naming the cell."""
        value, where = self.raw(row, column)
        try:
            return parse(value)
        except BadValue as e:
            raise self.error(f"“{label or column}”{e}", where) from None

    def text(self, row: int, column: str, required: bool = False, name: bool = False) -> str:
        """A cell's text; ``name``: on one line (:func:`parse_name`)."""
        value, where = self.raw(row, column)
        text = parse_name(value) if name else parse_text(value)
        if required and not text:
            raise self.error(f"“{column}”不能为空", where)
        return text

    def cell(self, row: int, column: str) -> str:
        """``sheet!A5``: where a row's value was read, for Plan.cells."""
        return f"{self.sheet}!{self.raw(row, column)[1]}"


def read_table(
    book: Book, name: str, required: tuple[str, ...], optional: tuple[str, ...] = (), empty_is_absent: bool = False
) -> Table | None:
    """The sheet's table, or None if there is no such sheet (or it is blank and may be)."""
    ws = book.sheet(name)
    if ws is None:
        return None
    title = ws.title
    cells: dict[int, dict[int, object]] = {}
    # Existing cells only: openpyxl has no public iterator over them, and iter_rows() would create
    # every cell of the used range (one stray value in XFD1048576 is 17 billion cells).
    for (r, c), cell in ws._cells.items():
        if cell.data_type == "e" and cell.value is not None:
            raise book.error(f"单元格的值是错误值“{cell.value}”（公式出错），请修正后再试", title, coord(r, c))
        cells.setdefault(r, {})[c] = cell.value
    if not any(not is_blank(v) for row in cells.values() for v in row.values()):
        if empty_is_absent:
            return None
        raise book.error("工作表是空的，应有表头行：" + "、".join(required), title)

    header_row, missing = find_header(cells, required)
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
                        f"列“{n}”出现了两次（{coord(header_row, columns[n])}、{coord(header_row, c)}）",
                        title,
                        coord(header_row, c),
                    )
                columns[n] = c
    fill_merged_down(book, title, merges, header_row, set(headers), cells)
    note_hidden_rows(book, ws, header_row, set(headers), cells)
    return Table(book, title, header_row, columns, headers, cells)


def note_hidden_rows(book: Book, ws, header_row: int, headed: set[int], cells) -> None:
    """Hidden rows with data under the table's headers are read like the others (a spreadsheet's
    SUM counts them too; hiding is a view, not a deletion), and the book notes them so that a
    rule can warn. Rows hidden by an autofilter are told apart from rows hidden by hand."""
    hidden = sorted(
        r
        for r, dim in ws.row_dimensions.items()
        if dim.hidden and r > header_row and any(not is_blank(v) for c, v in cells.get(r, {}).items() if c in headed)
    )
    if not hidden:
        return
    span = None
    if ws.auto_filter.ref:
        try:
            lo_col, lo_row, hi_col, hi_row = range_boundaries(ws.auto_filter.ref)
            span = (lo_row, hi_row)
        except ValueError:
            span = None
    by_filter = [r for r in hidden if span and span[0] < r <= span[1]]
    by_hand = [r for r in hidden if r not in by_filter]
    first = min(headed)
    for kind, rows in ((HIDDEN_ROWS, by_hand), (FILTERED_ROWS, by_filter)):
        if rows:
            book.note(SheetNote(kind, ws.title, tuple(rows), tuple(coord(r, first) for r in rows)))


def find_header(cells: dict[int, dict[int, object]], required: tuple[str, ...]) -> tuple[int, list[str]]:
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


def fill_merged_down(book: Book, title: str, merges, header_row: int, headed: set[int], cells) -> None:
    """A cell merged down a column (typically 类别) stands for every row it spans."""
    for m in merges:
        if m.max_row <= header_row or not any(m.min_col <= c <= m.max_col for c in headed):
            continue  # title rows above the header, notes beside the table
        if m.min_col != m.max_col:
            raise book.error(f"数据区含跨列的合并单元格 {m.coord}，请取消合并", title, m.coord)
        value = cells.get(m.min_row, {}).get(m.min_col)
        for r in range(m.min_row + 1, m.max_row + 1):
            cells.setdefault(r, {})[m.min_col] = value


# --- Saving ------------------------------------------------------------------------------------


def save_whole(wb: Workbook, path: str | os.PathLike, overwrite: bool) -> Path:
    """Save a workbook whole or not at all (:func:`planlib.io.files.write_whole`)."""
    return write_whole(path, wb.save, overwrite)
