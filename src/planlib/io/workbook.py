"""The input workbook (docs/contract.md §1): reading it into a :class:`~planlib.core.model.Plan`, and writing
a Plan, or a blank template, back as one.

Reading tolerates what people produce in Excel, WPS or LibreOffice (see :mod:`planlib.io.xlsxio`):
percentage-formatted cells, numbers typed as text, blank rows, title rows above the header,
headers with spaces or a bracketed unit, history years headed ``2019``, ``2019.0`` or ``2019年``,
cells merged down a column, unknown sheets, missing optional columns, and the Chinese label
(``计划年度``) typed in 基本信息's 键 column instead of the key. Everything else that is wrong is
an :class:`~planlib.errors.InputError` naming the file, the sheet and the cell or column; a
formula never calculated by a spreadsheet program is one of them, never a silent blank.

Choices a user may meet:

- Shares (``key_share_min``, ``random_share_min``): ``60%``, a 60%-formatted cell and ``0.6`` all
  mean 60%. A bare number above 1 (``60``) is refused rather than guessed, because ``1`` would
  then be ambiguous (100% or 1%).
- Blank cells: 重点检查家数 0, 一般检查权重 1, 填报值 0, 测算方法 填报; blank settings take the
  defaults of docs/contract.md. A row named 合计/总计/小计 in 执法人员, 工作日类别 or
  历史数据 is refused (the sums are computed). Hidden rows are read like any other and noted
  (:class:`~planlib.core.model.SheetNote`), so the ``reading`` rule warns; counts are bounded (``MAX_*``).
- Names are compared width- and space-insensitively (``婚（丧）假`` = ``婚(丧)假``), so 历史数据
  rows find their items and near-duplicates are caught; they are kept as typed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from planlib.core.calendar import FIRST_YEAR, LAST_YEAR, ArrangementOutsideYear, CalendarError, UnknownArrangement
from planlib.core.compute import PlanResult, UnitAccountsError, compute
from planlib.core.estimation import EstimationError, history_years
from planlib.core.model import (
    ARRANGEMENT_KINDS,
    CATEGORIES,
    DEFAULT_KEY_RISK_LEVELS,
    GENERAL_ALLOCATIONS,
    HISTORY_METHODS,
    ITEM_KINDS,
    MAKEUP_WORKDAY,
    METHOD_LAST_YEAR,
    METHOD_MEAN,
    METHOD_NOT_COUNTED,
    METHOD_PER_OFFICER,
    METHOD_REPORTED,
    METHODS,
    NON_ENFORCEMENT,
    OTHER_ENFORCEMENT,
    RISK_LEVELS,
    WORKDAY_MODE_WORDS,
    WORKDAY_MODES,
    CellKey,
    HolidayRange,
    Number,
    Plan,
    PlanSettings,
    Unit,
    UnitWorkdays,
    WorkdayItem,
    WorkdayMode,
    history_cell,
    item_cell,
    reported_cell,
    setting_cell,
    sheet_cell,
    staff_history_cell,
    unit_cell,
    unit_workdays_cell,
)
from planlib.core.rules import Finding, check
from planlib.errors import InputError
from planlib.io.items import (
    EXAMPLE_ITEMS,
    ITEM_COLUMNS,
    SHEET_INSPECTION_ITEMS,
    SHEET_UPPER,
    UPPER_COLUMNS,
    item_instructions,
    item_rows,
    read_inspection_items,
    read_upper_list,
    upper_rows,
)
from planlib.io.prose import (
    EXAMPLE_PROSE,
    LEVEL_NAMES,
    SHEET_CATEGORIES,
    SHEET_PROSE,
    category_rows,
    instructions as prose_instructions,
    parse_date_text,
    parse_month,
    parse_yes_no,
    prose_rows,
    read_key_categories,
    read_prose,
)
from planlib.io.xlsxio import (
    ENTITIES,
    PERSONS,
    WORKDAYS,
    BadValue,
    Book,
    T,
    Table,
    coord,
    fold,
    is_blank,
    name_key,
    open_book,
    parse_date,
    parse_name,
    parse_nonnegative,
    parse_number,
    parse_positive,
    parse_share,
    parse_text,
    parse_whole,
    parse_year,
    parse_year_header,
    read_table,
    save_whole,
    show,
    too_large,
    with_unit_word,
)
from planlib.text.document import document_findings
from planlib.text.numbers import as_float
from planlib.text.report import text_width

__all__ = [
    "load_plan",
    "compute_workbook",
    "plan_workbook",
    "write_plan",
    "write_template",
    "example_plan",
    "parse_number",
    "parse_share",
    "parse_year_header",
    "SETTINGS",
]

# --- The contract's names ---------------------------------------------------------------------

SHEET_SETTINGS, SHEET_UNITS, SHEET_ITEMS, SHEET_HISTORY = "基本信息", "执法人员", "工作日类别", "历史数据"
SHEET_INSTRUCTIONS = "填写说明"
SHEET_UNIT_WORKDAYS, SHEET_ARRANGEMENT = "单位工作日", "放假安排"  # docs/contract.md §4, optional

COL_KEY, COL_VALUE, COL_LABEL, COL_NOTE = "键", "值", "项目", "说明"
COL_UNIT, COL_STAFF, COL_KEY_COUNT, COL_WEIGHT = "执法单位", "执法人员数", "重点检查家数", "一般检查权重"
COL_REMARK = "备注"
COL_CATEGORY, COL_ITEM, COL_METHOD, COL_REPORTED = "类别", "项目", "测算方法", "填报值"
COL_WORKDAYS = "工作日"
COL_NAME, COL_START, COL_END, COL_KIND = "名称", "开始日期", "结束日期", "类型"

STAFF_CATEGORY, STAFF_ITEM = "人员", "执法人员数"  # the 历史数据 row of officers per year
TOTAL_ROW_NAMES = ("合计", "总计", "小计")

# Upper bounds of what a cell may say (docs/contract.md §1): far above any real bureau (Beijing's
# register holds about 386,000 units), so a value beyond one is a typo, refused naming the cell.
MAX_OFFICERS = 100_000  # 执法人员数 of a unit, 在册定编人数, a year's officers in 历史数据
MAX_ENTITIES = 10_000_000  # 管理对象基数, 重点检查家数
MAX_WORKDAYS = 100_000_000  # 填报值 and 历史数据 workdays (100,000 officers × 366 days is 36.6 million)
MAX_WEIGHT = 1_000_000  # 一般检查权重


def _refuse_total_row(t: Table, *names: str, where: str) -> None:
    """A 合计/总计/小计 row is a sum the user typed, not an entry: counting it would count twice."""
    for name in names:
        if name_key(name).rstrip(":：") in TOTAL_ROW_NAMES:
            raise t.error(
                f"“{show(name)}”行是合计行，不是{'执法单位' if t.sheet_is(SHEET_UNITS) else '工作日项目'}，"
                "请删除该行（合计由程序计算）",
                where,
            )


@dataclass(frozen=True)
class Setting:
    """One 基本信息 key: its label (项目), its help text (说明) and how its value is parsed."""

    key: str
    label: str
    help: str
    kind: str  # text | year | count | persons | entities | mode | allocation | days_in_year | positive | share
    required: bool = False


SETTINGS = (
    Setting("authority", "监督检查主体名称", "必填：制定计划的安全生产监管部门全称", "text", True),
    Setting("year", "计划年度", f"必填：{FIRST_YEAR}–{LAST_YEAR} 之间的年份，如 2020", "year", True),
    Setting("headcount", "在册定编人数", "空白：不填报（不计算执法人员占比）", "persons"),
    Setting("entity_base", "管理对象基数", "监管的生产经营单位家数；空白：不计算计划检查比例", "entities"),
    Setting(
        "workday_mode",
        "工作日计算方式",
        "formula（或填“公式”）：全年天数−双休日−法定节假日；official（或填“国务院放假安排”）：按国务院办公厅放假安排"
        f"（含调休），有“{SHEET_ARRANGEMENT}”工作表时以该表为准；空白为 formula",
        "mode",
    ),
    Setting(
        "statutory_holidays",
        "法定节假日天数",
        "空白：按当年施行的放假办法（2024年及以前11天，2025年起13天）",
        "days_in_year",
    ),
    Setting(
        "workdays_per_person",
        "国家法定工作日（每人）",
        "空白：按日历计算；填写则以填写值为准（检查时提示差异）",
        "days_in_year",
    ),
    Setting("days_per_key_inspection", "每家重点检查所需工作日", "空白：2", "positive"),
    Setting("days_per_general_inspection", "每家一般检查所需工作日", "空白：2", "positive"),
    Setting("key_share_min", "重点检查最低占比", "空白：60%；可填 60% 或 0.6", "share"),
    Setting(
        "random_share_min",
        "双随机检查最低占比",
        "一般检查中“双随机”抽查的最低比例；空白：80%；可填 80% 或 0.8",
        "share",
    ),
    Setting(
        "general_allocation",
        "一般检查分配方式",
        "weight：按一般检查权重分配（空白即此项）；capacity：各单位按自身监督检查工作日扣除重点检查后能安排的家数"
        f"（需“{SHEET_UNIT_WORKDAYS}”把工作日全部分到各单位）",
        "allocation",
    ),
    # the filed document (planlib.io.prose): all optional
    Setting("doc_number", "文号", "发文字号，如“西应急发〔2020〕1号”；空白：不印", "text"),
    Setting("doc_date", "成文日期", "如 2020年3月1日（可填日期单元格）；空白：不印", "date"),
    Setting("signature", "署名", "文末署名；空白：监督检查主体名称", "text"),
    Setting("recipients", "主送", "主送机关，如“区政府”；空白：不印", "text"),
    Setting("copies", "抄送", "抄送机关，如“市应急管理局”；空白：不印", "text"),
    Setting(
        "random_sentence",
        "印“双随机”比例句",
        "是：在六（二）末尾加“一般检查原则上采取‘双随机’方式……即不少于N家。”；空白：否",
        "yesno",
    ),
    Setting(
        "key_by_month",
        "重点检查完成月份",
        "填 1–12：重点检查在该月底前全部安排完（月度安排表）；空白：全年按工作日分配",
        "month",
    ),
    Setting(
        "document_charts",
        "计划文档附图",
        "是：在 .docx 附件之后插入图表（测算、各单位任务、月度安排等）；空白：否",
        "yesno",
    ),
    # the register and the draw (docs/contract.md §5): all optional
    Setting(
        "key_risk_levels",
        "列为重点单位的风险等级",
        "监管对象名录没有“重点检查”列时，这些风险等级的单位为重点单位；空白：重大、较大",
        "levels",
    ),
    Setting("random_seed", "双随机抽取随机种子", "非负整数；空白：抽取时用 --seed 或自动生成并记入抽取记录", "count"),
    Setting(
        "key_visits_per_year",
        "每家重点单位每年计划检查次数",
        "未列入“检查事项”的重点单位每年检查几次（无该表时为全部重点单位），按次数计算检查工作日；空白：1",
        "visits",
    ),
    Setting(
        "entity_visit_cap",
        "同一单位每年最多检查次数",
        "本机关对同一单位一年内的检查次数上限（如4），超出为错误；空白：不限",
        "visits",
    ),
)
SETTINGS_BY_KEY = {s.key: s for s in SETTINGS}
REGISTER_DEFAULTS = {
    "key_risk_levels": DEFAULT_KEY_RISK_LEVELS,
    "random_seed": None,
    "key_visits_per_year": 1,
    "entity_visit_cap": None,
}

# 键 may also hold the Chinese label (an analyst who typed 计划年度 meant year).
_SETTING_NAMES = SETTINGS_BY_KEY | {name_key(s.label): s for s in SETTINGS}


# --- Reading the four sheets ---------------------------------------------------------------------


def _require_sheet(book: Book, name: str, required, optional=()) -> Table:
    table = read_table(book, name, required, optional)
    if table is None:
        titles = "、".join(f"“{ws.title}”" for ws in book.wb.worksheets)
        raise book.error(f"缺少工作表“{name}”（现有工作表：{titles}）", name)
    return table


def _parse_workdays(value: object) -> Number | None:
    return parse_nonnegative(value, MAX_WORKDAYS)


_KINDS: dict[str, Callable[[object], object]] = {
    "text": lambda v: parse_name(v) or None,  # the one text setting is the authority's name
    "year": parse_year,
    "count": lambda v: parse_whole(v, 0, MAX_ENTITIES),
    "persons": with_unit_word(lambda v: parse_whole(v, 0, MAX_OFFICERS), PERSONS),
    "entities": with_unit_word(lambda v: parse_whole(v, 0, MAX_ENTITIES), ENTITIES),
    "days_in_year": with_unit_word(lambda v: parse_whole(v, 0, 366), WORKDAYS),
    "positive": with_unit_word(lambda v: _at_most(parse_positive(v), v, 366), WORKDAYS),
    "share": parse_share,
    "levels": lambda v: _parse_levels(v),
    "visits": lambda v: parse_whole(v, 1),
    "date": parse_date_text,
    "yesno": parse_yes_no,
    "month": parse_month,
}

_LEVEL_SEPARATORS = str.maketrans({c: "、" for c in ",，;；/ "})


def _parse_levels(value: object) -> tuple[str, ...] | None:
    """``重大、较大`` (or separated by commas, semicolons, spaces) as a tuple of risk levels."""
    text = parse_text(value)
    if not text:
        return None
    parts = fold(text.translate(_LEVEL_SEPARATORS)).split("、")
    levels = tuple(dict.fromkeys(p.removesuffix("风险") for p in parts if p))
    wrong = [lv for lv in levels if lv not in RISK_LEVELS]
    if wrong:
        raise BadValue(f"风险等级“{show(wrong[0])}”无效，应为{'、'.join(RISK_LEVELS)}中的一个或几个（用“、”分隔）")
    return levels


def _at_most(number: Number | None, value: object, maximum: int) -> Number | None:
    if number is not None and number > maximum:
        raise BadValue(too_large(value, maximum))
    return number


def _parse_mode(value: object) -> str | None:
    if is_blank(value):
        return None
    mode = fold(str(value)).lower()
    mode = WORKDAY_MODE_WORDS.get(mode, mode)
    if mode not in WORKDAY_MODES:
        words = "、".join(f"{m}（{w}）" for w, m in WORKDAY_MODE_WORDS.items())
        raise BadValue(f"应为 {words}，实际为“{show(value)}”")
    return mode


def _parse_allocation(value: object) -> str | None:
    if is_blank(value):
        return None
    allocation = fold(str(value)).lower()
    if allocation not in GENERAL_ALLOCATIONS:
        raise BadValue(f"应为 {' 或 '.join(GENERAL_ALLOCATIONS)}，实际为“{show(value)}”")
    return allocation


_KINDS["mode"], _KINDS["allocation"] = _parse_mode, _parse_allocation


def _read_settings(book: Book) -> tuple[PlanSettings, dict[CellKey, str]]:
    t = _require_sheet(book, SHEET_SETTINGS, (COL_KEY, COL_VALUE), (COL_LABEL, COL_NOTE))
    values: dict[str, object] = {}
    cells: dict[str, str] = {}
    for r, typed, key_cell in t.keyed_rows(COL_KEY, COL_VALUE):
        folded = fold(typed)
        setting = _SETTING_NAMES.get(folded.lower()) or _SETTING_NAMES.get(folded)
        if setting is None:
            raise t.error(f"未知的键“{show(typed)}”（可用的键：{'、'.join(SETTINGS_BY_KEY)}）", key_cell)
        key = setting.key
        if key in cells:
            raise t.error(f"键“{key}”重复（已在 {cells[key]} 填写）", key_cell)
        parse = _KINDS[setting.kind]
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
    for key in ("doc_number", "doc_date", "signature", "recipients", "copies"):  # the filed document
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


def _read_units(book: Book) -> tuple[tuple[Unit, ...], dict[CellKey, str]]:
    t = _require_sheet(book, SHEET_UNITS, (COL_UNIT, COL_STAFF), (COL_KEY_COUNT, COL_WEIGHT, COL_REMARK))
    units: list[Unit] = []
    cells: dict[CellKey, str] = {}
    seen: dict[str, str] = {}
    for r in t.rows():
        name = t.text(r, COL_UNIT, required=True, name=True)
        where, folded = t.raw(r, COL_UNIT)[1], name_key(name)
        _refuse_total_row(t, name, where=where)
        if folded in seen:
            raise t.error(f"执法单位“{show(name)}”重复（已在 {seen[folded]} 填写）", where)
        seen[folded] = where
        staff = t.get(r, COL_STAFF, _PERSONS)
        if staff is None:
            raise t.error(f"“{COL_STAFF}”不能为空", t.raw(r, COL_STAFF)[1])
        key = t.get(r, COL_KEY_COUNT, _ENTITIES)
        weight = t.get(r, COL_WEIGHT, lambda v: parse_nonnegative(v, MAX_WEIGHT))
        units.append(Unit(name, staff, key or 0, 1 if weight is None else weight, t.text(r, COL_REMARK)))
        cells[unit_cell(name)] = t.cell(r, COL_UNIT)
    if not units:
        raise t.error("没有填写任何执法单位", f"列“{COL_UNIT}”")
    return tuple(units), cells


_PERSONS = with_unit_word(lambda v: parse_whole(v, 0, MAX_OFFICERS), PERSONS)
_ENTITIES = with_unit_word(lambda v: parse_whole(v, 0, MAX_ENTITIES), ENTITIES)
_DAYS = with_unit_word(_parse_workdays, WORKDAYS)
_WHOLE_DAYS = with_unit_word(lambda v: parse_whole(v, 0, MAX_WORKDAYS), WORKDAYS)

_CATEGORY_ALIASES = {c: c for c in CATEGORIES} | {"其他执法工作日": OTHER_ENFORCEMENT, "非执法工作日": NON_ENFORCEMENT}


def _category(t: Table, r: int, allowed: dict[str, str]) -> str:
    raw, where = t.raw(r, COL_CATEGORY)
    text = parse_text(raw)
    if not text:
        raise t.error(f"“{COL_CATEGORY}”不能为空", where)
    if (category := allowed.get(fold(text))) is None:
        raise t.error(f"类别“{show(text)}”无效，应为 {' 或 '.join(dict.fromkeys(allowed.values()))}", where)
    return category


def _read_items(book: Book) -> tuple[list[tuple[WorkdayItem, str]], dict[CellKey, str]]:
    """Items without history (attached later), each with where its 测算方法 was read."""
    t = _require_sheet(book, SHEET_ITEMS, (COL_CATEGORY, COL_ITEM), (COL_METHOD, COL_REPORTED, COL_NOTE))
    items: list[tuple[WorkdayItem, str]] = []
    cells: dict[CellKey, str] = {}
    seen: dict[tuple[str, str], str] = {}
    methods = {fold(m): m for m in METHODS}
    blank_methods: list[WorkdayItem] = []  # no 测算方法 column and no 填报值: 0 unless told
    for r in t.rows():
        _refuse_total_row(t, t.text(r, COL_CATEGORY), t.text(r, COL_ITEM), where=t.raw(r, COL_CATEGORY)[1])
        category = _category(t, r, _CATEGORY_ALIASES)
        name = t.text(r, COL_ITEM, required=True, name=True)
        where = t.raw(r, COL_ITEM)[1]
        _refuse_total_row(t, name, where=where)
        if (category, name_key(name)) in seen:
            first = seen[category, name_key(name)]
            raise t.error(f"类别“{category}”中的项目“{show(name)}”重复（已在 {first} 填写）", where)
        seen[category, name_key(name)] = where
        raw_method, method_cell = t.raw(r, COL_METHOD)
        method = methods.get(fold(parse_text(raw_method))) if not is_blank(raw_method) else METHOD_REPORTED
        if method is None:
            raise t.error(f"测算方法“{show(raw_method)}”无效，应为 {'、'.join(METHODS)} 之一", method_cell)
        reported = t.get(r, COL_REPORTED, _DAYS)
        if reported is not None:
            cells[reported_cell(category, name)] = t.cell(r, COL_REPORTED)
            if method == METHOD_NOT_COUNTED:
                raise t.error(
                    f"项目“{show(name)}”的测算方法为“{METHOD_NOT_COUNTED}”，“{COL_REPORTED}”应为空"
                    f"（不计工作日的项目在“{COL_NOTE}”中写明其表述，"
                    f"如“窗口办理”）",
                    t.raw(r, COL_REPORTED)[1],
                )
        item = WorkdayItem(category, name, method, reported or 0, t.text(r, COL_NOTE))
        if COL_METHOD not in t.columns and reported is None:
            blank_methods.append(item)
        items.append((item, f"{t.sheet}!{method_cell or where}"))
        cells[item_cell(category, name)] = t.cell(r, COL_CATEGORY)
    _refuse_missing_methods(book, t, blank_methods)
    return items, cells


def _refuse_missing_methods(book: Book, t: Table, blank: list[WorkdayItem]) -> None:
    """Without a 测算方法 column every item is 填报, so an item with history but no 填报值
    would silently be 0 workdays: most likely the column was deleted or renamed. Refuse it."""
    if not blank:
        return
    history = read_table(book, SHEET_HISTORY, (COL_CATEGORY, COL_ITEM), empty_is_absent=True)
    if history is None:
        return
    listed = set()
    for r in history.rows():
        raw = parse_text(history.raw(r, COL_CATEGORY)[0])
        name = parse_text(history.raw(r, COL_ITEM)[0])
        listed.add((_CATEGORY_ALIASES.get(fold(raw or ""), raw), name_key(name or "")))
    with_history = [i for i in blank if (i.category, name_key(i.name)) in listed]
    if with_history:
        names = "、".join(f"“{show(i.name)}”" for i in with_history[:3]) + ("等" if len(with_history) > 3 else "")
        raise t.error(
            f"缺少列“{COL_METHOD}”：{names}{len(with_history)}项在“{SHEET_HISTORY}”中有数据而“{COL_REPORTED}”为空，"
            f"没有测算方法将按填报计为0个工作日；请增加“{COL_METHOD}”列（{'、'.join(METHODS)}）",
            f"列“{COL_METHOD}”",
        )


@dataclass
class _History:
    table: Table | None
    years: dict[int, int] = field(default_factory=dict)  # year -> column
    rows: dict[tuple[str, str], int] = field(default_factory=dict)  # (category, name key) -> row
    staff_row: int | None = None


def _read_history(book: Book) -> _History:
    t = read_table(book, SHEET_HISTORY, (COL_CATEGORY, COL_ITEM), empty_is_absent=True)
    if t is None:
        return _History(None)
    h = _History(t)
    for c, header in t.headers.items():
        year = parse_year_header(header)
        if year is None:
            continue
        if year in h.years:
            raise t.error(f"年度列{year}出现了两次", coord(t.header_row, c))
        h.years[year] = c
    t.columns.update({f"year:{y}": c for y, c in h.years.items()})  # count year cells as content
    allowed = _CATEGORY_ALIASES | {STAFF_CATEGORY: STAFF_CATEGORY}
    for r in t.rows():
        _refuse_total_row(t, t.text(r, COL_CATEGORY), t.text(r, COL_ITEM), where=t.raw(r, COL_CATEGORY)[1])
        category = _category(t, r, allowed)
        name = t.text(r, COL_ITEM, required=True, name=True)
        _refuse_total_row(t, name, where=t.raw(r, COL_ITEM)[1])
        key = (category, name_key(name))
        if category == STAFF_CATEGORY and key[1] != STAFF_ITEM:
            raise t.error(f"类别“{STAFF_CATEGORY}”只能有项目“{STAFF_ITEM}”", t.raw(r, COL_ITEM)[1])
        if key in h.rows:
            raise t.error(f"“{category}/{show(name)}”的历史数据行重复（已在第{h.rows[key]}行）", t.raw(r, COL_ITEM)[1])
        h.rows[key] = r
    h.staff_row = h.rows.pop((STAFF_CATEGORY, STAFF_ITEM), None)
    return h


def _history_values(h: _History, row: int, parse: Callable[[object], T | None]) -> tuple[dict[int, T], dict[int, str]]:
    values: dict[int, T] = {}
    cells: dict[int, str] = {}
    if h.table is None:  # no 历史数据 sheet: no rows either
        return values, cells
    for year, col in sorted(h.years.items()):
        value = h.table.get(row, f"year:{year}", parse, f"{year}年")
        if value is not None:
            values[year] = value
            cells[year] = f"{h.table.sheet}!{coord(row, col)}"
    return values, cells


def _needed_years(method: str, year: int) -> tuple[int, ...]:
    return (year - 1,) if method == METHOD_LAST_YEAR else history_years(year)


def _check_history(
    book: Book, h: _History, item: WorkdayItem, method_cell: str, year: int, staff: dict[int, int]
) -> None:
    """The history a method needs is there; otherwise name the sheet and the missing cell or row."""
    method, name = item.method, item.name
    years = _needed_years(method, year)
    span = f"{years[0]}年" if len(years) == 1 else f"{years[0]}–{years[-1]}年"
    why = f"项目“{show(name)}”按{method}测算（{method_cell}），需要{span}的数据"
    if h.table is None:
        raise book.error(f"缺少工作表（{why}）", SHEET_HISTORY)
    t = h.table
    for y in years:
        if y not in h.years:
            raise t.error(f"缺少{y}年的列（{why}）", f"列“{y}”")
    row = h.rows.get((item.category, name_key(name)))
    if row is None:
        raise t.error(f"没有类别“{item.category}”、项目“{show(name)}”的行（{why}）", f"列“{COL_ITEM}”")
    for y in years:
        if y not in item.history:
            raise t.error(f"{y}年的数据为空（{why}）", coord(row, h.years[y]))
    if method == METHOD_PER_OFFICER:
        if h.staff_row is None:
            raise t.error(f"缺少“{STAFF_CATEGORY}/{STAFF_ITEM}”行（{why}及各年执法人员数）", f"列“{COL_CATEGORY}”")
        for y in years:
            if not staff.get(y):
                raise t.error(f"{y}年的执法人员数为空或为0（{why}及各年执法人员数）", coord(h.staff_row, h.years[y]))


def _read_unit_workdays(
    book: Book, units: tuple[Unit, ...], items: list[WorkdayItem], cells: dict[CellKey, str]
) -> tuple[tuple[UnitWorkdays, ...], list[WorkdayItem]]:
    """单位工作日 (docs/contract.md §4): each row's unit and item resolved to their names as typed in
    执法人员 and 工作日类别; an item stated per unit gets the sum of its rows as its 填报值
    (a 填报值 typed as well must equal it)."""
    t = read_table(
        book, SHEET_UNIT_WORKDAYS, (COL_UNIT, COL_CATEGORY, COL_WORKDAYS), (COL_ITEM, COL_NOTE), empty_is_absent=True
    )
    if t is None:
        return (), items
    unit_names = {name_key(u.name): u.name for u in units}
    by_name = {(i.category, name_key(i.name)): i for i in items}
    rows: list[UnitWorkdays] = []
    seen: dict[tuple[str, str, str], str] = {}
    sums: dict[tuple[str, str], tuple[int, str]] = {}  # (category, item) -> (sum, first cell)
    for r in t.rows():
        typed_unit = t.text(r, COL_UNIT, required=True)
        unit = unit_names.get(name_key(typed_unit))
        if unit is None:
            raise t.error(
                f"执法单位“{show(typed_unit)}”不在工作表“{SHEET_UNITS}”中（应为：{'、'.join(u.name for u in units)}）",
                t.raw(r, COL_UNIT)[1],
            )
        category = _category(t, r, _CATEGORY_ALIASES)
        typed_item = t.text(r, COL_ITEM)
        name = ""
        if typed_item:
            item = by_name.get((category, name_key(typed_item)))
            if item is None:
                raise t.error(
                    f"项目“{show(typed_item)}”不在工作表“{SHEET_ITEMS}”的类别“{category}”中"
                    "（留空表示该单位本类别的合计）",
                    t.raw(r, COL_ITEM)[1],
                )
            if item.method != METHOD_REPORTED:
                method_at = cells.get(item_cell(category, item.name), SHEET_ITEMS)
                raise t.error(
                    f"项目“{show(item.name)}”的测算方法为“{item.method}”（{method_at}），"
                    f"按单位填报工作日的项目测算方法应为“{METHOD_REPORTED}”或空白",
                    t.raw(r, COL_ITEM)[1],
                )
            name = item.name
        days = t.get(r, COL_WORKDAYS, _WHOLE_DAYS)
        if days is None:
            raise t.error(f"“{COL_WORKDAYS}”不能为空", t.raw(r, COL_WORKDAYS)[1])
        key, where = (unit, category, name), t.cell(r, COL_UNIT)
        if key in seen:
            what = f"项目“{name}”" if name else "本类别合计（项目空白）"
            raise t.error(f"执法单位“{unit}”的{category}{what}重复（已在 {seen[key]} 填写）", t.raw(r, COL_UNIT)[1])
        seen[key] = where
        cells[unit_workdays_cell(unit, category, name)] = t.cell(r, COL_WORKDAYS)
        rows.append(UnitWorkdays(unit, category, name, days, t.text(r, COL_NOTE)))
        if name:
            total, first = sums.get((category, name), (0, t.cell(r, COL_WORKDAYS)))
            sums[category, name] = (total + days, first)
    out = []
    for item in items:
        if (item.category, item.name) in sums:
            total, first = sums[item.category, item.name]
            typed = cells.get(reported_cell(item.category, item.name))
            if typed is not None and item.reported != total:
                raise t.error(
                    f"项目“{show(item.name)}”的填报值{_number_text(item.reported)}（{typed}）与各单位工作日之和{total}"
                    f"（{first} 起）不一致",
                    first.rpartition("!")[2],
                )
            item = dataclasses.replace(item, reported=total)
        out.append(item)
    return tuple(rows), out


def _number_text(value: Number) -> str:
    return str(value) if isinstance(value, int) else str(float(value))


def _read_arrangement(book: Book, year: int, cells: dict[CellKey, str]) -> tuple[HolidayRange, ...] | None:
    """放假安排 (docs/contract.md §4), checked: a range must not end before it starts, a 上班 date
    must be a Saturday or Sunday, and no date may be both 放假 and 上班. None if absent or empty."""
    t = read_table(book, SHEET_ARRANGEMENT, (COL_START, COL_KIND), (COL_NAME, COL_END), empty_is_absent=True)
    if t is None:
        return None
    kinds = {fold(k): k for k in ARRANGEMENT_KINDS}
    ranges: list[HolidayRange] = []
    marked: dict[object, tuple[str, str]] = {}  # date -> (kind, cell of its row's 开始日期)
    for r in t.rows():
        start = t.get(r, COL_START, parse_date)
        start_cell = t.raw(r, COL_START)[1]
        if start is None:
            raise t.error(f"“{COL_START}”不能为空", start_cell)
        end = t.get(r, COL_END, parse_date) or start
        if end < start:
            raise t.error(f"结束日期{end:%Y-%m-%d}早于开始日期{start:%Y-%m-%d}（{start_cell}）", t.raw(r, COL_END)[1])
        if (end - start).days > 60:
            raise t.error(
                f"日期范围{start:%Y-%m-%d}至{end:%Y-%m-%d}超过60天，不像是一次放假或调休", t.raw(r, COL_END)[1]
            )
        raw_kind, kind_cell = t.raw(r, COL_KIND)
        kind = kinds.get(fold(parse_text(raw_kind)))
        if kind is None:
            raise t.error(
                f"类型“{show(raw_kind) if not is_blank(raw_kind) else ''}”无效，应为 {' 或 '.join(ARRANGEMENT_KINDS)}",
                kind_cell,
            )
        row = HolidayRange(t.text(r, COL_NAME), start, end, kind)
        for d in row.dates():
            if kind == MAKEUP_WORKDAY and d.weekday() < 5:
                weekday = "一二三四五"[d.weekday()]
                raise t.error(f"调休上班日期{d:%Y-%m-%d}是星期{weekday}，上班日应为星期六或星期日", start_cell)
            other = marked.get(d)
            if other is not None and other[0] != kind:
                raise t.error(f"{d:%Y-%m-%d}既是放假又是上班（另见 {t.sheet}!{other[1]}）", start_cell)
            marked.setdefault(d, (kind, start_cell))
        ranges.append(row)
    if not ranges:
        return None
    cells[sheet_cell(SHEET_ARRANGEMENT)] = f"{t.sheet}!{coord(t.header_row, t.columns[COL_START])}"
    return tuple(ranges)


def load_plan(path: str | os.PathLike | Book) -> Plan:
    """Read an input workbook (docs/contract.md §1) into a Plan; any problem is an InputError.

    ``path`` may also be a workbook already opened with :func:`~planlib.io.xlsxio.open_book`, so a
    caller that reads another sheet of the same file too (the audit's 填报核对) parses it once.
    """
    book = path if isinstance(path, Book) else open_book(path)
    settings, cells = _read_settings(book)
    units, unit_cells = _read_units(book)
    key_categories, units = read_key_categories(book, units, unit_cells)
    prose = read_prose(book)
    items, item_cells = _read_items(book)
    history = _read_history(book)
    staff: dict[int, int] = {}
    if history.staff_row is not None:
        staff, staff_where = _history_values(history, history.staff_row, _PERSONS)
        cells.update({staff_history_cell(y): w for y, w in staff_where.items()})
    with_history = []
    for item, method_cell in items:
        row = history.rows.get((item.category, name_key(item.name)))
        values: dict[int, Number] = {}
        where: dict[int, str] = {}
        if row:
            values, where = _history_values(history, row, _DAYS)
        item = dataclasses.replace(item, history=values)
        cells.update({history_cell(item.category, item.name, y): w for y, w in where.items()})
        if item.method in HISTORY_METHODS:
            _check_history(book, history, item, method_cell, settings["year"], staff)
        with_history.append(item)
    cells.update(unit_cells)
    cells.update(item_cells)
    unit_workdays, with_history = _read_unit_workdays(book, units, with_history, cells)
    holidays = _read_arrangement(book, settings["year"], cells)
    inspection_items, upper_list = read_inspection_items(book, cells), read_upper_list(book, cells)  # §6
    return Plan(
        inspection_items=inspection_items,
        upper_list=upper_list,
        units=units,
        items=tuple(with_history),
        unit_workdays=unit_workdays,
        holidays=holidays,
        staff_history=staff,
        prose=prose,
        key_categories=key_categories,
        source=book.path,
        cells=cells,
        notes=tuple(book.notes),
        **settings,
    )


def compute_workbook(path: str | os.PathLike | Book, mode: str | None = None) -> tuple[PlanResult, list[Finding]]:
    """Load, compute and check a workbook (a path or an opened Book), the way every command and
    notebook starts.

    A year the calendar cannot answer for or a history the method cannot use also ends as
    an :class:`InputError` naming the file and sheet, so callers need catch only that.
    """
    result = compute_plan(load_plan(path), mode)
    return result, check(result) + document_findings(result)


def compute_plan(plan: Plan, mode: str | None = None) -> PlanResult:
    """Compute a plan read from a workbook; what the calendar or the history cannot answer is an
    InputError naming the workbook's sheet."""
    try:
        return compute(plan, mode)
    except ArrangementOutsideYear as e:
        where = plan.where(sheet_cell(SHEET_ARRANGEMENT))
        sheet, _, cell = where.rpartition("!")
        raise InputError(plan.source, str(e), sheet or SHEET_ARRANGEMENT, cell) from None
    except UnknownArrangement as e:  # the way out is the 放假安排 sheet, offered at the mode's cell
        where = plan.where("workday_mode") or plan.where("year")
        raise InputError(plan.source, str(e), SHEET_SETTINGS, where.rpartition("!")[2]) from None
    except CalendarError as e:
        raise InputError(plan.source, str(e), SHEET_SETTINGS, plan.where("year").rpartition("!")[2]) from None
    except UnitAccountsError as e:
        where = plan.where("general_allocation")
        raise InputError(plan.source, str(e), SHEET_SETTINGS, where.rpartition("!")[2]) from None
    except EstimationError as e:
        raise InputError(plan.source, str(e), SHEET_HISTORY) from None


# --- Writing -------------------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: cells to fill in
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def _cell_value(value: object) -> object:
    """A Number as a cell value; Fractions must be exact decimals (what a spreadsheet can hold)."""
    if isinstance(value, Fraction):
        cell = as_float(value)
        if Fraction(repr(cell)) != value:
            raise ValueError(f"{value} has no exact decimal form a spreadsheet can hold")
        return cell
    return value


def _put(ws, row: int, col: int, value: object, *, percent: bool = False, fill: PatternFill | None = None):
    cell = ws.cell(row=row, column=col, value=_cell_value(value))
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, not a formula
    if percent and isinstance(value, (int, float, Fraction)):
        cell.number_format = "0%" if (Fraction(value) * 100).denominator == 1 else "0.00##%"
    if fill is not None:
        cell.fill = fill
    return cell


def _sheet(
    wb: Workbook,
    title: str,
    headers: Sequence[object],
    rows: list[list],
    *,
    input_cols: set[int],
    percent_cells: Collection[tuple[int, int]] = frozenset(),
    blank_rows: int = 0,
    max_width: int = 50,
):
    """A contract sheet: bold frozen header, input cells filled, widths fitted to the content."""
    ws = wb.create_sheet(title)
    for c, h in enumerate(headers, 1):
        cell = _put(ws, 1, c, h, fill=HEADER_FILL)
        cell.font = HEADER_FONT
    for r, row in enumerate(rows, 2):
        for c, v in enumerate(row, 1):
            _put(ws, r, c, v, percent=(r, c) in percent_cells, fill=INPUT_FILL if c in input_cols else None)
    for r in range(len(rows) + 2, len(rows) + 2 + blank_rows):
        for c in input_cols:
            ws.cell(row=r, column=c).fill = INPUT_FILL
    ws.freeze_panes = "A2"
    for c in range(1, len(headers) + 1):
        longest = max([text_width(headers[c - 1])] + [text_width(row[c - 1]) for row in rows if c <= len(row)])
        ws.column_dimensions[get_column_letter(c)].width = min(max_width, max(8, longest + 2))
    return ws


def _list_validation(ws, options: list[str], cells: str, title: str) -> None:
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(options) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error=f"请从下拉列表中选择：{'、'.join(options)}",
    )
    dv.add(cells)
    ws.add_data_validation(dv)


