"""The calendar against docs/method.md §2 (figures transcribed from it, not from the code)."""

from __future__ import annotations

import datetime as dt

import pytest

from planlib.core.calendar import CalendarError, statutory_holidays_by_law, year_calendar
from planlib.text.calendar import calendar_sentence

# docs/method.md §2: formula workdays per person.
FORMULA_WORKDAYS = {
    2018: 250,
    2019: 250,
    2020: 251,
    2021: 250,
    2022: 249,
    2023: 249,
    2024: 251,
    2025: 248,
    2026: 248,
    2027: 248,
    2028: 247,
}
# The official arrangement equals the formula 2018–2026 except 2020 (COVID extension).
OFFICIAL_WORKDAYS = {y: w for y, w in FORMULA_WORKDAYS.items() if y <= 2026} | {2020: 249}


@pytest.mark.parametrize("year,workdays", sorted(FORMULA_WORKDAYS.items()))
def test_formula_workdays(year, workdays):
    cal = year_calendar(year)
    assert cal.workdays_per_person == workdays
    assert cal.days - cal.weekend_days - cal.statutory_holidays == workdays


@pytest.mark.parametrize("year,weekend", [(2020, 104), (2021, 104), (2022, 105), (2023, 105), (2028, 106)])
def test_weekend_days_counted_from_the_real_calendar(year, weekend):
    assert year_calendar(year).weekend_days == weekend


@pytest.mark.parametrize("year", range(2000, 2101, 7))
def test_weekend_days_match_an_independent_count(year):
    # Independent arithmetic: 52 full weeks give 104; the 1 or 2 extra days are weekend
    # days when they fall on Saturday or Sunday.
    days = 366 if dt.date(year, 12, 31).timetuple().tm_yday == 366 else 365
    extra = [(dt.date(year, 1, 1).weekday() + k) % 7 for k in range(days - 364)]
    assert year_calendar(year).weekend_days == 104 + sum(d >= 5 for d in extra)


@pytest.mark.parametrize("year,workdays", sorted(OFFICIAL_WORKDAYS.items()))
def test_official_workdays(year, workdays):
    cal = year_calendar(year, "official")
    assert cal.workdays_per_person == workdays
    assert cal.days - cal.weekend_days - cal.statutory_holidays + cal.makeup_workdays == workdays


def test_holiday_law_changes_in_2008_and_2025():
    assert statutory_holidays_by_law(2007) == 10  # 1999 text: 元旦1 春节3 劳动节3 国庆3
    assert statutory_holidays_by_law(2008) == 11  # 2007 revision: 劳动节1, + 清明 端午 中秋
    assert statutory_holidays_by_law(2024) == 11
    assert statutory_holidays_by_law(2025) == 13
    assert year_calendar(2024).statutory_holidays == 11
    assert year_calendar(2025).statutory_holidays == 13


def test_official_mode_refuses_a_year_without_data():
    with pytest.raises(CalendarError, match="2027"):
        year_calendar(2027, "official")


@pytest.mark.parametrize("year", [1999, 2101])
def test_years_outside_the_range_are_refused(year):
    with pytest.raises(CalendarError):
        year_calendar(year)


def test_unknown_mode_is_refused():
    with pytest.raises(CalendarError, match="lunar"):
        year_calendar(2020, "lunar")


def test_reference_sentence(reference_text):
    sentence = calendar_sentence(year_calendar(2020))
    assert sentence == (
        "2020年全年共366天，有52周，双休日104天，元旦、春节、五一、端午、国庆等法定假日"
        "共计11天。国家法定工作日=366-104-11=251个工作日。"
    )
    assert sentence in reference_text


def test_sentence_for_2025_names_13_days():
    assert "共计13天。国家法定工作日=365-104-13=248个工作日。" in calendar_sentence(year_calendar(2025))


def test_holiday_override_changes_the_count():
    cal = year_calendar(2021, statutory_holidays=14)  # a real plan's 365-104-14=247
    assert (cal.workdays_per_person, cal.overridden) == (247, False)


def test_workdays_override_is_kept_and_flagged():
    cal = year_calendar(2020, workdays_per_person=250)
    assert cal.workdays_per_person == 250 and cal.overridden
    assert cal.computed_workdays == 251
    assert "250" in calendar_sentence(cal) and "251" in calendar_sentence(cal)
