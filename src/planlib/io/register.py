"""Reading the supervised-entity register (监管对象名录, docs/contract.md §5): .xlsx, .xls or .csv.

Registers are large (Beijing: about 386,000 general units), so spreadsheets are read with
python-calamine (Rust; about 20× faster than openpyxl here, and what pandas uses as
``engine="calamine"``), row by row, into compact :class:`~planlib.core.register.Entity` rows.
Per row only what must be done is done: values repeated down a column (行业领域, 风险等级,
负责执法单位, 重点检查) are normalised once per distinct value; a code is NFKC-folded only
when it is not plain ASCII.

Tolerant like the plan workbook: title rows above the header, headers with spaces, full-width
brackets or a bracketed unit, stray and full-width spaces, full-width letters and digits in
codes, numbers typed as text (or text stored as numbers), blank rows, 风险等级 written
``较大风险``. Safe: the file is read once into memory and never opened for writing; its size,
the zip's members and uncompressed size, and the row count are bounded, and an XML part with a
DTD is refused before any parser sees it. Every problem is an
:class:`~planlib.errors.InputError` naming the file, the sheet, the row and the column.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import os
import re
import sys
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

from planlib.core.model import RISK_LEVELS
from planlib.core.register import CODE_CHARS, CODE_WEIGHTS, Entity, Register
from planlib.errors import InputError, os_reason
from planlib.io.xlsxio import (
    HEADER_SEARCH_ROWS,
    check_archive,
    fold,
    header_matches,
    norm_header,
    show,
)
from planlib.io.xlsxio.refs import column_letter

SHEET = "监管对象名录"
COL_NAME, COL_CODE, COL_SECTOR = "单位名称", "统一社会信用代码", "行业领域"
COL_RISK, COL_LOCALITY, COL_KEY_FLAG, COL_UNIT, COL_REASON = "风险等级", "属地", "重点检查", "负责执法单位", "重点原因"
REQUIRED = (COL_NAME, COL_CODE, COL_SECTOR)
OPTIONAL = (COL_RISK, COL_LOCALITY, COL_KEY_FLAG, COL_UNIT, COL_REASON)

# Bounds: a 400,000-row register is about 20 MB as .xlsx, 60 MB as .csv.
MAX_FILE_BYTES = 512 * 2**20
MAX_UNCOMPRESSED_BYTES = 4 * 2**30
MAX_ZIP_MEMBERS = 10_000
MAX_ROWS = 5_000_000
PROGRESS_ROWS = 50_000  # show a progress bar (on a terminal) from this many rows

_FLAGS = {"是": True, "否": False, "Y": True, "N": False}
_RISKS = {r: r for r in RISK_LEVELS} | {f"{r}风险": r for r in RISK_LEVELS}


def read_register(path: str | os.PathLike, progress: bool | None = None) -> Register:
    """The register at ``path``: its first sheet, or the sheet named 监管对象名录; a .csv in
    UTF-8 (with or without BOM) or GBK. ``progress`` None shows a bar on a terminal for a large file."""
    data = read_bytes(path)
    if data.startswith(b"PK"):
        sheet, rows = _zip_rows(path, data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        sheet, rows = _calamine_rows(path, data)
    else:
        sheet, rows = "", csv_rows(path, data)
    with paused_gc():
        return _parse(str(path), sheet, rows, progress)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while hundreds of thousands of rows are built: they hold no
    cycles, and each collection would walk all of them again (a 400,000-row register read twice
    as slowly with it)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def read_bytes(path, what: str = SHEET, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The whole file (a regular file of at most ``max_bytes``), or an InputError naming it."""
    p = Path(path)
    if not p.exists():
        raise InputError(path, "文件不存在")
    if p.is_dir():
        raise InputError(path, f"这是一个文件夹，不是{what}文件")
    try:
        if not p.is_file():
            raise InputError(path, f"不是普通文件，不是{what}文件")
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(path, f"文件过大（{size // 2**20} MB，上限{max_bytes // 2**20} MB）")
        data = p.read_bytes()
    except OSError as e:
        raise InputError(path, f"无法读取文件（{os_reason(e)}）") from None
    if not data:
        raise InputError(path, "文件是空的（0 字节）")
    return data


def _zip_rows(path, data: bytes) -> tuple[str, Iterator[tuple[int, list]]]:
    check_zip(path, data)
    return _calamine_rows(path, data)


