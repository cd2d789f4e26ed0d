"""The whole filed plan: the bundled workbook's 计划正文 and 重点检查类别 make planlib write the
reference plan itself, sections 一 to 八, paragraph by paragraph. The expected text is the
reference file (data/reference/xicheng-2020-plan.txt), never planlib's own output."""

from __future__ import annotations

import re

import pytest

from planlib.core.compute import compute
from planlib.core.document import BODY, COMPUTED, H1, REWRITE, TITLE, ProseRow
from planlib.text import document
from planlib.text.report import numeral, numeral_value

_WIDTH = str.maketrans("（）", "()")


def normal(text: str) -> str:
    """Whitespace and full/half-width brackets aside."""
    return re.sub(r"\s+", "", text).translate(_WIDTH)


def reference_paragraphs(reference_text: str) -> list[str]:
    return [normal(line) for line in reference_text.splitlines() if line.strip()]


def main_text(blocks) -> list[str]:
    """The blocks up to the attachment note: sections 一 to 八 under the title."""
    end = next(i for i, b in enumerate(blocks) if b.kind == document.ATTACHMENT_NOTE)
    return [normal(b.text) for b in blocks[:end]]


def test_the_bundled_workbook_writes_the_reference_plan(xicheng_plan, reference_text):
    blocks = document.document_blocks(compute(xicheng_plan))
    expected = reference_paragraphs(reference_text)
    assert len(expected) == 79  # the reference's non-blank lines (grep -cv "^\\s*$"), title lines included
    assert main_text(blocks) == expected


def test_the_document_ends_with_attachments_note_and_signature(xicheng_plan):
    blocks = document.document_blocks(compute(xicheng_plan))
    tail = blocks[[b.kind for b in blocks].index(document.ATTACHMENT_NOTE) :]
    assert [(b.kind, b.text) for b in tail] == [
        (document.ATTACHMENT_NOTE, "附件：1.各执法单位检查任务分解表"),
        (document.ATTACHMENT_NOTE, "2.行政执法工作日测算表"),
        (document.ATTACHMENT_NOTE, "3.月度检查安排表"),
        (document.SIGNATURE, "北京市西城区应急管理局"),  # 署名 blank: the authority
    ]


def test_without_prose_the_document_is_sections_4_to_6_under_the_full_title(xicheng_plan, reference_text):
    plan = xicheng_plan.with_changes(prose=(), key_categories=())
    blocks = document.document_blocks(compute(plan))
    assert blocks[0].kind == TITLE and blocks[0].text == "北京市西城区应急管理局2020年度安全生产监督检查计划"
    assert [b.text for b in blocks if b.kind == H1] == [
        "四、行政执法工作日测算",
        "五、监督检查主体及管理对象基数",
        "六、监督检查安排及职责分工",
    ]
    assert not any("第四至六部分" in b.text for b in blocks)
    text = "\n".join(b.text for b in blocks)
    assert "1.重点检查单位26家，由安全监管科（行政审批科）完成。" in text  # no categories: by unit
    assert "“双随机”抽查比例不低于" not in text  # the sentence the reference lacks is opt-in
    opted = "\n".join(b.text for b in document.document_blocks(compute(plan.with_changes(random_sentence=True))))
    # 200 general inspections × 80% = 160
    assert "一般检查原则上采取“双随机”方式，“双随机”抽查比例不低于80%，即不少于160家。" in opted


