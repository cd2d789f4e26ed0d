"""Human-readable Chinese text of a computed plan.

Only the standard library and the domain core are imported at module level: the command
line imports this on its fast path.
"""

from __future__ import annotations

from .compute import CategoryResult, PlanResult
from .rules import ERROR, INFO, WARNING, Finding, pct

SEVERITY_LABELS = {ERROR: "错误", WARNING: "警告", INFO: "提示"}


def _share(value) -> str:
    return "—" if value is None else pct(value)


def _category_lines(title: str, cat: CategoryResult) -> list[str]:
    lines = [f"{title}：{cat.total}个工作日"]
    for n, item in enumerate(cat.items, 1):
        lines.append(f"  {n}.{item.name}：{item.workdays}个工作日（{item.method}）")
    return lines


def format_findings(findings: list[Finding]) -> list[str]:
    if not findings:
        return ["规则检查：全部通过"]
    lines = [f"规则检查：{sum(f.severity == ERROR for f in findings)}个错误，"
             f"{sum(f.severity == WARNING for f in findings)}个警告，"
             f"{sum(f.severity == INFO for f in findings)}个提示"]
    for f in findings:
        where = f"（{f.where}）" if f.where else ""
        lines.append(f"  [{SEVERITY_LABELS[f.severity]}] {f.rule}：{f.message}{where}")
    return lines


def format_summary(r: PlanResult, findings: list[Finding]) -> str:
    """The whole chain as the terminal summary of ``planlib compute``."""
    plan, cal = r.plan, r.calendar
    staff_line = f"执法人员：{r.enforcement_staff}人"
    if plan.headcount:
        staff_line += f"，占在册定编{plan.headcount}人的{_share(r.staff_share)}"
    lines = [
        f"{plan.authority} {plan.year}年度安全生产监督检查计划测算",
        f"工作日计算方式：{cal.mode}",
        cal.sentence(),
        staff_line,
        f"总法定工作日={cal.workdays_per_person}×{r.enforcement_staff}={r.total_workdays}个工作日",
        *_category_lines("其他执法工作日", r.other_enforcement),
        *_category_lines("非执法工作日", r.non_enforcement),
        f"监督检查工作日={r.total_workdays}-{r.other_enforcement.total}-{r.non_enforcement.total}"
        f"={r.inspection_workdays}个工作日",
        f"  重点检查工作日：{r.key_workdays}个（{r.key_inspections}家×{plan.days_per_key_inspection}天）",
        f"  一般检查工作日：{r.general_workdays}个（{r.general_inspections}家×{plan.days_per_general_inspection}天）",
        f"计划检查：{r.planned_inspections}家，其中重点检查{r.key_inspections}家（{_share(r.key_share)}），"
        f"一般检查{r.general_inspections}家（{_share(r.general_share)}），“双随机”不少于{r.random_min}家",
    ]
    if plan.entity_base:
        lines.append(f"管理对象基数：{plan.entity_base}家，计划检查比例{pct(r.plan_ratio, 1)}")
    lines.append("各执法单位：")
    lines += [f"  {u.name}：{u.staff}人，重点检查{u.key}家，一般检查{u.general}家" for u in r.units]
    lines += format_findings(findings)
    return "\n".join(lines)
