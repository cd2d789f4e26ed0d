"""The probe of issue 13, recipe by recipe: nothing silently wrong, nothing lost, nothing left behind.

Each test writes the probe's recipe (an edited copy of the bundled workbook, a condition of the
machine) and asserts the promised outcome: one Chinese line naming file, sheet and cell and
exit 2 for bad input; "输出错误：…" and exit 1 for outputs that cannot be written; a warning
finding for what is read but unusual (hidden rows); the input's SHA-256 unchanged.
Expected figures are the reference plan's (35 officers, 非执法 4683) or plain arithmetic here.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from planlib.app import cli
from support import ROOT, XICHENG, edited

REFERENCE_STAFF, REFERENCE_NON_ENFORCEMENT = 35, 4683


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def planlib_main(capsys, *args) -> tuple[int, str, str]:
    """The command line in this process: exit status, stdout, stderr."""
    try:
        code = cli.main([str(a) for a in args])
    except SystemExit as e:  # argparse
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def assert_input_error(code: int, err: str, *words: str) -> None:
    assert code == 2, err
    assert err.startswith("输入错误：") and err.count("\n") == 1 and "Traceback" not in err, err
    for w in words:
        assert w in err, (w, err)


def append_row(ws, values) -> int:
    """Write ``values`` on the first row below the table's last non-blank row; returns it."""
    last = max(r for r in range(1, ws.max_row + 1) if any(c.value is not None for c in ws[r]))
    for c, v in enumerate(values, 1):
        ws.cell(row=last + 1, column=c, value=v)
    return last + 1


# --- Item 2: total rows, hidden rows, look-alike sheet names -------------------------------------


@pytest.mark.parametrize(
    "row", [("非执法", "合计", "填报", 300), (None, "小计", None, 300), ("合计", None, None, 4683)]
)
def test_total_row_in_items_is_refused(tmp_path, capsys, row):
    # probe: a 合计 row in 工作日类别 was added as an item (非执法 4683 → 4983, rc 0, no finding)
    path = edited(tmp_path, lambda wb: append_row(wb["工作日类别"], row))
    before = sha(path)
    code, out, err = planlib_main(capsys, "compute", path, "--json")
    assert_input_error(code, err, "工作日类别", "合计行", "A17")
    assert out == "" and sha(path) == before


def test_total_row_in_history_is_refused(tmp_path, capsys):
    path = edited(tmp_path, lambda wb: append_row(wb["历史数据"], ("非执法", "合计", 4209, 4439, 4799)))
    code, _, err = planlib_main(capsys, "check", path, "--json")
    assert_input_error(code, err, "历史数据", "合计行", "A18")


def test_total_row_in_units_is_still_refused(tmp_path, capsys):
    path = edited(tmp_path, lambda wb: append_row(wb["执法人员"], ("合计", 35, 306, None)))
    code, _, err = planlib_main(capsys, "compute", path)
    assert_input_error(code, err, "执法人员", "合计行", "A7")


def _hidden_unit(wb, filtered: bool = False) -> None:
    ws = wb["执法人员"]
    row = append_row(ws, ("执法监察四队", 10, 0, 1))
    ws.row_dimensions[row].hidden = True
    if filtered:
        ws.auto_filter.ref = f"A1:E{row}"


