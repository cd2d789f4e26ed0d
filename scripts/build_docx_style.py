"""Build src/planlib/io/templates/gbt9704.docx, the styled reference document the plan's .docx
is written on (python-docx ``Document(path)``), so the writer only adds paragraphs and tables.

GB/T 9704-2012 (党政机关公文格式):
- A4; 天头 (top) 37 mm, 订口 (left) 28 mm, 版心 156 × 225 mm, so right 26 mm and bottom 35 mm;
- 22 lines of 28 characters per page (§5.2.2): a line grid of pitch 225 mm ÷ 22 = 579 twips,
  the line spacing fixed at that pitch; 28 characters of 3号 (16 pt) are 448 pt, wider than the
  156 mm (442.2 pt) line, so the document defaults condense every character by 0.25 pt (15.75 pt,
  28 to the line) and carry the body font, size and zh-CN. A character grid (``linesAndChars``,
  charSpace −848) does not do it in LibreOffice: it never squeezes a glyph below its size, and
  gives a 16 pt character two 15.79 pt cells (14 characters a line, 24 pages for the Xicheng
  plan). The line grid with condensed characters prints 28 × 22 in Word, WPS and LibreOffice;
- title 2号 方正小标宋简体, centred; body 3号 仿宋 with a two-character indent; 一级标题 黑体,
  二级 楷体, 三级 仿宋 bold; 主送 flush left; 附件说明 after the body, two characters in;
  署名 and 成文日期 right-aligned, two characters from the right edge; 版记 (抄送) 4号;
- page numbers "— 1 —" in 4号 半角宋体 (14 pt) under the text, odd pages right and even pages
  left, one character in (§7.5);
- an attachment begins on a new page with "附件1" in 黑体 flush left, its title centred.

Chinese font names go into ``w:eastAsia`` (Word picks the font of CJK text from it) and theme
fonts are removed so they cannot override it.

Run: ``python scripts/build_docx_style.py [OUT]``; a test checks the committed file is its output
in every style and page property.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor, Twips

FONT_BODY, FONT_H1, FONT_H2, FONT_TITLE, FONT_PAGE = "仿宋", "黑体", "楷体", "方正小标宋简体", "宋体"
LATIN_FONT = "Times New Roman"
SIZE_BODY, SIZE_TITLE, SIZE_SMALL, SIZE_TABLE = 16, 22, 14, 10.5  # 3号, 2号, 4号, 五号
SIZE_ORGAN = 36  # 小初: the 发文机关标志 (GB/T 9704 §7.2.3 leaves the size to the organ, "醒目、美观、庄重")
RED = RGBColor(0xFF, 0x00, 0x00)
LINE_PITCH = 579  # twips: 225 mm ÷ 22 lines = 579.8, rounded down so that 22 lines fit
GRID_TYPE = "lines"  # a line grid; the 28 characters come from the condensed body font (see CONDENSE)
CONDENSE = -5  # twentieths of a point: every character 0.25 pt narrower (156 mm ÷ 28 = 15.79 pt < 16 pt)
INDENT = Pt(2 * SIZE_BODY)  # two characters

# style name → (east-asian font, size, bold, alignment, first-line indent, left indent, right indent, space before)
STYLES = {
    "Normal": (FONT_BODY, SIZE_BODY, False, WD_ALIGN_PARAGRAPH.JUSTIFY, INDENT, None, None, 0),
    "Title": (FONT_TITLE, SIZE_TITLE, False, WD_ALIGN_PARAGRAPH.CENTER, Pt(0), None, None, 0),
    "Heading 1": (FONT_H1, SIZE_BODY, False, WD_ALIGN_PARAGRAPH.JUSTIFY, INDENT, None, None, 0),
    "Heading 2": (FONT_H2, SIZE_BODY, False, WD_ALIGN_PARAGRAPH.JUSTIFY, INDENT, None, None, 0),
    "Heading 3": (FONT_BODY, SIZE_BODY, True, WD_ALIGN_PARAGRAPH.JUSTIFY, INDENT, None, None, 0),
    "发文字号": (FONT_BODY, SIZE_BODY, False, WD_ALIGN_PARAGRAPH.CENTER, Pt(0), None, None, 0),
    "主送": (FONT_BODY, SIZE_BODY, False, WD_ALIGN_PARAGRAPH.LEFT, Pt(0), None, None, LINE_PITCH),
    "附件说明": (FONT_BODY, SIZE_BODY, False, WD_ALIGN_PARAGRAPH.LEFT, Pt(0), Pt(5 * SIZE_BODY), None, 0),
    "署名": (FONT_BODY, SIZE_BODY, False, WD_ALIGN_PARAGRAPH.RIGHT, Pt(0), None, INDENT, LINE_PITCH),
    "成文日期": (FONT_BODY, SIZE_BODY, False, WD_ALIGN_PARAGRAPH.RIGHT, Pt(0), None, INDENT, 0),
    "版记": (FONT_BODY, SIZE_SMALL, False, WD_ALIGN_PARAGRAPH.LEFT, Pt(0), Pt(SIZE_SMALL), None, LINE_PITCH),
    "附件标签": (FONT_H1, SIZE_BODY, False, WD_ALIGN_PARAGRAPH.LEFT, Pt(0), None, None, 0),
    "附件标题": (FONT_TITLE, SIZE_TITLE, False, WD_ALIGN_PARAGRAPH.CENTER, Pt(0), None, None, LINE_PITCH),
    "表格文字": (FONT_BODY, SIZE_TABLE, False, WD_ALIGN_PARAGRAPH.CENTER, Pt(0), None, None, 0),
    "表注": (FONT_BODY, SIZE_SMALL, False, WD_ALIGN_PARAGRAPH.LEFT, Pt(0), None, None, 0),
    "页码": (FONT_PAGE, SIZE_SMALL, False, None, Pt(0), None, None, 0),
    "发文机关标志": (FONT_TITLE, SIZE_ORGAN, False, WD_ALIGN_PARAGRAPH.CENTER, Pt(0), None, None, 0),
    "分隔线": (FONT_BODY, SIZE_BODY, False, WD_ALIGN_PARAGRAPH.CENTER, Pt(0), None, None, 0),
    "版记抄送": (FONT_BODY, SIZE_SMALL, False, WD_ALIGN_PARAGRAPH.LEFT, Pt(0), Pt(SIZE_SMALL), None, LINE_PITCH),
    "印发": (FONT_BODY, SIZE_SMALL, False, WD_ALIGN_PARAGRAPH.LEFT, Pt(0), Pt(SIZE_SMALL), Pt(SIZE_SMALL), 0),
}
SINGLE_SPACED = {"表格文字", "表注", "发文机关标志"}  # tables are too dense for the body grid
# Off the line grid: LibreOffice gives a 2号 line two grid lines (its glyphs are taller than the
# pitch); with the grid off, the titles' exact 579-twip spacing keeps them one grid line each.
OFF_GRID = SINGLE_SPACED | {"Title", "附件标题", "发文机关标志"}


def set_fonts(font_owner, east_asia: str, size: float, bold: bool) -> None:
    font = font_owner.font
    font.name = LATIN_FONT
    font.size = Pt(size)
    font.bold = bold
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)
    fonts = font_owner.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:eastAsia"), east_asia)


def doc_defaults(doc) -> None:
    """The document defaults are the body's: 3号 仿宋 (Times New Roman for Latin), zh-CN, no space
    after a paragraph. Word, WPS and LibreOffice size the character grid from the default font
    (python-docx's 11 pt en-US default made LibreOffice lay 3号 text on a grid of 11 pt cells, two
    or three cells a character: 14 characters a line instead of 28)."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.remove(defaults)
    defaults = OxmlElement("w:docDefaults")
    run_default, rpr = OxmlElement("w:rPrDefault"), OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    faces = (("w:ascii", LATIN_FONT), ("w:hAnsi", LATIN_FONT), ("w:eastAsia", FONT_BODY), ("w:cs", LATIN_FONT))
    for attr, value in faces:
        fonts.set(qn(attr), value)
    rpr.append(fonts)
    condensed = OxmlElement("w:spacing")  # 3号 is 16 pt, 28 of them 448 pt: 0.25 pt less each fits 156 mm
    condensed.set(qn("w:val"), str(CONDENSE))
    rpr.append(condensed)
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(2 * SIZE_BODY))
        rpr.append(el)
    lang = OxmlElement("w:lang")
    for attr, value in (("w:val", "en-US"), ("w:eastAsia", "zh-CN"), ("w:bidi", "ar-SA")):
        lang.set(qn(attr), value)
    rpr.append(lang)
    run_default.append(rpr)
    par_default, ppr = OxmlElement("w:pPrDefault"), OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(LINE_PITCH))
    spacing.set(qn("w:lineRule"), "exact")
    ppr.append(spacing)
    par_default.append(ppr)
    defaults.append(run_default)
    defaults.append(par_default)
    styles.insert(0, defaults)


