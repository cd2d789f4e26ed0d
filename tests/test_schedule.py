"""The monthly schedule (附件3): both sums hold, and the months follow the year's workdays.

The 2020 months are counted here by hand from the State Council's 2020 arrangement
(国办发明电〔2019〕16号 and the Spring Festival extension, 国办发明电〔2020〕1号)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from itertools import product

import pytest

from planlib.core.calendar import month_weekdays, month_workdays
from planlib.core.compute import compute
from planlib.core.schedule import BASIS_ARRANGEMENT, BASIS_WEEKDAYS, month_weights, plan_schedule, schedule, spread

# Month: Monday–Friday days, minus weekdays off, plus weekend days worked (调休).
WORKDAYS_2020 = (
    23 - 1 - 6 + 1,  # Jan: 元旦 (Wed 1); 春节 from Fri 24, Mon 27–Fri 31 off; Sun 19 worked
    20,  # Feb: the extended holiday ends Sun 2 (the make-up Sat 1 was cancelled)
    22,  # Mar
    22 - 1 + 1,  # Apr: 清明 Mon 6 off; Sun 26 worked
    21 - 3 + 1,  # May: Fri 1, Mon 4, Tue 5 off; Sat 9 worked
    22 - 2 + 1,  # Jun: 端午 Thu 25, Fri 26 off; Sun 28 worked
    23,
    21,  # Jul, Aug
    22 + 1,  # Sep: Sun 27 worked
    22 - 6 + 1,  # Oct: 国庆/中秋 Thu 1, Fri 2, Mon 5–Thu 8 off; Sat 10 worked
    21,
    23,  # Nov, Dec
)


def test_2020_months_are_the_arrangement():
    assert WORKDAYS_2020 == (17, 20, 22, 22, 19, 21, 23, 21, 23, 17, 21, 23)
    assert sum(WORKDAYS_2020) == 249  # docs/method.md §2: the official 2020 count
    assert month_workdays(2020) == WORKDAYS_2020
    assert month_weights(2020) == (WORKDAYS_2020, BASIS_ARRANGEMENT)


def test_a_year_without_an_arrangement_is_weighted_by_weekdays():
    """chinesecalendar starts at 2004: 2003 has no arrangement, so Monday–Friday days weigh."""
    assert month_workdays(2003) is None
    weekdays = [0] * 12
    day = dt.date(2003, 1, 1)
    while day.year == 2003:
        weekdays[day.month - 1] += day.weekday() < 5
        day += dt.timedelta(days=1)
    assert month_weekdays(2003) == tuple(weekdays) and sum(weekdays) == 261  # 365 − 104 weekend days
    assert month_weights(2003) == (tuple(weekdays), BASIS_WEEKDAYS)


def _check_both_ways(table, totals, weights, month_totals=None):
    months, units = len(weights), len(totals)
    assert [sum(table[m][u] for m in range(months)) for u in range(units)] == list(totals)
    if month_totals is not None:
        assert [sum(row) for row in table] == list(month_totals)
    for m, u in product(range(months), range(units)):  # every cell the floor or ceiling of its quota
        quota = Fraction(totals[u] * weights[m], sum(weights))
        assert quota - 1 < table[m][u] < quota + 1, (m, u, table[m][u], quota)


def test_xicheng_general_inspections_by_month():
    # 200 × workdays ÷ 249, by hand: floors 13 16 17 17 15 16 18 16 18 13 16 18 (193), 7 left to the
    # largest remainders: Jun, Aug, Nov (216/249), Mar, Apr (167/249), Jan, Oct (163/249).
    months = (14, 16, 18, 18, 15, 17, 18, 17, 18, 14, 17, 18)
    assert sum(months) == 200
    table = spread([0, 50, 50, 50, 50], WORKDAYS_2020)
    _check_both_ways(table, [0, 50, 50, 50, 50], WORKDAYS_2020, months)


def test_the_plan_schedule_adds_up_both_ways(xicheng_plan):
    s = plan_schedule(compute(xicheng_plan))
    assert s.basis == BASIS_ARRANGEMENT and s.weights == WORKDAYS_2020
    assert s.units[0] == "安全监管科（行政审批科）"
    _check_both_ways(s.key, [26, 70, 70, 70, 70], WORKDAYS_2020)
    _check_both_ways(s.general, [0, 50, 50, 50, 50], WORKDAYS_2020)
    assert [s.month_total(m) for m in range(12)] == [sum(s.key[m]) + sum(s.general[m]) for m in range(12)]
    assert sum(s.month_total(m) for m in range(12)) == 506


def test_key_inspections_front_loaded():
    """All key units covered by the end of June: months 7–12 have none, 1–6 follow their workdays."""
    first_half = WORKDAYS_2020[:6]
    s = schedule(2020, ["甲", "乙"], [26, 70], [10, 10], WORKDAYS_2020, BASIS_ARRANGEMENT, key_by_month=6)
    assert all(sum(s.key[m]) == 0 for m in range(6, 12))
    _check_both_ways([row for row in s.key[:6]], [26, 70], first_half)
    # 96 over 121 workdays: January 96 × 17 ÷ 121 = 13.49
    assert sum(s.key[0]) in (13, 14)
    _check_both_ways(s.general, [10, 10], WORKDAYS_2020)
    with pytest.raises(ValueError):
        schedule(2020, ["甲"], [1], [1], WORKDAYS_2020, BASIS_ARRANGEMENT, key_by_month=13)


@pytest.mark.parametrize(
    "totals, weights",
    [
        ([1, 1, 1], [1] * 12),  # three inspections, twelve equal months: three months get one each
        ([7, 0, 5, 11], [21, 19, 22, 0, 20, 22, 23, 21, 22, 17, 21, 23]),  # a month with no workdays
        ([300, 299, 1], [20] * 6 + [21] * 6),
        ([0, 0], [17] * 12),
    ],
)
def test_both_sums_hold(totals, weights):
    table = spread(totals, weights)
    whole = sum(weights)
    quotas = [Fraction(sum(totals) * w, whole) for w in weights]
    # the month totals are the largest-remainder split of the grand total, worked here by hand
    floors = [int(q) for q in quotas]
    order = sorted(range(12), key=lambda m: (-(quotas[m] - floors[m]), m))
    month_totals = [f + (m in order[: sum(totals) - sum(floors)]) for m, f in enumerate(floors)]
    _check_both_ways(table, totals, weights, month_totals)
    assert all(table[m] == [0] * len(totals) for m in range(12) if weights[m] == 0)


def test_without_a_known_arrangement_the_schedule_says_so(xicheng_plan):
    """A year whose arrangement is unknown (calendar.months None): Mon–Fri days weigh the months."""
    from dataclasses import replace

    from planlib.text.document import schedule_notes

    r = compute(xicheng_plan)
    s = plan_schedule(replace(r, calendar=replace(r.calendar, months=None)))
    # 2020 starts on a Wednesday: Jan 23, Feb 20 (29 days), …; 262 weekdays = 366 − 104
    assert s.basis == BASIS_WEEKDAYS and s.weights[:2] == (23, 20) and sum(s.weights) == 262
    _check_both_ways(s.general, [0, 50, 50, 50, 50], s.weights)
    assert schedule_notes(s)[0] == (
        "注：2020年的国务院放假安排未知，各月按周一至周五的天数（共262天）分配检查家数，未扣除法定节假日。"
    )
