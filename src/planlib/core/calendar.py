"""The plan year's calendar: per-person statutory workdays (国家法定工作日).

Two modes (method.md §2):

- ``formula``: days in the year − weekend days counted from the real calendar − the
  statutory holiday count of the law in force (11 from 2008 to 2024, 13 from 2025; 10
  before 2008, under the 1999 text). This is how
  published plans write it, e.g. 366 − 104 − 11 = 251.
- ``official``: the State Council's yearly arrangement with its make-up workdays (调休), from
  the ``chinesecalendar`` package. It differs from the formula only where the arrangement
  did (2020: the Spring Festival extension gives 249). A year the package does not cover is
  an error, never a guess.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from planlib.core.model import WORKDAY_MODES
from planlib.errors import PlanlibError

FIRST_YEAR, LAST_YEAR = 2000, 2100

# 全国年节及纪念日放假办法: 10 days under the 1999 text (劳动节 3 days, no 清明/端午/中秋);
# 11 from the 2007 revision (in force 2008-01-01); 13 from the 2024 revision (2025-01-01).
HOLIDAYS_BEFORE_2008 = 10
HOLIDAYS_BEFORE_2025 = 11
HOLIDAYS_FROM_2025 = 13
_HOLIDAY_NAMES = {
    HOLIDAYS_BEFORE_2008: "元旦、春节、五一、国庆",
    HOLIDAYS_BEFORE_2025: "元旦、春节、五一、端午、国庆",  # as the reference plan writes it
    HOLIDAYS_FROM_2025: "元旦、春节、清明、五一、端午、中秋、国庆",
}


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

    @property
    def weeks(self) -> int:
        return self.days // 7

    @property
    def computed_workdays(self) -> int:
        """What the parts give, whatever an override says."""
        return self.days - self.weekend_days - self.statutory_holidays + self.makeup_workdays

    def sentence(self) -> str:
        """The plan's own sentence for section 四（一）."""
        if self.mode == "official" and not self.overridden:
            return (
                f"按国务院办公厅放假安排，{self.year}年全年共{self.days}天，有{self.weeks}周，"
                f"双休日{self.weekend_days}天，工作日放假{self.statutory_holidays}天，"
                f"调休上班{self.makeup_workdays}天。国家法定工作日={self.days}-{self.weekend_days}-"
                f"{self.statutory_holidays}+{self.makeup_workdays}={self.workdays_per_person}个工作日。"
            )
        names = _HOLIDAY_NAMES.get(self.statutory_holidays, "元旦、春节")
        head = (
            f"{self.year}年全年共{self.days}天，有{self.weeks}周，双休日{self.weekend_days}天，"
            f"{names}等法定假日共计{self.statutory_holidays}天"
        )
        if self.overridden:
            return (
                f"{head}。国家法定工作日按{self.workdays_per_person}个工作日计算"
                f"（按日历应为{self.computed_workdays}个）。"
            )
        return (
            f"{head}。国家法定工作日={self.days}-{self.weekend_days}-{self.statutory_holidays}"
            f"={self.workdays_per_person}个工作日。"
        )


def _check_year(year: int) -> None:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarError(f"年度{year}超出支持范围（{FIRST_YEAR}–{LAST_YEAR}年）")


def _dates(year: int):
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
) -> YearCalendar:
    """The calendar of ``year`` in ``mode``; the two overrides are the workbook's
    ``statutory_holidays`` and ``workdays_per_person`` settings."""
    _check_year(year)
    days, weekends = days_in_year(year), weekend_days(year)
    makeup = 0
    if mode == "formula":
        holidays = statutory_holidays_by_law(year) if statutory_holidays is None else statutory_holidays
    elif mode == "official":
        holidays, makeup = _official_parts(year)
        if statutory_holidays is not None:
            holidays = statutory_holidays
    else:
        raise CalendarError(f"工作日计算方式“{mode}”无效，应为 {' 或 '.join(WORKDAY_MODES)}")
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
    )


def _official_parts(year: int) -> tuple[int, int]:
    """(weekday days off, weekend days worked) under the State Council arrangement."""
    import chinese_calendar  # imported here: only official mode needs it

    try:
        workdays = chinese_calendar.get_workdays(dt.date(year, 1, 1), dt.date(year, 12, 31))
    except NotImplementedError:
        raise CalendarError(
            f"chinesecalendar {calendar_data_version()} 没有{year}年的国务院放假安排，"
            "无法按 official 方式计算；请改用 formula 方式，或在“基本信息”中填写 workdays_per_person"
        ) from None
    makeup = sum(1 for d in workdays if d.weekday() >= 5)
    weekdays = days_in_year(year) - weekend_days(year)
    return weekdays - (len(workdays) - makeup), makeup


def calendar_data_version() -> str:
    """The version of the official-arrangement data (for provenance)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("chinesecalendar")
    except PackageNotFoundError:
        return "未安装"


@lru_cache(maxsize=64)
def month_workdays(year: int, arrangement: object = None) -> tuple[int, ...] | None:
    """Workdays of each month of ``year`` under the State Council arrangement (调休 included),
    from ``chinesecalendar``; ``None`` when the package does not carry the year.

    Minimal version (the schedule needs month weights): ``arrangement`` (the workbook's
    放假安排) is accepted for the shared signature and not yet read here.
    """
    _check_year(year)
    import chinese_calendar  # imported here: only official arrangements need it

    counts = [0] * 12
    try:
        for d in _dates(year):
            if chinese_calendar.is_workday(d):
                counts[d.month - 1] += 1
    except NotImplementedError:
        return None
    return tuple(counts)


def month_weekdays(year: int) -> tuple[int, ...]:
    """Monday–Friday days of each month: the schedule's weights where no arrangement is known."""
    _check_year(year)
    counts = [0] * 12
    for d in _dates(year):
        if d.weekday() < 5:
            counts[d.month - 1] += 1
    return tuple(counts)
