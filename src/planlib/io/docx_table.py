"""The attachments' Word tables as they print: column widths from their content, rows that never
split across pages, header rows repeated on every page, text off the body's line grid.

Widths are in table characters (五号, 10.5 pt): a column wants its widest cell on one line (a
header may take two lines); when the wanted widths do not fit the page, the widest columns give
way first (water-filling), never below what their numbers and short words need; what is left
over is shared out in proportion, so the table spans the text width as official tables do.
Where giving way leaves one column wrapping over many more lines than the others (附件4's
检查时间安排 capped like 备注), the columns share the lines instead (:func:`fit_lines`): each
wraps to at most the fewest lines the page allows, short columns back on one line first.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from fractions import Fraction

from planlib.text.document import UNIT_SEP
from planlib.text.report import Table

TABLE_PT = Fraction(21, 2)  # 五号
CONDENSE_PT = Fraction(1, 4)  # the document defaults condense every character (scripts/build_docx_style.py)
CELL_MARGIN_TWIPS = 57  # left and right padding of a cell (2 pt), so narrow columns keep their digits
HEADER_LINES = 2  # a header may wrap onto two lines
MIN_CHARS = 2  # no column narrower than two characters
READABLE = 3  # where the columns share the lines, no text column narrower than three (fit_lines)
# A digit or lower-case letter, and a capital, in characters: room for a fallback font wider than
# Times New Roman (DejaVu Serif where no Times is installed: digits 0.64, capitals up to 0.8 em).
# Measured in twentieths of a character (whole numbers: widths are estimates, made fast).
WIDE, HALF, CAPITAL = 20, 13, 16
AUTOSPACE = 4  # twentieths: measured in LibreOffice's PDF, 2.1 pt between "1" and "月" at 10.5 pt
LINE_PT = Fraction(27, 2)  # a single-spaced 五号 line with the cell's borders, for page estimates
SLACK = Fraction(1, 2)  # a column is half a character wider than its text, so rounding never wraps it


def char_width(text: object, half: Fraction = Fraction(1, 2)) -> Fraction:
    """Width in characters: a Chinese character is one, a digit or Latin letter ``half``."""
    s = "" if text is None else str(text)
    return sum((Fraction(1) if unicodedata.east_asian_width(c) in "WFA" else half for c in s), Fraction(0))


def _glyph(c: str) -> int:
    if unicodedata.east_asian_width(c) in "WFA":
        return WIDE
    return CAPITAL if "A" <= c <= "Z" else HALF


def print_width(text: object) -> Fraction:
    """Width in table characters as it prints, with room to spare for a wider Latin font."""
    return Fraction(_print_units("" if text is None else str(text)), WIDE)


def _print_units(s: str) -> int:
    """Twentieths of a character, with the gap Word and LibreOffice set between Chinese and a
    run of digits or Latin letters (autospace: about a fifth of a character each side)."""
    units = sum(_glyph(c) for c in s)
    wide = [unicodedata.east_asian_width(c) in "WFA" for c in s if not c.isspace()]
    return units + AUTOSPACE * sum(1 for a, b in zip(wide, wide[1:], strict=False) if a != b)


def _longest_word(s: str) -> int:
    """What cannot wrap, in twentieths: a run of digits, Latin letters and signs (``366-104-11``)."""
    longest = run = 0
    for c in s:
        if unicodedata.east_asian_width(c) in "WFA":
            longest, run = max(longest, run, WIDE), 0
        else:
            run += _glyph(c)
    return max(longest, run)


def header_cells(table: Table) -> list[str]:
    """The text each column's header shows in the row nearest the body (``执法监察一队·重点`` → ``重点``)."""
    return [h.partition(UNIT_SEP)[2] or h for h in table.headers]


