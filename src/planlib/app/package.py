"""The year's package as the notebooks write it: documents (:mod:`planlib.io.export`) and charts."""

from __future__ import annotations

import os
from pathlib import Path

from planlib.core.compute import PlanResult
from planlib.core.history import ItemHistory
from planlib.core.rules import Finding
from planlib.io.export import write_documents, write_history_table
from planlib.views.charts import PLAN_CHARTS, save_chart


def write_plan_files(result: PlanResult, findings: list[Finding], out_dir: str | os.PathLike) -> list[Path]:
    """Everything ``annual_plan.ipynb`` produces: the plan charts, then the documents (which
    take the charts as figures when the workbook asks for them)."""
    charts = [save_chart(result, s, out_dir) for s in PLAN_CHARTS]
    return write_documents(result, findings, out_dir) + charts


def write_history_files(
    result: PlanResult, histories: tuple[ItemHistory, ...], out_dir: str | os.PathLike
) -> list[Path]:
    """Everything ``history.ipynb`` produces: the history workbook and chart."""
    return [write_history_table(result.plan, histories, out_dir), save_chart(result, "history", out_dir)]
