"""``planlib audit FOLDER… --out DIR`` (issue 12, item 5): every plan in the folders audited in
parallel, one summary workbook and a chart, a broken file named without stopping the others.

Expected counts come from the files the test puts in the folder (which are clean, which carry
one injected error, which is broken), not from the code under test.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest

from support import run_planlib

PLANS = Path(__file__).parent / "data" / "plans"
REFERENCE = Path(__file__).parents[1] / "data" / "reference" / "xicheng-2020-plan.txt"


def make_folder(root: Path) -> dict[str, str]:
    """A province's folder: clean plans, plans with one error, a broken .docx, in subfolders."""
    (root / "县区" / "东").mkdir(parents=True)
    files = {}
    for name in ("clean-xicheng-2020.txt", "err-formula-result-total-2020.txt", "err-items-sum-non-2020.txt"):
        shutil.copy(PLANS / name, root / "县区" / name)
        files[name] = "有错误" if name.startswith("err-") else "未发现问题"
    text = REFERENCE.read_text(encoding="utf-8")
    (root / "县区" / "东" / "gbk-crlf.txt").write_bytes(text.replace("\n", "\r\n").encode("gbk"))
    files["gbk-crlf.txt"] = "未发现问题"
    (root / "县区" / "东" / "损坏.docx").write_bytes(b"PK\x03\x04 not a document")
    files["损坏.docx"] = "无法读取"
    (root / "readme.csv").write_text("不是计划", encoding="utf-8")  # not a plan file: not listed
    (root / "~$lock.docx").write_bytes(b"")  # Word's lock file: not listed
    return files


@pytest.mark.slow
def test_folder_summary_workbook_chart_and_broken_file(tmp_path):
    folder = tmp_path / "plans"
    files = make_folder(folder)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}
    out = tmp_path / "out"
    proc = run_planlib("audit", folder, "--out", out, "--jobs", "2")
    assert proc.returncode == 1, proc.stderr  # some plans have errors, one could not be read
    assert "损坏.docx" in proc.stderr and f"[{len(files)}/{len(files)}]" in proc.stderr  # progress, broken file named
    assert "Traceback" not in proc.stderr
    ws = openpyxl.load_workbook(out / "核查汇总.xlsx")["核查汇总"]
    header_row = next(r for r in range(1, 5) if ws.cell(r, 1).value == "序号")
    headers = [c.value for c in ws[header_row]]
    rows = [
        dict(zip(headers, (c.value for c in row), strict=True))
        for row in ws.iter_rows(min_row=header_row + 1)
        if row[0].value is not None
    ]
    got = {Path(r["文件"]).name: r["结论"] for r in rows}
    assert got == files
    reference = next(r for r in rows if r["文件"].endswith("gbk-crlf.txt"))
    assert (
        reference["监督检查主体"] == "北京市西城区应急管理局" and reference["年度"] == 2020 and reference["错误"] == 0
    )
    assert reference["读到的数字"] > 10 and reference["未核对"]
    assert next(r for r in rows if r["文件"].endswith("err-formula-result-total-2020.txt"))["错误"] == 1
    assert (out / "核查汇总.png").stat().st_size > 1000
    assert before == {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def test_folder_without_plans_is_exit_2(tmp_path):
    (tmp_path / "empty").mkdir()
    proc = run_planlib("audit", tmp_path / "empty", "--out", tmp_path / "out")
    assert proc.returncode == 2 and "未找到计划文件" in proc.stderr and not (tmp_path / "out").exists()


def test_single_file_keeps_its_report_and_exit_status():
    proc = run_planlib("audit", PLANS / "err-formula-result-total-2020.txt", "--json")
    assert proc.returncode == 1 and '"rule": "formula"' in proc.stdout
