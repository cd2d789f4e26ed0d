"""What ``planlib next-year`` says, in Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from planlib.core.compute import PlanResult
from planlib.core.model import WorkdayItem
from planlib.text.numbers import decimal


def workbook_note(year: int, plan_name: str, ledger_name: str) -> str:
    return (
        f"由 planlib next-year 据{year}年度计划工作簿“{plan_name}”和检查台账“{ledger_name}”生成："
        f"历史数据去掉最早一年、加入{year}年实际数"
    )


def written_line(year: int, path: Path) -> str:
    return f"已生成{year}年度计划工作簿：{path}"


def missing_lines(missing: Sequence[WorkdayItem], no_sheet: bool, year: int) -> list[str]:
    if not missing:
        return []
    names = "、".join(f"{i.category}/{i.name}" for i in missing)
    why = "检查台账没有“实际工作日”工作表" if no_sheet else "检查台账“实际工作日”中没有这些项目"
    return [f"警告：{why}，{len(missing)}个项目的{year}年实际工作日留空（历史数据中该格为空）：{names}"]


def not_computed_line(reason: str) -> str:
    return f"警告：新工作簿尚不能测算：{reason}"


def computed_line(r: PlanResult) -> str:
    return (
        f"{r.plan.year}年度测算：国家法定工作日{r.calendar.workdays_per_person}天，执法人员{r.plan.enforcement_staff}人，"
        f"其他执法工作日{decimal(r.other_enforcement.total)}个，非执法工作日{decimal(r.non_enforcement.total)}个，"
        f"监督检查工作日{decimal(r.inspection_workdays)}个，计划检查{r.planned_inspections}家"
    )
