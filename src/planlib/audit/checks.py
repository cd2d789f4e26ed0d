"""``planlib audit``: check a plan's published figures against each other and the method.

Published plans carry real mistakes: an operand transposed in a printed formula, a digit
dropped or two digits swapped, items that do not add up to their heading, percentages that
do not match their own figures, a holiday count no law ever set. Reviewers need each one
pointed at by line.

For a plan's text (.txt, .md, .docx; read by :mod:`planlib.audit.plantext`) every figure is
recomputed:

1. Each concept (国家法定工作日, 总法定工作日, …) gets one settled value by a vote: every
   mention of it counts once, and so does every value a relation of the method derives
   from the other figures (251 from 366−104−11 and from 8785÷35; 3090 from the items).
   Ties go to a derived value, then to a heading or sentence over a formula's operand, then
   to the earlier line. A single slip is thus outvoted by the figures around it.
2. Findings: a printed formula is re-evaluated and its operands compared with the settled
   values (``operand``, ``formula``); any other mention that disagrees is ``consistency``;
   the items of a heading must add up to it (``sums``); the per-person figure must be the
   calendar count of the year (``calendar``) and the holiday count a law's (``holidays``);
   the chain's identities must hold (``totals``, ``chain``, ``split``); each stated
   percentage must match its figures to the precision printed (``percentage``); the key
   share must reach its minimum (``key_share``). Where a wrong figure looks like the right
   one with a digit dropped, added or two adjacent digits swapped, the message says so and
   the finding carries ``slip``.

What cannot be checked for want of a figure is listed as ``unchecked``, never passed over.

For a workbook (.xlsx) the plan is loaded, computed and checked as ``planlib check`` does,
and the figures of the optional ``填报核对`` sheet (what the published plan states; see
docs/audit.md) are compared with the computed ones.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from planlib.audit import plantext as pt
from planlib.audit.formats import DOCUMENT_SUFFIXES
from planlib.core.calendar import CalendarError, statutory_holidays_by_law, year_calendar
from planlib.io.contract import json_number
from planlib.errors import InputError
from planlib.core.rules import (
    ERROR, INFO, KEY_SHARE_FLOOR, RANDOM_SHARE_FLOOR, SEVERITIES, SEVERITY_LABELS, WARNING, Finding, fixed, holidays_law_text, pct, rule_label,
)

SHEET_STATED = "填报核对"
TEXT_SUFFIXES = DOCUMENT_SUFFIXES


@dataclass(frozen=True)
class AuditFinding(Finding):
    """A finding in a plan's text (``line``, ``excerpt``) or its 填报核对 sheet (``where``)."""

    line: int | None = None  # 1-based line of the text (paragraph of a .docx)
    excerpt: str | None = None
    slip: str | None = None  # DIGITS_SWAPPED, DIGIT_DROPPED or DIGIT_ADDED

    def as_dict(self) -> dict:
        data = {"rule": self.rule, "severity": self.severity, "message": self.message}
        if self.line is not None:
            data["line"] = self.line
            if self.excerpt is not None:
                data["excerpt"] = self.excerpt
        else:
            data["where"] = self.where
        if self.slip:
            data["slip"] = self.slip
        return data

    @property
    def place(self) -> str:
        return f"第{self.line}行" if self.line is not None else self.where


# --- Digit slips ---------------------------------------------------------------------------------

DIGITS_SWAPPED, DIGIT_DROPPED, DIGIT_ADDED = "digits_swapped", "digit_dropped", "digit_added"
SLIP_TEXT = {DIGITS_SWAPPED: "相邻两位数字颠倒", DIGIT_DROPPED: "漏写了一位数字", DIGIT_ADDED: "多写了一位数字"}


def _digits(text: str) -> str:
    return "".join(ch for ch in str(text) if ch.isdigit())


def digit_slip(printed: str, intended: str) -> str | None:
    """How ``printed`` could be a slip of the pen for ``intended`` (8758 for 8785: swapped)."""
    a, b = _digits(printed), _digits(intended)
    if not a or not b or a == b:
        return None
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and (a[diff[0]], a[diff[1]]) == (b[diff[1]], b[diff[0]]):
            return DIGITS_SWAPPED
    elif len(a) == len(b) - 1 and any(b[:i] + b[i + 1:] == a for i in range(len(b))):
        return DIGIT_DROPPED
    elif len(a) == len(b) + 1 and any(a[:i] + a[i + 1:] == b for i in range(len(a))):
        return DIGIT_ADDED
    return None


def _slip_note(printed: str, intended: str) -> tuple[str, str | None]:
    slip = digit_slip(printed, intended)
    return (f"；{printed}疑为{intended}之误（{SLIP_TEXT[slip]}）" if slip else ""), slip


# --- Numbers as shown --------------------------------------------------------------------------


def show(value: Fraction | int | None, places: int | None = None, percent: bool = False) -> str:
    """A value as a plan prints it: whole numbers plainly, shares as percentages."""
    if value is None:
        return "—"
    value = Fraction(value)
    if percent:
        return pct(value, max(0, (places if places is not None else 4) - 2))
    if places:
        return fixed(value, places)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.4g}"


def _json_value(value: Fraction | None) -> int | float | None:
    return None if value is None else json_number(value)


def within_precision(stated: Fraction, true: Fraction, places: int) -> bool:
    """A stated decimal matches ``true`` to the places printed (half a unit of the last place)."""
    return abs(Fraction(stated) - Fraction(true)) <= Fraction(1, 2 * 10**places)


