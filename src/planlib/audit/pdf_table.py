"""A table's rows rebuilt from a PDF's text positions (:mod:`planlib.audit.pdf_layout`): a
table whose cells wrap over several lines (附件4 涉企行政检查计划表: twelve columns on a landscape
page) reaches the text layer as one short line per cell line, its rows lost.

1. The header: the line that ``is_header`` accepts with the lines just under it (a header cell
   may wrap: 检查 / 类型). Its columns are the vertical rules that cross it when the table is
   ruled; otherwise the header's cells, runs that overlap across its lines, split halfway
   between neighbours.
2. The rows: the bands between the horizontal rules under the header when the table is ruled;
   otherwise a row runs from a line whose first column has text to the next such line. A line
   that crosses a column boundary (a note under the table) ends it.
3. A cell's text: its runs, line by line, joined without spaces (Chinese wraps anywhere; a space
   stays only between two Latin words or numbers, none next to a Chinese character).
4. Pages: a table goes on under its repeated header (or under the same vertical rules at the
   top of the next page); a row whose first column is empty there continues the row before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from planlib.audit.layout import despace
from planlib.audit.pdf_layout import PageLayout, Run, is_wide

HEADER_LINES = 3  # a header cell wraps over at most this many lines
LINE_TOLERANCE = 0.35  # runs whose baselines differ by less than this many ems are on one line
LINE_GAP = 1.9  # ems: a gap this tall between lines ends the header (or an unruled table)
MERGE = 1.5  # points: rules closer than this are one


@dataclass
class TableRow:
    """A table's row: the page it starts on and its cells' texts, one per column."""

    page: int
    cells: list[str]
    pages: set[int] = field(default_factory=set)


@dataclass
class Table:
    header: list[str]
    rows: list[TableRow]
    ruled: bool = False  # columns from the table's rules (else from its header's cells)
    pages: set[int] = field(default_factory=set)
    texts: dict[int, str] = field(default_factory=dict)  # each page's table text, every cell joined


@dataclass(frozen=True)
class _Grid:
    """A table's columns on a page: their boundaries (len = columns + 1), ruled or not."""

    edges: tuple[float, ...]
    ruled: bool
    starts: tuple[float, ...] = ()  # unruled: where each header cell's text starts

    def column(self, x: float) -> int | None:
        if x < self.edges[0] - MERGE * 2 or x >= self.edges[-1] + MERGE:
            return None
        for c in range(len(self.edges) - 1):
            if x < self.edges[c + 1] - 0.01:
                return c
        return len(self.edges) - 2


def lines_of(runs: Sequence[Run]) -> list[list[Run]]:
    """Runs grouped into lines, top to bottom, each line's runs left to right."""
    out: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (-r.y, r.x)):
        if out and abs(out[-1][0].y - run.y) <= LINE_TOLERANCE * max(run.size, out[-1][0].size):
            out[-1].append(run)
        else:
            out.append([run])
    return [sorted(line, key=lambda r: r.x) for line in out]


