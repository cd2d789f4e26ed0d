"""The year's files: ``plan_<year>.xlsx``, ``plan_<year>.md``, ``plan_<year>.docx``, the chart
PNGs, ``results.json`` and the history workbook.

Every file is written whole or not at all (a temporary file beside it, then ``os.replace``),
so an interrupted notebook never leaves half a workbook behind.

- xlsx: one sheet per table of :func:`planlib.text.report.plan_tables`: a title row, a bold
  frozen header row, number and percentage formats, column widths fitted to Chinese text.
  Text that came from the input and begins with ``=``, ``+``, ``-`` or ``@`` is stored as
  text (with Excel's quote prefix), never as a formula.
- docx: the whole filed plan (:func:`planlib.text.document.document_blocks`), written on the
  styled reference document ``planlib/io/templates/gbt9704.docx`` (built by
  ``scripts/build_docx_style.py``: GB/T 9704-2012 fonts, sizes, margins, the 22 × 28 grid and
  the "— 1 —" page numbers live there, not in code here): the main text, the 署名/成文日期
  block, then each attachment on a new page (landscape when its table is wide) headed 附件N,
  its table a real Word table with a repeated header row, then optional chart figures and
  the 版记 (抄送).
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

from planlib.config import DOCX_STYLE
from planlib.core.compute import PlanResult
from planlib.core.history import ItemHistory
from planlib.core.rules import Finding
from planlib.core.schedule import Schedule, plan_schedule
from planlib.io.contract import json_number, to_contract
from planlib.io.files import write_whole
from planlib.io.names import PLAN_CHARTS, RESULTS_JSON, chart_file, history_file, plan_file
from planlib.io.xlsxio.save import import_openpyxl_without_numpy
from planlib.text.document import (
    ATTACHMENT_NOTE,
    CHART_CAPTIONS,
    COPIES,
    DATE,
    DOC_NUMBER,
    RECIPIENTS,
    SIGNATURE,
    UNIT_SEP,
    attachments,
    document_blocks,
    plan_markdown,
)
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
    plan_tables,
    plan_title,
    text_width,
)

FORMULA_STARTS = ("=", "+", "-", "@")
NUMBER_FORMATS = {INT: "0", DAYS: "General", NUMBER: "0.00", PERCENT: "0.00%"}


def write_text(path: str | os.PathLike, text: str) -> Path:
    return write_whole(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_json(path: str | os.PathLike, data) -> Path:
    return write_text(path, json.dumps(data, ensure_ascii=False, indent=2, default=json_number) + "\n")


# ---------------------------------------------------------------- xlsx


def _put_text_safely(cell, value) -> None:
    """Store ``value``; text that a spreadsheet would read as a formula stays text, and a control
    character no .xlsx may hold (a register name pasted with \x01) shows as U+FFFD."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
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
    import_openpyxl_without_numpy()
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the new workbook's one empty sheet
    for table in tables:
        _add_sheet(wb, table)
    return write_whole(path, lambda tmp: wb.save(tmp))


def write_xlsx(
    result: PlanResult, findings: list[Finding], path: str | os.PathLike, schedule: Schedule | None = None
) -> Path:
    """The plan's tables, then its three attachments (附件1–3) as sheets."""
    tables = list(plan_tables(result, findings).values()) + [a.table for a in attachments(result, schedule)]
    return write_tables(tables, path)


# ---------------------------------------------------------------- docx

# Block kind → paragraph style of the reference document (scripts/build_docx_style.py).
DOCX_STYLES = {
    TITLE: "Title",
    H1: "Heading 1",
    H2: "Heading 2",
    H3: "Heading 3",
    BODY: "Normal",
    DOC_NUMBER: "发文字号",
    RECIPIENTS: "主送",
    ATTACHMENT_NOTE: "附件说明",
    SIGNATURE: "署名",
    DATE: "成文日期",
    COPIES: "版记",
}
FIRST_NOTE_OUTDENT = 3  # "附件：" sits three characters left of the names aligned under it
EDGE = 2  # 署名 and 成文日期 keep two characters from the right edge (GB/T 9704 §7.3.5.2)


