"""Auditing a workbook: checked as ``planlib check`` does, and the figures of its optional
``填报核对`` sheet (what the published plan states; docs/audit.md) compared with the computed ones."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from planlib.audit import plantext as pt
from planlib.audit.result import Audit, AuditFinding, json_value, show, sorted_findings, within_precision
from planlib.audit.slips import slip_note
from planlib.core.rules import ERROR, Finding
from planlib.errors import InputError

SHEET_STATED = "填报核对"


@dataclass(frozen=True)
class Stated:
    """One row of the 填报核对 sheet: a figure as the published plan states it."""

    key: str
    value: Fraction
    text: str
    places: int  # decimal places of the value as typed (as a fraction: 42.17% → 4)
    where: str  # 填报核对!B5


def read_stated(path) -> list[Stated] | None:
    """The 填报核对 sheet of a workbook (a path or an opened Book; None when it has no such
    sheet); a bad row is an InputError."""
    from planlib.io.workbook.contract import COL_KEY, COL_LABEL, COL_NOTE, COL_VALUE
    from planlib.io.xlsxio import Book, open_book, parse_number, parse_text, read_table

    book = path if isinstance(path, Book) else open_book(path)
    table = read_table(book, SHEET_STATED, (COL_KEY, COL_VALUE), (COL_LABEL, COL_NOTE), empty_is_absent=True)
    if table is None:
        return None
    rows: list[Stated] = []
    seen: dict[str, str] = {}
    for r, typed, key_cell in table.keyed_rows(COL_KEY, COL_VALUE):
        key = _stated_key(typed)
        raw, cell = table.raw(r, COL_VALUE)
        if not _known_key(key):
            raise table.error(
                f"未知的键“{typed}”（可用的键见 docs/audit.md，如 "
                f"{'、'.join(list(STATED_KEYS)[:6])}…，以及 item:类别:项目、unit:单位:staff|key|general）",
                key_cell,
            )
        if key in seen:
            raise table.error(f"键“{key}”重复（已在 {seen[key]} 填写）", key_cell)
        seen[key] = cell
        value = table.get(r, COL_VALUE, parse_number)
        if value is None:  # blank: not stated
            continue
        rows.append(Stated(key, Fraction(value), parse_text(raw), _places(raw), f"{table.sheet}!{cell}"))
    return rows


STATED_KEYS = dict(pt.LABELS)


def _stated_key(text: str) -> str:
    from planlib.io.xlsxio import name_key

    text = text.strip()
    if text.lower() in STATED_KEYS:
        return text.lower()
    parts = name_key(text).split(":")  # folding makes a full-width colon ASCII
    if len(parts) >= 2 and parts[0].lower() in ("item", "unit"):
        parts[0] = parts[0].lower()
        if parts[0] == "unit" and len(parts) == 3:
            parts[2] = parts[2].lower()
        return ":".join(parts)
    return text


def _known_key(key: str) -> bool:
    if key in STATED_KEYS:
        return True
    parts = key.split(":")
    if parts[0] == "item":
        return len(parts) == 3 and parts[1] in ("其他执法", "非执法")
    if parts[0] == "unit":
        return len(parts) == 3 and parts[2] in ("staff", "key", "general")
    return False


def _places(raw) -> int:
    """Decimal places as typed: ``"42.17%"`` → 4, ``0.059`` → 3, ``251`` → 0."""
    if isinstance(raw, bool) or raw is None:
        return 0
    if isinstance(raw, int):
        return 0
    if isinstance(raw, float):
        text = repr(raw)
        return len(text.split(".")[1]) if "." in text and "e" not in text else 4
    from planlib.io.xlsxio import fold

    text = fold(str(raw))
    percent = text.endswith("%")
    digits = text.rstrip("%")
    return (len(digits.split(".")[1]) if "." in digits else 0) + (2 if percent else 0)


def computed_figures(result) -> dict[str, Fraction | int | None]:
    """Every figure a 填报核对 key can name, from a computed plan."""
    from planlib.io.xlsxio import name_key

    plan, cal = result.plan, result.calendar
    figures = {
        pt.YEAR: plan.year,
        pt.DAYS: cal.days,
        pt.WEEKEND_DAYS: cal.weekend_days,
        pt.HOLIDAYS: cal.statutory_holidays,
        pt.MAKEUP: cal.makeup_workdays,
        pt.OFF_DAYS: cal.statutory_holidays if cal.mode == "official" else None,  # the arrangement's weekdays off
        pt.PER_PERSON: cal.workdays_per_person,
        pt.HEADCOUNT: plan.headcount,
        pt.STAFF: result.enforcement_staff,
        pt.TOTAL: result.total_workdays,
        pt.OTHER: result.other_enforcement.total,
        pt.NON: result.non_enforcement.total,
        pt.INSPECTION: result.inspection_workdays,
        pt.KEY_WD: result.key_workdays,
        pt.GENERAL_WD: result.general_workdays,
        pt.PLANNED: result.planned_inspections,
        pt.KEY: result.key_inspections,
        pt.GENERAL: result.general_inspections,
        pt.ENTITY_BASE: plan.entity_base,
        pt.DAYS_KEY: plan.days_per_key_inspection,
        pt.DAYS_GENERAL: plan.days_per_general_inspection,
        pt.KEY_SHARE_MIN: plan.key_share_min,
        pt.RANDOM_SHARE_MIN: plan.random_share_min,
        pt.STAFF_SHARE: result.staff_share,
        pt.PLAN_RATIO: result.plan_ratio,
        pt.KEY_SHARE: result.key_share,
        pt.GENERAL_SHARE: result.general_share,
    }
    for cat in (result.other_enforcement, result.non_enforcement):
        for item in cat.items:
            figures[f"item:{cat.category}:{name_key(item.name)}"] = item.workdays
    for u in result.units:
        for part, value in (("staff", u.staff), ("key", u.key), ("general", u.general)):
            figures[f"unit:{name_key(u.name)}:{part}"] = value
    return figures


def _stated_label(key: str) -> str:
    if key in STATED_KEYS:
        return STATED_KEYS[key]
    parts = key.split(":")
    if parts[0] == "item":
        return f"{parts[1]}项目“{parts[2]}”"
    return f"“{parts[1]}”" + {"staff": "执法人员数", "key": "重点检查家数", "general": "一般检查家数"}[parts[2]]


def audit_workbook(path: str | Path) -> Audit:
    """Check a workbook as ``planlib check`` does, and its 填报核对 figures against the computation."""
    from planlib.io.contract import to_contract
    from planlib.io.workbook import compute_workbook
    from planlib.io.xlsxio import open_book

    book = open_book(path)  # parsed once for both the plan and its 填报核对 sheet
    result, findings = compute_workbook(book, None)
    stated = read_stated(book)
    computed = computed_figures(result)
    found: list[Finding] = list(findings)
    figures, unchecked = [], []
    if stated is None:
        unchecked.append(
            f"工作簿没有“{SHEET_STATED}”表，只按规则检查了测算结果；"
            "如需核对已发布计划中的数字，请添加该表（见 docs/audit.md）"
        )
    for s in stated or ():
        label = _stated_label(s.key)
        if s.key not in computed:
            raise InputError(path, f"{label}在工作簿中不存在（键“{s.key}”）", SHEET_STATED, s.where.split("!")[1])
        actual = computed[s.key]
        percent = s.key in pt.PERCENT_CONCEPTS
        places = max(s.places, 2)
        printed = show(s.value, places, percent) if percent else show(s.value)
        right = show(actual, places, percent) if percent else show(actual)
        row = {
            "key": s.key,
            "label": label,
            "value": json_value(s.value),
            "shown": printed,
            "computed": None if actual is None else json_value(Fraction(actual)),
            "computed_shown": right if actual is not None else None,
            "where": s.where,
        }
        figures.append(row)
        if actual is None:
            unchecked.append(f"{label}（{s.where}）：工作簿缺少计算它所需的数字，未核对")
            row["holds"] = None
            continue
        ok = within_precision(s.value, Fraction(actual), s.places) if percent else s.value == Fraction(actual)
        rule = "percentage" if percent else "stated"
        row["holds"] = ok
        if ok:
            continue
        note, slip = slip_note(printed.rstrip("%"), right.rstrip("%"))
        found.append(
            AuditFinding(
                rule, ERROR, f"{SHEET_STATED}中{label}为{printed}，按工作簿测算为{right}{note}", s.where, slip=slip
            )
        )
    plan = result.plan
    return Audit(
        source=str(path),
        kind="workbook",
        findings=sorted_findings(found),
        figures=figures,
        unchecked=unchecked,
        authority=plan.authority,
        year=plan.year,
        plan=to_contract(result, findings),
    )
