"""The plan computation (docs/method.md §1): from a :class:`~planlib.core.model.Plan` to every figure.

total workdays → other enforcement → non-enforcement → inspection workdays → key inspections
→ general workdays and inspections → the 双随机 minimum → shares → units.

With a 单位工作日 sheet (docs/contract.md §4) an item stated per unit has the sum of its unit rows
as its workdays, rows without an item add to their category, and when every workday of both
categories is attributed to a unit, each unit has its own account (its total, other,
non-enforcement and inspection workdays); ``general_allocation = capacity`` then gives each
unit the general inspections its own account leaves room for.

It is pure (no I/O, no mutation) and exact (integers and fractions), and it never refuses a
plan whose figures do not work out (say, more key inspections than workdays allow): it
computes what follows and leaves the verdict to :mod:`planlib.core.rules`. The what-if dashboard
calls it on every slider move, so it stays far below a millisecond.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING

from planlib.core.allocation import largest_remainder
from planlib.core.calendar import YearCalendar, year_calendar
from planlib.core.estimation import Estimate, Estimates, estimate
from planlib.core.model import (
    ALLOCATE_BY_CAPACITY,
    METHOD_PER_OFFICER,
    NON_ENFORCEMENT,
    OTHER_ENFORCEMENT,
    Plan,
    Unit,
    WorkdayItem,
)
from planlib.errors import PlanlibError

if TYPE_CHECKING:
    from planlib.core.items import ItemLine

# How the key inspections were arrived at.
KEY_FROM_UNITS = "units"  # the units' 重点检查家数 (the key-unit register)
KEY_FROM_MIN_SHARE = "min_share"  # no unit gave key counts: the smallest count meeting key_share_min


class UnitAccountsError(PlanlibError, ValueError):
    """``general_allocation = capacity`` without complete unit accounts (message in Chinese)."""


@dataclass(frozen=True)
class ItemResult:
    name: str
    estimate: Estimate
    note: str = ""
    by_unit: tuple[tuple[str, int], ...] = ()  # (unit, workdays) from 单位工作日, if stated per unit

    @property
    def workdays(self) -> int:
        return self.estimate.workdays

    @property
    def method(self) -> str:
        return self.estimate.method


@dataclass(frozen=True)
class CategoryResult:
    """A workday category: its total is the sum of its rounded items and of the units' rows
    for the category as a whole (单位工作日 rows with a blank 项目)."""

    category: str
    items: tuple[ItemResult, ...]
    unit_rows: tuple[tuple[str, int], ...] = ()  # (unit, workdays) not split by item

    @property
    def total(self) -> int:
        return sum(i.workdays for i in self.items) + sum(w for _, w in self.unit_rows)

    def by_unit(self) -> dict[str, int]:
        """Workdays attributed to each unit (items stated per unit and whole-category rows)."""
        out: dict[str, int] = {}
        for unit, days in [*(p for i in self.items for p in i.by_unit), *self.unit_rows]:
            out[unit] = out.get(unit, 0) + days
        return out

    @property
    def attributed(self) -> bool:
        """Every workday of the category is attributed to a unit."""
        return sum(self.by_unit().values()) == self.total


@dataclass(frozen=True)
class UnitResult:
    """A unit's inspections and, when the plan's unit accounts are complete, its own account
    (``None`` otherwise): total = staff × 国家法定工作日, inspection = total − other − non."""

    name: str
    staff: int
    key: int  # key visits (家次); = key units with every visit frequency 1
    general: int  # general visits (家次)
    total_workdays: int | None = None
    other_enforcement: int | None = None
    non_enforcement: int | None = None
    key_workdays: int | None = None
    key_units: int | None = None  # key units (家); None: as many as ``key``

    @property
    def key_entities(self) -> int:
        return self.key if self.key_units is None else self.key_units

    @property
    def total(self) -> int:
        return self.key + self.general

    @property
    def inspection_workdays(self) -> int | None:
        if self.total_workdays is None or self.other_enforcement is None or self.non_enforcement is None:
            return None
        return self.total_workdays - self.other_enforcement - self.non_enforcement


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
    key_inspections: int  # key visits (家次): each key unit × its visits a year (docs/method.md §7)
    general_inspections: int  # general visits (家次)
    units: tuple[UnitResult, ...]
    key_source: str
    key_units: int | None = None  # key units (家); None: as many as the key visits
    # The plan by 检查事项 (docs/contract.md §6), when the plan has the sheet and a register.
    item_lines: tuple[ItemLine, ...] = ()

    @property
    def key_entities(self) -> int:
        """Key units (家), however many times each is visited."""
        return self.key_inspections if self.key_units is None else self.key_units

    @property
    def counts_visits(self) -> bool:
        """Some entity is visited more than once a year: figures are 家次, not 家."""
        return self.key_entities != self.key_inspections or any(i.frequency > 1 for i in self.plan.inspection_items)

    @property
    def enforcement_staff(self) -> int:
        return self.plan.enforcement_staff

    @property
    def unit_accounts(self) -> bool:
        """Each unit has its own account: the plan has 单位工作日 rows and they attribute every
        workday of both categories to a unit."""
        return bool(self.plan.unit_workdays) and self.other_enforcement.attributed and self.non_enforcement.attributed

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


def estimate_category(
    plan: Plan, category: str, staff: int | None = None, estimates: Estimates | None = None
) -> CategoryResult:
    """Estimate every item of ``category`` for the plan year (with ``staff`` officers), through
    the memo ``estimates`` when given."""
    staff = plan.enforcement_staff if staff is None else staff
    if estimates is None:
        return _estimate_category(plan, category, staff, estimate)
    items = plan.items_of(category)
    per_officer = any(i.method == METHOD_PER_OFFICER for i in items)
    key = ("category", category, plan.year, staff if per_officer else None)
    kept = (*items, plan.unit_workdays, plan.staff_history)
    return estimates.recall(key, kept, lambda: _estimate_category(plan, category, staff, estimates))


def _estimate_category(
    plan: Plan, category: str, staff: int, estimated: Callable[[WorkdayItem, int, int, dict[int, int]], Estimate]
) -> CategoryResult:
    rows = [r for r in plan.unit_workdays if r.category == category]
    items = []
    for item in plan.items_of(category):
        by_unit = tuple((r.unit, int(r.workdays)) for r in rows if r.item == item.name)
        if by_unit:  # stated per unit: the rows are the figure (the reader checked any 填报值)
            days = sum(d for _, d in by_unit)
            est = Estimate(days, Fraction(days), item.method)
        else:
            est = estimated(item, plan.year, staff, plan.staff_history)
        items.append(ItemResult(item.name, est, item.note, by_unit))
    unit_rows = tuple((r.unit, int(r.workdays)) for r in rows if not r.item)
    return CategoryResult(category, tuple(items), unit_rows)


def compute(plan: Plan, mode: str | None = None, *, estimates: Estimates | None = None) -> PlanResult:
    """Compute the whole plan; ``mode`` overrides the workbook's ``workday_mode``. ``estimates``
    (:class:`~planlib.core.estimation.Estimates`) skips items already estimated while computing
    many variants of one plan; the figures are the same."""
    cal = year_calendar(
        plan.year,
        mode or plan.workday_mode,
        plan.statutory_holidays,
        plan.workdays_per_person,
        plan.holidays,
    )
    staff = plan.enforcement_staff
    other = estimate_category(plan, OTHER_ENFORCEMENT, staff, estimates)
    non = estimate_category(plan, NON_ENFORCEMENT, staff, estimates)
    inspection = cal.workdays_per_person * staff - other.total - non.total

    day_key = _days(plan.days_per_key_inspection)
    day_general = _days(plan.days_per_general_inspection)
    unit_entities = [u.key_inspections for u in plan.units]
    if sum(unit_entities) > 0:
        unit_keys = [unit_key_visits(u, plan.key_visits_per_year) for u in plan.units]  # 家次
        key, key_source = sum(unit_keys), KEY_FROM_UNITS
    else:
        key = min_key_inspections(inspection, day_key, day_general, plan.key_share_min)
        key_source = KEY_FROM_MIN_SHARE
        unit_keys = largest_remainder(key, [u.staff for u in plan.units]) if plan.units else []
        unit_entities = list(unit_keys)
    complete = bool(plan.unit_workdays) and other.attributed and non.attributed
    accounts: list[tuple[int, int, int, int]] = []  # (total, other, non, key workdays) per unit
    if complete:
        unit_other, unit_non = other.by_unit(), non.by_unit()
        accounts = [
            (
                cal.workdays_per_person * u.staff,
                unit_other.get(u.name, 0),
                unit_non.get(u.name, 0),
                key_workdays(k, day_key),
            )
            for u, k in zip(plan.units, unit_keys, strict=True)
        ]
    if plan.general_allocation == ALLOCATE_BY_CAPACITY:
        if not complete:
            raise UnitAccountsError(
                "一般检查按各单位能力分配（capacity）需要完整的单位工作日：“单位工作日”须把其他执法和非执法工作日"
                "全部分到各执法单位"
            )
        unit_general = [general_inspections(t - o - n, kd, day_general) for t, o, n, kd in accounts]
        general = sum(unit_general)
    else:
        general = general_inspections(inspection, key_workdays(key, day_key), day_general)
        weights = [u.general_weight for u in plan.units]
        unit_general = largest_remainder(general, weights) if sum(weights) > 0 else [0] * len(plan.units)
    blank: tuple[int | None, int | None, int | None, int | None] = (None, None, None, None)
    units = tuple(
        UnitResult(u.name, u.staff, k, g, *(accounts[n] if accounts else blank), e)
        for n, (u, k, g, e) in enumerate(zip(plan.units, unit_keys, unit_general, unit_entities, strict=True))
    )
    return PlanResult(plan, cal, other, non, key, general, units, key_source, sum(unit_entities))


def with_key_units(unit: Unit, key_units: int) -> Unit:
    """The unit with ``key_units`` key units, its key visits (if stated) scaled with them (half up)."""
    if unit.key_visits is None or not unit.key_inspections:
        return replace(unit, key_inspections=key_units, key_visits=None if unit.key_visits is None else key_units)
    visits = Fraction(unit.key_visits * key_units, unit.key_inspections)
    return replace(unit, key_inspections=key_units, key_visits=math.floor(visits + Fraction(1, 2)))


def unit_key_visits(unit: Unit, visits_per_year: int = 1) -> int:
    """A unit's key visits (家次): as its register says (检查事项), else 重点检查家数 × visits a year."""
    return unit.key_visits if unit.key_visits is not None else unit.key_inspections * visits_per_year


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
