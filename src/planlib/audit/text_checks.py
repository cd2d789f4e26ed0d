"""Auditing a plan's text: every figure recomputed and each inconsistency reported by line.

The figures are settled once (:mod:`planlib.audit.settle`); then each check of
``TEXT_CHECKS`` — a pure function of the settled text, as ``core.rules.RULES`` are of a plan —
returns what it found (:class:`Checked`): findings by line and what it could not check. The
rules are listed in :mod:`planlib.audit.checks` and docs/audit.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from planlib.audit import plantext as pt
from planlib.audit.arithmetic import evaluate, holds, solve
from planlib.audit.result import Audit, AuditFinding, json_value, show, sorted_findings, within_precision
from planlib.audit.settle import Context, settle
from planlib.audit.slips import SLIP_TEXT, digit_slip, slip_note
from planlib.core.calendar import (
    HOLIDAY_LAWS,
    YearCalendar,
    holiday_law_period,
    statutory_holidays_by_law,
    year_calendar,
)
from planlib.core.rules import (
    ERROR,
    INFO,
    KEY_SHARE_FLOOR,
    RANDOM_SHARE_FLOOR,
    WARNING,
    Finding,
)
from planlib.errors import InputError
from planlib.text.findings import holidays_law_text
from planlib.text.numbers import pct

UNDATED_YEARS = (2008, 2035)  # the years an undated plan's calendar figures are compared with

_IDENTITIES = tuple(r for r in pt.RELATIONS if r.rule in ("totals", "chain") or r.result in (pt.INSPECTION, pt.PLANNED))


# The core of the chain: without each of these stated, the audit cannot say the plan is sound.
CORE_CHAIN = (pt.PER_PERSON, pt.STAFF, pt.TOTAL, pt.OTHER, pt.NON, pt.INSPECTION)
CHAIN = (*CORE_CHAIN, pt.KEY_WD, pt.GENERAL_WD, pt.PLANNED, pt.KEY, pt.GENERAL)


@dataclass(frozen=True)
class Checked:
    """What one check found: findings by line, what it checked (``ran``) and what it could not
    check for want of a figure (``unchecked``)."""

    findings: tuple[AuditFinding, ...] = ()
    unchecked: tuple[str, ...] = ()
    ran: tuple[str, ...] = ()


class _Out:
    """A check's findings as it builds them (local to one call of one check)."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.findings: list[AuditFinding] = []
        self.unchecked: list[str] = []
        self.ran: list[str] = []

    def result(self) -> Checked:
        return Checked(tuple(self.findings), tuple(self.unchecked), tuple(self.ran))

    def add(
        self,
        rule: str,
        severity: str,
        message: str,
        line: int,
        start: int | None = None,
        end: int | None = None,
        slip: str | None = None,
    ) -> None:
        doc = self.ctx.doc
        at = doc.origin(line, start)
        self.findings.append(
            AuditFinding(
                rule, severity, message, at.cite(), at.line, doc.excerpt(line, start, end), slip, at.page, at.unit
            )
        )

    def add_at(self, rule: str, severity: str, message: str, concepts: tuple[str, ...], slip: str | None = None) -> int:
        """A finding on the line of the first of ``concepts`` the text states (a figure only
        derived from others has no line of its own); returns the line."""
        m = next((m for c in concepts if (m := self.ctx.primary(c)) is not None), None)
        line = m.line if m else min(x.line for x in self.ctx.doc.mentions)
        self.add(rule, severity, message, line, m.printed.start if m else None, m.printed.end if m else None, slip)
        return line


def _law_period(days: Fraction) -> str | None:
    """When a law set ``days`` holidays (None for a count no law set, or not a whole number)."""
    return holiday_law_period(int(days)) if Fraction(days).denominator == 1 else None


def check_formulas(ctx: Context) -> Checked:
    out = _Out(ctx)
    for f in ctx.doc.formulas:
        _formula(out, f)
        out.ran.append(f"{ctx.doc.cite(f.line, f.start)}的算式{f.text}")
    if not ctx.doc.formulas:
        out.unchecked.append("文中没有算式，未重新计算算式")
    return out.result()