def _whole_validation(ws, cells: str) -> None:
    dv = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="应为整数",
        error="请填写不小于0的整数",
    )
    dv.add(cells)
    ws.add_data_validation(dv)


# docs/contract.md §4 settings written only when they differ from their default (or in the template),
# so a plan without the extensions is written as before.
_EXTENSION_DEFAULTS = {"general_allocation": "weight"}


def plan_workbook(plan: Plan, note: str, blank_rows: int, extensions: bool = False) -> Workbook:
    """The four contract sheets of ``plan``, ready to save (a saved scenario adds its own sheet),
    and 单位工作日 / 放假安排 when the plan has them (or ``extensions`` asks for them, blank)."""
    wb = Workbook()
    wb.remove(wb.active)

    rows: list[list[object]] = []
    percent: set[tuple[int, int]] = set()
    settings = [
        s
        for s in SETTINGS
        if extensions or s.key not in _EXTENSION_DEFAULTS or getattr(plan, s.key) != _EXTENSION_DEFAULTS[s.key]
    ]
    for s in settings:
        value = getattr(plan, s.key)
        if s.key in REGISTER_DEFAULTS and value == REGISTER_DEFAULTS[s.key]:
            continue  # the register's settings (§5) appear only when set: other workbooks read as before
        if s.kind == "levels":
            value = "、".join(value)
        if s.kind == "yesno":
            value = "是" if value else "否"
        if s.kind == "share":
            percent.add((len(rows) + 2, 2))
        rows.append([s.key, value, s.label, s.help])
    if note:
        rows.append([None, None, "说明", note])
    ws = _sheet(
        wb,
        SHEET_SETTINGS,
        [COL_KEY, COL_VALUE, COL_LABEL, COL_NOTE],
        rows,
        input_cols={2},
        percent_cells=percent,
        max_width=80,
    )
    ws.column_dimensions["B"].width = max(ws.column_dimensions["B"].width, 24)
    for r in range(2, len(rows) + 2):
        ws.cell(row=r, column=4).alignment = WRAP
    keys = [s.key for s in settings]
    _list_validation(
        ws, list(WORKDAY_MODES) + list(WORKDAY_MODE_WORDS), f"B{2 + keys.index('workday_mode')}", "工作日计算方式"
    )
    if "general_allocation" in keys:
        _list_validation(ws, list(GENERAL_ALLOCATIONS), f"B{2 + keys.index('general_allocation')}", "一般检查分配方式")

    rows = [[u.name, u.staff, u.key_inspections, u.general_weight, u.note] for u in plan.units]
    ws = _sheet(
        wb,
        SHEET_UNITS,
        [COL_UNIT, COL_STAFF, COL_KEY_COUNT, COL_WEIGHT, COL_REMARK],
        rows,
        input_cols={1, 2, 3, 4, 5},
        blank_rows=blank_rows,
        max_width=60,
    )
    last = len(rows) + 1 + blank_rows
    _whole_validation(ws, f"B2:C{last}")

    rows = [
        [
            i.category,
            i.name,
            i.method,
            i.reported if (i.method == METHOD_REPORTED or i.reported) and i.method != METHOD_NOT_COUNTED else None,
            i.note,
        ]
        for i in plan.items
    ]
    ws = _sheet(
        wb,
        SHEET_ITEMS,
        [COL_CATEGORY, COL_ITEM, COL_METHOD, COL_REPORTED, COL_NOTE],
        rows,
        input_cols={1, 2, 3, 4, 5},
        blank_rows=blank_rows,
        max_width=60,
    )
    last = len(rows) + 1 + blank_rows
    _list_validation(ws, list(CATEGORIES), f"A2:A{last}", "类别")
    _list_validation(ws, list(METHODS), f"C2:C{last}", "测算方法")

    years = sorted({y for i in plan.items for y in i.history} | set(plan.staff_history))
    rows = [[i.category, i.name] + [i.history.get(y) for y in years] for i in plan.items if i.history]
    if plan.staff_history:
        rows.append([STAFF_CATEGORY, STAFF_ITEM] + [plan.staff_history.get(y) for y in years])
    ws = _sheet(
        wb,
        SHEET_HISTORY,
        [COL_CATEGORY, COL_ITEM, *years],
        rows,
        input_cols=set(range(1, len(years) + 3)),
        blank_rows=blank_rows,
        max_width=60,
    )
    last = len(rows) + 1 + blank_rows
    _list_validation(ws, list(CATEGORIES) + [STAFF_CATEGORY], f"A2:A{last}", "类别")

    if plan.unit_workdays or extensions:
        rows = [[w.unit, w.category, w.item or None, w.workdays, w.note or None] for w in plan.unit_workdays]
        ws = _sheet(
            wb,
            SHEET_UNIT_WORKDAYS,
            [COL_UNIT, COL_CATEGORY, COL_ITEM, COL_WORKDAYS, COL_NOTE],
            rows,
            input_cols={1, 2, 3, 4, 5},
            blank_rows=blank_rows,
            max_width=60,
        )
        last = len(rows) + 1 + blank_rows
        _list_validation(ws, list(CATEGORIES), f"B2:B{last}", "类别")
        _whole_validation(ws, f"D2:D{last}")
    if plan.holidays or extensions:
        rows = [[h.name or None, h.start, h.end, h.kind] for h in plan.holidays or ()]
        ws = _sheet(
            wb,
            SHEET_ARRANGEMENT,
            [COL_NAME, COL_START, COL_END, COL_KIND],
            rows,
            input_cols={1, 2, 3, 4},
            blank_rows=blank_rows,
            max_width=40,
        )
        last = len(rows) + 1 + blank_rows
        for r in range(2, last + 1):
            for c in (2, 3):
                ws.cell(row=r, column=c).number_format = "yyyy-mm-dd"
        ws.column_dimensions["B"].width = ws.column_dimensions["C"].width = 14
        _list_validation(ws, list(ARRANGEMENT_KINDS), f"D2:D{last}", "类型")
    if plan.inspection_items or extensions:  # docs/contract.md §6
        ws = _sheet(
            wb,
            SHEET_INSPECTION_ITEMS,
            list(ITEM_COLUMNS),
            item_rows(plan.inspection_items),
            input_cols=set(range(1, len(ITEM_COLUMNS) + 1)),
            blank_rows=blank_rows,
            max_width=40,
        )
        last = len(plan.inspection_items) + 1 + blank_rows
        _list_validation(ws, list(ITEM_KINDS), f"C2:C{last}", "检查类型")
        _whole_validation(ws, f"G2:H{last}")
    if plan.upper_list or extensions:
        _sheet(
            wb,
            SHEET_UPPER,
            list(UPPER_COLUMNS),
            upper_rows(plan.upper_list),
            input_cols={1, 2, 3},
            blank_rows=blank_rows,
            max_width=40,
        )
    _document_sheets(wb, plan, blank_rows, always=extensions)
    wb.active = 0
    return wb


