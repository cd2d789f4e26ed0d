"""The dashboard's tab 检查事项 (docs/contract.md §6): 附件4 and the items × months of the scenario."""

from __future__ import annotations

from planlib.core.compute import PlanResult
from planlib.io.draw import RegisterPlan, with_item_lines
from planlib.text.items import item_months_table, items_table
from planlib.views.widgets.fragments import esc, html_table

NO_ITEMS = "涉企行政检查计划表需要工作簿的“检查事项”表和监管对象名录（planlib dashboard --register 名录.xlsx）"


def items_html(result: PlanResult, register: RegisterPlan | None) -> str:
    """The tables of the scenario's plan by 检查事项: its visits re-dealt over the items by the
    register (the draw's strata, whatever the seed); a sentence saying what is missing otherwise."""
    if register is None or not result.plan.inspection_items:
        return f"<p>{esc(NO_ITEMS)}</p>"
    lines, _ = with_item_lines(result, register.register, register.assignment, register.frame())
    return "".join(
        f"<b>{esc(t.title)}</b>" + html_table(t.headers, t.shown_rows())
        for t in (items_table(lines), item_months_table(lines))
    )