# --- The outcome ---------------------------------------------------------------------------------


@dataclass
class Audit:
    """What ``planlib audit`` found in one plan."""

    source: str
    kind: str  # "text" or "workbook"
    findings: list[Finding]
    figures: list[dict]  # the figures read and their settled values, for the report
    unchecked: list[str] = field(default_factory=list)
    authority: str | None = None
    year: int | None = None
    lines: int | None = None
    formulas: list[dict] = field(default_factory=list)
    plan: dict | None = None  # a workbook's computed plan (the contract JSON)
    notes: list[str] = field(default_factory=list)  # how the text was read (rebuilt lines, conversion)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == ERROR for f in self.findings)

    def counts(self) -> dict[str, int]:
        return {s: sum(f.severity == s for f in self.findings) for s in SEVERITIES}

    def as_dict(self) -> dict:
        data = {
            "source": self.source, "kind": self.kind, "authority": self.authority, "year": self.year,
            "summary": self.counts(),
            "findings": [f.as_dict() for f in self.findings],
            "figures": self.figures,
            "unchecked": self.unchecked,
        }
        if self.notes:
            data["notes"] = self.notes
        if self.kind == "text":
            data["lines"] = self.lines
            data["formulas"] = self.formulas
        if self.plan is not None:
            data["plan"] = self.plan
        return data


def _sorted(findings: list[Finding]) -> list[Finding]:
    unique = list(dict.fromkeys(findings))
    return sorted(unique, key=lambda f: (SEVERITIES.index(f.severity), getattr(f, "line", None) or 0))


# --- Arithmetic of printed formulas ---------------------------------------------------------------


def evaluate(values: list[Fraction], ops: str) -> Fraction | None:
    """``values`` joined by ``ops`` (- + × ÷), products before sums; None on division by zero."""
    terms = [Fraction(values[0])]
    for op, v in zip(ops, values[1:]):
        if op == "×":
            terms[-1] *= v
        elif op == "÷":
            if v == 0:
                return None
            terms[-1] /= v
        else:
            terms.append(Fraction(v) if op == "+" else -Fraction(v))
    return sum(terms)


def _holds(result: pt.Printed, computed: Fraction, ops: str) -> bool:
    if result.places:  # a percentage or a decimal: to the places printed
        return within_precision(result.value, computed, result.places)
    if "÷" in ops:  # a whole count from a division: rounded either way
        return abs(computed - result.value) < 1
    return computed == result.value


def _expr(values: list, ops: str) -> str:
    return pt.join_terms([show(v) for v in values], ops)


# --- Auditing a text -------------------------------------------------------------------------------

_VOTING = tuple(r for r in pt.RELATIONS if r.result not in pt.SHARES and r.result != pt.GENERAL_WD)
_IDENTITIES = tuple(r for r in pt.RELATIONS if r.rule in ("totals", "chain") or r.result in (pt.INSPECTION, pt.PLANNED))


def _solve(relation: pt.Relation, values: dict, target: str) -> tuple[Fraction, str] | None:
    """``target``'s value from the relation's other figures, with the arithmetic shown."""
    concepts = (relation.result, *relation.operands)
    if target not in concepts or any(values.get(c) is None for c in concepts if c != target):
        return None
    ops = relation.ops
    if set(ops) <= {"+", "-"}:
        signs = [1] + [1 if op == "+" else -1 for op in ops]
        operands = [values.get(c) for c in relation.operands]
        if target == relation.result:
            return evaluate(operands, ops), _expr(operands, ops)
        i = relation.operands.index(target)
        rest = [(s, v) for j, (s, v) in enumerate(zip(signs, operands)) if j != i]
        result = values[relation.result]
        if signs[i] == 1:
            value = result - sum(s * v for s, v in rest)
            text = show(result) + "".join(("-" if s == 1 else "+") + show(v) for s, v in rest)
        else:
            value = sum(s * v for s, v in rest) - result
            text = show(rest[0][1]) + "".join(("+" if s == 1 else "-") + show(v) for s, v in rest[1:]) + "-" + show(result)
        return value, text
    if ops == "×":
        a, b = (values.get(c) for c in relation.operands)
        if target == relation.result:
            return a * b, f"{show(a)}×{show(b)}"
        other = b if target == relation.operands[0] else a
        if not other:
            return None
        value = Fraction(values[relation.result]) / other
        return (value, f"{show(values[relation.result])}÷{show(other)}") if value.denominator == 1 else None
    return None


