"""The Xicheng 2020 plan worked by hand: its published figures (transcribed from the
reference text; tests/test_reference_plan.py checks the transcription against it) and the
chain of sections 四–六 in plain arithmetic, for any number of officers. Tests compare
planlib's computation with these, never with planlib's own output.
"""

from __future__ import annotations

import math
from fractions import Fraction

from planlib.core.model import METHOD_PER_OFFICER, NON_ENFORCEMENT, OTHER_ENFORCEMENT

OTHER = [
    ("开展安全生产综合监管", 630),
    ("实施行政许可", 168),
    ("组织生产安全事故调查和处理", 436),
    ("调查核实安全生产投诉举报", 280),
    ("参加有关部门联合执法", 398),
    ("办理有关法律、法规、规章规定的登记、备案", 20),
    ("开展安全生产宣传教育培训", 160),
    ("行政复议、行政应诉工作", 124),
    ("完成本级人民政府或者上级安全监管部门安排的其他执法任务", 874),
]
NON = [
    ("单位值班", 420),
    ("学习、培训、考核、会议", 2605),
    ("病假、事假", 97),
    ("公务员法定年休假、探亲假、婚（丧）假", 551),
    ("参加党群活动", 700),
    ("其他非执法工作", 310),
]
# Section 四 of the reference plan: each item's published workdays.
PUBLISHED = {(OTHER_ENFORCEMENT, n): d for n, d in OTHER} | {(NON_ENFORCEMENT, n): d for n, d in NON}
WORKDAYS_PER_PERSON = 251  # 366 − 104 − 11
KEY = 306  # 26 + 4 × 70
KEY_WORKDAYS = 612  # 306 × 2
ENTITY_BASE = 8580
TRAINING = "学习、培训、考核、会议"


def half_up(x: Fraction) -> int:
    return math.floor(x + Fraction(1, 2))


def per_officer_rate(plan, item) -> Fraction:
    """三年人均 by hand: the mean of each history year's workdays ÷ that year's officers."""
    years = (2017, 2018, 2019)
    return sum(Fraction(item.history[y]) / plan.staff_history[y] for y in years) / 3


def item_workdays(plan, officers: int, factors: dict | None = None) -> dict:
    """Every item's workdays for ``officers``; ``factors`` scale an item's figure (adjustments)."""
    factors = factors or {}
    out = {}
    for item in plan.items:
        key = (item.category, item.name)
        f = Fraction(factors.get(key, 1))
        if item.method == METHOD_PER_OFFICER:
            out[key] = half_up(per_officer_rate(plan, item) * officers * f)
        elif f == 1:
            out[key] = PUBLISHED[key]
        else:  # a non-staff item scaled: its exact estimate (published one is exact here) × f
            out[key] = half_up(_exact_estimate(item) * f)
    return out


def _exact_estimate(item) -> Fraction:
    if item.method == "填报":
        return Fraction(item.reported)
    if item.method == "上年":
        return Fraction(item.history[2019])
    return sum(Fraction(item.history[y]) for y in (2017, 2018, 2019)) / 3


def chain(
    plan, officers: int, factors: dict | None = None, days_key=2, days_general=2, per_person=WORKDAYS_PER_PERSON
) -> dict:
    """Section 四–六 for ``officers`` officers, by hand."""
    items = item_workdays(plan, officers, factors)
    other = sum(v for (c, _), v in items.items() if c == OTHER_ENFORCEMENT)
    non = sum(v for (c, _), v in items.items() if c == NON_ENFORCEMENT)
    inspection = per_person * officers - other - non
    key_workdays = math.ceil(KEY * Fraction(days_key))
    general = max(0, math.floor((inspection - key_workdays) / Fraction(days_general)))
    return {
        "other": other,
        "non": non,
        "inspection": inspection,
        "key_workdays": key_workdays,
        "general": general,
        "planned": KEY + general,
    }


# The chain as the reference plan prints it (tests/test_report.py checks each is in the reference text).
CHAIN_PHRASES = (
    "国家法定工作日=366-104-11=251",
    "251×35=8785",
    "8785-3090-4683=1012",
    "42.17%",
    "8580家",
    "5.9%",
    "506家",
    "60.47%",
    "39.53%",
)
