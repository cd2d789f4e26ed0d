"""The concepts of a plan's calculation chain (also the 填报核对 keys of a workbook): their
names, how a plan labels them, their units, the shares, the relations between them, and which
concept a printed name means (:func:`concept_named`). :mod:`planlib.audit.plantext` reads
figures of these concepts out of a plan's text."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

YEAR, DAYS, WEEKEND_DAYS, HOLIDAYS, MAKEUP = "year", "days", "weekend_days", "statutory_holidays", "makeup_workdays"
OFF_DAYS = "weekdays_off"  # weekdays off under the State Council arrangement (holidays and 调休 together)
PER_PERSON, HEADCOUNT, STAFF, TOTAL = "workdays_per_person", "headcount", "enforcement_staff", "total_workdays"
OTHER, NON, INSPECTION = "other_enforcement", "non_enforcement", "inspection_workdays"
KEY_WD, GENERAL_WD = "key_workdays", "general_workdays"
PLANNED, KEY, GENERAL, ENTITY_BASE = "planned_inspections", "key_inspections", "general_inspections", "entity_base"
DAYS_KEY, DAYS_GENERAL = "days_per_key_inspection", "days_per_general_inspection"
KEY_SHARE_MIN, RANDOM_SHARE_MIN = "key_share_min", "random_share_min"
STAFF_SHARE, PLAN_RATIO, KEY_SHARE, GENERAL_SHARE = "staff_share", "plan_ratio", "key_share", "general_share"

LABELS = {
    YEAR: "计划年度",
    DAYS: "全年天数",
    WEEKEND_DAYS: "双休日",
    HOLIDAYS: "法定假日",
    MAKEUP: "调休上班",
    OFF_DAYS: "工作日放假",
    PER_PERSON: "国家法定工作日",
    HEADCOUNT: "在册定编人数",
    STAFF: "执法人员数",
    TOTAL: "总法定工作日",
    OTHER: "其他执法工作日",
    NON: "非执法工作日",
    INSPECTION: "监督检查工作日",
    KEY_WD: "重点检查工作日",
    GENERAL_WD: "一般检查工作日",
    PLANNED: "计划检查家数",
    KEY: "重点检查家数",
    GENERAL: "一般检查家数",
    ENTITY_BASE: "管理对象基数",
    DAYS_KEY: "每家重点检查工作日",
    DAYS_GENERAL: "每家一般检查工作日",
    KEY_SHARE_MIN: "重点检查最低占比",
    RANDOM_SHARE_MIN: "双随机最低比例",
    STAFF_SHARE: "执法人员占在册定编比例",
    PLAN_RATIO: "计划检查比例",
    KEY_SHARE: "重点检查占比",
    GENERAL_SHARE: "一般检查占比",
}
UNIT_OF = {
    YEAR: "年",
    DAYS: "天",
    WEEKEND_DAYS: "天",
    HOLIDAYS: "天",
    MAKEUP: "天",
    OFF_DAYS: "天",
    PER_PERSON: "天",
    HEADCOUNT: "人",
    STAFF: "人",
    TOTAL: "个工作日",
    OTHER: "个工作日",
    NON: "个工作日",
    INSPECTION: "个工作日",
    KEY_WD: "个工作日",
    GENERAL_WD: "个工作日",
    PLANNED: "家",
    KEY: "家",
    GENERAL: "家",
    ENTITY_BASE: "家",
    DAYS_KEY: "个工作日",
    DAYS_GENERAL: "个工作日",
}
# share -> (numerator, denominator)
SHARES = {
    STAFF_SHARE: (STAFF, HEADCOUNT),
    PLAN_RATIO: (PLANNED, ENTITY_BASE),
    KEY_SHARE: (KEY, PLANNED),
    GENERAL_SHARE: (GENERAL, PLANNED),
}
PERCENT_CONCEPTS = frozenset(SHARES) | {KEY_SHARE_MIN, RANDOM_SHARE_MIN}


@dataclass(frozen=True)
class Relation:
    """One printed formula of the method: ``result = operands[0] ops[0] operands[1] …``."""

    result: str
    operands: tuple[str, ...]
    ops: str  # one of - + × ÷ per gap
    rule: str  # the rule id when it does not hold

    def arrangements(self) -> list[tuple[str, ...]]:
        """Operand orders that print the same formula (terms of a sum or product commute)."""
        if self.ops in ("+" * len(self.ops), "×" * len(self.ops)):
            return [tuple(p) for p in itertools.permutations(self.operands)]
        if self.ops and set(self.ops) <= {"-", "+"}:
            head, rest = self.operands[0], self.operands[1:]
            minus = [c for c, op in zip(rest, self.ops, strict=False) if op == "-"]
            plus = [c for c, op in zip(rest, self.ops, strict=False) if op == "+"]
            return [(head, *m, *p) for m in itertools.permutations(minus) for p in itertools.permutations(plus)]
        return [self.operands]


def join_terms(terms: list[str], ops: str) -> str:
    """``terms`` written out with ``ops`` between them: ``8785-3090-4683``."""
    return terms[0] + "".join(op + term for op, term in zip(ops, terms[1:], strict=False))


RELATIONS = (
    Relation(PER_PERSON, (DAYS, WEEKEND_DAYS, HOLIDAYS), "--", "calendar"),
    # under the State Council arrangement: the weekdays off (holidays and 调休 together), then the make-up days
    Relation(PER_PERSON, (DAYS, WEEKEND_DAYS, OFF_DAYS, MAKEUP), "--+", "calendar"),
    Relation(TOTAL, (PER_PERSON, STAFF), "×", "totals"),
    Relation(INSPECTION, (TOTAL, OTHER, NON), "--", "chain"),
    Relation(INSPECTION, (KEY_WD, GENERAL_WD), "+", "split"),
    Relation(PLANNED, (KEY, GENERAL), "+", "split"),
    Relation(KEY_WD, (KEY, DAYS_KEY), "×", "split"),
    Relation(GENERAL_WD, (GENERAL, DAYS_GENERAL), "×", "split"),
    *(Relation(share, pair, "÷", "percentage") for share, pair in SHARES.items()),
)

# Names as plans print them, most specific first where one contains another.
_NAMES: tuple[tuple[str, str], ...] = (
    (TOTAL, r"总法定工作日|法定工作日总数|总工作日"),
    (PER_PERSON, r"国家法定工作日|人均(?:法定)?工作日|每人(?:全年)?(?:法定)?工作日|法定工作日"),
    (OTHER, r"其他(?:行政)?执法工作日?"),
    (NON, r"非执法工作日?"),
    (INSPECTION, r"监督检查工作日"),
    (KEY_WD, r"重点检查工作日"),
    (GENERAL_WD, r"一般检查工作日"),
    (HEADCOUNT, r"在册|定编|编制人数|在编"),
    (STAFF, r"执法人员"),
    (WEEKEND_DAYS, r"双休日|周末|休息日|公休日"),
    (HOLIDAYS, r"法定(?:节)?假日|节假日|法定节日"),
    (MAKEUP, r"调休(?:上班)?"),
    (OFF_DAYS, r"工作日放假|放假天数"),
    (DAYS, r"全年(?:总)?天数|日历天数|全年"),
    (PLANNED, r"计划(?:监督)?检查|检查总数|计划总数"),
    (KEY, r"重点检查"),
    (GENERAL, r"一般检查"),
    (ENTITY_BASE, r"管理对象|监管对象|基数"),
)
_NAME_PATTERNS = tuple((c, re.compile(p)) for c, p in _NAMES)


def concept_named(text: str) -> str | None:
    """The concept a name or clause ends with (``执法人员数量`` → staff, ``…总法定工作日为`` → total).

    Of all the names found, the one ending last wins, and of those the longest, so
    ``总法定工作日`` is never read as ``法定工作日``.
    """
    best: tuple[int, int, str] | None = None
    for concept, pattern in _NAME_PATTERNS:
        for m in pattern.finditer(text):
            key = (m.end(), m.end() - m.start(), concept)
            if best is None or key[:2] > best[:2]:
                best = key
    return best[2] if best else None
