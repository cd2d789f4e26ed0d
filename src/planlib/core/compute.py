"""The plan computation (method.md §1): from a :class:`~planlib.core.model.Plan` to every figure.

total workdays → other enforcement → non-enforcement → inspection workdays → key inspections
→ general workdays and inspections → the 双随机 minimum → shares → units.

It is pure (no I/O, no mutation) and exact (integers and fractions), and it never refuses a
plan whose figures do not work out (say, more key inspections than workdays allow): it
computes what follows and leaves the verdict to :mod:`planlib.core.rules`. The what-if dashboard
calls it on every slider move, so it stays far below a millisecond.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from planlib.core.allocation import largest_remainder
from planlib.core.calendar import YearCalendar, year_calendar
from planlib.core.estimation import Estimate, estimate
from planlib.core.model import NON_ENFORCEMENT, OTHER_ENFORCEMENT, Plan

# How the key inspections were arrived at.
KEY_FROM_UNITS = "units"  # the units' 重点检查家数 (the key-unit register)
KEY_FROM_MIN_SHARE = "min_share"  # no unit gave key counts: the smallest count meeting key_share_min


@dataclass(frozen=True)
class ItemResult:
    name: str
    estimate: Estimate
    note: str = ""

    @property
    def workdays(self) -> int:
        return self.estimate.workdays

    @property
    def method(self) -> str:
        return self.estimate.method


@dataclass(frozen=True)
class CategoryResult:
    """A workday category: its total is the sum of its rounded items."""

    category: str
    items: tuple[ItemResult, ...]

    @property
    def total(self) -> int:
        return sum(i.workdays for i in self.items)


@dataclass(frozen=True)
class UnitResult:
    name: str
    staff: int
    key: int
    general: int

    @property
    def total(self) -> int:
        return self.key + self.general


@dataclass(frozen=True)
class PlanResult:
    """Every figure of the plan's sections 四 to 六. Only what the computation decides is
    stored; the rest of the chain derives from it, so its parts always add up. Shares are
    exact fractions (``None`` when their denominator is missing or zero);
    :func:`planlib.io.contract.to_contract` rounds them."""

    plan: Plan
    calendar: YearCalendar
    other_enforcement: CategoryResult
    non_enforcement: CategoryResult
    key_inspections: int
    general_inspections: int
    units: tuple[UnitResult, ...]
    key_source: str

    @property
    def enforcement_staff(self) -> int:
        return self.plan.enforcement_staff

    @property
    def total_workdays(self) -> int:
        """总法定工作日 = 国家法定工作日 × 执法人员."""
        return self.calendar.workdays_per_person * self.enforcement_staff

    @property
    def inspection_workdays(self) -> int:
        """监督检查工作日 = total − other enforcement − non-enforcement (may be ≤ 0: rules say so)."""
        return self.total_workdays - self.other_enforcement.total - self.non_enforcement.total

    @property
    def key_workdays(self) -> int:
        return key_workdays(self.key_inspections, _days(self.plan.days_per_key_inspection))

    @property
    def general_workdays(self) -> int:
        return self.inspection_workdays - self.key_workdays

    @property
    def random_min(self) -> int:
        """The fewest general inspections to draw by 双随机."""
        return math.ceil(self.general_inspections * Fraction(self.plan.random_share_min))

    @property
    def workdays_per_person(self) -> int:
        return self.calendar.workdays_per_person

    @property
    def planned_inspections(self) -> int:
        return self.key_inspections + self.general_inspections

    @property
    def general_workdays_unused(self) -> int:
        """General workdays left over after the whole general inspections. Like the key
        inspections', their days are rounded up (a started day is spent), so what is left is a
        whole number of days even for 1.5-day inspections."""
        spent = key_workdays(self.general_inspections, _days(self.plan.days_per_general_inspection))
        return max(0, self.general_workdays) - spent

    @property
    def staff_share(self) -> Fraction | None:
        return _ratio(self.enforcement_staff, self.plan.headcount)

    @property
    def plan_ratio(self) -> Fraction | None:
        return _ratio(self.planned_inspections, self.plan.entity_base)

    @property
    def key_share(self) -> Fraction | None:
        return _ratio(self.key_inspections, self.planned_inspections)

    @property
    def general_share(self) -> Fraction | None:
        return _ratio(self.general_inspections, self.planned_inspections)


def _ratio(numerator: int, denominator: int | None) -> Fraction | None:
    return Fraction(numerator, denominator) if denominator else None


def _days(value: int | Fraction) -> Fraction:
    days = Fraction(value)
    if days <= 0:
        raise ValueError("workdays per inspection must be positive")
    return days


def estimate_category(plan: Plan, category: str, staff: int | None = None) -> CategoryResult:
    """Estimate every item of ``category`` for the plan year (with ``staff`` officers)."""
    staff = plan.enforcement_staff if staff is None else staff
    items = []
    for item in plan.items_of(category):
        est = estimate(item, plan.year, staff, plan.staff_history)
        items.append(ItemResult(item.name, est, item.note))
    return CategoryResult(category, tuple(items))


def compute(plan: Plan, mode: str | None = None) -> PlanResult:
    """Compute the whole plan; ``mode`` overrides the workbook's ``workday_mode``."""
    cal = year_calendar(
        plan.year, mode or plan.workday_mode, plan.statutory_holidays, plan.workdays_per_person
    )
    staff = plan.enforcement_staff
    other = estimate_category(plan, OTHER_ENFORCEMENT, staff)
    non = estimate_category(plan, NON_ENFORCEMENT, staff)
    inspection = cal.workdays_per_person * staff - other.total - non.total

    day_key = _days(plan.days_per_key_inspection)
    day_general = _days(plan.days_per_general_inspection)
    unit_keys = [u.key_inspections for u in plan.units]
    if sum(unit_keys) > 0:
        key, key_source = sum(unit_keys), KEY_FROM_UNITS
    else:
        key = min_key_inspections(inspection, day_key, day_general, plan.key_share_min)
        key_source = KEY_FROM_MIN_SHARE
        unit_keys = largest_remainder(key, [u.staff for u in plan.units]) if plan.units else []
    general = general_inspections(inspection, key_workdays(key, day_key), day_general)
    weights = [u.general_weight for u in plan.units]
    unit_general = (
        largest_remainder(general, weights) if sum(weights) > 0 else [0] * len(plan.units)
    )
    units = tuple(
        UnitResult(u.name, u.staff, k, g) for u, k, g in zip(plan.units, unit_keys, unit_general, strict=True)
    )
    return PlanResult(plan, cal, other, non, key, general, units, key_source)


