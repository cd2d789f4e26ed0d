"""The year's files: the formatted workbook, the GB/T 9704 Word document, Markdown, JSON."""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import replace

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from planlib.app import package
from planlib.core.compute import compute
from planlib.io import export
from planlib.io.contract import to_contract
from planlib.io.files import write_whole
from planlib.text.document import plan_markdown
from planlib.text.findings import check


@pytest.fixture(scope="module")
def result(xicheng_plan):
    return compute(xicheng_plan)


@pytest.fixture(scope="module")
def workbook(result, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "plan_2020.xlsx"
    export.write_xlsx(result, check(result), path)
    return openpyxl.load_workbook(path, data_only=True)  # the figures as shown (the chain is live formulas)


def test_xlsx_sheets_and_figures(workbook):
    assert workbook.sheetnames == [
        "工作日测算",
        "其他执法工作日",
        "非执法工作日",
        "检查安排",
        "比例",
        "规则检查",
        "附件1 任务分解",
        "附件2 工作日测算",
        "附件3 月度安排",
    ]
    chain = workbook["工作日测算"]
    assert chain["A1"].value == "2020年度行政执法工作日测算"
    assert [c.value for c in chain[2]] == ["项目", "计算式", "工作日"]
    assert [chain.cell(row=r, column=3).value for r in range(3, 10)] == [251, 8785, 3090, 4683, 1012, 612, 400]
    assert chain["B7"].value == "8785-3090-4683"
    units = workbook["检查安排"]
    assert [c.value for c in units[2]] == ["执法单位", "执法人员数", "重点检查家数", "一般检查家数", "合计"]
    assert [c.value for c in units[8]] == ["合计", 35, 306, 200, 506]
    assert units["A8"].font.bold


def test_xlsx_formats_and_frozen_headers(workbook):
    for ws in workbook.worksheets:
        assert ws.freeze_panes == "A3", ws.title  # title row and header row stay in view
        assert all(c.font.bold for c in ws[2] if c.value), ws.title
        for col in range(1, ws.max_column + 1):
            letter = openpyxl.utils.get_column_letter(col)
            header = ws.cell(row=2, column=col).value or ""
            # a Chinese character is two columns wide, a digit one
            wide = sum(2 if ord(c) > 0x2E80 else 1 for c in header)
            assert ws.column_dimensions[letter].width >= wide, (ws.title, header)
    assert workbook["工作日测算"]["C4"].number_format == "0"
    shares = workbook["比例"]
    rows = {row[0].value: row for row in shares.iter_rows(min_row=3)}
    key = rows["重点检查占计划检查"][3]
    assert key.value == pytest.approx(0.6047) and key.number_format == "0.00%"
    assert rows["执法人员占在册定编人员"][3].value == pytest.approx(0.4217)
    items = workbook["其他执法工作日"]
    long_text = items.column_dimensions["G"].width  # 测算过程
    assert long_text >= 40


def test_text_that_looks_like_a_formula_stays_text(xicheng_plan, tmp_path):
    hostile = {
        "unit": '=HYPERLINK("http://example.com/x","点我")',
        "item": "+SUM(1,2)",
        "note": "-2+3",
        "other": "@cmd",
    }
    units = (replace(xicheng_plan.units[0], name=hostile["unit"]),) + xicheng_plan.units[1:]
    items = list(xicheng_plan.items)
    items[0] = replace(items[0], name=hostile["item"], note=hostile["note"])
    items[1] = replace(items[1], name=hostile["other"])
    r = compute(xicheng_plan.with_changes(units=units, items=tuple(items)))
    path = export.write_xlsx(r, check(r), tmp_path / "plan.xlsx")

    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        # the chain's own formulas (references, SUM, ROUND) only: none from the input's text
        written = [f.decode() for n in sheets for f in re.findall(rb"<f>(.*?)</f>", z.read(n))]
        assert sheets and written and not [f for f in written if re.search(r"[a-z\"@]", f)]
        assert not any(word in f for f in written for word in ("HYPERLINK", "SUM(1,2)", "cmd")), "a formula was written"
    wb = openpyxl.load_workbook(path)
    found = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in hostile.values():
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
                    found[cell.value] = cell
    assert set(found) == set(hostile.values())


@pytest.mark.slow
def test_docx_follows_gbt_9704(result, tmp_path):
    path = export.write_docx(result, tmp_path / "plan_2020.docx")
    doc = docx.Document(path)

    def east_asia(style_name: str) -> str:
        fonts = doc.styles[style_name].element.rPr.rFonts
        assert fonts.get(qn("w:asciiTheme")) is None and fonts.get(qn("w:eastAsiaTheme")) is None
        return fonts.get(qn("w:eastAsia"))

    assert east_asia("Normal") == "仿宋" and doc.styles["Normal"].font.size == Pt(16)  # 3号
    assert east_asia("Title") == "方正小标宋简体" and doc.styles["Title"].font.size == Pt(22)  # 2号
    assert east_asia("Heading 1") == "黑体" and doc.styles["Heading 1"].font.size == Pt(16)
    assert east_asia("Heading 2") == "楷体"
    assert east_asia("Heading 3") == "仿宋" and doc.styles["Heading 3"].font.bold
    assert east_asia("附件标签") == "黑体"
    assert not doc.styles["Heading 1"].font.italic
    assert doc.styles["Normal"].paragraph_format.first_line_indent == Pt(32)  # two characters

    by_style = {}
    for p in doc.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    # the reference plan's eight sections (data/reference/xicheng-2020-plan.txt)
    assert by_style["Heading 1"] == [
        "一、指导思想",
        "二、工作目标",
        "三、主要任务",
        "四、行政执法工作日测算",
        "五、监督检查主体及管理对象基数",
        "六、监督检查安排及职责分工",
        "七、监督检查的主要内容、方式和要求",
        "八、工作要求",
    ]
    assert by_style["Title"] == ["北京市西城区应急管理局", "2020年度安全生产监督检查计划"]
    assert "（一）总法定工作日：8785个工作日" in by_style["Heading 2"]
    assert "总法定工作日=国家法定工作日×执法人员数量=251×35=8785个工作日。" in by_style["Normal"]
    body = "\n".join(by_style["Normal"])
    for figure in ("366-104-11=251", "8785-3090-4683=1012", "42.17%", "5.9%", "60.47%", "39.53%"):
        assert figure in body
    assert by_style["署名"] == ["北京市西城区应急管理局"]
    assert by_style["附件标签"] == ["附件1", "附件2", "附件3"]

    section = doc.sections[0]
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm, 1) for m in margins] == [37, 35, 28, 26]  # stored in twips
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    # 版心 156 × 225 mm: 22 lines of 28 characters (GB/T 9704 §5.2.2)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"  # a character grid makes LibreOffice give a 3号 character two cells
    assert int(grid.get(qn("w:linePitch"))) == int(225 / 25.4 * 1440 / 22)  # 579 twips, so that 22 lines fit
    # the document defaults are the body's (Word, WPS and LibreOffice size the grid from them)
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:sz")).get(qn("w:val")) == "32"  # 3号, 16 pt
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    condensed = int(defaults.find(qn("w:spacing")).get(qn("w:val"))) / 20  # points
    line = 156 / 25.4 * 72  # points
    assert 28 * (16 + condensed) <= line < 29 * (16 + condensed)  # 28 characters to the line, not 29
    assert line < 28 * 16  # without the condensing they would not fit
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        p = footer.paragraphs[0]
        assert "PAGE" in p._p.xml and p.text.startswith("— ") and p.text.endswith(" —")
        assert p.style.font.size == Pt(14)  # 4号
        assert p.style.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
        assert p.alignment == {"right": 2, "left": 0}[align]  # odd pages right, even pages left
    # every attachment begins a new section on a new page
    assert len(doc.sections) == 4 and all(s.start_type == 2 for s in doc.sections[1:])  # WD_SECTION.NEW_PAGE


