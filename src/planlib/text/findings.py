"""The findings worded: each verdict the core states as facts (:class:`~planlib.core.rules.Finding`
``code`` and ``facts``) becomes the Chinese sentence users read, with the figures involved.

:func:`check` is what every command, writer and notebook calls: the core's rules, worded.
A new rule adds its wording to :data:`WORDINGS` under the code it yields.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from planlib.core.calendar import HOLIDAY_LAWS, holiday_law_period, statutory_holidays_by_law
from planlib.core.compute import PlanResult
from planlib.core.model import FILTERED_ROWS, HIDDEN_ROWS, WORKDAY_MODE_WORDS
from planlib.core.rules import Finding, findings
from planlib.text.numbers import count_word, decimal, pct, pct_trimmed

Facts = Mapping[str, Any]

MODE_WORDS = {mode: word for word, mode in WORKDAY_MODE_WORDS.items()}  # formula → 公式, as a sentence names it
SHOWN_ENTITIES = 5  # entities named in a finding before "等N家"

_NOTE_WORDING = {
    HIDDEN_ROWS: "为隐藏行，已照常计入",
    FILTERED_ROWS: "被筛选隐藏，已照常计入",
}


def holidays_law_text(holidays: int, year: int) -> str:
    """Why a holiday count is wrong for ``year``: whose law set it, if any, and the right count.
    ``check`` (a workbook's override) and ``audit`` (a published plan) both say it, as errors."""
    law = statutory_holidays_by_law(year)
    if (since := holiday_law_period(holidays)) is not None:
        return f"这是{since}的规定；{year}年施行的《全国年节及纪念日放假办法》规定为{law}天"
    laws = "、".join(f"{count}天（{period}）" for _, count, period in HOLIDAY_LAWS)
    return f"与《全国年节及纪念日放假办法》规定的{laws}都不符；{year}年应为{law}天"


def quoted(names: Iterable[str]) -> str:
    return "、".join(f"“{n}”" for n in names)


def entity_list(entities: Iterable[Any]) -> str:
    """The first few entities of a finding (name and register row), and how many in all."""
    listed = list(entities)
    shown = "、".join(f"{e.name}（第{e.row}行）" for e in listed[:SHOWN_ENTITIES])
    return shown + (f"等{len(listed)}家" if len(listed) > SHOWN_ENTITIES else f"共{len(listed)}家")


def _calendar_override(f: Facts) -> str:
    mode = MODE_WORDS.get(f["mode"], f["mode"])
    return (
        f"国家法定工作日填报为{f['stated']}天，按{f['year']}年日历（{mode}）应为"
        f"{f['computed']}天，相差{f['stated'] - f['computed']:+d}天"
    )


def _calendar_package(f: Facts) -> str:
    d = f["first"]
    return (
        f"“放假安排”与 chinesecalendar {f['version']} 的{f['year']}年放假安排不一致，"
        f"第一个不同的日期是{d.year}年{d.month}月{d.day}日；以工作表“放假安排”为准"
    )


def _calendar_holidays(f: Facts) -> str:
    return f"法定假日填报为{f['holidays']}天，" + holidays_law_text(f["holidays"], f["year"])


def _reported_zero(f: Facts) -> str:
    years = "、".join(f"{y}年{v}" for y, v in f["worked"])
    return (
        f"{f['category']}项目“{f['item']}”按填报计为0个工作日，但历史数据中有实际工作日（{years}）："
        "请填写测算方法（三年平均、三年人均、上年）或填报值"
    )


def _reading_hidden_rows(f: Facts) -> str:
    rows: tuple[int, ...] = f["rows"]
    listed = "、".join(f"第{n}行" for n in rows[:10]) + ("等" if len(rows) > 10 else "")
    return (
        f"工作表“{f['sheet']}”{listed}{_NOTE_WORDING.get(f['kind'], '已计入')}（共{len(rows)}行）；"
        "不应计入的行请删除，而不是隐藏"
    )


def _reading_sum_rows(f: Facts) -> str:
    rows: tuple[int, ...] = f["rows"]
    listed = "、".join(f"第{n}行" for n in rows[:10]) + ("等" if len(rows) > 10 else "")
    return (
        f"工作表“{f['sheet']}”{listed}的数字等于以上各行之和，可能是合计行（已照常计入，会重复计算）；"
        "若是合计行请删除（合计由程序计算）"
    )


def _credit_code(f: Facts) -> str:
    rows: tuple[int, ...] = f["rows"]
    shown = "、".join(str(r) for r in rows[:10]) + (f"等{len(rows)}行" if len(rows) > 10 else f"共{len(rows)}行")
    return f"统一社会信用代码校验位（GB 32100-2015）不符：第{shown}"


def _rows_text(rows: tuple[int, ...]) -> str:
    return "、".join(str(r) for r in rows[:10]) + (f"等{len(rows)}行" if len(rows) > 10 else f"共{len(rows)}行")


def _credit_code_length(f: Facts) -> str:
    return f"统一社会信用代码应为18位（GB 32100-2015），位数不符：第{_rows_text(f['rows'])}"


def _same_name_codes(f: Facts) -> str:
    names: tuple[tuple[str, tuple[int, ...]], ...] = f["names"]
    shown = "；".join(f"“{n}”（第{'、'.join(str(r) for r in rows)}行）" for n, rows in names[:5])
    more = f"等{len(names)}个名称" if len(names) > 5 else ""
    return f"同一单位名称对应多个统一社会信用代码：{shown}{more}；请核对是否重复录入"


def _frequency_cap(f: Facts) -> str:
    scope = "、".join(x for x in (f["sector"], f["risk"] and f"风险等级{f['risk']}") if x) or "全部单位"
    return f"{scope}每家每年最多检查{f['limit']}次，计划超出的有{entity_list(f['entities'])}"


WORDINGS: dict[str, Callable[[Facts], str]] = {
    "calendar_override": _calendar_override,
    "calendar_package": _calendar_package,
    "calendar_holidays": _calendar_holidays,
    "calendar_official_holidays": lambda f: (
        f"法定假日填报为{f['typed']}天，但按国务院放假安排（official）{f['year']}年放假{f['holidays']}天，"
        f"国家法定工作日按放假安排计为{f['workdays']}天，未采用填报的天数；请删除该设置或改为{f['holidays']}"
    ),
    "example_authority": lambda f: f"监督检查主体“{f['authority']}”仍是模板示例，请改为本单位名称",
    "example_units": lambda f: f"执法单位{quoted(f['units'])}仍是模板示例行，请改为本单位数据或删除",
    "example_items": lambda f: f"工作日项目{quoted(f['items'])}的说明仍为模板示例，请核对后改为本单位数据",
    "totals_headcount": lambda f: f"纳入计算的执法人员{f['staff']}人，超过在册定编人数{f['headcount']}人",
    "totals_zero": lambda f: "纳入计算的执法人员数为0",
    "sums_negative": lambda f: f"{f['category']}项目“{f['item']}”工作日为负数（{f['workdays']}）",
    "reported_zero": _reported_zero,
    "chain_none_left": lambda f: (
        f"监督检查工作日={f['total']}-{f['other']}-{f['non']}={f['inspection']}，没有可用于监督检查的工作日"
    ),
    "split_unused": lambda f: (
        f"一般检查工作日{f['workdays']}天按每家{decimal(f['per'])}天取整后，余{f['unused']}天未安排检查"
    ),
    "capacity_exceeded": lambda f: (
        f"重点检查{f['key']}{count_word(f.get('visits', False))}×每家{decimal(f['per'])}天"
        f"={f['key_workdays']}个工作日，"
        f"超过监督检查工作日{f['inspection']}个"
    ),
    "key_share_floor": lambda f: f"重点检查最低比例设为{pct(f['minimum'])}，低于{pct_trimmed(f['floor'])}",
    "key_share_low": lambda f: (
        f"重点检查{f['key']}{count_word(f.get('visits', False))}÷计划检查{f['planned']}"
        f"{count_word(f.get('visits', False))}={pct(f['share'])}，低于{pct(f['minimum'])}"
    ),
    "key_share_derived": lambda f: (
        f"各执法单位未填写重点检查家数，按最低比例{pct(f['minimum'])}推算重点检查{f['key']}家，"
        "并按执法人员数分配到各单位"
    ),
    "random_floor": lambda f: f"“双随机”抽查比例设为{pct(f['minimum'])}，低于{pct_trimmed(f['floor'])}",
    "coverage_no_weight": lambda f: f"一般检查{f['general']}家无法分配：各执法单位一般检查权重均为0",
    "officers_too_few": lambda f: (
        f"“{f['unit']}”安排检查{f['inspections']}家，但只有{f['staff']}名执法人员；执法检查应不少于{f['minimum']}人"
    ),
    "unit_balance_negative": lambda f: (
        f"“{f['unit']}”的监督检查工作日={f['total']}-{f['other']}-{f['non']}={f['inspection']}，"
        "为负数：该单位的其他执法和非执法工作日超过其总法定工作日"
    ),
    "unit_capacity_exceeded": lambda f: (
        f"“{f['unit']}”重点检查{f['key']}家×每家{decimal(f['per'])}天={f['key_workdays']}个工作日，"
        f"超过该单位的监督检查工作日{f['inspection']}个"
    ),
    "frequency_no_base": lambda f: "未填写管理对象基数，无法计算计划检查比例",
    "frequency_over_base": lambda f: (
        f"计划检查{f['planned']}家次，多于管理对象基数{f['base']}家，部分单位一年内将被多次检查，"
        "请对照本省检查频次上限（国办发〔2024〕54号）"
    ),
    "reading_hidden_rows": _reading_hidden_rows,
    # the register (planlib.core.register)
    "credit_code": _credit_code,
    "reading_sum_rows": _reading_sum_rows,
    "credit_code_length": _credit_code_length,
    "same_name_codes": _same_name_codes,
    "key_unassigned": lambda f: f"重点单位未分配执法单位：{entity_list(f['entities'])}",
    "frequency_cap": _frequency_cap,
    # the plan by 检查事项 (planlib.core.items, docs/contract.md §6)
    "item_cap": lambda f: (
        f"检查事项“{f['item']}”频次上限为{f['limit']}次/年/家，计划检查次数超出的有{visit_list(f['over'])}"
        f"（涉及检查事项：{'、'.join(f['items'])}）"
    ),
    "entity_visit_cap": lambda f: (
        f"本机关对同一单位每年检查不超过{f['limit']}次，计划超出的有{visit_list(f['over'])}"
        + (f"（涉及检查事项：{'、'.join(f['items'])}）" if f["items"] else "")
    ),
    "item_coverage": lambda f: (
        f"以下行业领域的重点单位或抽查对象未列入任何检查事项：{'、'.join(f['sectors'])}（{entity_list(f['entities'])}）"
    ),
    "upper_list": lambda f: (
        f"重点单位{f['name']}（{f['credit_code']}）已列入上级检查名单"
        + (f"（{f['department']}）" if f["department"] else "")
        + "，原则上本级不再重复检查，请确认是否保留"
    ),
}


def visit_list(pairs: Iterable[tuple[Any, int]]) -> str:
    """The first few entities of a cap finding with their planned visits, and how many in all."""
    listed = list(pairs)
    shown = "、".join(f"{e.name}（{n}次）" for e, n in listed[:SHOWN_ENTITIES])
    return shown + (f"等{len(listed)}家" if len(listed) > SHOWN_ENTITIES else f"共{len(listed)}家")


def message(f: Finding) -> str:
    """The finding's sentence: its own message, or its facts worded."""
    if f.message or not f.code:
        return f.message
    return WORDINGS[f.code](dict(f.facts))


def worded(found: Iterable[Finding]) -> list[Finding]:
    """The findings with their messages filled in."""
    return [f if f.message or not f.code else dataclasses.replace(f, message=message(f)) for f in found]


def check(result: PlanResult) -> list[Finding]:
    """Every finding for a computed plan, worded: errors first, then warnings, then info."""
    return worded(findings(result))
