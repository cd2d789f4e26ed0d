"""Opening a spreadsheet file safely (:func:`open_book`): bounded, checked before any XML parser
runs, every format read through python-calamine, what calamine does not report (uncalculated
formulas, error values, hidden rows, merged cells, the autofilter) found by a bounded scan of the
sheet's XML.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import posixpath
import re
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from planlib.core.model import SheetNote
from planlib.errors import InputError, os_reason
from planlib.io.names import WORKBOOK_SUFFIXES as WORKBOOK_SUFFIXES  # what open_book reads (by content)
from planlib.io.xlsxio.refs import CellRange, cell_ref, column_letter, column_number
from planlib.io.xlsxio.values import norm_header

# Bounds on what is read at all: a plan workbook is a few dozen kilobytes.
MAX_FILE_BYTES = 20 * 2**20
MAX_UNCOMPRESSED_BYTES = 64 * 2**20
MAX_ZIP_MEMBERS = 2000
PROLOG_PEEK = 64 * 1024
# A sheet's used range (rows × columns) read at all: calamine holds a sheet as a dense grid, so one
# stray value in XFD1048576 would be 17 billion cells. A plan's sheets are a few hundred.
MAX_GRID = 5_000_000


# --- Opening the file safely -------------------------------------------------------------------
@dataclass
class Sheet:
    """One sheet's content as the reader uses it: every cell the file has (1-based row, column →
    value; ``None`` for a cell without a value, as for the covered cells of a merged range), its
    merged ranges, the rows hidden and the rows an autofilter spans, and its error values."""

    title: str
    cells: dict[tuple[int, int], object]
    merges: list[CellRange] = field(default_factory=list)
    hidden_rows: frozenset[int] = frozenset()
    filter_rows: tuple[int, int] | None = None
    errors: list[tuple[int, int, str]] = field(default_factory=list)  # (row, col, value) in file order


@dataclass
class Book:
    """An opened workbook and what is needed to report problems in it.

    Every format (.xlsx/.xlsm, .xls, .ods, Strict Open XML) is read by python-calamine, a sheet
    when it is first asked for (:meth:`sheet`). For .xlsx the sheet's XML is also scanned, boundedly,
    for what calamine does not report (``archive`` and ``parts``; None and empty for the others,
    which have no sheet XML: their sheets are read at once, bounded by ``MAX_CELLS``).
    """

    path: str
    source: object  # the python_calamine.CalamineWorkbook
    titles: list[str]  # the worksheets, in order
    parts: dict[str, str]  # sheet title -> zip member
    archive: zipfile.ZipFile | None
    _uncalculated: dict[str, list[str]] = field(default_factory=dict)
    notes: list[SheetNote] = field(default_factory=list)  # hidden rows read …, for the rules
    format: str = "xlsx"  # xlsx | xls | ods | strict (Strict Open XML)
    _sheets: dict[str, Sheet] = field(default_factory=dict)
    _scanned: set[str] = field(default_factory=set)
    xml: dict[str, bytes] = field(default_factory=dict)  # each XML part, read once (well-formedness)

    def part(self, member: str) -> bytes:
        """A zip member's bytes, read once."""
        if member not in self.xml and self.archive is not None:
            self.xml[member] = self.archive.read(member)
        return self.xml[member]

    def error(self, message: str, sheet: str = "", where: str = "") -> InputError:
        return InputError(self.path, message, sheet, where)

    def sheet(self, name: str) -> Sheet | None:
        """The sheet whose (folded) title is ``name``, checked for uncalculated formulas.

        Two sheets whose titles differ only in spaces or width (``执法人员`` and ``执法人员　``)
        are an error: which one is current cannot be guessed."""
        found = [title for title in self.titles if norm_header(title) == name]
        if len(found) > 1:
            titles = "、".join(visible_title(title) for title in found)
            raise self.error(
                f"有{len(found)}个工作表的名称只差空格或全角/半角：{titles}，"
                "无法确定应读取哪一个，请删除或改名多余的工作表",
                name,
            )
        for title in found:
            self._check_formulas(title)
            return self._load(title)
        return None

    def cell_values(self, title: str) -> dict[tuple[int, int], object]:
        """The cells of the sheet titled ``title`` that hold a value, (row, column) → value."""
        return {(r, c): v for (r, c), v in self._load(title).cells.items() if c and v is not None}

    def note(self, note: SheetNote) -> None:
        if note not in self.notes:
            self.notes.append(note)

    def _load(self, title: str) -> Sheet:
        """The sheet with what its XML says besides the values (scanned once, when first read)."""
        if title not in self._scanned:
            try:
                self._sheets[title] = _xlsx_sheet(self, title)
            except InputError:
                raise
            except Exception as e:  # XML the spreadsheet programs would not have written
                raise self.error(f"无法读取工作表内容（{type(e).__name__}）", title) from None
            self._scanned.add(title)
        return self._sheets[title]

    def _check_formulas(self, title: str) -> None:
        if self.archive is None:
            return
        if title not in self._uncalculated:
            try:
                member = self.parts.get(title)
                data = self.part(member) if member else None
                self._uncalculated[title] = uncalculated_formulas(self.archive, member, data)
            except Exception as e:  # XML the spreadsheet programs would not have written
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
        xml = check_archive(archive, bad)
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
        parts = sheet_parts(archive, xml)
    except Exception as e:  # the package's relationships or workbook part are not what Excel writes
        raise bad(f"无法读取工作簿内容，文件可能已损坏或不是 Excel 工作簿（{type(e).__name__}）") from None
    check_well_formed(xml, bad)
    return _calamine_book(str(path), data, "xlsx", bad, archive, parts, xml)


