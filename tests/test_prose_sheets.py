"""The sheets 计划正文 and 重点检查类别: read back as written, and bad input named by file,
sheet and cell (one Chinese line, exit 2, the file unchanged)."""

from __future__ import annotations

import datetime as dt
import hashlib

import openpyxl
import pytest

from planlib.core.document import COMPUTED, H1, REWRITE
from planlib.errors import InputError
from planlib.io.workbook import load_plan, write_plan, write_template
from support import XICHENG, run_planlib


@pytest.fixture()
def copy(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(XICHENG.read_bytes())
    return path


def _edit(path, sheet: str, cell: str, value) -> None:
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


def _fails(path, *snippets: str) -> None:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(InputError) as e:
        load_plan(path)
    for s in snippets:
        assert s in str(e.value), (s, str(e.value))
    run = run_planlib("compute", str(path))
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_the_bundled_sheets_read_back(xicheng_plan, tmp_path):
    assert [p.level for p in xicheng_plan.prose].count(COMPUTED) == 1
    assert [p.text for p in xicheng_plan.prose if p.level == H1][:3] == ["一、指导思想", "二、工作目标", "三、主要任务"]
    rewrites = [(p.original, p.text) for p in xicheng_plan.prose if p.level == REWRITE]
    assert rewrites == [("（一）重点检查安排", "（1）重点检查安排")]
    again = load_plan(write_plan(xicheng_plan, tmp_path / "again.xlsx"))
    assert again.prose == xicheng_plan.prose and again.key_categories == xicheng_plan.key_categories


@pytest.mark.slow
def test_a_bad_level(copy):
    _edit(copy, "计划正文", "A5", "四级")
    _fails(copy, "x.xlsx", "计划正文", "A5", "四级")


@pytest.mark.slow
def test_an_unknown_placeholder(copy):
    _edit(copy, "计划正文", "B4", "特编制{authorty}计划。")
    _fails(copy, "计划正文", "B4", "{authorty}")


@pytest.mark.slow
def test_two_computed_markers(copy):
    wb = openpyxl.load_workbook(copy)
    ws = wb["计划正文"]
    row = next(c.row for c in ws["A"] if c.value == "计算部分")
    ws.cell(row=row + 1, column=1, value="计算部分")
    wb.save(copy)
    _fails(copy, "计划正文", f"A{row + 1}", f"A{row}")


@pytest.mark.slow
def test_a_category_unit_not_among_the_units(copy):
    _edit(copy, "重点检查类别", "C2", "执法监察九队")
    _fails(copy, "重点检查类别", "C2", "执法监察九队")


@pytest.mark.slow
def test_categories_that_disagree_with_the_units_key_counts(copy):
    _edit(copy, "重点检查类别", "D2", 25)  # 安全监管科 types 26 in 执法人员
    _fails(copy, "重点检查类别", "26", "25")


def test_blank_unit_key_counts_come_from_the_categories(copy):
    wb = openpyxl.load_workbook(copy)
    for row in wb["执法人员"].iter_rows(min_row=2):
        if row[0].value:
            row[2].value = None
    wb.save(copy)
    plan = load_plan(copy)
    assert [u.key_inspections for u in plan.units] == [26, 70, 70, 70, 70]


@pytest.mark.slow
def test_document_settings(copy):
    wb = openpyxl.load_workbook(copy)
    ws = wb["基本信息"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(row=rows["doc_date"], column=2, value=dt.date(2020, 3, 1))
    ws.cell(row=rows["random_sentence"], column=2, value="是")
    ws.cell(row=rows["key_by_month"], column=2, value="6月")
    wb.save(copy)
    plan = load_plan(copy)
    assert (plan.doc_date, plan.random_sentence, plan.key_by_month) == ("2020年3月1日", True, 6)
    _edit(copy, "基本信息", f"B{rows['key_by_month']}", 13)
    _fails(copy, "基本信息", f"B{rows['key_by_month']}")


def test_the_template_has_the_sheets_and_their_instructions(tmp_path):
    path = write_template(tmp_path / "t.xlsx", year=2027)
    wb = openpyxl.load_workbook(path)
    assert {"计划正文", "重点检查类别"} <= set(wb.sheetnames)
    topics = [c.value for c in wb["填写说明"]["A"] if c.value]
    assert "工作表“计划正文”（可选）" in topics and "工作表“重点检查类别”（可选）" in topics
    assert any(t.strip() == "计算部分" for t in topics) and any(t.strip() == "{total_workdays}" for t in topics)
    plan = load_plan(path)
    assert plan.prose and not plan.key_categories  # the categories sheet is blank, ready to fill
    assert [c.value for c in wb["重点检查类别"][1]] == ["类别", "说明", "执法单位", "家数"]
