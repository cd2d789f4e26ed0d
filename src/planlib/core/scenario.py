"""What-if staffing scenarios: overrides on a plan, the inverse questions, sensitivity.

A :class:`Scenario` is a set of overrides on a :class:`~planlib.core.model.Plan`; :func:`apply`
turns the pair into a new plan, which :func:`~planlib.core.compute.compute` computes like any
other. Nothing here does I/O or draws: the dashboard (``planlib.views.widgets``), the notebook and
the tests all call these functions and only then display.

- Officers: a new total is spread over the units in proportion to their staff with the
  largest-remainder method, so the units always add up to the total and moving back to the
  original total restores every unit exactly. Items estimated ``三年人均`` follow the staff
  by themselves, because :func:`~planlib.core.compute.compute` multiplies their per-officer mean
  by this year's staff.
- Adjustments are exact fractions (``Fraction(-1, 10)`` for −10%) applied to an item's
  submitted figure and its history alike, so its estimation method still holds and the
  estimate moves by exactly that fraction before the single rounding. A category adjustment
  and an item adjustment multiply.
- Inverse questions (WISN's "how many officers do we need?") search whole officers with the
  same computation, so their answers are plans the dashboard would show.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, TypeVar

from planlib.core.allocation import largest_remainder
from planlib.core.compute import PlanResult, compute, with_key_units
from planlib.core.estimation import Estimates, round_half_up
from planlib.core.model import CATEGORIES, WORKDAY_MODES, Number, Plan, UnitWorkdays, WorkdayItem, plain
from planlib.errors import PlanlibError

# The step of the sensitivity analysis: every input −10% and +10%.
T = TypeVar("T")

SENSITIVITY_STEP = Fraction(1, 10)

# Officer searches give up beyond this many officers (the target is then out of reach).
MAX_OFFICERS = 100_000


class ScenarioError(PlanlibError, ValueError):
    """A scenario that does not fit its plan (an unknown unit or item, a negative count…)."""


def exact(value: object) -> Fraction:
    """A typed number as an exact fraction: ``-0.1`` → ``-1/10`` (via its shortest repr)."""
    if isinstance(value, bool):
        raise ScenarioError(f"“{value}”不是数字")
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value))
    text = str(value).strip()
    try:
        if text.endswith("%"):
            return Fraction(text[:-1]) / 100
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise ScenarioError(f"“{value}”不是数字") from None


def _maybe(value: object, convert: Callable[[object], T]) -> T | None:
    return None if value is None else convert(value)


def _whole(value: object, what: str = "", *, unit: str = "") -> int:
    """A count; ``what`` it is, or the 执法单位 whose officers it counts."""
    number = exact(value)
    if number.denominator != 1 or number < 0:
        raise ScenarioError(f"{what or f'“{unit}”的执法人员数'}应为不小于0的整数，而不是“{value}”")
    return int(number)


@dataclass(frozen=True)
class Scenario:
    """Overrides on a plan; ``None`` (or an empty mapping) leaves the workbook's value.

    ``unit_officers`` overrides single units; ``total_officers`` then spreads a new total
    over the units in proportion to their (overridden) staff. Adjustments are fractions:
    ``{"学习、培训、考核、会议": Fraction(-1, 10)}`` is training −10%; item keys are the item
    name, or ``"类别:项目"`` where a name appears in both categories. ``target_plan_ratio``
    and ``general_target`` change nothing in the plan: they are the inverse questions.
    """

    total_officers: int | None = None
    unit_officers: Mapping[str, int] = field(default_factory=dict)
    headcount: int | None = None
    days_per_key_inspection: Number | None = None
    days_per_general_inspection: Number | None = None
    workday_mode: str | None = None
    item_adjustments: Mapping[str, Fraction] = field(default_factory=dict)
    category_adjustments: Mapping[str, Fraction] = field(default_factory=dict)
    key_share_min: Fraction | None = None
    target_plan_ratio: Fraction | None = None
    general_target: int | None = None

    @classmethod
    def from_parameters(cls, **values: Any) -> Scenario:
        """A scenario from literals (notebook parameters, JSON): floats become exact fractions,
        ``None`` and zero adjustments mean "unchanged"."""
        unknown = set(values) - set(cls.__dataclass_fields__)
        if unknown:
            raise ScenarioError(f"未知的情景参数：{'、'.join(sorted(unknown))}")
        v = dict(values)
        fractions = {k: exact(x) for k, x in (v.get("item_adjustments") or {}).items()}
        categories = {k: exact(x) for k, x in (v.get("category_adjustments") or {}).items()}
        return cls(
            total_officers=_maybe(v.get("total_officers"), lambda x: _whole(x, "执法人员总数")),
            unit_officers={k: _whole(x, unit=k) for k, x in (v.get("unit_officers") or {}).items()},
            headcount=_maybe(v.get("headcount"), lambda x: _whole(x, "在册定编人数")),
            days_per_key_inspection=_maybe(v.get("days_per_key_inspection"), exact),
            days_per_general_inspection=_maybe(v.get("days_per_general_inspection"), exact),
            workday_mode=v.get("workday_mode") or None,
            item_adjustments={k: x for k, x in fractions.items() if x},
            category_adjustments={k: x for k, x in categories.items() if x},
            key_share_min=_maybe(v.get("key_share_min"), exact),
            target_plan_ratio=_maybe(v.get("target_plan_ratio"), exact),
            general_target=_maybe(v.get("general_target"), lambda x: _whole(x, "一般检查目标家数")),
        )

    def with_changes(self, **changes: Any) -> Scenario:
        return replace(self, **changes)


BASELINE = Scenario()


# ---------------------------------------------------------------- applying a scenario


def spread_officers(total: int, staff: Iterable[int]) -> list[int]:
    """``total`` officers over the units in proportion to ``staff`` (largest remainder);
    evenly when every unit has none. ``spread_officers(sum(s), s) == s``."""
    staff = list(staff)
    if total < 0:
        raise ScenarioError(f"执法人员总数不能为负数（{total}）")
    if not staff:
        if total:
            raise ScenarioError("计划中没有执法单位，无法分配执法人员")
        return []
    weights = staff if sum(staff) > 0 else [1] * len(staff)
    return largest_remainder(total, weights)


def _item_key(item: WorkdayItem) -> str:
    return f"{item.category}:{item.name}"


def resolve_item(plan: Plan, key: str) -> WorkdayItem:
    """The item an adjustment key names: ``"项目"`` or ``"类别:项目"``."""
    exact_match = [i for i in plan.items if _item_key(i) == key]
    if exact_match:
        return exact_match[0]
    named = [i for i in plan.items if i.name == key]
    if len(named) == 1:
        return named[0]
    if not named:
        raise ScenarioError(f"计划中没有工作日项目“{key}”")
    raise ScenarioError(f"“{key}”在两个类别中都有，请写作“类别:项目”")


def item_factors(plan: Plan, scenario: Scenario) -> dict[str, Fraction]:
    """Each item's multiplier (``"类别:项目"`` → 1 + adjustments), for items that change."""
    for category in scenario.category_adjustments:
        if category not in CATEGORIES:
            raise ScenarioError(f"工作日类别应为{'或'.join(CATEGORIES)}，而不是“{category}”")
    by_item = {}
    for key, adjustment in scenario.item_adjustments.items():
        by_item[_item_key(resolve_item(plan, key))] = Fraction(adjustment)
    factors = {}
    for item in plan.items:
        factor = (1 + Fraction(scenario.category_adjustments.get(item.category, 0))) * (
            1 + by_item.get(_item_key(item), 0)
        )
        if factor < 0:
            raise ScenarioError(f"项目“{item.name}”调整后为负数（调整不能低于−100%）")
        if factor != 1:
            factors[_item_key(item)] = factor
    return factors