def _clusters(values: Sequence[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= MERGE:
            continue
        out.append(v)
    return out


def join_text(runs: Sequence[Run]) -> str:
    """A cell's runs as one text: lines top to bottom, runs left to right, no space between
    Chinese characters or across a wrap, one between Latin words or numbers set apart."""
    text = ""
    for line in lines_of(runs):
        prev: Run | None = None
        for run in line:
            piece = run.text
            if text and prev is not None:
                gap = run.x - prev.right
                if gap > 0.25 * run.size and not is_wide(text[-1]) and not is_wide(piece[0]):
                    text += " "
            text += piece
            prev = run
    return _tight(despace(text))


def _tight(text: str) -> str:
    """Spaces next to a Chinese character dropped (justified lines reach the text layer with
    spaces inside a run: 抽查比 例2.8%); a space between Latin words or numbers stays."""
    out = []
    for i, ch in enumerate(text):
        if ch == " " and ((i and is_wide(text[i - 1])) or (i + 1 < len(text) and is_wide(text[i + 1]))):
            continue
        out.append(ch)
    return "".join(out)


def _header_band(page: PageLayout, lines: list[list[Run]], start: int) -> list[list[Run]]:
    """The line ``start`` and the lines under it that continue a header: close below, without a
    figure, and no rule between them (a ruled header ends at its rule)."""
    band = [lines[start]]
    for line in lines[start + 1 : start + HEADER_LINES]:
        above, y = band[-1][0].y, line[0].y
        ruled = any(y < h.at < above and h.start <= line[0].x <= h.end for h in page.horizontals)
        if ruled or above - y > LINE_GAP * line[0].size or any(c.isdigit() for r in line for c in r.text):
            break
        band.append(line)
    return band


def _unruled(band: list[list[Run]]) -> _Grid:
    """Column boundaries from the header's cells (runs overlapping across its lines), halfway
    between neighbours; the outer edges a little outside the first and last cells."""
    spans: list[list[float]] = []
    for run in sorted((r for line in band for r in line), key=lambda r: r.x):
        if spans and run.x <= spans[-1][1] + 0.2 * run.size:
            spans[-1][1] = max(spans[-1][1], run.right)
        else:
            spans.append([run.x, run.right])
    edges = [spans[0][0] - 2 * band[0][0].size]
    edges += [(a[1] + b[0]) / 2 for a, b in zip(spans, spans[1:], strict=False)]
    edges.append(spans[-1][1] + 2 * band[0][0].size)
    return _Grid(tuple(edges), False, tuple(a for a, _ in spans))


def _ruled_edges(page: PageLayout, top: float, bottom: float, left: float, right: float) -> tuple[float, ...]:
    crossing = [v.at for v in page.verticals if v.spans(top, bottom, slack=2.0) and left - 60 <= v.at <= right + 60]
    return tuple(_clusters(crossing))


def _grid(page: PageLayout, band: list[list[Run]]) -> _Grid:
    runs = [r for line in band for r in line]
    top, bottom = max(r.y + 0.8 * r.size for r in runs), min(r.y for r in runs)
    left, right = min(r.x for r in runs), max(r.right for r in runs)
    edges = _ruled_edges(page, top, bottom, left, right)
    if len(edges) >= 3 and edges[0] <= left + 1 and edges[-1] >= right - 1:
        return _Grid(edges, True)
    return _unruled(band)


def _cells(grid: _Grid, runs: Sequence[Run]) -> list[list[Run]]:
    cells: list[list[Run]] = [[] for _ in range(len(grid.edges) - 1)]
    for run in runs:
        c = grid.column(run.x)
        if c is not None:
            cells[c].append(run)
    return cells


def _crosses(grid: _Grid, line: list[Run]) -> bool:
    """Whether a line of an unruled table runs on into the next column's header (a note under
    the table, not a cell)."""
    for run in line:
        c = grid.column(run.x)
        if c is not None and c + 1 < len(grid.starts) and run.right > grid.starts[c + 1] + 0.5 * run.size:
            return True
    return False


def _ruled_bands(page: PageLayout, grid: _Grid, below: float) -> list[tuple[float, float]]:
    """The bands between the horizontal rules under ``below`` that run across at least half the
    table (one rule, or a cell's border after another, as Word draws them)."""
    left, right = grid.edges[0], grid.edges[-1]
    covered: dict[float, float] = {}
    for h in page.horizontals:
        if h.at < below and h.end > left and h.start < right:
            at = next((y for y in covered if abs(y - h.at) <= MERGE), h.at)
            covered[at] = covered.get(at, 0.0) + min(h.end, right) - max(h.start, left)
    ys = sorted((y for y, length in covered.items() if length >= 0.5 * (right - left)), reverse=True)
    return list(zip(ys, ys[1:], strict=False))


def _body(page: PageLayout, grid: _Grid, lines: list[list[Run]], start: int, below: float) -> list[list[list[Run]]]:
    """The rows under a header whose last line is at ``below`` (the body's lines from
    ``start``): each a list of runs per column."""
    if grid.ruled and (bands := _ruled_bands(page, grid, below)):
        inside = [r for r in page.runs if grid.edges[0] - 1 <= r.x < grid.edges[-1]]
        banded = [_cells(grid, [r for r in inside if low < r.y < high]) for high, low in bands]
        return [cells for cells in banded if any(cells)]
    rows: list[list[list[Run]]] = []
    previous = below
    for line in lines[start:]:
        size = line[0].size
        if _crosses(grid, line) or previous - line[0].y > 2 * LINE_GAP * size:
            break
        previous = line[0].y
        cells = _cells(grid, line)
        if not rows or cells[0]:
            rows.append(cells)
        else:
            for c, runs in enumerate(cells):
                rows[-1][c].extend(runs)
    return rows


def _header(
    page: PageLayout, lines: list[list[Run]], is_header, word: str
) -> tuple[int, float, _Grid, list[str]] | None:
    """The header on a page: the index of the line under it, its last baseline, its columns
    and its cells' texts (only lines holding ``word`` are tried as its first)."""
    for i in range(len(lines)):
        if word and not any(word in r.text for r in lines[i]):
            continue  # not a header's first line: its columns are not worked out
        band = _header_band(page, lines, i)
        grid = _grid(page, band)
        texts = [join_text(c) for c in _cells(grid, [r for line in band for r in line])]
        if is_header(texts):
            return i + len(band), band[-1][0].y, grid, texts
    return None


def _continued(page: PageLayout, lines: list[list[Run]], grid: _Grid) -> _Grid | None:
    """The same ruled columns at the top of a page without a repeated header."""
    if not grid.ruled or not lines:
        return None
    top = lines[0][0].y
    edges = _ruled_edges(page, top + 0.8 * lines[0][0].size, top, grid.edges[0], grid.edges[-1])
    if len(edges) == len(grid.edges) and all(abs(a - b) < 2 for a, b in zip(edges, grid.edges, strict=True)):
        return _Grid(edges, True)
    return None


def find_table(pages: Sequence[PageLayout], is_header: Callable[[list[str]], bool], word: str = "") -> Table | None:
    """The first table whose header ``is_header`` accepts (its first line holding ``word``, a
    cheap test before the columns are worked out), with its rows over all its pages."""
    table: Table | None = None
    grid: _Grid | None = None
    for page in pages:
        lines = lines_of(page.runs)
        found = _header(page, lines, is_header, word)
        if found is not None:
            start, below, grid, header = found
        elif table is not None and grid is not None and (same := _continued(page, lines, grid)) is not None:
            start, below, grid, header = 0, lines[0][0].y + 2 * lines[0][0].size, same, table.header
        elif table is not None:
            break  # the table ended on the page before
        else:
            continue
        if table is None:
            table = Table(header, [], grid.ruled)
        table.pages.add(page.number)
        texts_of_page = []
        for cells in _body(page, grid, lines, start, below):
            texts = [join_text(c) for c in cells]
            texts_of_page.extend(texts)
            if table.rows and not texts[0] and len(table.pages) > 1 and page.number not in table.rows[-1].pages:
                last = table.rows[-1]  # the row of the page before goes on
                last.cells = [a + b for a, b in zip(last.cells, texts, strict=False)]
                last.pages.add(page.number)
            else:
                table.rows.append(TableRow(page.number, texts, {page.number}))
        table.texts[page.number] = "".join(header) + "".join(texts_of_page)
    return table
