"""What one cell of the input workbook may hold: the parsers of each setting's kind and of the
sheets' columns, and the refusals shared by the sheet readers.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from planlib.core.model import (
    CATEGORIES,
    DOCUMENT_FORMS,
    GENERAL_ALLOCATIONS,
    NON_ENFORCEMENT,
    OTHER_ENFORCEMENT,
    RISK_LEVELS,
    WORKDAY_MODE_WORDS,
    WORKDAY_MODES,
    Number,
)
from planlib.io.prose import parse_date_text, parse_month, parse_yes_no
from planlib.io.workbook.contract import (
    COL_CATEGORY,
    MAX_ENTITIES,
    MAX_OFFICERS,
    MAX_WORKDAYS,
    SHEET_UNITS,
    TOTAL_ROW_NAMES,
    SheetSpec,
)
from planlib.io.xlsxio import (
    ENTITIES,
    PERSONS,
    WORKDAYS,
    BadValue,
    Book,
    Table,
    fold,
    is_blank,
    name_key,
    parse_name,
    parse_nonnegative,
    parse_positive,
    parse_share,
    parse_text,
    parse_whole,
    parse_year,
    read_table,
    show,
    too_large,
    with_unit_word,
)

# A total row by its words (issue 21 item 6): 合计, 共计, 汇总, 总合计, 合计（人）, 以上合计, 合计数,
# 其他执法合计 … — the name, without a trailing unit in brackets or a colon, is such a word or
# ends with 合计/总计/小计/共计.
_TOTAL_WORDS = re.compile(
    r"^(?:(?:以上|本表|全部|全局|各单位|总)?(?:合计|总计|小计|共计|汇总|总合计)(?:数|值)?|.+(?:合计|总计|小计|共计))$"
)
_TRAILING_UNIT = re.compile(r"[（(][^（）()]*[）)]$")


def is_total_name(name: str) -> bool:
    """``name`` says it is a total row (see ``_TOTAL_WORDS``)."""
    key = name_key(name).rstrip(":：")
    key = _TRAILING_UNIT.sub("", key).rstrip(":：")
    return key in TOTAL_ROW_NAMES or bool(_TOTAL_WORDS.match(key))


def refuse_total_row(t: Table, *names: str, where: str) -> None:
    """A total row (合计, 共计, 汇总, 以上合计 …) is a sum the user typed, not an entry: counting
    it would count twice."""
    for name in names:
        if name and is_total_name(name):
            raise t.error(
                f"“{show(name)}”行是合计行，不是{'执法单位' if t.sheet_is(SHEET_UNITS) else '工作日项目'}，"
                "请删除该行（合计由程序计算）",
                where,
            )


# --- Reading the four sheets ---------------------------------------------------------------------


def require_sheet(book: Book, spec: SheetSpec) -> Table:
    table = read_table(book, spec.title, spec.required, spec.optional)
    if table is None:
        titles = "、".join(f"“{title}”" for title in book.titles)
        raise book.error(f"缺少工作表“{spec.title}”（现有工作表：{titles}）", spec.title)
    return table


def read_sheet(book: Book, spec: SheetSpec) -> Table | None:
    """An optional sheet's table; None if it is absent or blank."""
    return read_table(book, spec.title, spec.required, spec.optional, empty_is_absent=True)


def _parse_workdays(value: object) -> Number | None:
    return parse_nonnegative(value, MAX_WORKDAYS)


VALUE_KINDS: dict[str, Callable[[object], object]] = {
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


def _parse_form(value: object) -> str | None:
    if is_blank(value):
        return None
    form = fold(str(value))
    if form not in DOCUMENT_FORMS:
        raise BadValue(f"应为 {' 或 '.join(DOCUMENT_FORMS)}，实际为“{show(value)}”")
    return form


VALUE_KINDS["mode"], VALUE_KINDS["allocation"], VALUE_KINDS["form"] = _parse_mode, _parse_allocation, _parse_form


PERSONS_VALUE = with_unit_word(lambda v: parse_whole(v, 0, MAX_OFFICERS), PERSONS)
ENTITIES_VALUE = with_unit_word(lambda v: parse_whole(v, 0, MAX_ENTITIES), ENTITIES)
DAYS_VALUE = with_unit_word(_parse_workdays, WORKDAYS)
WHOLE_DAYS_VALUE = with_unit_word(lambda v: parse_whole(v, 0, MAX_WORKDAYS), WORKDAYS)

CATEGORY_ALIASES = {c: c for c in CATEGORIES} | {"其他执法工作日": OTHER_ENFORCEMENT, "非执法工作日": NON_ENFORCEMENT}


def category_of(t: Table, r: int, allowed: dict[str, str]) -> str:
    raw, where = t.raw(r, COL_CATEGORY)
    text = parse_text(raw)
    if not text:
        raise t.error(f"“{COL_CATEGORY}”不能为空", where)
    if (category := allowed.get(fold(text))) is None:
        raise t.error(f"类别“{show(text)}”无效，应为 {' 或 '.join(dict.fromkeys(allowed.values()))}", where)
    return category
