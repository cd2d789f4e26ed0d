"""Progress through the year (docs/contract.md §7, docs/method.md §8): the ledger's visits
against the plan's monthly schedule (附件3). Pure and exact: no I/O, Fraction arithmetic.

- **Planned to date** of a unit on date D: its scheduled inspections of the months before D's
  month, plus D's month's scheduled inspections × (that month's workdays up to and including D
  ÷ the month's workdays), the workdays of the schedule's own basis (the year's arrangement, or
  Monday–Friday days).
- **Done** counts every visit of the ledger that can be placed: a known unit, a date in the plan
  year and not after D, not a duplicate (same date, unit and entity as an earlier row). A visit to
  an entity the register does not list, or with inspectors not on the roster or fewer than two,
  was still made: it counts, and is listed as a problem too. Rows that cannot be placed are
  problems and do not count. Every row is either counted or a problem that says why not.
- **More than a month behind**: a unit's done to date is less than what it had planned by the
  same day a month earlier (in January, nothing is a month behind).
- 完成率 against the year = done ÷ the year's planned; against the period = done ÷ planned to date.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from planlib.core.calendar import package_covers, sheet_workday, touches
from planlib.core.estimation import round_half_up
from planlib.core.ledger import KIND_KEY, KIND_OTHER, KIND_RANDOM, Visit
from planlib.core.model import HolidayRange, Number
from planlib.core.register import INSPECTORS_PER_TARGET, Cap, Entity
from planlib.core.schedule import BASIS_WEEKDAYS, MONTHS, Schedule

# Problem kinds (台账问题); the first four keep a row out of the counts.
UNKNOWN_UNIT = "unknown_unit"
OUTSIDE_YEAR = "outside_year"
AFTER_AS_OF = "after_as_of"
DUPLICATE = "duplicate"
UNKNOWN_CODE = "unknown_code"
NOT_ON_ROSTER = "not_on_roster"
TOO_FEW_INSPECTORS = "too_few_inspectors"
UNKNOWN_ITEM = "unknown_item"
NOT_COUNTED = (UNKNOWN_UNIT, OUTSIDE_YEAR, AFTER_AS_OF, DUPLICATE)
WHOLE = "全局"  # the authority as one unit (Progress.total), the tables' last row


@dataclass(frozen=True)
class Problem:
    """A ledger row that does not fit the plan, and whether it was still counted."""

    visit: Visit
    kind: str
    names: tuple[str, ...] = ()  # NOT_ON_ROSTER: the names not on the roster
    first_row: int = 0  # DUPLICATE: the earlier row

    @property
    def counted(self) -> bool:
        return self.kind not in NOT_COUNTED


@dataclass(frozen=True)
class PlanLists:
    """What the plan says about entities: its units (in workbook order), each key unit and drawn
    target with its enforcement unit, the register by credit code, the caps and the roster."""

    units: tuple[str, ...]
    key: tuple[tuple[Entity, str], ...] = ()
    drawn: tuple[tuple[Entity, str], ...] = ()
    entities: Mapping[str, Entity] = field(default_factory=dict)
    caps: tuple[Cap, ...] = ()
    roster: frozenset[str] | None = None  # every officer's name; None: the plan has no 执法人员名单
    items: frozenset[str] | None = None  # the plan's 检查事项; None: not checked


@dataclass(frozen=True)
class UnitProgress:
    unit: str
    planned_months: tuple[int, ...]  # the schedule's key + general inspections, month by month
    done_months: tuple[int, ...]  # visits counted, month by month (months after D's: 0)
    planned_to_date: int  # rounded half up, once (the unit's figure of record; totals add these)
    planned_month_ago: int  # planned by the same day a month before D, rounded half up
    done_key: int = 0
    done_random: int = 0
    done_other: int = 0

    @property
    def planned_year(self) -> int:
        return sum(self.planned_months)

    @property
    def done(self) -> int:
        return sum(self.done_months)

    @property
    def year_rate(self) -> Fraction | None:
        return Fraction(self.done, self.planned_year) if self.planned_year else None

    @property
    def period_rate(self) -> Fraction | None:
        return Fraction(self.done, self.planned_to_date) if self.planned_to_date else None

    @property
    def shortfall(self) -> int:
        """Planned to date − done (negative: ahead of the plan)."""
        return self.planned_to_date - self.done

    @property
    def month_behind(self) -> bool:
        return self.done < self.planned_month_ago


@dataclass(frozen=True)
class OverCap:
    entity: Entity
    visits: int
    cap: Cap


@dataclass(frozen=True)
class Progress:
    year: int
    as_of: dt.date
    units: tuple[UnitProgress, ...]
    counted: tuple[Visit, ...]
    problems: tuple[Problem, ...]
    key_missing: tuple[tuple[Entity, str], ...]  # key units not yet visited, with their unit
    drawn_missing: tuple[tuple[Entity, str], ...]
    unplanned: tuple[Visit, ...]  # visits to entities on neither list
    over_cap: tuple[OverCap, ...]
    drawn_visits: tuple[tuple[Entity, str, Visit], ...]  # drawn targets' visits (the 双随机 results)
    key_total: int = 0
    drawn_total: int = 0

    @property
    def total(self) -> UnitProgress:
        """The whole authority, as one unit."""
        u = self.units
        return UnitProgress(
            WHOLE,
            tuple(sum(x.planned_months[m] for x in u) for m in range(MONTHS)),
            tuple(sum(x.done_months[m] for x in u) for m in range(MONTHS)),
            sum(x.planned_to_date for x in u),
            sum(x.planned_month_ago for x in u),
            sum(x.done_key for x in u),
            sum(x.done_random for x in u),
            sum(x.done_other for x in u),
        )

    @property
    def behind(self) -> tuple[UnitProgress, ...]:
        return tuple(u for u in self.units if u.month_behind)

    @property
    def hazards(self) -> int:
        return sum(v.hazards or 0 for v in self.counted)

    def unplanned_by_type(self) -> list[tuple[str, int]]:
        """计划外检查 by type: a 其他 visit by its trigger (or 其他), others by their 检查类型."""
        counts: dict[str, int] = {}
        for v in self.unplanned:
            label = v.trigger or v.kind or KIND_OTHER
            counts[label] = counts.get(label, 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


# --- The calendar of the schedule, day by day ---------------------------------------------------


def day_is_workday(
    year: int, basis: str, arrangement: Sequence[HolidayRange] | None = None
) -> Callable[[dt.date], bool]:
    """Whether a date is a workday, on the basis the schedule's months were weighted by."""
    if basis == BASIS_WEEKDAYS:
        return lambda d: d.weekday() < 5
    rows = tuple(arrangement or ())
    if rows and touches(year, rows):
        typed: Callable[[dt.date], bool] = sheet_workday(rows)
        return typed
    if package_covers(year):
        import chinese_calendar

        official: Callable[[dt.date], bool] = chinese_calendar.is_workday
        return official
    return lambda d: d.weekday() < 5  # pragma: no cover - the schedule's basis would be weekdays