def _document_sheets(wb: Workbook, plan: Plan, blank_rows: int, always: bool = False) -> None:
    """计划正文 and 重点检查类别, when the plan has them (planlib.io.prose), or ``always`` (the template)."""
    if plan.key_categories or always:
        rows = category_rows(plan.key_categories)
        _sheet(
            wb,
            SHEET_CATEGORIES,
            ["类别", "说明", "执法单位", "家数"],
            rows,
            input_cols={1, 2, 3, 4},
            blank_rows=blank_rows,
            max_width=60,
        )
    if plan.prose or always:
        rows = prose_rows(plan.prose)
        ws = _sheet(
            wb, SHEET_PROSE, ["级别", "正文", "原文"], rows, input_cols={1, 2, 3}, blank_rows=blank_rows, max_width=100
        )
        for r in range(2, len(rows) + 2):
            ws.cell(row=r, column=2).alignment = WRAP
        _list_validation(ws, list(LEVEL_NAMES), f"A2:A{len(rows) + 1 + blank_rows}", "级别")


def write_plan(plan: Plan, path: str | os.PathLike, note: str = "", overwrite: bool = True) -> Path:
    """Write ``plan`` as a contract workbook that :func:`load_plan` reads back unchanged.

    ``note`` goes into a 说明 row of 基本信息 (e.g. where the figures come from). Fractions are
    written as decimals, so each must have an exact decimal form (every value read from a
    workbook has). The file is written whole or not at all.
    """
    return save_whole(plan_workbook(plan, note, blank_rows=10), path, overwrite)