def test_computed_sections_follow_the_marker_and_its_numbering(xicheng_plan):
    """Kuancheng numbers its calculation 一、: a 计算部分 row saying 一 renumbers 四–六 as 一–三,
    a 改写 row rewords a computed heading, and placeholders follow the figures."""
    prose = (
        ProseRow(TITLE, "{authority}{year}年度安全生产监督检查计划"),
        ProseRow(BODY, "全年计划检查{planned_inspections}家，重点检查占{key_share}，执法人员{enforcement_staff}人。"),
        ProseRow(COMPUTED, "一"),
        ProseRow(H1, "四、工作要求"),
        ProseRow(REWRITE, "一、监督检查工作日测算", "一、行政执法工作日测算"),
        ProseRow(BODY, "花括号照印：{{year}}。"),
    )
    blocks = document.document_blocks(compute(xicheng_plan.with_changes(prose=prose)))
    assert [b.text for b in blocks if b.kind == H1] == [
        "一、监督检查工作日测算",
        "二、监督检查主体及管理对象基数",
        "三、监督检查安排及职责分工",
        "四、工作要求",
    ]
    assert blocks[1].text == "全年计划检查506家，重点检查占60.47%，执法人员35人。"  # 306 + 200; 306/506
    assert "花括号照印：{year}。" in [b.text for b in blocks]
    # a blank 计算部分 continues after the last numbered 一级 heading above it
    prose2 = (ProseRow(H1, "一、指导思想"), ProseRow(BODY, "正文。"), ProseRow(COMPUTED, ""))
    h1 = [b.text for b in document.document_blocks(compute(xicheng_plan.with_changes(prose=prose2))) if b.kind == H1]
    assert h1 == [
        "一、指导思想",
        "二、行政执法工作日测算",
        "三、监督检查主体及管理对象基数",
        "四、监督检查安排及职责分工",
    ]


def test_key_categories_print_as_the_reference_does(xicheng_plan, reference_text):
    text = "\n".join(b.text for b in document.document_blocks(compute(xicheng_plan)))
    for line in (
        "1.安全生产风险等级较高的生产经营单位：检查涉及重点监管危险化学品（加油站）、工业企业26家，"
        "由安全监管科（行政审批科）完成。",
        "2.其他纳入重点检查安排的生产经营单位280家，执法监察综合队完成70家，执法监察一队完成70家，执法监察二队完成70家，执法监察三队完成70家。",
    ):
        assert normal(line) in normal(reference_text) and line in text
    assert sum(c.total for c in xicheng_plan.key_categories) == 306 == 26 + 4 * 70


def test_furniture(xicheng_plan):
    plan = xicheng_plan.with_changes(
        doc_number="西应急发〔2020〕1号",
        doc_date="2020年3月1日",
        recipients="区政府",
        copies="市应急管理局",
        signature="北京市西城区应急管理局办公室",
    )
    blocks = document.document_blocks(compute(plan))
    kinds = [(b.kind, b.text) for b in blocks]
    assert kinds[0] == (document.DOC_NUMBER, "西应急发〔2020〕1号")
    assert kinds[3] == (document.RECIPIENTS, "区政府：")  # after the two title lines
    assert kinds[-3:] == [
        (document.SIGNATURE, "北京市西城区应急管理局办公室"),
        (document.DATE, "2020年3月1日"),
        (document.COPIES, "抄送：市应急管理局。"),
    ]


@pytest.mark.parametrize("n, text", [(1, "一"), (4, "四"), (10, "十"), (12, "十二"), (20, "二十"), (31, "三十一")])
def test_numerals(n, text):
    assert numeral(n) == text and numeral_value(text) == n


def test_a_rewrite_that_matches_nothing_is_a_warning(xicheng_plan, tmp_path):
    from planlib.io.workbook import compute_workbook, write_plan

    assert document.document_findings(compute(xicheng_plan)) == []  # the bundled 改写 row matches
    prose = (*xicheng_plan.prose, ProseRow(REWRITE, "（一）重点安排", "（一）重点检查的安排"))  # no such line
    path = write_plan(xicheng_plan.with_changes(prose=prose), tmp_path / "x.xlsx")
    _, findings = compute_workbook(path)
    [finding] = [f for f in findings if f.rule == "prose_rewrite"]
    assert finding.severity == "warning" and "（一）重点检查的安排" in finding.message
    assert finding.where.startswith("计划正文!A")
