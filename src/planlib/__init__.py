"""planlib: annual supervision-inspection plans (安全生产年度监督检查计划) of work-safety regulators.

From an Excel workbook of staffing and three-year workday history, planlib computes how many
workdays the enforcement officers have, how many go to other enforcement work and to
non-enforcement time, and so how many inspections, key and general, each unit can make; it
checks the plan against the rules of the national method and writes the plan's figures.

Subpackages, from the domain core outwards (docs/architecture.md draws the picture):
``core`` (the plan and its arithmetic: model, calendar, estimation, allocation, compute,
rules, history, scenario), ``text`` (every Chinese sentence and number format), ``io``
(spreadsheets, the workbook contract, the JSON, exported files, publishing), ``audit``
(reading and checking published plans), ``views`` (charts, widgets) and ``app`` (the command
line, the official run, the dashboard, batch). Each may import only those before it.

The names below are the public API for analysts and scripts::

    import planlib
    result, findings = planlib.compute_workbook("我的计划.xlsx")
    print(planlib.format_summary(result, findings))

They are loaded on first use, so ``import planlib`` stays cheap (the command line's
``compute`` path never loads matplotlib, pandas or papermill).

The glossary of the Chinese terms is kept in ``docs/method.md`` (§ Glossary).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name → the module that defines it (imported lazily by __getattr__). The notebooks use these and
# nothing else (tests/test_public_api.py); orchestration (the official run, the year's package)
# stays in planlib.app.
_API = {
    # The plan and its arithmetic
    "Plan": "planlib.core.model",
    "Unit": "planlib.core.model",
    "WorkdayItem": "planlib.core.model",
    "OTHER_ENFORCEMENT": "planlib.core.model",
    "NON_ENFORCEMENT": "planlib.core.model",
    "PlanResult": "planlib.core.compute",
    "compute": "planlib.core.compute",
    "Finding": "planlib.core.rules",
    "has_errors": "planlib.core.rules",
    "plan_history": "planlib.core.history",
    "as_threshold": "planlib.core.history",
    "plan_schedule": "planlib.core.schedule",
    # What-if scenarios (notebooks/scenarios.ipynb)
    "Scenario": "planlib.core.scenario",
    "apply": "planlib.core.scenario",
    "with_default_targets": "planlib.core.scenario",
    "compare": "planlib.core.scenario",
    "sensitivity": "planlib.core.scenario",
    "answer_inverse": "planlib.core.scenario",
    "describe": "planlib.text.scenario",
    "comparison_cells": "planlib.text.scenario",
    "sensitivity_cells": "planlib.text.scenario",
    "inverse_lines": "planlib.text.scenario",
    "COMPARISON_COLUMNS": "planlib.text.scenario",
    "SENSITIVITY_COLUMNS": "planlib.text.scenario",
    "resolve_input": "planlib.io.scenario_file",
    "resolve_register": "planlib.io.scenario_file",
    "scenario_summary": "planlib.io.scenario_file",
    "write_summary": "planlib.io.scenario_file",
    "Dashboard": "planlib.views.widgets",
    # Words and tables
    "check": "planlib.text.findings",
    "format_summary": "planlib.text.report",
    "format_findings": "planlib.text.report",
    "mode_name": "planlib.text.report",
    "calendar_sentence": "planlib.text.calendar",
    "plan_tables": "planlib.text.report",
    "chain_table": "planlib.text.report",
    "category_table": "planlib.text.report",
    "units_table": "planlib.text.report",
    "shares_table": "planlib.text.report",
    "staff_table": "planlib.text.report",
    "history_table": "planlib.text.report",
    "format_history_flags": "planlib.text.report",
    "plan_markdown": "planlib.text.document",
    "schedule_table": "planlib.text.document",
    "items_table": "planlib.text.items",  # 附件4 涉企行政检查计划表 (docs/contract.md §6)
    "item_months_table": "planlib.text.items",
    # Files
    "load_plan": "planlib.io.workbook",
    "compute_workbook": "planlib.io.workbook",
    "write_plan": "planlib.io.workbook",
    "write_template": "planlib.io.workbook",
    "to_contract": "planlib.io.contract",
    "write_documents": "planlib.io.export",
    "write_history_table": "planlib.io.export",
    "read_register": "planlib.io.register",
    "load_with_register": "planlib.io.draw",
    "audit_file": "planlib.audit",
    "read_ledger": "planlib.io.ledger",
    # Charts
    "chart": "planlib.views.charts",
    "waterfall": "planlib.views.charts",
    "tornado": "planlib.views.charts",
    "progress_figure": "planlib.views.progress_chart",
    "progress_image": "planlib.views.progress_chart",
    # A notebook's inputs, as the commands read them: the plan year's (the workbook, the register,
    # the output folder) and the year's progress (the plan, its register and the ledger)
    "load_inputs": "planlib.app.run",
    "progress_report": "planlib.app.progress",
    "dashboard_progress": "planlib.app.progress",
    # Errors
    "PlanlibError": "planlib.errors",
    "InputError": "planlib.errors",
    "OutputError": "planlib.errors",
}
__all__ = sorted(_API)

if TYPE_CHECKING:
    # `name as name` marks a re-export for ruff and mypy (__all__ is computed from _API).
    from planlib.app.progress import (
        dashboard_progress as dashboard_progress,
        progress_report as progress_report,
    )
    from planlib.app.run import (
        load_inputs as load_inputs,
    )
    from planlib.audit import (
        audit_file as audit_file,
    )
    from planlib.core.compute import (
        PlanResult as PlanResult,
        compute as compute,
    )
    from planlib.core.history import (
        as_threshold as as_threshold,
        plan_history as plan_history,
    )
    from planlib.core.model import (
        NON_ENFORCEMENT as NON_ENFORCEMENT,
        OTHER_ENFORCEMENT as OTHER_ENFORCEMENT,
        Plan as Plan,
        Unit as Unit,
        WorkdayItem as WorkdayItem,
    )
    from planlib.core.rules import (
        Finding as Finding,
        has_errors as has_errors,
    )
    from planlib.core.scenario import (
        Scenario as Scenario,
        answer_inverse as answer_inverse,
        apply as apply,
        compare as compare,
        sensitivity as sensitivity,
        with_default_targets as with_default_targets,
    )
    from planlib.core.schedule import (
        plan_schedule as plan_schedule,
    )
    from planlib.errors import (
        InputError as InputError,
        OutputError as OutputError,
        PlanlibError as PlanlibError,
    )
    from planlib.io.contract import (
        to_contract as to_contract,
    )
    from planlib.io.draw import (
        load_with_register as load_with_register,
    )
    from planlib.io.export import (
        write_documents as write_documents,
        write_history_table as write_history_table,
    )
    from planlib.io.ledger import (
        read_ledger as read_ledger,
    )
    from planlib.io.register import (
        read_register as read_register,
    )
    from planlib.io.scenario_file import (
        resolve_input as resolve_input,
        resolve_register as resolve_register,
        scenario_summary as scenario_summary,
        write_summary as write_summary,
    )
    from planlib.io.workbook import (
        compute_workbook as compute_workbook,
        load_plan as load_plan,
        write_plan as write_plan,
        write_template as write_template,
    )
    from planlib.text.calendar import (
        calendar_sentence as calendar_sentence,
    )
    from planlib.text.document import (
        plan_markdown as plan_markdown,
        schedule_table as schedule_table,
    )
    from planlib.text.findings import (
        check as check,
    )
    from planlib.text.items import (
        item_months_table as item_months_table,
        items_table as items_table,
    )
    from planlib.text.report import (
        category_table as category_table,
        chain_table as chain_table,
        format_findings as format_findings,
        format_history_flags as format_history_flags,
        format_summary as format_summary,
        history_table as history_table,
        mode_name as mode_name,
        plan_tables as plan_tables,
        shares_table as shares_table,
        staff_table as staff_table,
        units_table as units_table,
    )
    from planlib.text.scenario import (
        COMPARISON_COLUMNS as COMPARISON_COLUMNS,
        SENSITIVITY_COLUMNS as SENSITIVITY_COLUMNS,
        comparison_cells as comparison_cells,
        describe as describe,
        inverse_lines as inverse_lines,
        sensitivity_cells as sensitivity_cells,
    )
    from planlib.views.charts import (
        chart as chart,
        tornado as tornado,
        waterfall as waterfall,
    )
    from planlib.views.progress_chart import (
        progress_figure as progress_figure,
        progress_image as progress_image,
    )
    from planlib.views.widgets import (
        Dashboard as Dashboard,
    )


def __getattr__(name: str) -> Any:
    """Load a public name's module on first use (PEP 562)."""
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'planlib' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