def _formula(out: _Out, f: pt.Formula) -> None:
    ctx = out.ctx
    values = [p.value for p in f.operands]
    computed = evaluate(values, f.ops)
    printed_ok = computed is not None and holds(f.result, computed, f.ops)
    voted = f.relation is None or f.relation.result not in pt.SHARES
    issues: list[str] = []
    slip: str | None = None
    wrong: list[tuple[str, pt.Printed, Fraction]] = []
    if voted:
        for concept, p in zip(f.operand_concepts, f.operands, strict=False):
            if concept is not None and (settled := ctx.value.get(concept)) is not None and p.value != settled:
                wrong.append((concept, p, settled))
    if wrong:
        settled_values = {c: v for c, _, v in wrong}
        for concept, p, settled in wrong:
            note, s = slip_note(p.text, show(settled))
            slip = slip or s
            issues.append(
                f"{ctx.label(concept)}应为{show(settled)}（{ctx.basis(concept, f.line)}），此处为{p.text}{note}"
            )
        pairs = {
            tuple(sorted((c, d)))
            for c, p, _ in wrong
            for d, q, v in wrong
            if c != d and p.value == v and q.value == settled_values[c]
        }
        for c, d in sorted(pairs):
            issues.append(f"{ctx.label(c)}与{ctx.label(d)}两个运算数位置颠倒")
        if not printed_ok and computed is not None:
            issues.append(
                f"且按所列数字{f.expression}={show(computed, f.result.places, f.result.percent)}，"
                f"与结果{f.result.shown}不符"
            )
        elif f.result_concept and ctx.value.get(f.result_concept) not in (None, f.result.value):
            issues.append(
                f"结果{f.result.shown}随之与{ctx.label(f.result_concept)}"
                f"{show(ctx.value[f.result_concept])}（{ctx.basis(f.result_concept, f.line)}）不符"
            )
        out.add(
            "operand",
            ERROR,
            f"算式“{f.text}”中的运算数与文中其他处不一致：" + "；".join(issues),
            f.line,
            f.start,
            f.end,
            slip,
        )
        return
    if not printed_ok:
        if computed is None:
            out.add("formula", ERROR, f"算式“{f.text}”无法计算（除数为0）", f.line, f.start, f.end)
            return
        right = show(computed, f.result.places, f.result.percent)
        note, slip = slip_note(f.result.shown, right)
        out.add(
            "formula",
            ERROR,
            f"算式“{f.text}”计算有误：{f.expression}={right}，文中写作{f.result.shown}{note}",
            f.line,
            f.start,
            f.end,
            slip,
        )
        return
    if voted and f.result_concept and ctx.value.get(f.result_concept) not in (None, f.result.value):
        settled = ctx.value[f.result_concept]
        note, slip = slip_note(f.result.text, show(settled))
        out.add(
            "consistency",
            ERROR,
            f"{ctx.label(f.result_concept)}在此为{f.result.shown}，与{ctx.basis(f.result_concept, f.line)}的"
            f"{show(settled)}不一致{note}",
            f.line,
            f.start,
            f.end,
            slip,
        )


def check_mentions(ctx: Context) -> Checked:
    out = _Out(ctx)
    said = sum(len(ms) for ms in ctx.mentions.values())
    out.ran.append(f"{len(ctx.mentions)}项数字在文中{said}处的写法与核定值（多数一致及按测算关系推算）")
    for concept, ms in ctx.mentions.items():
        settled = ctx.value.get(concept)
        for m in ms:
            if m.formula is not None or settled is None or m.value == settled:
                continue
            note, slip = slip_note(m.printed.text, show(settled))
            out.add(
                "consistency",
                ERROR,
                f"{ctx.label(concept)}在此为{m.printed.shown}{ctx.unit(concept)}，与{ctx.basis(concept, m.line)}的"
                f"{show(settled)}{ctx.unit(concept)}不一致{note}",
                m.line,
                m.printed.start,
                m.printed.end,
                slip,
            )
    return out.result()


