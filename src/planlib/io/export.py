"""The year's files: ``plan_<year>.xlsx``, ``plan_<year>.md``, ``plan_<year>.docx``, the chart
PNGs, ``results.json`` and the history workbook.

Every file is written whole or not at all (a temporary file beside it, then ``os.replace``),
so an interrupted notebook never leaves half a workbook behind.

- xlsx: one sheet per table of :func:`planlib.text.report.plan_tables`: a title row, a bold
  frozen header row, number and percentage formats, column widths fitted to Chinese text.
  Text that came from the input and begins with ``=``, ``+``, ``-`` or ``@`` is stored as
  text (with Excel's quote prefix), never as a formula.
- docx: the plan text of :func:`planlib.text.report.plan_blocks` in the official style of
  GB/T 9704-2012: A4, margins 37/35/28/26 mm, body 仿宋 3号 (16 pt) with a two-character
  indent and 28 pt lines, first-level headings 黑体, second-level 楷体, third-level 仿宋 bold,
  the title 方正小标宋简体 2号. Chinese font names go into ``w:eastAsia`` (Word picks the font
  of CJK text from that attribute, not from ``w:ascii``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from planlib.core.compute import PlanResult
from planlib.core.history import ItemHistory
from planlib.core.rules import Finding
from planlib.io.contract import json_number, to_contract
from planlib.io.files import write_whole
from planlib.io.names import RESULTS_JSON, history_file, plan_file
from planlib.text.report import (
    BODY,
    DAYS,
    H1,
    H2,
    H3,
    INT,
    NUMBER,
    PERCENT,
    TITLE,
    Table,
    history_table,
    plan_blocks,
    plan_markdown,
    plan_tables,
    text_width,
)

FORMULA_STARTS = ("=", "+", "-", "@")
NUMBER_FORMATS = {INT: "0", DAYS: "General", NUMBER: "0.00", PERCENT: "0.00%"}

# GB/T 9704-2012 fonts (Windows names; WPS and LibreOffice map them too).
FONT_BODY, FONT_H1, FONT_H2, FONT_TITLE = "仿宋", "黑体", "楷体", "方正小标宋简体"
LATIN_FONT = "Times New Roman"
SIZE_BODY, SIZE_TITLE = 16, 22  # 3号 and 2号, in points


def write_text(path: str | os.PathLike, text: str) -> Path:
    return write_whole(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_json(path: str | os.PathLike, data) -> Path:
    return write_text(path, json.dumps(data, ensure_ascii=False, indent=2, default=json_number) + "\n")


# ---------------------------------------------------------------- xlsx


def _put_text_safely(cell, value) -> None:
    """Store ``value``; text that a spreadsheet would read as a formula stays text."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def _add_sheet(wb, table: Table) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(table.name[:31])
    columns = table.columns
    last = get_column_letter(len(columns))
    _put_text_safely(ws.cell(row=1, column=1), table.title)
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    ws.merge_cells(f"A1:{last}1")
    thin = Side(style="thin", color="A6A6A6")
    border = Border(top=thin, bottom=thin, left=thin, right=thin)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for c, column in enumerate(columns, 1):
        cell = ws.cell(row=2, column=c)
        _put_text_safely(cell, column.name)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, row in enumerate(table.rows, 3):
        total = table.total_row and r == len(table.rows) + 2
        for c, (value, column) in enumerate(zip(row, columns, strict=False), 1):
            cell = ws.cell(row=r, column=c)
            if column.kind in NUMBER_FORMATS and value is not None and not isinstance(value, str):
                cell.value = int(value) if column.kind == INT else float(value)
                cell.number_format = NUMBER_FORMATS[column.kind]
            else:
                _put_text_safely(cell, value)
                cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = border
            if total:
                cell.font = Font(bold=True)
    ws.freeze_panes = "A3"  # title and header rows stay in view
    shown = table.shown_rows()  # as the number formats display them: widths fit the text
    for c, column in enumerate(columns, 1):
        widest = max([text_width(column.name)] + [text_width(row[c - 1]) for row in shown])
        ws.column_dimensions[get_column_letter(c)].width = min(60, max(8, widest + 2))
    ws.print_title_rows = "1:2"