def month_ago(d: dt.date) -> dt.date | None:
    """The same day a month earlier (the month's last day where it is shorter); None in January."""
    if d.month == 1:
        return None
    last = _calendar.monthrange(d.year, d.month - 1)[1]
    return d.replace(month=d.month - 1, day=min(d.day, last))


def passed_share(d: dt.date, is_workday: Callable[[dt.date], bool]) -> Fraction:
    """The share of d's month's workdays that fall on or before d (1 for a month without workdays)."""
    days = _calendar.monthrange(d.year, d.month)[1]
    work = [dt.date(d.year, d.month, n) for n in range(1, days + 1)]
    total = sum(1 for x in work if is_workday(x))
    if total == 0:
        return Fraction(1)
    return Fraction(sum(1 for x in work if x <= d and is_workday(x)), total)


def planned_by(months: Sequence[int], d: dt.date | None, is_workday: Callable[[dt.date], bool]) -> Fraction:
    """A unit's inspections planned by date ``d`` (None: before the year began)."""
    if d is None:
        return Fraction(0)
    m = d.month - 1
    return Fraction(sum(months[:m])) + months[m] * passed_share(d, is_workday)


# --- The comparison ------------------------------------------------------------------------------


def effective_kind(v: Visit, key_codes: set[str], drawn_codes: set[str]) -> str:
    """The visit's 检查类型, or where blank what the lists make it."""
    if v.kind:
        return v.kind
    if v.code in key_codes:
        return KIND_KEY
    if v.code in drawn_codes:
        return KIND_RANDOM
    return KIND_OTHER