def _undated_calendar(out: _Out) -> None:
    """What needs no year: a holiday count no law ever set, and a per-person figure that no
    year's calendar gives (named with the years that would give it when some do)."""
    ctx = out.ctx
    v = ctx.value
    holidays, per_person = v.get(pt.HOLIDAYS), v.get(pt.PER_PERSON)
    if holidays is not None and _law_period(holidays) is None and (m := ctx.primary(pt.HOLIDAYS)):
        laws = "、".join(f"{count}天（{period}）" for _, count, period in HOLIDAY_LAWS)
        out.add(
            "holidays",
            ERROR,
            f"法定假日写作{show(holidays)}天，与《全国年节及纪念日放假办法》规定的{laws}都不符"
            "（计划未写明年度，此条不依年度而定）",
            m.line,
            m.printed.start,
            m.printed.end,
        )
    if per_person is None:
        out.unchecked.append("未找到计划年度和国家法定工作日，未核对日历")
        return
    law_counts = {count for _, count, _ in HOLIDAY_LAWS[1:]}  # the laws of the years plans are written in
    if holidays is not None and holidays in law_counts:
        law_counts = {int(holidays)}
    by_law: dict[int, dict[int, list[int]]] = {}
    for year in range(UNDATED_YEARS[0], UNDATED_YEARS[1] + 1):
        cal = year_calendar(year)
        if v.get(pt.DAYS) not in (None, cal.days) or v.get(pt.WEEKEND_DAYS) not in (None, cal.weekend_days):
            continue  # a year whose length or weekends the plan contradicts
        if cal.statutory_holidays in law_counts:
            by_law.setdefault(cal.statutory_holidays, {}).setdefault(cal.workdays_per_person, []).append(year)
    years = (
        sorted(y for counts in by_law.values() for y in counts.get(int(per_person), ()))
        if Fraction(per_person).denominator == 1
        else []
    )
    if years:
        out.unchecked.append(
            f"未找到计划年度：国家法定工作日{show(per_person)}天与"
            f"{'、'.join(str(y) for y in years)}年的日历相符，未能确定是哪一年"
        )
        return
    ranges = "，".join(f"法定假日{h}天的年份为{min(c)}～{max(c)}天" for h, c in sorted(by_law.items()))
    out.add_at(
        "calendar",
        ERROR,
        f"国家法定工作日写作{show(per_person)}天，{UNDATED_YEARS[0]}～{UNDATED_YEARS[1]}年"
        f"没有哪一年的日历得出此数（{ranges}）；计划未写明年度",
        (pt.PER_PERSON,),
    )


def _arrangement(out: _Out, official: YearCalendar | None) -> bool:
    """The State Council arrangement's parts as the plan states them (工作日放假, 调休上班),
    checked against the year's arrangement where it is known; whether the plan states them."""
    ctx, v = out.ctx, out.ctx.value
    year = ctx.calendar.year if ctx.calendar else None
    stated = [c for c in (pt.OFF_DAYS, pt.MAKEUP) if c in ctx.mentions]
    if not stated:
        return False
    if official is None:
        out.unchecked.append(
            f"{year}年的国务院办公厅放假安排未知（chinesecalendar 未收录），"
            f"未核对{'、'.join(ctx.label(c) for c in stated)}的天数"
        )
        return True
    for concept, real in ((pt.OFF_DAYS, official.statutory_holidays), (pt.MAKEUP, official.makeup_workdays)):
        if concept in stated and (m := ctx.primary(concept)) is not None:
            out.ran.append(f"{ctx.label(concept)}天数与国务院办公厅{year}年放假安排")
            if v[concept] != real:
                out.add(
                    "calendar",
                    ERROR,
                    f"{ctx.label(concept)}写作{show(v[concept])}天，按国务院办公厅{year}年放假安排为{real}天",
                    m.line,
                    m.printed.start,
                    m.printed.end,
                )
    return True


def _holidays(out: _Out, law: int, official: YearCalendar | None, arrangement: bool) -> None:
    """法定假日 as stated: the law's count, or — as real plans also write it — the weekdays off
    under the year's arrangement (调休 included)."""
    ctx = out.ctx
    holidays, m = ctx.value.get(pt.HOLIDAYS), ctx.primary(pt.HOLIDAYS)
    if holidays is None or m is None or ctx.calendar is None:
        return
    year = ctx.calendar.year
    out.ran.append(f"法定假日天数与{year}年《全国年节及纪念日放假办法》")
    if holidays == law:
        return
    if official is not None and holidays == official.statutory_holidays:
        out.add(
            "holidays",
            INFO,
            f"法定假日写作{show(holidays)}天，为国务院办公厅{year}年放假安排中工作日放假的天数"
            f"（含调休放假；法定节假日为{law}天）",
            m.line,
            m.printed.start,
            m.printed.end,
        )
        return
    if official is None and arrangement:
        out.unchecked.append(
            f"法定假日写作{show(holidays)}天（{year}年法定节假日为{law}天），"
            f"与调休一并写出而{year}年放假安排未知，未核对是否为工作日放假的天数"
        )
        return
    why = (
        holidays_law_text(int(holidays), year)
        if Fraction(holidays).denominator == 1  # as check says it
        else f"不是整天数；{year}年应为{law}天"
    )
    if official is not None and official.statutory_holidays != law:
        why += f"（按国务院办公厅放假安排，工作日放假为{official.statutory_holidays}天）"
    out.add("holidays", ERROR, f"法定假日写作{show(holidays)}天，" + why, m.line, m.printed.start, m.printed.end)


