"""Opening a spreadsheet file safely (:func:`open_book`): bounded, checked before any XML parser
runs, .xls/.ods/Strict read through python-calamine, uncalculated formulas found.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import stat
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from planlib.core.model import SheetNote
from planlib.errors import InputError, os_reason
from planlib.io.xlsxio.values import norm_header

# Bounds on what is read at all: a plan workbook is a few dozen kilobytes.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")  # what open_book reads (by content, whatever the name)
MAX_FILE_BYTES = 20 * 2**20
MAX_UNCOMPRESSED_BYTES = 64 * 2**20
MAX_ZIP_MEMBERS = 2000
PROLOG_PEEK = 64 * 1024


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