def scale_item(item: WorkdayItem, factor: Fraction) -> WorkdayItem:
    """The item with its submitted figure and its history multiplied by ``factor``."""
    if factor == 1:
        return item
    return replace(
        item,
        reported=plain(Fraction(item.reported) * factor),
        history={y: plain(Fraction(v) * factor) for y, v in item.history.items()},
    )


def unit_staff(plan: Plan, scenario: Scenario) -> list[int]:
    """The officers of each unit under the scenario, in the workbook's order."""
    names = {u.name for u in plan.units}
    for name in scenario.unit_officers:
        if name not in names:
            raise ScenarioError(f"计划中没有执法单位“{name}”")
    staff = [_whole(scenario.unit_officers.get(u.name, u.staff), unit=u.name) for u in plan.units]
    if scenario.total_officers is not None:
        staff = spread_officers(scenario.total_officers, staff)
    return staff


def scale_unit_workdays(plan: Plan, scenario: Scenario, factors: dict[str, Fraction]) -> tuple[UnitWorkdays, ...]:
    """单位工作日 rows under the adjustments: an item's rows by its factor, a unit's whole-category
    rows by the category's; each row rounded half up to whole workdays (the item is their sum)."""
    rows = []
    for r in plan.unit_workdays:
        if r.item:
            factor = factors.get(f"{r.category}:{r.item}", Fraction(1))
        else:
            factor = 1 + Fraction(scenario.category_adjustments.get(r.category, 0))
        rows.append(r if factor == 1 else replace(r, workdays=round_half_up(Fraction(r.workdays) * factor)))
    return tuple(rows)