@pytest.mark.slow
def test_plan_files_are_complete(result, tmp_path):
    findings = check(result)
    paths = package.write_plan_files(result, findings, tmp_path / "out")
    names = sorted(p.name for p in paths)
    assert names == sorted(
        [
            "plan_2020.xlsx",
            "plan_2020.md",
            "plan_2020.docx",
            "results.json",
            "chart_waterfall.png",
            "chart_other_enforcement.png",
            "chart_non_enforcement.png",
            "chart_units.png",
            "chart_schedule.png",
        ]
    )
    out = tmp_path / "out"
    assert (out / "plan_2020.md").read_text(encoding="utf-8") == plan_markdown(result)
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(to_contract(result, findings)))
    assert data["total_workdays"] == 8785 and data["inspections"]["total"] == 506
    assert data["shares"]["key"] == 0.6047
    assert sorted(p.name for p in out.iterdir()) == names  # no temporary files left behind
    assert len(docx.Document(out / "plan_2020.docx").inline_shapes) == 0  # charts are opt-in


@pytest.mark.slow
def test_charts_as_figures_in_the_docx(result, tmp_path):
    with_charts = compute(result.plan.with_changes(document_charts=True))
    package.write_plan_files(with_charts, check(with_charts), tmp_path)
    doc = docx.Document(tmp_path / "plan_2020.docx")
    assert len(doc.inline_shapes) == 5  # the five plan charts
    labels = [p.text for p in doc.paragraphs if p.style.name == "附件标签"]
    assert labels == ["附件1", "附件2", "附件3", "附图1", "附图2", "附图3", "附图4", "附图5"]
    titles = [p.text for p in doc.paragraphs if p.style.name == "附件标题"]
    assert titles[3:] == [
        "行政执法工作日测算",
        "其他执法工作日构成",
        "非执法工作日构成",
        "各执法单位检查任务",
        "月度检查安排",
    ]


