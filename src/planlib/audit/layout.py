"""A plan text's lines, whatever its line structure, each part with the place in the file it
came from.

Plans reach reviewers with their line structure changed: CR-only ends (old Mac editors, some
web forms), U+2028 or vertical-tab line separators, Word paragraphs held together by soft line
breaks, PDF lines wrapped at the page width and spaced out character by character (a
character grid), or everything on one line, its breaks turned into spaces or tabs (copied from
a web page or a PDF viewer). Read as one line, the figures of several sections run into each
other (the key and the general inspections of all units become one list), which gives false
findings. So every Unicode line end splits lines (``str.splitlines``), a spaced-out line is
joined back (numbers and Latin words kept apart), and a line that holds several headings of the
plan's outline (一、 （一） 1.) is cut before each heading and after each sentence: the outline
the plan was written in comes back.

Whatever is cut, joined or re-spaced, every part of a line keeps its :class:`Origin` — the
file's own line (the line between line feeds or carriage returns of a text, the paragraph or
table row of a .docx, the page and line of a PDF) — so that findings cite the file, not the
audit's own split.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

_SENTENCE_END = "。；;！？!?"
_CN = "一二三四五六七八九十"
# An outline marker inside a line: 一、 after a sentence end or a closing bracket; （一）/（1）
# anywhere; 1. after a sentence end, a colon or a figure's unit — with a space or tab between
# them or not (breaks turned into spaces). Found by the marker, then its left side looked at:
# one pass over the line, not a look-behind at every position.
_MARKERS = re.compile(
    rf"(?P<cn>[{_CN}]{{1,3}}、)|(?P<paren>[（(]\s*(?:[{_CN}]{{1,3}}|\d{{1,2}})\s*[）)])"
    rf"|(?P<num>(?<!\d)\d{{1,2}}\s*[.、．](?![\d０-９]))"
)
_BEFORE_CN = frozenset(_SENTENCE_END + ":：）)")
_BEFORE_NUM = frozenset(_SENTENCE_END + ":：天家人户名")
_AFTER_SENTENCE = re.compile(rf"(?<=[{_SENTENCE_END}])(?![）)”’\"'])")
MERGED_MARKERS = 3  # a line with this many outline markers inside it lost its breaks
LONG_LINE = 3000  # characters: no plan's paragraph is this long; such a line is cut after its sentences


class Origin(NamedTuple):
    """Where a part of the text is in its file: the page (PDF only) and the line on it, or the
    file's own line (text), or the paragraph or table row (.docx)."""

    page: int | None
    line: int
    unit: str = "行"  # 段 for a .docx's paragraphs (and table rows) and a web page's blocks

    def cite(self) -> str:
        return f"第{self.page}页第{self.line}行" if self.page is not None else f"第{self.line}{self.unit}"


class Piece:
    """A line being read, with the origin of each of its parts: ``origins`` are (offset in
    ``text`` where a part starts, its origin), the first at offset 0. (A plain class with
    slots: one is made per line of every plan a folder audit reads.)"""

    __slots__ = ("origins", "text")

    def __init__(self, text: str, origins: tuple[tuple[int, Origin], ...]):
        self.text = text
        self.origins = origins

    def __repr__(self) -> str:
        return f"Piece({self.text!r}, {self.origins!r})"

    @classmethod
    def of(cls, text: str, line: int, page: int | None = None, unit: str = "行") -> Piece:
        return cls(text, ((0, Origin(page, line, unit)),))

    def at(self, column: int = 0) -> Origin:
        if len(self.origins) == 1:
            return self.origins[0][1]
        starts = [o for o, _ in self.origins]
        return self.origins[max(0, bisect.bisect_right(starts, column) - 1)][1]

    def cut(self, a: int, b: int) -> Piece:
        rest = tuple((o - a, src) for o, src in self.origins if a < o < b)
        return Piece(self.text[a:b], ((0, self.at(a)), *rest))

    def __add__(self, other: Piece) -> Piece:
        n = len(self.text)
        return Piece(self.text + other.text, self.origins + tuple((o + n, src) for o, src in other.origins))

    def strip(self) -> Piece:
        a = len(self.text) - len(self.text.lstrip())
        return self.cut(a, max(a, len(self.text.rstrip())))


# --- Spaced-out text (a character grid: "为 切 实 履 行") ------------------------------------------