def check_calendar(ctx: Context) -> Checked:
    out = _Out(ctx)
    v = ctx.value
    if ctx.calendar is None:
        if v.get(pt.YEAR) is None:
            _undated_calendar(out)
        return out.result()
    cal, year = ctx.calendar, ctx.calendar.year
    official_cal = ctx.official_calendar()
    arrangement = _arrangement(out, official_cal)
    _holidays(out, statutory_holidays_by_law(year), official_cal, arrangement)
    notes = []
    for concept, real in ((pt.DAYS, cal.days), (pt.WEEKEND_DAYS, cal.weekend_days)):
        if v.get(concept) is not None:
            out.ran.append(f"{ctx.label(concept)}与{year}年日历")
            if v[concept] != real:
                notes.append((concept, f"文中{ctx.label(concept)}为{show(v[concept])}天，{year}年实有{real}天"))
    per_person = v.get(pt.PER_PERSON)
    official = official_cal.workdays_per_person if official_cal else None
    merged_line = None  # the line whose calendar finding already names the misstated parts
    if per_person is None:
        out.unchecked.append("未找到国家法定工作日，未核对日历")
    elif per_person in (cal.workdays_per_person, official):
        out.ran.append(f"国家法定工作日与{year}年日历" + ("及国务院办公厅放假安排" if official else ""))
        if per_person != cal.workdays_per_person:
            out.add_at(
                "calendar",
                INFO,
                f"国家法定工作日{show(per_person)}天按国务院办公厅{year}年放假安排（含调休）计算；"
                f"按公式{cal.days}-{cal.weekend_days}-{cal.statutory_holidays}为{cal.workdays_per_person}天",
                (pt.PER_PERSON,),
            )
    elif official_cal is None and arrangement:
        out.unchecked.append(
            f"国家法定工作日{show(per_person)}天按{year}年放假安排（含调休）计算，而该年放假安排未知，"
            f"未按日历核对（按公式{cal.days}-{cal.weekend_days}-{cal.statutory_holidays}为{cal.workdays_per_person}天）"
        )
    else:
        out.ran.append(f"国家法定工作日与{year}年日历")
        right = cal.workdays_per_person
        text = (
            f"国家法定工作日为{show(per_person)}天，按{year}年日历应为"
            f"{cal.days}-{cal.weekend_days}-{cal.statutory_holidays}={right}天"
        )
        if official is not None and official != right:
            text += f"（按国务院办公厅放假安排为{official}天）"
        text += f"；{show(per_person)}天相当于法定假日{show(cal.days - cal.weekend_days - per_person)}天"
        text += "".join(f"；{note}" for _, note in notes)
        slip_text, slip = slip_note(show(per_person), str(right))
        merged_line = out.add_at(
            "calendar", ERROR, text + slip_text, (pt.PER_PERSON, pt.DAYS, pt.WEEKEND_DAYS, pt.HOLIDAYS), slip
        )
    for concept, note in notes:
        n = ctx.primary(concept)
        if n is not None and n.line != merged_line:
            out.add("calendar", ERROR, note, n.line, n.printed.start, n.printed.end)
    return out.result()