class _TextAudit:
    """The checks of one plan text; ``value`` holds each concept's settled value."""

    def __init__(self, doc: pt.PlanText):
        self.doc = doc
        self.findings: list[Finding] = []
        self.unchecked: list[str] = []
        self.mentions: dict[str, list[pt.Mention]] = {}
        for m in doc.mentions:
            self.mentions.setdefault(m.concept, []).append(m)
        self.derived: dict[str, list[tuple[Fraction, str]]] = {}
        self.value: dict[str, Fraction] = {}
        self.calendar = None

    # -- settling values

    def _sums(self) -> dict[str, list[tuple[Fraction, str]]]:
        sums: dict[str, list[tuple[Fraction, str]]] = {}
        for s in self.doc.sections:
            figures = [i.printed.value for i in s.items if i.printed]
            if s.concept in (pt.OTHER, pt.NON, pt.KEY) and figures:
                sums.setdefault(s.concept, []).append((sum(figures), "各项之和"))
        for u in self.doc.unit_lists:
            target = pt.STAFF if u.kind == "staff" else u.section
            total_is_concept = u.total is None or any(
                m.printed == u.total for m in self.mentions.get(target or "", ()))
            if target in (pt.STAFF, pt.GENERAL, pt.KEY) and total_is_concept:
                sums.setdefault(target, []).append((sum(e.printed.value for e in u.entries), "各执法单位之和"))
        return sums

    def voting(self) -> list[pt.Relation]:
        """The relations that derive figures: the calendar with 调休 only when the text has it,
        key workdays only when the days per key inspection are stated."""
        relations = []
        for r in _VOTING:
            if r.result == pt.PER_PERSON and (pt.MAKEUP in r.operands) != (pt.MAKEUP in self.mentions):
                continue
            if r.result == pt.KEY_WD and pt.DAYS_KEY not in self.mentions:
                continue
            relations.append(r)
        return relations

    def _derive(self, values: dict, relations: list[pt.Relation]) -> dict[str, list[tuple[Fraction, str]]]:
        derived = {c: list(v) for c, v in self._sums().items()}
        for r in relations:
            for target in (r.result, *r.operands):
                if (solved := _solve(r, values, target)) is not None:
                    derived.setdefault(target, []).append((solved[0], f"按{solved[1]}计算"))
        return derived

    def settle(self) -> None:
        values = pt.majority(self.doc.mentions)
        relations = self.voting()
        for _ in range(3):  # fill a figure the text never states from the others (e.g. planned = key + general)
            for r in relations:
                if values.get(r.result) is None and (solved := _solve(r, values, r.result)):
                    values[r.result] = solved[0]
        self.derived = self._derive(values, relations)
        year = values.get(pt.YEAR)
        if year is not None and year.denominator == 1:
            try:
                self.calendar = year_calendar(int(year))
            except CalendarError:
                self.unchecked.append(f"{year}年超出日历支持范围，未核对国家法定工作日")
        for concept in set(self.mentions) | set(self.derived):
            votes = Counter(m.value for m in self.mentions.get(concept, ()))
            for v, _ in self.derived.get(concept, ()):
                votes[v] += 1
            derived = {v for v, _ in self.derived.get(concept, ())}
            first = pt.first_said(self.mentions.get(concept, ()))
            calendar = self._calendar_counts() if concept == pt.PER_PERSON else set()
            self.value[concept] = max(votes, key=lambda v: (
                votes[v], v in derived, v in calendar, tuple(-x for x in first.get(v, (9, 10**9)))))

    def _calendar_counts(self) -> set[int]:
        if self.calendar is None:
            return set()
        counts = {self.calendar.workdays_per_person}
        if (official := self._official()) is not None:
            counts.add(official)
        return counts

    def _official(self) -> int | None:
        try:
            return year_calendar(self.calendar.year, "official").workdays_per_person
        except (CalendarError, ImportError):
            return None

    # -- where figures are stated

    def primary(self, concept: str) -> pt.Mention | None:
        """The mention to point at for a concept: its settled value, headings and sentences first."""
        value = self.value.get(concept)
        ms = [m for m in self.mentions.get(concept, ()) if m.value == value] or self.mentions.get(concept, [])
        if concept == pt.PER_PERSON:
            results = [m for m in ms if m.role == pt.RESULT]
            ms = results or ms
        return min(ms, key=lambda m: (pt.ROLE_PRIORITY[m.role], m.line), default=None)

    def basis(self, concept: str, not_line: int | None = None) -> str:
        """Where the settled value comes from: ``第25行`` or ``按各项之和计算``."""
        value = self.value.get(concept)
        lines = sorted({m.line for m in self.mentions.get(concept, ()) if m.value == value and m.line != not_line})
        if lines:
            return "、".join(f"第{n}行" for n in lines[:3])
        for v, how in self.derived.get(concept, ()):
            if v == value:
                return how
        return "文中其他各处"

    def label(self, concept: str) -> str:
        return pt.LABELS.get(concept, concept)

    def unit(self, concept: str) -> str:
        return pt.UNIT_OF.get(concept, "")

    def add(self, rule: str, severity: str, message: str, line: int, start: int | None = None,
            end: int | None = None, slip: str | None = None) -> None:
        self.findings.append(AuditFinding(rule, severity, message, f"第{line}行", line,
                                          self.doc.excerpt(line, start, end), slip))

    def add_at(self, rule: str, severity: str, message: str, concepts: tuple[str, ...],
               slip: str | None = None) -> int:
        """A finding on the line of the first of ``concepts`` the text states (a figure only
        derived from others has no line of its own); returns the line."""
        m = next((m for c in concepts if (m := self.primary(c)) is not None), None)
        line = m.line if m else min(x.line for x in self.doc.mentions)
        self.add(rule, severity, message, line, m.printed.start if m else None, m.printed.end if m else None, slip)
        return line

    # -- the checks

    def check_formulas(self) -> None:
        for f in self.doc.formulas:
            self._formula(f)

    def _formula(self, f: pt.Formula) -> None:
        values = [p.value for p in f.operands]
        computed = evaluate(values, f.ops)
        printed_ok = computed is not None and _holds(f.result, computed, f.ops)
        voted = f.relation is None or f.relation.result not in pt.SHARES
        issues, slip, wrong = [], None, []
        if voted:
            for concept, p in zip(f.operand_concepts, f.operands):
                settled = self.value.get(concept) if concept else None
                if settled is not None and p.value != settled:
                    wrong.append((concept, p, settled))
        if wrong:
            settled_values = {c: v for c, _, v in wrong}
            for concept, p, settled in wrong:
                note, s = _slip_note(p.text, show(settled))
                slip = slip or s
                issues.append(f"{self.label(concept)}应为{show(settled)}（{self.basis(concept, f.line)}），"
                              f"此处为{p.text}{note}")
            pairs = {tuple(sorted((c, d))) for c, p, _ in wrong for d, q, v in wrong
                     if c != d and p.value == v and q.value == settled_values[c]}
            for c, d in sorted(pairs):
                issues.append(f"{self.label(c)}与{self.label(d)}两个运算数位置颠倒")
            if not printed_ok and computed is not None:
                issues.append(f"且按所列数字{f.expression}={show(computed, f.result.places, f.result.percent)}，"
                              f"与结果{f.result.shown}不符")
            elif f.result_concept and self.value.get(f.result_concept) not in (None, f.result.value):
                issues.append(f"结果{f.result.shown}随之与{self.label(f.result_concept)}"
                              f"{show(self.value[f.result_concept])}（{self.basis(f.result_concept, f.line)}）不符")
            self.add("operand", ERROR, f"算式“{f.text}”中的运算数与文中其他处不一致：" + "；".join(issues),
                     f.line, f.start, f.end, slip)
            return
        if not printed_ok:
            if computed is None:
                self.add("formula", ERROR, f"算式“{f.text}”无法计算（除数为0）", f.line, f.start, f.end)
                return
            right = show(computed, f.result.places, f.result.percent)
            note, slip = _slip_note(f.result.shown, right)
            self.add("formula", ERROR, f"算式“{f.text}”计算有误：{f.expression}={right}，文中写作{f.result.shown}{note}",
                     f.line, f.start, f.end, slip)
            return
        if voted and f.result_concept and self.value.get(f.result_concept) not in (None, f.result.value):
            settled = self.value[f.result_concept]
            note, slip = _slip_note(f.result.text, show(settled))
            self.add("consistency", ERROR,
                     f"{self.label(f.result_concept)}在此为{f.result.shown}，与{self.basis(f.result_concept, f.line)}的"
                     f"{show(settled)}不一致{note}", f.line, f.start, f.end, slip)

    def check_mentions(self) -> None:
        for concept, ms in self.mentions.items():
            settled = self.value.get(concept)
            for m in ms:
                if m.formula is not None or settled is None or m.value == settled:
                    continue
                note, slip = _slip_note(m.printed.text, show(settled))
                self.add("consistency", ERROR,
                         f"{self.label(concept)}在此为{m.printed.shown}{self.unit(concept)}，与{self.basis(concept, m.line)}的"
                         f"{show(settled)}{self.unit(concept)}不一致{note}",
                         m.line, m.printed.start, m.printed.end, slip)

    def check_calendar(self) -> None:
        v = self.value
        if self.calendar is None:
            if v.get(pt.YEAR) is None:
                self.unchecked.append("未找到计划年度，未核对国家法定工作日与法定假日")
            return
        cal, year = self.calendar, self.calendar.year
        law = statutory_holidays_by_law(year)
        holidays = v.get(pt.HOLIDAYS)
        if holidays is not None and holidays != law and (m := self.primary(pt.HOLIDAYS)) is not None:
            text = f"法定假日写作{show(holidays)}天，" + holidays_law_text(holidays, year)  # as check says it
            self.add("holidays", ERROR, text, m.line, m.printed.start, m.printed.end)
        notes = []
        for concept, real in ((pt.DAYS, cal.days), (pt.WEEKEND_DAYS, cal.weekend_days)):
            if v.get(concept) is not None and v[concept] != real:
                notes.append((concept, f"文中{self.label(concept)}为{show(v[concept])}天，{year}年实有{real}天"))
        per_person = v.get(pt.PER_PERSON)
        official = self._official()
        merged_line = None  # the line whose calendar finding already names the misstated parts
        if per_person is None:
            self.unchecked.append("未找到国家法定工作日，未核对日历")
        elif per_person in (cal.workdays_per_person, official):
            if per_person != cal.workdays_per_person:
                self.add_at("calendar", INFO,
                            f"国家法定工作日{show(per_person)}天按国务院办公厅{year}年放假安排（含调休）计算；"
                            f"按公式{cal.days}-{cal.weekend_days}-{cal.statutory_holidays}为{cal.workdays_per_person}天",
                            (pt.PER_PERSON,))
        else:
            right = cal.workdays_per_person
            text = (f"国家法定工作日为{show(per_person)}天，按{year}年日历应为"
                    f"{cal.days}-{cal.weekend_days}-{cal.statutory_holidays}={right}天")
            if official is not None and official != right:
                text += f"（按国务院办公厅放假安排为{official}天）"
            text += f"；{show(per_person)}天相当于法定假日{show(cal.days - cal.weekend_days - per_person)}天"
            text += "".join(f"；{note}" for _, note in notes)
            slip_text, slip = _slip_note(show(per_person), str(right))
            merged_line = self.add_at("calendar", ERROR, text + slip_text,
                                      (pt.PER_PERSON, pt.DAYS, pt.WEEKEND_DAYS, pt.HOLIDAYS), slip)
        for concept, note in notes:
            n = self.primary(concept)
            if n is not None and n.line != merged_line:
                self.add("calendar", ERROR, note, n.line, n.printed.start, n.printed.end)

    def check_sums(self) -> None:
        for s in self.doc.sections:
            if s.concept not in (pt.OTHER, pt.NON, pt.KEY):
                continue
            items = [i for i in s.items if i.printed]
            target = self.value.get(s.concept)
            if not items or target is None:
                continue
            total = sum(i.printed.value for i in items)
            if total == target:
                continue
            heading = self.primary(s.concept)
            where = f"第{heading.line}行" if heading else self.basis(s.concept)
            slips = self._slips([(i.printed, i.name) for i in items], target, total)
            unit = self.unit(s.concept)
            if len(slips) == 1:
                p, name, right, note, slip = slips[0]
                self.add("sums", ERROR,
                         f"“{name}”为{p.text}{unit}，但{self.label(s.concept)}合计{show(target)}{unit}（{where}）"
                         f"减去其余各项应为{show(right)}{unit}{note}", p.line, p.start, p.end, slip)
                continue
            expression = "+".join(i.printed.text for i in items)
            line = heading.line if heading else s.line
            where = "" if heading else f"（{where}）"  # the finding stands on the heading itself
            self.add("sums", ERROR,
                     f"{self.label(s.concept)}各项之和{expression}={show(total)}{unit}，比合计{show(target)}{unit}{where}"
                     f"{self._difference(total, target, unit)}{self._candidates(slips)}", line,
                     heading.printed.start if heading else None, heading.printed.end if heading else None)
        for u in self.doc.unit_lists:
            self._unit_list(u)

    @staticmethod
    def _slips(parts: list[tuple[pt.Printed, str]], target: Fraction, total: Fraction) -> list[tuple]:
        """The parts that, read as a digit slip of the figure the sum needs, make it come out."""
        found = []
        for p, name in parts:
            right = target - (total - p.value)
            note, slip = _slip_note(p.text, show(right))
            if slip:
                found.append((p, name, right, note, slip))
        return found

    @staticmethod
    def _candidates(slips: list[tuple]) -> str:
        if not slips:
            return ""
        listed = "，或".join(f"第{p.line}行的{p.text}（应为{show(right)}，{SLIP_TEXT[slip]}）"
                            for p, _, right, _, slip in slips[:3])
        return f"；若是笔误，可能是{listed}"

    @staticmethod
    def _difference(total: Fraction, target: Fraction, unit: str) -> str:
        return f"{'多' if total > target else '少'}{show(abs(total - target))}{unit}"

    def _unit_list(self, u: pt.UnitList) -> None:
        concept = pt.STAFF if u.kind == "staff" else u.section
        if u.total is not None:
            target, where = u.total.value, f"本行所列{u.total.text}"
        elif concept is not None and self.value.get(concept) is not None:
            target, where = self.value[concept], f"{self.label(concept)}{show(self.value[concept])}（{self.basis(concept, u.line)}）"
        else:
            return
        total = sum(e.printed.value for e in u.entries)
        if total == target:
            return
        unit = "人" if u.kind == "staff" else "家"
        slips = self._slips([(e.printed, e.unit) for e in u.entries], target, total)
        if len(slips) == 1:
            p, name, right, note, slip = slips[0]
            self.add("sums", ERROR, f"“{name}”为{p.text}{unit}，按{where}减去其余各单位应为{show(right)}{unit}{note}",
                     p.line, p.start, p.end, slip)
            return
        expression = "+".join(e.printed.text for e in u.entries)
        what = "各执法单位人数之和" if u.kind == "staff" else "各执法单位检查家数之和"
        self.add("sums", ERROR, f"{what}{expression}={show(total)}{unit}，比{where}{self._difference(total, target, unit)}"
                 f"{self._candidates(slips)}",
                 u.line, u.entries[0].printed.start, u.entries[-1].printed.end)

    def check_identities(self) -> None:
        printed = {f.relation for f in self.doc.formulas if f.relation is not None}
        v = self.value
        for r in _IDENTITIES:
            if r in printed:
                continue  # the printed formula was checked, operand by operand
            concepts = (r.result, *r.operands)
            missing = [c for c in concepts if v.get(c) is None]
            if missing:
                if len(missing) < len(concepts):
                    self.unchecked.append(f"未找到{'、'.join(self.label(c) for c in missing)}，"
                                          f"未核对{self.label(r.result)}={self._relation_text(r)}")
                continue
            expected, text = _solve(r, v, r.result)
            if expected == v[r.result]:
                continue
            blame, note, slip = (r.result,), "", None
            for c in concepts:  # a figure that reads as a slip of the one the identity needs
                solved, m = _solve(r, v, c), self.primary(c)
                if solved and m and (found := digit_slip(m.printed.text, show(solved[0]))):
                    blame, slip, note = (c,), found, _slip_note(m.printed.text, show(solved[0]))[0]
                    break
            self.add_at(r.rule, ERROR, f"{self.label(r.result)}{show(v[r.result])}与{self._relation_text(r)}"
                        f"={text}={show(expected)}不符{note}", blame + concepts, slip)

    def _relation_text(self, r: pt.Relation) -> str:
        return pt.join_terms([self.label(c) for c in r.operands], r.ops)

    def check_staff_and_days(self) -> None:
        v = self.value
        staff, headcount = v.get(pt.STAFF), v.get(pt.HEADCOUNT)
        if staff is not None and headcount is not None and staff > headcount:
            self.add_at("totals", ERROR, f"纳入计算的执法人员{show(staff)}人，超过在册定编人数{show(headcount)}人",
                        (pt.STAFF, pt.HEADCOUNT))
        ratios = []
        for days, wd, count, word in ((pt.DAYS_KEY, pt.KEY_WD, pt.KEY, "重点"), (pt.DAYS_GENERAL, pt.GENERAL_WD, pt.GENERAL, "一般")):
            d, workdays, n = v.get(days), v.get(wd), v.get(count)
            if workdays is None or n is None:
                continue
            if d is None:
                if n:
                    ratios.append(f"{word}检查{show(workdays)}个工作日÷{show(n)}家={show(workdays / n)}")
                continue
            expected_n = math.floor(workdays / d) if count == pt.GENERAL else n
            expected_wd = math.ceil(n * d) if count == pt.KEY else None
            if (expected_wd is not None and expected_wd != workdays) or expected_n != n:
                self.add_at("split", ERROR, f"{word}检查{show(n)}家×每家{show(d)}个工作日={show(n * d)}个工作日，"
                            f"与{word}检查工作日{show(workdays)}个不符", (wd, count, days))
        if ratios:
            self.unchecked.append("计划未写明每家检查所需工作日（" + "，".join(ratios) + "），未核对检查家数与工作日的对应关系")

    def check_percentages(self) -> None:
        v = self.value
        for p in self.doc.percentages:
            num_concept = pt.SHARES[p.share][0] if p.share else None
            numerator = p.numerator.value if p.numerator else v.get(num_concept)
            denominator = v.get(p.denominator) if p.denominator else None
            shown = p.printed.shown
            if numerator is None or denominator is None:
                if p.denominator is None or (p.numerator is None and num_concept is None):
                    why = "未能确定是哪两个数之比"
                else:
                    why = f"未找到{self.label(p.denominator if denominator is None else num_concept)}"
                self.unchecked.append(f"第{p.printed.line}行的{shown}：{why}，未核对")
                continue
            if denominator == 0:
                continue
            true = Fraction(numerator) / denominator
            if within_precision(p.printed.value, true, p.printed.places):
                continue
            right = pct(true, p.printed.places - 2)
            note, slip = _slip_note(p.printed.text, right.rstrip("%"))
            num_text = p.numerator.text if p.numerator else show(numerator)
            self.add("percentage", ERROR, f"{shown}与所列数字不符：{num_text}÷{show(denominator)}={right}{note}",
                     p.printed.line, p.printed.start, p.printed.end, slip)

    def check_shares(self) -> None:
        v = self.value
        minimum = v.get(pt.KEY_SHARE_MIN)
        if minimum is not None and minimum < KEY_SHARE_FLOOR:
            m = self.primary(pt.KEY_SHARE_MIN)
            self.add("key_share", WARNING, f"重点检查最低比例写作{pct(minimum, 0)}，低于编制办法要求的60%",
                     m.line, m.printed.start, m.printed.end)
        random = v.get(pt.RANDOM_SHARE_MIN)
        if random is not None and random < RANDOM_SHARE_FLOOR:
            m = self.primary(pt.RANDOM_SHARE_MIN)
            self.add("random", ERROR, f"“双随机”抽查比例写作{pct(random, 0)}，低于80%", m.line, m.printed.start, m.printed.end)
        key, general, planned = v.get(pt.KEY), v.get(pt.GENERAL), v.get(pt.PLANNED)
        if planned is None and key is not None and general is not None:
            planned = key + general
        if key is None or not planned:
            self.unchecked.append("未找到重点检查家数或计划检查家数，未核对重点检查占比")
            return
        floor = KEY_SHARE_FLOOR if minimum is None else minimum
        share = Fraction(key) / planned
        if share >= floor:
            return
        message = f"重点检查{show(key)}家÷计划检查{show(planned)}家={pct(share)}，低于{pct(floor, 0)}"
        stated = next((p.printed for p in self.doc.percentages if p.share == pt.KEY_SHARE), None)
        if stated:  # on the line that claims the share
            self.add("key_share", ERROR, message, stated.line, stated.start, stated.end)
        else:
            self.add_at("key_share", ERROR, message, (pt.KEY, pt.PLANNED))

    def run(self) -> Audit:
        self.settle()
        self.check_formulas()
        self.check_mentions()
        self.check_calendar()
        self.check_sums()
        self.check_identities()
        self.check_staff_and_days()
        self.check_percentages()
        self.check_shares()
        return Audit(
            source=self.doc.source, kind="text", findings=_sorted(self.findings), figures=self._figures(),
            unchecked=list(dict.fromkeys(self.unchecked)), authority=self.doc.authority,
            year=int(self.value[pt.YEAR]) if self.value.get(pt.YEAR) is not None else None,
            lines=len(self.doc.lines), formulas=self._formula_rows(), notes=list(self.doc.notes),
        )

    def _figures(self) -> list[dict]:
        rows = []
        for concept in pt.LABELS:
            if concept not in self.value:
                continue
            m = self.primary(concept)
            percent = concept in pt.PERCENT_CONCEPTS
            places = m.printed.places if m else None
            rows.append({
                "key": concept, "label": self.label(concept), "value": _json_value(self.value[concept]),
                "shown": show(self.value[concept], places, percent) + ("" if percent else self.unit(concept)),
                "line": m.line if m else None,
                "lines": sorted({x.line for x in self.mentions.get(concept, ())}),
            })
        return rows

    def _formula_rows(self) -> list[dict]:
        rows = []
        for f in self.doc.formulas:
            computed = evaluate([p.value for p in f.operands], f.ops)
            rows.append({"line": f.line, "text": f.text, "result": _json_value(f.result.value),
                         "computed": _json_value(computed), "holds": computed is not None and _holds(f.result, computed, f.ops),
                         "concept": f.result_concept})
        return rows


