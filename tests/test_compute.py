"""The plan computation: hand-checked small plans and properties over generated plans."""

from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from planlib.core.compute import KEY_FROM_MIN_SHARE, compute, min_key_inspections
from planlib.core.estimation import round_half_up
from planlib.core.model import METHODS, NON_ENFORCEMENT, OTHER_ENFORCEMENT, Plan, Unit, WorkdayItem


def small_plan(**changes) -> Plan:
    units = (Unit("一队", 5, 40, 1), Unit("二队", 5, 40, 1), Unit("科室", 2, 10, 0))
    items = (
        WorkdayItem(OTHER_ENFORCEMENT, "综合监管", "填报", 300),
        WorkdayItem(NON_ENFORCEMENT, "值班", "三年人均", history={2018: 110, 2019: 120, 2020: 130}),
    )
    plan = Plan("测试局", 2021, units, items, headcount=20, entity_base=1000,
                staff_history={2018: 11, 2019: 12, 2020: 13})
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
        Unit(f"单位{i}", draw(st.integers(0, 20)), draw(st.integers(0, 60)),
             draw(st.sampled_from([0, 1, 2, Fraction(1, 2)])))
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
        "生成局", year, units, tuple(items),
        headcount=draw(st.none() | st.integers(0, 200)),
        entity_base=draw(st.none() | st.integers(1, 20000)),
        days_per_key_inspection=draw(st.sampled_from([1, 2, 3, Fraction(3, 2)])),
        days_per_general_inspection=draw(st.sampled_from([1, 2, 3, Fraction(1, 2)])),
        key_share_min=draw(st.sampled_from([Fraction(3, 5), Fraction(7, 10)])),
        staff_history=staff_hist,
    )


@settings(max_examples=300, deadline=None)
@given(plans())
def test_parts_always_add_up(plan):
    r = compute(plan)
    assert r.total_workdays == r.workdays_per_person * plan.enforcement_staff
    for cat in (r.other_enforcement, r.non_enforcement):
        assert cat.total == sum(i.workdays for i in cat.items)
    assert r.inspection_workdays == r.total_workdays - r.other_enforcement.total - r.non_enforcement.total
    assert r.key_workdays + r.general_workdays == r.inspection_workdays
    assert sum(u.key for u in r.units) == r.key_inspections
    if any(u.general_weight for u in plan.units):
        assert sum(u.general for u in r.units) == r.general_inspections
    assert r.planned_inspections == r.key_inspections + r.general_inspections
    assert r.general_inspections >= 0 and r.general_workdays_unused >= 0
    if r.general_workdays > 0:
        # whole inspections only: what is left is less than one more inspection
        assert r.general_workdays_unused < Fraction(plan.days_per_general_inspection)
    assert r.random_min == math.ceil(r.general_inspections * Fraction(4, 5))


@settings(max_examples=300, deadline=None)
@given(plans())
def test_rounding_never_loses_or_invents_a_workday(plan):
    r = compute(plan)
    for cat in (r.other_enforcement, r.non_enforcement):
        for item in cat.items:
            assert abs(item.workdays - item.estimate.exact) <= Fraction(1, 2)
            assert item.workdays == round_half_up(item.estimate.exact)


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


@settings(max_examples=100, deadline=None)
@given(plans())
def test_contract_json_is_always_serialisable_and_shares_add_up(plan):
    import json

    from planlib.io.contract import to_contract
    from planlib.core.rules import check

    r = compute(plan)
    data = json.loads(json.dumps(to_contract(r, check(r))))
    shares = data["shares"]
    if r.planned_inspections:
        assert round(shares["key"] + shares["general"], 4) == 1.0


def test_round_share_is_half_up_to_four_places():
    from planlib.core.shares import round_share

    # 35/83 = 0.421686…, 506/8580 = 0.058974…; 1/20000 and 3/20000 end exactly on a half
    assert [round_share(Fraction(n, d)) for n, d in ((35, 83), (506, 8580), (1, 20000), (3, 20000))] == [
        0.4217, 0.059, 0.0001, 0.0002]
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
