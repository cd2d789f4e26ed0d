"""Reading a published plan's text: every figure of sections 四 to 六 with the line it is on.

Expected figures are transcribed from the published reference plan (or worked out by hand
for the plans written for these tests); each transcription is checked against the text
itself, so a typo here cannot make a wrong extraction pass.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from planlib.audit import plantext as pt
from planlib.errors import InputError
from support import REFERENCE_TEXT, line_of

PLANS = Path(__file__).parent / "data" / "plans"
XICHENG = PLANS / "clean-xicheng-2020.txt"

# Sections 四 to 六 of the reference plan, as published.
REFERENCE = {
    pt.YEAR: 2020,
    pt.DAYS: 366,
    pt.WEEKEND_DAYS: 104,
    pt.HOLIDAYS: 11,
    pt.PER_PERSON: 251,
    pt.HEADCOUNT: 83,
    pt.STAFF: 35,
    pt.TOTAL: 8785,
    pt.OTHER: 3090,
    pt.NON: 4683,
    pt.INSPECTION: 1012,
    pt.KEY_WD: 612,
    pt.GENERAL_WD: 400,
    pt.PLANNED: 506,
    pt.KEY: 306,
    pt.GENERAL: 200,
    pt.ENTITY_BASE: 8580,
}
OTHER_ITEMS = [630, 168, 436, 280, 398, 20, 160, 124, 874]
NON_ITEMS = [420, 2605, 97, 551, 700, 310]


@pytest.fixture(scope="module")
def xicheng() -> pt.PlanText:
    return pt.read_plan_text(XICHENG)


def test_the_reference_copy_is_the_published_plan():
    assert XICHENG.read_bytes() == REFERENCE_TEXT.read_bytes()


def test_every_reference_figure_is_read_where_it_is_printed(xicheng):
    values = pt.majority(xicheng.mentions)
    for concept, expected in REFERENCE.items():
        assert values.get(concept) == expected, concept
    for m in xicheng.mentions:  # each mention's digits really stand on its line, at its column
        line = xicheng.lines[m.line - 1]
        assert line[m.printed.start : m.printed.end] == m.printed.text, m
    assert sum(OTHER_ITEMS) == 3090 and sum(NON_ITEMS) == 4683  # the transcription adds up


def test_every_mention_agrees_in_the_clean_reference(xicheng):
    for m in xicheng.mentions:
        assert m.value == REFERENCE.get(m.concept, m.value), m


def test_sections_and_their_items(xicheng):
    sections = {s.concept: s for s in xicheng.sections}
    assert [i.printed.value for i in sections[pt.OTHER].items] == OTHER_ITEMS
    assert [i.printed.value for i in sections[pt.NON].items] == NON_ITEMS
    assert sections[pt.OTHER].line == line_of(XICHENG, "（三）其他执法工作日：3090")
    assert sections[pt.OTHER].items[1].name == "实施行政许可"
    assert sections[pt.OTHER].items[1].line == line_of(XICHENG, "实施行政许可")
    assert [i.printed.value for i in sections[pt.KEY].items] == [26, 280]
    # the inspection workdays' items put their figure on the next line ("1.重点检查工作日" / "预计需用612…")
    key_wd = [m for m in xicheng.mentions if m.concept == pt.KEY_WD]
    assert [(m.value, m.line) for m in key_wd] == [(612, line_of(XICHENG, "预计需用612个工作日"))]


def test_the_three_printed_formulas(xicheng):
    found = [
        (f.line, [p.value for p in f.operands], f.ops, f.result.value, f.result_concept, f.operand_concepts)
        for f in xicheng.formulas
    ]
    assert found == [
        (
            line_of(XICHENG, "366-104-11=251"),
            [366, 104, 11],
            "--",
            251,
            pt.PER_PERSON,
            (pt.DAYS, pt.WEEKEND_DAYS, pt.HOLIDAYS),
        ),
        (line_of(XICHENG, "251×35=8785"), [251, 35], "×", 8785, pt.TOTAL, (pt.PER_PERSON, pt.STAFF)),
        (
            line_of(XICHENG, "8785-3090-4683=1012"),
            [8785, 3090, 4683],
            "--",
            1012,
            pt.INSPECTION,
            (pt.TOTAL, pt.OTHER, pt.NON),
        ),
    ]
    assert [f.named for f in xicheng.formulas] == [False, True, True]


def test_unit_lists_and_their_totals(xicheng):
    lists = [
        (u.kind, [e.printed.value for e in u.entries], u.total and u.total.value, u.section) for u in xicheng.unit_lists
    ]
    assert lists == [
        ("inspections", [70, 70, 70, 70], 280, pt.KEY),
        ("inspections", [50, 50, 50, 50], None, pt.GENERAL),
    ]
    assert [e.unit for e in xicheng.unit_lists[0].entries] == [
        "执法监察综合队",
        "执法监察一队",
        "执法监察二队",
        "执法监察三队",
    ]


def test_percentages_know_what_they_are_shares_of(xicheng):
    found = [(p.printed.shown, p.share, p.numerator and p.numerator.value, p.denominator) for p in xicheng.percentages]
    assert found == [
        ("42.17%", pt.STAFF_SHARE, 35, pt.HEADCOUNT),
        ("5.9%", pt.PLAN_RATIO, None, pt.ENTITY_BASE),
        ("60.47%", pt.KEY_SHARE, 306, pt.PLANNED),
        ("60.47%", pt.KEY_SHARE, 306, pt.PLANNED),
        ("39.53%", pt.GENERAL_SHARE, 200, pt.PLANNED),
    ]
    assert [t.shown for t in xicheng.thresholds] == ["100%", "60%", "80%"]  # targets and floors, not shares
    assert pt.majority(xicheng.mentions)[pt.KEY_SHARE_MIN] == Fraction(3, 5)


def test_staff_split_across_units_and_an_item_without_days():
    path = PLANS / "clean-2023-105-weekends-staff-split.txt"
    doc = pt.read_plan_text(path)
    (staff,) = [u for u in doc.unit_lists if u.kind == "staff"]
    assert [(e.unit, e.printed.value) for e in staff.entries] == [
        ("执法监察综合队", 8),
        ("执法监察一队", 7),
        ("执法监察二队", 7),
        ("安全监管科", 6),
    ]
    assert staff.total.value == 28 and staff.line == line_of(path, "执法监察综合队8人")
    other = next(s for s in doc.sections if s.concept == pt.OTHER)
    window = other.items[-1]
    assert (window.name, window.printed) == ("窗口办理", None)
    assert sum(i.printed.value for i in other.items if i.printed) == 1730


@pytest.mark.parametrize(
    "line, operands, ops, result",
    [
        ("国家法定工作日 = 365 - 105 - 11 = 249 天。", [365, 105, 11], "--", 249),  # half-width, spaces
        ("国家法定工作日＝３６５－１０５－１１＝２４９天", [365, 105, 11], "--", 249),  # full-width digits and signs
        ("国家法定工作日=365天-104天-13天=248天", [365, 104, 13], "--", 248),  # units on each operand
        ("总法定工作日=249 x 28=6972个工作日", [249, 28], "×", 6972),
        ("总法定工作日=248*20=4960个工作日", [248, 20], "×", 4960),
        ("总法定工作日=251×35人=8785人日", [251, 35], "×", 8785),
        ("监督检查工作日=4960 − 1950 − 2410 = 600个工作日", [4960, 1950, 2410], "--", 600),  # U+2212
        ("306÷506×100%=60.47%", [306, 506, Fraction(1)], "÷×", Fraction(6047, 10000)),
    ],
)
def test_formula_variants(line, operands, ops, result):
    (f,) = pt.extract([line]).formulas
    assert [p.value for p in f.operands] == operands
    assert (f.ops, f.result.value) == (ops, result)
    assert f.text == line[f.start : f.end]  # the excerpt is the original, not the normalised text


def test_operands_named_in_brackets():
    (f,) = pt.extract(["国家法定工作日＝365天（全年天数）－11天（法定节假日）－104天（双休日）＝250天。"]).formulas
    assert [p.value for p in f.operands] == [365, 11, 104] and f.result.value == 250
    assert f.named and f.operand_concepts == (pt.DAYS, pt.HOLIDAYS, pt.WEEKEND_DAYS)
    assert f.relation.result == pt.PER_PERSON


def test_no_formula_without_an_equals_sign():
    assert pt.extract(["根据2017-2019年三年平均值测算，联系电话010-66000000。"]).formulas == []


@pytest.mark.parametrize(
    "name, concept",
    [
        ("总法定工作日", pt.TOTAL),
        ("国家法定工作日", pt.PER_PERSON),
        ("执法人员数量", pt.STAFF),
        ("其他执法工作日", pt.OTHER),
        ("非执法工作日", pt.NON),
        ("实际纳入执法工作日计算的执法人员", pt.STAFF),
        ("全年共计划监督检查", pt.PLANNED),
        ("重点检查工作日", pt.KEY_WD),
        ("重点检查安排", pt.KEY),
        ("工作要求", None),
    ],
)
def test_concept_named(name, concept):
    assert pt.concept_named(name) == concept


@pytest.mark.slow
@given(st.text(alphabet=st.sampled_from("0１２－—−＋＝×ｘ＊％：．（）　\t#*-|>abc天日人家 \u00a0"), max_size=40))
def test_normalising_keeps_every_position(text):
    assert len(pt.normalise(text)) == len(text)


def test_markdown_markers_do_not_hide_figures():
    doc = pt.extract(["### （一）总法定工作日：4960个工作日", "国家法定工作日=365天-104天-13天=**248**天。"])
    assert pt.majority(doc.mentions)[pt.TOTAL] == 4960
    assert doc.formulas[0].result.value == 248


def test_docx_paragraphs_and_table_rows(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("2020年度安全生产监督检查计划")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "执法监察一队", "8人"
    document.add_paragraph("国家法定工作日=366-104-11=251个工作日。")
    path = tmp_path / "plan.docx"
    document.save(path)
    assert pt.read_lines(path) == (
        "2020年度安全生产监督检查计划",
        "执法监察一队  8人",
        "国家法定工作日=366-104-11=251个工作日。",
    )


def test_gbk_text_is_read(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes("国家法定工作日=366-104-11=251个工作日\n".encode("gbk"))
    assert pt.read_lines(path)[0] == "国家法定工作日=366-104-11=251个工作日"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.txt", None, "文件不存在"),
        ("plan.key", b"PK", "不支持的文件类型"),
        ("plan.pdf", b"%PDF-1.4", "无法读取 PDF"),
        ("binary.txt", b"\x00\x01\x02", "不是文本文件"),
        ("broken.docx", b"PK not really", "无法读取 Word 文档"),
    ],
)
def test_unreadable_texts_are_input_errors(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as e:
        pt.read_lines(path)
    assert message in str(e.value) and name in str(e.value)
