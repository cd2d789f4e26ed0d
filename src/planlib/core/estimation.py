"""Estimating each workday item for the plan year (docs/method.md §4).

Methods (the workbook's ``测算方法``):

- ``填报``: the figure the units submitted (``填报值``).
- ``三年平均``: the mean of the actual workdays of the three years before the plan year.
- ``三年人均``: the three-year mean of workdays per enforcement officer (each year's workdays
  ÷ that year's officers), times this year's officers. Headcount what-ifs move these items.
- ``上年``: last year's actual workdays.
- ``不计``: listed with no workdays (its 说明 is printed in their place).

One rounding rule: each item is rounded half up to a whole workday (:func:`round_half_up`);
category totals are the sums of the rounded items, so parts always add up. Arithmetic is
exact (fractions) until that single rounding, so no binary floating-point error can tip a
half either way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeVar, cast

from planlib.core.model import (
    METHOD_LAST_YEAR,
    METHOD_MEAN,
    METHOD_NOT_COUNTED,
    METHOD_PER_OFFICER,
    METHOD_REPORTED,
    Number,
    WorkdayItem,
)
from planlib.errors import PlanlibError

HISTORY_YEARS = 3
T = TypeVar("T")


class EstimationError(PlanlibError, ValueError):
    """An item whose method cannot be applied (message in Chinese)."""


def round_half_up(value: Number) -> int:
    """Round to the nearest whole number, halves away from zero (97.5 → 98, not banker's 98/96)."""
    value = Fraction(value)
    if value < 0:
        return -round_half_up(-value)
    return int(value + Fraction(1, 2))  # int() truncates towards zero


def history_years(plan_year: int) -> tuple[int, ...]:
    """The three years before the plan year, oldest first."""
    return tuple(range(plan_year - HISTORY_YEARS, plan_year))


@dataclass(frozen=True)
class Estimate:
    """An item's estimate and how it was derived (for the history notebook and audits)."""

    workdays: int  # rounded half up
    exact: Fraction  # before rounding
    method: str
    basis: tuple[tuple[int, Fraction], ...] = ()  # (year, value) the method used
    per_officer: tuple[tuple[int, Fraction], ...] = ()  # 三年人均: (year, workdays per officer)
    mean: Fraction | None = None  # the three-year mean (of workdays, or per officer)


def estimate(item: WorkdayItem, plan_year: int, staff: int, staff_history: dict[int, int]) -> Estimate:
    """Estimate ``item`` for ``plan_year`` with ``staff`` officers counted this year."""
    method = item.method
    if method == METHOD_NOT_COUNTED:
        return Estimate(0, Fraction(0), method)
    if method == METHOD_REPORTED:
        exact = Fraction(item.reported)
        return Estimate(round_half_up(exact), exact, method)
    if method == METHOD_LAST_YEAR:
        (year,) = _need_history(item, (plan_year - 1,))
        exact = Fraction(item.history[year])
        return Estimate(round_half_up(exact), exact, method, basis=((year, exact),))
    years = _need_history(item, history_years(plan_year))
    basis = tuple((y, Fraction(item.history[y])) for y in years)
    if method == METHOD_MEAN:
        mean = sum((v for _, v in basis), Fraction(0)) / len(basis)
        return Estimate(round_half_up(mean), mean, method, basis=basis, mean=mean)
    if method == METHOD_PER_OFFICER:
        missing = [y for y in years if not staff_history.get(y)]
        if missing:
            raise EstimationError(
                f"项目“{item.name}”按三年人均测算，需要{'、'.join(f'{y}年' for y in missing)}的执法人员数"
                "（历史数据“人员/执法人员数”行）"
            )
        rates = tuple((y, v / staff_history[y]) for y, v in basis)
        mean = sum((r for _, r in rates), Fraction(0)) / len(rates)
        exact = mean * staff
        return Estimate(round_half_up(exact), exact, method, basis=basis, per_officer=rates, mean=mean)
    raise EstimationError(f"项目“{item.name}”的测算方法“{method}”无效")


class Estimates:
    """A memo of :func:`estimate` for computing many variants of one plan (the sensitivity rows,
    the inverse searches): each item is estimated once, or once per staff when it is estimated
    per officer, with the very same results as :func:`estimate` (only the repetition is skipped).
    :func:`~planlib.core.compute.estimate_category` keeps its categories here the same way.

    Objects are keys by identity (a :class:`~planlib.core.model.WorkdayItem` keeps its history in
    a dict, so it has no hash); the memo holds a reference to everything it was keyed by, so no
    identity is reused while it lives. Meant to live for one batch of computations and be dropped
    with it.
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[object, ...], tuple[tuple[object, ...], Any]] = {}

    def __call__(self, item: WorkdayItem, plan_year: int, staff: int, staff_history: dict[int, int]) -> Estimate:
        def made() -> Estimate:
            return estimate(item, plan_year, staff, staff_history)

        if item.method == METHOD_PER_OFFICER:  # the only method that uses the staff
            return self.recall(("item", plan_year, staff), (item, staff_history), made)
        return self.recall(("item", plan_year), (item,), made)

    def recall(self, key: tuple[object, ...], objects: tuple[object, ...], make: Callable[[], T]) -> T:
        """What ``make()`` gives for ``key`` and these very ``objects``: made the first time only."""
        full = (*key, *map(id, objects))
        seen = self._seen.get(full)
        if seen is not None and all(a is b for a, b in zip(seen[0], objects, strict=True)):
            return cast(T, seen[1])
        made = make()
        self._seen[full] = (objects, made)
        return made


def _need_history(item: WorkdayItem, years: tuple[int, ...]) -> tuple[int, ...]:
    missing = [y for y in years if item.history.get(y) is None]
    if missing:
        raise EstimationError(
            f"项目“{item.name}”按{item.method}测算，缺少{'、'.join(f'{y}年' for y in missing)}的历史数据"
        )
    return years
