"""The plan text (sections 四 to 六) and the plan's tables.

The bundled data must reproduce the reference plan's own sentences: the expected lines are
read from the reference text itself, not from planlib. Other years are checked against
arithmetic done here (and the calendar facts of docs/method.md §2).
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from fractions import Fraction

import pytest

from hand_chain import CHAIN_PHRASES
from planlib.core.compute import compute
from planlib.core.model import NON_ENFORCEMENT, OTHER_ENFORCEMENT
from planlib.text import report
from planlib.text.findings import check
from support import shifted


def plan_markdown(r) -> str:
    """Sections 四–六 under the title (the text of a workbook without 计划正文) as Markdown."""
    return report.blocks_markdown(report.plan_blocks(r))


@pytest.fixture(scope="module")
def markdown(xicheng_plan) -> str:
    return plan_markdown(compute(xicheng_plan))


def paragraphs(markdown: str) -> list[str]:
    return [p.lstrip("#").strip() for p in markdown.split("\n\n") if p.strip()]


def reference_section(reference_text: str) -> list[str]:
    """The reference plan's lines from 四 up to (not including) 七."""
    start, end = reference_text.index("四、行政执法工作日测算"), reference_text.index("七、监督检查的主要内容")
    return [line.strip() for line in reference_text[start:end].splitlines() if line.strip()]


ITEM_LINE = re.compile(r"^(\d+)\.([^：]+)：预计需用(\d+)个工作日")


def test_sections_4_to_6_reproduce_the_reference_plan(markdown, reference_text):
    """Every line of the reference's 四–六 is a paragraph of sections 四–六, with two known
    differences (every item line matches whole), each checked in its own stricter-than-nothing form."""
    ours = paragraphs(markdown)
    for line in reference_section(reference_text):
        if line in ours:
            continue
        if line == "（1） 重点检查安排":  # the reference's own numbering slip: （1） for （一） (a 改写 row of
            assert "（一）重点检查安排" in ours  # 计划正文 restores it in the whole document: test_document.py)
        elif line.startswith("2. 其他纳入重点检查安排"):  # a stray space after "2."
            assert line.replace("2. ", "2.", 1) in ours
        else:
            pytest.fail(f"reference line missing from plan_2020.md: {line}")


def test_the_issue_figures_are_in_the_text(markdown, reference_text):
    for phrase in (
        *CHAIN_PHRASES,
        "306家",
        "200家",
        "安全监管科（行政审批科）完成",
        "执法监察三队完成70家",
        "执法监察三队完成50家",
    ):
        assert phrase in reference_text and phrase in markdown, phrase
    assert markdown.count("完成70家") == 4 == reference_text.count("完成70家")
    assert markdown.count("完成50家") == 4 == reference_text.count("完成50家")
    # each item of （三） and （四） with its workdays, in the reference's order
    expected = [m.groups() for m in map(ITEM_LINE.match, reference_section(reference_text)) if m]
    found = [m.groups() for m in map(ITEM_LINE.match, paragraphs(markdown)) if m]
    assert found == expected and len(expected) == 15


def test_markdown_structure(markdown):
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert headings[0].startswith("# 北京市西城区应急管理局2020年度安全生产监督检查计划")
    assert [h for h in headings if h.startswith("## ")] == [
        "## 四、行政执法工作日测算",
        "## 五、监督检查主体及管理对象基数",
        "## 六、监督检查安排及职责分工",
    ]
    assert "### （三）其他执法工作日：3090个工作日" in headings
    assert markdown.endswith("\n") and "\n\n\n" not in markdown


def test_2025_reads_right(xicheng_plan):
    """2025: 13 statutory holidays; 2025-01-01 is a Wednesday, so 52 weeks and one weekday: 104 weekend days."""
    r = compute(shifted(xicheng_plan, 2025))
    text = plan_markdown(r)
    per_person = 365 - 104 - 13
    total = per_person * 35
    inspection = total - 3090 - 4683
    general_days = inspection - 306 * 2
    general, left = divmod(general_days, 2)
    assert (per_person, total, inspection, general, left) == (248, 8680, 907, 147, 1)
    assert (
        "2025年全年共365天，有52周，双休日104天，元旦、春节、清明、五一、端午、中秋、国庆等法定假日共计13天。"
        "国家法定工作日=365-104-13=248个工作日。"
    ) in text
    assert "=248×35=8680个工作日。" in text
    assert "=8680-3090-4683=907个工作日。" in text
    assert f"预计需用{general_days}个工作日（按每家2个工作日安排147家，余1个工作日）。" in text
    planned = 306 + general
    key_pct = f"{306 * 100 / planned:.2f}"  # 67.55 (no half to round here)
    assert f"全年共计划监督检查生产经营单位{planned}家" in text
    assert f"共计检查306家，在年度监督检查计划中占{key_pct}%。" in text
    assert f"共计开展一般检查147家，在年度监督检查计划中占{100 - float(key_pct):.2f}%。" in text
    # 147 over four equal weights: 36 each and 3 left, to the first three units
    assert "其中，执法监察综合队完成37家，执法监察一队完成37家，执法监察二队完成37家，执法监察三队完成36家。" in text
    assert f"计划检查比例为{planned * 100 / 8580:.1f}%。" in text  # 5.28 → 5.3%