def wanted_widths(table: Table) -> tuple[list[Fraction], list[Fraction]]:
    """(wanted, least) width of each column in characters: wanted = its widest body cell on one
    line or its header on two; least = its longest unbreakable word (and two characters)."""
    headers = header_cells(table)
    rows = table.shown_rows()
    wanted, least = [], []
    for c, header in enumerate(headers):
        body = {"" if row[c] is None else str(row[c]) for row in rows}  # each distinct text once
        widest = Fraction(max([_print_units(v) for v in body], default=0), WIDE)
        head = Fraction(math.ceil(print_width(header) / HEADER_LINES))
        words = Fraction(max([_longest_word(v) for v in body], default=0), WIDE)
        floor = max(Fraction(MIN_CHARS), words, head)
        wanted.append(max(widest, head, floor))
        least.append(floor)
    return wanted, least


def fit_widths(wanted: Sequence[Fraction], least: Sequence[Fraction], available: Fraction) -> list[Fraction]:
    """Column widths adding up to ``available`` (characters), each ≥ its least: the wanted widths
    grown in proportion when they fit; otherwise capped at a common level (the widest give way
    first), and the least widths if even they do not fit (the table is then as narrow as it can be)."""
    total = sum(wanted, Fraction(0))
    if total <= available:
        return [w * available / total for w in wanted] if total else list(wanted)
    if sum(least, Fraction(0)) >= available:
        return list(least)

    def level(cap: Fraction) -> Fraction:
        return sum((max(lo, min(w, cap)) for w, lo in zip(wanted, least, strict=True)), Fraction(0))

    # the level is piecewise linear in the cap, bending at the wanted and least widths: find the
    # last bend at or under the line, then the cap on the straight piece after it (exactly)
    bends = sorted(set(wanted) | set(least))
    base = max(b for b in bends if level(b) <= available)
    rising = sum(1 for w, lo in zip(wanted, least, strict=True) if lo <= base < w)
    cap = base + (available - level(base)) / rising
    return [max(lo, min(w, cap)) for w, lo in zip(wanted, least, strict=True)]


def _lines(wanted: Fraction, width: Fraction) -> int:
    return max(1, math.ceil(wanted / width)) if width else 1


def fit_lines(
    wanted: Sequence[Fraction], least: Sequence[Fraction], available: Fraction, readable: Sequence[Fraction] = ()
) -> list[Fraction]:
    """:func:`fit_widths`, unless its widest column then wraps over more lines than need be: the
    fewest lines L that every column's widest cell can be wrapped to within ``available`` gives each
    column the whole characters of its widest cell's line at L lines (no fewer than its least, and
    a text column no fewer than its ``readable`` width, READABLE characters by default); what is
    left goes to the columns that still wrap, first to put the shortest back on one line (cheapest
    first), the rest in proportion to what they want."""
    water = fit_widths(wanted, least, available)
    tallest = max((_lines(w, x) for w, x in zip(wanted, water, strict=True)), default=1)
    readable = readable or [Fraction(READABLE)] * len(wanted)
    floors = [max(lo, min(w, r)) for w, lo, r in zip(wanted, least, readable, strict=True)]

    def at(n: int) -> list[Fraction]:
        return [max(lo, Fraction(math.ceil(w / n))) for w, lo in zip(wanted, floors, strict=True)]

    lines = next((n for n in range(1, tallest) if sum(at(n), Fraction(0)) <= available), None)
    if lines is None:  # giving way is already as short as the page allows
        return water
    widths = [min(w, x) for w, x in zip(wanted, at(lines), strict=True)]
    left = available - sum(widths, Fraction(0))
    for c in sorted(range(len(widths)), key=lambda c: wanted[c] - widths[c]):
        need = wanted[c] - widths[c]
        if 0 < need <= left:
            widths[c], left = wanted[c], left - need
    wrapping = [c for c in range(len(widths)) if widths[c] < wanted[c]]
    share = sum((wanted[c] for c in wrapping), Fraction(0))
    for c in wrapping:
        widths[c] += left * wanted[c] / share
    return widths


def char_twips(chars: Fraction) -> int:
    """A column of ``chars`` table characters, cell padding included, in twips."""
    return int((chars + SLACK) * (TABLE_PT - CONDENSE_PT) * 20) + 2 * CELL_MARGIN_TWIPS