def check_sums(ctx: Context) -> Checked:
    out = _Out(ctx)
    for s in ctx.doc.sections:
        if s.concept not in (pt.OTHER, pt.NON, pt.KEY):
            continue
        items = [(i.printed, i.name) for i in s.items if i.printed is not None]
        target = ctx.value.get(s.concept)
        if not items or target is None:
            continue
        out.ran.append(f"{ctx.label(s.concept)}的{len(items)}项之和（{ctx.doc.cite(s.line)}起）")
        total = sum((p.value for p, _ in items), Fraction(0))
        if total == target:
            continue
        heading = ctx.primary(s.concept)
        where = ctx.doc.cite(heading.line, heading.printed.start) if heading else ctx.basis(s.concept)
        slips = _slips(items, target, total)
        unit = ctx.unit(s.concept)
        if len(slips) == 1:
            p, name, right, note, slip = slips[0]
            out.add(
                "sums",
                ERROR,
                f"“{name}”为{p.text}{unit}，但{ctx.label(s.concept)}合计{show(target)}{unit}（{where}）"
                f"减去其余各项应为{show(right)}{unit}{note}",
                p.line,
                p.start,
                p.end,
                slip,
            )
            continue
        expression = "+".join(p.text for p, _ in items)
        line = heading.line if heading else s.line
        where = "" if heading else f"（{where}）"  # the finding stands on the heading itself
        out.add(
            "sums",
            ERROR,
            f"{ctx.label(s.concept)}各项之和{expression}={show(total)}{unit}，比合计{show(target)}{unit}{where}"
            f"{_difference(total, target, unit)}{_candidates(ctx, slips)}",
            line,
            heading.printed.start if heading else None,
            heading.printed.end if heading else None,
        )
    for u in ctx.doc.unit_lists:
        _unit_list(out, u)
    _unit_accounts(out)
    if not out.ran:
        out.unchecked.append("文中没有分项或分单位列出的数字，未核对各项之和")
    return out.result()


def _unit_accounts(out: _Out) -> None:
    """Each unit's own account, where the plan gives its staff and its other and non
    enforcement workdays: staff × 国家法定工作日 − other − non must not be negative."""
    ctx = out.ctx
    per_person = ctx.value.get(pt.PER_PERSON)
    parts: dict[str, dict[str, pt.UnitFigure]] = {}
    for u in ctx.doc.unit_lists:
        key = "staff" if u.kind == "staff" else (u.section if u.kind == "workdays" else None)
        if key in ("staff", pt.OTHER, pt.NON):
            for e in u.entries:
                parts.setdefault(e.unit, {}).setdefault(key, e)
    if per_person is None or not parts:
        return
    for unit, got in parts.items():
        if set(got) != {"staff", pt.OTHER, pt.NON}:
            if "staff" in got and len(got) > 1:
                out.unchecked.append(f"“{unit}”的其他执法或非执法工作日未分单位列出，未核对该单位的工作日账")
            continue
        staff, other, non = (got[k].printed.value for k in ("staff", pt.OTHER, pt.NON))
        balance = staff * per_person - other - non
        if balance < 0:
            p = got[pt.NON].printed
            out.add(
                "unit_account",
                ERROR,
                f"“{unit}”{show(staff)}人×{show(per_person)}天={show(staff * per_person)}个工作日，"
                f"减去其他执法{show(other)}个、非执法{show(non)}个工作日为{show(balance)}个工作日，不能为负",
                p.line,
                p.start,
                p.end,
            )


def _slips(parts: list[tuple[pt.Printed, str]], target: Fraction | int, total: Fraction | int) -> list[tuple]:
    """The parts that, read as a digit slip of the figure the sum needs, make it come out."""
    found = []
    for p, name in parts:
        right = target - (total - p.value)
        note, slip = slip_note(p.text, show(right))
        if slip:
            found.append((p, name, right, note, slip))
    return found


def _candidates(ctx: Context, slips: list[tuple]) -> str:
    if not slips:
        return ""
    listed = "，或".join(
        f"{ctx.doc.cite(p.line, p.start)}的{p.text}（应为{show(right)}，{SLIP_TEXT[slip]}）"
        for p, _, right, _, slip in slips[:3]
    )
    return f"；若是笔误，可能是{listed}"


def _difference(total: Fraction | int, target: Fraction | int, unit: str) -> str:
    return f"{'多' if total > target else '少'}{show(abs(Fraction(total) - Fraction(target)))}{unit}"


