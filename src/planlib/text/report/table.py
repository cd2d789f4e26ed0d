"""The generic :class:`Table`: plain rows with Chinese headers and column kinds, displayed in a
notebook as HTML and aligned text, and as a pandas frame on request.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from planlib.text.numbers import number, share_text

if TYPE_CHECKING:
    import pandas as pd

# ---------------------------------------------------------------- tables

TEXT, INT, DAYS, NUMBER, PERCENT = "text", "int", "days", "number", "percent"


@dataclass(frozen=True)
class Column:
    name: str  # the Chinese header
    kind: str = TEXT  # TEXT, INT, DAYS (workdays, whole or not), NUMBER (two places), PERCENT (0.00%)


@dataclass(frozen=True)
class Table:
    """A table of the plan: ``name`` is short (a sheet name), ``title`` says what it shows."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    total_row: bool = False  # the last row is a 合计 row

    @property
    def headers(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def indexed(self) -> bool:
        """The table numbers its own rows (a 序号 column); otherwise rows are numbered from 1."""
        return self.headers[0] == "序号"

    def shown_rows(self) -> list[list[Any]]:
        """The rows as displayed: percentages as text (60.47%), workdays as the plan writes
        them, blanks as empty; whole numbers stay numbers."""

        def show(value: Any, column: Column) -> Any:
            if value is None:
                return ""
            if column.kind == PERCENT:
                return share_text(value)
            if column.kind in (DAYS, NUMBER):
                return number(value)
            return value

        return [[show(v, c) for v, c in zip(row, self.columns, strict=False)] for row in self.rows]

    def _labelled(self) -> tuple[list[str], list[list[str]]]:
        """Header and rows as text, the row label first (序号, or 1, 2, … like a DataFrame's index)."""
        rows = self.shown_rows()
        if self.indexed:
            return self.headers, [["" if r[0] == "" else str(r[0]), *map(str, r[1:])] for r in rows]
        return ["", *self.headers], [[str(n), *map(str, r)] for n, r in enumerate(rows, 1)]

    def _repr_html_(self) -> str:
        """The notebook's (and the HTML export's) view: a plain table, as a DataFrame renders."""
        import html  # only the notebook's view escapes

        header, rows = self._labelled()

        def cells(tag: str, values: Iterable[str]) -> str:
            return "".join(f"<{tag}>{html.escape(v)}</{tag}>" for v in values)

        body = "".join(f"<tr>{cells('th', r[:1])}{cells('td', r[1:])}</tr>" for r in rows)
        return (
            f'<table class="dataframe"><thead><tr style="text-align: right;">{cells("th", header)}</tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )

    def to_text(self) -> str:
        """Aligned plain text (Chinese characters count double), right-aligned like a DataFrame."""
        header, rows = self._labelled()
        widths = [max(text_width(r[c]) for r in [header, *rows]) for c in range(len(header))]

        def line(values: list[str]) -> str:
            return "  ".join(" " * (w - text_width(v)) + v for v, w in zip(values, widths, strict=False)).rstrip()

        return "\n".join(line(r) for r in [header, *rows])

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(self.to_text())

    def to_frame(self) -> pd.DataFrame:
        """The table as a pandas DataFrame of numbers, for analysts to sort, filter and chart
        (shares as fractions, workdays as numbers); notebooks that only show a table display
        the Table itself and spare the kernel the pandas import."""
        import pandas as pd

        def value(v: Any) -> Any:
            return float(v) if isinstance(v, Fraction) else v

        frame = pd.DataFrame([[value(v) for v in row] for row in self.rows], columns=self.headers)
        if self.indexed:
            return frame.set_index("序号")
        frame.index = pd.RangeIndex(1, len(frame) + 1)
        return frame


def text_width(value: object) -> int:
    """Columns ``value`` takes in a monospaced display: wide (Chinese) characters count two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