def check_zip(path, data: bytes, what: str = "名录工作簿") -> None:
    """Refuse an .xlsx whose archive is damaged, too large, has too many members, or a DTD
    (:func:`planlib.io.xlsxio.check_archive` with this reader's bounds; nothing is kept: the
    sheet is streamed by calamine)."""
    try:
        check_archive(
            zipfile.ZipFile(io.BytesIO(data)),
            lambda message: InputError(path, message),
            what=what,
            max_members=MAX_ZIP_MEMBERS,
            max_bytes=MAX_UNCOMPRESSED_BYTES,
            keep=lambda name: False,
        )
    except InputError:
        raise
    except Exception as e:  # zipfile and zlib raise many types on damaged archives
        raise InputError(path, f"文件不完整或已损坏，无法解压（{type(e).__name__}）") from None


@contextlib.contextmanager
def calamine_errors(path) -> Iterator[None]:
    """calamine's exceptions on opening a damaged, encrypted or foreign file, as one InputError."""
    try:
        yield
    except InputError:
        raise
    except Exception as e:
        raise InputError(
            path, f"无法读取工作簿，文件可能已损坏、加密或不是 Excel 工作簿（{type(e).__name__}）"
        ) from None


def numbered_rows(path, title: str, sheet) -> Iterator[tuple[int, list]]:
    """A calamine sheet's rows streamed with their row numbers in the sheet, each padded to start
    at column A; an error while streaming names the sheet. (calamine's ``iter_rows`` starts at
    the sheet's first row, empty rows above the data included, but at the data's first column.)"""
    col0 = sheet.start[1] if sheet.start else 0
    try:
        for i, row in enumerate(sheet.iter_rows(), 1):
            yield i, ([""] * col0 + row) if col0 else row
    except Exception as e:
        raise InputError(path, f"读取工作表内容出错（{type(e).__name__}）", title) from None


def _calamine_rows(path, data: bytes) -> tuple[str, Iterator[tuple[int, list]]]:
    from python_calamine import CalamineWorkbook

    with calamine_errors(path):
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = wb.sheet_names
        if not names:
            raise InputError(path, "工作簿中没有工作表")
        title = next((n for n in names if norm_header(n) == SHEET), names[0])
        sheet = wb.get_sheet_by_name(title)
    return title, numbered_rows(path, title, sheet)


def csv_rows(path, data: bytes) -> Iterator[tuple[int, list]]:
    for encoding in ("utf-8-sig", "gb18030"):  # gb18030 reads every GBK file
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost any byte string
        raise InputError(path, "无法识别文件编码（应为 UTF-8 或 GBK 编码的 CSV）")
    if "\x00" in text[:4096]:
        raise InputError(path, "不是 CSV 文本文件，也不是 .xlsx/.xls 工作簿")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))

    def numbered() -> Iterator[tuple[int, list]]:
        try:
            for i, row in enumerate(reader, 1):
                yield reader.line_num if reader.line_num else i, row
        except csv.Error as e:
            raise InputError(path, f"CSV 格式错误（{e}）", "", f"第{reader.line_num}行") from None

    return numbered()


