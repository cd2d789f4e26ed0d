"""The plan's inputs as plain dataclasses: what a workbook says, before any computation.

These are the domain core: they import nothing from the rest of planlib, and everything
else (estimation, computation, rules, the workbook reader, notebooks) speaks in them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, Literal, NamedTuple, Required, TypedDict, get_args

from planlib.core.document import KeyCategory, ProseRow

OTHER_ENFORCEMENT = "其他执法"
NON_ENFORCEMENT = "非执法"
CATEGORIES = (OTHER_ENFORCEMENT, NON_ENFORCEMENT)

METHOD_REPORTED = "填报"
METHOD_MEAN = "三年平均"
METHOD_PER_OFFICER = "三年人均"
METHOD_LAST_YEAR = "上年"
METHOD_NOT_COUNTED = "不计"  # listed with no workdays; its 说明 is printed in their place
METHODS = (METHOD_REPORTED, METHOD_MEAN, METHOD_PER_OFFICER, METHOD_LAST_YEAR, METHOD_NOT_COUNTED)
HISTORY_METHODS = (METHOD_MEAN, METHOD_PER_OFFICER, METHOD_LAST_YEAR)

WorkdayMode = Literal["formula", "official"]
WORKDAY_MODES: tuple[WorkdayMode, ...] = get_args(WorkdayMode)  # the one list of the modes
MODE_LABELS = {
    "formula": "公式（全年天数−双休日−法定假日）",
    "official": "国务院放假安排（含调休）",
}  # as users read them
# The Chinese words a workbook may use for the modes (docs/contract.md §4).
WORKDAY_MODE_WORDS = {"公式": "formula", "国务院放假安排": "official"}

# general_allocation: how general inspections reach the units (docs/contract.md §4).
ALLOCATE_BY_WEIGHT = "weight"  # by 一般检查权重, largest remainder
ALLOCATE_BY_CAPACITY = "capacity"  # what each unit's own inspection workdays leave
GENERAL_ALLOCATIONS = (ALLOCATE_BY_WEIGHT, ALLOCATE_BY_CAPACITY)

# 放假安排 类型
DAY_OFF = "放假"
MAKEUP_WORKDAY = "上班"
ARRANGEMENT_KINDS = (DAY_OFF, MAKEUP_WORKDAY)

# A number as typed: whole numbers stay int, decimals are kept exact as Fraction.
Number = int | Fraction


def plain(value: Number) -> Number:
    """An exact number in its simplest type: whole numbers as int (4/2 → 2), others as Fraction."""
    value = Fraction(value)
    return value.numerator if value.denominator == 1 else value


# 风险等级 of the supervised-entity register (docs/contract.md §5), and those that make a key unit by default.
RISK_LEVELS = ("重大", "较大", "一般", "低")
DEFAULT_KEY_RISK_LEVELS = ("重大", "较大")


@dataclass(frozen=True)
class Unit:
    """An enforcement unit (科室 or 队) and its share of the inspections."""

    name: str
    staff: int  # 执法人员数
    key_inspections: int = 0  # 重点检查家数
    general_weight: Number = 1  # 一般检查权重
    note: str = ""  # 备注
    # Key visits (家次) when its key units are visited more than once a year (检查事项 with a
    # register); None = key_inspections × the plan's key_visits_per_year.
    key_visits: int | None = None


@dataclass(frozen=True)
class WorkdayItem:
    """One item of other-enforcement or non-enforcement work and how it is estimated."""

    category: str  # 其他执法 or 非执法
    name: str  # 项目
    method: str = METHOD_REPORTED  # 测算方法
    reported: Number = 0  # 填报值
    note: str = ""  # 说明
    history: dict[int, Number] = field(default_factory=dict)  # year -> actual workdays


class CellKey(NamedTuple):
    """What an entry of :attr:`Plan.cells` locates: a setting (``kind="setting"``, its key in
    ``name``), a unit's or an item's row, or one history value. Built by the functions below,
    so the reader that records a place and the rule that points at it cannot disagree."""

    kind: Literal[
        "setting", "unit", "item", "history", "staff_history", "reported", "unit_workdays", "sheet", "inspection_item"
    ]
    name: str = ""
    category: str = ""
    year: int = 0


def setting_cell(key: str) -> CellKey:
    return CellKey("setting", key)


def unit_cell(name: str) -> CellKey:
    return CellKey("unit", name)


def item_cell(category: str, name: str) -> CellKey:
    return CellKey("item", name, category)


def history_cell(category: str, name: str, year: int) -> CellKey:
    return CellKey("history", name, category, year)


def staff_history_cell(year: int) -> CellKey:
    return CellKey("staff_history", year=year)


def reported_cell(category: str, name: str) -> CellKey:
    """An item's 填报值, recorded only when one was typed (a blank one is not "given")."""
    return CellKey("reported", name, category)


