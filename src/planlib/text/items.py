"""The plan by 检查事项 in words (docs/contract.md §6): 附件4 涉企行政检查计划表, the items × months
table, and the count word of the plan (家, or 家次 when entities are visited more than once).

The table has no entity names: it is the part of the plan that is published.
"""

from __future__ import annotations

from planlib.core.compute import PlanResult
from planlib.core.items import ItemLine
from planlib.core.model import InspectionItem
from planlib.core.schedule import MONTHS
from planlib.text.numbers import share_text
from planlib.text.report import INT, Column, Table

ITEMS_SHEET = "行政检查计划表"
ITEMS_COLUMNS = (
    "序号",
    "检查事项",
    "检查类型",
    "实施依据",
    "检查对象",
    "检查内容",
    "检查方式",
    "检查频次和上限",
    "检查时间安排",
    "承办机构",
    "是否联合检查",
    "备注",
)
NOT_JOINT = "否"


def count_word(r: PlanResult) -> str:
    """家 while every entity is visited once a year; 家次 once some are visited more often."""
    return "家次" if r.counts_visits else "家"


def object_text(line: ItemLine) -> str:
    """检查对象: "辖区内工贸、有限空间单位4000家，重点检查120家，“双随机”抽查97家（抽查比例2.4%）"."""
    sectors = "、".join(line.item.sectors)
    parts = [f"辖区内{sectors}单位{line.entities}家"]
    if line.key:
        parts.append(f"重点检查{line.key}家")
    if line.drawn:
        parts.append(f"“双随机”抽查{line.drawn}家（抽查比例{share_text(line.ratio, 1)}）")
    return "，".join(parts)


def frequency_text(item: InspectionItem) -> str:
    """检查频次和上限: "1次/年/家，上限2次/年/家"."""
    return f"{item.frequency}次/年/家，上限{item.limit}次/年/家"


def timing_text(line: ItemLine) -> str:
    """检查时间安排: as typed, else the months with their counts ("1月8家、2月9家、…")."""
    if line.item.timing:
        return line.item.timing
    word = "家次" if line.item.frequency > 1 else "家"
    return "、".join(f"{m + 1}月{line.month(m)}{word}" for m in range(MONTHS) if line.month(m)) or "—"


def organ_text(line: ItemLine) -> str:
    return line.item.organ or "、".join(line.units) or "—"


def items_table(r: PlanResult) -> Table:
    """附件4 涉企行政检查计划表, one row per item."""
    rows = tuple(
        (
            n,
            line.item.name,
            line.item.kind,
            line.item.basis,
            object_text(line),
            line.item.content,
            line.item.shown_method,
            frequency_text(line.item),
            timing_text(line),
            organ_text(line),
            line.item.joint or NOT_JOINT,
            line.item.note,
        )
        for n, line in enumerate(r.item_lines, 1)
    )
    columns = tuple(Column(name, INT if name == "序号" else "text") for name in ITEMS_COLUMNS)
    return Table(ITEMS_SHEET, f"{r.plan.year}年度涉企行政检查计划表", columns, rows)


def item_months_table(r: PlanResult) -> Table:
    """Items × months (visits, 家次), each row adding up to the item's visits, with a 合计 row."""
    lines = r.item_lines
    rows = [(line.item.name, *(line.month(m) for m in range(MONTHS)), line.visits) for line in lines]
    rows.append(
        (
            "合计",
            *(sum(line.month(m) for line in lines) for m in range(MONTHS)),
            sum(line.visits for line in lines),
        )
    )
    columns = (Column("检查事项"), *(Column(f"{m + 1}月", INT) for m in range(MONTHS)), Column("合计", INT))
    return Table("检查事项月度安排", f"{r.plan.year}年度检查事项月度安排（家次）", columns, tuple(rows), total_row=True)


def items_notes(r: PlanResult) -> tuple[str, ...]:
    """The lines under 附件4: how 检查对象 and the months were computed."""
    return (
        "注：检查对象家数按监管对象名录的行业领域统计；抽查比例=“双随机”抽查家数÷检查对象家数。",
        "检查时间安排按各月工作日比例分配（与附件3相同的双向取整），各事项各月之和等于其全年检查次数。",
    )
