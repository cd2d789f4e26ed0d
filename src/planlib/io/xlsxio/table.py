"""Reading one sheet as a :class:`Table`: the header found below title rows, blank rows skipped,
cells merged down a column filled, hidden rows noted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from planlib.core.model import FILTERED_ROWS, HIDDEN_ROWS, SheetNote
from planlib.errors import InputError
from planlib.io.xlsxio.book import Book, Sheet
from planlib.io.xlsxio.refs import column_letter
from planlib.io.xlsxio.values import BadValue, T, fold, header_matches, is_blank, norm_header, parse_name, parse_text

HEADER_SEARCH_ROWS = 10


# --- Reading a table -----------------------------------------------------------------------------


def coord(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


@dataclass
class Table:
    """A contract sheet's table: its header row, column positions and non-blank data rows."""

    book: Book
    sheet: str  # the title as in the file
    header_row: int
    columns: dict[str, int]  # contract column -> 1-based index
    headers: dict[int, object]  # every non-blank header cell: index -> value
    cells: dict[int, dict[int, object]]  # row -> col -> value (merged data cells filled down)

    def error(self, message: str, where: str = "") -> InputError:
        return self.book.error(message, self.sheet, where)

    def sheet_is(self, name: str) -> bool:
        return norm_header(self.sheet) == name

    def rows(self) -> Iterator[int]:
        """Data rows below the header with something in a contract column, top to bottom."""
        wanted = set(self.columns.values())
        for r in sorted(self.cells):
            if r > self.header_row and any(not is_blank(v) for c, v in self.cells[r].items() if c in wanted):
                yield r

    def keyed_rows(self, key: str, value: str) -> Iterator[tuple[int, str, str]]:
        """The rows of a key/value sheet (基本信息, 填报核对) that have a key: row, key as typed
        (trimmed), key cell. A row with neither (a note in 项目/说明) is skipped; a value
        without a key is an error."""
        for r in self.rows():
            raw_key, key_cell = self.raw(r, key)
            typed = parse_text(raw_key)
            if fold(typed):
                yield r, typed, key_cell
            elif not is_blank(self.value(r, value)):
                raise self.error(f"填了“{value}”但“{key}”为空", key_cell)

    def raw(self, row: int, column: str | int) -> tuple[object, str]:
        col = column if isinstance(column, int) else self.columns.get(column)
        if col is None:
            return None, ""
        return self.cells.get(row, {}).get(col), coord(row, col)

    def value(self, row: int, column: str | int) -> object:
        """A cell's value, without naming it (what :meth:`raw` gives first)."""
        col = column if isinstance(column, int) else self.columns.get(column)
        return None if col is None else self.cells.get(row, {}).get(col)

    def get(self, row: int, column: str, parse: Callable[[object], T], label: str = "") -> T:
        """A cell parsed by ``parse``; a bad value is an error naming the cell."""
        try:
            return parse(self.value(row, column))
        except BadValue as e:
            raise self.error(f"“{label or column}”{e}", self.raw(row, column)[1]) from None

    def text(self, row: int, column: str, required: bool = False, name: bool = False) -> str:
        """A cell's text; ``name``: on one line (:func:`parse_name`)."""
        value = self.value(row, column)
        text = parse_name(value) if name else parse_text(value)
        if required and not text:
            raise self.error(f"“{column}”不能为空", self.raw(row, column)[1])
        return text

    def cell(self, row: int, column: str) -> str:
        """``sheet!A5``: where a row's value was read, for Plan.cells."""
        return f"{self.sheet}!{self.raw(row, column)[1]}"