def _unit_list(out: _Out, u: pt.UnitList) -> None:
    ctx = out.ctx
    concept = pt.STAFF if u.kind == "staff" else u.section
    if u.total is not None:
        target, where = u.total.value, f"本行所列{u.total.text}"
    elif concept is not None and ctx.value.get(concept) is not None:
        target, where = (
            ctx.value[concept],
            f"{ctx.label(concept)}{show(ctx.value[concept])}（{ctx.basis(concept, u.line)}）",
        )
    else:
        return
    total = sum(e.printed.value for e in u.entries)
    what = {"staff": "人数", "inspections": "检查家数", "workdays": ctx.label(concept) if concept else "工作日"}[u.kind]
    out.ran.append(f"{ctx.doc.cite(u.line, u.entries[0].printed.start)}各执法单位{what}之和")
    if total == target:
        return
    unit = {"staff": "人", "inspections": "家", "workdays": "个工作日"}[u.kind]
    slips = _slips([(e.printed, e.unit) for e in u.entries], target, total)
    if len(slips) == 1:
        p, name, right, note, slip = slips[0]
        out.add(
            "sums",
            ERROR,
            f"“{name}”为{p.text}{unit}，按{where}减去其余各单位应为{show(right)}{unit}{note}",
            p.line,
            p.start,
            p.end,
            slip,
        )
        return
    expression = "+".join(e.printed.text for e in u.entries)
    what = {
        "staff": "各执法单位人数之和",
        "inspections": "各执法单位检查家数之和",
        "workdays": f"各执法单位{ctx.label(concept) if concept else '工作日'}之和",
    }[u.kind]
    out.add(
        "sums",
        ERROR,
        f"{what}{expression}={show(total)}{unit}，比{where}{_difference(total, target, unit)}{_candidates(ctx, slips)}",
        u.line,
        u.entries[0].printed.start,
        u.entries[-1].printed.end,
    )


def check_identities(ctx: Context) -> Checked:
    out = _Out(ctx)
    printed = {f.relation for f in ctx.doc.formulas if f.relation is not None}
    v = ctx.value
    for r in _IDENTITIES:
        if r in printed:
            continue  # the printed formula was checked, operand by operand
        concepts = (r.result, *r.operands)
        missing = [c for c in concepts if v.get(c) is None]
        if missing:
            if len(missing) < len(concepts):
                out.unchecked.append(
                    f"未找到{'、'.join(ctx.label(c) for c in missing)}，未核对{ctx.label(r.result)}={_relation_text(r)}"
                )
            continue
        solved = solve(r, v, r.result)
        if solved is None:
            continue
        expected, text = solved
        out.ran.append(f"{ctx.label(r.result)}={_relation_text(r)}")
        if expected == v[r.result]:
            continue
        blame, note, slip = (r.result,), "", None
        for c in concepts:  # a figure that reads as a slip of the one the identity needs
            solved, m = solve(r, v, c), ctx.primary(c)
            if solved and m and (found := digit_slip(m.printed.text, show(solved[0]))):
                blame, slip, note = (c,), found, slip_note(m.printed.text, show(solved[0]))[0]
                break
        out.add_at(
            r.rule,
            ERROR,
            f"{ctx.label(r.result)}{show(v[r.result])}与{_relation_text(r)}={text}={show(expected)}不符{note}",
            blame + concepts,
            slip,
        )
    return out.result()


def _relation_text(r: pt.Relation) -> str:
    return pt.join_terms([pt.LABELS.get(c, c) for c in r.operands], r.ops)


def check_staff_and_days(ctx: Context) -> Checked:
    out = _Out(ctx)
    v = ctx.value
    staff, headcount = v.get(pt.STAFF), v.get(pt.HEADCOUNT)
    if staff is not None and headcount is not None:
        out.ran.append("执法人员数不超过在册定编人数")
    if staff is not None and headcount is not None and staff > headcount:
        out.add_at(
            "totals",
            ERROR,
            f"纳入计算的执法人员{show(staff)}人，超过在册定编人数{show(headcount)}人",
            (pt.STAFF, pt.HEADCOUNT),
        )
    ratios = []
    for days, wd, count, word in (
        (pt.DAYS_KEY, pt.KEY_WD, pt.KEY, "重点"),
        (pt.DAYS_GENERAL, pt.GENERAL_WD, pt.GENERAL, "一般"),
    ):
        d, workdays, n = v.get(days), v.get(wd), v.get(count)
        if workdays is None or n is None:
            continue
        if d is None:
            if n:
                ratios.append(f"{word}检查{show(workdays)}个工作日÷{show(n)}家={show(workdays / n)}")
            continue
        out.ran.append(f"{word}检查家数×每家工作日={word}检查工作日")
        expected_n = math.floor(workdays / d) if count == pt.GENERAL else n
        expected_wd = math.ceil(n * d) if count == pt.KEY else None
        if (expected_wd is not None and expected_wd != workdays) or expected_n != n:
            out.add_at(
                "split",
                ERROR,
                f"{word}检查{show(n)}家×每家{show(d)}个工作日={show(n * d)}个工作日，"
                f"与{word}检查工作日{show(workdays)}个不符",
                (wd, count, days),
            )
    if ratios:
        out.unchecked.append(
            "计划未写明每家检查所需工作日（" + "，".join(ratios) + "），未核对检查家数与工作日的对应关系"
        )
    return out.result()


