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

# name → the module that defines it (imported lazily by __getattr__)
_API = {
    "Plan": "planlib.core.model",
    "Unit": "planlib.core.model",
    "WorkdayItem": "planlib.core.model",
    "PlanResult": "planlib.core.compute",
    "compute": "planlib.core.compute",
    "Finding": "planlib.core.rules",
    "check": "planlib.text.findings",
    "has_errors": "planlib.core.rules",
    "plan_history": "planlib.core.history",
    "Scenario": "planlib.core.scenario",
    "apply": "planlib.core.scenario",
    "format_summary": "planlib.text.report",
    "format_findings": "planlib.text.report",
    "plan_markdown": "planlib.text.document",
    "schedule_table": "planlib.text.document",
    "items_table": "planlib.text.items",
    "item_months_table": "planlib.text.items",
    "plan_schedule": "planlib.core.schedule",
    "plan_tables": "planlib.text.report",
    "load_plan": "planlib.io.workbook",
    "compute_workbook": "planlib.io.workbook",
    "write_plan": "planlib.io.workbook",
    "write_template": "planlib.io.workbook",
    "to_contract": "planlib.io.contract",
    "write_documents": "planlib.io.export",
    "audit_file": "planlib.audit",
    "chart": "planlib.views.charts",
    "load_inputs": "planlib.app.run",
    "official_run": "planlib.app.run",
    "write_plan_files": "planlib.app.package",
    "write_history_files": "planlib.app.package",
    "read_register": "planlib.io.register",
    "load_with_register": "planlib.io.draw",
    "read_ledger": "planlib.io.ledger",
    "progress_report": "planlib.app.progress",
    "progress_figure": "planlib.views.progress_chart",
    "progress_image": "planlib.views.progress_chart",
    "PlanlibError": "planlib.errors",
    "InputError": "planlib.errors",
    "OutputError": "planlib.errors",
}
__all__ = sorted(_API)

if TYPE_CHECKING:
    # `name as name` marks a re-export for ruff and mypy (__all__ is computed from _API).
    from planlib.app.package import (
        write_history_files as write_history_files,
        write_plan_files as write_plan_files,
    )
    from planlib.app.progress import (
        progress_report as progress_report,
    )
    from planlib.app.run import (
        load_inputs as load_inputs,
        official_run as official_run,
    )
    from planlib.audit import (
        audit_file as audit_file,
    )
    from planlib.core.compute import (
        PlanResult as PlanResult,
        compute as compute,
    )
    from planlib.core.history import (
        plan_history as plan_history,
    )
    from planlib.core.model import (
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
        apply as apply,
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
    )
    from planlib.io.ledger import (
        read_ledger as read_ledger,
    )
    from planlib.io.register import (
        read_register as read_register,
    )
    from planlib.io.workbook import (
        compute_workbook as compute_workbook,
        load_plan as load_plan,
        write_plan as write_plan,
        write_template as write_template,
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
        format_findings as format_findings,
        format_summary as format_summary,
        plan_tables as plan_tables,
    )
    from planlib.views.charts import (
        chart as chart,
    )
    from planlib.views.progress_chart import (
        progress_figure as progress_figure,
        progress_image as progress_image,
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
