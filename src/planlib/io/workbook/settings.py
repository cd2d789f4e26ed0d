"""Reading 基本信息 into Plan's typed keywords (:class:`~planlib.core.model.PlanSettings`)."""

from __future__ import annotations

from fractions import Fraction

from planlib.core.model import WORKDAY_MODES, CellKey, Number, PlanSettings, WorkdayMode, setting_cell
from planlib.io.workbook.contract import COL_KEY, COL_VALUE, SETTING_NAMES, SETTINGS, SETTINGS_BY_KEY, SETTINGS_SHEET
from planlib.io.workbook.values import VALUE_KINDS, require_sheet
from planlib.io.xlsxio import Book, T, fold, show


def read_settings(book: Book) -> tuple[PlanSettings, dict[CellKey, str]]:
    t = require_sheet(book, SETTINGS_SHEET)
    values: dict[str, object] = {}
    cells: dict[str, str] = {}
    for r, typed, key_cell in t.keyed_rows(COL_KEY, COL_VALUE):
        folded = fold(typed)
        setting = SETTING_NAMES.get(folded.lower()) or SETTING_NAMES.get(folded)
        if setting is None:
            raise t.error(f"未知的键“{show(typed)}”（可用的键：{'、'.join(SETTINGS_BY_KEY)}）", key_cell)
        key = setting.key
        if key in cells:
            raise t.error(f"键“{key}”重复（已在 {cells[key]} 填写）", key_cell)
        parse = VALUE_KINDS[setting.kind]
        parsed = t.get(r, COL_VALUE, parse, f"{setting.label}（{key}）")
        cells[key] = t.cell(r, COL_VALUE)
        if parsed is not None:
            values[key] = parsed
    for s in SETTINGS:
        if s.required and s.key not in values:
            where = cells[s.key].rsplit("!", 1)[1] if s.key in cells else f"列“{COL_KEY}”"
            raise t.error(f"缺少必填项 {s.key}（{s.label}）", where)
    return _plan_settings(values), {setting_cell(k): w for k, w in cells.items()}


def _plan_settings(values: dict[str, object]) -> PlanSettings:
    """The parsed values as Plan's typed keywords. Each kind's parser returns its type; this
    checks it (a parser that broke its word fails here, not deep in the computation)."""

    def of(key: str, kind: type[T]) -> T:
        value = values[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise TypeError(f"setting {key} parsed as {type(value).__name__}")
        return value

    def number(key: str) -> Number:
        value = values[key]
        return of(key, int) if isinstance(value, int) else of(key, Fraction)

    settings = PlanSettings(authority=of("authority", str), year=of("year", int))
    if "headcount" in values:
        settings["headcount"] = of("headcount", int)
    if "entity_base" in values:
        settings["entity_base"] = of("entity_base", int)
    if "workday_mode" in values:
        settings["workday_mode"] = _MODES[of("workday_mode", str)]
    if "statutory_holidays" in values:
        settings["statutory_holidays"] = of("statutory_holidays", int)
    if "workdays_per_person" in values:
        settings["workdays_per_person"] = of("workdays_per_person", int)
    if "days_per_key_inspection" in values:
        settings["days_per_key_inspection"] = number("days_per_key_inspection")
    if "days_per_general_inspection" in values:
        settings["days_per_general_inspection"] = number("days_per_general_inspection")
    if "key_share_min" in values:
        settings["key_share_min"] = Fraction(number("key_share_min"))
    if "random_share_min" in values:
        settings["random_share_min"] = Fraction(number("random_share_min"))
    if "general_allocation" in values:
        settings["general_allocation"] = of("general_allocation", str)
    if "key_risk_levels" in values:
        settings["key_risk_levels"] = of("key_risk_levels", tuple)
    if "random_seed" in values:
        settings["random_seed"] = of("random_seed", int)
    if "key_visits_per_year" in values:
        settings["key_visits_per_year"] = of("key_visits_per_year", int)
    if "entity_visit_cap" in values:
        settings["entity_visit_cap"] = of("entity_visit_cap", int)
    for key in ("doc_number", "doc_date", "signature", "recipients", "copies", "issuing_organ", "document_form"):
        if key in values:
            settings[key] = of(key, str)
    for key in ("random_sentence", "document_charts"):
        if key in values:
            value = values[key]
            if not isinstance(value, bool):
                raise TypeError(f"setting {key} parsed as {type(value).__name__}")
            settings[key] = value  # type: ignore[literal-required]
    if "key_by_month" in values:
        settings["key_by_month"] = of("key_by_month", int)
    return settings


_MODES: dict[str, WorkdayMode] = {m: m for m in WORKDAY_MODES}