def char_width(text: str) -> Fraction:
    """Width in body characters: a Chinese character is one, a digit or Latin letter half."""
    return sum((Fraction(1) if unicodedata.east_asian_width(c) in "WFA" else Fraction(1, 2) for c in text), Fraction(0))


def signature_indents(signature: str, date: str | None) -> tuple[Fraction, Fraction]:
    """Right indents, in characters, of the 署名 and the 成文日期 of a document without a seal
    (GB/T 9704 §7.3.5.2): the 署名 two characters from the right; the date on the next line,
    its first character two to the right of the 署名's first; a date too long for that is put
    two from the right and the 署名 moved left to keep the two-character step."""
    sig = char_width(signature)
    if date is None:
        return Fraction(EDGE), Fraction(EDGE)
    when = char_width(date)
    if sig - when >= EDGE:  # the date starts two characters in from the 署名's start
        return Fraction(EDGE), sig - when
    return when - sig + 2 * EDGE, Fraction(EDGE)


def _docx_table(doc, table: Table) -> None:
    """A Word table: a header row (two rows where columns are grouped as 单位·重点), body rows
    centred in 表格文字, the total row bold; repeated header rows on every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    headers = table.headers
    grouped = any(UNIT_SEP in h for h in headers)
    header_rows = 2 if grouped else 1
    shown = table.shown_rows()
    t = doc.add_table(rows=header_rows + len(shown), cols=len(headers))
    t.style = doc.styles["Table Grid"]
    t.alignment = 1  # centred on the page

    def put(cell, text, bold=False) -> None:
        p = cell.paragraphs[0]
        p.style = doc.styles["表格文字"]
        run = p.add_run("" if text is None else str(text))
        run.bold = bold or None

    if grouped:
        c = 0
        while c < len(headers):
            group, _, part = headers[c].partition(UNIT_SEP)
            if not part:
                put(t.cell(0, c).merge(t.cell(1, c)), group, True)
                c += 1
                continue
            span = c
            while span + 1 < len(headers) and headers[span + 1].partition(UNIT_SEP)[0] == group:
                span += 1
            put(t.cell(0, c).merge(t.cell(0, span)) if span > c else t.cell(0, c), group, True)
            for k in range(c, span + 1):
                put(t.cell(1, k), headers[k].partition(UNIT_SEP)[2], True)
            c = span + 1
    else:
        for c, h in enumerate(headers):
            put(t.cell(0, c), h, True)
    for r in range(header_rows):  # repeat the header on every page the table runs to
        trpr = t.rows[r]._tr.get_or_add_trPr()
        el = OxmlElement("w:tblHeader")
        el.set(qn("w:val"), "true")
        trpr.append(el)
    last = len(shown) - 1
    for r, row in enumerate(shown):
        for c, value in enumerate(row):
            put(t.cell(header_rows + r, c), value, table.total_row and r == last)


def _new_section(doc, landscape: bool):
    from docx.enum.section import WD_ORIENT, WD_SECTION

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    portrait = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = portrait.page_height, portrait.page_width
        section.top_margin, section.bottom_margin = portrait.left_margin, portrait.right_margin
        section.left_margin, section.right_margin = portrait.top_margin, portrait.bottom_margin
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = portrait.page_width, portrait.page_height
        section.top_margin, section.bottom_margin = portrait.top_margin, portrait.bottom_margin
        section.left_margin, section.right_margin = portrait.left_margin, portrait.right_margin
    return section


BODY_PT, LINE_TWIPS = 16, 579  # 3号 and the grid's line pitch (scripts/build_docx_style.py)
WIDE_TABLE_COLUMNS = 9  # a table with more columns goes on a landscape page


def write_docx(
    result: PlanResult,
    path: str | os.PathLike,
    schedule: Schedule | None = None,
    figures: Sequence[tuple[str, str | os.PathLike]] = (),
) -> Path:
    """The filed plan as a GB/T 9704 Word document on the styled reference document
    (:data:`planlib.config.DOCX_STYLE`): the main text, then each attachment on a new page
    headed 附件N with its table, then ``figures`` ((caption, PNG) pairs) if any, then 版记."""
    import docx
    from docx.shared import Mm, Pt, Twips

    doc = docx.Document(str(DOCX_STYLE))
    plan = result.plan
    doc.core_properties.title = plan_title(result)
    doc.core_properties.author = plan.signature or plan.authority
    blocks = document_blocks(result)
    copies = [b for b in blocks if b.kind == COPIES]
    signature = next((b.text for b in blocks if b.kind == SIGNATURE), "")
    date = next((b.text for b in blocks if b.kind == DATE), None)
    indents = dict(zip((SIGNATURE, DATE), signature_indents(signature, date), strict=True))
    first_note = True
    for b in blocks:
        if b.kind == COPIES:
            continue
        p = doc.add_paragraph(b.text, style=DOCX_STYLES[b.kind])
        if b.kind in indents:
            p.paragraph_format.right_indent = Pt(float(indents[b.kind]) * BODY_PT)
        if b.kind == ATTACHMENT_NOTE and first_note:  # "附件：1.…": the names align under "1."
            p.paragraph_format.first_line_indent = Pt(-FIRST_NOTE_OUTDENT * BODY_PT)
            p.paragraph_format.space_before = Twips(LINE_TWIPS)  # one blank line under the body
            first_note = False
    for a in attachments(result, schedule):
        _new_section(doc, landscape=len(a.table.columns) > WIDE_TABLE_COLUMNS)
        doc.add_paragraph(a.label, style="附件标签")
        doc.add_paragraph(a.table.title, style="附件标题")
        _docx_table(doc, a.table)
        for note in a.notes:
            doc.add_paragraph(note, style="表注")
    for n, (caption, png) in enumerate(figures, 1):
        _new_section(doc, landscape=False)
        doc.add_paragraph(f"附图{n}", style="附件标签")
        doc.add_paragraph(caption, style="附件标题")
        doc.add_picture(str(png), width=Mm(150))
        doc.paragraphs[-1].style = doc.styles["表格文字"]
    for b in copies:
        doc.add_paragraph(b.text, style=DOCX_STYLES[COPIES])
    return write_whole(path, lambda tmp: doc.save(str(tmp)))


# ---------------------------------------------------------------- the year's files


def write_documents(
    result: PlanResult,
    findings: list[Finding],
    out_dir: str | os.PathLike,
    figures: Sequence[tuple[str, str | os.PathLike]] = (),
) -> list[Path]:
    """The plan's documents: ``plan_<year>.xlsx``, ``.md``, ``.docx`` and ``results.json``;
    ``figures`` ((caption, PNG) pairs) go into the .docx after the attachments."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    year = result.plan.year
    schedule = plan_schedule(result)  # once, for the attachment, the workbook and the JSON
    if not figures and result.plan.document_charts:  # the charts the run saved beside the documents
        figures = [
            (CHART_CAPTIONS[stem], out / chart_file(stem)) for stem in PLAN_CHARTS if (out / chart_file(stem)).is_file()
        ]
    return [
        write_xlsx(result, findings, out / plan_file(year, ".xlsx"), schedule),
        write_text(out / plan_file(year, ".md"), plan_markdown(result, schedule)),
        write_docx(result, out / plan_file(year, ".docx"), schedule, figures),
        write_json(out / RESULTS_JSON, to_contract(result, findings, schedule)),
    ]


def write_history_table(plan, histories: tuple[ItemHistory, ...], out_dir: str | os.PathLike) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return write_tables([history_table(histories)], out / history_file(plan.year))
