"""What-if scenarios (planlib.core.scenario) and saving them (planlib.io.scenario_file.save_scenario).

Expected figures come from the reference plan (section 四–六 of the Xicheng 2020 plan) or
from arithmetic written out here, never from running the code under test: the staff split
by largest remainder is worked by hand, and ``chain`` below recomputes the plan for any
number of officers from the published item figures and the per-officer means of the
workbook's history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from hand_chain import (
    ENTITY_BASE,
    KEY,
    KEY_WORKDAYS,
    PUBLISHED,
    TRAINING,
    WORKDAYS_PER_PERSON,
    chain,
    half_up,
    per_officer_rate,
)
from planlib.core.compute import compute
from planlib.core.model import METHOD_PER_OFFICER, NON_ENFORCEMENT, OTHER_ENFORCEMENT
from planlib.core.scenario import (
    BASELINE,
    InverseAnswers,
    Scenario,
    ScenarioError,
    answer_inverse,
    apply,
    compare,
    exact,
    max_plan_ratio,
    officers_for_inspections,
    officers_for_plan_ratio,
    sensitivity,
    smallest_staff,
    spread_officers,
    wisn_ratio,
    with_default_targets,
)
from planlib.io.contract import to_contract
from planlib.io.scenario_file import SCENARIO_SHEET, save_scenario, scenario_filename, scenario_summary, write_summary
from planlib.text.findings import check
from planlib.text.scenario import comparison_cells, describe, inverse_lines, sensitivity_cells


@pytest.fixture(scope="module")
def plan(xicheng_plan):
    return xicheng_plan


# ---------------------------------------------------------------- the hand arithmetic itself


def test_hand_chain_reproduces_the_published_plan(plan):
    c = chain(plan, 35)
    assert (c["other"], c["non"], c["inspection"], c["general"], c["planned"]) == (3090, 4683, 1012, 200, 506)


# ---------------------------------------------------------------- applying a scenario


def test_baseline_scenario_is_the_workbook(plan):
    r = compute(apply(plan, BASELINE))
    assert (r.total_workdays, r.inspection_workdays, r.key_inspections, r.general_inspections) == (8785, 1012, 306, 200)
    assert apply(plan, BASELINE) == plan


def test_total_officers_spread_by_largest_remainder(plan):
    # 36 × (3, 8, 8, 8, 8) / 35 = 3.086, 8.229 ×4: floors 3+8+8+8+8 = 35, one left for the
    # largest remainder, .229, tied among the four teams: the first (综合队) gets it.
    assert [u.staff for u in apply(plan, Scenario(total_officers=36)).units] == [3, 9, 8, 8, 8]
    # 30 × 3/35 = 2.571, 30 × 8/35 = 6.857: floors 2+6×4 = 26, four left go to the .857s.
    assert [u.staff for u in apply(plan, Scenario(total_officers=30)).units] == [2, 7, 7, 7, 7]
    # back to 35 restores the workbook exactly
    assert apply(plan, Scenario(total_officers=35)).units == plan.units


def test_unit_override_then_total_spreads_over_the_overridden_staff(plan):
    s = Scenario(unit_officers={"执法监察一队": 10})
    assert [u.staff for u in apply(plan, s).units] == [3, 8, 10, 8, 8]
    # 33 over (3, 8, 10, 8, 8) = 37: 2.676, 7.135, 8.919, 7.135 ×2 → floors 2+7+8+7+7 = 31;
    # remainders .919 (一队), .676 (科) take the two left.
    assert [u.staff for u in apply(plan, s.with_changes(total_officers=33)).units] == [3, 7, 9, 7, 7]


@pytest.mark.parametrize("officers", [32, 33, 34, 36, 37, 40, 50])
def test_staff_scenarios_match_hand_arithmetic(plan, officers):
    r = compute(apply(plan, Scenario(total_officers=officers)))
    c = chain(plan, officers)
    assert r.total_workdays == WORKDAYS_PER_PERSON * officers
    assert (r.other_enforcement.total, r.non_enforcement.total) == (c["other"], c["non"])
    assert (r.inspection_workdays, r.general_inspections, r.planned_inspections) == (
        c["inspection"],
        c["general"],
        c["planned"],
    )
    assert sum(u.general for u in r.units) == r.general_inspections
    assert sum(u.staff for u in r.units) == officers


def test_per_officer_items_follow_staff_and_others_do_not(plan):
    r36 = compute(apply(plan, Scenario(total_officers=36)))
    by_name = {i.name: i.workdays for cat in (r36.other_enforcement, r36.non_enforcement) for i in cat.items}
    for item in plan.items:
        if item.method == METHOD_PER_OFFICER:
            assert by_name[item.name] == half_up(per_officer_rate(plan, item) * 36)
            assert by_name[item.name] > PUBLISHED[(item.category, item.name)]
        else:
            assert by_name[item.name] == PUBLISHED[(item.category, item.name)]


def test_training_minus_ten_percent(plan):
    s = Scenario.from_parameters(item_adjustments={TRAINING: -0.1})
    assert s.item_adjustments == {TRAINING: Fraction(-1, 10)}
    r = compute(apply(plan, s))
    c = chain(plan, 35, {(NON_ENFORCEMENT, TRAINING): Fraction(9, 10)})
    assert (r.non_enforcement.total, r.planned_inspections) == (c["non"], c["planned"])
    assert r.non_enforcement.total < 4683
    # the training item stays 三年人均, so it still follows the staff
    training = next(i for i in apply(plan, s).items if i.name == TRAINING)
    assert training.method == METHOD_PER_OFFICER
    r40 = compute(apply(plan, s.with_changes(total_officers=40)))
    assert r40.planned_inspections == chain(plan, 40, {(NON_ENFORCEMENT, TRAINING): Fraction(9, 10)})["planned"]


def test_category_and_item_adjustments_multiply(plan):
    s = Scenario(
        category_adjustments={OTHER_ENFORCEMENT: Fraction(1, 10)},
        item_adjustments={"参加有关部门联合执法": Fraction(-1, 2)},
    )
    factors = {key: Fraction(11, 10) for key in PUBLISHED if key[0] == OTHER_ENFORCEMENT}
    factors[(OTHER_ENFORCEMENT, "参加有关部门联合执法")] = Fraction(11, 10) * Fraction(1, 2)
    r = compute(apply(plan, s))
    c = chain(plan, 35, factors)
    assert (r.other_enforcement.total, r.planned_inspections) == (c["other"], c["planned"])
    joint = next(i for i in r.other_enforcement.items if i.name == "参加有关部门联合执法")
    assert joint.workdays == half_up(Fraction(398) * Fraction(11, 20))  # 218.9 → 219


def test_days_per_inspection_and_official_calendar(plan):
    r = compute(apply(plan, Scenario(days_per_key_inspection=3)))
    # 306 × 3 = 918 key workdays; (1012 − 918) ÷ 2 = 47 general
    assert (r.key_workdays, r.general_inspections, r.planned_inspections) == (918, 47, 353)
    r = compute(apply(plan, Scenario.from_parameters(days_per_general_inspection=2.5)))
    assert r.general_inspections == math.floor(Fraction(400) / Fraction(5, 2))  # 160
    # 2020 under the State Council arrangement: 249 workdays (docs/method.md §2)
    r = compute(apply(plan, Scenario(workday_mode="official")))
    assert (r.workdays_per_person, r.total_workdays) == (249, 249 * 35)
    assert r.planned_inspections == KEY + (249 * 35 - 3090 - 4683 - KEY_WORKDAYS) // 2  # 471


def test_headcount_and_key_share_settings(plan):
    r = compute(apply(plan, Scenario(headcount=70)))
    assert r.staff_share == Fraction(35, 70)
    r = compute(apply(plan, Scenario.from_parameters(key_share_min=0.65)))
    errors = [f.rule for f in check(r) if f.severity == "error"]
    assert errors == ["key_share"]  # 306/506 = 60.47% < 65%
    assert r.planned_inspections == 506  # the register fixes the key inspections


def test_scenario_never_mutates_the_plan(plan):
    before = (plan.units, plan.items, plan.headcount)
    apply(plan, Scenario(total_officers=50, headcount=99, category_adjustments={NON_ENFORCEMENT: Fraction(-1, 5)}))
    assert (plan.units, plan.items, plan.headcount) == before


@pytest.mark.parametrize(
    "scenario, message",
    [
        (Scenario(unit_officers={"不存在的队": 3}), "不存在的队"),
        (Scenario(item_adjustments={"不存在的项目": Fraction(1, 10)}), "不存在的项目"),
        (Scenario(category_adjustments={"其它": Fraction(1, 10)}), "其它"),
        (Scenario(item_adjustments={TRAINING: Fraction(-3, 2)}), "−100%"),
        (Scenario(total_officers=-1), "负数"),
        (Scenario(days_per_key_inspection=0), "大于0"),
        (Scenario(workday_mode="lunar"), "lunar"),
        (Scenario(key_share_min=Fraction(3, 2)), "0到100%"),
    ],
)
def test_bad_scenarios_say_what_is_wrong(plan, scenario, message):
    with pytest.raises(ScenarioError, match=message):
        apply(plan, scenario)


def test_from_parameters_is_exact_and_strict():
    s = Scenario.from_parameters(
        total_officers=40.0,
        key_share_min="62.5%",
        target_plan_ratio=0.07,
        category_adjustments={NON_ENFORCEMENT: 0},
        days_per_key_inspection=1.5,
    )
    assert s.total_officers == 40 and isinstance(s.total_officers, int)
    assert s.key_share_min == Fraction(5, 8)
    assert s.target_plan_ratio == Fraction(7, 100)
    assert s.days_per_key_inspection == Fraction(3, 2)
    assert s.category_adjustments == {}  # zero means unchanged
    assert Scenario.from_parameters() == BASELINE
    with pytest.raises(ScenarioError, match="未知的情景参数"):
        Scenario.from_parameters(total_oficers=3)
    with pytest.raises(ScenarioError, match="整数"):
        Scenario.from_parameters(total_officers=35.5)
    assert exact(0.1) == Fraction(1, 10)  # not 3602879701896397/36028797018963968


@given(st.lists(st.integers(0, 60), min_size=1, max_size=8), st.integers(0, 500))
@settings(max_examples=200, deadline=None)
def test_spread_adds_up_stays_near_quota_and_round_trips(staff, total):
    weights = [1] * len(staff) if sum(staff) == 0 else staff
    spread = spread_officers(total, staff)
    assert sum(spread) == total
    for n, w in zip(spread, weights, strict=True):
        quota = Fraction(total * w, sum(weights))
        assert math.floor(quota) <= n <= math.ceil(quota)
    assert spread_officers(sum(staff), staff) == staff


# ---------------------------------------------------------------- inverse questions


def smallest_by_hand(plan, ok, upto=200) -> int:
    return next(n for n in range(upto) if ok(chain(plan, n)))


def test_officers_for_a_target_plan_ratio(plan):
    # 6% of 8580 = 514.8 → 515 inspections needed
    need = smallest_by_hand(plan, lambda c: c["inspection"] >= KEY_WORKDAYS and c["planned"] * 100 >= 6 * ENTITY_BASE)
    assert officers_for_plan_ratio(plan, Fraction(6, 100)) == need == 36
    # the published ratio itself (506/8580) needs exactly today's 35
    assert officers_for_plan_ratio(plan, Fraction(506, ENTITY_BASE)) == 35
    # "5.9%" as printed is 506.22 inspections: one more officer
    assert officers_for_plan_ratio(plan, Fraction(59, 1000)) == 36
    need = smallest_by_hand(plan, lambda c: c["inspection"] >= KEY_WORKDAYS and c["planned"] * 10 >= ENTITY_BASE)
    assert officers_for_plan_ratio(plan, Fraction(1, 10)) == need


def test_officers_to_cover_key_units_plus_general(plan):
    assert officers_for_inspections(plan, 200) == 35
    assert officers_for_inspections(plan, 201) == 36
    need = smallest_by_hand(plan, lambda c: c["inspection"] >= KEY_WORKDAYS)
    assert officers_for_inspections(plan, 0) == need  # just the key register


def test_search_agrees_with_a_linear_scan(plan):
    s = Scenario(item_adjustments={TRAINING: Fraction(-1, 10)}, days_per_general_inspection=3)
    for general in (0, 50, 333, 800):
        scan = next(
            n
            for n in range(500)
            if (r := compute(apply(plan, s.with_changes(total_officers=n)))).general_inspections >= general
            and 0 < r.key_workdays <= r.inspection_workdays
        )
        assert officers_for_inspections(plan, general, s) == scan


def test_unreachable_targets_are_none(plan):
    # non-enforcement ×4: per-officer duty, training, leave and party work alone exceed 251 days
    s = Scenario(category_adjustments={NON_ENFORCEMENT: Fraction(3)})
    assert officers_for_plan_ratio(plan, Fraction(1, 100), s) is None
    assert smallest_staff(plan, s, lambda r: r.general_inspections > 0, limit=1000) is None
    assert officers_for_plan_ratio(plan.with_changes(entity_base=None), Fraction(1, 100)) is None


def test_max_plan_ratio_and_wisn(plan):
    assert max_plan_ratio(compute(plan)) == Fraction(506, ENTITY_BASE)
    assert max_plan_ratio(compute(plan.with_changes(entity_base=None))) is None
    assert wisn_ratio(35, 36) == Fraction(35, 36)
    assert wisn_ratio(35, None) is None and wisn_ratio(35, 0) is None
    answers = answer_inverse(plan, Scenario(target_plan_ratio=Fraction(6, 100), general_target=201))
    assert (answers.officers_for_target, answers.officers_for_general, answers.required) == (36, 36, 36)
    assert answers.wisn == Fraction(35, 36)
    text = "\n".join(inverse_lines(answers))
    assert "需要执法人员36人" in text and "0.97" in text and "人员不足" in text and "5.90%" in text


def test_default_targets(plan):
    s = with_default_targets(BASELINE, compute(plan))
    # 5.90% → the next whole percent; the general target is today's 200
    assert (s.target_plan_ratio, s.general_target) == (Fraction(6, 100), 200)
    kept = with_default_targets(Scenario(target_plan_ratio=Fraction(1, 10), general_target=7), compute(plan))
    assert (kept.target_plan_ratio, kept.general_target) == (Fraction(1, 10), 7)


# ---------------------------------------------------------------- sensitivity


def test_sensitivity_by_hand(plan):
    rows = {r.name: r for r in sensitivity(plan)}
    assert {r.base for r in rows.values()} == {506}
    # officers 35 × 0.9 = 31.5 → 32, × 1.1 = 38.5 → 39 (half up)
    assert sensitivity_cells(rows["执法人员数"])[2:4] == ("32人", "39人")
    assert (rows["执法人员数"].low, rows["执法人员数"].high) == (chain(plan, 32)["planned"], chain(plan, 39)["planned"])
    # per-person workdays 251 → 226 / 276: 226 × 35 leaves less than the key register needs
    assert (rows["国家法定工作日"].low, rows["国家法定工作日"].high) == (
        KEY,
        KEY + (276 * 35 - 3090 - 4683 - KEY_WORKDAYS) // 2,
    )
    # 2 days per general inspection → 1.8 / 2.2: 400 ÷ 1.8 = 222, 400 ÷ 2.2 = 181
    assert (rows["每家一般检查天数"].low, rows["每家一般检查天数"].high) == (KEY + 222, KEY + 181)
    # key: ⌈306 × 1.8⌉ = 551 → (1012 − 551) ÷ 2 = 230; ⌈306 × 2.2⌉ = 674 → 169
    assert (rows["每家重点检查天数"].low, rows["每家重点检查天数"].high) == (KEY + 230, KEY + 169)
    # with 2 days for either kind, moving inspections between key and general changes nothing
    assert rows["重点检查家数"].swing == 0
    # a reported item: 398 × 0.9 = 358.2 → 358, × 1.1 = 437.8 → 438
    joint = rows["参加有关部门联合执法"]
    assert (joint.low, joint.high) == (KEY + (1012 + 40 - KEY_WORKDAYS) // 2, KEY + (1012 - 40 - KEY_WORKDAYS) // 2)
    swings = [r.swing for r in sensitivity(plan)]
    assert swings == sorted(swings, reverse=True)
    assert len(rows) == 5 + len(PUBLISHED)


# ---------------------------------------------------------------- comparison and description


def test_comparison_table(plan):
    base = compute(plan)
    same = compare(base, base)
    assert all(not r.changed and comparison_cells(r)[3] == "0" for r in same)
    r36 = compute(apply(plan, Scenario(total_officers=36)))
    rows = {comparison_cells(r)[0]: r for r in compare(base, r36)}
    planned = chain(plan, 36)["planned"]
    assert comparison_cells(rows["计划检查"]) == ("计划检查", "506家", f"{planned}家", f"+{planned - 506}家")
    assert rows["执法人员"].difference == 1
    assert comparison_cells(rows["执法监察综合队：人员"])[1:] == ("8人", "9人", "+1人")
    share = rows["重点检查占比"]
    assert share.baseline == Fraction(306, 506) and share.scenario == Fraction(306, planned)
    assert (
        comparison_cells(share)[1] == "60.47%"
        and comparison_cells(share)[3].startswith("−")
        and comparison_cells(share)[3].endswith("个百分点")
    )


def test_describe_lists_only_changes(plan):
    assert describe(plan, BASELINE) == []
    assert describe(plan, Scenario(total_officers=35, target_plan_ratio=Fraction(1, 10))) == []
    rows = describe(
        plan, Scenario(total_officers=36, item_adjustments={TRAINING: Fraction(-1, 10)}, workday_mode="official")
    )
    assert ("执法人员总数", "35人", "36人") in rows
    assert ("执法人员：执法监察综合队", "8人", "9人") in rows
    assert (f"调整：非执法·{TRAINING}", "0%", "−10%") in rows
    assert any(r[0] == "工作日计算方式" for r in rows)


def test_summary_is_json_ready(plan, tmp_path):
    import json

    path = write_summary(scenario_summary(plan, Scenario(total_officers=36)), tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["plan"]["inspections"]["total"] == chain(plan, 36)["planned"]
    assert data["plan"]["enforcement_staff"] == 36
    assert data["changes"][0] == {"setting": "执法人员总数", "baseline": "35人", "scenario": "36人"}
    assert [p.name for p in tmp_path.iterdir()] == ["scenario.json"]  # no temporary left


# ---------------------------------------------------------------- saving a scenario

WHEN = dt.datetime(2025, 3, 1, 9, 30, 0)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _without_places(contract: dict) -> dict:
    """The contract minus where findings point (cells of a different workbook)."""
    return {**contract, "findings": [{k: v for k, v in f.items() if k != "where"} for f in contract["findings"]]}


def test_saved_scenario_reopens_and_computes_the_same(plan, xicheng_path, tmp_path):
    from openpyxl import load_workbook

    from planlib.io.workbook import load_plan

    before = _digest(xicheng_path)
    s = Scenario(
        total_officers=38,
        item_adjustments={TRAINING: Fraction(-1, 10)},
        category_adjustments={OTHER_ENFORCEMENT: Fraction(3, 100)},
        days_per_general_inspection=Fraction(5, 2),
        headcount=90,
    )
    path = save_scenario(plan, s, tmp_path, now=WHEN)
    assert path.parent == tmp_path and path.name == "情景_2020_20250301-093000.xlsx"
    reopened = load_plan(path)
    expected = compute(apply(plan, s))
    got = compute(reopened)
    assert _without_places(to_contract(got, check(got))) == _without_places(to_contract(expected, check(expected)))
    assert got.enforcement_staff == 38 and got.plan.headcount == 90
    factors = {key: Fraction(103, 100) for key in PUBLISHED if key[0] == OTHER_ENFORCEMENT}
    factors[(NON_ENFORCEMENT, TRAINING)] = Fraction(9, 10)
    assert got.planned_inspections == chain(plan, 38, factors, days_general=Fraction(5, 2))["planned"]
    sheet = load_workbook(path, read_only=True)[SCENARIO_SHEET]
    values = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert ("执法人员总数", "35人", "38人") in values
    assert ("保存时间", "2025-03-01 09:30:00", None) in values
    assert ("计划检查（家）", 506, expected.planned_inspections) in values
    assert _digest(xicheng_path) == before  # the input is never modified
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no staging left behind


def test_saving_never_overwrites(plan, tmp_path):
    taken = tmp_path / scenario_filename(plan, WHEN)
    taken.write_bytes(b"keep me")
    first = save_scenario(plan, Scenario(total_officers=36), tmp_path, now=WHEN)
    second = save_scenario(plan, Scenario(total_officers=37), tmp_path, now=WHEN)
    assert taken.read_bytes() == b"keep me"
    assert [first.name, second.name] == ["情景_2020_20250301-093000_2.xlsx", "情景_2020_20250301-093000_3.xlsx"]
    from planlib.io.workbook import load_plan

    assert load_plan(first).enforcement_staff == 36 and load_plan(second).enforcement_staff == 37


def test_a_failed_save_leaves_nothing(plan, tmp_path):
    # ×4/3 has no exact decimal form a spreadsheet can hold: the writer refuses mid-way
    with pytest.raises(ValueError):
        save_scenario(plan, Scenario(item_adjustments={TRAINING: Fraction(1, 3)}), tmp_path, now=WHEN)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ScenarioError):
        save_scenario(plan, Scenario(unit_officers={"不存在的队": 1}), tmp_path, now=WHEN)
    assert list(tmp_path.iterdir()) == []


def test_wisn_ratio_is_shown_rounded_half_up():
    # 1 officer of the 8 needed: 1 ÷ 8 = 0.125 → 0.13 (binary-float formatting would print 0.12)
    answers = InverseAnswers(
        staff=1,
        target_plan_ratio=None,
        officers_for_target=None,
        general_target=10,
        officers_for_general=8,
        max_plan_ratio=None,
    )
    assert "WISN比值（现有÷所需人员）：1÷8=0.13（人员不足）" in inverse_lines(answers)
