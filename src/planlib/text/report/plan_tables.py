"""The plan's tables (chain, items, units, unit accounts, shares, findings) as :class:`Table`."""

from __future__ import annotations

from fractions import Fraction

from planlib.core.calendar import YearCalendar
from planlib.core.compute import PlanResult
from planlib.core.estimation import history_years
from planlib.core.history import item_history
from planlib.core.model import NON_ENFORCEMENT, OTHER_ENFORCEMENT
from planlib.core.rules import SEVERITY_LABELS, Finding, rule_label
from planlib.core.shares import round_share, split_shares
from planlib.text.numbers import decimal
from planlib.text.report.history import NO_HISTORY, derivation, has_history
from planlib.text.report.table import DAYS, INT, PERCENT, Column, Table


def per_person_formula(cal: YearCalendar) -> str:
    """How the per-person workdays were reached, as the chain tables print it: ``366-104-11``."""
    if cal.overridden:
        return f"填报（按日历为{cal.computed_workdays}）"
    text = f"{cal.days}-{cal.weekend_days}-{cal.statutory_holidays}"
    return text + (f"+{cal.makeup_workdays}" if cal.makeup_workdays else "")


def chain_table(r: PlanResult) -> Table:
    cal, plan = r.calendar, r.plan
    per_person = per_person_formula(cal)
    general = f"{r.general_inspections}家×{decimal(plan.days_per_general_inspection)}天"
    if r.general_workdays_unused:
        general += f"+{r.general_workdays_unused}（未安排）"
    rows = (
        ("国家法定工作日（每人）", per_person, cal.workdays_per_person),
        ("总法定工作日", f"{cal.workdays_per_person}×{r.enforcement_staff}", r.total_workdays),
        ("其他执法工作日", f"{len(r.other_enforcement.items)}项合计", r.other_enforcement.total),
        ("非执法工作日", f"{len(r.non_enforcement.items)}项合计", r.non_enforcement.total),
        (
            "监督检查工作日",
            f"{r.total_workdays}-{r.other_enforcement.total}-{r.non_enforcement.total}",
            r.inspection_workdays,
        ),
        ("重点检查工作日", f"{r.key_inspections}家×{decimal(plan.days_per_key_inspection)}天", r.key_workdays),
        ("一般检查工作日", general, r.general_workdays),
    )
    return Table(
        "工作日测算",
        f"{plan.year}年度行政执法工作日测算",
        (Column("项目"), Column("计算式"), Column("工作日", INT)),
        rows,
    )


def category_table(r: PlanResult, category: str) -> Table:
    """A category's items: method, the three years behind the estimate, the derivation, workdays."""
    if category not in (OTHER_ENFORCEMENT, NON_ENFORCEMENT):
        raise ValueError(f"类别“{category}”无效")
    cat = r.other_enforcement if category == OTHER_ENFORCEMENT else r.non_enforcement
    plan = r.plan
    items = {i.name: i for i in plan.items_of(category)}
    histories = [item_history(items[i.name], plan) for i in cat.items]
    years = history_years(plan.year) if has_history(histories) else ()  # no empty year columns
    rows = []
    for n, (i, h) in enumerate(zip(cat.items, histories, strict=True), 1):
        derived = "+".join(f"{u}{d}" for u, d in i.by_unit) if i.by_unit else derivation(h)
        rows.append((n, i.name, i.method, *h.values[: len(years)], derived, i.workdays, i.note))
    for n, (unit, days) in enumerate(cat.unit_rows, len(cat.items) + 1):  # 单位工作日 rows without an item
        rows.append((n, f"{unit}（不分项目）", "单位工作日", *[None] * len(years), "单位填报", days, ""))
    rows.append((None, "合计", "", *[None] * len(years), "", cat.total, ""))
    columns = (
        Column("序号", INT),
        Column("项目"),
        Column("测算方法"),
        *[Column(f"{y}年实际", DAYS) for y in years],
        Column("测算过程"),
        Column("工作日", INT),
        Column("说明"),
    )
    title = f"{category}工作日：{cat.total}个工作日" + ("" if years else f"（{NO_HISTORY}）")
    return Table(f"{category}工作日", title, columns, tuple(rows), total_row=True)