def _delimiter(text: str) -> str:
    """``,`` unless the header line is split by tabs or semicolons instead (an export from
    another program): the one of the three that the first line holds most of."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", "\t", ";", "；")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


# --- Values -------------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split()) if not value.isascii() or "  " in value or "\t" in value else value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value).strip()


class _Column:
    """Where a column is, and a cache of its normalised values (few distinct ones)."""

    def __init__(self, name: str, index: int):
        self.name, self.index, self.letter = name, index, column_letter(index + 1)
        self.cache: dict[object, object] = {}


class _Reader:
    def __init__(self, path: str, sheet: str):
        self.path, self.sheet = path, sheet

    def error(self, message: str, row: int, col: _Column | None = None) -> InputError:
        where = f"第{row}行" + (
            f" 列“{col.name}”（{col.letter}{row}）" if col and self.sheet else (f" 列“{col.name}”" if col else "")
        )
        return InputError(self.path, message, self.sheet, where)


def _find_header(reader: _Reader, rows: Iterator[tuple[int, list]]) -> tuple[int, dict[str, _Column]]:
    best: tuple[int, list[str]] | None = None
    for n, (r, row) in enumerate(rows):
        found = {c: norm_header(v) for c, v in enumerate(row) if cell_text(v)}
        if not found:
            if n >= HEADER_SEARCH_ROWS:
                break
            continue
        missing = [name for name in REQUIRED if not any(header_matches(h, name) for h in found.values())]
        if not missing:
            columns: dict[str, _Column] = {}
            for c, h in found.items():
                for name in REQUIRED + OPTIONAL:
                    if header_matches(h, name):
                        if name in columns:
                            raise reader.error(
                                f"列“{name}”出现了两次（{columns[name].letter}列、{column_letter(c + 1)}列）", r
                            )
                        columns[name] = _Column(name, c)
            return r, columns
        if best is None or len(missing) < len(best[1]):
            best = (r, missing)
        if n >= HEADER_SEARCH_ROWS:
            break
    if best is None:
        raise InputError(reader.path, f"没有数据（表头应为：{'、'.join(REQUIRED)}）", reader.sheet)
    r, missing = best
    raise InputError(
        reader.path,
        f"缺少列（表头应含：{'、'.join(REQUIRED)}）",
        reader.sheet,
        f"第{r}行 " + "、".join(f"列“{m}”" for m in missing),
    )


_CODE_TABLE = bytes(CODE_CHARS.index(chr(b)) if chr(b) in CODE_CHARS else 255 for b in range(256))


def _lane_table(f) -> bytes:
    return bytes(f(x) for x in range(256))


_INVALID = _lane_table(lambda v: 1 if v == 255 else 0)
_WEIGHTED = [_lane_table(lambda v, w=w: v * w % 31 if v < 31 else 0) for w in CODE_WEIGHTS]
_CHECK = _lane_table(lambda v: v if v < 31 else 0)
_MULTIPLE = [_lane_table(lambda x, h=h: 1 if (x + 256 * h) % 31 == 0 else 0) for h in range(3)]
_IS = [_lane_table(lambda x, h=h: 1 if x == h else 0) for h in range(3)]


def wrong_check_characters(codes: list[str]) -> list[int]:
    """Indexes of the 18-character codes whose GB 32100-2015 check character is wrong, all at
    once (:func:`~planlib.core.register.code_check_ok` is the same rule for one code).

    Without numpy, at C speed: each character position is one ``bytes`` column (a slice of the
    joined codes), translated to its weighted value mod 31; the columns are added as big integers
    whose 16-bit lanes are the codes (a lane's sum stays below 541, so lanes never carry), and a
    code is right when its sum plus its check character's value is a multiple of 31."""
    n = len(codes)
    if not n:
        return []
    values = "".join(codes).encode("ascii", "replace").translate(_CODE_TABLE)  # a foreign character: "?" (invalid)
    lanes = bytearray(2 * n)
    total = invalid = 0
    for p in range(18):
        column = values[p::18]
        invalid |= int.from_bytes(column.translate(_INVALID), "little")
        lanes[0::2] = column.translate(_WEIGHTED[p] if p < 17 else _CHECK)
        total += int.from_bytes(lanes, "little")
    sums = total.to_bytes(2 * n, "little")
    low, high = sums[0::2], sums[1::2]
    right = 0
    for h in range(3):
        right |= int.from_bytes(low.translate(_MULTIPLE[h]), "little") & int.from_bytes(
            high.translate(_IS[h]), "little"
        )
    right &= int.from_bytes(b"\x01" * n, "little") ^ invalid
    return [m.start() for m in re.finditer(b"\x00", right.to_bytes(n, "little"))]


def _parse(path: str, sheet: str, numbered: Iterator[tuple[int, list]], progress: bool | None) -> Register:
    reader = _Reader(path, sheet)
    header_row, cols = _find_header(reader, numbered)
    name, code, sector = cols[COL_NAME], cols[COL_CODE], cols[COL_SECTOR]
    risk, locality, flag, unit, reason = (cols.get(c) for c in OPTIONAL)
    wanted = [c.index for c in cols.values()]
    width = max(wanted) + 1
    entities: list[Entity] = []
    seen: dict[str, int] = {}
    key_rows: set[int] = set()
    interned: dict[str, str] = {}

    def _plain(value, row):
        return interned.setdefault(t := cell_text(value), t)

    def _risk(value, row):
        text = fold(cell_text(value))
        if not text:
            return ""
        level = _RISKS.get(text)
        if level is None:
            raise reader.error(f"风险等级“{show(value)}”无效，应为{'、'.join(RISK_LEVELS)}之一或空白", row, risk)
        return level

    def _flag(value, row):
        text = fold(cell_text(value)).upper()
        if not text:
            return None
        if text not in _FLAGS:
            raise reader.error(f"重点检查应填“是”或“否”，实际为“{show(value)}”", row, flag)
        return _FLAGS[text]

    def _code(value, row) -> str:
        if isinstance(value, float) and (not value.is_integer() or value >= 2**53):
            raise reader.error("统一社会信用代码被存成了数字（已丢失位数），请把该列设为文本格式后重新录入", row, code)
        text = cell_text(value)
        if not text.isascii():
            text = "".join(unicodedata.normalize("NFKC", text).split())
        elif " " in text:
            text = text.replace(" ", "")
        return text.upper()

    def lookup(cache: dict, value, row, parse):
        try:
            return cache[value]
        except KeyError:
            result = cache[value] = parse(value, row)
            return result

    bar = None
    if progress is not False:
        try:
            from tqdm import tqdm

            bar = tqdm(
                desc="读取监管对象名录",
                unit="行",
                file=sys.stderr,
                mininterval=0.5,
                disable=bool(progress is None and not sys.stderr.isatty()),
            )
        except ImportError:  # pragma: no cover - tqdm is a dependency of the notebook extra
            bar = None
    i_name, i_code, i_sector = name.index, code.index, sector.index
    c_sector: dict = {}
    c_risk: dict = {}
    c_locality: dict = {}
    c_flag: dict = {}
    c_unit: dict = {}
    no_flag = _flag(None, 0)
    codes18: list[str] = []
    rows18: list[int] = []
    bad_length: list[int] = []
    duplicates: list[tuple[str, int, int, str]] = []  # code, first row, this row, the key unit's name
    names_rows: dict[str, list[int]] = {}
    count = 0
    for r, row in numbered:
        count += 1
        if bar is not None and count % 10_000 == 0:
            bar.update(10_000)
        if len(row) < width:
            row = list(row) + [""] * (width - len(row))
        v_name, v_code, v_sector = row[i_name], row[i_code], row[i_sector]
        t_name = v_name.strip() if type(v_name) is str else cell_text(v_name)
        if type(v_code) is str and v_code.isascii():
            t_code = v_code.strip()
            if " " in t_code or not t_code.isupper() and not t_code.isdigit():
                t_code = t_code.replace(" ", "").upper()
        else:
            t_code = _code(v_code, r)
        t_sector = lookup(c_sector, v_sector, r, _plain)
        if not (t_name or t_code or t_sector) and not any(cell_text(row[i]) for i in wanted):
            continue  # a blank row
        if not t_name:
            raise reader.error(f"“{COL_NAME}”不能为空", r, name)
        if not t_code:
            raise reader.error(f"“{COL_CODE}”不能为空", r, code)
        if not t_sector:
            raise reader.error(f"“{COL_SECTOR}”不能为空", r, sector)
        is_key = lookup(c_flag, row[flag.index], r, _flag) if flag else no_flag
        first = seen.setdefault(t_code, r)
        if first != r:
            twice = is_key and first in key_rows
            duplicates.append((t_code, first, r, t_name if twice else ""))
            continue
        names_rows.setdefault(t_name, []).append(r)
        if is_key:
            key_rows.add(r)
        if len(t_code) == 18:
            codes18.append(t_code)
            rows18.append(r)
        else:
            bad_length.append(r)
        entities.append(
            Entity(
                r,
                t_name,
                t_code,
                t_sector,
                lookup(c_risk, row[risk.index], r, _risk) if risk else "",
                lookup(c_locality, row[locality.index], r, _plain) if locality else "",
                is_key,
                lookup(c_unit, row[unit.index], r, _plain) if unit else "",
                (cell_text(v) if (v := row[reason.index]) != "" else "") if reason else "",
            )
        )
        if len(entities) > MAX_ROWS:
            raise reader.error(f"名录超过{MAX_ROWS}行，已拒绝读取", r)
    if duplicates:
        raise _duplicates_error(reader, duplicates, code)
    bad_check = [rows18[i] for i in wrong_check_characters(codes18)]
    same_name = tuple((n, tuple(rows)) for n, rows in names_rows.items() if len(rows) > 1)
    if bar is not None:
        bar.update(count % 10_000)
        bar.close()
    if not entities:
        raise InputError(path, "名录中没有任何单位（表头以下全是空行）", sheet, f"第{header_row}行以下")
    return Register(
        path,
        sheet or Path(path).name,
        tuple(entities),
        flag is not None,
        tuple(bad_check),
        tuple(bad_length),
        same_name,
    )


def _duplicates_error(reader: _Reader, duplicates: list[tuple[str, int, int, str]], column) -> InputError:
    """Every code listed twice, in one line: the first few pairs and how many in all."""
    code, first, row, key_name = duplicates[0]
    if key_name:
        head = f"重点单位“{show(key_name)}”列了两次（第{first}行、第{row}行，统一社会信用代码“{code}”相同）"
    else:
        head = f"统一社会信用代码“{code}”重复（第{first}行、第{row}行）"
    if len(duplicates) > 1:
        rest = "；".join(f"“{c}”（第{a}行、第{b}行）" for c, a, b, _ in duplicates[1:5])
        head += f"；共{len(duplicates)}处重复，另有{rest}" + ("等" if len(duplicates) > 5 else "")
    return reader.error(head, row, column)
