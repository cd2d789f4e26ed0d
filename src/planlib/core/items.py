"""The plan by 检查事项 (docs/contract.md §6, docs/method.md §7): items over the register's
sectors, each entity's planned visits (家次), the items' caps, the upper level's list and the
items × months table. Pure: no I/O.

An entity belongs to every item whose 行业领域 include its own; its planned visits are the sum
of those items' 检查频次. A key unit no item covers keeps the plan's ``key_visits_per_year``
(default 1), a drawn target no item covers one visit, and both are a warning: with every
frequency 1 and every sector covered once, visits equal entities and every figure of the plan
is as without the sheet.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from planlib.core.allocation import largest_remainder
from planlib.core.model import InspectionItem, UpperListed
from planlib.core.register import Entity, KeyAssignment
from planlib.core.rules import ERROR, WARNING, Finding, finding
from planlib.core.schedule import MONTHS, spread

SECTOR_SEPARATOR = "、"


def covering(items: Sequence[InspectionItem], sector: str) -> list[InspectionItem]:
    return [i for i in items if i.covers(sector)]


def sector_frequency(items: Sequence[InspectionItem], sector: str) -> int:
    """Visits a year of an entity of ``sector``: the sum of its items' frequencies (0: no item)."""
    return sum(i.frequency for i in items if i.covers(sector))


def key_visits(e: Entity, items: Sequence[InspectionItem], uncovered: int = 1) -> int:
    """A key unit's planned visits; ``uncovered`` (the plan's key_visits_per_year) when no item covers it."""
    return sector_frequency(items, e.sector) or uncovered


def drawn_visits(e: Entity, items: Sequence[InspectionItem]) -> int:
    """A drawn target's planned visits; one when no item covers it."""
    return sector_frequency(items, e.sector) or 1


def unit_key_visits(assignment: KeyAssignment, items: Sequence[InspectionItem], uncovered: int = 1) -> dict[str, int]:
    """Each enforcement unit's key visits (家次): the sum over its key units."""
    return {unit: sum(key_visits(e, items, uncovered) for e, _ in pairs) for unit, pairs in assignment.by_unit.items()}


def drawn_count(sector_sizes: Mapping[str, int], visits: int, items: Sequence[InspectionItem]) -> int:
    """How many targets to draw so that their visits fit ``visits`` (the general inspections, in
    家次): the largest N ≤ ``visits`` whose stratified sample (N apportioned over the sectors by
    largest remainder, as the draw does) costs Σ n_s × f_s ≤ ``visits``. With every frequency 1 it
    is ``visits`` itself (capped by the frame's size)."""
    sectors = sorted(sector_sizes)
    sizes = [sector_sizes[s] for s in sectors]
    freq = [sector_frequency(items, s) or 1 for s in sectors]
    frame = sum(sizes)
    if not frame:
        return 0
    # Each stratum gets at least its quota − 1, so a sample of N costs at least N × the mean
    # frequency − Σ f_s: no N above this bound can fit, and the search starts there.
    mean = Fraction(sum(s * f for s, f in zip(sizes, freq, strict=True)), frame)
    n = min(visits, frame, math.floor((visits + sum(freq)) / mean))
    while n > 0:
        shares = largest_remainder(n, sizes)
        if sum(k * f for k, f in zip(shares, freq, strict=True)) <= visits:
            return n
        n -= 1
    return 0


