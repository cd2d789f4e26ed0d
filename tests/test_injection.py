"""Issue 21 item 9: a workbook's text never becomes live markup in any output.

The recipe: rows of 计划正文 ``<script>alert(1)</script><img src=x onerror=alert(1)>``,
``[链接](javascript:alert(1))`` and ``# 伪标题`` ran as script, link and heading in
``annual_plan.html`` and ``plan_2020.md``. Each output is rendered here as a reader's program
renders it (mistune, the Markdown renderer nbconvert uses) and searched for live markup.
"""

from __future__ import annotations

import html
import re

import mistune
import nbformat
import openpyxl
import pytest

from planlib.io.workbook import compute_workbook
from planlib.text.document import plan_markdown
from planlib.text.markup import md_cell, md_text
from support import XICHENG

SCRIPT = "<script>alert(1)</script><img src=x onerror=alert(1)>"
LINK = "[链接](javascript:alert(1))"
HEADING = "# 伪标题"
MORE = ["- 伪列表", "1. 伪编号", "> 伪引用", "**伪粗体** _x_ `code` ~~del~~ ![图](x.png) &lt; a|b", "==="]
HOSTILE = [SCRIPT, LINK, HEADING, *MORE]


def rendered(markdown: str) -> str:
    return mistune.html(markdown)


def live_markup(page: str) -> list[str]:
    """Tags or links a reader's browser would act on."""
    return re.findall(r"<(?:script|img|a|iframe|h[1-6]|ul|ol|li|blockquote|strong|em|code|del|hr)\b", page)


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page)).strip()


@pytest.mark.parametrize("typed", HOSTILE)
def test_user_text_renders_as_typed(typed):
    page = rendered(md_text(typed))
    assert live_markup(page) == [], page
    assert text_of(page) == typed


def test_plain_text_stays_readable_in_the_file():
    assert md_text("国家法定工作日=366-104-11=251") == "国家法定工作日=366-104-11=251"
    assert md_text("1.安全生产风险等级较高的生产经营单位") == "1.安全生产风险等级较高的生产经营单位"
    assert md_cell("a|b\nc") == "a\\|b c"


@pytest.fixture(scope="module")
def hostile_workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("inj") / "x.xlsx"
    wb = openpyxl.load_workbook(XICHENG)
    ws = wb["计划正文"]
    for n, text in enumerate(HOSTILE):
        ws.cell(row=4 + n, column=1, value="正文")
        ws.cell(row=4 + n, column=2, value=text)
        if text.startswith("="):  # typed as text, not a formula
            ws.cell(row=4 + n, column=2).data_type = "s"
    old = wb["执法人员"]["A2"].value
    for sheet in wb.worksheets:  # a unit name reaches the attachments' tables
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == old:
                    cell.value = "<b>执法一队</b>"
    wb.save(path)
    return path


def test_the_plans_markdown_carries_no_markup_from_the_workbook(hostile_workbook):
    result, _ = compute_workbook(str(hostile_workbook))
    page = rendered(plan_markdown(result))
    text = text_of(page)
    for typed in HOSTILE:
        assert typed in text
    assert "<b>执法一队</b>" in text
    assert not re.search(r"<(?:script|img|b)\b", page)
    assert 'href="javascript' not in page
    assert "<h1>伪标题" not in page and "<h1>" in page  # the plan's own title is still a heading


@pytest.mark.slow
def test_the_html_copies_load_nothing_and_run_nothing(hostile_workbook):
    """The exporter of the official run, on a notebook whose Markdown output is the plan above;
    also: no require.js, MathJax or other CDN script (an intranet has none)."""
    from planlib.app.run import html_exporter

    result, _ = compute_workbook(str(hostile_workbook))
    nb = nbformat.v4.new_notebook()
    output = nbformat.v4.new_output("display_data", data={"text/markdown": plan_markdown(result)})
    js = nbformat.v4.new_output("display_data", data={"application/javascript": "alert(2)", "text/plain": "x"})
    nb.cells.append(nbformat.v4.new_code_cell("display(Markdown(...))", outputs=[output, js]))
    body, _ = html_exporter().from_notebook_node(nb)
    assert "<script" not in body
    assert not re.search(r'(?:src|href)="(?:https?:)?//', body)
    assert "onerror=alert" not in body.replace("onerror=alert(1)&gt;", "")
    assert "伪标题" in body and "<h1" not in body.split("伪标题")[0][-40:]
