"""The terminal summary of ``planlib compute`` (``format_summary``, ``format_findings``) and the
phrases it shares with the plan text.
"""

from __future__ import annotations

from planlib.core.compute import CategoryResult, ItemResult, PlanResult
from planlib.core.model import METHOD_NOT_COUNTED, MODE_LABELS, WorkdayItem
from planlib.core.rules import ERROR, INFO, SEVERITY_LABELS, WARNING, Finding, rule_label, shortfall
from planlib.text.calendar import calendar_sentence
from planlib.text.numbers import count_word, decimal, share_text

NOT_COUNTED_DEFAULT = "不计工作日"


def not_counted_text(item: WorkdayItem | ItemResult) -> str:
    """What the plan prints in place of a 不计 item's workdays: its 说明 ("窗口办理")."""
    return item.note or NOT_COUNTED_DEFAULT


def _ordered(r: PlanResult, by_unit: dict[str, int]) -> list[tuple[str, int]]:
    """Per-unit figures in the order of 执法人员."""
    return [(u.name, by_unit[u.name]) for u in r.plan.units if u.name in by_unit]


def among_units(pairs: list[tuple[str, int]]) -> str:
    """The published phrasing of a split by unit: （其中安全生产科375个工作日、执法大队660个工作日）."""
    if not pairs:
        return ""
    return "（其中" + "、".join(f"{name}{days}个工作日" for name, days in pairs) + "）"


def category_split(r: PlanResult, cat: CategoryResult) -> str:
    """The category's split by unit when 单位工作日 attributes all of it, else ``""``."""
    by_unit = cat.by_unit()
    return among_units(_ordered(r, by_unit)) if by_unit and cat.attributed else ""


def unit_split(r: PlanResult, figure: str) -> str:
    """A per-unit account figure (``total_workdays``, ``inspection_workdays``) split by unit."""
    if not r.unit_accounts:
        return ""
    return among_units([(u.name, getattr(u, figure)) for u in r.units])


def unit_account_lines(r: PlanResult) -> list[str]:
    """Each unit's own account as one sentence (only when the accounts are complete)."""
    if not r.unit_accounts:
        return []
    return [
        f"{u.name}：总法定工作日={r.workdays_per_person}×{u.staff}={u.total_workdays}个工作日，"
        f"监督检查工作日={u.total_workdays}-{u.other_enforcement}-{u.non_enforcement}={u.inspection_workdays}个工作日。"
        for u in r.units
    ]


def _category_lines(title: str, cat: CategoryResult, r: PlanResult | None = None) -> list[str]:
    lines = [f"{title}：{cat.total}个工作日" + (category_split(r, cat) if r is not None else "")]
    for n, item in enumerate(cat.items, 1):
        if item.method == METHOD_NOT_COUNTED:
            lines.append(f"  {n}.{item.name}：{not_counted_text(item)}（{item.method}）")
        else:
            lines.append(f"  {n}.{item.name}：{item.workdays}个工作日（{item.method}）")
    lines += [f"  {unit}（不分项目）：{days}个工作日" for unit, days in cat.unit_rows]
    return lines


def mode_name(mode: str) -> str:
    """A workday mode as users read it: 公式（…）or 国务院放假安排（含调休）, never its id."""
    return MODE_LABELS.get(mode, mode)


def format_findings(findings: list[Finding]) -> list[str]:
    if not findings:
        return ["规则检查：全部通过"]
    lines = [
        f"规则检查：{sum(f.severity == ERROR for f in findings)}个错误，"
        f"{sum(f.severity == WARNING for f in findings)}个警告，"
        f"{sum(f.severity == INFO for f in findings)}个提示"
    ]
    for f in findings:
        where = f"（{f.where}）" if f.where else ""
        lines.append(f"  [{SEVERITY_LABELS[f.severity]}] {rule_label(f.rule)}：{f.message}{where}")
    return lines


def format_summary(r: PlanResult, findings: list[Finding]) -> str:
    """The whole chain as the terminal summary of ``planlib compute``."""
    plan, cal = r.plan, r.calendar
    w = count_word(r.counts_visits)
    staff_line = f"执法人员：{r.enforcement_staff}人"
    if plan.headcount:
        staff_line += f"，占在册定编{plan.headcount}人的{share_text(r.staff_share)}"
    lines = [
        f"{plan.authority} {plan.year}年度安全生产监督检查计划测算",
        f"工作日计算方式：{mode_name(cal.mode)}",
        calendar_sentence(cal),
        staff_line,
        f"总法定工作日={cal.workdays_per_person}×{r.enforcement_staff}={r.total_workdays}个工作日",
        *_category_lines("其他执法工作日", r.other_enforcement, r),
        *_category_lines("非执法工作日", r.non_enforcement, r),
        f"监督检查工作日={r.total_workdays}-{r.other_enforcement.total}-{r.non_enforcement.total}"
        f"={r.inspection_workdays}个工作日",
        f"  重点检查工作日：{r.key_workdays}个（{r.key_inspections}{w}×{decimal(plan.days_per_key_inspection)}天）",
        f"  一般检查工作日：{r.general_workdays}个"
        f"（{r.general_inspections}{w}×{decimal(plan.days_per_general_inspection)}天）",
        f"计划检查：{r.planned_inspections}{w}，其中重点检查{r.key_inspections}{w}（{share_text(r.key_share)}），"
        f"一般检查{r.general_inspections}{w}（{share_text(r.general_share)}），“双随机”不少于{r.random_min}{w}",
    ]
    lack = shortfall(r)
    if lack is not None:  # an impossible plan: its figures are not a plan
        lines[-2] = f"  一般检查工作日：{r.general_workdays}个（不足，无法安排一般检查）"
        lines[-1] = (
            f"计划检查：无法完成（重点检查{r.key_inspections}{w}需{r.key_workdays}个工作日，"
            f"监督检查工作日{r.inspection_workdays}个" + (f"，缺{lack}个工作日）" if lack else "）")
        )
    if plan.entity_base:
        ratio = f"，计划检查比例{share_text(r.plan_ratio, 1)}" if lack is None else "，计划无法完成，不计算计划检查比例"
        lines.append(f"管理对象基数：{plan.entity_base}家{ratio}")
    lines.append("各执法单位：")
    lines += [f"  {u.name}：{u.staff}人，重点检查{u.key}{w}，一般检查{u.general}{w}" for u in r.units]
    if r.unit_accounts:
        allocation = "按各单位能力（capacity）" if plan.general_allocation == "capacity" else "按一般检查权重"
        lines.append(f"各执法单位工作日（一般检查{allocation}分配）：")
        lines += [f"  {line}" for line in unit_account_lines(r)]
    elif plan.unit_workdays:
        lines.append("各执法单位工作日：“单位工作日”未把全部工作日分到各单位，不单独核算各单位的账")
    lines += format_findings(findings)
    return "\n".join(lines)
