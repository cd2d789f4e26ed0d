"""Malformed workbooks through the command line (docs/contract.md §2).

Each case builds a broken workbook from a valid one (written by ``write_plan``) or from raw
bytes, runs ``planlib compute PATH`` and checks what a user sees: exit status 2, exactly one
Chinese line on stderr naming the file, the sheet and the cell or column, nothing on stdout, no
traceback, and the file untouched (bytes and modification time).

The command runs in process (``planlib.app.cli.main``, output captured): an exception escaping
it would fail the test outright. Only the XML bombs run in a subprocess, under a memory limit,
so that a bomb that got through could not take the test run down with it.
"""

from __future__ import annotations

import hashlib
import re
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

from planlib.app import cli
from planlib.core.model import (
    METHOD_LAST_YEAR,
    METHOD_MEAN,
    METHOD_PER_OFFICER,
    METHOD_REPORTED,
    Plan,
    Unit,
    WorkdayItem,
)
from planlib.io.workbook import write_plan
from support import replace_cell, sheet_member

MEMORY_LIMIT = 1 << 30  # 1 GiB of address space: a billion-laughs expansion needs several
BOMB_SECONDS = 10


def small_plan() -> Plan:
    """A valid plan using every method, so every sheet and check is reachable."""
    h = {2017: 0, 2018: 0, 2019: 0}
    return Plan(
        authority="测试区应急管理局",
        year=2020,
        units=(Unit("一队", 8, 30, 1, "备注"), Unit("二队", 6, 20, 1)),
        items=(
            WorkdayItem("其他执法", "综合监管", METHOD_REPORTED, 100),
            WorkdayItem("其他执法", "事故调查", METHOD_MEAN, 0, "", {**h, 2017: 90, 2018: 100, 2019: 110}),
            WorkdayItem("非执法", "值班", METHOD_PER_OFFICER, 0, "", {2017: 120, 2018: 130, 2019: 140}),
            WorkdayItem("非执法", "病假", METHOD_LAST_YEAR, 0, "", {2019: 30}),
        ),
        headcount=30,
        entity_base=2000,
        key_share_min=Fraction(3, 5),
        staff_history={2017: 12, 2018: 13, 2019: 14},
    )


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return write_plan(small_plan(), tmp_path_factory.mktemp("base") / "base.xlsx")


# --- Building the cases -----------------------------------------------------------------------------


def _row_of(ws, column: int, value) -> int:
    return next(c.row for c in ws[openpyxl.utils.get_column_letter(column)] if c.value == value)


def _setting(ws, key: str) -> str:
    """The 值 cell of a 基本信息 key, found by reading the sheet (not assumed)."""
    return f"B{_row_of(ws, 1, key)}"


def _history_cell(ws, item: str, year: int) -> str:
    col = next(c.column for c in ws[1] if c.value == year)
    return f"{openpyxl.utils.get_column_letter(col)}{_row_of(ws, 2, item)}"


def edit(change: Callable[[openpyxl.Workbook], None]) -> Callable[[Path, Path], Path]:
    """A case made by editing the valid workbook with openpyxl."""

    def build(base: Path, out: Path) -> Path:
        wb = openpyxl.load_workbook(base)
        change(wb)
        wb.save(out)
        return out

    return build


def raw(data: bytes | Callable[[bytes], bytes], name: str = "plan.xlsx") -> Callable[[Path, Path], Path]:
    """A case made of raw bytes (or of a function of the valid workbook's bytes)."""

    def build(base: Path, out: Path) -> Path:
        path = out.with_name(name)
        path.write_bytes(data(base.read_bytes()) if callable(data) else data)
        return path

    return build


def rezip(patch: Callable[[zipfile.ZipFile, dict[str, bytes]], None]) -> Callable[[Path, Path], Path]:
    """A case made by rewriting the parts of the valid xlsx zip (``patch`` edits name → bytes)."""

    def build(base: Path, out: Path) -> Path:
        with zipfile.ZipFile(base) as src:
            parts = {name: src.read(name) for name in src.namelist()}
            patch(src, parts)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for name, data in parts.items():
                dst.writestr(name, data)
        return out

    return build


def _laughs() -> str:
    """A billion-laughs DTD: &lol9; expands to 10^9 copies of "lol" (3 GB)."""
    ents = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return f"<!DOCTYPE lolz [{''.join(ents)}]>"


