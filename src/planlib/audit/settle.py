"""Settling a plan text's figures: each concept's one value, by a vote of its mentions and of
what the method's relations derive from the other figures, and where each is stated.

The vote: every mention counts once, and so does every value a relation derives (251 from
366−104−11 and from 8785÷35; 3090 from the items). Ties go to a derived value, then to a
heading or sentence over a formula's operand, then to the earlier line. A single slip is
thus outvoted by the figures around it. The :class:`Context` is built once and only read by
the checks of :mod:`planlib.audit.text_checks`.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from planlib.audit import plantext as pt
from planlib.audit.arithmetic import solve
from planlib.core.calendar import CalendarError, YearCalendar, year_calendar

VOTING = tuple(r for r in pt.RELATIONS if r.result not in pt.SHARES and r.result != pt.GENERAL_WD)


class Context:
    """One plan text with its settled values: ``value`` holds each concept's settled value."""

    def __init__(self, doc: pt.PlanText):
        self.doc = doc
        self.unchecked: list[str] = []  # what settling could not do (a year the calendar lacks)
        self.mentions: dict[str, list[pt.Mention]] = {}
        for m in doc.mentions:
            self.mentions.setdefault(m.concept, []).append(m)
        self.derived: dict[str, list[tuple[Fraction, str]]] = {}
        self.value: dict[str, Fraction] = {}
        self.calendar: YearCalendar | None = None
        self._official: YearCalendar | bool | None = None  # False: the year's arrangement is not known
        self._primary: dict[str, pt.Mention | None] = {}  # filled once the values are settled

    # -- settling values

    def _sums(self) -> dict[str, list[tuple[Fraction, str]]]:
        sums: dict[str, list[tuple[Fraction, str]]] = {}
        for s in self.doc.sections:
            figures = [i.printed.value for i in s.items if i.printed]
            if s.concept in (pt.OTHER, pt.NON, pt.KEY) and figures:
                sums.setdefault(s.concept, []).append((sum(figures, Fraction(0)), "各项之和"))
        for u in self.doc.unit_lists:
            target = pt.STAFF if u.kind == "staff" else u.section
            total_is_concept = u.total is None or any(m.printed == u.total for m in self.mentions.get(target or "", ()))
            if target in (pt.STAFF, pt.GENERAL, pt.KEY, pt.OTHER, pt.NON, pt.INSPECTION) and total_is_concept:
                parts = sum((e.printed.value for e in u.entries), Fraction(0))
                sums.setdefault(target, []).append((parts, "各执法单位之和"))
        return sums

    def voting(self) -> list[pt.Relation]:
        """The relations that derive figures: the calendar with 调休 only when the text has it,
        key workdays only when the days per key inspection are stated."""
        relations = []
        for r in VOTING:
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
                if (solved := solve(r, values, target)) is not None:
                    derived.setdefault(target, []).append((solved[0], f"按{solved[1]}计算"))
        return derived

    def settle(self) -> None:
        values = pt.majority(self.doc.mentions)
        relations = self.voting()
        for _ in range(3):  # fill a figure the text never states from the others (e.g. planned = key + general)
            for r in relations:
                if values.get(r.result) is None and (solved := solve(r, values, r.result)):
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
            calendar = self.calendar_counts() if concept == pt.PER_PERSON else set()
            self.value[concept] = max(
                votes,
                key=lambda v: (votes[v], v in derived, v in calendar, tuple(-x for x in first.get(v, (9, 10**9)))),
            )
        self._primary.clear()

    def calendar_counts(self) -> set[int]:
        if self.calendar is None:
            return set()
        counts = {self.calendar.workdays_per_person}
        if (official := self.official()) is not None:
            counts.add(official)
        return counts

    def official(self) -> int | None:
        """The per-person workdays of the year under the State Council arrangement, where known."""
        official = self.official_calendar()
        return official.workdays_per_person if official else None

    def official_calendar(self) -> YearCalendar | None:
        """The year under the State Council arrangement (chinesecalendar), where it is known."""
        if self.calendar is None:
            return None
        if self._official is None:
            try:
                self._official = year_calendar(self.calendar.year, "official")
            except (CalendarError, ImportError):
                self._official = False
        return self._official if isinstance(self._official, YearCalendar) else None

    # -- where figures are stated

    def primary(self, concept: str) -> pt.Mention | None:
        """The mention to point at for a concept: its settled value, headings and sentences first."""
        if concept not in self._primary:
            self._primary[concept] = self._find_primary(concept)
        return self._primary[concept]

    def _find_primary(self, concept: str) -> pt.Mention | None:
        value = self.value.get(concept)
        ms = [m for m in self.mentions.get(concept, ()) if m.value == value] or self.mentions.get(concept, [])
        if concept == pt.PER_PERSON:
            results = [m for m in ms if m.role == pt.RESULT]
            ms = results or ms
        return min(ms, key=lambda m: (pt.ROLE_PRIORITY[m.role], m.line), default=None)

    def basis(self, concept: str, not_line: int | None = None) -> str:
        """Where the settled value comes from: ``第25行`` or ``按各项之和计算``."""
        value = self.value.get(concept)
        said = sorted(
            {
                self.doc.origin(m.line, m.printed.start)
                for m in self.mentions.get(concept, ())
                if m.value == value and m.line != not_line
            }
        )
        if said:
            return "、".join(o.cite() for o in said[:3])
        for v, how in self.derived.get(concept, ()):
            if v == value:
                return how
        return "文中其他各处"

    def mentions_at(self, printed: pt.Printed | None) -> list[pt.Mention]:
        """The mentions of the figure printed at ``printed`` (a share's numerator)."""
        if printed is None:
            return []
        return [m for m in self.doc.mentions if m.line == printed.line and m.printed.start == printed.start]

    def label(self, concept: str | None) -> str:
        return pt.LABELS.get(concept, concept) if concept else ""

    def unit(self, concept: str) -> str:
        return pt.UNIT_OF.get(concept, "")


def settle(doc: pt.PlanText) -> Context:
    """The plan's figures settled (see the module docstring)."""
    ctx = Context(doc)
    ctx.settle()
    return ctx
