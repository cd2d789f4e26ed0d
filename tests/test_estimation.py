"""Estimation methods and the one rounding rule (docs/method.md §4), by hand arithmetic."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from planlib.core.estimation import Estimates, EstimationError, estimate, history_years, round_half_up
from planlib.core.model import WorkdayItem

STAFF = {2017: 30, 2018: 32, 2019: 35}


def item(method, history=None, reported=0):
    return WorkdayItem("非执法", "病假、事假", method, reported, history=history or {})


@pytest.mark.parametrize(
    "value,expected",
    [
        (Fraction(5, 2), 3),
        (Fraction(7, 2), 4),
        (Fraction(-5, 2), -3),
        (Fraction(97, 2), 49),
        (Fraction(2499, 10), 250),
        (Fraction(24949, 100), 249),
        (0, 0),
        (12, 12),
    ],
)
def test_round_half_up(value, expected):
    assert round_half_up(value) == expected


@given(st.integers(-(10**6), 10**6), st.integers(1, 1000))
def test_rounding_never_moves_more_than_half(numerator, denominator):
    exact = Fraction(numerator, denominator)
    assert abs(round_half_up(exact) - exact) <= Fraction(1, 2)


def test_history_years_are_the_three_before():
    assert history_years(2020) == (2017, 2018, 2019)


def test_reported():
    est = estimate(item("填报", reported=Fraction(8735, 10)), 2020, 35, STAFF)
    assert (est.workdays, est.exact) == (874, Fraction(8735, 10))  # 873.5 rounds up


def test_three_year_mean():
    est = estimate(item("三年平均", {2017: 300, 2018: 310, 2019: 321}), 2020, 35, STAFF)
    assert est.exact == Fraction(931, 3) and est.workdays == 310


def test_three_year_mean_half_rounds_up():
    est = estimate(item("三年平均", {2017: 1, 2018: 1, 2019: Fraction(5, 2)}), 2020, 35, STAFF)
    assert est.exact == Fraction(3, 2) and est.workdays == 2


def test_per_officer_mean_times_this_years_staff():
    hist = {2017: 360, 2018: 384, 2019: 455}  # 12, 12, 13 per officer
    est = estimate(item("三年人均", hist), 2020, 40, STAFF)
    assert est.mean == Fraction(37, 3)
    assert est.workdays == round_half_up(Fraction(37, 3) * 40) == 493


def test_last_year():
    est = estimate(item("上年", {2019: 168}), 2020, 35, STAFF)
    assert est.workdays == 168


@pytest.mark.parametrize(
    "method,history,staff",
    [
        ("三年平均", {2018: 1, 2019: 1}, STAFF),
        ("上年", {2017: 1, 2018: 1}, STAFF),
        ("三年人均", {2017: 1, 2018: 1, 2019: 1}, {2018: 3, 2019: 3}),
    ],
)
def test_missing_history_is_an_error_naming_the_year(method, history, staff):
    with pytest.raises(EstimationError, match="2017|2019"):
        estimate(item(method, history), 2020, 35, staff)


# ---------------------------------------------------------------- the memo (issue 23 item 4)


def test_the_memo_estimates_each_item_once_and_per_officer_items_once_per_staff(monkeypatch):
    import planlib.core.estimation as estimation

    made: list[tuple[str, int]] = []
    real = estimation.estimate

    def counting(item, plan_year, staff, staff_history):
        made.append((item.name, staff))
        return real(item, plan_year, staff, staff_history)

    monkeypatch.setattr(estimation, "estimate", counting)
    hist = {2017: 360, 2018: 384, 2019: 455}  # 12, 12, 13 per officer: 37/3
    mean = item("三年平均", {2017: 300, 2018: 310, 2019: 321})
    per_officer = replace(item("三年人均", hist), name="人均")
    twin = item("三年平均", {2017: 300, 2018: 310, 2019: 321})  # equal to the first, but another item
    memo = Estimates()
    for staff in (40, 41, 40, 41):
        assert memo(mean, 2020, staff, STAFF).workdays == 310  # 931/3, whatever the staff
        assert memo(per_officer, 2020, staff, STAFF).workdays == round_half_up(Fraction(37, 3) * staff)
    assert memo(twin, 2020, 40, STAFF).workdays == 310
    other_history = dict(STAFF)  # another staff history, though equal: not taken for the first
    memo(per_officer, 2020, 40, other_history)
    assert made == [("病假、事假", 40), ("人均", 40), ("人均", 41), ("病假、事假", 40), ("人均", 40)]
