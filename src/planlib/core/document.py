"""The filed document's own parts as the workbook states them: the bureau's prose (sheet
计划正文) and its key-inspection categories (sheet 重点检查类别).

Plain data only; the wording that fills placeholders and the document's layout live in
:mod:`planlib.text.document`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Levels of a prose row (the same names as planlib.text.report's block kinds), and two markers.
TITLE, H1, H2, H3, BODY = "title", "h1", "h2", "h3", "body"
COMPUTED = "computed"  # where the computed sections (四 to 六 of the reference) go
REWRITE = "rewrite"  # replace one line of the computed sections by the bureau's own wording
PROSE_LEVELS = (TITLE, H1, H2, H3, BODY, COMPUTED, REWRITE)


@dataclass(frozen=True)
class ProseRow:
    """One row of 计划正文. For COMPUTED, ``text`` is the numeral of the first computed section
    (blank: the one after the last numbered 一级 heading above it); for REWRITE, ``original``
    is the computed line as planlib writes it and ``text`` the wording that replaces it."""

    level: str
    text: str
    original: str = ""
    where: str = field(default="", compare=False)  # the cell it was read from (not part of its value)


@dataclass(frozen=True)
class KeyCategory:
    """A class of key units (e.g. 安全生产风险等级较高的生产经营单位) and who inspects how many."""

    name: str
    description: str
    counts: tuple[tuple[str, int], ...]  # (unit, key inspections), in the sheet's order
    where: str = field(default="", compare=False)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)