def apply(plan: Plan, scenario: Scenario) -> Plan:
    """The plan with the scenario's overrides; the baseline plan is never mutated."""
    units = tuple(
        replace(u, staff=s) if s != u.staff else u for u, s in zip(plan.units, unit_staff(plan, scenario), strict=True)
    )
    factors = item_factors(plan, scenario)
    items = tuple(scale_item(i, factors.get(_item_key(i), Fraction(1))) for i in plan.items)
    changes: dict[str, Any] = {"units": units, "items": items}
    if plan.unit_workdays and (factors or scenario.category_adjustments):
        changes["unit_workdays"] = scale_unit_workdays(plan, scenario, factors)
    if scenario.headcount is not None:
        changes["headcount"] = scenario.headcount
    for name in ("days_per_key_inspection", "days_per_general_inspection"):
        value = getattr(scenario, name)
        if value is not None:
            if Fraction(value) <= 0:
                raise ScenarioError(f"每家检查天数应大于0，而不是“{value}”")
            changes[name] = plain(Fraction(value))
    if scenario.workday_mode is not None:
        if scenario.workday_mode not in WORKDAY_MODES:
            raise ScenarioError(f"工作日计算方式应为 {' 或 '.join(WORKDAY_MODES)}，而不是“{scenario.workday_mode}”")
        changes["workday_mode"] = scenario.workday_mode
    if scenario.key_share_min is not None:
        if not 0 < scenario.key_share_min <= 1:
            raise ScenarioError(f"重点检查最低比例应在0到100%之间，而不是“{scenario.key_share_min}”")
        changes["key_share_min"] = Fraction(scenario.key_share_min)
    return plan.with_changes(**changes)


def compute_scenario(plan: Plan, scenario: Scenario) -> PlanResult:
    return compute(apply(plan, scenario))


# ---------------------------------------------------------------- inverse questions


def feasible(result: PlanResult) -> bool:
    """Inspection workdays exist and cover every key unit on the register (the capacity rule)."""
    return result.inspection_workdays > 0 and result.key_workdays <= result.inspection_workdays