def unit_workdays_cell(unit: str, category: str, item: str) -> CellKey:
    """A 单位工作日 row's 工作日 (``item`` blank: the unit's total for the category)."""
    return CellKey("unit_workdays", f"{unit}\t{item}", category)


def inspection_item_cell(name: str, column: str = "") -> CellKey:
    """A 检查事项 row (``column`` blank: its 检查事项 cell) or one of its cells."""
    return CellKey("inspection_item", name, column)


def sheet_cell(sheet: str) -> CellKey:
    """An optional sheet as a whole (its header), e.g. 放假安排."""
    return CellKey("sheet", sheet)


class PlanSettings(TypedDict, total=False):
    """The 基本信息 settings as :class:`Plan`'s keyword arguments; a blank one is left out (its
    default applies)."""

    authority: Required[str]
    year: Required[int]
    headcount: int | None
    entity_base: int | None
    workday_mode: WorkdayMode
    statutory_holidays: int | None
    workdays_per_person: int | None
    days_per_key_inspection: Number
    days_per_general_inspection: Number
    key_share_min: Fraction
    random_share_min: Fraction
    general_allocation: str
    key_risk_levels: tuple[str, ...]
    random_seed: int | None
    key_visits_per_year: int
    entity_visit_cap: int | None
    doc_number: str | None
    doc_date: str | None
    signature: str | None
    recipients: str | None
    copies: str | None
    random_sentence: bool
    key_by_month: int | None
    document_charts: bool
    document_form: str
    issuing_organ: str | None


# The filed document's forms (setting document_form): the plan as a document of its own, or the
# plan printed after a 印发通知 ("关于印发《…》的通知") with its 版记.
FORM_PLAN, FORM_NOTICE = "计划", "通知"
DOCUMENT_FORMS = (FORM_PLAN, FORM_NOTICE)


@dataclass(frozen=True)
class UnitWorkdays:
    """A row of 单位工作日: one unit's workdays for an item, or (``item`` blank) for its
    category as a whole, not split by item."""

    unit: str  # 执法单位
    category: str  # 其他执法 or 非执法
    item: str  # 项目; "" = the unit's own total for the category
    workdays: Number  # 工作日
    note: str = ""  # 说明


@dataclass(frozen=True)
class HolidayRange:
    """A row of 放假安排: a run of days off (放假) or of 调休 make-up workdays (上班)."""

    name: str  # 名称, e.g. 春节
    start: dt.date  # 开始日期
    end: dt.date  # 结束日期 (= start for a single day)
    kind: str  # 放假 or 上班

    def dates(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=n) for n in range((self.end - self.start).days + 1)]


# The plan by 检查事项 (docs/contract.md §6).
ROUTINE, SPECIAL = "日常", "专项"
ITEM_KINDS = (ROUTINE, SPECIAL)
DEFAULT_METHOD = "现场检查"


@dataclass(frozen=True)
class InspectionItem:
    """One row of the sheet 检查事项."""

    name: str  # 检查事项
    sectors: tuple[str, ...]  # 行业领域 covered
    basis: str  # 实施依据
    kind: str = ROUTINE  # 检查类型
    content: str = ""  # 检查内容
    method: str = ""  # 检查方式; blank = 现场检查
    frequency: int = 1  # 检查频次: visits per covered entity a year
    cap: int | None = None  # 频次上限; None = the frequency
    timing: str = ""  # 时间安排 as typed; blank = the computed months
    organ: str = ""  # 承办机构; blank = the units inspecting its entities
    joint: str = ""  # 联合检查; blank or 否 = none
    note: str = ""  # 备注

    @property
    def limit(self) -> int:
        return self.frequency if self.cap is None else self.cap

    @property
    def shown_method(self) -> str:
        return self.method or DEFAULT_METHOD

    def covers(self, sector: str) -> bool:
        return sector in self.sectors


@dataclass(frozen=True)
class UpperListed:
    """A row of 上级检查名单: an entity an upper level's plan inspects this year."""

    code: str  # 统一社会信用代码
    name: str = ""  # 单位名称
    department: str = ""  # 上级部门