def style(doc, name: str):
    if name in [s.name for s in doc.styles]:
        return doc.styles[name]
    new = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    new.base_style = doc.styles["Normal"]
    new.quick_style = True
    return new


def define_styles(doc) -> None:
    for name, (font, size, bold, align, first, left, right, before) in STYLES.items():
        s = style(doc, name)
        set_fonts(s, font, size, bold)
        fmt = s.paragraph_format
        if name in SINGLE_SPACED:
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        else:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Twips(LINE_PITCH)
        fmt.space_before, fmt.space_after = Twips(before), Pt(0)
        fmt.first_line_indent = first
        fmt.left_indent = left if left is not None else Pt(0)
        fmt.right_indent = right if right is not None else Pt(0)
        if align is not None:
            fmt.alignment = align
        fmt.keep_with_next = name.startswith("Heading") or name in ("附件标签", "附件标题")
        ppr = s.element.get_or_add_pPr()
        if name in OFF_GRID:  # a 2号 title line would take two grid lines; tables are single-spaced
            snap = OxmlElement("w:snapToGrid")
            snap.set(qn("w:val"), "0")
            ppr.insert_element_before(snap, *successors(ppr, "w:snapToGrid"))
        for border in ppr.findall(qn("w:pBdr")):  # Word's Title draws a rule under the text; an official title has none
            ppr.remove(border)
    doc.styles["Title"].paragraph_format.space_after = Twips(LINE_PITCH)  # one blank line under the title
    doc.styles["发文机关标志"].font.color.rgb = RED
    doc.styles["发文机关标志"].paragraph_format.space_after = Twips(2 * LINE_PITCH)  # 发文字号 two lines under it
    separator = doc.styles["分隔线"]  # the red line, as wide as the text, with one line under it (§7.2.5)
    separator.paragraph_format.space_after = Twips(LINE_PITCH)
    add_border(separator.element.get_or_add_pPr(), "bottom", 12, "FF0000")  # 1.5 pt
    # 版记 of a 印发通知 (§7.4): 抄送 and 印发 between a thick first and last line, a thin one between
    add_border(doc.styles["版记抄送"].element.get_or_add_pPr(), "top", 8)  # 1 pt (0.35 mm)
    imprint = doc.styles["印发"]  # 印发机关 flush left, 印发日期 flush right (a right tab at the text's edge)
    add_border(imprint.element.get_or_add_pPr(), "top", 6)  # 0.75 pt (0.25 mm)
    add_border(imprint.element.get_or_add_pPr(), "bottom", 8)
    imprint.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(2 * SIZE_SMALL), WD_TAB_ALIGNMENT.RIGHT)