def _with_dtd(xml: bytes, before: str = "") -> bytes:
    """Put the bomb's DTD after the XML declaration (if any) of a part, after ``before``."""
    text = xml.decode("utf-8")
    head, sep, rest = text.partition("?>") if text.startswith("<?xml") else ("", "", text)
    return f"{head}{sep}{before}{_laughs()}{rest}".encode()


def bomb_in_sheet(src: zipfile.ZipFile, parts: dict[str, bytes]) -> None:
    member = sheet_member(src, "基本信息")
    parts[member] = _with_dtd(replace_cell(parts[member], "B2", '<c r="B2" t="inlineStr"><is><t>&lol9;</t></is></c>'))


def bomb_after_comment(src: zipfile.ZipFile, parts: dict[str, bytes]) -> None:
    """The DTD hidden behind a comment and a processing instruction (legal XML prolog)."""
    member = sheet_member(src, "执法人员")
    cell = '<c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c>'
    parts[member] = _with_dtd(replace_cell(parts[member], "A2", cell), before="<!-- 说明 --><?pi x?>\n")


def bomb_in_shared_strings(src: zipfile.ZipFile, parts: dict[str, bytes]) -> None:
    """Add a shared-string table (as Excel writes) whose only string is the bomb."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts["xl/sharedStrings.xml"] = _with_dtd(
        f'<?xml version="1.0"?><sst xmlns="{main}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'.encode()
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    member = sheet_member(src, "基本信息")
    parts[member] = replace_cell(parts[member], "B2", '<c r="B2" t="s"><v>0</v></c>')


def bomb_in_workbook_xml(src: zipfile.ZipFile, parts: dict[str, bytes]) -> None:
    """The workbook part is parsed by lxml inside openpyxl (not defusedxml)."""
    parts["xl/workbook.xml"] = _with_dtd(
        parts["xl/workbook.xml"].replace(b"<workbookPr", b'<fileVersion appName="&lol9;"/><workbookPr', 1)
    )


def zip_bomb(src: zipfile.ZipFile, parts: dict[str, bytes]) -> None:
    parts["xl/media/padding.bin"] = bytes(80 * 2**20)  # 80 MB of zeros, ~80 KB compressed


def uncalculated_error_value(src: zipfile.ZipFile, parts: dict[str, bytes]) -> None:
    member = sheet_member(src, "执法人员")
    parts[member] = replace_cell(parts[member], "B2", '<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')


@dataclass(frozen=True)
class Case:
    id: str
    build: Callable[[Path, Path], Path]
    sheet: str = ""  # the sheet the message must name
    where: str = ""  # the cell or column it must name
    says: str = ""  # a fragment saying what is wrong
    bomb: bool = False


def _set(sheet: str, coord: str, value) -> Callable[[openpyxl.Workbook], None]:
    def change(wb):
        wb[sheet][coord] = value

    return change


def _set_setting(key: str, value) -> Callable[[openpyxl.Workbook], None]:
    def change(wb):
        ws = wb["基本信息"]
        ws[_setting(ws, key)] = value

    return change


def _clear_key(key: str) -> Callable[[openpyxl.Workbook], None]:
    """Empty a 基本信息 键 cell, leaving its 值."""

    def change(wb):
        ws = wb["基本信息"]
        ws[f"A{_row_of(ws, 1, key)}"] = None

    return change


def _delete_row_of(sheet: str, column: int, value) -> Callable[[openpyxl.Workbook], None]:
    def change(wb):
        ws = wb[sheet]
        ws.delete_rows(_row_of(ws, column, value))

    return change


def _append_total_row(wb):
    ws = wb["执法人员"]
    ws["A4"], ws["B4"], ws["C4"] = "合计", 14, 50


def _clear_units(wb):
    for row in wb["执法人员"].iter_rows(min_row=2):
        for cell in row:
            cell.value = None


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)

# ``setting:KEY`` (its 值), ``key:KEY`` (its 键) and ``history:ITEM:YEAR`` stand for cells looked up in the valid workbook at run
# time (by key, item and year), so the expectations do not hard-code the writer's layout.
CASES = [
    Case("missing-sheet", edit(lambda wb: wb.remove(wb["执法人员"])), "执法人员", "", "缺少工作表"),
    Case("missing-column", edit(_set("执法人员", "B1", "人数")), "执法人员", "列“执法人员数”", "缺少列"),
    Case(
        "missing-authority-value", edit(_set_setting("authority", None)), "基本信息", "setting:authority", "authority"
    ),
    Case("missing-year-row", edit(_delete_row_of("基本信息", 1, "year")), "基本信息", "列“键”", "year"),
    Case("duplicate-unit", edit(_set("执法人员", "A3", "一队")), "执法人员", "A3", "重复"),
    Case("negative-count", edit(_set("执法人员", "B2", -1)), "执法人员", "B2", "负数"),
    Case("fractional-count", edit(_set("执法人员", "C2", 2.5)), "执法人员", "C2", "整数"),
    Case("fractional-officers-as-text", edit(_set("执法人员", "B3", "６.５")), "执法人员", "B3", "整数"),
    Case("text-where-number-belongs", edit(_set("执法人员", "B3", "八人")), "执法人员", "B3", "应为数字"),
    Case(
        "share-above-100-percent",
        edit(_set_setting("key_share_min", "120%")),
        "基本信息",
        "setting:key_share_min",
        "0%到100%",
    ),
    Case(
        "share-typed-as-80",
        edit(_set_setting("random_share_min", 80)),
        "基本信息",
        "setting:random_share_min",
        "0%到100%",
    ),
    Case(
        "zero-workdays-per-inspection",
        edit(_set_setting("days_per_general_inspection", 0)),
        "基本信息",
        "setting:days_per_general_inspection",
        "大于0",
    ),
    Case(
        "workday-mode-invalid",
        edit(_set_setting("workday_mode", "weekly")),
        "基本信息",
        "setting:workday_mode",
        "formula",
    ),
    Case("year-out-of-range", edit(_set_setting("year", 1999)), "基本信息", "setting:year", "年份"),
    Case("year-fractional", edit(_set_setting("year", 2020.5)), "基本信息", "setting:year", "年份"),
    Case("unknown-setting-key", edit(_set("基本信息", "A9", "days_per_key_inspecton")), "基本信息", "A9", "未知的键"),
    Case("value-without-key", edit(_clear_key("headcount")), "基本信息", "key:headcount", "填了“值”但“键”为空"),
    Case("unknown-category", edit(_set("工作日类别", "A2", "执法")), "工作日类别", "A2", "类别"),
    Case("unknown-method", edit(_set("工作日类别", "C3", "五年平均")), "工作日类别", "C3", "测算方法"),
    Case("duplicate-item", edit(_set("工作日类别", "B3", "综合监管")), "工作日类别", "B3", "重复"),
    Case("total-row-as-unit", edit(_append_total_row), "执法人员", "A4", "合计"),
    Case("no-units", edit(_clear_units), "执法人员", "列“执法单位”", "没有"),
    Case("history-sheet-missing", edit(lambda wb: wb.remove(wb["历史数据"])), "历史数据", "", "三年平均"),
    Case("history-year-column-missing", edit(lambda wb: wb["历史数据"].delete_cols(3)), "历史数据", "列“2017”", "2017"),
    Case(
        "history-value-blank",
        edit(lambda wb: wb["历史数据"].__setitem__(_history_cell(wb["历史数据"], "事故调查", 2018), None)),
        "历史数据",
        "history:事故调查:2018",
        "2018",
    ),
    Case(
        "history-row-missing-for-last-year", edit(_delete_row_of("历史数据", 2, "病假")), "历史数据", "列“项目”", "病假"
    ),
    Case(
        "per-officer-without-staff-row",
        edit(_delete_row_of("历史数据", 1, "人员")),
        "历史数据",
        "列“类别”",
        "执法人员数",
    ),
    Case(
        "per-officer-with-zero-staff",
        edit(lambda wb: wb["历史数据"].__setitem__(_history_cell(wb["历史数据"], "执法人员数", 2018), 0)),
        "历史数据",
        "history:执法人员数:2018",
        "执法人员数",
    ),
    Case("formula-never-calculated", edit(_set("执法人员", "B2", "=4+4")), "执法人员", "B2", "公式"),
    Case("formula-error-value", rezip(uncalculated_error_value), "执法人员", "B2", "#DIV/0!"),
    Case("merged-header-cells", edit(lambda wb: wb["执法人员"].merge_cells("A1:B1")), "执法人员", "A1:B1", "合并"),
    Case("empty-file", raw(b""), "", "", "空"),
    Case("text-file-named-xlsx", raw("类别,项目\n其他执法,综合监管\n".encode()), "", "", "不是 .xlsx"),
    Case("truncated-file", raw(lambda data: data[: len(data) // 2]), "", "", "损坏"),
    Case("old-xls-file", raw(OLE2, "plan.xls"), "", "", ".xls"),
    Case("bomb-in-sheet-xml", rezip(bomb_in_sheet), "", "", "实体", bomb=True),
    Case("bomb-in-shared-strings", rezip(bomb_in_shared_strings), "", "", "实体", bomb=True),
    Case("bomb-after-comment", rezip(bomb_after_comment), "", "", "实体", bomb=True),
    Case("bomb-in-workbook-xml", rezip(bomb_in_workbook_xml), "", "", "实体", bomb=True),
    Case("zip-bomb", rezip(zip_bomb), "", "", "过大", bomb=True),
    Case("missing-file", lambda base, out: out.with_name("no_such_plan.xlsx"), "", "", "不存在"),
    Case("directory", lambda base, out: _folder(out.with_name("a_folder.xlsx")), "", "", "文件夹"),
]


def _resolve_where(case: Case, path: Path) -> str:
    """Turn ``setting:KEY`` / ``key:KEY`` / ``history:ITEM:YEAR`` into the cell, looked up in the valid base."""
    if case.where.startswith("setting:"):
        return _setting(openpyxl.load_workbook(path)["基本信息"], case.where.split(":", 1)[1])
    if case.where.startswith("key:"):
        return f"A{_row_of(openpyxl.load_workbook(path)['基本信息'], 1, case.where.split(':', 1)[1])}"
    if case.where.startswith("history:"):
        _, item, year = case.where.split(":")
        return _history_cell(openpyxl.load_workbook(path)["历史数据"], item, int(year))
    return case.where


def _fingerprint(path: Path):
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns
    return path.exists() and path.stat().st_mtime_ns


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    stderr: str


def run_cli(path: Path, capsys: pytest.CaptureFixture[str], bomb: bool = False) -> tuple[Outcome, float]:
    """``planlib compute PATH``: in process, or for a bomb in a memory-limited subprocess."""
    start = time.monotonic()
    if bomb:
        proc = subprocess.run(
            [sys.executable, "-m", "planlib", "compute", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=_limit_memory,
        )
        outcome = Outcome(proc.returncode, proc.stdout, proc.stderr)
    else:
        capsys.readouterr()  # nothing printed before the command counts
        code = cli.main(["compute", str(path)])
        captured = capsys.readouterr()
        outcome = Outcome(code, captured.out, captured.err)
    return outcome, time.monotonic() - start


def test_there_are_enough_distinct_cases():
    assert len({c.id for c in CASES}) == len(CASES) >= 22


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_malformed_workbook_is_refused_cleanly(case: Case, base: Path, tmp_path: Path, capsys):
    path = case.build(base, tmp_path / "plan.xlsx")
    where = _resolve_where(case, base)
    before = _fingerprint(path)

    proc, seconds = run_cli(path, capsys, bomb=case.bomb)

    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].strip(), proc.stderr
    line = lines[0]
    assert "Traceback" not in line
    assert re.search(r"[\u4e00-\u9fff]", line)
    assert f"“{path.name}”" in line
    if case.sheet:
        assert f"工作表“{case.sheet}”" in line
    if where:
        assert f" {where}：" in line  # "工作表“执法人员” B7：…"
    assert case.says in line
    assert _fingerprint(path) == before
    if case.bomb:
        assert seconds < BOMB_SECONDS


def test_the_valid_base_computes(base: Path, capsys):
    """The cases fail because of what each one breaks, not because the base is broken."""
    proc, _ = run_cli(base, capsys)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""


BOMBS = [c for c in CASES if c.id.startswith("bomb-in-")]


@pytest.mark.parametrize("case", BOMBS, ids=[c.id for c in BOMBS])
def test_openpyxl_itself_refuses_the_bomb(case: Case, base: Path, tmp_path: Path):
    """Defence in depth: even without planlib's DTD check, openpyxl (with defusedxml for sheets
    and shared strings, lxml's entity limits for the other parts) refuses quickly, within 1 GiB."""
    path = case.build(base, tmp_path / "plan.xlsx")
    code = (
        "import sys, openpyxl\n"
        "assert openpyxl.DEFUSEDXML, 'defusedxml not in use'\n"
        "try:\n    openpyxl.load_workbook(sys.argv[1])\n"
        "except Exception as e:\n    print(type(e).__name__); sys.exit(0)\n"
        "sys.exit('loaded a bomb')\n"
    )
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60, preexec_fn=_limit_memory
    )
    assert proc.returncode == 0, proc.stderr[-500:]
    assert proc.stdout.strip() in {"EntitiesForbidden", "XMLSyntaxError", "DTDForbidden", "ValueError"}
    assert time.monotonic() - start < BOMB_SECONDS