def check_percentages(ctx: Context) -> Checked:
    out = _Out(ctx)
    v = ctx.value
    for p in ctx.doc.percentages:
        num_concept = pt.SHARES[p.share][0] if p.share else None
        numerator = p.numerator.value if p.numerator else (v.get(num_concept) if num_concept else None)
        denominator = v.get(p.denominator) if p.denominator else None
        shown = p.printed.shown
        if numerator is None or denominator is None:
            if p.denominator is None or (p.numerator is None and num_concept is None):
                why = "未能确定是哪两个数之比"
            else:
                why = f"未找到{ctx.label(p.denominator if denominator is None else num_concept)}"
            out.unchecked.append(f"{ctx.doc.cite(p.printed.line, p.printed.start)}的{shown}：{why}，未核对")
            continue
        if denominator == 0:
            continue
        out.ran.append(f"{ctx.doc.cite(p.printed.line, p.printed.start)}的{shown}")
        true = Fraction(numerator) / denominator
        if within_precision(p.printed.value, true, p.printed.places):
            continue
        right = pct(true, p.printed.places - 2)
        note, slip = slip_note(p.printed.text, right.rstrip("%"))
        num_text = p.numerator.text if p.numerator else show(numerator)
        of = num_concept or next((m.concept for m in ctx.mentions_at(p.numerator)), None)
        names = f"（{ctx.label(of) + '÷' if of else '分母为'}{ctx.label(p.denominator)}）"
        out.add(
            "percentage",
            ERROR,
            f"{shown}与所列数字不符：{num_text}÷{show(denominator)}={right}{names}{note}",
            p.printed.line,
            p.printed.start,
            p.printed.end,
            slip,
        )
    return out.result()


def check_shares(ctx: Context) -> Checked:
    out = _Out(ctx)
    v = ctx.value
    minimum = v.get(pt.KEY_SHARE_MIN)
    if minimum is not None and minimum < KEY_SHARE_FLOOR and (m := ctx.primary(pt.KEY_SHARE_MIN)) is not None:
        out.add(
            "key_share",
            WARNING,
            f"重点检查最低比例写作{pct(minimum, 0)}，低于编制办法要求的60%",
            m.line,
            m.printed.start,
            m.printed.end,
        )
    random = v.get(pt.RANDOM_SHARE_MIN)
    if random is not None:
        out.ran.append("“双随机”抽查比例不低于80%")
    if random is not None and random < RANDOM_SHARE_FLOOR and (m := ctx.primary(pt.RANDOM_SHARE_MIN)) is not None:
        out.add(
            "random", ERROR, f"“双随机”抽查比例写作{pct(random, 0)}，低于80%", m.line, m.printed.start, m.printed.end
        )
    key, general, planned = v.get(pt.KEY), v.get(pt.GENERAL), v.get(pt.PLANNED)
    if planned is None and key is not None and general is not None:
        planned = key + general
    if key is None or not planned:
        out.unchecked.append("未找到重点检查家数或计划检查家数，未核对重点检查占比")
        return out.result()
    floor = KEY_SHARE_FLOOR if minimum is None else minimum
    out.ran.append(f"重点检查占比不低于{pct(floor, 0)}")
    share = Fraction(key) / planned
    if share >= floor:
        return out.result()
    message = f"重点检查{show(key)}家÷计划检查{show(planned)}家={pct(share)}，低于{pct(floor, 0)}"
    stated = next((p.printed for p in ctx.doc.percentages if p.share == pt.KEY_SHARE), None)
    if stated:  # on the line that claims the share
        out.add("key_share", ERROR, message, stated.line, stated.start, stated.end)
    else:
        out.add_at("key_share", ERROR, message, (pt.KEY, pt.PLANNED))
    return out.result()


TEXT_CHECKS = (
    check_formulas,
    check_mentions,
    check_calendar,
    check_sums,
    check_identities,
    check_staff_and_days,
    check_percentages,
    check_shares,
)  # each a pure function of the settled text
CHECK_NAMES = {  # check -> (id in the JSON, Chinese name in the report)
    check_formulas: ("formulas", "算式重算"),
    check_mentions: ("consistency", "前后一致"),
    check_calendar: ("calendar", "日历与法定假日"),
    check_sums: ("sums", "各项与各单位之和"),
    check_identities: ("chain", "测算链"),
    check_staff_and_days: ("staff_and_days", "人数与每家检查工作日"),
    check_percentages: ("percentages", "百分比"),
    check_shares: ("shares", "检查比例下限"),
}


