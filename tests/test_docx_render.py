"""The filed .docx as it prints: rendered by LibreOffice (the renderer of these machines; WPS and
Word read the same settings) and measured on the PDF's text lines (issue 17 item 1)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from office import Line, convert, pdf_pages
from planlib.core.compute import compute
from planlib.core.schedule import plan_schedule
from planlib.io.export import write_docx
from planlib.text.document import attachments

pytestmark = pytest.mark.slow

PITCH = 579 / 20  # the line grid's pitch, 579 twips, in points (225 mm ÷ 22)
PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")


def text_lines(page: list[Line]) -> list[Line]:
    return [line for line in page if not PAGE_NUMBER.match(line.text.strip())]


def page_of(pages: list[list[Line]], first_line: str) -> int:
    """1-based number of the page whose first text line is ``first_line``."""
    hits = [n for n, page in enumerate(pages, 1) if text_lines(page) and text_lines(page)[0].text == first_line]
    assert len(hits) == 1, (first_line, hits)
    return hits[0]


@pytest.fixture(scope="module")
def rendered(xicheng_plan, tmp_path_factory):
    folder = tmp_path_factory.mktemp("渲染") / "西城区 2020"  # a Chinese path with a space works
    folder.mkdir()
    result = compute(xicheng_plan)
    docx_path = write_docx(result, folder / "plan_2020.docx", plan_schedule(result))
    return pdf_pages(convert(docx_path, "pdf", folder)), result


def test_body_pages_hold_22_lines_of_28_characters(rendered):
    pages, _ = rendered
    body = pages[: page_of(pages, "附件1") - 1]
    slots = []
    widths = []
    for page in body:
        lines = text_lines(page)
        top, bottom = lines[0].y, lines[-1].y
        slots.append(round((top - bottom) / PITCH) + 1)
        for a, b in zip(lines, lines[1:], strict=False):  # every line sits on the 28.95 pt grid
            steps = (a.y - b.y) / PITCH
            assert abs(steps - round(steps)) < 0.08 and round(steps) >= 1, (a, b)
        widths += [line.width for line in lines]
    assert max(slots) == 22 and min(slots) >= 18, (
        slots
    )  # 22 lines a page (a heading kept with its text may end one early)
    assert max(widths) == 28, max(widths)  # a Chinese character counts one, a digit half
    common = Counter(widths).most_common(2)
    assert common[0][0] == 28, common  # a full line is the commonest (then a first line, two characters in)


def test_the_attachments_start_where_the_reference_plan_has_them(rendered):
    pages, _ = rendered
    first = page_of(pages, "附件1")
    assert first <= 12, first
    assert page_of(pages, "附件2") > first
    third = page_of(pages, "附件3")
    assert len(pages) - third + 1 <= 2  # 附件3 (five units × twelve months) on at most two pages
    assert len(pages) <= 14, len(pages)


def test_schedule_is_one_landscape_page_for_five_units(rendered):
    pages, result = rendered
    third = page_of(pages, "附件3")
    assert third == len(pages)  # the last page: table, totals and notes together
    text = "\n".join(line.text for line in pages[third - 1])
    assert "12月" in text and "合计" in text and "注：" in text
    assert len(result.units) == 5


def test_a_units_name_stays_whole_in_its_cell(rendered):
    pages, result = rendered
    tasks = pages[page_of(pages, "附件1") - 1]
    for unit in result.units:
        assert any(unit.name in line.text for line in tasks), unit.name
    workdays = "\n".join(line.text for line in pages[page_of(pages, "附件2") - 1])
    assert "开展安全生产综合监管" in workdays  # the item on one line, not three


def test_the_key_unit_list_prints_one_line_a_unit(tmp_path):
    """With a register, 附件4 重点检查单位名单 (issue 17 item 4): landscape, where every row takes one
    line, so 306 units take 306 lines and as few pages as that needs."""
    from planlib.io.draw import load_with_register
    from support import XICHENG

    rp = load_with_register(XICHENG, XICHENG.parent / "xicheng_2020_register.xlsx")
    path = write_docx(rp.result, tmp_path / "plan.docx", plan_schedule(rp.result), key_units=rp.assignment)
    pages = pdf_pages(convert(path, "pdf", tmp_path))
    label = next(a.label for a in attachments(rp.result, key_units=rp.assignment) if a.table.name == "重点检查单位名单")
    first = page_of(pages, label)  # the last attachment (附件4, or 附件5 after 涉企行政检查计划表)
    listed = [line for page in pages[first - 1 :] for line in text_lines(page)]
    keys = {e.code: e for e in rp.keys}
    rows = [line for line in listed if any(code in line.text for code in keys)]
    assert len(rows) == 306  # every key unit, each on one line with its name and its unit
    for line in rows:
        code = next(c for c in keys if c in line.text)
        assert keys[code].name in line.text and keys[code].sector in line.text
    per_page = max(sum(1 for line in text_lines(p) if any(c in line.text for c in keys)) for p in pages[first - 1 :])
    assert len(pages) - first + 1 == -(-306 // per_page)  # no page of the list left part-empty but the last
