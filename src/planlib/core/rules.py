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
from dataclasses import asdict, dataclass
from fractions import Fraction

from planlib.core.calendar import HOLIDAY_LAWS, calendar_data_version, holiday_law_period, statutory_holidays_by_law
from planlib.core.compute import KEY_FROM_MIN_SHARE, PlanResult
from planlib.core.model import FILTERED_ROWS, HIDDEN_ROWS, METHOD_REPORTED, item_cell, sheet_cell, unit_cell
from planlib.text.numbers import count_word, decimal as days_text, fixed, pct, pct_trimmed  # noqa: F401  (fixed: audit's)

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
    # the plan by 检查事项 (docs/contract.md §6) and its published form
    "item_cap": "检查事项频次上限",
    "entity_visit_cap": "单位年度检查次数上限",
    "item_coverage": "检查事项覆盖",
    "upper_list": "上级检查名单",
    "item_ratio": "抽查比例",
    "item_counts": "检查对象家数",
    "item_frequency": "检查频次和上限",
    "item_months": "检查时间安排",
}
# The workday modes as a sentence names them.
_MODE_WORDS = {"formula": "公式", "official": "国务院放假安排"}


def rule_label(rule: str) -> str:
    """The Chinese name of rule ``rule`` (a rule added without one shows its id)."""
    return RULE_LABELS.get(rule, rule)


# The floors the national method sets; a workbook may ask for more, never less.
KEY_SHARE_FLOOR = Fraction(3, 5)
RANDOM_SHARE_FLOOR = Fraction(4, 5)
MIN_OFFICERS_PER_INSPECTION = 2  # 行政处罚法 第四十二条


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str  # Chinese, with the figures involved
    where: str = ""  # sheet!cell, a row, or an item

    def as_dict(self) -> dict:
        return asdict(self)


Rule = Callable[[PlanResult], Iterator[Finding]]


def holidays_law_text(holidays: int, year: int) -> str:
    """Why a holiday count is wrong for ``year``: whose law set it, if any, and the right count.
    ``check`` (a workbook's override) and ``audit`` (a published plan) both say it, as errors."""
    law = statutory_holidays_by_law(year)
    if (since := holiday_law_period(holidays)) is not None:
        return f"这是{since}的规定；{year}年施行的《全国年节及纪念日放假办法》规定为{law}天"
    laws = "、".join(f"{count}天（{period}）" for _, count, period in HOLIDAY_LAWS)
    return f"与《全国年节及纪念日放假办法》规定的{laws}都不符；{year}年应为{law}天"


def check_calendar(r: PlanResult) -> Iterator[Finding]:
    cal, plan = r.calendar, r.plan
    if cal.overridden:
        yield Finding(
            "calendar",
            WARNING,
            f"国家法定工作日填报为{cal.workdays_per_person}天，"
            f"按{cal.year}年日历（{_MODE_WORDS.get(cal.mode, cal.mode)}）应为"
            f"{cal.computed_workdays}天，相差{cal.workdays_per_person - cal.computed_workdays:+d}天",
            plan.where("workdays_per_person"),
        )
    if cal.package_difference is not None:
        d = cal.package_difference
        yield Finding(
            "calendar",
            WARNING,
            f"“放假安排”与 chinesecalendar {calendar_data_version()} 的{cal.year}年放假安排不一致，"
            f"第一个不同的日期是{d.year}年{d.month}月{d.day}日；以工作表“放假安排”为准",
            plan.where(sheet_cell("放假安排")) or "放假安排",
        )
    if cal.mode == "formula" and cal.statutory_holidays != statutory_holidays_by_law(cal.year):
        yield Finding(  # an error, as audit says of a published plan: no law set this count for the year
            "calendar",
            ERROR,
            f"法定假日填报为{cal.statutory_holidays}天，" + holidays_law_text(cal.statutory_holidays, cal.year),
            plan.where("statutory_holidays"),
        )


EXAMPLE_MARK = "示例"  # how the template marks its example rows (names and notes)