# The order of a paragraph's properties in the schema (ECMA-376 CT_PPr): Word refuses a file
# whose elements are out of it.
PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
    "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",)


def successors(ppr, tag: str) -> tuple[str, ...]:
    """The elements that come after ``tag`` in a paragraph's properties (the schema's order)."""
    return PPR_ORDER[PPR_ORDER.index(tag) + 1 :]


def add_border(ppr, side: str, eighths: int, color: str = "000000") -> None:
    """A paragraph border line (``eighths`` of a point thick) on ``side``."""
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.insert_element_before(borders, *successors(ppr, "w:pBdr"))
    line = OxmlElement(f"w:{side}")
    for attr, value in (("w:val", "single"), ("w:sz", str(eighths)), ("w:space", "1"), ("w:color", color)):
        line.set(qn(attr), value)
    borders.append(line)


def page_grid(section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Emu(Mm(35) - Mm(7) - Pt(SIZE_SMALL))  # 页码 7 mm below the 版心's bottom edge
    sect = section._sectPr
    for grid in sect.findall(qn("w:docGrid")):
        sect.remove(grid)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), GRID_TYPE)
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    sect.append(grid)


def page_number(doc, paragraph, align) -> None:
    """``— 1 —``: an em dash, a space, the PAGE field, a space, an em dash."""
    paragraph.style = doc.styles["页码"]
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = Pt(SIZE_SMALL)
    else:
        fmt.left_indent = Pt(SIZE_SMALL)
    paragraph.add_run("— ")
    run = paragraph.add_run()
    for tag, attrs, text in (("w:fldChar", {"w:fldCharType": "begin"}, None),
                             ("w:instrText", {"xml:space": "preserve"}, " PAGE "),
                             ("w:fldChar", {"w:fldCharType": "separate"}, None),
                             ("w:t", {}, "1"),
                             ("w:fldChar", {"w:fldCharType": "end"}, None)):
        el = OxmlElement(tag)
        for k, v in attrs.items():
            el.set(qn(k), v)
        if text:
            el.text = text
        run._r.append(el)
    paragraph.add_run(" —")


def build(out: Path) -> Path:
    doc = docx.Document()
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    doc_defaults(doc)
    define_styles(doc)
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    page_grid(section)
    page_number(doc, section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)  # odd pages
    page_number(doc, section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    doc.core_properties.title = "安全生产年度监督检查计划"
    doc.core_properties.author = "planlib"
    doc.core_properties.comments = "GB/T 9704-2012 styles for planlib's plan documents"
    # A fixed timestamp and revision keep the file identical from build to build.
    import datetime as dt

    stamp = dt.datetime(2020, 1, 1)
    doc.core_properties.created = doc.core_properties.modified = stamp
    doc.core_properties.last_modified_by = "planlib"
    doc.core_properties.revision = 1
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out)
    return out


def main(argv: list[str]) -> int:
    default = Path(__file__).resolve().parents[1] / "src" / "planlib" / "io" / "templates" / "gbt9704.docx"
    print(build(Path(argv[0]) if argv else default))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
