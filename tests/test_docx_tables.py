"""The attachments' Word tables: widths from their content, rows kept whole, headers repeated,
附件3 cut into unit groups only where a page is too narrow (issue 17 item 2)."""

from __future__ import annotations

from fractions import Fraction

import docx
import pytest
from docx.oxml.ns import qn

from planlib.core.compute import compute
from planlib.core.model import Unit
from planlib.core.schedule import plan_schedule
from planlib.io.docx_table import column_twips, fit_lines, fit_widths, fits
from planlib.io.export import write_docx
from planlib.text.document import schedule_parts

TWIPS_PER_MM = 1440 / 25.4
PORTRAIT, LANDSCAPE = round(156 * TWIPS_PER_MM), round(225 * TWIPS_PER_MM)  # the text widths (GB/T 9704)


def test_wanted_widths_that_fit_grow_to_the_line():
    assert fit_widths([Fraction(2), Fraction(6)], [Fraction(2), Fraction(2)], Fraction(16)) == [4, 12]


def test_the_widest_column_gives_way_first():
    # 2 + 20 + 4 = 26 wanted on a line of 16: the 4 and the 2 keep theirs, the widest gets 16 − 6 = 10
    assert fit_widths([Fraction(2), Fraction(20), Fraction(4)], [Fraction(2)] * 3, Fraction(16)) == [2, 10, 4]
    # two wide columns share the cut: (16 − 2) ÷ 2 = 7 each
    assert fit_widths([Fraction(2), Fraction(20), Fraction(12)], [Fraction(2)] * 3, Fraction(16)) == [2, 7, 7]


def test_no_column_below_its_least():
    assert fit_widths([Fraction(9), Fraction(9)], [Fraction(5), Fraction(6)], Fraction(8)) == [5, 6]


def test_columns_share_the_lines_when_giving_way_makes_one_column_tall():
    """Issue 18: giving way caps a 40-character column like three of 8 (6 each on a line of 24: 40 ÷ 6
    is 7 lines). Sharing the lines: 2 lines need 20 + 4 + 4 + 4 = 32 > 24; 3 lines need 14 + 3 + 3 + 3
    = 23 (whole characters: 40 ÷ 3 raised to 14, 8 ÷ 3 to 3, the readable least); the 1 left goes to
    all four in proportion to what they want (40, 8, 8, 8 of 64): 14 + 5/8 and 3 + 1/8."""
    four = [Fraction(40), Fraction(8), Fraction(8), Fraction(8)]
    assert fit_widths(four, [Fraction(2)] * 4, Fraction(24)) == [6, 6, 6, 6]
    assert fit_lines(four, [Fraction(2)] * 4, Fraction(24)) == [
        Fraction(117, 8),
        Fraction(25, 8),
        Fraction(25, 8),
        Fraction(25, 8),
    ]
    # a column's readable width may be more (a header of four on one line): 14 + 4 + 3 + 3 = 24 exactly
    readable = [Fraction(3), Fraction(4), Fraction(3), Fraction(3)]
    assert fit_lines(four, [Fraction(2)] * 4, Fraction(24), readable) == [14, 4, 3, 3]
    # where giving way is already as short as the page allows, it stays (2 lines: 20 ÷ 10, 4 ÷ 4)
    assert fit_lines([Fraction(2), Fraction(20), Fraction(4)], [Fraction(2)] * 3, Fraction(16)) == [2, 10, 4]
    assert fit_lines([Fraction(2), Fraction(20), Fraction(12)], [Fraction(2)] * 3, Fraction(16)) == [2, 7, 7]


def test_the_item_plans_time_column_is_not_capped_like_the_short_ones():
    """附件4 (12 columns on a landscape page): the columns span the text width; 检查时间安排, the
    longest text (twelve months with their counts), is the widest column and at least one and a
    half times an equal twelfth (it was capped at the twelfth like 备注: about 4 characters a line)."""
    from pathlib import Path

    from planlib.io.draw import load_with_register
    from planlib.text.items import ITEMS_COLUMNS, items_table
    from support import XICHENG

    rp = load_with_register(XICHENG, Path(XICHENG).with_name("xicheng_2020_register.xlsx"))
    widths = column_twips(items_table(rp.result), LANDSCAPE)
    assert LANDSCAPE - 20 <= sum(widths) <= LANDSCAPE
    time = widths[ITEMS_COLUMNS.index("检查时间安排")]
    assert time == max(widths) and time >= 1.5 * LANDSCAPE / 12
    objects = widths[ITEMS_COLUMNS.index("检查对象")]
    assert objects > widths[ITEMS_COLUMNS.index("备注")]  # 检查对象 wraps less than the short notes' column


