"""The plan computation: hand-checked small plans and properties over generated plans."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from planlib.core.compute import KEY_FROM_MIN_SHARE, compute, min_key_inspections
from planlib.core.model import METHODS, NON_ENFORCEMENT, OTHER_ENFORCEMENT, Plan, Unit, WorkdayItem


def small_plan(**changes) -> Plan:
    units = (Unit("一队", 5, 40, 1), Unit("二队", 5, 40, 1), Unit("科室", 2, 10, 0))
    items = (
        WorkdayItem(OTHER_ENFORCEMENT, "综合监管", "填报", 300),
        WorkdayItem(NON_ENFORCEMENT, "值班", "三年人均", history={2018: 110, 2019: 120, 2020: 130}),
    )
    plan = Plan(
        "测试局", 2021, units, items, headcount=20, entity_base=1000, staff_history={2018: 11, 2019: 12, 2020: 13}
    )
    return replace(plan, **changes)


def test_small_plan_by_hand():
    r = compute(small_plan())
    # 2021: 365 − 104 − 11 = 250 per person; 12 officers.
    assert r.total_workdays == 250 * 12 == 3000
    assert r.other_enforcement.total == 300
    assert r.non_enforcement.total == 120  # 10 per officer each year × 12
    assert r.inspection_workdays == 3000 - 300 - 120 == 2580
    assert (r.key_inspections, r.key_workdays) == (90, 180)
    assert r.general_workdays == 2400 and r.general_inspections == 1200
    assert r.random_min == 960
    assert [(u.key, u.general) for u in r.units] == [(40, 600), (40, 600), (10, 0)]
    assert r.key_share == Fraction(90, 1290)


def test_odd_general_workdays_round_down_and_are_reported():
    r = compute(small_plan(days_per_general_inspection=7))
    assert r.general_inspections == 2400 // 7 == 342
    assert r.general_workdays_unused == 2400 - 342 * 7


def test_unused_general_workdays_are_whole_for_one_and_a_half_day_inspections():
    # 2400 general workdays, 1.5 days each: 1600 inspections use them all …
    assert compute(small_plan(days_per_general_inspection=Fraction(3, 2))).general_workdays_unused == 0
    # … and 2399 days: ⌊2399 ÷ 1.5⌋ = 1599 inspections need 2398.5, i.e. 2399 started days:
    # none left (the old code said half a day)
    plan = small_plan(
        days_per_general_inspection=Fraction(3, 2),
        items=(WorkdayItem(OTHER_ENFORCEMENT, "综合监管", "填报", 301), small_plan().items[1]),
    )
    r = compute(plan)
    assert r.general_workdays == 2399 and r.general_inspections == 1599
    assert r.general_workdays_unused == 0 and isinstance(r.general_workdays_unused, int)


def test_without_key_counts_the_minimum_share_is_met_with_the_fewest_key_inspections():
    plan = small_plan(units=tuple(replace(u, key_inspections=0) for u in small_plan().units))
    r = compute(plan)
    assert r.key_source == KEY_FROM_MIN_SHARE
    k = r.key_inspections
    assert Fraction(k, r.planned_inspections) >= Fraction(3, 5)
    # one fewer key inspection would fall short (2 workdays each, all 2580 days used)
    fewer_general = (2580 - 2 * (k - 1)) // 2
    assert Fraction(k - 1, k - 1 + fewer_general) < Fraction(3, 5)
    assert sum(u.key for u in r.units) == k


def test_min_key_inspections_with_nothing_to_split():
    assert min_key_inspections(0, Fraction(2), Fraction(2), Fraction(3, 5)) == 0


def test_mode_argument_overrides_the_workbook():
    plan = small_plan(year=2020, items=small_plan().items[:1])
    assert compute(plan).calendar.workdays_per_person == 251
    assert compute(plan, "official").calendar.workdays_per_person == 249


# ---- generated plans -------------------------------------------------------------------

YEARS = st.integers(2005, 2030)


@st.composite
def plans(draw) -> Plan:
    year = draw(YEARS)
    hist_years = (year - 3, year - 2, year - 1)
    staff_hist = {y: draw(st.integers(1, 60)) for y in hist_years}
    n_units = draw(st.integers(1, 6))
    units = tuple(
        Unit(
            f"单位{i}",
            draw(st.integers(0, 20)),
            draw(st.integers(0, 60)),
            draw(st.sampled_from([0, 1, 2, Fraction(1, 2)])),
        )
        for i in range(n_units)
    )
    items = []
    n_items = draw(st.integers(0, 8))
    for i in range(n_items):
        method = draw(st.sampled_from(METHODS))
        # Realistic history: per-officer items use at most 20 days per officer and year, so
        # all of them together never exceed the ~250 workdays an officer has.
        history = {y: draw(st.integers(0, 20 * staff_hist[y])) for y in hist_years}
        reported = draw(st.integers(0, 500)) if method == "填报" else 0
        cat = draw(st.sampled_from([OTHER_ENFORCEMENT, NON_ENFORCEMENT]))
        items.append(WorkdayItem(cat, f"项目{i}", method, reported, history=history))
    return Plan(
        "生成局",
        year,
        units,
        tuple(items),
        headcount=draw(st.none() | st.integers(0, 200)),
        entity_base=draw(st.none() | st.integers(1, 20000)),
        days_per_key_inspection=draw(st.sampled_from([1, 2, 3, Fraction(3, 2)])),
        days_per_general_inspection=draw(st.sampled_from([1, 2, 3, Fraction(1, 2)])),
        key_share_min=draw(st.sampled_from([Fraction(3, 5), Fraction(7, 10)])),
        staff_history=staff_hist,
    )


def by_hand_workdays_per_person(year: int) -> int:
    """Formula mode, counted here from the calendar and the holiday law's dates of force."""
    days = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
    weekend = sum((dt.date(year, 1, 1) + dt.timedelta(d)).weekday() >= 5 for d in range(days))
    holidays = 10 if year < 2008 else 11 if year < 2025 else 13
    return days - weekend - holidays