def audit_text(doc: pt.PlanText) -> Audit:
    """Recompute every figure of a plan's text and report each inconsistency by line."""
    if not doc.mentions and not doc.formulas:
        raise InputError(doc.source or "文本", "未找到工作日测算的内容（如“国家法定工作日”“总法定工作日”或算式），无法核查")
    return _TextAudit(doc).run()


# --- Auditing a workbook ------------------------------------------------------------------------------


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
    from planlib.io.workbook import COL_KEY, COL_LABEL, COL_NOTE, COL_VALUE
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
            raise table.error(f"未知的键“{typed}”（可用的键见 docs/audit.md，如 "
                              f"{'、'.join(list(STATED_KEYS)[:6])}…，以及 item:类别:项目、unit:单位:staff|key|general）", key_cell)
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
        pt.YEAR: plan.year, pt.DAYS: cal.days, pt.WEEKEND_DAYS: cal.weekend_days,
        pt.HOLIDAYS: cal.statutory_holidays, pt.MAKEUP: cal.makeup_workdays,
        pt.PER_PERSON: cal.workdays_per_person, pt.HEADCOUNT: plan.headcount, pt.STAFF: result.enforcement_staff,
        pt.TOTAL: result.total_workdays, pt.OTHER: result.other_enforcement.total, pt.NON: result.non_enforcement.total,
        pt.INSPECTION: result.inspection_workdays, pt.KEY_WD: result.key_workdays, pt.GENERAL_WD: result.general_workdays,
        pt.PLANNED: result.planned_inspections, pt.KEY: result.key_inspections, pt.GENERAL: result.general_inspections,
        pt.ENTITY_BASE: plan.entity_base, pt.DAYS_KEY: plan.days_per_key_inspection,
        pt.DAYS_GENERAL: plan.days_per_general_inspection, pt.KEY_SHARE_MIN: plan.key_share_min,
        pt.RANDOM_SHARE_MIN: plan.random_share_min, pt.STAFF_SHARE: result.staff_share,
        pt.PLAN_RATIO: result.plan_ratio, pt.KEY_SHARE: result.key_share, pt.GENERAL_SHARE: result.general_share,
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
        unchecked.append(f"工作簿没有“{SHEET_STATED}”表，只按规则检查了测算结果；"
                         "如需核对已发布计划中的数字，请添加该表（见 docs/audit.md）")
    for s in stated or ():
        label = _stated_label(s.key)
        if s.key not in computed:
            raise InputError(path, f"{label}在工作簿中不存在（键“{s.key}”）", SHEET_STATED, s.where.split("!")[1])
        actual = computed[s.key]
        percent = s.key in pt.PERCENT_CONCEPTS
        places = max(s.places, 2)
        printed = show(s.value, places, percent) if percent else show(s.value)
        right = show(actual, places, percent) if percent else show(actual)
        row = {"key": s.key, "label": label, "value": _json_value(s.value), "shown": printed,
               "computed": _json_value(actual),
               "computed_shown": right if actual is not None else None, "where": s.where}
        figures.append(row)
        if actual is None:
            unchecked.append(f"{label}（{s.where}）：工作簿缺少计算它所需的数字，未核对")
            row["holds"] = None
            continue
        ok = within_precision(s.value, actual, s.places) if percent else s.value == Fraction(actual)
        rule = "percentage" if percent else "stated"
        row["holds"] = ok
        if ok:
            continue
        note, slip = _slip_note(printed.rstrip("%"), right.rstrip("%"))
        found.append(AuditFinding(rule, ERROR, f"{SHEET_STATED}中{label}为{printed}，按工作簿测算为{right}{note}",
                                  s.where, slip=slip))
    plan = result.plan
    return Audit(source=str(path), kind="workbook", findings=_sorted(found), figures=figures, unchecked=unchecked,
                 authority=plan.authority, year=plan.year, plan=to_contract(result, findings))