def deal_counts(n: int, unit_visits: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """``n`` drawn targets dealt to the units in proportion to their general visits (largest
    remainder); with n = Σ visits each unit gets its own figure."""
    if not unit_visits:
        return []
    shares = largest_remainder(n, [v for _, v in unit_visits]) if sum(v for _, v in unit_visits) else []
    return [(u, k) for (u, _), k in zip(unit_visits, shares, strict=False)]


# --- The items' lines: entities, key, drawn, ratio, visits, months --------------------------------


@dataclass(frozen=True)
class ItemLine:
    """One item's figures: register entities in its sectors, key units and drawn targets it
    covers, the visits they make (家次), and those visits by month."""

    item: InspectionItem
    entities: int  # register entities in the item's sectors (检查对象基数)
    key: int  # key units covered
    drawn: int  # drawn targets covered
    units: tuple[str, ...]  # enforcement units inspecting its entities, workbook order
    key_months: tuple[int, ...] = (0,) * MONTHS  # key visits per month
    general_months: tuple[int, ...] = (0,) * MONTHS  # drawn visits per month

    @property
    def key_visits(self) -> int:
        return self.key * self.item.frequency

    @property
    def drawn_visits(self) -> int:
        return self.drawn * self.item.frequency

    @property
    def visits(self) -> int:
        return self.key_visits + self.drawn_visits

    @property
    def ratio(self) -> Fraction | None:
        """抽查比例 = drawn ÷ entities (None without entities)."""
        return Fraction(self.drawn, self.entities) if self.entities else None

    def month(self, m: int) -> int:
        return self.key_months[m] + self.general_months[m]


def item_lines(
    items: Sequence[InspectionItem],
    register: Sequence[Entity],
    keys: Sequence[tuple[Entity, str]],
    drawn: Mapping[str, int],
    drawing_units: Sequence[str],
    unit_order: Sequence[str],
    weights: Sequence[int],
    key_weights: Sequence[int] | None = None,
) -> tuple[ItemLine, ...]:
    """Every item's line. ``keys`` are (key unit, enforcement unit) pairs; ``drawn`` the 双随机
    sample's size per 行业领域 (the draw's strata: they do not depend on the seed), made by
    ``drawing_units``. The months by the two-way rounding of 附件3
    (:func:`planlib.core.schedule.spread`): rows = items, each adding up to the item's visits,
    each month adding up to its share of all the items' visits (key visits over ``key_weights``,
    e.g. months 1..N with ``key_by_month``, drawn visits over ``weights``)."""
    sector_count: dict[str, int] = {}
    for e in register:
        sector_count[e.sector] = sector_count.get(e.sector, 0) + 1
    bare = []
    for item in items:
        k = [(e, u) for e, u in keys if item.covers(e.sector)]
        d = sum(drawn.get(s, 0) for s in item.sectors)
        used = {u for _, u in k} | (set(drawing_units) if d else set())
        bare.append(
            ItemLine(
                item,
                sum(sector_count.get(s, 0) for s in item.sectors),
                len(k),
                d,
                tuple(u for u in unit_order if u in used),
            )
        )
    key_table = spread([b.key_visits for b in bare], list(key_weights if key_weights is not None else weights))
    general_table = spread([b.drawn_visits for b in bare], list(weights))
    return tuple(
        ItemLine(
            b.item,
            b.entities,
            b.key,
            b.drawn,
            b.units,
            tuple(key_table[m][n] for m in range(MONTHS)),
            tuple(general_table[m][n] for m in range(MONTHS)),
        )
        for n, b in enumerate(bare)
    )


# --- Findings (facts; planlib.text.findings words them) ----------------------------------------------


def cap_findings(
    items: Sequence[InspectionItem],
    visits: Sequence[tuple[Entity, int]],
    entity_cap: int | None,
    where: Mapping[str, str],
    cap_where: str = "",
) -> list[Finding]:
    """An error for each item whose 频次上限 some covered entity's planned visits exceed, and one
    for the authority's ``entity_visit_cap``; ``where`` maps an item to its 频次上限 cell."""
    found = []
    for item in items:
        over = tuple((e, n) for e, n in visits if item.covers(e.sector) and n > item.limit)
        if over:
            names = tuple(i.name for i in covering(items, over[0][0].sector))
            cell = where.get(item.name, "")
            found.append(
                finding("item_cap", ERROR, "item_cap", cell, item=item.name, limit=item.limit, over=over, items=names)
            )
    if entity_cap is not None:
        over = tuple((e, n) for e, n in visits if n > entity_cap)
        if over:
            names = tuple(i.name for i in items if any(i.covers(e.sector) for e, _ in over))
            found.append(
                finding(
                    "entity_visit_cap", ERROR, "entity_visit_cap", cap_where, limit=entity_cap, over=over, items=names
                )
            )
    return found


def coverage_findings(
    items: Sequence[InspectionItem], keys: Sequence[Entity], drawn: Sequence[Entity], where: str
) -> list[Finding]:
    """A warning when a key unit or drawn target belongs to no item: the sectors left uncovered."""
    left = tuple(e for e in (*keys, *drawn) if not covering(items, e.sector))
    if not left:
        return []
    sectors = tuple(sorted({e.sector for e in left}))
    return [finding("item_coverage", WARNING, "item_coverage", where, sectors=sectors, entities=left)]


def upper_findings(keys: Sequence[Entity], upper: Sequence[UpperListed], where: str) -> list[Finding]:
    """A warning for each key unit on the upper level's list (the bureau decides)."""
    listed = {u.code: u for u in upper}
    return [
        finding(
            "upper_list",
            WARNING,
            "upper_list",
            where,
            name=e.name,
            credit_code=e.code,
            department=listed[e.code].department,
        )
        for e in keys
        if e.code in listed
    ]


def frame_without_upper(frame: Sequence[Entity], upper: Sequence[UpperListed]) -> tuple[list[Entity], int]:
    """The 双随机 frame without the entities of 上级检查名单, and how many were left out."""
    codes = {u.code for u in upper}
    kept = [e for e in frame if e.code not in codes]
    return kept, len(frame) - len(kept)