HIDDEN_ROWS, FILTERED_ROWS = "hidden_rows", "filtered_rows"
SUM_ROWS = "sum_rows"  # a row whose figure is the sum of the rows above it: likely a typed total


@dataclass(frozen=True)
class SheetNote:
    """Something about how a sheet was read that the user must hear of, though it is not an
    error: rows hidden (or hidden by an autofilter) are read like any other, and a rule says so."""

    kind: str  # HIDDEN_ROWS | FILTERED_ROWS | SUM_ROWS
    sheet: str  # the title as in the file
    rows: tuple[int, ...]  # 1-based sheet rows, ascending
    cells: tuple[str, ...] = ()  # the first cell of each row, e.g. "A7"


@dataclass(frozen=True)
class Plan:
    """Everything an input workbook says about one authority's plan year.

    Optional settings are ``None`` when the workbook leaves them blank; the computation
    then applies the defaults of docs/contract.md (calendar count, 2 days per inspection, 60%, 80%).
    ``cells`` maps a setting, row or value (a :class:`CellKey`: ``setting_cell("year")``,
    ``unit_cell("执法监察一队")``, ``item_cell("非执法", "单位值班")``) to where it was read
    (``"基本信息!B3"``), so findings can point at the cell.
    """

    authority: str
    year: int
    units: tuple[Unit, ...]
    items: tuple[WorkdayItem, ...]
    headcount: int | None = None
    entity_base: int | None = None
    workday_mode: WorkdayMode = "formula"
    statutory_holidays: int | None = None
    workdays_per_person: int | None = None
    days_per_key_inspection: Number = 2
    days_per_general_inspection: Number = 2
    key_share_min: Fraction = Fraction(3, 5)
    random_share_min: Fraction = Fraction(4, 5)
    key_risk_levels: tuple[str, ...] = ("重大", "较大")  # with a register without 重点检查 (docs/contract.md §5)
    random_seed: int | None = None  # the 双随机 draw's seed; None: --seed or a fresh one
    # Visits (家次) a year of a key unit that no 检查事项 covers (without the sheet: of every key unit);
    # the key workdays are the visits × days per key inspection.
    key_visits_per_year: int = 1
    entity_visit_cap: int | None = None  # the most visits from this authority to one entity a year
    inspection_items: tuple[InspectionItem, ...] = ()  # 检查事项 (docs/contract.md §6)
    upper_list: tuple[UpperListed, ...] = ()  # 上级检查名单
    staff_history: dict[int, int] = field(default_factory=dict)  # year -> officers
    unit_workdays: tuple[UnitWorkdays, ...] = ()  # 单位工作日 rows
    general_allocation: str = ALLOCATE_BY_WEIGHT
    holidays: tuple[HolidayRange, ...] | None = None  # 放假安排; None: no such sheet (or no rows)
    source: str = ""  # the file it was read from, if any
    # The filed document (all optional): 文号, 成文日期, 署名 (blank: the authority), 主送, 抄送,
    # the closing 双随机 sentence of 六 (opt-in), key inspections done by the end of month N,
    # the bureau's prose (计划正文) and key-inspection categories (重点检查类别).
    doc_number: str | None = None
    doc_date: str | None = None
    signature: str | None = None
    recipients: str | None = None
    copies: str | None = None
    random_sentence: bool = False
    key_by_month: int | None = None
    document_charts: bool = False  # the charts as figures after the attachments
    document_form: str = "计划"  # DOCUMENT_FORMS: the plan itself, or the plan inside a 印发通知
    issuing_organ: str | None = None  # 发文机关标志 ("××区应急管理局文件"), printed red over a red line
    prose: tuple[ProseRow, ...] = ()
    key_categories: tuple[KeyCategory, ...] = ()
    cells: dict[CellKey, str] = field(default_factory=dict)
    notes: tuple[SheetNote, ...] = ()  # how the workbook was read (hidden rows …), for the rules

    @property
    def enforcement_staff(self) -> int:
        """执法人员数量: the officers counted in the plan, the sum over units."""
        return sum(u.staff for u in self.units)

    def items_of(self, category: str) -> tuple[WorkdayItem, ...]:
        return tuple(i for i in self.items if i.category == category)

    def where(self, key: CellKey | str) -> str:
        """Where a setting (by its key, ``"year"``) or a row was read; empty when not from a workbook."""
        return self.cells.get(setting_cell(key) if isinstance(key, str) else key, "")

    def with_changes(self, **changes: Any) -> Plan:
        """A copy with some fields replaced (what-if scenarios never mutate the baseline)."""
        return replace(self, **changes)