def audit_file(path: str | Path) -> Audit:
    """Audit a plan's text or workbook, by its suffix."""
    p = Path(path)
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        return audit_workbook(p)
    return audit_text(pt.read_plan_text(p))


# --- Reports -------------------------------------------------------------------------------------


def _summary_line(a: Audit) -> str:
    c = a.counts()
    if not a.findings:
        return "核查结果：未发现问题"
    return f"核查结果：{c[ERROR]}个错误，{c[WARNING]}个警告，{c[INFO]}个提示"


def _heading(a: Audit) -> list[str]:
    what = f"计划文本，{a.lines}行" if a.kind == "text" else "填报工作簿"
    lines = [f"核查：{Path(a.source).name}（{what}）"]
    lines += [f"说明：{n}" for n in a.notes]
    plan = " ".join(x for x in (a.authority, f"{a.year}年度" if a.year else None) if x)
    if plan:
        lines.append(f"计划：{plan}")
    return lines


def _figure_place(row: dict) -> str:
    if row.get("where"):
        return row["where"]
    return f"第{row['line']}行" if row.get("line") else "推算"


def format_audit(a: Audit) -> str:
    """The terminal report."""
    lines = _heading(a)
    if a.figures:
        lines.append("核对的数字：" if a.kind == "workbook" else "读到的数字：")
        for row in a.figures:
            if a.kind == "workbook":
                mark = {True: "一致", False: "不符", None: "未核对"}[row.get("holds")]
                lines.append(f"  {row['label']}：填报{row['shown']}，测算{row['computed_shown'] or '—'}（{row['where']}，{mark}）")
            else:
                lines.append(f"  {row['label']}：{row['shown']}（{_figure_place(row)}）")
    lines.append(_summary_line(a))
    for f in a.findings:
        place = getattr(f, "place", None) or f.where
        lines.append(f"  [{SEVERITY_LABELS[f.severity]}] {place} {rule_label(f.rule)}：{f.message}")
        if getattr(f, "excerpt", None):
            lines.append(f"      原文：{f.excerpt}")
    if a.unchecked:
        lines.append("未核对：")
        lines += [f"  - {u}" for u in a.unchecked]
    return "\n".join(lines)