def smallest_staff(
    plan: Plan,
    scenario: Scenario,
    meets: Callable[[PlanResult], bool],
    limit: int = MAX_OFFICERS,
    *,
    start: int = 0,
    results: dict[int, PlanResult] | None = None,
) -> int | None:
    """The fewest officers (spread over the units like the total slider does) for which
    ``meets`` holds, or ``None`` when even ``limit`` officers are not enough.

    Planned inspections grow with the staff (each officer brings a year of workdays and, for
    per-officer items, a fixed share of other work), so a search galloping from ``start`` (the
    current staff: the answer is usually near it), then a binary search, finds the threshold
    with a few computations: fast enough to answer live. ``results`` remembers each staff's
    computed plan, so several questions about one scenario compute each staff once.
    """
    memo: dict[int, PlanResult] = {} if results is None else results
    estimates = Estimates()  # only the items estimated per officer change with the staff

    def ok(n: int) -> bool:
        if n not in memo:
            memo[n] = compute(apply(plan, replace(scenario, total_officers=n)), estimates=estimates)
        return meets(memo[n])

    at = min(max(start, 0), limit)
    step = 1
    if ok(at):  # gallop down to a staff that is not enough
        high = at
        while high > 0:
            low = high - step
            if low <= 0:
                return 0 if ok(0) else _bisect(ok, 0, high)
            if not ok(low):
                return _bisect(ok, low, high)
            high, step = low, step * 2
        return 0
    low = at  # gallop up to a staff that is enough
    while True:
        high = low + step
        if high >= limit:
            return _bisect(ok, low, limit) if ok(limit) else None
        if ok(high):
            return _bisect(ok, low, high)
        low, step = high, step * 2


def _bisect(ok: Callable[[int], bool], low: int, high: int) -> int:
    """Smallest n in (low, high] with ok(n), given not ok(low) and ok(high)."""
    while high - low > 1:
        middle = (low + high) // 2
        if ok(middle):
            high = middle
        else:
            low = middle
    return high


def officers_for_plan_ratio(
    plan: Plan,
    target: Number,
    scenario: Scenario = BASELINE,
    *,
    start: int = 0,
    results: dict[int, PlanResult] | None = None,
) -> int | None:
    """Officers needed for planned inspections ÷ entity base ≥ ``target``."""
    if not plan.entity_base:
        return None
    target = Fraction(target)
    return smallest_staff(
        plan,
        scenario,
        lambda r: feasible(r) and r.plan_ratio is not None and r.plan_ratio >= target,
        start=start,
        results=results,
    )


def officers_for_inspections(
    plan: Plan,
    general: int,
    scenario: Scenario = BASELINE,
    *,
    start: int = 0,
    results: dict[int, PlanResult] | None = None,
) -> int | None:
    """Officers needed to inspect every key unit plus ``general`` general inspections."""
    return smallest_staff(
        plan, scenario, lambda r: feasible(r) and r.general_inspections >= general, start=start, results=results
    )


def max_plan_ratio(result: PlanResult) -> Fraction | None:
    """The highest plan ratio the staff of ``result`` can reach: every inspection workday spent
    (the computation already does: key units first, the rest as whole general inspections),
    so it is the planned inspections ÷ entity base; ``None`` without a base or capacity."""
    if not result.plan.entity_base or not feasible(result):
        return None
    return result.plan_ratio


def wisn_ratio(current: int, required: int | None) -> Fraction | None:
    """WISN's headline: current ÷ required officers (below 1: short of staff)."""
    if not required:
        return None
    return Fraction(current, required)


@dataclass(frozen=True)
class InverseAnswers:
    """The inverse questions for one scenario, as the dashboard shows them."""

    staff: int
    target_plan_ratio: Fraction | None
    officers_for_target: int | None
    general_target: int | None
    officers_for_general: int | None
    max_plan_ratio: Fraction | None

    @property
    def required(self) -> int | None:
        """The required staff WISN compares with: for the target ratio, else the general target."""
        if self.target_plan_ratio is not None:
            return self.officers_for_target
        return self.officers_for_general

    @property
    def wisn(self) -> Fraction | None:
        return wisn_ratio(self.staff, self.required)


def with_default_targets(scenario: Scenario, baseline: PlanResult) -> Scenario:
    """The scenario with the dashboard's default questions where it sets none: the next whole
    percent above the baseline's plan ratio, and the baseline's general inspections."""
    target = scenario.target_plan_ratio
    if target is None and baseline.plan_ratio is not None:
        target = Fraction(math.floor(baseline.plan_ratio * 100) + 1, 100)
    general = scenario.general_target
    if general is None:
        general = baseline.general_inspections
    return replace(scenario, target_plan_ratio=target, general_target=general)