# --- The blank template ----------------------------------------------------------------------------


def example_plan(year: int) -> Plan:
    """The template's example rows: small, but using every method, so it computes once loaded."""
    h = history_years(year)
    staff = dict(zip(h, (20, 21, 22), strict=True))
    items = (
        WorkdayItem(OTHER_ENFORCEMENT, "开展安全生产综合监管", METHOD_REPORTED, 1200, "示例：各执法单位填报汇总"),
        WorkdayItem(
            OTHER_ENFORCEMENT,
            "组织生产安全事故调查和处理",
            METHOD_MEAN,
            0,
            "示例：前三年平均",
            dict(zip(h, (380, 400, 420), strict=True)),
        ),
        WorkdayItem(
            OTHER_ENFORCEMENT,
            "实施行政许可",
            METHOD_LAST_YEAR,
            0,
            "示例：按上年实际",
            dict(zip(h, (280, 290, 300), strict=True)),
        ),
        WorkdayItem(
            NON_ENFORCEMENT,
            "学习、培训、考核、会议",
            METHOD_PER_OFFICER,
            0,
            "示例：前三年人均×今年人数",
            dict(zip(h, (1980, 2100, 2200), strict=True)),
        ),
        WorkdayItem(
            NON_ENFORCEMENT,
            "法定年休假、探亲假、婚（丧）假",
            METHOD_PER_OFFICER,
            0,
            "示例",
            dict(zip(h, (480, 500, 530), strict=True)),
        ),
        WorkdayItem(NON_ENFORCEMENT, "机关值班", METHOD_REPORTED, 240, "示例"),
        WorkdayItem(OTHER_ENFORCEMENT, "办理有关法律、法规、规章规定的登记、备案", METHOD_NOT_COUNTED, 0, "窗口办理"),
    )
    units = (
        Unit("执法一队（示例）", 8, 80, 1, "示例行，请替换为本单位数据"),
        Unit("执法二队（示例）", 8, 80, 1, ""),
        Unit("综合科（示例）", 6, 40, 0, "一般检查权重为0：不分配一般检查"),
    )
    # 重点检查类别 stays blank: example unit names there would break the workbook when the
    # analyst renames the units (its instructions show the form)
    return Plan(
        "××区应急管理局（示例）",
        year,
        units,
        items,
        headcount=40,
        entity_base=3000,
        staff_history=staff,
        prose=EXAMPLE_PROSE,
        inspection_items=EXAMPLE_ITEMS,
    )