def read_table(
    book: Book, name: str, required: tuple[str, ...], optional: tuple[str, ...] = (), empty_is_absent: bool = False
) -> Table | None:
    """The sheet's table, or None if there is no such sheet (or it is blank and may be)."""
    ws = book.sheet(name)
    if ws is None:
        return None
    title = ws.title
    for r, c, value in ws.errors[:1]:
        raise book.error(f"单元格的值是错误值“{value}”（公式出错），请修正后再试", title, coord(r, c))
    cells: dict[int, dict[int, object]] = {}
    for (r, c), v in sorted(ws.cells.items()):
        cells.setdefault(r, {})[c] = v
    if not any(not is_blank(v) for row in cells.values() for v in row.values()):
        if empty_is_absent:
            return None
        raise book.error("工作表是空的，应有表头行：" + "、".join(required), title)

    header_row, missing = find_header(cells, required)
    merges = ws.merges
    for m in merges:
        if m.min_row <= header_row <= m.max_row:
            raise book.error("表头含合并单元格，请取消合并，每列一个表头", title, m.coord)
    if missing:
        raise book.error(f"缺少列（表头应为：{'、'.join(required)}）", title, "、".join(f"列“{n}”" for n in missing))

    columns: dict[str, int] = {}
    headers: dict[int, object] = {}
    for c, v in sorted(cells[header_row].items()):
        if is_blank(v):
            continue
        headers[c] = v
        h = norm_header(v)
        for n in required + optional:
            if header_matches(h, n):
                if n in columns:
                    raise book.error(
                        f"列“{n}”出现了两次（{coord(header_row, columns[n])}、{coord(header_row, c)}）",
                        title,
                        coord(header_row, c),
                    )
                columns[n] = c
    fill_merged_down(book, title, merges, header_row, set(headers), cells)
    note_hidden_rows(book, ws, header_row, set(headers), cells)
    return Table(book, title, header_row, columns, headers, cells)


def note_hidden_rows(book: Book, ws: Sheet, header_row: int, headed: set[int], cells) -> None:
    """Hidden rows with data under the table's headers are read like the others (a spreadsheet's
    SUM counts them too; hiding is a view, not a deletion), and the book notes them so that a
    rule can warn. Rows hidden by an autofilter are told apart from rows hidden by hand."""
    hidden = sorted(
        r
        for r in ws.hidden_rows
        if r > header_row and any(not is_blank(v) for c, v in cells.get(r, {}).items() if c in headed)
    )
    if not hidden:
        return
    span = ws.filter_rows
    by_filter = [r for r in hidden if span and span[0] < r <= span[1]]
    by_hand = [r for r in hidden if r not in by_filter]
    first = min(headed)
    for kind, rows in ((HIDDEN_ROWS, by_hand), (FILTERED_ROWS, by_filter)):
        if rows:
            book.note(SheetNote(kind, ws.title, tuple(rows), tuple(coord(r, first) for r in rows)))


def find_header(cells: dict[int, dict[int, object]], required: tuple[str, ...]) -> tuple[int, list[str]]:
    """The first of the top rows holding every required column (title rows may precede it);
    failing that, the row closest to it and the columns it lacks."""
    best_row, best_missing = min(cells), list(required)
    for r in sorted(cells)[:HEADER_SEARCH_ROWS]:
        found = [norm_header(v) for v in cells[r].values() if not is_blank(v)]
        missing = [n for n in required if not any(header_matches(h, n) for h in found)]
        if len(missing) < len(best_missing):
            best_row, best_missing = r, missing
        if not missing:
            break
    return best_row, best_missing


def fill_merged_down(book: Book, title: str, merges, header_row: int, headed: set[int], cells) -> None:
    """A cell merged down a column (typically 类别) stands for every row it spans."""
    for m in merges:
        if m.max_row <= header_row or not any(m.min_col <= c <= m.max_col for c in headed):
            continue  # title rows above the header, notes beside the table
        if m.min_col != m.max_col:
            raise book.error(f"数据区含跨列的合并单元格 {m.coord}，请取消合并", title, m.coord)
        value = cells.get(m.min_row, {}).get(m.min_col)
        for r in range(m.min_row + 1, m.max_row + 1):
            cells.setdefault(r, {})[m.min_col] = value
