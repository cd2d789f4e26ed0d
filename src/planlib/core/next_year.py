"""Next year's plan from this year's (docs/contract.md §7): the same units, settings and items, the
history moved on by a year. Pure: no I/O.

The history keeps the two latest years before the plan year and adds the plan year with its
actual figures: each item's workdays from the ledger's 实际工作日, the officers from 执法人员. So
next year's 三年平均 and 三年人均 items use year−1, year and (for the new plan year + 1) the three
years before it. Settings that belong to one year only are left blank: the calendar overrides
(``workdays_per_person``, ``statutory_holidays``), the document's 文号 and 成文日期, the draw's
``random_seed``; the 放假安排 is the old year's and is dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from planlib.core.model import HISTORY_METHODS, METHOD_NOT_COUNTED, Number, Plan, WorkdayItem

HISTORY_SPAN = 3  # years of history the methods use


def kept(history: Mapping[int, Number], plan_year: int) -> dict[int, Number]:
    """The history years still within the next plan's three: plan_year − 2 and plan_year − 1."""
    return {y: v for y, v in sorted(history.items()) if plan_year - HISTORY_SPAN < y < plan_year}


def needs_actual(item: WorkdayItem) -> bool:
    """An item whose next-year estimate needs this year's actual figure."""
    return item.method != METHOD_NOT_COUNTED and (item.method in HISTORY_METHODS or bool(item.history))


def next_year_plan(plan: Plan, actual: Mapping[tuple[str, str], Number]) -> tuple[Plan, tuple[WorkdayItem, ...]]:
    """The next year's plan, and the items that needed an actual figure and had none.

    ``actual`` maps (类别, 项目 as the plan spells it) to the year's actual workdays."""
    year = plan.year
    items: list[WorkdayItem] = []
    missing: list[WorkdayItem] = []
    for item in plan.items:
        history = kept(item.history, year)
        value = actual.get((item.category, item.name))
        if value is not None:
            history[year] = value
        elif needs_actual(item):
            missing.append(item)
        items.append(replace(item, history=history))
    staff = kept(plan.staff_history, year) | {year: plan.enforcement_staff}
    nxt = plan.with_changes(
        year=year + 1,
        items=tuple(items),
        staff_history=staff,
        holidays=None,
        workdays_per_person=None,
        statutory_holidays=None,
        doc_number=None,
        doc_date=None,
        random_seed=None,
        source="",
        cells={},
        notes=(),
    )
    return nxt, tuple(missing)