@pytest.mark.slow
def test_history_files(result, tmp_path):
    from planlib.core.history import plan_history

    paths = package.write_history_files(result, plan_history(result.plan), tmp_path)
    assert [p.name for p in paths] == ["history_2020.xlsx", "chart_history.png"]
    ws = openpyxl.load_workbook(paths[0])["三年历史"]
    headers = [c.value for c in ws[2]]
    assert headers[:6] == ["类别", "项目", "测算方法", "2017年", "2018年", "2019年"]
    assert [c.value for c in ws[3]][:6] == ["其他执法", "开展安全生产综合监管", "三年人均", 611, 594, 592]


def test_write_whole_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "plan.md"
    target.write_text("previous", encoding="utf-8")

    def half_then_fail(tmp):
        tmp.write_text("half", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_whole(target, half_then_fail)
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]


def test_a_missing_folder_names_the_users_file_not_the_temporary(tmp_path):
    from planlib.errors import from_os_error

    target = tmp_path / "没有的目录" / "plan_2020.md"
    with pytest.raises(OSError) as caught:
        export.write_text(target, "text")
    line = str(from_os_error(caught.value))
    assert "plan_2020.md" in line and ".tmp" not in line


@pytest.mark.parametrize(
    "signature, date, expected",
    [
        # 11 characters; "2020年3月1日" is 3 Chinese + 6 half-width digits = 6: the date starts two
        # characters right of the 署名's first, so it ends 11 − 6 = 5 characters from the edge
        ("北京市西城区应急管理局", "2020年3月1日", (2, 5)),
        # 3 characters and "2020年12月31日" (3 + 8 digits = 7): the date two from the edge, the 署名
        # moved left so that it still starts two characters before the date: 7 − 3 + 4 = 8
        ("某某局", "2020年12月31日", (8, 2)),
        ("北京市西城区应急管理局", None, (2, 2)),
    ],
)
def test_signature_and_date_indents(signature, date, expected):
    assert export.signature_indents(signature, date) == expected


@pytest.mark.slow
def test_the_signature_block_in_the_docx(result, tmp_path):
    plan = result.plan.with_changes(doc_date="2020年3月1日", copies="市应急管理局")
    doc = docx.Document(export.write_docx(compute(plan), tmp_path / "p.docx"))
    by_style = {p.style.name: p for p in doc.paragraphs}
    assert by_style["署名"].text == "北京市西城区应急管理局"
    assert by_style["署名"].paragraph_format.right_indent == Pt(32)
    assert by_style["成文日期"].text == "2020年3月1日" and by_style["成文日期"].paragraph_format.right_indent == Pt(80)
    assert doc.paragraphs[-1].text == "抄送：市应急管理局。" and doc.paragraphs[-1].style.name == "版记"
    note = next(p for p in doc.paragraphs if p.style.name == "附件说明")
    assert note.text.startswith("附件：1.") and note.paragraph_format.first_line_indent == Pt(-48)


def test_cell_styles_are_copied_per_combination_and_stay_apart():
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from planlib.io.export import CellStyles

    ws = Workbook().active
    plain, bold, top = Font(name="宋体", size=11), Font(name="宋体", size=11, bold=True), Alignment(wrap_text=True)
    styled = CellStyles()
    a, b, c = ws["A1"], ws["A2"], ws["A3"]
    styled(a, font=plain, alignment=top)
    styled(b, font=plain, alignment=top)  # copied from a
    styled(c, font=bold, number_format="0")
    assert b.font == plain and b.alignment.wrap_text and b.number_format == "General"
    assert c.font.bold and c.number_format == "0" and not c.alignment.wrap_text
    b.quotePrefix = True  # a change to one copy leaves the others as they were
    assert not a.quotePrefix
