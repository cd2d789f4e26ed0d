"""A what-if scenario worded: the comparison and sensitivity rows as display cells, the inverse
answers as sentences, and what a scenario changes as (设置, 基准, 情景) rows.

:mod:`planlib.core.scenario` computes the figures; this module only writes them.
"""

from __future__ import annotations

from fractions import Fraction

from planlib.core.model import MODE_LABELS, Number, Plan
from planlib.core.scenario import (
    DAYS,
    ENTITIES,
    OFFICERS,
    SHARE,
    WORKDAYS,
    ComparisonRow,
    InverseAnswers,
    Scenario,
    SensitivityRow,
    resolve_item,
    unit_staff,
)
from planlib.text.numbers import decimal, fixed, pct, signed_pct

COMPARISON_COLUMNS = ("指标", "基准", "情景", "差异")
SENSITIVITY_COLUMNS = ("输入", "基准值", "−10%", "+10%", "计划检查（−10%）", "计划检查（+10%）", "变动幅度")

UNIT_WORDS = {OFFICERS: "人", DAYS: "天", WORKDAYS: "个", ENTITIES: "家", SHARE: "%"}


def signed(n: int) -> str:
    """A whole change with its sign, the minus typeset: +1, −2."""
    return f"{n:+d}".replace("-", "−")


def quantity(value: Number, unit: str) -> str:
    """A figure with its unit word: 35人, 1.5天, 60.47%."""
    if unit == SHARE:
        return pct(value)
    return f"{decimal(value)}{UNIT_WORDS.get(unit, '')}"


def _figure(value: Number | None, unit: str) -> str:
    return "—" if value is None else quantity(value, unit)


def _difference(row: ComparisonRow) -> str:
    d = row.difference
    if d is None:
        return "—"
    if d == 0:
        return "0"
    size: int | Fraction = -d if d < 0 else d
    sign = "+" if d > 0 else "−"
    if row.unit == SHARE:
        return f"{sign}{pct(size).rstrip('%')}个百分点"
    return f"{sign}{decimal(size)}{UNIT_WORDS.get(row.unit, '')}"


def comparison_cells(row: ComparisonRow) -> tuple[str, str, str, str]:
    """(指标, 基准, 情景, 差异) under :data:`COMPARISON_COLUMNS`, as display text."""
    label = f"{row.unit_name}：{row.label}" if row.unit_name else row.label
    return (label, _figure(row.baseline, row.unit), _figure(row.scenario, row.unit), _difference(row))


def sensitivity_cells(row: SensitivityRow) -> tuple[str, str, str, str, int, int, int]:
    """The row under :data:`SENSITIVITY_COLUMNS`: the input's values worded, the counts as numbers."""
    return (
        row.name,
        quantity(row.base_value, row.unit),
        quantity(row.low_value, row.unit),
        quantity(row.high_value, row.unit),
        row.low,
        row.high,
        row.swing,
    )


def inverse_lines(a: InverseAnswers) -> list[str]:
    """The inverse answers in Chinese, one sentence each."""
    out = []
    if a.target_plan_ratio is not None:
        target = pct(a.target_plan_ratio, 1)
        if a.officers_for_target is None:
            out.append(f"计划检查比例达到{target}：现有条件下增加人员也无法达到")
        else:
            out.append(
                f"计划检查比例达到{target}：需要执法人员{a.officers_for_target}人"
                f"（现有{a.staff}人，{signed(a.officers_for_target - a.staff)}人）"
            )
    if a.general_target is not None:
        if a.officers_for_general is None:
            out.append(f"完成全部重点检查并一般检查{a.general_target}家：增加人员也无法做到")
        else:
            out.append(
                f"完成全部重点检查并一般检查{a.general_target}家：需要执法人员"
                f"{a.officers_for_general}人（{signed(a.officers_for_general - a.staff)}人）"
            )
    if a.max_plan_ratio is None:
        out.append("现有人员可达到的最高计划检查比例：无法计算（缺少管理对象基数或检查工作日不足）")
    else:
        out.append(f"现有{a.staff}名执法人员可达到的最高计划检查比例：{pct(a.max_plan_ratio, 2)}")
    if a.wisn is not None:
        verdict = "人员不足" if a.wisn < 1 else "人员充足"
        out.append(f"WISN比值（现有÷所需人员）：{a.staff}÷{a.required}={fixed(a.wisn, 2)}（{verdict}）")
    return out


def describe(plan: Plan, scenario: Scenario) -> list[tuple[str, str, str]]:
    """What the scenario changes in the plan, as (设置, 基准, 情景) rows in Chinese; empty for the
    baseline. The inverse-question targets change nothing, so they are not listed."""
    rows: list[tuple[str, str, str]] = []
    staff = unit_staff(plan, scenario)
    if sum(staff) != plan.enforcement_staff:
        rows.append(("执法人员总数", f"{plan.enforcement_staff}人", f"{sum(staff)}人"))
    for u, s in zip(plan.units, staff, strict=True):
        if s != u.staff:
            rows.append((f"执法人员：{u.name}", f"{u.staff}人", f"{s}人"))
    settings = (
        ("在册定编人数", "headcount", "人"),
        ("每家重点检查天数", "days_per_key_inspection", "天"),
        ("每家一般检查天数", "days_per_general_inspection", "天"),
    )
    for label, name, unit in settings:
        new = getattr(scenario, name)
        old = getattr(plan, name)
        if new is not None and (old is None or Fraction(new) != Fraction(old)):
            rows.append((label, "—" if old is None else f"{decimal(old)}{unit}", f"{decimal(new)}{unit}"))
    if scenario.workday_mode is not None and scenario.workday_mode != plan.workday_mode:
        rows.append(
            (
                "工作日计算方式",
                MODE_LABELS.get(plan.workday_mode, plan.workday_mode),
                MODE_LABELS.get(scenario.workday_mode, scenario.workday_mode),
            )
        )
    if scenario.key_share_min is not None and Fraction(scenario.key_share_min) != plan.key_share_min:
        rows.append(("重点检查最低比例", pct(plan.key_share_min), pct(scenario.key_share_min)))
    for category, adjustment in scenario.category_adjustments.items():
        if adjustment:
            rows.append((f"调整：{category}工作日（各项）", "0%", signed_pct(adjustment)))
    for key, adjustment in scenario.item_adjustments.items():
        if adjustment:
            item = resolve_item(plan, key)
            rows.append((f"调整：{item.category}·{item.name}", "0%", signed_pct(adjustment)))
    return rows
