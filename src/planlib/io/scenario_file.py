"""A what-if scenario as files: the saved scenario workbook and the scenario's JSON summary.

The dashboard's 保存情景 and the scenarios notebook write through here; the dashboard itself
(:mod:`planlib.views.widgets`) only draws.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from openpyxl.styles import Font

from planlib.config import DEFAULT_INPUT, OUTPUTS_DIR, beijing_now, work_outputs
from planlib.core.model import Plan
from planlib.core.scenario import Scenario, answer_inverse, apply, compute_scenario
from planlib.core.shares import round_share
from planlib.io.contract import to_contract
from planlib.io.export import write_json
from planlib.io.workbook.write import plan_workbook
from planlib.io.xlsxio.save import save_whole
from planlib.text.findings import check
from planlib.text.scenario import describe, inverse_lines

ENV_INPUT = "PLANLIB_INPUT"
ENV_REGISTER = "PLANLIB_REGISTER"  # the dashboard's register (its 检查事项 tab), if any
SCENARIOS_DIR = OUTPUTS_DIR / "scenarios"  # for the bundled data; see scenarios_dir
SCENARIO_SHEET = "情景说明"


def scenarios_dir(plan: Plan) -> Path:
    """Where 保存情景 writes by default: ``outputs/scenarios`` beside the plan's workbook."""
    return work_outputs(plan.source or None) / "scenarios"


def resolve_input(input_path: str | os.PathLike | None = None) -> Path:
    """The notebook's input: its parameter, else ``$PLANLIB_INPUT``, else the bundled workbook."""
    if input_path:
        return Path(input_path)
    return Path(os.environ.get(ENV_INPUT) or DEFAULT_INPUT)


def resolve_register(register_path: str | os.PathLike | None = None) -> Path | None:
    """The notebook's register: its parameter, else ``$PLANLIB_REGISTER``, else none."""
    if register_path:
        return Path(register_path)
    found = os.environ.get(ENV_REGISTER)
    return Path(found) if found else None


# ---------------------------------------------------------------- saving a scenario


def write_summary(data: dict, out_dir: str | os.PathLike, name: str = "scenario.json") -> Path:
    """Write a scenario's summary (:func:`scenario_summary`) as JSON, whole or not at all."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return write_json(out / name, data)


def scenario_filename(plan: Plan, when: dt.datetime, attempt: int = 0) -> str:
    """``情景_2020_20250101-093000.xlsx``; a second save in the same second gets ``_2``."""
    suffix = f"_{attempt + 1}" if attempt else ""
    return f"情景_{plan.year}_{when:%Y%m%d-%H%M%S}{suffix}.xlsx"


def scenario_sheet_rows(plan: Plan, scenario: Scenario, when: dt.datetime) -> list[list[str | int]]:
    """The 情景说明 sheet: what changed, when, from which file, and what it gives."""
    base = compute_scenario(plan, Scenario())
    result = compute_scenario(plan, scenario)
    changes = describe(plan, scenario) or [("（无改动）", "", "")]
    rows: list[list[str | int]] = [["设置", "基准", "情景"]]
    rows += [[setting, baseline, changed] for setting, baseline, changed in changes]
    rows.append([])
    rows += [
        ["计划检查（家）", base.planned_inspections, result.planned_inspections],
        ["重点检查（家）", base.key_inspections, result.key_inspections],
        ["一般检查（家）", base.general_inspections, result.general_inspections],
        ["执法人员（人）", base.enforcement_staff, result.enforcement_staff],
        [],
        ["保存时间", when.strftime("%Y-%m-%d %H:%M:%S"), ""],
        ["原输入文件", str(Path(plan.source).resolve()) if plan.source else "（未从文件读取）", ""],
        ["说明", "本工作簿是在原输入上应用上述情景后的输入，可直接用 planlib 测算；本表不参与计算。", ""],
    ]
    return rows


def carry_over_sheets(book, source: str | os.PathLike | None) -> list[str]:
    """Copy into ``book`` every sheet of the source workbook it does not have (执法人员名单,
    检查频次上限, 检查事项 …: what the plan does not hold but other commands read), values only,
    so a saved scenario is the whole workbook with the changes. Returns the names copied."""
    if not source or not Path(source).is_file():
        return []
    from python_calamine import CalamineWorkbook

    copied = []
    try:
        workbook = CalamineWorkbook.from_path(str(source))
        names = [n for n in workbook.sheet_names if n not in book.sheetnames and n != SCENARIO_SHEET]
        for name in names:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheet = book.create_sheet(name)
            for row in rows:
                sheet.append([None if v == "" else v for v in row])
            copied.append(name)
    except Exception:  # the source changed or cannot be read again: the plan's own sheets still go
        return copied
    return copied


def save_scenario(
    plan: Plan,
    scenario: Scenario,
    out_dir: str | os.PathLike | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Write ``plan`` with ``scenario`` applied as a new workbook in ``out_dir``; returns its path.

    The workbook is the contract workbook of the applied plan (as ``workbook.write_plan``
    writes it), every other sheet of the source workbook as it was (:func:`carry_over_sheets`:
    the roster, the caps …), plus a sheet 情景说明 that input readers ignore. It is built in memory and saved
    once with ``xlsxio.save_whole(overwrite=False)``: whole or not at all, and never over an
    existing file (a taken name moves on to ``_2``, ``_3``…).
    """
    when = now or beijing_now()
    applied = apply(plan, scenario)  # raises ScenarioError before anything is written
    source = Path(plan.source).name if plan.source else "内置数据"
    book = plan_workbook(
        applied, f"由“{source}”应用情景生成，{when:%Y-%m-%d %H:%M:%S}；改动见“{SCENARIO_SHEET}”表", blank_rows=10
    )
    carry_over_sheets(book, plan.source)
    sheet = book.create_sheet(SCENARIO_SHEET)
    for row in scenario_sheet_rows(plan, scenario, when):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in "ABC":
        sheet.column_dimensions[column].width = 34
    out = Path(out_dir) if out_dir is not None else scenarios_dir(plan)
    out.mkdir(parents=True, exist_ok=True)
    for attempt in range(1000):
        try:
            return save_whole(book, out / scenario_filename(plan, when, attempt), overwrite=False)
        except FileExistsError:
            continue
    raise FileExistsError(f"无法为情景选择新文件名（{out}）")


def scenario_summary(plan: Plan, scenario: Scenario) -> dict:
    """The scenario's results as JSON-ready data: its changes, the plan in the form of
    ``planlib compute --json`` (docs/contract.md §3), and the inverse answers."""
    result = compute_scenario(plan, scenario)
    answers = answer_inverse(plan, scenario, result)
    return {
        "changes": [{"setting": a, "baseline": b, "scenario": c} for a, b, c in describe(plan, scenario)],
        "plan": to_contract(result, check(result)),
        "inverse": {
            "target_plan_ratio": round_share(answers.target_plan_ratio),
            "officers_for_target": answers.officers_for_target,
            "general_target": answers.general_target,
            "officers_for_general": answers.officers_for_general,
            "max_plan_ratio": round_share(answers.max_plan_ratio),
            "wisn_ratio": round_share(answers.wisn),
            "lines": inverse_lines(answers),
        },
    }
