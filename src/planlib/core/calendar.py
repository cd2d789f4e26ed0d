"""The plan year's calendar: per-person statutory workdays (国家法定工作日).

Two modes (docs/method.md §2):

- ``formula``: days in the year − weekend days counted from the real calendar − the
  statutory holiday count of the law in force (11 from 2008 to 2024, 13 from 2025; 10
  before 2008, under the 1999 text). This is how
  published plans write it, e.g. 366 − 104 − 11 = 251.
- ``official``: the State Council's yearly arrangement with its make-up workdays (调休), from
  the ``chinesecalendar`` package. It differs from the formula only where the arrangement
  did (2020: the Spring Festival extension gives 249). The workbook's 放假安排 sheet, when
  it has rows, *is* the year's arrangement (it serves years the package does not carry yet);
  a year neither knows is an error, never a guess.

:func:`month_workdays` splits a year's arrangement by month (for ``calendar.months`` and the
monthly schedule).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from planlib.core.model import DAY_OFF, MAKEUP_WORKDAY, HolidayRange
from planlib.errors import PlanlibError

FIRST_YEAR, LAST_YEAR = 2000, 2100

# 全国年节及纪念日放假办法: 10 days under the 1999 text (劳动节 3 days, no 清明/端午/中秋);
# 11 from the 2007 revision (in force 2008-01-01); 13 from the 2024 revision (2025-01-01).
HOLIDAYS_BEFORE_2008 = 10
HOLIDAYS_BEFORE_2025 = 11
HOLIDAYS_FROM_2025 = 13


class CalendarError(PlanlibError, ValueError):
    """A year or mode the calendar cannot answer for (message in Chinese)."""


# Each text of the law: (first year in force, holiday days, the years it governed, in words).
HOLIDAY_LAWS = (
    (2000, HOLIDAYS_BEFORE_2008, "2008年以前"),
    (2008, HOLIDAYS_BEFORE_2025, "2008年至2024年"),
    (2025, HOLIDAYS_FROM_2025, "2025年起"),
)


def holiday_law_period(days: int) -> str | None:
    """When the law set ``days`` statutory holidays ("2025年起"), or None if it never did."""
    return next((period for _, count, period in HOLIDAY_LAWS if count == days), None)


def statutory_holidays_by_law(year: int) -> int:
    """Full-citizen statutory holidays of the law in force in ``year``."""
    if year >= 2025:
        return HOLIDAYS_FROM_2025
    return HOLIDAYS_BEFORE_2025 if year >= 2008 else HOLIDAYS_BEFORE_2008


@dataclass(frozen=True)
class YearCalendar:
    """The parts of a plan year; ``days − weekend_days − statutory_holidays + makeup_workdays``
    is always ``workdays_per_person`` unless the workbook overrode the latter."""

    year: int
    mode: str
    days: int
    weekend_days: int
    statutory_holidays: int
    workdays_per_person: int
    makeup_workdays: int = 0  # official mode: weekend days worked (调休上班)
    overridden: bool = False  # the workbook gave workdays_per_person itself
    source: str = ""  # official mode: SOURCE_SHEET (放假安排) or SOURCE_PACKAGE (chinesecalendar)
    holiday_names: tuple[str, ...] = ()  # the arrangement's holidays in the year, in date order
    months: tuple[int, ...] | None = None  # workdays per month under the year's arrangement, if known
    package_difference: dt.date | None = None  # first date where the sheet and the package disagree
    typed_holidays: int | None = None  # official mode: the workbook's statutory_holidays, not used

    @property
    def weeks(self) -> int:
        return self.days // 7

    @property
    def computed_workdays(self) -> int:
        """What the parts give, whatever an override says."""
        return self.days - self.weekend_days - self.statutory_holidays + self.makeup_workdays


def _check_year(year: int) -> None:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarError(f"年度{year}超出支持范围（{FIRST_YEAR}–{LAST_YEAR}年）")


def _dates(year: int) -> Iterator[dt.date]:
    day = dt.date(year, 1, 1)
    one = dt.timedelta(days=1)
    while day.year == year:
        yield day
        day += one


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def weekend_days(year: int) -> int:
    """Saturdays and Sundays in the year, counted from the real calendar (104, 105 or 106)."""
    return sum(1 for d in _dates(year) if d.weekday() >= 5)


@lru_cache(maxsize=256)
def year_calendar(
    year: int,
    mode: str = "formula",
    statutory_holidays: int | None = None,
    workdays_per_person: int | None = None,
    arrangement: tuple[HolidayRange, ...] | None = None,
) -> YearCalendar:
    """The calendar of ``year`` in ``mode``; the two overrides are the workbook's
    ``statutory_holidays`` and ``workdays_per_person`` settings, ``arrangement`` its
    放假安排 rows (in official mode the year's arrangement, whatever the package says)."""
    _check_year(year)
    days, weekends = days_in_year(year), weekend_days(year)
    arrangement = arrangement or None
    makeup, source, difference = 0, "", None
    names: tuple[str, ...] = ()
    if mode == "formula":
        holidays = statutory_holidays_by_law(year) if statutory_holidays is None else statutory_holidays
    elif mode == "official":
        if arrangement is not None:
            if not touches(year, arrangement):
                raise ArrangementOutsideYear(
                    f"工作表“{ARRANGEMENT_SHEET}”中没有{year}年的日期（填写的是其他年份的放假安排？），"
                    f"无法按国务院放假安排（official）方式计算{year}年的国家法定工作日"
                )
            holidays, makeup = _parts(year, sheet_workday(arrangement))
            source, names = SOURCE_SHEET, sheet_holiday_names(year, arrangement)
            difference = package_difference(year, arrangement)
        else:
            holidays, makeup = _official_parts(year)
            source, names = SOURCE_PACKAGE, package_holiday_names(year)
        # A typed count never replaces the arrangement's (the months add up to the arrangement's
        # total): it is kept as ``typed_holidays`` and a rule names both figures when they differ.
    else:
        raise CalendarError(f"工作日计算方式“{mode}”无效，应为 formula（公式）或 official（国务院放假安排）")
    computed = days - weekends - holidays + makeup
    return YearCalendar(
        year=year,
        mode=mode,
        days=days,
        weekend_days=weekends,
        statutory_holidays=holidays,
        workdays_per_person=computed if workdays_per_person is None else workdays_per_person,
        makeup_workdays=makeup,
        overridden=workdays_per_person is not None and workdays_per_person != computed,
        source=source,
        holiday_names=names,
        months=month_workdays(year, arrangement),
        package_difference=difference,
        typed_holidays=statutory_holidays if mode == "official" else None,
    )


SOURCE_SHEET, SOURCE_PACKAGE = "sheet", "package"
ARRANGEMENT_SHEET = "放假安排"  # named in the error that offers it as the way out


class UnknownArrangement(CalendarError):
    """Official mode for a year neither the package nor the workbook's 放假安排 knows."""


class ArrangementOutsideYear(CalendarError):
    """A 放假安排 none of whose dates falls in the plan year (another year's arrangement)."""


def touches(year: int, arrangement: Iterable[HolidayRange]) -> bool:
    """Whether any date of the arrangement falls in ``year``."""
    return any(r.start.year <= year <= r.end.year for r in arrangement)


def _parts(year: int, is_workday: Callable[[dt.date], bool]) -> tuple[int, int]:
    """(weekday days off, weekend days worked) under an arrangement given as a predicate."""
    off_weekdays = makeup = 0
    for d in _dates(year):
        workday = is_workday(d)
        if d.weekday() < 5 and not workday:
            off_weekdays += 1
        elif d.weekday() >= 5 and workday:
            makeup += 1
    return off_weekdays, makeup


def _official_parts(year: int) -> tuple[int, int]:
    """(weekday days off, weekend days worked) under the State Council arrangement."""
    if not package_covers(year):
        raise UnknownArrangement(
            f"chinesecalendar {calendar_data_version()} 没有{year}年的国务院放假安排，无法按国务院放假安排（official）"
            f"方式计算；"
            f"请在工作表“{ARRANGEMENT_SHEET}”中填写{year}年的放假和调休上班日期，或改用公式（formula）方式"
        )
    import chinese_calendar

    workdays = chinese_calendar.get_workdays(dt.date(year, 1, 1), dt.date(year, 12, 31))
    makeup = sum(1 for d in workdays if d.weekday() >= 5)
    weekdays = days_in_year(year) - weekend_days(year)
    return weekdays - (len(workdays) - makeup), makeup


@lru_cache(maxsize=256)
def package_covers(year: int) -> bool:
    """Whether ``chinesecalendar`` carries the State Council arrangement of ``year``."""
    try:
        import chinese_calendar  # imported here: only official mode needs it

        chinese_calendar.is_workday(dt.date(year, 6, 30))
        chinese_calendar.is_workday(dt.date(year, 1, 1))
        chinese_calendar.is_workday(dt.date(year, 12, 31))
    except (NotImplementedError, ImportError):
        return False
    return True


def sheet_workday(arrangement: Iterable[HolidayRange]) -> Callable[[dt.date], bool]:
    """The predicate "is a workday" of a typed arrangement: Monday–Friday not 放假, or 上班."""
    off = {d for r in arrangement if r.kind == DAY_OFF for d in r.dates()}
    work = {d for r in arrangement if r.kind == MAKEUP_WORKDAY for d in r.dates()}
    return lambda d: d in work or (d.weekday() < 5 and d not in off)


def sheet_holiday_names(year: int, arrangement: Iterable[HolidayRange]) -> tuple[str, ...]:
    """The names of the 放假 rows that touch ``year``, in date order, each once."""
    rows = sorted(
        (r for r in arrangement if r.kind == DAY_OFF and r.name and r.start.year <= year <= r.end.year),
        key=lambda r: r.start,
    )
    return tuple(dict.fromkeys(r.name for r in rows))


def package_holiday_names(year: int) -> tuple[str, ...]:
    """The package's holidays of ``year`` in Chinese (元旦、春节 …), in date order."""
    import chinese_calendar
    from chinese_calendar.constants import Holiday

    chinese = {h.value: h.chinese for h in Holiday}
    names = []
    for d in _dates(year):
        is_holiday, holiday = chinese_calendar.get_holiday_detail(d)
        if is_holiday and holiday is not None and d.weekday() < 5:
            names.append(chinese.get(str(holiday), str(holiday)))
    return tuple(dict.fromkeys(names))


def package_difference(year: int, arrangement: Iterable[HolidayRange]) -> dt.date | None:
    """The first date of ``year`` where the typed arrangement and the package disagree on
    whether it is a workday; None when they agree or the package does not cover the year."""
    if not package_covers(year):
        return None
    import chinese_calendar

    typed = sheet_workday(arrangement)
    return next((d for d in _dates(year) if typed(d) != chinese_calendar.is_workday(d)), None)


def month_workdays(year: int, arrangement: Iterable[HolidayRange] | None = None) -> tuple[int, ...] | None:
    """Workdays of each month of ``year`` (12 ints) under the year's arrangement: the typed
    放假安排 rows when given (and some date falls in ``year``), else the package's; None when
    neither knows it.

    In official mode they add up to the year's 国家法定工作日 (without an override)."""
    _check_year(year)
    rows = tuple(arrangement) if arrangement is not None else ()
    if rows and touches(year, rows):
        is_workday = sheet_workday(rows)
    elif package_covers(year):
        import chinese_calendar

        is_workday = chinese_calendar.is_workday
    else:
        return None
    counts = [0] * 12
    for d in _dates(year):
        if is_workday(d):
            counts[d.month - 1] += 1
    return tuple(counts)


def calendar_data_version() -> str:
    """The version of the official-arrangement data (for provenance)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("chinesecalendar")
    except PackageNotFoundError:
        return "未安装"


def month_weekdays(year: int) -> tuple[int, ...]:
    """Monday–Friday days of each month: the schedule's weights where no arrangement is known."""
    _check_year(year)
    counts = [0] * 12
    for d in _dates(year):
        if d.weekday() < 5:
            counts[d.month - 1] += 1
    return tuple(counts)