def answer_inverse(plan: Plan, scenario: Scenario, result: PlanResult | None = None) -> InverseAnswers:
    """Every inverse question of ``scenario`` (its targets), for the plan the scenario gives: each
    search starts from the scenario's staff and each staff is computed once for both."""
    result = result or compute_scenario(plan, scenario)
    target = scenario.target_plan_ratio
    general = scenario.general_target
    staff = result.enforcement_staff
    results: dict[int, PlanResult] = {}  # staff → plan, shared by both questions
    return InverseAnswers(
        staff=staff,
        target_plan_ratio=target,
        officers_for_target=None
        if target is None
        else officers_for_plan_ratio(plan, target, scenario, start=staff, results=results),
        general_target=general,
        officers_for_general=None
        if general is None
        else officers_for_inspections(plan, general, scenario, start=staff, results=results),
        max_plan_ratio=max_plan_ratio(result),
    )


# ---------------------------------------------------------------- sensitivity


@dataclass(frozen=True)
class SensitivityRow:
    """Planned inspections with one input at −10% (``low``) and +10% (``high``)."""

    name: str
    base_value: Number  # the input's value, in ``unit``
    low_value: Number
    high_value: Number
    base: int
    low: int
    high: int
    unit: str = ""  # OFFICERS, DAYS or ENTITIES (planlib.text.scenario words them)

    @property
    def swing(self) -> int:
        return abs(self.high - self.low)


# What a figure counts (planlib.text.scenario names each: 人, 天, 个, 家, %).
OFFICERS, DAYS, WORKDAYS, ENTITIES, SHARE = "officers", "days", "workdays", "entities", "share"

Perturb = Callable[[Plan, Fraction], Plan]


def _perturbations(plan: Plan, result: PlanResult) -> Iterable[tuple[str, Perturb, Callable[[Fraction], Number], str]]:
    """(input name, the plan with that input times f, the input's value at f, its unit)."""
    staff = plan.enforcement_staff

    def officers(p: Plan, f: Fraction) -> Plan:
        spread = spread_officers(round_half_up(staff * f), [u.staff for u in p.units])
        return p.with_changes(units=tuple(replace(u, staff=s) for u, s in zip(p.units, spread, strict=True)))

    yield "执法人员数", officers, lambda f: round_half_up(staff * f), OFFICERS

    per_person = result.workdays_per_person
    yield (
        "国家法定工作日",
        lambda p, f: p.with_changes(workdays_per_person=round_half_up(per_person * f)),
        lambda f: round_half_up(per_person * f),
        DAYS,
    )

    keys = [u.key_inspections for u in plan.units]
    if sum(keys):

        def key_register(p: Plan, f: Fraction) -> Plan:
            new = largest_remainder(round_half_up(sum(keys) * f), keys)
            return p.with_changes(units=tuple(with_key_units(u, k) for u, k in zip(p.units, new, strict=True)))

        yield "重点检查家数", key_register, lambda f: round_half_up(sum(keys) * f), ENTITIES

    for name, label in (
        ("days_per_key_inspection", "每家重点检查天数"),
        ("days_per_general_inspection", "每家一般检查天数"),
    ):
        days = Fraction(getattr(plan, name))

        def scaled_days(p: Plan, f: Fraction, name: str = name, days: Fraction = days) -> Plan:
            return p.with_changes(**{name: plain(days * f)})

        def days_value(f: Fraction, days: Fraction = days) -> Number:
            return plain(days * f)

        yield label, scaled_days, days_value, DAYS

    estimates = {
        f"{cat.category}:{i.name}": i.workdays
        for cat in (result.other_enforcement, result.non_enforcement)
        for i in cat.items
    }
    for item in plan.items:
        key = _item_key(item)
        if not estimates.get(key):
            continue  # an item with no days moves nothing

        def scaled(p: Plan, f: Fraction, key: str = key) -> Plan:
            return p.with_changes(items=tuple(scale_item(i, f) if _item_key(i) == key else i for i in p.items))

        def item_value(f: Fraction, e: int = estimates[key]) -> Number:
            return plain(e * f)

        yield item.name, scaled, item_value, DAYS


