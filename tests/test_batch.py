"""``planlib batch``: a folder of districts' workbooks summarised in one workbook and one chart."""

from __future__ import annotations

import hashlib
import shutil
import warnings
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from planlib.app import batch
from planlib.io.workbook import write_plan
from support import XICHENG, run_planlib

# Whole runs, documents and registers written and read back: left out of make test-fast.
pytestmark = pytest.mark.slow

# docs/method.md §2: formula workdays per person
WORKDAYS = {2020: 251, 2021: 250, 2023: 249}


def district(base, name: str, shift: int, extra_officers: int):
    """Another district's plan: the reference plan moved ``shift`` years on (its history too),
    with ``extra_officers`` more in its second unit."""
    items = tuple(replace(i, history={y + shift: v for y, v in i.history.items()}) for i in base.items)
    units = tuple(replace(u, staff=u.staff + (extra_officers if k == 1 else 0)) for k, u in enumerate(base.units))
    return base.with_changes(
        authority=name,
        year=base.year + shift,
        items=items,
        units=units,
        staff_history={y + shift: s for y, s in base.staff_history.items()},
        cells={},
        source="",
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory, xicheng_plan) -> Path:
    """Three good workbooks (one in a subfolder), a broken one and an Excel lock file."""
    root = tmp_path_factory.mktemp("districts")
    shutil.copy(XICHENG, root / "西城区.xlsx")
    write_plan(district(xicheng_plan, "示例市东湖区应急管理局", 1, 2), root / "东湖区.xlsx")
    (root / "二级").mkdir()
    write_plan(district(xicheng_plan, "示例市西山区应急管理局", 3, 0), root / "二级" / "西山区.xlsx")
    (root / "损坏.xlsx").write_bytes(b"PK\x03\x04 truncated")
    (root / "~$西城区.xlsx").write_bytes(b"lock")
    return root