# Chinese characters, CJK and full-width signs, general punctuation (dashes, quotes, ellipsis):
# tested by code point, not by a regular expression, whose compiler expands a class this wide
# character by character (several milliseconds of every audit's start).
_WIDE_RANGES = (
    (0x2E80, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
    (0x2010, 0x2027),
    (0x2030, 0x205E),
)
_GAP = re.compile(r"(?<=\S)[ \u00a0](?=\S)")


def _wide(ch: str) -> bool:
    return len(ch) == 1 and any(lo <= ord(ch) <= hi for lo, hi in _WIDE_RANGES)


def _tight_pairs(text: str) -> int:
    """How many times two wide characters stand side by side."""
    return sum(1 for a, b in zip(text, text[1:], strict=False) if _wide(a) and _wide(b))


def _wide_gaps(text: str) -> list[int]:
    """Single spaces with a Chinese character or full-width sign on either side."""
    return [m.start() for m in _GAP.finditer(text) if _wide(text[m.start() - 1]) or _wide(text[m.end()])]


def despace(text: str) -> str:
    """A spaced-out line joined back: a single space next to a Chinese character or sign goes,
    a space between two numbers or Latin words stays; a line not spaced out is kept as it is
    (it has more Chinese characters side by side than spaced apart)."""
    if " " not in text and "\u00a0" not in text:
        return text
    gaps = _wide_gaps(text)
    if len(gaps) < 2 or len(gaps) <= _tight_pairs(text):
        return text
    drop = set(gaps)
    return "".join(ch for i, ch in enumerate(text) if i not in drop)


# --- Lines ------------------------------------------------------------------------------------------

_FILE_LINE_END = re.compile(r"\r\n|\r|\n")
_SOFT_END = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")  # what str.splitlines splits at


def file_lines(text: str) -> list[Piece]:
    """The file's own lines (between LF, CRLF or CR, as an editor shows them), spaced-out
    lines joined back."""
    lines = _FILE_LINE_END.split(text)
    if len(lines) > 1 and not lines[-1]:
        lines.pop()  # the end of the last line, not a line
    return [Piece.of(despace(line), n) for n, line in enumerate(lines, 1)]


def split_lines(text: str) -> list[str]:
    """Lines at every line end: LF, CRLF, CR, vertical tab, form feed, U+2028/U+2029, NEL."""
    return text.splitlines()


def soft_lines(piece: Piece) -> list[Piece]:
    """A piece cut at every other line end inside it (U+2028, a Word soft break, VT, FF, NEL)."""
    if not _SOFT_END.search(piece.text):
        return [piece]
    out, start = [], 0
    for line in piece.text.splitlines(keepends=True):
        body = line.rstrip("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")
        out.append(piece.cut(start, start + len(body)))
        start += len(line)
    return out or [piece]


def _after(line: str, at: int, chars: frozenset[str], word: str = "") -> bool:
    """Whether what precedes ``at`` (one space or tab between allowed) ends with one of
    ``chars`` or with ``word``."""
    end = at - 1 if at > 0 and line[at - 1] in " \t\u3000" else at
    return end > 0 and (line[end - 1] in chars or (bool(word) and line.endswith(word, 0, end)))


def _markers_inside(line: str) -> list[int]:
    lead = len(line) - len(line.lstrip())
    found = []
    for m in _MARKERS.finditer(line):
        at = m.start()
        if at <= lead:
            continue
        if m.group("paren") or (
            _after(line, at, _BEFORE_CN) if m.group("cn") else _after(line, at, _BEFORE_NUM, "工作日")
        ):
            found.append(at)
    return found


def rebuild_cuts(line: str) -> list[int]:
    """Where a line is cut (before each outline marker and after each sentence) when it holds
    several headings or is longer than any paragraph; none otherwise."""
    cuts = _markers_inside(line)
    if len(cuts) < MERGED_MARKERS and len(line) <= LONG_LINE:
        return []
    return sorted(set(cuts) | {m.start() for m in _AFTER_SENTENCE.finditer(line)} - {0, len(line)})


def rebuild(line: str) -> list[str]:
    """A line cut as :func:`rebuild_cuts` says (the line itself when it is not cut)."""
    return [p.text for p in _rebuilt(Piece.of(line, 1))]


def _rebuilt(piece: Piece) -> list[Piece]:
    cuts = rebuild_cuts(piece.text)
    if not cuts:
        return [piece]
    parts = [piece.cut(a, b) for a, b in zip([0, *cuts], [*cuts, len(piece.text)], strict=False)]
    return [p for p in parts if p.text.strip()]


def plan_pieces(pieces: list[Piece]) -> tuple[tuple[Piece, ...], bool]:
    """The lines of a plan, each with its origins, and whether any were rebuilt from a line
    without breaks."""
    lines: list[Piece] = []
    rebuilt = False
    for piece in pieces:
        for soft in soft_lines(piece):
            parts = _rebuilt(soft)
            rebuilt = rebuilt or len(parts) > 1
            lines += parts
    return tuple(lines), rebuilt


def plan_lines(text: str) -> tuple[tuple[str, ...], bool]:
    """The lines of a plan text, and whether any were rebuilt from a line without breaks."""
    pieces, rebuilt = plan_pieces(file_lines(text))
    return tuple(p.text for p in pieces), rebuilt


_OUTLINE_START = re.compile(
    rf"^\s*(?:[{_CN}]{{1,3}}、|[（(]\s*(?:[{_CN}]{{1,3}}|\d{{1,2}})\s*[）)]|\d{{1,2}}\s*[.、．](?!\d))"
)
_PARAGRAPH_END = re.compile(rf"[{_SENTENCE_END}:：]\s*$")
# A PDF page's number or running footer, printed as a line of its own: "— 4 —", "- 4 -", "第4页 共24页".
PAGE_NUMBER = re.compile(
    r"^\s*(?:[—–\-－]\s*\d{1,4}\s*[—–\-－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)\s*$"
)


def _bare_marker(line: str) -> bool:
    return bool((m := _OUTLINE_START.match(line)) and not line[m.end() :].strip())


def unwrap(lines: list[str]) -> list[str]:
    """Paragraphs back from a PDF's visual lines (see :func:`unwrap_pieces`)."""
    return [p.text for p in unwrap_pieces([Piece.of(line, n) for n, line in enumerate(lines, 1)])]


PAGE_LINES = 8  # a page with fewer lines takes the width of the page before it (or after it)


def _p90(widths: list[int]) -> float:
    widths = sorted(widths)
    return widths[int(0.9 * (len(widths) - 1))] * 0.85


def _full_widths(lines: list[Piece]) -> dict[int | None, float]:
    """What counts as a full line on each page (``None``: a text without pages): 85% of its
    lines' 90th percentile width; a page of few lines (a title page, a paragraph's end) takes
    the nearest fuller page's before it, else after it, else the whole text's."""
    by_page: dict[int | None, list[int]] = {}
    for line in lines:
        if line.text.strip():
            by_page.setdefault(line.at().page, []).append(len(line.text.strip()))
    if not by_page:
        return {}
    everything = _p90([w for widths in by_page.values() for w in widths])
    pages = list(by_page)  # in the text's order
    own = {p: _p90(w) for p, w in by_page.items() if len(w) >= PAGE_LINES}
    fulls: dict[int | None, float] = {}
    for n, page in enumerate(pages):
        if page in own:
            fulls[page] = own[page]
            continue
        before = next((own[q] for q in reversed(pages[:n]) if q in own), None)
        after = next((own[q] for q in pages[n + 1 :] if q in own), None)
        fulls[page] = before if before is not None else (after if after is not None else everything)
    for line in lines:  # a blank page's lines
        fulls.setdefault(line.at().page, everything)
    return fulls


def unwrap_pieces(lines: list[Piece], spaced: frozenset[int] = frozenset()) -> list[Piece]:
    """Paragraphs back from a PDF's visual lines: a line that fills the page width (or was
    spaced out across it: the indices in ``spaced``) and does not end a sentence continues on
    the next, unless that one starts an outline item. The page width is each page's own (a
    landscape list of 300 long rows must not make the portrait body's lines look short)."""
    fulls = _full_widths(lines)
    if not fulls:
        return lines
    out: list[Piece] = []
    joining = False
    for i, line in enumerate(lines):
        full = fulls[line.at().page]
        piece = line.strip()
        text = piece.text
        if joining and text and (not _OUTLINE_START.match(text) or _bare_marker(out[-1].text)):
            out[-1] += piece
        else:
            out.append(piece)
        last = out[-1].text
        wide = i in spaced or len(text) >= full
        joining = (wide or len(last) >= full) and not _PARAGRAPH_END.search(last) if last else False
        if joining and text and not wide:
            joining = False  # a short last line closes the paragraph
        if _bare_marker(last):
            joining = True  # a marker alone ("2.") belongs to the text on the next line
    return out