def _md(text) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def audit_markdown(a: Audit) -> str:
    lines = [f"# 计划核查报告：{Path(a.source).name}", ""]
    lines += [f"- {x}" for x in _heading(a)[1:]]
    lines += [f"- {_summary_line(a)}", ""]
    lines += ["## 发现的问题", ""]
    if a.findings:
        lines += ["| 序号 | 级别 | 规则 | 位置 | 说明 | 原文 |", "|---:|---|---|---|---|---|"]
        for n, f in enumerate(a.findings, 1):
            lines.append(f"| {n} | {SEVERITY_LABELS[f.severity]} | {rule_label(f.rule)} | {_md(getattr(f, 'place', f.where))} | "
                         f"{_md(f.message)} | {_md(getattr(f, 'excerpt', ''))} |")
    else:
        lines.append("未发现问题。")
    lines += ["", "## 核对的数字" if a.kind == "workbook" else "## 读到的数字", ""]
    if a.kind == "workbook":
        lines += ["| 项目 | 键 | 填报 | 测算 | 位置 |", "|---|---|---:|---:|---|"]
        lines += [f"| {_md(r['label'])} | {r['key']} | {r['shown']} | {r['computed_shown'] or '—'} | {r['where']} |"
                  for r in a.figures]
    else:
        lines += ["| 项目 | 键 | 数值 | 位置 |", "|---|---|---:|---|"]
        lines += [f"| {r['label']} | {r['key']} | {r['shown']} | {_figure_place(r)} |" for r in a.figures]
    if a.unchecked:
        lines += ["", "## 未核对", ""] + [f"- {_md(u)}" for u in a.unchecked]
    return "\n".join(lines) + "\n"