def sensitivity(
    plan: Plan,
    scenario: Scenario = BASELINE,
    step: Fraction = SENSITIVITY_STEP,
    *,
    result: PlanResult | None = None,
) -> list[SensitivityRow]:
    """Each input at −``step`` and +``step`` → planned inspections, widest swing first (a tornado).

    Inputs: the officers (spread over units), the per-person workdays, the key register, the
    workdays per key and per general inspection, and each workday item (its estimate scaled).
    Whole counts (officers, days, key units) are rounded half up after scaling.

    ``result``, the scenario's computed plan when the caller has it, is not computed again: the
    rows cost two computations per input, and each of them estimates only the items its input
    moves (one :class:`~planlib.core.estimation.Estimates` for all).
    """
    base_result = result or compute_scenario(plan, scenario)
    base_plan = base_result.plan
    base = base_result.planned_inspections
    low_f, high_f = 1 - Fraction(step), 1 + Fraction(step)
    estimates = Estimates()
    rows = []
    for name, perturb, value, unit in _perturbations(base_plan, base_result):
        rows.append(
            SensitivityRow(
                name,
                value(Fraction(1)),
                value(low_f),
                value(high_f),
                base=base,
                low=compute(perturb(base_plan, low_f), estimates=estimates).planned_inspections,
                high=compute(perturb(base_plan, high_f), estimates=estimates).planned_inspections,
                unit=unit,
            )
        )
    return sorted(rows, key=lambda r: -r.swing)  # stable: ties keep the input order


# ---------------------------------------------------------------- comparison and description


@dataclass(frozen=True)
class ComparisonRow:
    """One figure of the baseline and of the scenario; shares are fractions."""

    label: str
    baseline: int | Fraction | None
    scenario: int | Fraction | None
    unit: str = ""  # OFFICERS, DAYS, WORKDAYS, ENTITIES or SHARE
    unit_name: str = ""  # the 执法单位 a per-unit row is of ("" for the plan's figures)

    @property
    def difference(self) -> int | Fraction | None:
        if self.baseline is None or self.scenario is None:
            return None
        return self.scenario - self.baseline

    @property
    def changed(self) -> bool:
        return self.baseline != self.scenario


def compare(baseline: PlanResult, scenario: PlanResult) -> list[ComparisonRow]:
    """The scenario against the baseline, figure by figure, then unit by unit."""

    def row(label: str, get: Callable[[PlanResult], int | Fraction | None], unit: str = "") -> ComparisonRow:
        return ComparisonRow(label, get(baseline), get(scenario), unit)

    rows = [
        row("执法人员", lambda r: r.enforcement_staff, OFFICERS),
        row("国家法定工作日", lambda r: r.workdays_per_person, DAYS),
        row("总法定工作日", lambda r: r.total_workdays, WORKDAYS),
        row("其他执法工作日", lambda r: r.other_enforcement.total, WORKDAYS),
        row("非执法工作日", lambda r: r.non_enforcement.total, WORKDAYS),
        row("监督检查工作日", lambda r: r.inspection_workdays, WORKDAYS),
        row("重点检查工作日", lambda r: r.key_workdays, WORKDAYS),
        row("一般检查工作日", lambda r: r.general_workdays, WORKDAYS),
        row("重点检查", lambda r: r.key_inspections, ENTITIES),
        row("一般检查", lambda r: r.general_inspections, ENTITIES),
        row("计划检查", lambda r: r.planned_inspections, ENTITIES),
        row("“双随机”不少于", lambda r: r.random_min, ENTITIES),
        row("重点检查占比", lambda r: r.key_share, SHARE),
        row("计划检查比例", lambda r: r.plan_ratio, SHARE),
        row("执法人员占在册定编", lambda r: r.staff_share, SHARE),
    ]
    base_units = {u.name: u for u in baseline.units}
    for u in scenario.units:
        b = base_units.get(u.name)
        rows.append(ComparisonRow("人员", b.staff if b else None, u.staff, OFFICERS, unit_name=u.name))
        rows.append(ComparisonRow("检查", b.total if b else None, u.total, ENTITIES, unit_name=u.name))
    return rows