def write_tables(tables: list[Table], path: str | os.PathLike) -> Path:
    """An .xlsx with one formatted sheet per table."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for table in tables:
        _add_sheet(wb, table)
    return write_whole(path, lambda tmp: wb.save(tmp))


def write_xlsx(result: PlanResult, findings: list[Finding], path: str | os.PathLike) -> Path:
    return write_tables(list(plan_tables(result, findings).values()), path)


# ---------------------------------------------------------------- docx


def _set_fonts(rpr_owner, east_asia: str, size: float | None = None, bold: bool | None = None) -> None:
    """Set a style's or run's fonts: Latin and East Asian, without theme fonts overriding them."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    font = rpr_owner.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = rpr_owner.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:eastAsia"), east_asia)


def _paragraph_format(style, *, indent: bool, align=None, before: float = 0, after: float = 0) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.first_line_indent = Pt(2 * SIZE_BODY) if indent else Pt(0)
    if align is not None:
        fmt.alignment = align


def _gbt9704_styles(doc) -> dict[str, str]:
    """Style the document's Normal, Title and Heading 1–3 per GB/T 9704; returns block kind → style."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    styles = doc.styles
    normal = styles["Normal"]
    _set_fonts(normal, FONT_BODY, SIZE_BODY)
    _paragraph_format(normal, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    spec = {
        TITLE: ("Title", FONT_TITLE, SIZE_TITLE, False, WD_ALIGN_PARAGRAPH.CENTER),
        H1: ("Heading 1", FONT_H1, SIZE_BODY, False, None),
        H2: ("Heading 2", FONT_H2, SIZE_BODY, False, None),
        H3: ("Heading 3", FONT_BODY, SIZE_BODY, True, None),
    }
    names = {BODY: "Normal"}
    for kind, (name, font, size, bold, align) in spec.items():
        style = styles[name]
        _set_fonts(style, font, size, bold)
        _paragraph_format(style, indent=kind != TITLE, align=align, after=SIZE_BODY if kind == TITLE else 0)
        if kind == TITLE:  # Word's Title style draws a rule under the text; an official title has none
            ppr = style.element.get_or_add_pPr()
            for border in ppr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr"):
                ppr.remove(border)
        names[kind] = name
    return names


def _page_setup(doc) -> None:
    from docx.shared import Mm

    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        _page_number(section.footer.paragraphs[0])


def _page_number(paragraph) -> None:
    """``— 1 —`` centred in the footer, 宋体 4号 (GB/T 9704 §7.5)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = 0

    def run(text: str = ""):
        r = paragraph.add_run(text)
        _set_fonts(r, "宋体", 14)
        return r

    run("— ")
    field = run()
    for tag, attrs, text in (("w:fldChar", {"w:fldCharType": "begin"}, None),
                             ("w:instrText", {"xml:space": "preserve"}, " PAGE "),
                             ("w:fldChar", {"w:fldCharType": "end"}, None)):
        el = OxmlElement(tag)
        for k, v in attrs.items():
            el.set(qn(k), v)
        if text:
            el.text = text
        field._r.append(el)
    run(" —")


def write_docx(result: PlanResult, path: str | os.PathLike) -> Path:
    """The plan text (sections 四 to 六) as an official-style Word document."""
    import docx

    doc = docx.Document()
    names = _gbt9704_styles(doc)
    _page_setup(doc)
    plan = result.plan
    doc.core_properties.title = f"{plan.authority}{plan.year}年度安全生产监督检查计划"
    doc.core_properties.author = plan.authority
    for block in plan_blocks(result):
        doc.add_paragraph(block.text, style=names[block.kind])
    return write_whole(path, lambda tmp: doc.save(tmp))


# ---------------------------------------------------------------- the year's files


def write_documents(result: PlanResult, findings: list[Finding], out_dir: str | os.PathLike) -> list[Path]:
    """The plan's documents: ``plan_<year>.xlsx``, ``.md``, ``.docx`` and ``results.json``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    year = result.plan.year
    return [
        write_xlsx(result, findings, out / plan_file(year, ".xlsx")),
        write_text(out / plan_file(year, ".md"), plan_markdown(result)),
        write_docx(result, out / plan_file(year, ".docx")),
        write_json(out / RESULTS_JSON, to_contract(result, findings)),
    ]


def write_history_table(plan, histories: tuple[ItemHistory, ...], out_dir: str | os.PathLike) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return write_tables([history_table(histories)], out / history_file(plan.year))
