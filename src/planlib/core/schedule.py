"""The monthly schedule (附件3 月度检查安排表): each unit's key and general inspections spread
over the twelve months in proportion to each month's workdays.

The table must add up both ways: each unit's months to its totals, and each month's units to
the month's total. Rounding every cell on its own breaks one of the two, so it is a two-way
(controlled) rounding:

1. the plan's inspections are apportioned to the months by largest remainder (the month totals);
2. every cell starts at the floor of its exact quota (unit total × month workdays ÷ year's
   workdays); what is left in each month and each unit is then placed, one inspection per cell,
   by a minimum-cost flow from months to units that prefers the cells with the largest
   remainders. A cell is only ever pushed past the ceiling of its quota when no rounding
   within floor and ceiling has those margins (the flow's cost makes that the last resort).

Month weights are the year's arrangement (:func:`planlib.core.calendar.month_workdays`); where
none is known, Monday–Friday days (:func:`planlib.core.calendar.month_weekdays`), and the
schedule says so in ``basis``. Key inspections may be front-loaded: with ``key_by_month`` = N
they are spread over months 1..N only (every key unit covered by the end of month N).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planlib.core.allocation import largest_remainder
from planlib.core.calendar import month_weekdays, month_workdays
from planlib.core.model import HolidayRange

if TYPE_CHECKING:
    from planlib.core.compute import PlanResult

BASIS_ARRANGEMENT = "arrangement"  # the State Council arrangement (or the workbook's 放假安排)
BASIS_WEEKDAYS = "weekdays"  # Monday–Friday days: no arrangement of the year is known
MONTHS = 12


@dataclass(frozen=True)
class Schedule:
    """Inspections per month and unit: ``key[m][u]``, ``general[m][u]`` (month m = 0..11)."""

    year: int
    weights: tuple[int, ...]  # workdays per month used as weights
    basis: str
    units: tuple[str, ...]
    key: tuple[tuple[int, ...], ...]
    general: tuple[tuple[int, ...], ...]
    key_by_month: int | None = None

    def month_total(self, m: int) -> int:
        return sum(self.key[m]) + sum(self.general[m])

    def unit_key(self, u: int) -> int:
        return sum(row[u] for row in self.key)

    def unit_general(self, u: int) -> int:
        return sum(row[u] for row in self.general)


def spread(totals: Sequence[int], weights: Sequence[int]) -> list[list[int]]:
    """A months × units table of whole numbers: column u adds up to ``totals[u]``, row m to the
    largest-remainder share of ``sum(totals)`` for ``weights[m]``; every cell is the floor or
    ceiling of its quota ``totals[u] × weights[m] ÷ sum(weights)`` whenever such a table exists."""
    months, units = len(weights), len(totals)
    whole = sum(weights)
    if any(t < 0 for t in totals) or any(w < 0 for w in weights):
        raise ValueError("totals and weights must be ≥ 0")
    if whole == 0:
        if sum(totals):
            raise ValueError("cannot spread a positive total over zero weights")
        return [[0] * units for _ in range(months)]
    row_totals = largest_remainder(sum(totals), list(weights))
    cells = [[totals[u] * weights[m] // whole for u in range(units)] for m in range(months)]
    row_left = [row_totals[m] - sum(cells[m]) for m in range(months)]
    col_left = [totals[u] - sum(cells[m][u] for m in range(months)) for u in range(units)]
    # remainder of each quota, in units of 1/whole: 0 means the quota is whole
    rem = [[totals[u] * weights[m] % whole for u in range(units)] for m in range(months)]
    for m, u in _place(row_left, col_left, rem, whole):
        cells[m][u] += 1
    return cells


def _place(row_left: list[int], col_left: list[int], rem: list[list[int]], whole: int) -> list[tuple[int, int]]:
    """The cells that receive one more, by a min-cost flow (successive shortest paths, SPFA):
    source → month (capacity row_left) → unit (capacity 1 at cost −remainder where the quota
    has a remainder; unbounded at a prohibitive cost otherwise) → sink (capacity col_left)."""
    months, units = len(row_left), len(col_left)
    flow_total = sum(row_left)
    if flow_total == 0:
        return []
    prohibitive = flow_total * whole + 1  # dearer than any table using only floor/ceiling cells
    source, sink = months + units, months + units + 1
    graph: list[list[int]] = [[] for _ in range(months + units + 2)]
    to: list[int] = []  # edge e and its reverse e ^ 1 are added together
    cap: list[int] = []
    cost: list[int] = []

    def edge(a: int, b: int, capacity: int, price: int) -> None:
        for x, y, c, p in ((a, b, capacity, price), (b, a, 0, -price)):
            graph[x].append(len(to))
            to.append(y)
            cap.append(c)
            cost.append(p)

    for m in range(months):
        edge(source, m, row_left[m], 0)
    for u in range(units):
        edge(months + u, sink, col_left[u], 0)
    cell_edges: list[tuple[int, int, int]] = []
    for m in range(months):
        for u in range(units):
            if rem[m][u]:
                cell_edges.append((len(to), m, u))
                edge(m, months + u, 1, -rem[m][u])
            cell_edges.append((len(to), m, u))
            edge(m, months + u, flow_total, prohibitive)
    sent = 0
    while sent < flow_total:
        dist: list[int | None] = [None] * len(graph)
        back = [-1] * len(graph)
        dist[source] = 0
        queue, queued = deque([source]), {source}
        while queue:
            a = queue.popleft()
            queued.discard(a)
            here = dist[a]
            assert here is not None  # only reached nodes are queued
            for e in graph[a]:
                b, there = to[e], dist[to[e]]
                if cap[e] > 0 and (there is None or here + cost[e] < there):
                    dist[b], back[b] = here + cost[e], e
                    if b not in queued:
                        queue.append(b)
                        queued.add(b)
        if dist[sink] is None:  # cannot happen: the unbounded cells connect every month and unit
            raise AssertionError("no way to complete the schedule")
        path, b = [], sink
        while b != source:
            e = back[b]
            path.append(e)
            b = to[e ^ 1]
        push = min(min(cap[e] for e in path), flow_total - sent)
        for e in path:
            cap[e] -= push
            cap[e ^ 1] += push
        sent += push
    placed: list[tuple[int, int]] = []
    for e, m, u in cell_edges:
        used = cap[e ^ 1]  # flow on the edge = capacity of its reverse
        placed += [(m, u)] * used
    return placed


def month_weights(year: int, arrangement: Iterable[HolidayRange] | None = None) -> tuple[tuple[int, ...], str]:
    """The year's workdays per month and where they come from (BASIS_ARRANGEMENT or BASIS_WEEKDAYS)."""
    months = month_workdays(year, arrangement)
    if months is not None:
        return tuple(months), BASIS_ARRANGEMENT
    return month_weekdays(year), BASIS_WEEKDAYS


