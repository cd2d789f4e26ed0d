"""The audit of a published 涉企行政检查计划表 (issue 18 item 7): counts, ratio, caps and months.

Every expected verdict is worked out here: 97 ÷ 4000 = 2.425% (printed 2.4%, right to one
place); 8 ÷ 1751 = 0.457% (printed 4.6%: wrong); 3 visits a year over a cap of 2; 10 + 5 = 15
visits against months of 5 + 5 = 10.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from planlib.audit.checks import audit_file

HEADER = ["序号", "检查事项", "实施依据", "检查对象（含数量）", "检查方式", "检查频次和上限", "检查时间安排", "备注"]
LAW = "《中华人民共和国安全生产法》第六十五条"
RIGHT = [
    1,
    "工贸企业安全生产监督检查",
    LAW,
    "辖区内工贸企业4000家，重点检查120家，“双随机”抽查97家（抽查比例2.4%）",
    "现场检查",
    "1次/年/单位；上限2次/年/单位",
    "3月检查100家、6月检查117家",  # 120 + 97 = 217 = 100 + 117
    "",
]
WRONG_RATIO = [
    2,
    "危险化学品企业监督检查",
    LAW,
    "全市辖区内危险化学品企业1751家，确定16家重点检查企业，“双随机”检查企业8家（抽查比例4.6%）",
    "现场检查",
    "1次/年/单位；上限2次/年/单位",
    "4月检查24家",  # 16 + 8 = 24
    "",
]
OVER_CAP = [
    3,
    "烟花爆竹经营单位检查",
    LAW,
    "辖区内烟花爆竹经营单位40家，重点检查4家",
    "现场检查",
    "3次/年/单位；上限2次/年/单位",
    "",
    "",
]
MONTHS_SHORT = [
    4,
    "仓储物流企业检查",
    LAW,
    "辖区内仓储物流企业300家，重点检查10家，“双随机”抽查5家（抽查比例1.7%）",  # 5 ÷ 300 = 1.67%
    "现场检查",
    "1次/年/单位",
    "1月5家、2月5家",
    "",
]


def form(tmp_path: Path, *rows: list, name: str = "检查计划表.xlsx") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["某区应急管理局2026年度涉企行政检查计划表"])  # a title row above the header
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


def rules(audit) -> list[tuple[str, str]]:
    return [(f.rule, f.where) for f in audit.findings]


def test_a_right_form_has_no_findings(tmp_path):
    audit = audit_file(form(tmp_path, RIGHT))
    assert audit.findings == [] and not audit.has_errors
    shown = {f["key"]: f["shown"] for f in audit.figures}
    assert shown == {"item_base": "4000", "item_key": "120", "item_drawn": "97", "item_frequency": "1", "item_cap": "2"}


def test_each_mistake_is_an_error_naming_its_row(tmp_path):
    audit = audit_file(form(tmp_path, RIGHT, WRONG_RATIO, OVER_CAP, MONTHS_SHORT))
    assert sorted(rules(audit)) == [
        ("item_frequency", "Sheet1!第5行"),
        ("item_months", "Sheet1!第6行"),
        ("item_ratio", "Sheet1!第4行"),
    ]
    by_rule = {f.rule: f.message for f in audit.findings}
    assert "4.6%" in by_rule["item_ratio"] and "8家÷检查对象1751家=0.5%" in by_rule["item_ratio"]
    assert "3次/年超过频次上限2次/年" in by_rule["item_frequency"]
    assert "合计10家" in by_rule["item_months"] and "=15家次" in by_rule["item_months"]
    assert audit.has_errors


def test_county_form_columns_base_and_ratio(tmp_path):
    """The 2026 county form states 检查对象基数 and 检查比例 in their own columns: 30 of 1200 = 2.5%."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["检查事项", "检查类型", "检查对象", "检查对象基数", "检查比例", "检查频次", "检查频次上限"])
    ws.append(["工贸企业检查", "日常", "“双随机”抽查30家", 1200, "2.5%", "1次/年", "4次/年"])
    ws.append(["粉尘涉爆专项", "专项", "“双随机”抽查30家", 1200, "3.5%", "5次/年", "4次/年"])
    path = tmp_path / "county.xlsx"
    wb.save(path)
    audit = audit_file(path)
    assert sorted(f.rule for f in audit.findings) == ["item_frequency", "item_ratio"]
    assert all(f.where.endswith("第3行") for f in audit.findings)


def test_a_plan_workbook_is_still_audited_as_a_plan(tmp_path):
    from support import XICHENG

    audit = audit_file(XICHENG)
    assert audit.kind == "workbook"


@pytest.mark.slow  # writes the whole plan as .docx (about 2 s)
def test_the_form_inside_a_docx_is_checked_and_kept_out_of_the_plan_figures(tmp_path):
    """Our own 附件4 passes; the same plan's text keeps its own figures (no 306 vs 24 clash)."""
    import docx

    from planlib.io.draw import load_with_register
    from planlib.io.export import write_docx
    from support import XICHENG

    rp = load_with_register(XICHENG, Path(XICHENG).with_name("xicheng_2020_register.xlsx"))
    path = write_docx(rp.result, tmp_path / "plan.docx")
    audit = audit_file(path)
    assert audit.findings == []
    assert any("含涉企行政检查计划表（5个检查事项）" in n for n in audit.notes)
    # a wrong ratio typed into the published table is found, on its line
    document = docx.Document(str(path))
    cell = document.tables[-1].rows[1].cells[4]
    text = cell.text
    assert "抽查比例2.2%" in text  # 10 ÷ 459 = 2.18%
    cell.text = text.replace("抽查比例2.2%", "抽查比例2.8%")
    document.save(str(path))
    audit = audit_file(path)
    [finding] = audit.findings
    assert finding.rule == "item_ratio" and finding.line is not None and "2.8%" in finding.message