@pytest.mark.parametrize("filtered", [False, True])
def test_hidden_rows_are_counted_and_named(tmp_path, capsys, filtered):
    # probe: a hidden unit raised officers 35 → 45 with no word. Decision (README): hidden rows are
    # read like any other (as a spreadsheet's SUM reads them) and a warning names them.
    path = edited(tmp_path, lambda wb: _hidden_unit(wb, filtered))
    code, out, err = planlib_main(capsys, "compute", path, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["enforcement_staff"] == REFERENCE_STAFF + 10
    reading = [f for f in data["findings"] if f["rule"] == "reading"]
    assert len(reading) == 1 and reading[0]["severity"] == "warning"
    assert "执法人员" in reading[0]["message"] and "第7行" in reading[0]["message"]
    assert ("筛选" in reading[0]["message"]) is filtered
    assert reading[0]["where"] == "执法人员!A7"

    code, out, _ = planlib_main(capsys, "check", path, "--json")  # 1: the extra officers dilute the key share
    assert code in (0, 1) and any("第7行" in f["message"] for f in json.loads(out)["findings"])
    code, out, _ = planlib_main(capsys, "compute", path)  # the terminal summary says it too
    assert code == 0 and "第7行" in out and "执法人员" in out
    code, out, _ = planlib_main(capsys, "check", path)  # and check's list of findings
    assert code in (0, 1) and "警告" in out and "第7行" in out


def test_hidden_blank_rows_say_nothing(tmp_path, capsys):
    def hide_blank(wb):
        wb["执法人员"].row_dimensions[9].hidden = True

    code, out, _ = planlib_main(capsys, "compute", edited(tmp_path, hide_blank), "--json")
    assert code == 0 and not [f for f in json.loads(out)["findings"] if f["rule"] == "reading"]


@pytest.mark.parametrize("variant", ["执法人员　", " 执法人员", "执法 人员"])
def test_sheets_whose_names_differ_only_in_spaces_are_an_input_error(tmp_path, capsys, variant):
    # probe: 执法人员 and 执法人员　 (a trailing full-width space): the first, stale one was used silently
    def duplicate(wb):
        copy = wb.copy_worksheet(wb["执法人员"])
        copy.title = variant
        copy["B2"] = 30

    path = edited(tmp_path, duplicate)
    code, _, err = planlib_main(capsys, "check", path, "--json")
    assert_input_error(code, err, "“执法人员”", f"“{variant}”", "改名")
    if variant.endswith("　"):
        assert "末尾有全角空格" in err


# --- Item 4: .xls and .ods ---------------------------------------------------------------------------


def _sheets(path: Path) -> list[tuple[str, list[list]]]:
    wb = openpyxl.load_workbook(path, data_only=True)
    return [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in wb.worksheets]


def write_xls(source: Path, target: Path) -> Path:
    xlwt = pytest.importorskip("xlwt", reason="xlwt (a pure-Python .xls writer) is not installed")
    book = xlwt.Workbook(encoding="utf-8")
    for title, rows in _sheets(source):
        ws = book.add_sheet(title)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is not None:
                    ws.write(r, c, v)
    book.save(str(target))
    return target


def write_ods(source: Path, target: Path) -> Path:
    pytest.importorskip("odf", reason="odfpy (a pure-Python .ods writer) is not installed")
    import pandas as pd

    with pd.ExcelWriter(target, engine="odf") as writer:
        for title, rows in _sheets(source):
            pd.DataFrame(rows, dtype=object).to_excel(writer, sheet_name=title, header=False, index=False)
    return target


WRITERS = {"xls": write_xls, "ods": write_ods}


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_xls_and_ods_copies_compute_exactly_like_the_xlsx(tmp_path, capsys, kind):
    # probe: .xls refused ("旧版 .xls 格式…"), .ods a KeyError
    copy = WRITERS[kind](XICHENG, tmp_path / f"xicheng_2020.{kind}")
    assert copy.read_bytes()[:4] == (b"\xd0\xcf\x11\xe0" if kind == "xls" else b"PK\x03\x04")
    before = sha(copy)
    code, expected, err = planlib_main(capsys, "compute", XICHENG, "--json")
    assert code == 0, err
    code, got, err = planlib_main(capsys, "compute", copy, "--json")
    assert code == 0, err
    assert json.loads(got) == json.loads(expected)
    assert json.loads(got)["non_enforcement"]["total"] == REFERENCE_NON_ENFORCEMENT
    assert sha(copy) == before


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_bad_cells_in_xls_and_ods_name_file_sheet_and_cell(tmp_path, capsys, kind):
    source = edited(tmp_path, lambda wb: wb["执法人员"].__setitem__("B3", "八人"))
    copy = WRITERS[kind](source, tmp_path / f"bad.{kind}")
    code, _, err = planlib_main(capsys, "compute", copy)
    assert_input_error(code, err, f"bad.{kind}", "执法人员", "B3", "八人")


@pytest.mark.parametrize(
    "data, words",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ("旧版 .xls", "另存为")),
        (None, (".ods", "已损坏")),  # an .ods whose content.xml is cut short
    ],
)
def test_damaged_xls_and_ods_are_one_line(tmp_path, capsys, data, words):
    if data is None:
        good = write_ods(XICHENG, tmp_path / "good.ods")
        with zipfile.ZipFile(good) as z, zipfile.ZipFile(tmp_path / "x.ods", "w") as out:
            for item in z.infolist():
                body = z.read(item)
                out.writestr(item, body[: len(body) // 2] if item.filename == "content.xml" else body)
        path = tmp_path / "x.ods"
    else:
        path = tmp_path / "x.xls"
        path.write_bytes(data)
    code, _, err = planlib_main(capsys, "compute", path)
    assert_input_error(code, err, path.name, *words)


@pytest.mark.parametrize("name, head", [("big.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), ("big.ods", b"PK\x03\x04")])
def test_xls_and_ods_are_bounded_like_xlsx(tmp_path, capsys, name, head):
    from planlib.io.xlsxio import MAX_FILE_BYTES

    path = tmp_path / name
    with open(path, "wb") as f:  # sparse: 20 MB + 1 byte without writing them
        f.write(head)
        f.truncate(MAX_FILE_BYTES + 1)
    code, _, err = planlib_main(capsys, "compute", path)
    assert_input_error(code, err, name, "文件过大")


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_xls_and_ods_cells_are_bounded(tmp_path, capsys, monkeypatch, kind):
    from planlib.io.xlsxio import book

    copy = WRITERS[kind](XICHENG, tmp_path / f"x.{kind}")
    monkeypatch.setattr(book, "MAX_CELLS", 100)  # the bundled workbook has about 300 cells
    code, out, err = planlib_main(capsys, "compute", copy)
    assert_input_error(code, err, f"x.{kind}", "内容过多")
    assert out == ""


def test_batch_finds_every_workbook_compute_accepts(tmp_path):
    from planlib.app.batch import find_workbooks

    folder = tmp_path / "报送"
    folder.mkdir()
    for name in ("a.XLSX", "b.xlsm", "c.xlsx"):
        shutil.copy(XICHENG, folder / name)
    write_xls(XICHENG, folder / "d.XLS")
    write_ods(XICHENG, folder / "e.ods")
    (folder / "notes.txt").write_text("x")
    shutil.copy(XICHENG, folder / "~$c.xlsx")  # Excel's lock file
    assert sorted(p.name for p in find_workbooks([str(folder)])) == ["a.XLSX", "b.xlsm", "c.xlsx", "d.XLS", "e.ods"]


# --- Item 5: output problems are output errors; Strict OOXML ---------------------------------------


@pytest.mark.slow
def test_a_full_stdout_is_an_output_error_not_an_input_error(tmp_path):
    # probe: `planlib compute x.xlsx --json > /dev/full` printed "输入错误：文件“”…"
    if not Path("/dev/full").exists():
        pytest.skip("this system has no /dev/full")
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "planlib", "compute", str(XICHENG), "--json"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == "输出错误：无法写入“标准输出”（磁盘空间不足）\n"


def test_an_unwritable_out_names_the_users_path_not_the_temporary_folder(tmp_path, capsys, monkeypatch):
    # probe: a read-only --out named the hidden .2020.tmp-xxxx folder. Root ignores permissions,
    # so the file system's answer is played by mkstemp: EROFS, as a read-only mount gives it.
    import tempfile

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(kwargs.get("dir", "")))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    out = tmp_path / "成果" / "2020"
    code, _, err = planlib_main(capsys, "run", "--input", XICHENG, "--out", out)
    assert code == 1, err
    assert err == f"输出错误：无法写入“{out}”（所在磁盘只读）\n"
    assert ".tmp" not in err


@pytest.mark.slow
@pytest.mark.parametrize("failure", ["oserror", "notebook"])
def test_a_disk_filling_up_during_a_run_is_an_output_error_naming_out(tmp_path, capsys, monkeypatch, failure):
    # probe: a full disk printed "输入错误：文件“”…". The notebooks' writes are played by the job
    # that runs them: an OSError on a file in the run's temporary folder, or the notebook's own
    # OSError as papermill reports it.
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from planlib.app import run

    def no_space(*args, **kwargs):
        raise PapermillExecutionError(3, 3, "save()", "OSError", f"[Errno {errno.ENOSPC}] No space left on device", [])

    def full(notebook, folder, *args):
        if failure == "oserror":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / "chart_units.png"))
        return run._execute(notebook, folder / notebook, {}, False)

    monkeypatch.setattr(papermill, "execute_notebook", no_space)

    monkeypatch.setattr(run, "_notebook_job", full)
    out = tmp_path / "成果"
    code, _, err = planlib_main(capsys, "run", "--input", XICHENG, "--out", out)
    assert code == 1, err
    assert err.splitlines()[-1] == f"输出错误：无法写入“{out}”（磁盘空间不足）"
    assert ".tmp" not in err and "输入错误" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing published, no temporary left


def test_an_unwritable_template_target_is_an_output_error(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = planlib_main(capsys, "template", blocker / "t.xlsx")
    assert code == 1 and err.startswith("输出错误：") and "t.xlsx" in err and err.count("\n") == 1, err


STRICT = {
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": b"http://purl.oclc.org/ooxml/officeDocument/relationships",
}


def strict_copy(source: Path, target: Path, cut: str = "") -> Path:
    """``source`` in Strict Open XML's namespaces (as Excel's "Strict Open XML 电子表格" saves);
    ``cut``: a part to truncate, to damage it."""
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in z.infolist():
            body = z.read(item)
            for old, new in STRICT.items():
                body = body.replace(old, new)
            out.writestr(item, body[: len(body) // 3] if item.filename == cut else body)
    return target


def test_strict_ooxml_is_read_like_the_xlsx(tmp_path, capsys):
    # probe: Strict OOXML said "缺少工作表“基本信息”（现有工作表：）"
    path = strict_copy(XICHENG, tmp_path / "strict.xlsx")
    code, expected, _ = planlib_main(capsys, "compute", XICHENG, "--json")
    code, got, err = planlib_main(capsys, "compute", path, "--json")
    assert code == 0, err
    assert json.loads(got) == json.loads(expected)


def test_damaged_strict_ooxml_gets_a_clear_message(tmp_path, capsys):
    path = strict_copy(XICHENG, tmp_path / "strict.xlsx", cut="xl/worksheets/sheet2.xml")
    code, _, err = planlib_main(capsys, "compute", path)
    assert_input_error(code, err, "strict.xlsx", "Strict Open XML", "另存为")
    assert "现有工作表" not in err


# --- Item 6: absurd counts, ports, FIFOs ---------------------------------------------------------------


@pytest.mark.parametrize("value", [1e307, 10**18, "1000000000000000000", 100_001])
def test_absurd_staff_is_an_input_error_naming_the_cell(tmp_path, capsys, value):
    # probe: 1e307 under compute --json gave an OverflowError traceback; 10^18 in run "运行失败：…OverflowError"
    path = edited(tmp_path, lambda wb: wb["执法人员"].__setitem__("B3", value))
    code, out, err = planlib_main(capsys, "compute", path, "--json")
    assert_input_error(code, err, "执法人员", "B3")
    assert len(err) < 200 and out == ""


def test_absurd_staff_in_run_is_an_input_error_before_anything_runs(tmp_path, capsys):
    path = edited(tmp_path, lambda wb: wb["执法人员"].__setitem__("B3", 10**18))
    code, _, err = planlib_main(capsys, "run", "--input", path, "--out", tmp_path / "out")
    assert_input_error(code, err, "执法人员", "B3")
    assert not (tmp_path / "out").exists()


def test_the_bound_itself_is_accepted(tmp_path, capsys):
    from planlib.io.workbook import MAX_OFFICERS

    path = edited(tmp_path, lambda wb: wb["执法人员"].__setitem__("B3", MAX_OFFICERS))
    code, out, err = planlib_main(capsys, "compute", path, "--json")
    assert code == 0, err
    assert json.loads(out)["enforcement_staff"] == REFERENCE_STAFF - 8 + MAX_OFFICERS


@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_bad_ports_are_refused_by_the_parser_in_chinese(capsys, port):
    code, out, err = planlib_main(capsys, "dashboard", "--port", port, "--no-browser")
    assert code == 2 and out == ""
    assert "端口应为 0–65535 之间的整数" in err and "Traceback" not in err


def test_a_fifo_named_like_a_workbook_is_refused_at_once(tmp_path, capsys):
    # probe: `compute` on a FIFO named x.xlsx hung forever
    fifo = tmp_path / "x.xlsx"
    os.mkfifo(fifo)

    def hung(signum, frame):
        raise AssertionError("compute blocked on the FIFO")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    try:
        code, _, err = planlib_main(capsys, "compute", fifo)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert_input_error(code, err, "x.xlsx", "不是普通文件")


# --- Item 7: stopping the dashboard stops Voilà and its kernels ---------------------------------------


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl+C"])
def test_sigterm_to_the_dashboard_stops_voila_and_its_kernels(tmp_path, signum):
    # probe: SIGTERM to `planlib dashboard` orphaned Voilà, which kept serving the port. Voilà now
    # runs in a session of its own, so Ctrl+C (SIGINT to planlib only) must stop it as well.
    psutil = pytest.importorskip("psutil")
    pytest.importorskip("voila", reason="Voilà (the notebook extra) is not installed")
    proc = subprocess.Popen(
        [sys.executable, "-m", "planlib", "dashboard", "--no-browser", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()  # --port 0: a free port chosen first, so the address is usable
        assert "http://127.0.0.1:" in line, (line, proc.stderr.read() if proc.poll() is not None else "")
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        assert port > 0
        deadline = time.monotonic() + 120
        while not _listening(port):
            assert proc.poll() is None and time.monotonic() < deadline, "Voilà did not start"
            time.sleep(0.3)
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=120) as page:  # starts a kernel
            assert page.status == 200
        children = psutil.Process(proc.pid).children(recursive=True)
        assert any("voila" in " ".join(c.cmdline()) for c in children)
        proc.send_signal(signum)
        proc.wait(timeout=60)
        gone, alive = psutil.wait_procs(children, timeout=30)
        assert not alive, [c.cmdline() for c in alive]
        assert not _listening(port)
        assert proc.returncode == 130 and "已中断" in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
        proc.stderr.close()


# --- Item 8: line breaks inside name cells --------------------------------------------------------------


def test_alt_enter_in_names_does_not_split_headings_or_sentences(tmp_path):
    # probe: an authority name with Alt+Enter split the .md heading and the .docx sentence
    from planlib.io.workbook import load_plan

    def breaks(wb):
        wb["基本信息"]["B2"] = "北京市西城区\n应急管理局"
        wb["执法人员"]["A3"] = "执法监察\r\n综合队"
        wb["执法人员"]["A4"] = "Team\nOne"
        wb["重点检查类别"]["C4"] = "Team\nOne"  # the renamed unit's key category row follows it
        wb["工作日类别"]["B2"] = "开展安全生产\n综合监管"
        wb["历史数据"]["B2"] = "开展安全生产综合监管"

    plan = load_plan(edited(tmp_path, breaks))
    assert plan.authority == "北京市西城区应急管理局"
    assert [u.name for u in plan.units][1:3] == ["执法监察综合队", "Team One"]
    assert plan.items[0].name == "开展安全生产综合监管" and plan.items[0].history  # still finds its history

    from planlib.core.compute import compute
    from planlib.text.report import plan_markdown

    result = compute(plan)
    md = plan_markdown(result)
    heading = next(line for line in md.splitlines() if line.startswith("#"))
    assert "北京市西城区应急管理局" in heading


# --- Keep what the probe found good ---------------------------------------------------------------------


def _text_formula(wb) -> None:
    ws = wb["执法人员"]
    cell = ws.cell(row=append_row(ws, ("x", 2, 0, 1)), column=1)  # a new unit, so no other sheet names it
    cell.value = "=1+1"
    cell.data_type = "s"  # text that looks like a formula, as a user may type it after an apostrophe


@pytest.mark.parametrize("kind", ["xlsx", "xls"])
def test_formula_like_names_stay_text(tmp_path, capsys, kind):
    path = edited(tmp_path, _text_formula)
    if kind != "xlsx":
        path = WRITERS[kind](path, tmp_path / f"f.{kind}")
    code, out, err = planlib_main(capsys, "compute", path, "--json")
    assert code == 0, err
    assert json.loads(out)["units"][-1]["name"] == "=1+1"