def units_table(r: PlanResult) -> Table:
    rows = tuple((u.name, u.staff, u.key, u.general, u.total) for u in r.units)
    rows += (("合计", r.enforcement_staff, r.key_inspections, r.general_inspections, r.planned_inspections),)
    return Table(
        "检查安排",
        "监督检查安排及职责分工",
        (
            Column("执法单位"),
            Column("执法人员数", INT),
            Column("重点检查家数", INT),
            Column("一般检查家数", INT),
            Column("合计", INT),
        ),
        rows,
        total_row=True,
    )


def unit_accounts_table(r: PlanResult) -> Table:
    """Each unit's own account (单位工作日 complete): total = staff × 国家法定工作日,
    inspection = total − other − non, with the plan's totals as the last row."""
    rows = tuple(
        (
            u.name,
            u.staff,
            u.total_workdays,
            u.other_enforcement,
            u.non_enforcement,
            u.inspection_workdays,
            u.key_workdays,
            u.key,
            u.general,
        )
        for u in r.units
    )
    rows += (
        (
            "合计",
            r.enforcement_staff,
            r.total_workdays,
            r.other_enforcement.total,
            r.non_enforcement.total,
            r.inspection_workdays,
            r.key_workdays,
            r.key_inspections,
            r.general_inspections,
        ),
    )
    return Table(
        "单位工作日",
        "各执法单位工作日测算",
        (
            Column("执法单位"),
            Column("执法人员数", INT),
            Column("总法定工作日", INT),
            Column("其他执法工作日", INT),
            Column("非执法工作日", INT),
            Column("监督检查工作日", INT),
            Column("重点检查工作日", INT),
            Column("重点检查家数", INT),
            Column("一般检查家数", INT),
        ),
        rows,
        total_row=True,
    )


def shares_table(r: PlanResult) -> Table:
    """Each share with its numerator and denominator, rounded as in results.json."""
    plan = r.plan
    key, general = split_shares(r.key_inspections, r.general_inspections)
    rows = (
        ("执法人员占在册定编人员", r.enforcement_staff, plan.headcount, round_share(r.staff_share)),
        ("计划检查比例（计划检查÷管理对象基数）", r.planned_inspections, plan.entity_base, round_share(r.plan_ratio)),
        ("重点检查占计划检查", r.key_inspections, r.planned_inspections, key),
        ("一般检查占计划检查", r.general_inspections, r.planned_inspections, general),
        (
            "“双随机”最少家数占一般检查",
            r.random_min,
            r.general_inspections,
            round_share(Fraction(r.random_min, r.general_inspections)) if r.general_inspections else None,
        ),
    )
    return Table(
        "比例", "检查比例", (Column("项目"), Column("分子", INT), Column("分母", INT), Column("比例", PERCENT)), rows
    )


def findings_table(findings: list[Finding]) -> Table:
    rows = tuple((SEVERITY_LABELS[f.severity], rule_label(f.rule), f.message, f.where) for f in findings)
    return Table(
        "规则检查",
        "规则检查结果" if rows else "规则检查：全部通过",
        (Column("级别"), Column("规则"), Column("说明"), Column("位置")),
        rows,
    )


def plan_tables(r: PlanResult, findings: list[Finding]) -> dict[str, Table]:
    """Every table of the plan, keyed by its (sheet) name, in reading order."""
    tables = (
        chain_table(r),
        category_table(r, OTHER_ENFORCEMENT),
        category_table(r, NON_ENFORCEMENT),
        units_table(r),
        *([unit_accounts_table(r)] if r.unit_accounts else []),
        shares_table(r),
        findings_table(findings),
    )
    return {t.name: t for t in tables}
