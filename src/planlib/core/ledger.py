"""The inspection ledger (检查台账, docs/contract.md §7) as read: one :class:`Visit` per row, and
the year's actual workdays of the items (sheet 实际工作日). Pure data: no I/O.

A row whose values cannot be read at all (a date that is not a date, an unknown 检查类型) is an
input error where it is read; a row that reads but does not fit the plan (an unknown unit or
entity, a date outside the year, too few inspectors, a duplicate) is kept here as it is and
judged by :mod:`planlib.core.progress`, which lists it in 台账问题.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planlib.core.model import Number

KIND_KEY, KIND_RANDOM, KIND_OTHER = "重点", "双随机", "其他"
KINDS = (KIND_KEY, KIND_RANDOM, KIND_OTHER)
# 触发式 inspections (docs/method.md §7): a 其他 visit may say which trigger it answered.
TRIGGERS = ("投诉举报", "事故", "转办交办", "企业申请")


@dataclass(frozen=True)
class Visit:
    """One row of the ledger; ``row`` is the row number as the spreadsheet (or the CSV) shows it."""

    row: int
    date: dt.date  # 检查日期
    unit: str  # 执法单位, as typed (trimmed)
    code: str  # 统一社会信用代码 (upper case, no spaces)
    name: str = ""  # 单位名称
    kind: str = ""  # 检查类型: 重点 / 双随机 / 其他, "" when blank (then told by the lists)
    trigger: str = ""  # for 其他: one of TRIGGERS, "" when not said
    item: str = ""  # 检查事项
    inspectors: tuple[str, ...] = ()  # 执法人员
    hazards: int | None = None  # 发现隐患
    days: Number | None = None  # 用时 (workdays); None: the plan's days per inspection of its type


@dataclass(frozen=True)
class ActualWorkdays:
    """A row of 实际工作日: the year's actual workdays of one item of 工作日类别."""

    row: int
    category: str  # 类别
    item: str  # 项目
    workdays: Number  # 工作日


@dataclass(frozen=True)
class Ledger:
    source: str  # the file
    sheet: str  # the sheet read ("" for a CSV)
    visits: tuple[Visit, ...]
    actuals: tuple[ActualWorkdays, ...] | None = None  # None: no 实际工作日 sheet