def sheet_parts(archive: zipfile.ZipFile, read: dict[str, bytes] | None = None) -> dict[str, str]:
    """Each sheet's title → its zip member, from the package's relationships (what openpyxl
    follows too): ``_rels/.rels`` names the workbook part, whose rels name each sheet's part.
    ``read``: the parts already read (by :func:`check_archive`)."""
    from defusedxml.ElementTree import fromstring  # DTDs were refused already

    def part(member: str) -> bytes:
        return read[member] if read and member in read else archive.read(member)

    def rels(member: str) -> dict[str, tuple[str, str]]:
        """Id → (type, target resolved against the part's folder)."""
        folder = posixpath.dirname(posixpath.dirname(member))  # "xl/_rels/x.rels" → "xl"
        out = {}
        for rel in fromstring(part(member)):
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
    for sheet in fromstring(part(workbook)).iterfind(".//{*}sheets/{*}sheet"):
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


_KINDS = {
    "xlsx": "工作簿",
    "xls": "旧版 .xls 工作簿",
    "ods": ".ods 电子表格",
    "strict": "“Strict Open XML 电子表格”格式的工作簿",
}


def _calamine_book(
    path: str,
    data: bytes,
    kind: str,
    bad: Callable[[str], InputError],
    archive: zipfile.ZipFile | None = None,
    parts: dict[str, str] | None = None,
    xml: dict[str, bytes] | None = None,
) -> Book:
    """A workbook read by python-calamine. Its worksheets are parsed at once (a damaged one is
    refused on opening, whichever sheet it is); an .xls/.ods/Strict file's cells are bounded by
    ``MAX_CELLS``, an .xlsx sheet's grid by ``MAX_GRID`` (checked in its XML before calamine)."""
    from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum

    what = _KINDS[kind]
    book = Book(path, None, [], parts or {}, archive, format=kind, xml=xml or {})
    cells = 0
    try:
        source = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = [m.name for m in source.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        for name in names:
            if archive is not None:
                member = book.parts.get(name)
                _check_grid(book.part(member) if member else None, name, path)
            sheet = source.get_sheet_by_name(name)
            title = name if kind == "xlsx" else _openpyxl_title(name)
            values: dict[tuple[int, int], object] = {}
            errors: list[tuple[int, int, str]] = []
            r0, c0 = sheet.start or (0, 0)
            for r, row in enumerate(sheet.to_python(skip_empty_area=True), r0 + 1):
                for c, value in enumerate(row, c0 + 1):
                    if value == "" or value is None:
                        continue
                    cells += 1
                    if kind != "xlsx" and cells > MAX_CELLS:
                        raise bad(f"{what}内容过多（超过{MAX_CELLS:,}个单元格），不像是计划填报工作簿")
                    if kind == "xlsx":
                        values[r, c] = _as_openpyxl_reads(value)
                    elif isinstance(value, str) and _ILLEGAL.search(value):
                        raise bad(
                            f"工作表“{title}”单元格{column_letter(c)}{r}含有不可见的控制字符，"
                            "请在 Excel/WPS 中删除后再试"
                        )
                    else:
                        values[r, c] = _as_openpyxl_stored(value, (r, c), errors)
            merges = []
            if kind != "xlsx":
                merges = [
                    CellRange(r0 + 1, c0 + 1, r1 + 1, c1 + 1)
                    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ()
                    if (r0, c0) != (r1, c1)
                ]
            book.titles.append(title)
            book._sheets[title] = _cover_merges(Sheet(title, values, merges, errors=errors))
        book.source = source
    except (InputError, KeyboardInterrupt, SystemExit):
        raise
    except PasswordError:
        raise bad(f"{what}设置了打开密码，请取消密码后另存为 .xlsx 再试") from None
    except BaseException as e:  # calamine raises its own types, and a Rust panic as a BaseException
        if kind == "xlsx":
            raise bad(f"无法读取工作簿内容，文件可能已损坏或不是 Excel 工作簿（{type(e).__name__}）") from None
        if kind == "strict":
            raise bad(
                f"无法读取这个{what}（{type(e).__name__}）；请在 Excel 中“另存为”→“Excel 工作簿(*.xlsx)”后再试"
            ) from None
        hint = "设置了打开密码或已损坏" if kind == "xls" else "已损坏"
        raise bad(f"无法读取{what}（文件可能{hint}；{type(e).__name__}），请用 Excel/WPS 另存为 .xlsx 后再试") from None
    if not book.titles:
        if kind == "xlsx":
            raise bad("工作簿中没有可读取的工作表（文件可能已损坏，或不是 Excel 工作簿）")
        raise bad(f"{what}中没有工作表")
    return book


_INVALID_TITLE = re.compile(r"[\\*?:/\[\]]")


def _openpyxl_title(name: str) -> str:
    """The title an .xls/.ods sheet had when planlib copied it into openpyxl (which refuses
    ``[]:*?/\\``), so that messages name it as before: never a contract sheet's."""
    return (_INVALID_TITLE.sub("_", name)[:31] or "_") if _INVALID_TITLE.search(name) else name


_INT_LIMIT = 10**16  # below it, a whole number is written without an exponent, which openpyxl reads as int


def _as_openpyxl_reads(value: object) -> object:
    """An .xlsx cell's value as openpyxl reads it (the reader's contract was written against it):
    a whole number an int, a date a datetime at midnight."""
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < _INT_LIMIT else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def _as_openpyxl_stored(value: object, at: tuple[int, int], errors: list[tuple[int, int, str]]) -> object:
    """An .xls/.ods cell's value as planlib held it when it copied the sheet into openpyxl: text of
    an error code is an error value, text at most 32,767 characters (control characters, which
    openpyxl refused, are refused by the caller, naming the cell)."""
    if isinstance(value, str):
        value = value[:32767]
        if value in _ERROR_CODES:
            errors.append((*at, value))
    return value


def _cover_merges(sheet: Sheet) -> Sheet:
    """The covered cells of a merged range hold no value (a spreadsheet program shows the first
    cell's across the range; only that one is stored) but exist, as openpyxl had them."""
    for m in sheet.merges:
        if (m.max_row - m.min_row + 1) * (m.max_col - m.min_col + 1) > MAX_GRID:
            continue
        for r in range(m.min_row, m.max_row + 1):
            for c in range(m.min_col, m.max_col + 1):
                if (r, c) != (m.min_row, m.min_col):
                    sheet.cells[r, c] = None
    covered = [(r, c, v) for r, c, v in sheet.errors if any(_covers(m, r, c) for m in sheet.merges)]
    sheet.errors = [e for e in sheet.errors if e not in covered]
    return sheet


def _covers(m: CellRange, row: int, col: int) -> bool:
    """Whether ``(row, col)`` is a covered cell of the merged range (inside it, not its first)."""
    return m.min_row <= row <= m.max_row and m.min_col <= col <= m.max_col and (row, col) != (m.min_row, m.min_col)


def _parsed_by_openpyxl(name: str) -> bool:
    """The XML parts openpyxl parsed (it kept the theme and app.xml as they were)."""
    return name.endswith((".xml", ".rels")) and not name.startswith(("xl/theme/", "docProps/app.xml"))


def check_well_formed(parts: dict[str, bytes], bad: Callable[[str], InputError]) -> None:
    """Every XML part openpyxl parsed (``parts``, as :func:`check_archive` read them) is
    well-formed (expat; DTDs were refused already), as openpyxl required: calamine reads on past a
    damaged part (a sheet cut short would lose its last rows)."""
    from xml.parsers.expat import ExpatError, ParserCreate

    for data in parts.values():
        try:
            ParserCreate().Parse(data, True)
        except ExpatError:
            raise bad("无法读取工作簿内容，文件可能已损坏或不是 Excel 工作簿（XMLSyntaxError）") from None


_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=[\"'](\d+)")
_CELL_COL = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=[\"']\$?([A-Za-z]{1,3})\$?\d")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref=[\"']([^\"']*)")


def _check_grid(data: bytes | None, title: str, path: str) -> None:
    """Refuse a sheet whose used range is beyond ``MAX_GRID`` cells before calamine, which holds a
    sheet as a dense grid, sees it: the last row and the widest column its XML names."""
    if data is None:
        return
    rows = [int(r) for r in _ROW_REF.findall(data)]
    cols = {c.upper() for c in _CELL_COL.findall(data)}
    last_row = max(rows, default=0)
    last_col = max((column_number(c.decode()) for c in cols), default=0)
    if (d := _DIMENSION.search(data)) is not None:
        try:
            extent = CellRange.parse(d.group(1).decode("ascii", "replace"))
            last_row, last_col = max(last_row, extent.max_row), max(last_col, extent.max_col)
        except ValueError:
            pass
    if last_row * last_col > MAX_GRID:
        raise InputError(
            path,
            f"工作表的使用范围过大（到 {column_letter(min(last_col, 16384))}{last_row}），请删除远处的多余内容后再试",
            title,
        )


_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ROW_WITH_CELLS = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=[\"'](\d+)[\"'][^>]*>\s*<(?:\w+:)?c\b")
_ATTR_R = re.compile(rb"\br=[\"'](\d+)[\"']")
_HIDDEN = re.compile(rb"\bhidden=[\"'](?:1|true)[\"']")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=[\"']([^\"']*)")
_FILTER = re.compile(rb"<(?:\w+:)?autoFilter\b[^>]*?\bref=[\"']([^\"']*)")
_ERROR_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*\bt=[\"']e[\"'][^>]*)>(.*?)</(?:\w+:)?c>", re.S)
_CELL_R = re.compile(rb"\br=[\"']([A-Za-z]{1,3}\d+)[\"']")
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*>([^<]*)</")


def _xlsx_sheet(book: Book, title: str) -> Sheet:
    """An .xlsx sheet: calamine's values (read on opening) and, from a bounded scan of its XML
    (regular expressions over the part, no tree), what calamine does not report: the rows that
    have cells, merged ranges, hidden rows, the autofilter and error values."""
    sheet = book._sheets[title]
    member = book.parts.get(title)
    if book.archive is None or not member:
        return sheet
    data = book.part(member)
    have = {r for r, _ in sheet.cells}
    for row in set(map(int, _ROW_WITH_CELLS.findall(data))) - have:
        sheet.cells[row, 0] = None  # a row whose cells are all empty (styled, say): it exists
    hidden = set()
    if b"hidden" in data:
        for m in _ROW_TAG.finditer(data):
            if _HIDDEN.search(m.group(1)) and (r := _ATTR_R.search(m.group(1))) is not None:
                hidden.add(int(r.group(1)))
    merges = []
    for m in _MERGE.finditer(data):
        try:
            merges.append(CellRange.parse(m.group(1).decode("ascii", "replace")))
        except ValueError:
            continue
    filter_rows = None
    if (f := _FILTER.search(data)) is not None:
        try:
            extent = CellRange.parse(f.group(1).decode("ascii", "replace"))
            filter_rows = (extent.min_row, extent.max_row)
        except ValueError:
            filter_rows = None
    errors = []
    if b"t=" in data:
        for m in _ERROR_CELL.finditer(data):
            ref, value = _CELL_R.search(m.group(1)), _VALUE.search(m.group(2))
            if ref is not None and value is not None and value.group(1):
                errors.append((*cell_ref(ref.group(1).decode()), value.group(1).decode("utf-8", "replace")))
    loaded = Sheet(title, sheet.cells, merges, frozenset(hidden), filter_rows, errors)
    return _cover_merges(loaded)


def check_archive(
    archive: zipfile.ZipFile,
    bad: Callable[[str], InputError],
    *,
    what: str = "计划填报工作簿",
    max_members: int = MAX_ZIP_MEMBERS,
    max_bytes: int = MAX_UNCOMPRESSED_BYTES,
    keep: Callable[[str], bool] | None = None,
) -> dict[str, bytes]:
    """Refuse zip and XML bombs before any XML parser sees the file: at most ``max_members``
    members and ``max_bytes`` unpacked, and no DTD in any member's prolog (``what`` names the
    kind of workbook in the messages). Returns the members ``keep`` names (default: the XML parts
    openpyxl parsed), each read whole once (their sizes were bounded first), for the checks and
    scans that follow; the others are only peeked at. A list of 400,000 entities keeps none."""
    keep = _parsed_by_openpyxl if keep is None else keep
    members = archive.infolist()
    if len(members) > max_members:
        raise bad(f"压缩包内文件过多（{len(members)} 个），不像是{what}")
    if sum(m.file_size for m in members) > max_bytes:
        raise bad(f"解压后内容过大，不像是{what}，已拒绝读取")
    parts = {}
    for member in members:
        if member.is_dir():
            continue
        if keep(member.filename):
            head = parts[member.filename] = archive.read(member)
        else:
            with archive.open(member) as fh:
                head = fh.read(PROLOG_PEEK)
        if prolog_has_dtd(head[:PROLOG_PEEK]):
            raise bad(f"工作簿中的 {member.filename} 含有 DTD/实体声明（可能是“XML 实体膨胀”攻击文件），已拒绝读取")
    return parts


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


def uncalculated_formulas(archive: zipfile.ZipFile, member: str | None, data: bytes | None = None) -> list[str]:
    """Cells of a sheet holding a formula without a cached value, in sheet order.

    A reader of cached values (calamine, as openpyxl's ``data_only``) gives them as blank cells,
    so the sheet XML (``data``, else read from ``archive``) is scanned, only when it contains a
    formula at all. A formula whose result is an empty string (``t="str"`` with an empty ``<v>``)
    has been calculated and is not reported.
    """
    if not member:
        return []
    if data is None:
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
                found.append(ref or f"{column_letter(col)}{row}")
    return found


def column_index(ref: str) -> int:
    """The column of a cell reference (``AB12`` → 28)."""
    letters = re.match(r"[A-Za-z]+", ref)
    if letters is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    return column_number(letters.group(0))
