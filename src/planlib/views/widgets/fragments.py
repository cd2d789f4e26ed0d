"""The dashboard's HTML fragments: its style sheet, tables, the chain, the rule badges, the units,
the comparison and the sensitivity values.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from planlib.core.compute import PlanResult
from planlib.core.rules import ERROR, SEVERITY_LABELS, WARNING, Finding, shortfall
from planlib.core.scenario import compare
from planlib.text.numbers import decimal, pct, share_text
from planlib.text.scenario import COMPARISON_COLUMNS, SENSITIVITY_COLUMNS, comparison_cells, sensitivity_cells
from planlib.views import charts

# The workday modes as the toggle and the chain name them.
MODE_NAMES = {"formula": "公式", "official": "国务院放假安排"}

# The rules shown as badges: (label, rules whose errors fail it).
BADGES = (
    ("key_share", ("key_share",)),
    ("capacity", ("capacity", "chain")),
    ("random", ("random",)),
)

STYLE = """
<style>
.planlib-dashboard { font-size: 14px; }
.planlib-dashboard h2 { margin: 0 0 4px 0; font-size: 20px; }
.planlib-card { border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 14px; margin-right: 10px;
  background: #f6f8fa; min-width: 150px; }
.planlib-card .planlib-number { font-size: 26px; font-weight: 600; }
.planlib-badge { display: inline-block; border-radius: 12px; padding: 2px 12px; margin: 2px 6px 2px 0;
  color: white; font-weight: 600; }
.planlib-pass { background: #2e7d32; }
.planlib-fail { background: #c62828; }
.planlib-na { background: #757575; }
.planlib-card.planlib-card-fail { border-color: #c62828; background: #ffebee; }
.planlib-card.planlib-card-fail .planlib-number { color: #b71c1c; }
.planlib-card.planlib-card-unknown .planlib-number { color: #757575; }
.planlib-table { border-collapse: collapse; margin: 4px 0; }
.planlib-table th, .planlib-table td { border-bottom: 1px solid #e1e4e8; padding: 3px 10px; text-align: right; }
.planlib-table th:first-child, .planlib-table td:first-child { text-align: left; }
.planlib-table tr.planlib-changed td { background: #fff8c5; }
.planlib-chain { font-family: inherit; line-height: 1.7; }
.planlib-status-error { color: #c62828; font-weight: 600; }
</style>
"""


# ---------------------------------------------------------------- HTML fragments


def esc(value) -> str:
    return html.escape(str(value))


def html_table(headers: Iterable[str], rows: Iterable[Iterable], changed: Iterable[bool] = ()) -> str:
    changed = list(changed)
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = []
    for n, row in enumerate(rows):
        mark = ' class="planlib-changed"' if n < len(changed) and changed[n] else ""
        body.append(f"<tr{mark}>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>")
    return f'<table class="planlib-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


signed = charts.signed


def chain_html(r: PlanResult) -> str:
    """The workday chain of section 四, one line per step; an impossible plan ends in why."""
    plan, cal = r.plan, r.calendar
    lines = [
        f"国家法定工作日={cal.workdays_per_person}天（{MODE_NAMES.get(cal.mode, cal.mode)}）",
        f"总法定工作日={cal.workdays_per_person}×{r.enforcement_staff}={r.total_workdays}个",
        f"监督检查工作日={r.total_workdays}−{r.other_enforcement.total}（其他执法）−{r.non_enforcement.total}（非执法）"
        f"={signed(r.inspection_workdays)}个",
    ]
    lack = shortfall(r)
    if lack is None:
        lines += [
            f"重点检查{r.key_inspections}家×{decimal(plan.days_per_key_inspection)}天={r.key_workdays}个工作日；"
            f"一般检查工作日{r.general_workdays}个÷{decimal(plan.days_per_general_inspection)}天"
            f"={r.general_inspections}家",
            f"计划检查{r.planned_inspections}家=重点{r.key_inspections}+一般{r.general_inspections}；"
            f"“双随机”不少于{r.random_min}家",
        ]
    else:
        lines += [
            f"重点检查{r.key_inspections}家×{decimal(plan.days_per_key_inspection)}天={r.key_workdays}个工作日；"
            f"一般检查工作日={signed(r.inspection_workdays)}−{r.key_workdays}={signed(r.general_workdays)}个",
            f"✗ {infeasible_text(r)}",
        ]
    return '<div class="planlib-chain">' + "<br>".join(esc(x) for x in lines) + "</div>"


def infeasible_text(r: PlanResult) -> str:
    """Why the plan cannot be carried out, in figures (only for a plan with a shortfall)."""
    lack = shortfall(r)
    if r.inspection_workdays <= 0:
        head = f"监督检查工作日为{signed(r.inspection_workdays)}个，没有可用于监督检查的工作日"
    else:
        head = f"重点检查需{r.key_workdays}个工作日，超过监督检查工作日{r.inspection_workdays}个"
    return head + (f"，缺{lack}个工作日，计划无法完成" if lack else "，计划无法完成")


PASS, FAIL, NOT_APPLICABLE = "pass", "fail", "na"
BADGE_MARKS = {PASS: "✓", FAIL: "✗", NOT_APPLICABLE: "–"}


def badge_states(result: PlanResult, findings: list[Finding]) -> dict[str, tuple[str, str]]:
    """Each badge's (state, label), from the rules' error findings.

    A plan that cannot be carried out fails 检查能力 whichever rule says so, and its shares
    (of inspections it cannot make) are not applicable: never a green badge for them.
    """
    plan = result.plan
    failed = {f.rule for f in findings if f.severity == ERROR}
    impossible = shortfall(result) is not None
    states = {name: FAIL if failed & set(rules) else PASS for name, rules in BADGES}
    capacity = f"检查能力：重点检查{result.key_workdays}≤监督检查{result.inspection_workdays}个工作日"
    if impossible:
        states["capacity"] = FAIL
        capacity = (
            f"检查能力：重点检查需{result.key_workdays}个工作日＞监督检查{signed(result.inspection_workdays)}个工作日"
        )
        for name in ("key_share", "random"):
            if states[name] == PASS:
                states[name] = NOT_APPLICABLE
    labels = {
        "key_share": f"重点检查占比{share_text(result.key_share)}（≥{pct(plan.key_share_min, 0)}）",
        "capacity": capacity,
        "random": f"“双随机”≥{pct(plan.random_share_min, 0)}（不少于{result.random_min}家）",
    }
    if impossible:
        labels["key_share"] = f"重点检查占比：计划无法完成，不适用（≥{pct(plan.key_share_min, 0)}）"
        if states["random"] == NOT_APPLICABLE:
            labels["random"] = f"“双随机”≥{pct(plan.random_share_min, 0)}：计划无法完成，不适用"
    return {name: (states[name], labels[name]) for name, _ in BADGES}


def badges_html(result: PlanResult, findings: list[Finding]) -> str:
    parts = []
    for name, (state, label) in badge_states(result, findings).items():
        parts.append(
            f'<span class="planlib-badge planlib-{state}" data-rule="{name}">{BADGE_MARKS[state]} {esc(label)}</span>'
        )
    notes = [f for f in findings if f.severity in (ERROR, WARNING)]
    listing = "".join(f"<li>{SEVERITY_LABELS[f.severity]}：{esc(f.message)}</li>" for f in notes)
    return "".join(parts) + (f"<ul>{listing}</ul>" if listing else "")


def units_html(result: PlanResult) -> str:
    rows = [(u.name, u.staff, u.key, u.general, u.total) for u in result.units]
    rows.append(
        (
            "合计",
            result.enforcement_staff,
            result.key_inspections,
            result.general_inspections,
            result.planned_inspections,
        )
    )
    table = html_table(("执法单位", "执法人员", "重点检查", "一般检查", "合计"), rows)
    if shortfall(result) is not None:  # the units' key inspections are what the register asks, not a plan
        return f'<p class="planlib-status-error">✗ {esc(infeasible_text(result))}：以下安排无法执行。</p>' + table
    return table


def comparison_html(baseline: PlanResult, result: PlanResult) -> str:
    rows = compare(baseline, result)
    return html_table(COMPARISON_COLUMNS, [comparison_cells(r) for r in rows], [r.changed for r in rows])


def sensitivity_html(rows) -> str:
    return html_table(SENSITIVITY_COLUMNS, [sensitivity_cells(r) for r in rows])