def check_example(r: PlanResult) -> Iterator[Finding]:
    """The template's example rows left in (a name with （示例）, a note starting 示例): they
    compute, so without this a plan of invented figures would pass as 全部通过."""
    plan = r.plan
    if EXAMPLE_MARK in plan.authority:
        yield Finding(
            "example", WARNING, f"监督检查主体“{plan.authority}”仍是模板示例，请改为本单位名称", plan.where("authority")
        )
    units = [u.name for u in plan.units if EXAMPLE_MARK in u.name]
    if units:
        names = "、".join(f"“{n}”" for n in units)
        yield Finding(
            "example",
            WARNING,
            f"执法单位{names}仍是模板示例行，请改为本单位数据或删除",
            plan.where(unit_cell(units[0])) or "执法人员",
        )
    items = [i for i in plan.items if i.note.strip().startswith(EXAMPLE_MARK)]
    if items:
        yield Finding(
            "example",
            WARNING,
            f"工作日项目{'、'.join(f'“{i.name}”' for i in items)}的说明仍为模板示例，请核对后改为本单位数据",
            plan.where(item_cell(items[0].category, items[0].name)) or "工作日类别",
        )


def check_totals(r: PlanResult) -> Iterator[Finding]:
    headcount = r.plan.headcount
    if headcount is not None and r.enforcement_staff > headcount:
        yield Finding(
            "totals",
            ERROR,
            f"纳入计算的执法人员{r.enforcement_staff}人，超过在册定编人数{headcount}人",
            r.plan.where("headcount"),
        )
    if r.enforcement_staff == 0:
        yield Finding("totals", ERROR, "纳入计算的执法人员数为0", "执法人员")


def check_sums(r: PlanResult) -> Iterator[Finding]:
    for cat in (r.other_enforcement, r.non_enforcement):
        for item in cat.items:
            if item.workdays < 0:
                yield Finding(
                    "sums",
                    ERROR,
                    f"{cat.category}项目“{item.name}”工作日为负数（{item.workdays}）",
                    r.plan.where(item_cell(cat.category, item.name)) or item.name,
                )


def check_reported_zero(r: PlanResult) -> Iterator[Finding]:
    """An item computed as 填报 with 0 workdays while its history shows work: most likely a
    blank 测算方法 or 填报值 (a blank method means 填报, a blank value 0), not a real zero."""
    plan = r.plan
    for item in plan.items:
        if item.method != METHOD_REPORTED or Fraction(item.reported) != 0:
            continue
        worked = {y: v for y, v in sorted(item.history.items()) if v}
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
        years = "、".join(f"{y}年{v}" for y, v in worked.items())
        yield Finding(
            "reported_zero",
            WARNING,
            f"{item.category}项目“{item.name}”按填报计为0个工作日，但历史数据中有实际工作日（{years}）："
            "请填写测算方法（三年平均、三年人均、上年）或填报值",
            plan.where(item_cell(item.category, item.name)) or item.name,
        )