def sha_all(root: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def run(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "batch"
    before = sha_all(folder)
    proc = run_planlib("batch", folder, "--out", out)
    assert sha_all(folder) == before  # inputs are never written to
    return proc, out


def summary_rows(path: Path) -> list[dict]:
    ws = openpyxl.load_workbook(path)["汇总"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_broken_workbook_is_named_and_the_others_go_on(run):
    proc, out = run
    assert proc.returncode == 1  # one workbook could not be read
    assert proc.stderr.strip().count("\n") == 0 and "损坏.xlsx" in proc.stderr and "Traceback" not in proc.stderr
    assert "~$" not in proc.stderr + proc.stdout  # the lock file is skipped, not reported as broken
    assert "共4个工作簿：测算3个，未能处理1个" in proc.stdout
    failed = list(openpyxl.load_workbook(out / batch.SUMMARY_FILE)["未能处理"].iter_rows(min_row=3, values_only=True))
    assert [(Path(r[0]).name, r[1]) for r in failed] == [("损坏.xlsx", "读取测算")]


def test_summary_row_per_authority_and_year(run):
    _, out = run
    rows = summary_rows(out / batch.SUMMARY_FILE)
    assert [(r["监督检查主体"], r["年度"]) for r in rows] == [
        ("北京市西城区应急管理局", 2020),
        ("示例市东湖区应急管理局", 2021),
        ("示例市西山区应急管理局", 2023),
    ]
    xicheng = rows[0]  # every figure as published in the reference plan
    assert [
        xicheng[k]
        for k in (
            "执法人员",
            "国家法定工作日",
            "总法定工作日",
            "其他执法工作日",
            "非执法工作日",
            "监督检查工作日",
            "重点检查工作日",
            "一般检查工作日",
            "计划检查家数",
            "重点检查家数",
            "一般检查家数",
            "管理对象基数",
            "在册定编人数",
        )
    ] == [35, 251, 8785, 3090, 4683, 1012, 612, 400, 506, 306, 200, 8580, 83]
    assert xicheng["双随机不少于"] == 160  # 80% of 200
    assert [xicheng[k] for k in ("执法人员占比", "计划检查比例", "重点检查占比", "一般检查占比")] == [
        0.4217,
        0.059,
        0.6047,
        0.3953,
    ]
    assert (xicheng["错误"], xicheng["警告"]) == (0, 0)
    for r in rows:  # the chain holds in every row
        assert r["国家法定工作日"] == WORKDAYS[r["年度"]]
        assert r["总法定工作日"] == r["国家法定工作日"] * r["执法人员"]
        assert r["监督检查工作日"] == r["总法定工作日"] - r["其他执法工作日"] - r["非执法工作日"]
        assert r["监督检查工作日"] == r["重点检查工作日"] + r["一般检查工作日"]
        assert r["计划检查家数"] == r["重点检查家数"] + r["一般检查家数"]
    assert rows[1]["执法人员"] == 37 and rows[2]["执法人员"] == 35


def test_summary_formats_and_findings_sheet(run):
    _, out = run
    wb = openpyxl.load_workbook(out / batch.SUMMARY_FILE)
    ws = wb["汇总"]
    headers = [c.value for c in ws[2]]
    share = ws.cell(row=3, column=headers.index("重点检查占比") + 1)
    assert share.number_format == "0.00%"
    assert ws.freeze_panes == "A3"
    assert wb.sheetnames == ["汇总", "问题清单", "未能处理"]


def test_the_comparison_chart_is_a_png(run):
    _, out = run
    assert (out / batch.CHART_FILE).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_chart_draws_its_chinese_without_missing_glyphs():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    rows, failures = batch.compute_all([XICHENG])
    assert failures == []
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" would fail here
        FigureCanvasAgg(batch.comparison_figure(rows)).draw()


def test_a_second_run_ignores_its_own_outputs(folder, tmp_path):
    out = folder / "汇总"
    try:
        for _ in range(2):
            proc = run_planlib("batch", folder, "--out", out)
            assert "共4个工作簿" in proc.stdout, proc.stdout
    finally:
        shutil.rmtree(out)


def test_missing_input_is_exit_2_and_writes_nothing(tmp_path):
    proc = run_planlib("batch", tmp_path / "nowhere", "--out", tmp_path / "out")
    assert proc.returncode == 2 and "文件或文件夹不存在" in proc.stderr
    assert not (tmp_path / "out").exists()
    (tmp_path / "empty").mkdir()
    proc = run_planlib("batch", tmp_path / "empty", "--out", tmp_path / "out")
    assert proc.returncode == 2 and "没有找到工作簿" in proc.stderr


def test_find_workbooks_dedupes_and_skips(folder):
    found = batch.find_workbooks([str(folder), str(folder / "西城区.xlsx")])
    assert len(found) == 4 and {p.name for p in found} == {"东湖区.xlsx", "损坏.xlsx", "西山区.xlsx", "西城区.xlsx"}


def test_notebook_run_failure_is_reported_and_does_not_stop_the_batch(tmp_path):
    """The parallel runs go through the real process pool; a run refused up front (its output
    folder holds someone else's file under an output's name) comes back as a named failure, fast."""
    (tmp_path / "in").mkdir()
    shutil.copy(XICHENG, tmp_path / "in" / "西城区.xlsx")
    taken = tmp_path / "out" / "西城区"
    taken.mkdir(parents=True)
    (taken / "plan_2020.md").write_text("keep", encoding="utf-8")
    proc = run_planlib("batch", tmp_path / "in", "--out", tmp_path / "out", "--notebooks", "--jobs", "2")
    assert proc.returncode == 1
    assert "笔记本执行失败：西城区.xlsx" in proc.stderr
    assert (taken / "plan_2020.md").read_text(encoding="utf-8") == "keep"
    rows = summary_rows(tmp_path / "out" / batch.SUMMARY_FILE)
    assert rows[0]["笔记本成果"].startswith("失败：")


@pytest.mark.slow
def test_notebooks_run_in_parallel(folder, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(XICHENG, inputs / "西城区.xlsx")
    shutil.copy(folder / "东湖区.xlsx", inputs / "东湖区.xlsx")
    proc = run_planlib("batch", inputs, "--out", tmp_path / "out", "--notebooks", "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    assert "执行笔记本" not in proc.stderr  # the progress bar shows on a terminal only (stderr is a pipe here)
    for stem, year in (("西城区", 2020), ("东湖区", 2021)):
        folder_out = tmp_path / "out" / stem
        assert (folder_out / "provenance.json").is_file()
        assert (folder_out / f"plan_{year}.xlsx").is_file()