def audit_tables(a: Audit):
    from planlib.text.report import INT, Column, Table

    findings = tuple((n, SEVERITY_LABELS[f.severity], rule_label(f.rule), getattr(f, "place", f.where), f.message,
                      getattr(f, "excerpt", "") or "") for n, f in enumerate(a.findings, 1))
    tables = [Table("核查结果", f"计划核查：{Path(a.source).name}　{_summary_line(a)}",
                    (Column("序号", INT), Column("级别"), Column("规则"), Column("位置"), Column("说明"), Column("原文")),
                    findings)]
    if a.kind == "workbook":
        rows = tuple((r["label"], r["key"], r["shown"], r["computed_shown"], r["where"]) for r in a.figures)
        tables.append(Table("核对数字", "填报核对：已发布计划的数字与测算结果",
                            (Column("项目"), Column("键"), Column("填报"), Column("测算"), Column("位置")), rows))
    else:
        rows = tuple((r["label"], r["key"], r["shown"], _figure_place(r)) for r in a.figures)
        tables.append(Table("读到的数字", "从计划文本中读到的数字（核定值）",
                            (Column("项目"), Column("键"), Column("数值"), Column("位置")), rows))
    tables.append(Table("未核对", "因缺少数字而未核对的内容" + ("" if a.unchecked else "：无"), (Column("说明"),),
                        tuple((u,) for u in a.unchecked)))
    return tables