def _instructions() -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = [
        ("安全生产年度监督检查计划 填报工作簿", ""),
        (
            "怎么填",
            "黄色单元格为填写区；示例行请改为本单位数据或删除。空行可以保留。"
            "比例可填“60%”或“0.6”；数字可以是文本格式。填好后运行：planlib compute 本文件.xlsx",
        ),
        (f"工作表“{SHEET_SETTINGS}”", "每行一个设置：“键”列不要改，在“值”列填写。"),
    ]
    rows += [(f"  {s.key}（{s.label}）", s.help) for s in SETTINGS]
    rows += [
        (f"工作表“{SHEET_UNITS}”", "每行一个执法单位（科室、执法队）。"),
        (f"  {COL_UNIT}", "单位名称，不能重复；不要填“合计”行（合计由程序计算）。"),
        (f"  {COL_STAFF}", "计入计划的执法人员数，整数；各单位之和即执法人员总数。"),
        (
            f"  {COL_KEY_COUNT}",
            "本单位负责检查的重点单位家数（来自重点单位名录）；空白为0。所有单位都不填时，按重点检查最低占比自动测算。",
        ),
        (
            f"  {COL_WEIGHT}",
            "一般检查的分配权重；0 表示不分配一般检查；空白为1。一般检查按权重用最大余数法分配，各单位之和等于总数。",
        ),
        (f"  {COL_REMARK}", "任意说明。"),
        (f"工作表“{SHEET_ITEMS}”", "每行一项其他执法工作日或非执法工作日。"),
        (f"  {COL_CATEGORY}", "其他执法 或 非执法（下拉选择）。"),
        (f"  {COL_ITEM}", "项目名称，同一类别内不能重复。"),
        (f"  {COL_METHOD}", "测算方法（下拉选择）；空白为“填报”："),
        (f"    {METHOD_REPORTED}", "直接采用“填报值”（如各执法单位提供的测算数据汇总）。"),
        (f"    {METHOD_MEAN}", "计划年度前三年实际工作日的平均值（需“历史数据”中该项目前三年的数字）。"),
        (
            f"    {METHOD_PER_OFFICER}",
            "前三年人均工作日的平均值×今年执法人员数（还需“人员/执法人员数”行）；人数变化时随之变化。",
        ),
        (f"    {METHOD_LAST_YEAR}", "上一年的实际工作日（需“历史数据”中上一年的数字）。"),
        (
            f"    {METHOD_NOT_COUNTED}",
            "列入计划但不计工作日（如“窗口办理”“上班期间专人值班”）：“填报值”须为空，"
            "“说明”中写明计划正文在此处的表述，正文写作“6.办理有关法律、法规、规章规定的登记、备案：窗口办理。”",
        ),
        (
            f"  {COL_REPORTED}",
            "“填报”方法的工作日数；空白为0。数字可带单位，"
            "如“248天”“248个工作日”（执法人员数可写“3人”，"
            "重点检查家数可写“70家”）"
            "。",
        ),
        (
            f"工作表“{SHEET_HISTORY}”",
            "往年实际工作日：类别、项目与“工作日类别”一致，每年一列，表头为年份（如 2019 或 2019年）。",
        ),
        (
            f"  {STAFF_CATEGORY} / {STAFF_ITEM}",
            "类别填“人员”、项目填“执法人员数”的一行：各年执法人员数，“三年人均”需要。",
        ),
        (
            f"工作表“{SHEET_UNIT_WORKDAYS}”（可选）",
            "各执法单位自己的工作日：每行一个单位的一个项目，或（“项目”留空）该单位某类别的合计。不需要时留空即可。",
        ),
        (f"  {COL_UNIT}", f"须是“{SHEET_UNITS}”中的单位。"),
        (f"  {COL_CATEGORY}", "其他执法 或 非执法（下拉选择）。"),
        (
            f"  {COL_ITEM}",
            f"“{SHEET_ITEMS}”中该类别的项目（测算方法须为“填报”或空白），该项目的工作日即各单位之和；"
            "若同时填了“填报值”，须与之相等。留空：该单位本类别不分项目的合计，计入类别合计。",
        ),
        (f"  {COL_WORKDAYS}", "整数工作日，不小于0。"),
        (
            "  各单位的账",
            "两类工作日全部分到各单位时，每个单位单独核算：总法定工作日=本单位执法人员数×国家法定工作日，"
            "监督检查工作日=总法定工作日−其他执法−非执法；各单位之和等于全局合计。"
            "“基本信息”中 general_allocation 填 capacity 时，"
            "各单位一般检查家数=⌊（本单位监督检查工作日−重点检查工作日）"
            "÷每家一般检查所需工作日⌋。",
        ),
        (
            f"工作表“{SHEET_ARRANGEMENT}”（可选）",
            "国务院办公厅当年的放假安排，按通知逐项填写；"
            "按国务院放假安排（official）"
            "计算时，"
            "有此表即以此表为准（chinesecalendar 尚未收录的年份必须填写）。",
        ),
        (f"  {COL_NAME}", "节日名称，如“春节”。"),
        (
            f"  {COL_START} / {COL_END}",
            "日期，如 2027-02-06；单独一天时两者相同（结束日期可留空）；"
            "结束日期不能早于开始日期。"
            "可以包含计划年度以外的日期（如元旦假期从上年12月开始），年度以外的日期不计入。",
        ),
        (f"  {COL_KIND}", "放假 或 上班（调休上班日，须为星期六或星期日）；同一天不能既放假又上班。"),
        *item_instructions(),
        *prose_instructions(),
        ("取整规则", "每个项目的测算结果四舍五入到整数工作日，合计为各项目取整后之和。"),
        (
            "注意",
            "可以使用公式，但文件须在 Excel/WPS/LibreOffice 中保存过（保存时才有公式结果）；"
            "表头不要合并单元格，“类别”列可以向下合并；表头上方可以有标题行；本页等其他工作表不会被读取。",
        ),
        ("依据", "《安全生产年度监督检查计划编制办法》（安监总政法〔2017〕150号）。"),
    ]
    return rows


def write_template(path: str | os.PathLike, *, year: int | None = None, overwrite: bool = True) -> Path:
    """Write a blank input workbook: a 填写说明 sheet, the four contract sheets with example rows,
    drop-downs for 类别, 测算方法 and workday_mode, and yellow input cells. It loads and computes
    as it is; ``year`` defaults to next year."""
    year = year or dt.date.today().year + 1
    wb = plan_workbook(example_plan(year), note="以上为示例，请改为本单位数据", blank_rows=30, extensions=True)
    ws = wb.create_sheet(SHEET_INSTRUCTIONS, 0)
    for r, (topic, text) in enumerate(_instructions(), 1):
        ws.cell(row=r, column=1, value=topic).font = Font(bold=not topic.startswith(" "), size=14 if r == 1 else 11)
        ws.cell(row=r, column=2, value=text).alignment = WRAP
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 100
    wb.active = 0
    return save_whole(wb, path, overwrite)
