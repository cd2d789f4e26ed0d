"""plan_<年>.xlsx and 抽查名单_<年>.xlsx as they print and calculate (issue 17 item 6): page set-up,
宋体 throughout, autofilter on the lists, and the chain as live formulas whose cached results
are planlib's figures; LibreOffice recalculates them to the same figures."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest

from office import convert, pdf_pages
from planlib.core.compute import compute
from planlib.core.schedule import plan_schedule
from planlib.io.export import write_tables, write_xlsx
from planlib.text.findings import check
from planlib.text.report import INT, Column, Table


@pytest.fixture(scope="module")
def result(xicheng_plan):
    return compute(xicheng_plan)


@pytest.fixture(scope="module")
def plan_xlsx(result, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "plan_2020.xlsx"
    return write_xlsx(result, check(result), path, plan_schedule(result))


def test_every_sheet_prints_one_page_wide_with_its_titles(plan_xlsx):
    wb = openpyxl.load_workbook(plan_xlsx)
    for ws in wb.worksheets:
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), ws.title
        assert ws.print_title_rows == "$1:$2", ws.title
        assert ws.print_area == f"'{ws.title}'!$A$1:${openpyxl.utils.get_column_letter(ws.max_column)}${ws.max_row}"
        widths = sum(
            ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(1, ws.max_column + 1)
        )
        assert ws.page_setup.orientation == ("landscape" if widths > 95 else "portrait"), ws.title
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.font.name == "宋体", (ws.title, cell.coordinate, cell.font.name)
    assert wb["附件3 月度安排"].page_setup.orientation == "landscape"  # 17 columns
    assert wb["检查安排"].page_setup.orientation == "portrait"


def test_the_chain_is_live_formulas_with_planlibs_figures_cached(plan_xlsx, result):
    formulas = openpyxl.load_workbook(plan_xlsx)["工作日测算"]
    cached = openpyxl.load_workbook(plan_xlsx, data_only=True)["工作日测算"]
    # rows 3–9: per person, total, other, non, inspection, key, general (column C: 工作日)
    assert formulas["C3"].value == 251  # the calendar's count stays a figure
    assert formulas["C4"].value == "=C3*'检查安排'!B8"  # total = per person × the units' officers
    assert formulas["C5"].value == "='其他执法工作日'!H12" and formulas["C6"].value == "='非执法工作日'!H9"
    assert formulas["C7"].value == "=C4-C5-C6"  # inspection = total − other − non
    assert formulas["C8"].value == "='检查安排'!C8*2" and formulas["C9"].value == "=C7-C8"
    assert [cached[f"C{r}"].value for r in range(3, 10)] == [251, 251 * 35, 3090, 4683, 1012, 612, 400]
    other = openpyxl.load_workbook(plan_xlsx)["其他执法工作日"]
    assert other["H12"].value == "=SUM(H3:H11)"  # the category's sum of its nine items
    shares = openpyxl.load_workbook(plan_xlsx)["比例"]
    assert shares["D3"].value == "=ROUND(B3/C3,4)" and shares["B3"].value == "='检查安排'!B8"
    assert openpyxl.load_workbook(plan_xlsx, data_only=True)["比例"]["D3"].value == 0.4217  # 35 ÷ 83
    tasks = openpyxl.load_workbook(plan_xlsx)["附件2 工作日测算"]
    assert tasks["D4"].value == "=D3*'附件1 任务分解'!C8"


def test_a_formula_that_would_not_give_planlibs_figure_is_not_written(tmp_path):
    table = Table(
        "附件1 任务分解",
        "t",
        (Column("重点检查家数", INT), Column("一般检查家数", INT), Column("合计", INT)),
        ((1, 2, 3), (4, 5, 10), (5, 7, 13)),
        total_row=True,
    )  # 4 + 5 is not 10
    ws = openpyxl.load_workbook(write_tables([table], tmp_path / "t.xlsx")).active
    assert ws["C3"].value == "=A3+B3" and ws["C4"].value == 10 and ws["A5"].value == "=SUM(A3:A4)"


def test_a_wide_sheet_of_long_texts_wraps_to_an_a4_landscape_page(tmp_path):
    """A published item list (12 columns of long text) printed one page wide must stay readable:
    its text columns wrap narrower until the sheet is 200 width units wide (A4 landscape at 70%),
    numbers keep their width, and no text column is narrower than its header."""
    long_text = "安全生产许可、隐患排查治理、应急预案与演练、特种作业人员持证上岗情况"  # 35 characters: 72 units wanted (capped at 60)
    columns = (Column("序号", INT), *(Column(f"文字{n}") for n in range(11)))
    table = Table("行政检查计划表", "t", columns, ((1, *([long_text] * 11)),))
    ws = openpyxl.load_workbook(write_tables([table], tmp_path / "t.xlsx")).active
    widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(1, 13)]
    assert widths[0] == 8  # 序号: its wanted width, max(8, 2 + 2)
    assert sum(widths) <= 200 and min(widths[1:]) >= 8
    # eleven equal text columns share the rest equally: (200 − 8) / 11 = 17.45…
    assert max(widths[1:]) - min(widths[1:]) <= 0.1 and abs(widths[1] - 192 / 11) <= 0.1
    assert ws["B3"].alignment.wrap_text
    # 68 units of text in a column of 17.4 (15.4 for text): 5 lines of 15 pt, so nothing is cut off
    assert ws.row_dimensions[3].height == 15 * 5


def _without_results(path, out):
    """A copy whose formulas carry no cached results, so LibreOffice must calculate them."""
    source = zipfile.ZipFile(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb"(</f>)<v>[^<]*</v>", rb"\1<v></v>", data)
            target.writestr(item, data)
    out.write_bytes(buffer.getvalue())
    return out


def _values(path) -> dict[tuple[str, str], object]:
    wb = openpyxl.load_workbook(path, data_only=True)
    return {(ws.title, c.coordinate): c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}


def _formula_cells(path) -> list[tuple[str, str]]:
    wb = openpyxl.load_workbook(path)
    return [
        (ws.title, c.coordinate)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    ]


@pytest.mark.slow
def test_libreoffice_recalculates_every_formula_to_planlibs_figure(plan_xlsx, tmp_path):
    cells = _formula_cells(plan_xlsx)
    assert len(cells) > 60  # the chain, the sums, the row sums, the shares
    expected = _values(plan_xlsx)  # the cached results: planlib's figures
    bare = _without_results(plan_xlsx, tmp_path / "bare.xlsx")
    assert all(_values(bare)[cell] is None for cell in cells)
    recalculated = _values(convert(bare, "xlsx", tmp_path / "calc"))
    for cell in cells:
        assert recalculated[cell] == pytest.approx(expected[cell]), cell
    # an analyst adds an officer to the first unit: the chain follows
    wb = openpyxl.load_workbook(bare)
    wb["检查安排"]["B3"] = wb["检查安排"]["B3"].value + 1
    wb.save(tmp_path / "edited.xlsx")
    edited = _values(convert(tmp_path / "edited.xlsx", "xlsx", tmp_path / "edited"))
    assert edited[("工作日测算", "C4")] == 251 * 36 and edited[("工作日测算", "C7")] == 1012 + 251
    assert edited[("比例", "D3")] == pytest.approx(round(36 / 83, 4))


@pytest.mark.slow
def test_both_workbooks_print_on_at_most_fourteen_pages(plan_xlsx, tmp_path):
    from support import XICHENG, run_planlib

    assert len(pdf_pages(convert(plan_xlsx, "pdf", tmp_path / "plan"))) <= 14
    out = tmp_path / "draw"
    register = XICHENG.parent / "xicheng_2020_register.xlsx"
    assert run_planlib("draw", XICHENG, "--register", register, "--seed", 2020, "--out", out).returncode == 0
    lists = out / "抽查名单_2020.xlsx"
    wb = openpyxl.load_workbook(lists)
    assert wb["重点检查名单"].auto_filter.ref == f"A2:J{2 + 306}"
    assert wb["双随机抽查名单"].auto_filter.ref is not None and wb["抽取记录"].auto_filter.ref is None
    pages = pdf_pages(convert(lists, "pdf", tmp_path / "lists"))
    assert len(pages) <= 14
    first = "\n".join(line.text for line in pages[0])
    assert "名录行号" in first and "分配依据" in first  # all ten columns on the first page