def judge(visits: Sequence[Visit], lists: PlanLists, year: int, as_of: dt.date) -> tuple[list[Visit], list[Problem]]:
    """The visits that count, and every problem row (in ledger order)."""
    units = set(lists.units)
    counted: list[Visit] = []
    problems: list[Problem] = []
    seen: dict[tuple[dt.date, str, str], int] = {}
    for v in visits:
        if v.unit not in units:
            problems.append(Problem(v, UNKNOWN_UNIT))
            continue
        if v.date.year != year:
            problems.append(Problem(v, OUTSIDE_YEAR))
            continue
        if v.date > as_of:
            problems.append(Problem(v, AFTER_AS_OF))
            continue
        first = seen.setdefault((v.date, v.unit, v.code), v.row)
        if first != v.row:
            problems.append(Problem(v, DUPLICATE, first_row=first))
            continue
        counted.append(v)
        if v.code not in lists.entities:
            problems.append(Problem(v, UNKNOWN_CODE))
        if len(v.inspectors) < INSPECTORS_PER_TARGET:
            problems.append(Problem(v, TOO_FEW_INSPECTORS))
        if lists.roster is not None:
            strangers = tuple(n for n in v.inspectors if n not in lists.roster)
            if strangers:
                problems.append(Problem(v, NOT_ON_ROSTER, names=strangers))
        if lists.items is not None and v.item and v.item not in lists.items:
            problems.append(Problem(v, UNKNOWN_ITEM))
    return counted, problems


def progress(
    schedule: Schedule,
    visits: Sequence[Visit],
    lists: PlanLists,
    as_of: dt.date,
    is_workday: Callable[[dt.date], bool],
) -> Progress:
    """The ledger's visits by ``as_of`` against the schedule (see the module's docstring)."""
    year = schedule.year
    counted, problems = judge(visits, lists, year, as_of)
    key_codes = {e.code for e, _ in lists.key}
    drawn_codes = {e.code for e, _ in lists.drawn}
    ago = month_ago(as_of)
    s = schedule
    index = {name: i for i, name in enumerate(s.units)}
    units: list[UnitProgress] = []
    for name in lists.units:
        i = index.get(name)
        months = (0,) * MONTHS if i is None else tuple(s.key[m][i] + s.general[m][i] for m in range(MONTHS))
        mine = [v for v in counted if v.unit == name]
        done = [0] * MONTHS
        kinds = {KIND_KEY: 0, KIND_RANDOM: 0, KIND_OTHER: 0}
        for v in mine:
            done[v.date.month - 1] += 1
            kinds[effective_kind(v, key_codes, drawn_codes)] += 1
        units.append(
            UnitProgress(
                name,
                months,
                tuple(done),
                round_half_up(planned_by(months, as_of, is_workday)),
                round_half_up(planned_by(months, ago, is_workday)),
                kinds[KIND_KEY],
                kinds[KIND_RANDOM],
                kinds[KIND_OTHER],
            )
        )
    visited: dict[str, int] = {}
    for v in counted:
        visited[v.code] = visited.get(v.code, 0) + 1
    over: list[OverCap] = []
    if lists.caps:
        for code, n in visited.items():
            e = lists.entities.get(code)
            if e is None:
                continue
            applicable = [c for c in lists.caps if c.applies(e)]
            if applicable:
                tightest = min(applicable, key=lambda c: c.limit)
                if n > tightest.limit:
                    over.append(OverCap(e, n, tightest))
    over.sort(key=lambda o: (-o.visits, o.entity.code))
    drawn_unit = {e.code: (e, u) for e, u in lists.drawn}
    drawn_visits = tuple(
        (drawn_unit[v.code][0], drawn_unit[v.code][1], v)
        for v in sorted(counted, key=lambda v: (v.date, v.row))
        if v.code in drawn_unit
    )
    return Progress(
        year,
        as_of,
        tuple(units),
        tuple(counted),
        tuple(problems),
        tuple((e, u) for e, u in lists.key if e.code not in visited),
        tuple((e, u) for e, u in lists.drawn if e.code not in visited),
        tuple(v for v in counted if v.code not in key_codes and v.code not in drawn_codes),
        tuple(over),
        drawn_visits,
        len(lists.key),
        len(lists.drawn),
    )


def visit_workdays(
    visits: Sequence[Visit], lists: PlanLists, days_key: Number, days_general: Number
) -> dict[str, Fraction]:
    """Each unit's inspection workdays actually spent: every visit's 用时, or where blank the plan's
    days per inspection of its type (key for 重点, general otherwise)."""
    key_codes = {e.code for e, _ in lists.key}
    drawn_codes = {e.code for e, _ in lists.drawn}
    out: dict[str, Fraction] = {u: Fraction(0) for u in lists.units}
    for v in visits:
        if v.days is not None:
            days = Fraction(v.days)
        else:
            days = Fraction(days_key if effective_kind(v, key_codes, drawn_codes) == KIND_KEY else days_general)
        out[v.unit] = out.get(v.unit, Fraction(0)) + days
    return out