def by_hand_exact(item: WorkdayItem, plan: Plan, staff: int) -> Fraction:
    """An item's estimate before rounding, from docs/method.md §2's definitions."""
    years = (plan.year - 3, plan.year - 2, plan.year - 1)
    if item.method == "填报":
        return Fraction(item.reported)
    if item.method == "不计":  # docs/contract.md §4: listed with no workdays
        return Fraction(0)
    if item.method == "上年":
        return Fraction(item.history[plan.year - 1])
    if item.method == "三年平均":
        return Fraction(sum(item.history[y] for y in years), 3)
    assert item.method == "三年人均"
    return sum((Fraction(item.history[y], plan.staff_history[y]) for y in years), Fraction(0)) / 3 * staff


def half_up(x: Fraction) -> int:
    return math.floor(x + Fraction(1, 2))  # the estimates here are never negative


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(plans())
def test_parts_always_add_up(plan):
    """Every figure of the chain against arithmetic done here, not the chain's own definitions."""
    r = compute(plan)
    staff = sum(u.staff for u in plan.units)
    total = by_hand_workdays_per_person(plan.year) * staff
    assert r.total_workdays == total
    items = {i.name: half_up(by_hand_exact(i, plan, staff)) for i in plan.items}
    for cat in (r.other_enforcement, r.non_enforcement):
        assert {i.name: i.workdays for i in cat.items} == {i.name: items[i.name] for i in plan.items_of(cat.category)}
        assert cat.total == sum(items[i.name] for i in plan.items_of(cat.category))
    inspection = total - sum(items.values())
    assert r.inspection_workdays == inspection
    dk, dg = Fraction(plan.days_per_key_inspection), Fraction(plan.days_per_general_inspection)
    key = r.key_inspections
    if any(u.key_inspections for u in plan.units):
        assert key == sum(u.key_inspections for u in plan.units)
    key_days = math.ceil(key * dk)  # a started day is spent
    assert r.key_workdays == key_days
    general = max(0, math.floor((inspection - key_days) / dg))
    assert r.general_inspections == general
    assert sum(u.key for u in r.units) == key
    if any(u.general_weight for u in plan.units):
        assert sum(u.general for u in r.units) == general
    assert r.planned_inspections == key + general
    # what is left after whole general inspections: whole days, fewer than one more inspection
    unused = r.general_workdays_unused
    assert isinstance(unused, int) and unused >= 0
    if inspection - key_days > 0:
        assert unused == inspection - key_days - math.ceil(general * dg)
        assert unused < dg
    assert r.random_min == math.ceil(general * Fraction(4, 5))


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(plans())
def test_rounding_never_loses_or_invents_a_workday(plan):
    r = compute(plan)
    staff = sum(u.staff for u in plan.units)
    for cat in (r.other_enforcement, r.non_enforcement):
        for item in cat.items:
            assert abs(item.workdays - item.estimate.exact) <= Fraction(1, 2)
            # half up by hand: x.5 goes up, so workdays − exact is never exactly −1/2
            assert item.workdays - item.estimate.exact != Fraction(-1, 2)
            source = next(i for i in plan.items if i.name == item.name)
            assert item.estimate.exact == by_hand_exact(source, plan, staff)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(plans(), st.data())
def test_more_officers_never_give_fewer_inspection_workdays(plan, data):
    unit = data.draw(st.integers(0, len(plan.units) - 1))
    extra = data.draw(st.integers(1, 10))
    more = list(plan.units)
    more[unit] = replace(more[unit], staff=more[unit].staff + extra)
    before, after = compute(plan), compute(replace(plan, units=tuple(more)))
    assert after.inspection_workdays >= before.inspection_workdays
    assert after.total_workdays == before.total_workdays + extra * before.workdays_per_person


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(plans())
def test_contract_json_is_always_serialisable_and_shares_add_up(plan):
    import json

    from planlib.io.contract import to_contract
    from planlib.text.findings import check

    r = compute(plan)
    data = json.loads(json.dumps(to_contract(r, check(r))))
    shares = data["shares"]
    if r.planned_inspections:
        assert round(shares["key"] + shares["general"], 4) == 1.0


def test_round_share_is_half_up_to_four_places():
    from planlib.core.shares import round_share

    # 35/83 = 0.421686…, 506/8580 = 0.058974…; 1/20000 and 3/20000 end exactly on a half
    assert [round_share(Fraction(n, d)) for n, d in ((35, 83), (506, 8580), (1, 20000), (3, 20000))] == [
        0.4217,
        0.059,
        0.0001,
        0.0002,
    ]
    assert round_share(None) is None


def test_json_number_keeps_whole_numbers_whole():
    import json

    import pytest

    from planlib.io.contract import json_number

    assert json_number(Fraction(4, 2)) == 2 and type(json_number(Fraction(4, 2))) is int
    assert json_number(Fraction(3, 2)) == 1.5 and json_number(7) == 7
    assert json.dumps({"d": Fraction(3, 2)}, default=json_number) == '{"d": 1.5}'
    with pytest.raises(TypeError):
        json.dumps({"x": object()}, default=json_number)
