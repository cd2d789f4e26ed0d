"""The three-year history behind each estimate (docs/method.md §4), as plain data.

For every workday item: the actual workdays of the three years before the plan year, the
officers and the workdays per officer of each year, the estimate (method, values, mean,
rounding; :func:`planlib.text.report.history.derivation` words how it was derived) and
whether the latest year departs from the three-year mean by more than a threshold, so the
analyst looks at that item before signing the plan off.

The departure is measured on what the method averages: workdays per officer for
``三年人均`` items (a growing staff should not flag an item), workdays for every other item.
Pure and exact: fractions throughout, no pandas, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from planlib.core.estimation import Estimate, EstimationError, estimate, history_years
from planlib.core.model import METHOD_PER_OFFICER, Plan, WorkdayItem

# An item is flagged when its latest year departs from the three-year mean by more than this.
DEFAULT_THRESHOLD = Fraction(1, 5)  # 20%

BASIS_WORKDAYS = "工作日"
BASIS_PER_OFFICER = "人均工作日"


@dataclass(frozen=True)
class ItemHistory:
    """One item's three years, its estimate and the flag."""

    category: str
    name: str
    method: str
    years: tuple[int, ...]  # the three years before the plan year, oldest first
    values: tuple[Fraction | None, ...]  # actual workdays per year; None = not given
    staff: tuple[int | None, ...]  # officers per year (历史数据 “人员/执法人员数”)
    per_officer: tuple[Fraction | None, ...]  # workdays per officer per year
    estimate: Estimate | None  # None when the method cannot be applied (see ``problem``)
    problem: str  # why there is no estimate, in Chinese; "" otherwise
    officers: int  # the plan year's officers (what 三年人均 multiplies by)
    basis: str  # what the departure compares: BASIS_WORKDAYS or BASIS_PER_OFFICER
    mean: Fraction | None  # three-year mean of the compared measure
    latest: Fraction | None  # the latest year's value of the compared measure
    departure: Fraction | None  # (latest − mean) ÷ mean; None when not computable
    flagged: bool

    @property
    def complete(self) -> bool:
        return all(v is not None for v in self.values)


def as_threshold(value: Fraction | int | float | str) -> Fraction:
    """A threshold typed as 0.2, "20%" or a Fraction, exactly (0.2 → 1/5, not the binary float)."""
    if isinstance(value, str) and value.strip().endswith("%"):
        threshold = Fraction(value.strip()[:-1]) / 100
    else:
        threshold = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    if threshold <= 0:
        raise ValueError(f"偏离阈值应大于0，而不是{value}")
    return threshold


def departure(latest: Fraction, mean: Fraction) -> Fraction | None:
    """(latest − mean) ÷ mean, or None when the mean is zero."""
    return None if mean == 0 else (Fraction(latest) - mean) / mean


def item_history(item: WorkdayItem, plan: Plan, threshold: Fraction = DEFAULT_THRESHOLD) -> ItemHistory:
    """The history, estimate and flag of one item of ``plan``."""
    years = history_years(plan.year)
    values = tuple(None if item.history.get(y) is None else Fraction(item.history[y]) for y in years)
    staff = tuple(plan.staff_history.get(y) or None for y in years)
    per_officer = tuple(None if v is None or not s else v / s for v, s in zip(values, staff, strict=True))
    try:
        est, problem = estimate(item, plan.year, plan.enforcement_staff, plan.staff_history), ""
    except EstimationError as e:
        est, problem = None, str(e)

    per_officer_basis = item.method == METHOD_PER_OFFICER
    series = per_officer if per_officer_basis else values
    mean: Fraction | None = None
    latest: Fraction | None = None
    change: Fraction | None = None
    flagged = False
    known = [v for v in series if v is not None]
    if len(known) == len(series):
        mean = sum(known, Fraction(0)) / len(known)
        latest = known[-1]
        change = departure(latest, mean)
        flagged = latest != 0 if change is None else abs(change) > Fraction(threshold)
    return ItemHistory(
        category=item.category,
        name=item.name,
        method=item.method,
        years=years,
        values=values,
        staff=staff,
        per_officer=per_officer,
        estimate=est,
        problem=problem,
        officers=plan.enforcement_staff,
        basis=BASIS_PER_OFFICER if per_officer_basis else BASIS_WORKDAYS,
        mean=mean,
        latest=latest,
        departure=change,
        flagged=flagged,
    )


def plan_history(plan: Plan, threshold: Fraction = DEFAULT_THRESHOLD) -> tuple[ItemHistory, ...]:
    """Every item's history, in the workbook's order."""
    return tuple(item_history(item, plan, threshold) for item in plan.items)


def flagged(histories: Iterable[ItemHistory]) -> tuple[ItemHistory, ...]:
    return tuple(h for h in histories if h.flagged)


def staff_series(plan: Plan) -> tuple[tuple[int, int | None], ...]:
    """(year, officers) for the three history years and the plan year (the units' sum)."""
    years = history_years(plan.year)
    return tuple((y, plan.staff_history.get(y) or None) for y in years) + ((plan.year, plan.enforcement_staff),)
