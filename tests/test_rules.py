"""Each rule of docs/method.md §5 fires on a plan built to break it, and stays quiet otherwise."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest

from planlib.core.compute import compute
from planlib.core.model import NON_ENFORCEMENT, OTHER_ENFORCEMENT, Plan, Unit, WorkdayItem
from planlib.core.rules import has_errors
from planlib.text.findings import check
from planlib.text.numbers import fixed, pct


def plan(**changes) -> Plan:
    # 2021: 250 workdays × 10 officers = 2500; 1500 + 500 = 2000 → 500 inspection workdays.
    units = (Unit("一队", 5, 120, 1), Unit("二队", 5, 30, 1))
    items = (
        WorkdayItem(OTHER_ENFORCEMENT, "综合监管", "填报", 1500),
        WorkdayItem(NON_ENFORCEMENT, "值班", "填报", 500),
    )
    base = Plan("测试局", 2021, units, items, headcount=20, entity_base=5000)
    return replace(base, **changes)


def findings(p: Plan):
    return check(compute(p))


def rules_at(p: Plan, severity: str) -> set[str]:
    return {f.rule for f in findings(p) if f.severity == severity}


def test_a_sound_plan_has_no_error_or_warning():
    fs = findings(plan())  # 150 key (300 days) + 100 general (200 days): 60%
    assert [f for f in fs if f.severity != "info"] == []


@pytest.mark.parametrize(
    "changes,rule",
    [
        (dict(units=(Unit("一队", 5, 60, 1), Unit("二队", 5, 30, 1))), "key_share"),  # 90 of 250
        (dict(units=(Unit("一队", 5, 300, 1), Unit("二队", 5, 0, 1))), "capacity"),  # 600 > 500 days
        (dict(items=(WorkdayItem(OTHER_ENFORCEMENT, "综合监管", "填报", 2600),)), "chain"),
        (dict(random_share_min=Fraction(7, 10)), "random"),
        (dict(headcount=8), "totals"),
        (dict(units=(Unit("一队", 5, 120, 0), Unit("二队", 5, 30, 0))), "coverage"),
        (dict(statutory_holidays=14), "calendar"),  # no law ever set 14: an error, as audit says
    ],
)
def test_error_rules(changes, rule):
    p = plan(**changes)
    assert rule in rules_at(p, "error")
    assert has_errors(findings(p))


@pytest.mark.parametrize(
    "changes,rule",
    [
        (dict(workdays_per_person=247), "calendar"),
        (dict(units=(Unit("一队", 9, 120, 1), Unit("二队", 1, 30, 1))), "officers"),
        (dict(entity_base=200), "frequency"),
        (dict(key_share_min=Fraction(1, 2)), "key_share"),
    ],
)
def test_warning_rules(changes, rule):
    assert rule in rules_at(plan(**changes), "warning")


def test_calendar_warning_names_both_figures():
    (f,) = [f for f in findings(plan(workdays_per_person=247)) if f.rule == "calendar"]
    assert "247" in f.message and "250" in f.message


def test_key_share_message_carries_the_figures():
    p = plan(units=(Unit("一队", 5, 60, 1), Unit("二队", 5, 30, 1)))
    (f,) = [f for f in findings(p) if f.rule == "key_share" and f.severity == "error"]
    # 500 − 180 = 320 general days → 160 general; 90 ÷ 250 = 36.00%
    assert "90" in f.message and "250" in f.message and "36.00%" in f.message


def test_errors_come_first():
    fs = findings(plan(units=(Unit("一队", 1, 60, 1), Unit("二队", 9, 30, 1)), entity_base=None))
    severities = [f.severity for f in fs]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


@pytest.mark.parametrize(
    "value,places,text",
    [
        (Fraction(306, 506), 2, "60.47%"),
        (Fraction(35, 83), 2, "42.17%"),
        (Fraction(506, 8580), 1, "5.9%"),
        (Fraction(1, 8), 2, "12.50%"),
        (Fraction(1, 2), 0, "50%"),
    ],
)
def test_pct(value, places, text):
    assert pct(value, places) == text


@pytest.mark.parametrize(
    "value,places,text",
    [
        # half up means half away from zero, for negative figures too (banker's would give -0.12)
        (Fraction(-1, 8), 2, "-0.13"),
        (Fraction(1, 8), 2, "0.13"),
        (Fraction(18745, 1000), 2, "18.75"),
        (Fraction(-1, 300), 2, "0.00"),
        (Fraction(5, 2), 0, "3"),
        (Fraction(-5, 2), 0, "-3"),
        (Fraction(1, 20), 3, "0.050"),
    ],
)
def test_fixed_rounds_half_up(value, places, text):
    assert fixed(value, places) == text


@pytest.mark.parametrize(
    "value,places,text",
    [
        (Fraction(-1, 3), 2, "-33.33%"),
        (Fraction(-1, 10000), 2, "-0.01%"),
        (Fraction(-3, 5), 0, "-60%"),
    ],
)
def test_pct_of_a_negative_share(value, places, text):
    assert pct(value, places) == text


def test_fractional_days_per_inspection_read_as_a_plan_writes_them():
    # 500 inspection workdays; key 150 × 1.5 = 225; general 275 ÷ 2 = 137 rest 1
    fs = findings(plan(days_per_key_inspection=Fraction(3, 2)))
    (unused,) = [f for f in fs if f.rule == "split"]
    assert "每家2天" in unused.message and "余1天" in unused.message
    p = plan(units=(Unit("一队", 5, 400, 1), Unit("二队", 5, 0, 1)), days_per_key_inspection=Fraction(3, 2))
    (capacity,) = [f for f in findings(p) if f.rule == "capacity"]
    assert "400家×每家1.5天=600个工作日" in capacity.message  # 400 × 1.5 = 600 > 500