def _widths(table) -> list[int]:
    return [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]


@pytest.fixture(scope="module")
def xicheng_docx(xicheng_plan, tmp_path_factory):
    result = compute(xicheng_plan)
    path = write_docx(result, tmp_path_factory.mktemp("docx") / "plan.docx", plan_schedule(result))
    return docx.Document(str(path))


def test_rows_never_split_and_headers_repeat(xicheng_docx):
    for table in xicheng_docx.tables:
        rows = table.rows
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
        headers = [n for n, r in enumerate(rows) if r._tr.trPr.find(qn("w:tblHeader")) is not None]
        assert headers in ([0], [0, 1])  # the header rows, and only they, repeat on every page
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def test_columns_are_as_wide_as_their_content(xicheng_docx):
    tasks, workdays, schedule = xicheng_docx.tables
    widths = _widths(tasks)
    assert PORTRAIT - 20 <= sum(widths) <= PORTRAIT  # the table spans the text width
    per_char = (10.5 - 0.25) * 20  # twips of a 五号 character, condensed as the body
    assert widths[1] >= 12 * per_char  # 安全监管科（行政审批科） on one line
    assert widths[1] > 2 * max(widths[2:])  # the name column, not the counts, gets the room
    items = _widths(workdays)
    assert items[1] >= 10 * per_char  # 开展安全生产综合监管 on one line
    assert items[0] < items[1] / 3  # 序号 stays narrow
    assert LANDSCAPE - 20 <= sum(_widths(schedule)) <= LANDSCAPE  # 附件3 on a landscape page


@pytest.fixture(scope="module")
def twelve_units(xicheng_plan):
    units = tuple(Unit(f"执法监察第{n}大队", 3, 20) for n in range(1, 13))
    return compute(xicheng_plan.with_changes(units=units, key_categories=()))


def test_a_larger_bureaus_schedule_in_as_few_parts_as_the_page_allows(twelve_units, tmp_path):
    s = plan_schedule(twelve_units)
    assert not fits(schedule_parts(s, 12)[0], LANDSCAPE)  # 2 + 24 + 3 columns do not fit one page's width
    path = write_docx(twelve_units, tmp_path / "plan.docx", s)
    tables = docx.Document(str(path)).tables[2:]
    assert len(tables) == 2  # twelve units in two parts, the totals in the second
    assert [len(t.columns) for t in tables] == [2 + 2 * 6, 2 + 2 * 6 + 3]  # six units each, evenly
    names = [c.text for t in tables for c in t.rows[0].cells]
    assert all(f"执法监察第{n}大队" in names for n in range(1, 13))
    assert "合计" not in {c.text for c in tables[0].rows[0].cells} and "合计" in {
        c.text for c in tables[1].rows[0].cells
    }
    for t in tables:
        assert sum(_widths(t)) <= LANDSCAPE
        assert [r.cells[0].text for r in t.rows[2:]] == [f"{m}月" for m in range(1, 13)] + ["合计"]


def test_only_a_row_taller_than_a_third_of_a_page_may_split(tmp_path):
    """A row of a few lines stays whole; one of many lines (a 涉企行政检查计划表 item) may run on to
    the next page, else each would leave half a page empty."""
    from docx import Document

    from planlib.config import DOCX_STYLE
    from planlib.io.export import _docx_table
    from planlib.text.report import Column, Table

    table = Table("t", "t", (Column("项目"), Column("说明")), (("短", "一行"), ("长", "很长的说明" * 80)))
    doc = Document(str(DOCX_STYLE))
    _docx_table(doc, table)
    rows = doc.tables[0].rows
    assert [r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows] == [True, True, False]
