"""Rules a plan is checked against (docs/method.md §5), as findings rather than exceptions.

Each rule is a small function of the computed :class:`~planlib.core.compute.PlanResult` that
yields :class:`Finding` objects. The chain's identities (items sum to their category,
total = per person × staff, key + general = inspection workdays) hold by construction there,
so for a workbook the ``totals``/``sums``/``chain``/``split`` rules check what can still go
wrong (staff beyond the headcount, no inspection workdays left …); for a published plan's
text, :mod:`planlib.audit` checks the identities themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from planlib.core.calendar import calendar_data_version, statutory_holidays_by_law
from planlib.core.compute import KEY_FROM_MIN_SHARE, PlanResult
from planlib.core.model import METHOD_REPORTED, SUM_ROWS, item_cell, sheet_cell, unit_cell

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)
SEVERITY_LABELS = {ERROR: "错误", WARNING: "警告", INFO: "提示"}  # as users read them

# Each rule id (the JSON's ``rule``, a public contract) as users read it: the terminal, the
# 规则检查 sheets and the audit reports print these. The audit's own ids are here too.
RULE_LABELS = {
    "example": "模板示例",
    "calendar": "工作日日历",
    "totals": "执法人员",
    "sums": "分项工作日",
    "reported_zero": "填报为0",
    "chain": "监督检查工作日",
    "split": "一般检查取整",
    "capacity": "检查能力",
    "key_share": "重点检查占比",
    "random": "双随机比例",
    "coverage": "一般检查分配",
    "officers": "检查人数",
    "frequency": "检查频次",
    "consistency": "前后一致",
    "formula": "算式结果",
    "holidays": "法定假日",
    "operand": "运算数",
    "percentage": "百分比",
    "reading": "读取工作簿",
    "unit_account": "单位工作日",
    "stated": "填报核对",
    "unit_balance": "单位工作日平衡",
    "unit_capacity": "单位检查能力",
    "credit_code": "统一社会信用代码",
    "key_assignment": "重点单位分工",
    "frequency_cap": "检查频次上限",
    "prose_rewrite": "文本改写",
    "prose_numbering": "标题编号",
    # the plan by 检查事项 (docs/contract.md §6) and its published form
    "item_cap": "检查事项频次上限",
    "entity_visit_cap": "单位年度检查次数上限",
    "item_coverage": "检查事项覆盖",
    "upper_list": "上级检查名单",
    "item_ratio": "抽查比例",
    "item_counts": "检查对象家数",
    "item_frequency": "检查频次和上限",
    "item_months": "检查时间安排",
    "item_form": "检查计划表读取",
}


def rule_label(rule: str) -> str:
    """The Chinese name of rule ``rule`` (a rule added without one shows its id)."""
    return RULE_LABELS.get(rule, rule)


# The floors the national method sets; a workbook may ask for more, never less.
KEY_SHARE_FLOOR = Fraction(3, 5)
RANDOM_SHARE_FLOOR = Fraction(4, 5)
MIN_OFFICERS_PER_INSPECTION = 2  # 行政处罚法 第四十二条


@dataclass(frozen=True)
class Finding:
    """A rule's verdict. The core states the facts (``code`` names which verdict, ``facts`` the
    figures); :mod:`planlib.text.findings` words them into ``message``. A finding made outside
    the core (the audit's) may carry its message directly."""

    rule: str
    severity: str
    message: str = ""  # Chinese, with the figures involved (filled by planlib.text.findings)
    where: str = ""  # sheet!cell, a row, or an item
    # keyword-only, so a subclass's fields (the audit's line, excerpt) follow ``where``
    code: str = field(default="", kw_only=True)  # the verdict's wording in planlib.text.findings.WORDINGS
    facts: tuple[tuple[str, Any], ...] = field(default=(), kw_only=True)

    def fact(self, name: str) -> Any:
        return dict(self.facts)[name]

    def as_dict(self) -> dict[str, str]:
        """The public JSON's finding (docs/contract.md): rule, severity, message, where."""
        return {"rule": self.rule, "severity": self.severity, "message": self.message, "where": self.where}


def finding(rule: str, severity: str, code: str, where: str, **facts: Any) -> Finding:
    """A finding of facts, for :mod:`planlib.text.findings` to word."""
    return Finding(rule, severity, "", where, code=code, facts=tuple(facts.items()))


Rule = Callable[[PlanResult], Iterator[Finding]]


def check_calendar(r: PlanResult) -> Iterator[Finding]:
    cal, plan = r.calendar, r.plan
    if cal.overridden:
        yield finding(
            "calendar",
            WARNING,
            "calendar_override",
            plan.where("workdays_per_person"),
            stated=cal.workdays_per_person,
            year=cal.year,
            mode=cal.mode,
            computed=cal.computed_workdays,
        )
    if cal.package_difference is not None:
        yield finding(
            "calendar",
            WARNING,
            "calendar_package",
            plan.where(sheet_cell("放假安排")) or "放假安排",
            version=calendar_data_version(),
            year=cal.year,
            first=cal.package_difference,
        )
    if cal.typed_holidays is not None and cal.typed_holidays != cal.statutory_holidays:
        # official mode counts the arrangement's days off: a typed count that differs is not used
        yield finding(
            "calendar",
            ERROR,
            "calendar_official_holidays",
            plan.where("statutory_holidays"),
            typed=cal.typed_holidays,
            holidays=cal.statutory_holidays,
            year=cal.year,
            workdays=cal.computed_workdays,
        )
    if cal.mode == "formula" and cal.statutory_holidays != statutory_holidays_by_law(cal.year):
        # an error, as audit says of a published plan: no law set this count for the year
        yield finding(
            "calendar",
            ERROR,
            "calendar_holidays",
            plan.where("statutory_holidays"),
            holidays=cal.statutory_holidays,
            year=cal.year,
        )


EXAMPLE_MARK = "示例"  # how the template marks its example rows (names and notes)


def check_example(r: PlanResult) -> Iterator[Finding]:
    """The template's example rows left in (a name with （示例）, a note starting 示例): they
    compute, so without this a plan of invented figures would pass as 全部通过."""
    plan = r.plan
    if EXAMPLE_MARK in plan.authority:
        yield finding("example", WARNING, "example_authority", plan.where("authority"), authority=plan.authority)
    units = tuple(u.name for u in plan.units if EXAMPLE_MARK in u.name)
    if units:
        yield finding("example", WARNING, "example_units", plan.where(unit_cell(units[0])) or "执法人员", units=units)
    items = tuple(i for i in plan.items if i.note.strip().startswith(EXAMPLE_MARK))
    if items:
        where = plan.where(item_cell(items[0].category, items[0].name)) or "工作日类别"
        yield finding("example", WARNING, "example_items", where, items=tuple(i.name for i in items))


def check_totals(r: PlanResult) -> Iterator[Finding]:
    headcount = r.plan.headcount
    if headcount is not None and r.enforcement_staff > headcount:
        yield finding(
            "totals",
            ERROR,
            "totals_headcount",
            r.plan.where("headcount"),
            staff=r.enforcement_staff,
            headcount=headcount,
        )
    if r.enforcement_staff == 0:
        yield finding("totals", ERROR, "totals_zero", "执法人员")


def check_sums(r: PlanResult) -> Iterator[Finding]:
    for cat in (r.other_enforcement, r.non_enforcement):
        for item in cat.items:
            if item.workdays < 0:
                yield finding(
                    "sums",
                    ERROR,
                    "sums_negative",
                    r.plan.where(item_cell(cat.category, item.name)) or item.name,
                    category=cat.category,
                    item=item.name,
                    workdays=item.workdays,
                )


def check_reported_zero(r: PlanResult) -> Iterator[Finding]:
    """An item computed as 填报 with 0 workdays while its history shows work: most likely a
    blank 测算方法 or 填报值 (a blank method means 填报, a blank value 0), not a real zero."""
    plan = r.plan
    for item in plan.items:
        if item.method != METHOD_REPORTED or Fraction(item.reported) != 0:
            continue
        worked = tuple((y, v) for y, v in sorted(item.history.items()) if v)
        computed = next(
            (
                i
                for c in (r.other_enforcement, r.non_enforcement)
                if c.category == item.category
                for i in c.items
                if i.name == item.name
            ),
            None,
        )
        if not worked or computed is None or computed.workdays:
            continue
        yield finding(
            "reported_zero",
            WARNING,
            "reported_zero",
            plan.where(item_cell(item.category, item.name)) or item.name,
            category=item.category,
            item=item.name,
            worked=worked,
        )


def check_chain(r: PlanResult) -> Iterator[Finding]:
    if r.inspection_workdays <= 0:
        yield finding(
            "chain",
            ERROR,
            "chain_none_left",
            "工作日类别",
            total=r.total_workdays,
            other=r.other_enforcement.total,
            non=r.non_enforcement.total,
            inspection=r.inspection_workdays,
        )


def shortfall(r: PlanResult) -> int | None:
    """The workdays a plan lacks to be carried out, or ``None`` when it fits.

    A plan fits when it has inspection workdays and its key inspections fit in them; else
    it lacks what the key inspections need beyond the inspection workdays (at least what
    makes those negative). The dashboard and charts use it so an impossible plan is never
    shown as a possible one; :func:`check_chain` and :func:`check_capacity` give the verdicts.
    """
    if r.inspection_workdays > 0 and r.general_workdays >= 0:
        return None
    return r.key_workdays - r.inspection_workdays


def check_split(r: PlanResult) -> Iterator[Finding]:
    if r.general_workdays_unused:
        yield finding(
            "split",
            INFO,
            "split_unused",
            r.plan.where("days_per_general_inspection"),
            workdays=r.general_workdays,
            per=r.plan.days_per_general_inspection,
            unused=r.general_workdays_unused,
        )


def check_capacity(r: PlanResult) -> Iterator[Finding]:
    if r.inspection_workdays > 0 and r.key_workdays > r.inspection_workdays:
        yield finding(
            "capacity",
            ERROR,
            "capacity_exceeded",
            "执法人员",
            visits=r.counts_visits,
            key=r.key_inspections,
            per=r.plan.days_per_key_inspection,
            key_workdays=r.key_workdays,
            inspection=r.inspection_workdays,
        )


def check_key_share(r: PlanResult) -> Iterator[Finding]:
    plan, share = r.plan, r.key_share
    if plan.key_share_min < KEY_SHARE_FLOOR:
        yield finding(
            "key_share",
            WARNING,
            "key_share_floor",
            plan.where("key_share_min"),
            minimum=plan.key_share_min,
            floor=KEY_SHARE_FLOOR,
        )
    if share is None:
        return
    if share < plan.key_share_min:
        yield finding(
            "key_share",
            ERROR,
            "key_share_low",
            "执法人员",
            visits=r.counts_visits,
            key=r.key_inspections,
            planned=r.planned_inspections,
            share=share,
            minimum=plan.key_share_min,
        )
    if r.key_source == KEY_FROM_MIN_SHARE:
        yield finding(
            "key_share",
            INFO,
            "key_share_derived",
            "执法人员",
            minimum=plan.key_share_min,
            key=r.key_inspections,
        )


def check_random(r: PlanResult) -> Iterator[Finding]:
    plan = r.plan
    if plan.random_share_min < RANDOM_SHARE_FLOOR:
        yield finding(
            "random",
            ERROR,
            "random_floor",
            plan.where("random_share_min"),
            minimum=plan.random_share_min,
            floor=RANDOM_SHARE_FLOOR,
        )


def check_coverage(r: PlanResult) -> Iterator[Finding]:
    if r.general_inspections and not any(u.general for u in r.units):
        yield finding("coverage", ERROR, "coverage_no_weight", "执法人员", general=r.general_inspections)


def check_officers(r: PlanResult) -> Iterator[Finding]:
    for u in r.units:
        if u.total and u.staff < MIN_OFFICERS_PER_INSPECTION:
            yield finding(
                "officers",
                WARNING,
                "officers_too_few",
                r.plan.where(unit_cell(u.name)) or u.name,
                unit=u.name,
                inspections=u.total,
                staff=u.staff,
                minimum=MIN_OFFICERS_PER_INSPECTION,
            )


def check_unit_accounts(r: PlanResult) -> Iterator[Finding]:
    """Each unit's own account (单位工作日) balances, and its key inspections fit in it."""
    for u in r.units:
        inspection, key_days = u.inspection_workdays, u.key_workdays
        if inspection is None or key_days is None:
            continue
        where = r.plan.where(unit_cell(u.name)) or u.name
        if inspection < 0:
            yield finding(
                "unit_balance",
                ERROR,
                "unit_balance_negative",
                where,
                unit=u.name,
                total=u.total_workdays,
                other=u.other_enforcement,
                non=u.non_enforcement,
                inspection=inspection,
            )
        elif key_days > inspection:
            yield finding(
                "unit_capacity",
                ERROR,
                "unit_capacity_exceeded",
                where,
                unit=u.name,
                key=u.key,
                per=r.plan.days_per_key_inspection,
                key_workdays=key_days,
                inspection=inspection,
            )


def check_frequency(r: PlanResult) -> Iterator[Finding]:
    base = r.plan.entity_base
    if base is None:
        yield finding("frequency", INFO, "frequency_no_base", r.plan.where("entity_base") or "基本信息")
    elif r.planned_inspections > base:
        yield finding(
            "frequency",
            WARNING,
            "frequency_over_base",
            r.plan.where("entity_base"),
            planned=r.planned_inspections,
            base=base,
        )


def check_reading(r: PlanResult) -> Iterator[Finding]:
    """Rows the spreadsheet hides are read like any other (hiding is not deleting): say which."""
    for note in r.plan.notes:
        yield finding(
            "reading",
            WARNING,
            "reading_sum_rows" if note.kind == SUM_ROWS else "reading_hidden_rows",
            f"{note.sheet}!{note.cells[0]}" if note.cells else note.sheet,
            sheet=note.sheet,
            kind=note.kind,
            rows=tuple(note.rows),
        )


RULES: tuple[Rule, ...] = (
    check_reading,
    check_example,
    check_calendar,
    check_totals,
    check_sums,
    check_reported_zero,
    check_chain,
    check_split,
    check_capacity,
    check_key_share,
    check_random,
    check_coverage,
    check_officers,
    check_unit_accounts,
    check_frequency,
)


def findings(result: PlanResult) -> list[Finding]:
    """Every finding for a computed plan as facts, errors first, then warnings, then info
    (:func:`planlib.text.findings.check` words them)."""
    findings = [f for rule in RULES for f in rule(result)]
    return sorted(findings, key=lambda f: SEVERITIES.index(f.severity))


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
