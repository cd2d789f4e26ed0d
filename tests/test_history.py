"""The three-year history analysis: values, per-officer rates, derivations and departure flags.

Expected figures are worked out here by hand (exact fractions), never taken from the code.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from planlib.core import history
from planlib.core.model import NON_ENFORCEMENT, OTHER_ENFORCEMENT, Plan, Unit, WorkdayItem
from planlib.text.numbers import number
from planlib.text.report.history import approx, derivation


def plan_with(*items: WorkdayItem, staff_history=None, staff: int = 10) -> Plan:
    return Plan(
        "测试局",
        2021,
        (Unit("一队", staff, 10, 1),),
        items,
        staff_history={2018: 8, 2019: 10, 2020: 12} if staff_history is None else staff_history,
    )


def mean_item(values, name="培训") -> WorkdayItem:
    return WorkdayItem(NON_ENFORCEMENT, name, "三年平均", history=dict(zip((2018, 2019, 2020), values, strict=True)))


def test_three_year_mean_item_by_hand():
    h = history.item_history(mean_item((90, 100, 125)), plan_with())
    assert h.years == (2018, 2019, 2020)
    assert h.values == (90, 100, 125)
    assert h.per_officer == (Fraction(90, 8), Fraction(100, 10), Fraction(125, 12))
    assert h.basis == history.BASIS_WORKDAYS
    assert h.mean == Fraction(315, 3) == 105
    assert h.latest == 125
    assert h.departure == Fraction(20, 105)  # (125 − 105) ÷ 105 ≈ 19.05%
    assert not h.flagged  # under the default 20%
    assert h.estimate.workdays == 105
    assert derivation(h) == "三年平均=(90+100+125)÷3=105，取105个工作日"


def test_flag_is_strictly_above_the_threshold():
    # 90, 90, 120: mean 100, latest 120, exactly +20%.
    item = mean_item((90, 90, 120))
    assert history.item_history(item, plan_with()).departure == Fraction(1, 5)
    assert not history.item_history(item, plan_with(), Fraction(1, 5)).flagged
    assert not history.item_history(item, plan_with(), history.as_threshold(0.2)).flagged
    assert history.item_history(item, plan_with(), Fraction(19, 100)).flagged
    # a fall counts as much as a rise: 110, 110, 80 → mean 100, −20.0…%
    assert history.item_history(mean_item((110, 110, 80)), plan_with(), Fraction(19, 100)).flagged


def test_per_officer_items_compare_rates_not_workdays():
    # Workdays grow 80 → 100 → 120 only because staff grows 8 → 10 → 12: 10 a head every year.
    item = WorkdayItem(OTHER_ENFORCEMENT, "值班", "三年人均", history={2018: 80, 2019: 100, 2020: 120})
    h = history.item_history(item, plan_with(staff=15), Fraction(1, 100))
    assert h.basis == history.BASIS_PER_OFFICER
    assert h.per_officer == (10, 10, 10)
    assert h.mean == 10 and h.departure == 0 and not h.flagged
    assert h.estimate.workdays == 150  # 10 a head × 15 officers
    assert derivation(h) == "三年人均=(80÷8+100÷10+120÷12)÷3=10个工作日/人，×15人=150，取150个工作日"
    # The same workdays estimated by plain mean would be flagged: 120 vs 100 is +20% > 1%.
    assert history.item_history(mean_item((80, 100, 120)), plan_with(), Fraction(1, 100)).flagged


def test_per_officer_derivation_shows_rounding():
    item = WorkdayItem(OTHER_ENFORCEMENT, "综合监管", "三年人均", history={2018: 100, 2019: 100, 2020: 100})
    h = history.item_history(item, plan_with(staff=7))
    # rates 12.5, 10, 8.333…; mean 30.8333…/3 = 185/18 = 10.2777…; × 7 = 1295/18 = 71.944… → 72
    assert h.estimate.exact == Fraction(1295, 18)
    assert h.estimate.workdays == 72
    assert derivation(h) == ("三年人均=(100÷8+100÷10+100÷12)÷3≈10.28个工作日/人，×7人≈71.94，四舍五入取72个工作日")


def test_reported_and_last_year_derivations():
    reported = WorkdayItem(OTHER_ENFORCEMENT, "联合执法", "填报", 398, history={2018: 1, 2019: 2, 2020: 3})
    last = WorkdayItem(OTHER_ENFORCEMENT, "许可", "上年", history={2018: 173, 2019: 168, 2020: 170})
    plan = plan_with(reported, last)
    h_reported, h_last = history.plan_history(plan)
    assert derivation(h_reported) == "各执法单位填报398个工作日，取398个工作日"
    assert h_reported.values == (1, 2, 3)  # the history is still shown and compared
    assert derivation(h_last) == "2020年实际170个工作日，取170个工作日"
    assert h_last.estimate.workdays == 170


def test_missing_history_is_reported_not_raised():
    item = WorkdayItem(NON_ENFORCEMENT, "病假", "三年平均", history={2019: 10, 2020: 12})
    h = history.item_history(item, plan_with())
    assert h.estimate is None
    assert "2018年" in h.problem and derivation(h) == h.problem
    assert h.values == (None, 10, 12)
    assert not h.complete
    assert h.mean is None and h.departure is None and not h.flagged


def test_zero_mean_has_no_departure():
    assert history.item_history(mean_item((0, 0, 0)), plan_with()).departure is None
    assert not history.item_history(mean_item((0, 0, 0)), plan_with()).flagged


def test_as_threshold_is_exact():
    assert history.as_threshold(0.2) == Fraction(1, 5)
    assert history.as_threshold("20%") == Fraction(1, 5)
    assert history.as_threshold(Fraction(1, 10)) == Fraction(1, 10)
    with pytest.raises(ValueError, match="阈值"):
        history.as_threshold(0)


def test_number_formatting():
    assert number(611) == "611"
    assert number(Fraction(75, 4)) == "18.75"
    assert number(Fraction(2605005, 1000)) == "2605.01"  # half up
    assert number(Fraction(-1, 8)) == "-0.13"
    assert number(None) == "—"
    assert approx(Fraction(1, 4)) == "=0.25"
    assert approx(Fraction(1, 3)) == "≈0.33"


def test_xicheng_history(xicheng_plan):
    histories = history.plan_history(xicheng_plan)
    assert [h.name for h in histories] == [i.name for i in xicheng_plan.items]
    # Every estimate reproduces the published figure (reference plan 四（三）（四）).
    assert [h.estimate.workdays for h in histories] == [
        630,
        168,
        436,
        280,
        398,
        20,
        160,
        124,
        874,
        420,
        2605,
        97,
        551,
        700,
        310,
    ]
    assert history.staff_series(xicheng_plan) == ((2017, 32), (2018, 33), (2019, 35), (2020, 35))
    other = next(h for h in histories if h.name == "其他非执法工作")
    assert other.departure == Fraction(335 - 310, 310)  # 285, 310, 335
    assert not history.flagged(histories)  # nothing departs by more than 20%
    flagged_at_5 = {h.name for h in history.flagged(history.plan_history(xicheng_plan, Fraction(5, 100)))}
    assert "其他非执法工作" in flagged_at_5  # +8.06%
    assert "病假、事假" in flagged_at_5  # 104, 97, 90: (90 − 97) ÷ 97 = −7.2%
    assert "组织生产安全事故调查和处理" not in flagged_at_5  # 436 every year