def test_a_105_weekend_day_year_reads_right(xicheng_plan):
    # docs/method.md §2: 2022 has 105 weekend days (it starts and ends on a Saturday).
    text = plan_markdown(compute(shifted(xicheng_plan, 2022)))
    assert "2022年全年共365天，有52周，双休日105天" in text
    assert "国家法定工作日=365-105-11=249个工作日。" in text
    assert f"=249×35={249 * 35}个工作日。" in text
    assert f"={249 * 35}-3090-4683={249 * 35 - 3090 - 4683}个工作日。" in text


def test_official_mode_sentence(xicheng_plan):
    # docs/method.md §2: the official 2020 arrangement (Spring Festival extension) gives 249.
    text = plan_markdown(compute(xicheng_plan, "official"))
    assert "按国务院办公厅放假安排，2020年全年共366天" in text
    assert "=249个工作日。" in text and f"249×35={249 * 35}" in text


def test_key_share_verdict_follows_the_figures(xicheng_plan):
    assert "符合总局150号文件重点检查比例不低于60%的要求" in plan_markdown(compute(xicheng_plan))
    # Halve every unit's key count: 153 key; 1012 − 306 = 706 general workdays → 353 general; 153/506 < 60%.
    units = tuple(replace(u, key_inspections=u.key_inspections // 2) for u in xicheng_plan.units)
    text = plan_markdown(compute(xicheng_plan.with_changes(units=units)))
    assert "共计153家" in text
    assert "不符合总局150号文件重点检查比例不低于60%的要求" in text


def test_missing_headcount_and_entity_base(xicheng_plan):
    text = plan_markdown(compute(xicheng_plan.with_changes(headcount=None, entity_base=None)))
    assert "目前，实际纳入安全生产执法工作日计算的执法人员35人。" in text
    assert "管理对象基数" not in text and "未填报" not in text  # left out, not filed as "未填报"
    assert "五、监督检查主体\n" in text and "监督检查主体名称：北京市西城区应急管理局。" in text
    assert "占在册定编人员" not in text and "计划检查比例" not in text


def test_summary_writes_fractional_days_as_decimals(xicheng_plan):
    # 1012 − 306 × 2 = 400 general workdays at 1.5 a day: 266 inspections (399 days), 1 left.
    r = compute(xicheng_plan.with_changes(days_per_general_inspection=Fraction(3, 2)))
    summary = report.format_summary(r, [])
    assert "  一般检查工作日：400个（266家×1.5天）" in summary.splitlines()
    assert "3/2" not in summary


@pytest.mark.parametrize(
    "name, short, area, organ",
    [
        ("北京市西城区应急管理局", "区应急管理局", "我区", "局"),
        ("河北省平山县应急管理局", "县应急管理局", "我县", "局"),
        ("杭州市应急管理局", "市应急管理局", "我市", "局"),
        ("应急管理厅", "本单位", "本地区", "厅"),
    ],
)
def test_how_the_plan_names_itself(name, short, area, organ):
    assert report.short_authority(name) == short
    assert report.our_area(name) == area
    assert report.organ(name) == organ


def test_blocks_feed_markdown(xicheng_plan):
    blocks = report.plan_blocks(compute(xicheng_plan))
    assert blocks[0].kind == report.TITLE
    assert {b.kind for b in blocks} == {report.TITLE, report.H1, report.H2, report.H3, report.BODY}
    assert [b.text for b in blocks] == paragraphs(plan_markdown(compute(xicheng_plan)))


# ---------------------------------------------------------------- tables


def test_chain_table(xicheng_plan):
    t = report.chain_table(compute(xicheng_plan))
    assert t.headers == ["项目", "计算式", "工作日"]
    assert [row[2] for row in t.rows] == [251, 8785, 3090, 4683, 1012, 612, 400]
    assert t.rows[0][1] == "366-104-11" and t.rows[4][1] == "8785-3090-4683"
    assert t.rows[5][1] == "306家×2天"


def test_category_tables_add_up(xicheng_plan):
    r = compute(xicheng_plan)
    for category, total in ((OTHER_ENFORCEMENT, 3090), (NON_ENFORCEMENT, 4683)):
        t = report.category_table(r, category)
        workdays = t.headers.index("工作日")
        *items, last = t.rows
        assert last[1] == "合计" and last[workdays] == total == sum(row[workdays] for row in items)
        assert t.headers[3:6] == ["2017年实际", "2018年实际", "2019年实际"]
    first = report.category_table(r, OTHER_ENFORCEMENT).rows[0]
    assert first[1:6] == ("开展安全生产综合监管", "三年人均", 611, 594, 592)


def test_units_and_shares_tables(xicheng_plan):
    r = compute(xicheng_plan)
    units = report.units_table(r)
    assert units.rows[-1] == ("合计", 35, 306, 200, 506)
    assert units.rows[1] == ("执法监察综合队", 8, 70, 50, 120)
    shares = {row[0]: row[1:] for row in report.shares_table(r).rows}
    assert shares["执法人员占在册定编人员"] == (35, 83, 0.4217)
    assert shares["重点检查占计划检查"] == (306, 506, 0.6047)
    assert shares["一般检查占计划检查"] == (200, 506, 0.3953)
    assert shares["计划检查比例（计划检查÷管理对象基数）"] == (506, 8580, 0.059)
    frame = report.shares_table(r).to_frame()
    assert list(frame["比例"]) == [0.4217, 0.059, 0.6047, 0.3953, 0.8]  # numbers, for analysis


def test_findings_table(xicheng_plan):
    r = compute(xicheng_plan.with_changes(entity_base=None))
    t = report.findings_table(check(r))
    assert t.headers == ["级别", "规则", "说明", "位置"]
    assert ("提示", "检查频次") in {row[:2] for row in t.rows}  # the rule as users read it, not its id
    assert report.findings_table([]).rows == ()


def test_history_flags_text(xicheng_plan):
    from planlib.core.history import plan_history

    assert report.format_history_flags(plan_history(xicheng_plan), Fraction(1, 5)) == [
        "最近一年偏离三年平均超过20%的项目：无"
    ]
    lines = report.format_history_flags(plan_history(xicheng_plan, Fraction(1, 20)), Fraction(1, 20))
    assert lines[0].startswith("最近一年偏离三年平均超过5%的项目：")
    # 其他非执法工作 285, 310, 335: +25/310 = +8.06%
    assert "  非执法“其他非执法工作”（三年平均）：2019年工作日335，三年平均310，偏离+8.06%" in lines


def test_report_keeps_the_compute_path_light():
    code = (
        "import sys, planlib.text.report; "
        "print(sorted(m for m in ('pandas', 'matplotlib', 'openpyxl', 'docx', 'papermill') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# ---------------------------------------------------------------- tables shown in notebooks


def test_table_text_aligns_chinese_as_two_columns():
    t = report.Table(
        "t", "t", (report.Column("项目"), report.Column("工作日", report.INT)), (("总法定工作日", 8785), ("合计", 12))
    )
    # widths: row numbers 1; 项目 max(2×2, 6×2, 2×2) = 12; 工作日 max(3×2, 4, 2) = 6
    assert t.to_text().splitlines() == [
        "           项目  工作日",
        "1  总法定工作日    8785",
        "2          合计      12",
    ]


def test_table_html_numbers_rows_shows_shares_and_escapes_input_text(xicheng_plan):
    shares = report.shares_table(compute(xicheng_plan))._repr_html_()
    assert "<th>3</th><td>重点检查占计划检查</td><td>306</td><td>506</td><td>60.47%</td>" in shares
    t = report.Table(
        "t", "t", (report.Column("序号", report.INT), report.Column("项目")), ((1, '<b>A&B</b>"'), (None, "合计"))
    )
    html = t._repr_html_()
    assert "<b>" not in html and "<td>&lt;b&gt;A&amp;B&lt;/b&gt;&quot;</td>" in html
    assert "<th>序号</th><th>项目</th>" in html  # the table's own numbers label the rows
    assert "<tr><th></th><td>合计</td></tr>" in html


def test_staff_table(xicheng_plan):
    # the derivations of the reference data divide by 32, 33 and 35 officers (2017–2019); 2020: 35
    t = report.staff_table(xicheng_plan)
    assert t.rows == (("2017年", 32), ("2018年", 33), ("2019年", 35), ("2020年", 35))


def test_notebook_tables_display_without_pandas(xicheng_path):
    """The kernels of ``planlib run`` never pay for importing pandas."""
    code = (
        "import sys\n"
        "from planlib.io import export\nfrom planlib.core import history\nfrom planlib.text import report\n"
        "from planlib.core.model import NON_ENFORCEMENT\n"
        "from planlib.app.run import load_inputs\n"
        f"i = load_inputs(input_path={str(xicheng_path)!r})\n"
        "tables = [report.chain_table(i.result), report.category_table(i.result, NON_ENFORCEMENT),\n"
        "          report.units_table(i.result), report.shares_table(i.result), report.staff_table(i.plan),\n"
        "          report.history_table(history.plan_history(i.plan))]\n"
        "shown = [(t._repr_html_(), t.to_text()) for t in tables]\n"
        "print('pandas' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