def schedule(
    year: int,
    units: Sequence[str],
    key: Sequence[int],
    general: Sequence[int],
    weights: Sequence[int],
    basis: str,
    key_by_month: int | None = None,
) -> Schedule:
    """Spread each unit's ``key`` and ``general`` inspections over the months of ``weights``."""
    if len(weights) != MONTHS:
        raise ValueError("twelve month weights are needed")
    key_weights = list(weights)
    if key_by_month is not None:
        if not 1 <= key_by_month <= MONTHS:
            raise ValueError("key_by_month must be 1–12")
        key_weights = [w if m < key_by_month else 0 for m, w in enumerate(weights)]
    key_table = spread(list(key), key_weights)
    general_table = spread(list(general), list(weights))
    return Schedule(
        year,
        tuple(weights),
        basis,
        tuple(units),
        tuple(map(tuple, key_table)),
        tuple(map(tuple, general_table)),
        key_by_month,
    )


def plan_schedule(result: PlanResult) -> Schedule:
    """The monthly schedule of a computed plan (:class:`planlib.core.compute.PlanResult`): its
    calendar's months (the workbook's 放假安排 or the package's arrangement) when known, else
    Monday–Friday days."""
    months = result.calendar.months
    year = result.plan.year
    if months is not None:
        weights, basis = tuple(months), BASIS_ARRANGEMENT
    else:
        weights, basis = month_weekdays(year), BASIS_WEEKDAYS
    units = result.units
    return schedule(
        year,
        [u.name for u in units],
        [u.key for u in units],
        [u.general for u in units],
        weights,
        basis,
        result.plan.key_by_month,
    )