def _figures(ctx: Context) -> list[dict]:
    rows = []
    for concept in pt.LABELS:
        if concept not in ctx.value:
            continue
        m = ctx.primary(concept)
        mentions = sorted(ctx.mentions.get(concept, ()), key=lambda x: (x.line, x.printed.start))
        percent = concept in pt.PERCENT_CONCEPTS
        places = m.printed.places if m else None
        rows.append(
            {
                "key": concept,
                "label": ctx.label(concept),
                "value": json_value(ctx.value[concept]),
                "shown": show(ctx.value[concept], places, percent) + ("" if percent else ctx.unit(concept)),
                **_place(ctx, m.printed if m else None),
                "lines": sorted({ctx.doc.origin(x.line, x.printed.start).line for x in mentions}),
                "mentions": [ctx.doc.cite(x.line, x.printed.start) for x in mentions],
            }
        )
    return rows


def _place(ctx: Context, printed: pt.Printed | None) -> dict:
    """Where a figure is printed, as the JSON gives it: ``line`` (the file's), ``page`` (a PDF's),
    ``where`` (``第25行``, ``第5页第12行``; None for a figure only derived from others)."""
    if printed is None:
        return {"line": None, "where": None}
    at = ctx.doc.origin(printed.line, printed.start)
    return {**({"page": at.page} if at.page is not None else {}), "line": at.line, "where": at.cite()}


def _formula_rows(ctx: Context) -> list[dict]:
    rows = []
    for f in ctx.doc.formulas:
        computed = evaluate([p.value for p in f.operands], f.ops)
        rows.append(
            {
                **_place(ctx, f.result),
                "text": f.text,
                "result": json_value(f.result.value),
                "computed": json_value(computed),
                "holds": computed is not None and holds(f.result, computed, f.ops),
                "concept": f.result_concept,
            }
        )
    return rows


def _chain_rows(ctx: Context) -> list[dict]:
    """The calculation chain as read: each figure, where the plan prints it (with the printed
    line) or how it was derived, or that it was not found."""
    rows = []
    for concept in CHAIN:
        m = ctx.primary(concept)
        value = ctx.value.get(concept)
        row: dict = {"key": concept, "label": ctx.label(concept), "value": json_value(value)}
        row["shown"] = show(value) + ctx.unit(concept) if value is not None else None
        if m is not None:
            row |= {"read": "stated", **_place(ctx, m.printed), "excerpt": ctx.doc.excerpt(m.line, m.printed.start)}
        elif value is not None:
            row |= {"read": "derived", "line": None, "where": ctx.basis(concept)}
        else:
            row |= {"read": "missing", "line": None, "where": None}
        rows.append(row)
    return rows


def _check_rows(checked: list[Checked]) -> list[dict]:
    """Which checks ran on what, and which could not run and why."""
    rows = []
    for check, c in zip(TEXT_CHECKS, checked, strict=True):
        rule, label = CHECK_NAMES[check]
        ran = list(dict.fromkeys(c.ran))
        rows.append({"check": rule, "label": label, "ran": bool(ran), "checked": ran, "not_checked": list(c.unchecked)})
    return rows


def audit_text(doc: pt.PlanText) -> Audit:
    """Recompute every figure of a plan's text and report each inconsistency by line."""
    if not doc.mentions and not doc.formulas:
        raise InputError(
            doc.source or "文本", "未找到工作日测算的内容（如“国家法定工作日”“总法定工作日”或算式），无法核查"
        )
    ctx = settle(doc)
    checked = [check(ctx) for check in TEXT_CHECKS]
    findings: list[Finding] = [f for c in checked for f in c.findings]
    unchecked = ctx.unchecked + [u for c in checked for u in c.unchecked]
    year = ctx.value.get(pt.YEAR)
    return Audit(
        source=doc.source,
        kind="text",
        findings=sorted_findings(findings),
        figures=_figures(ctx),
        unchecked=list(dict.fromkeys(unchecked)),
        authority=doc.authority,
        year=int(year) if year is not None else None,
        lines=doc.file_lines,
        formulas=_formula_rows(ctx),
        notes=list(doc.notes),
        chain=_chain_rows(ctx),
        checks=_check_rows(checked),
        missing=[c for c in CORE_CHAIN if c not in ctx.mentions],
        pages=doc.pages,
    )