def report_paths(a: Audit, out_dir: str | Path) -> tuple[Path, Path]:
    stem = Path(a.source).stem
    out = Path(out_dir)
    return out / f"{stem}-audit.md", out / f"{stem}-audit.xlsx"


def write_audit(a: Audit, out_dir: str | Path) -> list[Path]:
    """The report as Markdown and Excel in ``out_dir``; each file is written whole or not at all."""
    from planlib.io.export import write_tables, write_text

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(out, "输出位置已存在且不是文件夹")
    out.mkdir(parents=True, exist_ok=True)
    md_path, xlsx_path = report_paths(a, out)
    markdown, tables = audit_markdown(a), audit_tables(a)  # everything built before anything is written
    written = [write_tables(tables, xlsx_path)]
    try:
        written.append(write_text(md_path, markdown))
    except BaseException:
        xlsx_path.unlink(missing_ok=True)
        raise
    return written


def command(args) -> int:
    """``planlib audit PATH [--json] [--out DIR]``: 0 no error, 1 errors found, 2 unreadable input."""
    audit = audit_file(args.path)
    written = write_audit(audit, args.out) if args.out else []
    if args.json:
        data = audit.as_dict()
        data["outputs"] = [str(p) for p in written]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(format_audit(audit))
        if written:
            print("已写出：" + "、".join(str(p) for p in written))
    return 1 if audit.has_errors else 0