def check_chain(r: PlanResult) -> Iterator[Finding]:
    if r.inspection_workdays <= 0:
        yield Finding(
            "chain",
            ERROR,
            f"监督检查工作日={r.total_workdays}-{r.other_enforcement.total}-{r.non_enforcement.total}"
            f"={r.inspection_workdays}，没有可用于监督检查的工作日",
            "工作日类别",
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
        yield Finding(
            "split",
            INFO,
            f"一般检查工作日{r.general_workdays}天按每家{days_text(r.plan.days_per_general_inspection)}天取整后，"
            f"余{r.general_workdays_unused}天未安排检查",
            r.plan.where("days_per_general_inspection"),
        )


def check_capacity(r: PlanResult) -> Iterator[Finding]:
    if r.inspection_workdays > 0 and r.key_workdays > r.inspection_workdays:
        yield Finding(
            "capacity",
            ERROR,
            f"重点检查{r.key_inspections}{count_word(r.counts_visits)}×每家{days_text(r.plan.days_per_key_inspection)}天={r.key_workdays}个工作日，"
            f"超过监督检查工作日{r.inspection_workdays}个",
            "执法人员",
        )


def check_key_share(r: PlanResult) -> Iterator[Finding]:
    plan, share = r.plan, r.key_share
    if plan.key_share_min < KEY_SHARE_FLOOR:
        yield Finding(
            "key_share",
            WARNING,
            f"重点检查最低比例设为{pct(plan.key_share_min)}，低于{pct_trimmed(KEY_SHARE_FLOOR)}",
            plan.where("key_share_min"),
        )
    if share is None:
        return
    if share < plan.key_share_min:
        yield Finding(
            "key_share",
            ERROR,
            f"重点检查{r.key_inspections}{count_word(r.counts_visits)}÷计划检查{r.planned_inspections}{count_word(r.counts_visits)}={pct(share)}，"
            f"低于{pct(plan.key_share_min)}",
            "执法人员",
        )
    if r.key_source == KEY_FROM_MIN_SHARE:
        yield Finding(
            "key_share",
            INFO,
            f"各执法单位未填写重点检查家数，按最低比例{pct(plan.key_share_min)}推算重点检查{r.key_inspections}家，"
            "并按执法人员数分配到各单位",
            "执法人员",
        )


def check_random(r: PlanResult) -> Iterator[Finding]:
    plan = r.plan
    if plan.random_share_min < RANDOM_SHARE_FLOOR:
        yield Finding(
            "random",
            ERROR,
            f"“双随机”抽查比例设为{pct(plan.random_share_min)}，低于{pct_trimmed(RANDOM_SHARE_FLOOR)}",
            plan.where("random_share_min"),
        )


def check_coverage(r: PlanResult) -> Iterator[Finding]:
    if r.general_inspections and not any(u.general for u in r.units):
        yield Finding(
            "coverage", ERROR, f"一般检查{r.general_inspections}家无法分配：各执法单位一般检查权重均为0", "执法人员"
        )


def check_officers(r: PlanResult) -> Iterator[Finding]:
    for u in r.units:
        if u.total and u.staff < MIN_OFFICERS_PER_INSPECTION:
            yield Finding(
                "officers",
                WARNING,
                f"“{u.name}”安排检查{u.total}家，但只有{u.staff}名执法人员；执法检查应不少于2人",
                r.plan.where(unit_cell(u.name)) or u.name,
            )


def check_unit_accounts(r: PlanResult) -> Iterator[Finding]:
    """Each unit's own account (单位工作日) balances, and its key inspections fit in it."""
    for u in r.units:
        inspection, key_days = u.inspection_workdays, u.key_workdays
        if inspection is None or key_days is None:
            continue
        where = r.plan.where(unit_cell(u.name)) or u.name
        chain = f"“{u.name}”的监督检查工作日={u.total_workdays}-{u.other_enforcement}-{u.non_enforcement}={inspection}"
        if inspection < 0:
            yield Finding(
                "unit_balance", ERROR, f"{chain}，为负数：该单位的其他执法和非执法工作日超过其总法定工作日", where
            )
        elif key_days > inspection:
            yield Finding(
                "unit_capacity",
                ERROR,
                f"“{u.name}”重点检查{u.key}家×每家{days_text(r.plan.days_per_key_inspection)}天={u.key_workdays}个工作日，"
                f"超过该单位的监督检查工作日{u.inspection_workdays}个",
                where,
            )


def check_frequency(r: PlanResult) -> Iterator[Finding]:
    base = r.plan.entity_base
    if base is None:
        where = r.plan.where("entity_base") or "基本信息"
        yield Finding("frequency", INFO, "未填写管理对象基数，无法计算计划检查比例", where)
    elif r.planned_inspections > base:
        yield Finding(
            "frequency",
            WARNING,
            f"计划检查{r.planned_inspections}家次，多于管理对象基数{base}家，部分单位一年内将被多次检查，"
            "请对照本省检查频次上限（国办发〔2024〕54号）",
            r.plan.where("entity_base"),
        )


_NOTE_WORDING = {
    HIDDEN_ROWS: "为隐藏行，已照常计入",
    FILTERED_ROWS: "被筛选隐藏，已照常计入",
}


def check_reading(r: PlanResult) -> Iterator[Finding]:
    """Rows the spreadsheet hides are read like any other (hiding is not deleting): say which."""
    for note in r.plan.notes:
        rows = "、".join(f"第{n}行" for n in note.rows[:10]) + ("等" if len(note.rows) > 10 else "")
        yield Finding(
            "reading",
            WARNING,
            f"工作表“{note.sheet}”{rows}{_NOTE_WORDING.get(note.kind, '已计入')}（共{len(note.rows)}行）；"
            "不应计入的行请删除，而不是隐藏",
            f"{note.sheet}!{note.cells[0]}" if note.cells else note.sheet,
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


def check(result: PlanResult) -> list[Finding]:
    """Every finding for a computed plan, errors first, then warnings, then info."""
    findings = [f for rule in RULES for f in rule(result)]
    return sorted(findings, key=lambda f: SEVERITIES.index(f.severity))


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
