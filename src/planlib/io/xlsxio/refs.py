"""Cell references (``AB12``, ``A5:A8``) without a spreadsheet library: what reading needs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
MAX_COLUMN = 16384  # XFD
MAX_ROW = 1048576


@lru_cache(maxsize=1024)  # every cell read names its column; a plan's sheets use a few dozen
def column_letter(col: int) -> str:
    """1 → ``A``, 28 → ``AB``."""
    if not 1 <= col <= MAX_COLUMN:
        raise ValueError(f"column out of range: {col}")
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """``A`` → 1, ``ab`` → 28."""
    n = 0
    for ch in letters.upper():
        if not "A" <= ch <= "Z":
            raise ValueError(f"not a column: {letters!r}")
        n = n * 26 + ord(ch) - 64
    if not 1 <= n <= MAX_COLUMN:
        raise ValueError(f"column out of range: {letters!r}")
    return n


def cell_ref(ref: str) -> tuple[int, int]:
    """``AB12`` → (12, 28)."""
    m = _REF.fullmatch(ref.strip())
    if m is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(m.group(2)), column_number(m.group(1))


@dataclass(frozen=True)
class CellRange:
    """A rectangle of cells, 1-based and inclusive (a merged range, an autofilter)."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int

    @property
    def coord(self) -> str:
        first = f"{column_letter(self.min_col)}{self.min_row}"
        last = f"{column_letter(self.max_col)}{self.max_row}"
        return first if first == last else f"{first}:{last}"

    @classmethod
    def parse(cls, text: str) -> CellRange:
        """``A5:A8`` or ``B3``; a ValueError when it is neither."""
        first, _, last = text.partition(":")
        r0, c0 = cell_ref(first)
        r1, c1 = cell_ref(last) if last else (r0, c0)
        return cls(min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1))