def column_twips(table: Table, available_twips: int) -> list[int]:
    """Each column's width in twips for a text width of ``available_twips``."""
    padding = 2 * CELL_MARGIN_TWIPS + SLACK * (TABLE_PT - CONDENSE_PT) * 20
    available = (available_twips - padding * len(table.columns)) / ((TABLE_PT - CONDENSE_PT) * 20)
    wanted, least = wanted_widths(table)
    return [char_twips(w) for w in fit_lines(wanted, least, available, readable_widths(table))]


def readable_widths(table: Table) -> list[Fraction]:
    """The narrowest each column reads well when the columns share the lines: READABLE
    characters, or its header on one line when that is one character more (检查事项, not 检查事/项)."""
    heads = [print_width(h) for h in header_cells(table)]
    return [max(Fraction(READABLE), h) if h <= READABLE + 1 else Fraction(READABLE) for h in heads]


def row_lines(table: Table, available_twips: int) -> list[int]:
    """About how many lines each row (the header first) takes at a text width of
    ``available_twips``: as many as its fullest cell wraps to."""
    pitch = (TABLE_PT - CONDENSE_PT) * 20
    chars = [Fraction(w - 2 * CELL_MARGIN_TWIPS) / pitch for w in column_twips(table, available_twips)]
    room = [max(1, math.floor(c * WIDE)) for c in chars]  # twentieths of a character a line holds
    lines = []
    for row in [header_cells(table), *table.shown_rows()]:
        texts = ("" if v is None else str(v) for v in row)
        lines.append(max(max(1, -(-_print_units(v) // r)) for v, r in zip(texts, room, strict=True)))
    return lines


def printed_height(table: Table, available_twips: int) -> Fraction:
    """About how tall the table prints, in twips, at a text width of ``available_twips``."""
    return sum(row_lines(table, available_twips)) * LINE_PT * 20


def fits(table: Table, available_twips: int) -> bool:
    """Whether the table's least widths fit the line."""
    _, least = wanted_widths(table)
    return sum(char_twips(w) for w in least) <= available_twips


WHOLE_ROW_LINES = 8  # a row of up to this many lines never splits; a taller one may (else pages go half empty)


def layout_table(t, twips: Sequence[int], header_rows: int, lines: Sequence[int] = ()) -> None:
    """Fixed layout at ``twips``, every row of up to WHOLE_ROW_LINES lines (``lines``: each
    body row's estimate) kept whole on its page, the header rows repeated, the last two rows
    kept together (no 合计 row alone on a page)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def element(tag: str, **attrs: str):
        el = OxmlElement(tag)
        for k, v in attrs.items():
            el.set(qn(f"w:{k}"), v)
        return el

    tbl = t._tbl
    tblpr = tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout", "w:tblCellMar"):
        for old in tblpr.findall(qn(tag)):
            tblpr.remove(old)
    tblpr.append(element("w:tblW", w=str(sum(twips)), type="dxa"))
    tblpr.append(element("w:tblLayout", type="fixed"))
    margins = element("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(element(f"w:{side}", w=str(CELL_MARGIN_TWIPS), type="dxa"))
    tblpr.append(margins)
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), twips, strict=True):
        col.set(qn("w:w"), str(width))
    rows = list(t.rows)
    for r, row in enumerate(rows):
        trpr = row._tr.get_or_add_trPr()
        if r < header_rows or r - header_rows >= len(lines) or lines[r - header_rows] <= WHOLE_ROW_LINES:
            trpr.append(element("w:cantSplit", val="true"))
        if r < header_rows:
            trpr.append(element("w:tblHeader", val="true"))
        for tc in row._tr.tc_lst:
            start = _grid_start(row._tr, tc)
            span = tc.grid_span
            tcpr = tc.get_or_add_tcPr()
            for old in tcpr.findall(qn("w:tcW")):
                tcpr.remove(old)
            tcpr.insert(0, element("w:tcW", w=str(sum(twips[start : start + span])), type="dxa"))
        if r == len(rows) - 2 and r >= header_rows:  # the 合计 row stays with the row above it
            for tc in row._tr.tc_lst:
                for p in tc.p_lst:
                    p.get_or_add_pPr().keepNext_val = True


def _grid_start(tr, tc) -> int:
    start = 0
    for other in tr.tc_lst:
        if other is tc:
            return start
        start += other.grid_span
    return start