def key_workdays(key: int, day_key: Fraction) -> int:
    """Whole workdays for ``key`` inspections, a fractional total rounded up (a started day is spent)."""
    return math.ceil(key * day_key)


def general_inspections(inspection_workdays: int, key_days: int, day_general: Fraction) -> int:
    """The workdays left after key inspections ÷ days per general inspection, rounded down."""
    return max(0, math.floor((inspection_workdays - key_days) / day_general))


def min_key_inspections(
    inspection_workdays: int, day_key: Fraction, day_general: Fraction, key_share_min: Fraction
) -> int:
    """The smallest key count whose share of the planned inspections meets ``key_share_min``.

    Used when no unit gives key counts: the rest of the workdays go to general inspections,
    which keeps the 双随机 (random) part of the plan as large as the minimum allows. The share
    K ÷ (K + ⌊(W − K·d_key) ÷ d_general⌋) grows with K, so a binary search finds it.
    """
    if inspection_workdays <= 0:
        return 0
    high = math.floor(inspection_workdays / day_key)

    def meets(k: int) -> bool:
        general = general_inspections(inspection_workdays, key_workdays(k, day_key), day_general)
        return k + general > 0 and Fraction(k, k + general) >= key_share_min

    if not meets(high):
        return high
    low = 0
    while low < high:
        mid = (low + high) // 2
        if meets(mid):
            high = mid
        else:
            low = mid + 1
    return low
