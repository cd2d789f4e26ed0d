"""Rules that need no year (issue 12, item 3): an undated plan still has its holiday count
checked against the laws (10, 11 or 13 days; anything else is an error) and its per-person
figure against every year's calendar (the years that give it are named).

The plans are short texts in phrasings of their own; the years are worked out here by hand:
the leap years 2008, 2020 and 2024 have 104 weekend days and, with 11 holidays, give 251
(2012 and 2016 have 105); 253 comes from no year at all (at most 366-104-11 = 251).
"""

from __future__ import annotations

import pytest

from planlib import audit
from planlib.audit.plantext import extract


def run(text: str) -> audit.Audit:
    return audit.audit_text(extract(text.splitlines(), "undated.txt"))


def errors(a: audit.Audit) -> list:
    return [f for f in a.findings if f.severity == "error"]


@pytest.mark.parametrize("days", [9, 12, 14, 15])
def test_holiday_count_no_law_set_is_an_error_without_a_year(days):
    per_person = 365 - 104 - days
    text = (
        f"（一）总法定工作日：{per_person * 20}个工作日\n"
        f"本年度共365天，其中双休日104天、法定节假日{days}日，国家法定工作日={365}-104-{days}={per_person}个工作日。\n"
        f"纳入测算的执法人员20人，总法定工作日={per_person}×20={per_person * 20}个工作日。\n"
    )
    a = run(text)
    holiday = [f for f in errors(a) if f.rule == "holidays"]
    assert len(holiday) == 1 and holiday[0].line == 2 and f"{days}天" in holiday[0].message
    assert "10天" in holiday[0].message and "11天" in holiday[0].message and "13天" in holiday[0].message


@pytest.mark.parametrize("days", [10, 11, 13])
def test_lawful_holiday_counts_are_not_flagged(days):
    text = f"全年天数365天，公休日104天，法定假日{days}天。\n"
    assert [f for f in run(text).findings if f.rule == "holidays"] == []


def test_per_person_figure_no_year_gives_is_flagged():
    text = "人均法定工作日为253天。\n执法人员共计12人，总法定工作日=253×12=3036个工作日。\n"
    found = [f for f in errors(run(text)) if f.rule == "calendar"]
    assert len(found) == 1 and found[0].line == 1 and "253" in found[0].message


def test_per_person_figure_names_the_years_that_give_it():
    text = (
        "全年366天，双休日104天，法定假日11天，国家法定工作日251天。\n执法人员8人，总法定工作日=251×8=2008个工作日。\n"
    )
    a = run(text)
    assert errors(a) == []
    note = next(u for u in a.unchecked if "251" in u)
    for year in (2008, 2020, 2024):  # 366-day years with 104 weekend days, 11 holidays
        assert str(year) in note
    assert "2016" not in note  # 2016 has 105 weekend days
