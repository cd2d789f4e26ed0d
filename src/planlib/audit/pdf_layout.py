"""Where a PDF page's text and ruling lines are: the text runs with their baselines and the
vertical and horizontal rules its tables are drawn with, read through pypdf's visitors in the
same pass that extracts the text (:func:`planlib.audit.formats.pdf_pages`).

A table's cells wrap over several lines, and a PDF's text layer gives one line per cell line
(a row of twelve cells becomes dozens of short lines); its runs' positions and the table's rules
are what :mod:`planlib.audit.pdf_table` rebuilds the rows from. Positions are in points from the
page's lower left corner as the page is shown (the text matrix times the current transformation
matrix, turned by the page's /Rotate: a landscape page printed as a turned portrait one reads
the same).
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field

RULE_THICKNESS = 2.0  # points: a filled rectangle this thin is a rule (Word draws borders so)
RULE_MIN = 4.0  # points: shorter strokes are not a table's rules (ticks, underlines of one character)
LATIN_EM = 0.55  # the width of a digit or Latin letter in ems, for estimates (no font metrics are read)


def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WFA"


@dataclass(frozen=True)
class Run:
    """A piece of text as the page draws it: its start and baseline (points) and its size."""

    x: float
    y: float
    size: float
    text: str

    @property
    def width(self) -> float:
        """An estimate (a Chinese character is one em, anything else LATIN_EM)."""
        return self.size * sum(1.0 if is_wide(c) else LATIN_EM for c in self.text)

    @property
    def right(self) -> float:
        return self.x + self.width


@dataclass(frozen=True)
class Rule:
    """A straight rule: vertical (``at`` is its x, from ``start`` to ``end`` in y) or
    horizontal (``at`` is its y, from ``start`` to ``end`` in x)."""

    at: float
    start: float
    end: float

    def spans(self, a: float, b: float, slack: float = 1.0) -> bool:
        """Whether the rule runs from ``a`` to ``b`` (either order)."""
        lo, hi = min(a, b), max(a, b)
        return self.start - slack <= lo and hi <= self.end + slack


@dataclass(eq=False)  # compared and hashed as itself: a Document holding pages stays hashable
class PageLayout:
    """One page's runs and rules."""

    number: int  # 1-based
    runs: list[Run] = field(default_factory=list)
    verticals: list[Rule] = field(default_factory=list)
    horizontals: list[Rule] = field(default_factory=list)


def _apply(m, x: float, y: float) -> tuple[float, float]:
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


def _times(a, b) -> tuple[float, ...]:
    """The 3×3 product of two PDF matrices (a, b, c, d, e, f), ``a`` applied first."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


class LayoutCollector:
    """pypdf's ``visitor_text`` and ``visitor_operand_before`` for one page: the runs, and the
    rules of each painted path (a clipping path, ended by ``n``, is dropped)."""

    def __init__(self, number: int, rotation: int = 0, box: tuple[float, float, float, float] = (0, 0, 0, 0)):
        self.layout = PageLayout(number)
        self._rotation = rotation % 360
        self._box = box  # the media box: left, bottom, right, top
        self._path: list[tuple[tuple[float, float], tuple[float, float]]] = []
        self._boxes: list[tuple[float, float, float, float]] = []
        self._at: tuple[float, float] | None = None

    def text(self, text, cm, tm, font, size) -> None:
        """A run (a layout the collector cannot follow is left out: the text is read all the same)."""
        try:
            self._text(text, cm, tm, size)
        except Exception:  # never let a position break the extraction of the text
            return

    def _text(self, text, cm, tm, size) -> None:
        if not text or not text.strip():
            return
        m = _times([float(v) for v in tm], [float(v) for v in cm])
        x, y = self._shown(m[4], m[5])
        scale = math.hypot(m[2], m[3]) or 1.0
        for part in text.splitlines():
            if part.strip():
                self.layout.runs.append(Run(x, y, float(size or 0) * scale or 10.0, part.strip()))

    def operand(self, op, args, cm, tm) -> None:
        try:
            if op == b"m":
                self._at = self._shown(*_apply(cm, float(args[0]), float(args[1])))
            elif op == b"l" and self._at is not None:
                end = self._shown(*_apply(cm, float(args[0]), float(args[1])))
                self._path.append((self._at, end))
                self._at = end
            elif op == b"re":
                x, y, w, h = (float(a) for a in args[:4])
                x0, y0 = self._shown(*_apply(cm, x, y))
                x1, y1 = self._shown(*_apply(cm, x + w, y + h))
                self._boxes.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
            elif op in (b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
                self._paint()
            elif op == b"n":
                self._path, self._boxes, self._at = [], [], None
        except Exception:  # a malformed operand is not a rule; the text is read all the same
            self._path, self._boxes, self._at = [], [], None

    def _shown(self, x: float, y: float) -> tuple[float, float]:
        """A point of the page's space as the page is shown (turned clockwise by /Rotate)."""
        left, bottom, right, top = self._box
        x, y = x - left, y - bottom
        width, height = right - left, top - bottom
        if self._rotation == 90:
            return y, width - x
        if self._rotation == 180:
            return width - x, height - y
        if self._rotation == 270:
            return height - y, x
        return x, y

    def _paint(self) -> None:
        for (x0, y0), (x1, y1) in self._path:
            self._segment(x0, y0, x1, y1)
        for x0, y0, x1, y1 in self._boxes:
            if x1 - x0 <= RULE_THICKNESS:
                self._segment((x0 + x1) / 2, y0, (x0 + x1) / 2, y1)
            elif y1 - y0 <= RULE_THICKNESS:
                self._segment(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2)
            else:  # a cell's box: its four edges
                for edge in ((x0, y0, x0, y1), (x1, y0, x1, y1), (x0, y0, x1, y0), (x0, y1, x1, y1)):
                    self._segment(*edge)
        self._path, self._boxes, self._at = [], [], None

    def _segment(self, x0: float, y0: float, x1: float, y1: float) -> None:
        if abs(x1 - x0) < 0.5 and abs(y1 - y0) >= RULE_MIN:
            self.layout.verticals.append(Rule((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
        elif abs(y1 - y0) < 0.5 and abs(x1 - x0) >= RULE_MIN:
            self.layout.horizontals.append(Rule((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
