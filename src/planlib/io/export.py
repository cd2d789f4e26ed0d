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
import math
import os
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

from planlib.config import DOCX_STYLE
from planlib.core.compute import PlanResult
from planlib.core.history import ItemHistory
from planlib.core.register import KeyAssignment
from planlib.core.rules import Finding
from planlib.core.schedule import Schedule, plan_schedule
from planlib.io.contract import json_number, to_contract
from planlib.io.docx_table import char_width, column_twips, fit_widths, fits, layout_table, printed_height, row_lines
from planlib.io.files import write_whole
from planlib.io.names import PLAN_CHARTS, RESULTS_JSON, chart_file, history_file, plan_file
from planlib.io.xlsx_formulas import Book, formulas
from planlib.io.xlsxio.save import import_openpyxl_without_numpy
from planlib.text.document import (
    ATTACHMENT_NOTE,
    CHART_CAPTIONS,
    COPIES,
    DATE,
    DOC_NUMBER,
    IMPRINT,
    ORGAN_MARK,
    PLAN_LABEL,
    RECIPIENTS,
    SEPARATOR,
    SIGNATURE,
    UNIT_SEP,
    Attachment,
    attachments,
    document_blocks,
    plan_markdown,
    schedule_parts,
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


class CellStyles:
    """Cell styles set once per distinct combination and copied after that.

    Setting ``cell.font`` (or border, alignment, number format) makes openpyxl hash the style
    object against the workbook's style lists; over the 20,000 cells of a batch summary that was
    most of the sheet's cost. The first cell of each combination is styled through the public
    setters; the others get a copy of its style indices (openpyxl's ``StyleArray``: the usual way
    to copy a cell's style; tests/test_export.py checks the copies stay apart)."""

    def __init__(self) -> None:
        self._done: dict[tuple, object] = {}

    def __call__(self, cell, **style) -> None:
        from copy import copy

        key = tuple((name, id(value) if not isinstance(value, str) else value) for name, value in style.items())
        known = self._done.get(key)
        if known is None:
            for name, value in style.items():
                setattr(cell, name, value)
            self._done[key] = copy(cell._style)
        else:
            cell._style = copy(known)


FONT_NAME = "宋体"  # every cell, so the sheets print in a Chinese font (not Calibri) in Excel, WPS, LibreOffice
PORTRAIT_WIDTH = 95  # column-width units an A4 portrait page holds; wider sheets print landscape
ROW_POINTS = 15  # the height of one line of 11 pt text in a row


def wrapped_lines(value: object, width: float) -> int:
    """How many lines a cell's text takes in a column ``width`` units wide (a Chinese character
    is two units; two units of the width go to the cell's padding and a wider fallback font)."""
    return max(1, math.ceil(text_width(value) / max(1.0, width - 2))) if value not in (None, "") else 1


# The widest a sheet gets: fitted one page wide on A4 landscape (about 140 units at full size) it
# prints at 70% or more. A wider sheet's text columns wrap narrower instead of the page shrinking.
WIDEST_SHEET = 200


def sheet_widths(wanted: Sequence[int], least: Sequence[int], numeric: Sequence[bool]) -> list[float]:
    """Column widths of a sheet: as wanted while the sheet is at most WIDEST_SHEET wide; otherwise
    the widest text columns wrap narrower, down to ``least`` (their header's width), numbers keeping
    theirs, so that a 12-column list of long texts prints readable, not shrunk to a quarter."""
    if sum(wanted) <= WIDEST_SHEET:
        return [float(w) for w in wanted]
    floors = [Fraction(w if n else min(w, lo)) for w, lo, n in zip(wanted, least, numeric, strict=True)]
    fitted = fit_widths([Fraction(w) for w in wanted], floors, Fraction(WIDEST_SHEET))
    return [math.floor(w * 10) / 10 for w in fitted]


def _add_sheet(wb, table: Table, book: Book, filtered: bool = False) -> dict[str, Fraction]:
    """One formatted sheet; returns the cached results of its formulas by cell (see _cache)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    ws = wb.create_sheet(table.name[:31])
    columns = table.columns
    last = get_column_letter(len(columns))
    plain, bold = Font(name=FONT_NAME, size=11), Font(name=FONT_NAME, size=11, bold=True)
    _put_text_safely(ws.cell(row=1, column=1), table.title)
    ws.cell(row=1, column=1).font = Font(name=FONT_NAME, bold=True, size=13)
    ws.merge_cells(f"A1:{last}1")
    thin = Side(style="thin", color="A6A6A6")
    border = Border(top=thin, bottom=thin, left=thin, right=thin)
    fill = PatternFill("solid", fgColor="DDEBF7")
    header = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for c, column in enumerate(columns, 1):
        cell = ws.cell(row=2, column=c)
        _put_text_safely(cell, column.name)
        cell.font, cell.fill, cell.border, cell.alignment = bold, fill, border, header
    styled = CellStyles()
    top = Alignment(vertical="top", wrap_text=True)
    live = {(f.row, f.column): f for f in formulas(table, book)}
    cached: dict[str, Fraction] = {}
    for r, row in enumerate(table.rows, 3):
        total = table.total_row and r == len(table.rows) + 2
        for c, (value, column) in enumerate(zip(row, columns, strict=False), 1):
            cell = ws.cell(row=r, column=c)
            if column.kind in NUMBER_FORMATS and value is not None and not isinstance(value, str):
                formula = live.get((r - 3, c - 1))
                if formula is not None:  # live: the spreadsheet recalculates it, showing planlib's figure
                    cell.value = f"={formula.text}"
                    cached[cell.coordinate] = formula.value
                else:
                    cell.value = int(value) if column.kind == INT else float(value)
                styled(cell, font=bold if total else plain, border=border, number_format=NUMBER_FORMATS[column.kind])
            else:
                styled(cell, font=bold if total else plain, border=border, alignment=top)
                _put_text_safely(cell, value)  # after the style: it may set the cell's quote prefix
    ws.freeze_panes = "A3"  # title and header rows stay in view
    shown = table.shown_rows()  # as the number formats display them: widths fit the text
    wanted = [
        min(60, max(8, max([text_width(column.name)] + [text_width(row[c]) for row in shown]) + 2))
        for c, column in enumerate(columns)
    ]
    least = [max(8, text_width(column.name)) for column in columns]
    widths = sheet_widths(wanted, least, [column.kind in NUMBER_FORMATS for column in columns])
    for c, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, cells in enumerate(shown, 3):  # a wrapped row is as tall as its longest cell (no program grows it)
        lines = max((wrapped_lines(value, width) for value, width in zip(cells, widths, strict=False)), default=1)
        if lines > 1:
            ws.row_dimensions[r].height = ROW_POINTS * lines
    # printing: title rows on every page, one page wide, upright or across by the sheet's width
    ws.print_title_rows = "1:2"
    ws.print_area = f"A1:{last}{len(table.rows) + 2}"
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sum(widths) > PORTRAIT_WIDTH else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_options.horizontalCentered = True
    if filtered and table.rows:  # a list: filter and sort by any column
        ws.auto_filter.ref = f"A2:{last}{len(table.rows) + 2}"
    return cached


def _cache(data: bytes, cached: list[dict[str, Fraction]]) -> bytes:
    """The saved workbook with each formula's result stored beside it (openpyxl writes formulas
    without one; Excel, WPS and LibreOffice then show the figures as soon as the file opens)."""
    import io
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            part = source.read(item.filename)
            m = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", item.filename)
            if m and int(m.group(1)) <= len(cached) and cached[int(m.group(1)) - 1]:
                values = cached[int(m.group(1)) - 1]

                def fill(match: re.Match, values=values) -> str:
                    value = values.get(match.group(1))
                    if value is None:
                        return str(match.group(0))
                    shown = str(value.numerator) if value.denominator == 1 else repr(float(value))
                    return f'<c r="{match.group(1)}"{match.group(2)}><f>{match.group(3)}</f><v>{shown}</v></c>'

                text = re.sub(r'<c r="([A-Z]+\d+)"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?</c>', fill, part.decode())
                part = text.encode()
            target.writestr(item, part)
    return out.getvalue()


def write_tables(tables: list[Table], path: str | os.PathLike, filtered: Sequence[str] = ()) -> Path:
    """An .xlsx with one formatted sheet per table, set up to print, the chain's figures as live
    formulas with their results (:mod:`planlib.io.xlsx_formulas`); the tables named in
    ``filtered`` (lists) get an autofilter."""
    import io

    import_openpyxl_without_numpy()
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the new workbook's one empty sheet
    wb.calculation.fullCalcOnLoad = True  # Excel recalculates on opening as well
    book = Book(tables)
    cached = [_add_sheet(wb, table, book, table.name in filtered) for table in tables]

    def save(tmp: Path) -> None:
        buffer = io.BytesIO()
        wb.save(buffer)
        tmp.write_bytes(_cache(buffer.getvalue(), cached))

    return write_whole(path, save)


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
    ORGAN_MARK: "发文机关标志",
    SEPARATOR: "分隔线",
    PLAN_LABEL: "附件标签",
    IMPRINT: "印发",
}
FIRST_NOTE_OUTDENT = 3  # "附件：" sits three characters left of the names aligned under it
EDGE = 2  # 署名 and 成文日期 keep two characters from the right edge (GB/T 9704 §7.3.5.2)


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


def _docx_table(doc, table: Table, width_twips: int | None = None) -> None:
    """A Word table: a header row (two rows where columns are grouped as 单位·重点), body rows
    centred in 表格文字, the total row bold; columns as wide as their content
    (:mod:`planlib.io.docx_table`), rows that never split, header rows repeated on every page."""
    from docx.table import _Cell

    headers = table.headers
    grouped = any(UNIT_SEP in h for h in headers)
    header_rows = 2 if grouped else 1
    shown = table.shown_rows()
    t = doc.add_table(rows=header_rows, cols=len(headers))  # body rows added after the header's merges
    t.style = doc.styles["Table Grid"]
    t.alignment = 1  # centred on the page

    style_id = doc.styles["表格文字"].style_id  # set by id: python-docx looks a style object up each time

    def put(cell, text, bold=False) -> None:
        p = cell.paragraphs[0]
        p._p.style = style_id
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
    last = len(shown) - 1
    for r, row in enumerate(shown):
        # body cells straight from the new row's XML: python-docx's t.cell() and row.cells walk
        # the whole table each time, quadratic for the 300-row key-unit list
        body_cells = [_Cell(tc, t) for tc in t.add_row()._tr.tc_lst]
        for c, value in enumerate(row):
            put(body_cells[c], value, table.total_row and r == last)
    width = width_twips if width_twips is not None else _text_width(doc.sections[-1])  # the current page's
    layout_table(t, column_twips(table, width), header_rows, row_lines(table, width)[1:])


def _new_section(doc, landscape: bool):
    from docx.enum.section import WD_ORIENT, WD_SECTION

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    portrait = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = portrait.page_height, portrait.page_width
        section.top_margin, section.bottom_margin = portrait.left_margin, portrait.right_margin
        section.left_margin, section.right_margin = portrait.top_margin, portrait.bottom_margin
        # the page number stays 7 mm under the text (GB/T 9704 §7.5) on the narrower bottom margin
        section.footer_distance = portrait.footer_distance - (portrait.bottom_margin - section.bottom_margin)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = portrait.page_width, portrait.page_height
        section.top_margin, section.bottom_margin = portrait.top_margin, portrait.bottom_margin
        section.left_margin, section.right_margin = portrait.left_margin, portrait.right_margin
        section.footer_distance = portrait.footer_distance
    return section


LINE_TWIPS = 579  # the body's line grid (scripts/build_docx_style.py), if a section does not say
IMPRINT_PT = 14  # the 版记 is set in 4号


def _imprint_page(doc) -> None:
    """A notice's 版记 page (GB/T 9704 §7.4: the 版记 closes the document at the foot of its last
    page, an even one, so that it prints on the back of a double-sided copy): upright, starting on
    an even page (when the attachments end on an even one, Word prints a blank page before it;
    LibreOffice counts that page but leaves it out of a PDF unless asked), its text aligned to the
    page's foot (Word, WPS; LibreOffice 7 ignores the alignment: the space above the 版记,
    :func:`_space_above_imprint`, puts it there in every program)."""
    from docx.enum.section import WD_SECTION
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section = _new_section(doc, landscape=False)
    section.start_type = WD_SECTION.EVEN_PAGE
    bottom = OxmlElement("w:vAlign")
    bottom.set(qn("w:val"), "bottom")
    later = ("w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings")
    section._sectPr.insert_element_before(bottom, *later)  # the schema's order of a sectPr's children


def _space_above_imprint(section, texts: Sequence[str]) -> int:
    """Twips of space above a 版记 on its own page, so that its last line falls on the last line
    of the text grid but one: whole grid lines (the page's ``docGrid`` pitch), the 版记's own
    lines counted at 4号 within its indents. One line is kept free, so a program that rounds its
    lines a little taller never pushes the 版记 onto another page (Word and WPS then move it down
    that line: :func:`_imprint_page`)."""
    from docx.oxml.ns import qn

    grid = section._sectPr.find(qn("w:docGrid"))
    pitch = int(grid.get(qn("w:linePitch"))) if grid is not None and grid.get(qn("w:linePitch")) else LINE_TWIPS
    height: int = section.page_height.twips - section.top_margin.twips - section.bottom_margin.twips
    width_pt = Fraction(section.page_width.twips - section.left_margin.twips - section.right_margin.twips, 20)
    per_line = max(1, int((width_pt - 2 * IMPRINT_PT) / IMPRINT_PT))  # 4号 characters within 1-character indents
    lines = sum(max(1, math.ceil(char_width(text) / per_line)) for text in texts)
    return max(0, (height // pitch - lines - 1) * pitch)


def _parts(a: Attachment, width_twips: int) -> list[Table]:
    """The attachment's table, or 附件3 cut into as few unit groups as the page's width allows."""
    if a.schedule is None or fits(a.table, width_twips):
        return [a.table]
    per_part = len(a.schedule.units)
    while per_part > 1 and not all(fits(t, width_twips) for t in schedule_parts(a.schedule, per_part)):
        per_part -= 1
    count = -(-len(a.schedule.units) // per_part)  # as few parts as that, the units shared out evenly
    return schedule_parts(a.schedule, -(-len(a.schedule.units) // count))


ORGAN_MARK_PT = 36  # 小初 (scripts/build_docx_style.py)


def organ_mark_size(text: str, line_pt: float) -> float:
    """The 发文机关标志's size in points: 小初, or the half point under it that keeps it on one line."""
    return min(ORGAN_MARK_PT, math.floor(2 * line_pt / max(1, float(char_width(text)))) / 2 - 0.5)


def _landscape(table: Table, portrait) -> bool:
    """Whether a table goes on landscape pages: when it has many columns, when its columns do not
    fit the portrait width, or when it prints on fewer pages across (a long list whose rows
    wrap on a portrait page but take one line each on a landscape one)."""
    width, height = _text_width(portrait), _text_height(portrait)
    if len(table.columns) > WIDE_TABLE_COLUMNS or not fits(table, width):
        return True
    upright = math.ceil(printed_height(table, width) / height)
    across = math.ceil(printed_height(table, height) / width)
    return across < upright


def _text_height(section) -> int:
    """The height of the section's text column, in twips (in points × 20)."""
    return int((section.page_height - section.top_margin - section.bottom_margin) / 635)


def _text_width(section) -> int:
    """The width of the section's text column, in twips."""
    return int((section.page_width - section.left_margin - section.right_margin) / 635)  # 635 EMU a twip


BODY_PT, LINE_TWIPS = 16, 579  # 3号 and the grid's line pitch (scripts/build_docx_style.py)
WIDE_TABLE_COLUMNS = 9  # a table with more columns goes on a landscape page


def write_docx(
    result: PlanResult,
    path: str | os.PathLike,
    schedule: Schedule | None = None,
    figures: Sequence[tuple[str, str | os.PathLike]] = (),
    key_units: KeyAssignment | None = None,
) -> Path:
    """The filed plan as a GB/T 9704 Word document on the styled reference document
    (:data:`planlib.config.DOCX_STYLE`): the main text, then each attachment on a new page
    headed 附件N with its table (with ``key_units``, a run with a register, 附件4
    重点检查单位名单), then ``figures`` ((caption, PNG) pairs) if any, then 版记."""
    import docx
    from docx.shared import Mm, Pt, Twips

    doc = docx.Document(str(DOCX_STYLE))
    plan = result.plan
    doc.core_properties.title = plan_title(result)
    doc.core_properties.author = plan.signature or plan.authority
    blocks = document_blocks(result, key_units=key_units)
    copies = [b for b in blocks if b.kind in (COPIES, IMPRINT)]  # the 版记 closes the document
    signature = next((b.text for b in blocks if b.kind == SIGNATURE), "")
    date = next((b.text for b in blocks if b.kind == DATE), None)
    indents = dict(zip((SIGNATURE, DATE), signature_indents(signature, date), strict=True))
    for b in blocks:
        if b.kind in (COPIES, IMPRINT):
            continue
        p = doc.add_paragraph(b.text, style=DOCX_STYLES[b.kind])
        if b.kind in indents:
            p.paragraph_format.right_indent = Pt(float(indents[b.kind]) * BODY_PT)
        if b.kind == ATTACHMENT_NOTE and b.text.startswith("附件："):  # "附件：1.…": the names align under "1."
            p.paragraph_format.first_line_indent = Pt(-FIRST_NOTE_OUTDENT * BODY_PT)
            p.paragraph_format.space_before = Twips(LINE_TWIPS)  # one blank line under the body
        if b.kind == PLAN_LABEL:  # the plan, attached to its 印发通知, begins a new page
            p.paragraph_format.page_break_before = True
        if b.kind == ORGAN_MARK:  # 小初, or smaller so that the 发文机关标志 stays on one line
            p.runs[0].font.size = Pt(organ_mark_size(b.text, _text_width(doc.sections[0]) / 20))
    for a in attachments(result, schedule, key_units):
        landscape = _landscape(a.table, doc.sections[0])
        section = _new_section(doc, landscape=landscape)
        doc.add_paragraph(a.label, style="附件标签")
        doc.add_paragraph(a.table.title, style="附件标题")
        width = _text_width(section)
        for n, part in enumerate(_parts(a, width)):
            if n:  # the next units' part of 附件3, under a line's gap
                doc.add_paragraph("", style="表注")
            _docx_table(doc, part, width)
        for note in a.notes:
            doc.add_paragraph(note, style="表注")
    for n, (caption, png) in enumerate(figures, 1):
        _new_section(doc, landscape=False)
        doc.add_paragraph(f"附图{n}", style="附件标签")
        doc.add_paragraph(caption, style="附件标题")
        doc.add_picture(str(png), width=Mm(150))
        doc.paragraphs[-1].style = doc.styles["表格文字"]
    notice = any(b.kind == IMPRINT for b in copies)
    if notice:
        _imprint_page(doc)
    for n, b in enumerate(copies):
        style = "版记抄送" if notice and b.kind == COPIES else DOCX_STYLES[b.kind]
        p = doc.add_paragraph(b.text, style=style)
        if notice and n == 0:  # the lines above it left blank, so that the 版记 ends at the foot
            p.paragraph_format.space_before = Twips(_space_above_imprint(doc.sections[-1], [c.text for c in copies]))
    return write_whole(path, lambda tmp: doc.save(str(tmp)))


# ---------------------------------------------------------------- the year's files


def write_documents(
    result: PlanResult,
    findings: list[Finding],
    out_dir: str | os.PathLike,
    figures: Sequence[tuple[str, str | os.PathLike]] = (),
    key_units: KeyAssignment | None = None,
) -> list[Path]:
    """The plan's documents: ``plan_<year>.xlsx``, ``.md``, ``.docx`` and ``results.json``;
    ``figures`` ((caption, PNG) pairs) go into the .docx after the attachments; ``key_units``
    (the register's key units, a run with ``--register``) adds 附件4 重点检查单位名单 to the
    .docx and the .md (the 双随机 lists stay in ``抽查名单_<年>.xlsx``, never in the filed plan)."""
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
        write_text(out / plan_file(year, ".md"), plan_markdown(result, schedule, key_units)),
        write_docx(result, out / plan_file(year, ".docx"), schedule, figures, key_units),
        write_json(out / RESULTS_JSON, to_contract(result, findings, schedule)),
    ]


def write_history_table(plan, histories: tuple[ItemHistory, ...], out_dir: str | os.PathLike) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return write_tables([history_table(histories)], out / history_file(plan.year))
