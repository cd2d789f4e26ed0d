"""Every figure of sections 四 to 六 of the Xicheng 2020 plan, from data/xicheng_2020.xlsx.

The expected figures are transcribed from the published plan (data/reference/
xicheng-2020-plan.txt); the first test checks each transcription against that text, so a
typo here cannot make a wrong computation pass.
"""

from __future__ import annotations

import json

import pytest

from hand_chain import NON, OTHER
from planlib.core.compute import compute
from planlib.io.contract import to_contract
from planlib.text.findings import check
from support import run_planlib

UNITS = [  # (unit, key, general)
    ("安全监管科（行政审批科）", 26, 0),
    ("执法监察综合队", 70, 50),
    ("执法监察一队", 70, 50),
    ("执法监察二队", 70, 50),
    ("执法监察三队", 70, 50),
]
PHRASES = [
    "366-104-11=251",
    "定编在册人数为83人",
    "执法人员35人",
    "42.17%",
    "251×35=8785",
    "8785-3090-4683=1012",
    "预计需用612个工作日",
    "预计需用400个工作日",
    "（三）其他执法工作日：3090",
    "（四）非执法工作日：4683",
    "基数为8580家",
    "比例为5.9%",
    "监督检查生产经营单位506家",
    "共计306家",
    "60.47%",
    "一般检查200家",
    "39.53%",
    "工业企业26家",
]


def test_transcription_matches_the_published_text(reference_text):
    for phrase in PHRASES:
        assert phrase in reference_text, phrase
    for name, days in OTHER + NON:
        assert f"{name}：预计需用{days}个工作日" in reference_text, name
    for name, key, general in UNITS[1:]:
        assert f"{name}完成{key}家" in reference_text and f"{name}完成{general}家" in reference_text


@pytest.fixture(scope="module")
def result(xicheng_plan):
    return compute(xicheng_plan)


def test_calendar(result):
    cal = result.calendar
    assert (cal.days, cal.weeks, cal.weekend_days, cal.statutory_holidays, cal.workdays_per_person) == (
        366,
        52,
        104,
        11,
        251,
    )


def test_staff(result, xicheng_plan):
    assert xicheng_plan.headcount == 83
    assert result.enforcement_staff == 35
    assert f"{float(result.staff_share) * 100:.2f}%" == "42.17%"
    assert result.total_workdays == 8785


def test_other_enforcement(result):
    assert [(i.name, i.workdays) for i in result.other_enforcement.items] == OTHER
    assert result.other_enforcement.total == 3090


def test_non_enforcement(result):
    assert [(i.name, i.workdays) for i in result.non_enforcement.items] == NON
    assert result.non_enforcement.total == 4683


def test_inspections(result, xicheng_plan):
    assert result.inspection_workdays == 1012
    assert (result.key_workdays, result.general_workdays) == (612, 400)
    assert (result.planned_inspections, result.key_inspections, result.general_inspections) == (506, 306, 200)
    assert xicheng_plan.entity_base == 8580
    assert f"{float(result.plan_ratio) * 100:.1f}%" == "5.9%"
    assert f"{float(result.key_share) * 100:.2f}%" == "60.47%"
    assert f"{float(result.general_share) * 100:.2f}%" == "39.53%"
    assert result.random_min == 160  # at least 80% of 200 drawn at random


def test_units(result):
    assert [(u.name, u.key, u.general) for u in result.units] == UNITS
    assert sum(u.staff for u in result.units) == 35


def test_estimation_methods_used(xicheng_plan):
    methods = {(i.category, i.name): i.method for i in xicheng_plan.items}
    assert methods[("非执法", "其他非执法工作")] == "三年平均"
    assert methods[("其他执法", OTHER[-1][0])] == "填报"
    assert sum(m == "三年人均" for m in methods.values()) >= 3


def test_no_error_level_finding(result):
    assert [f for f in check(result) if f.severity == "error"] == []


def test_more_officers_move_per_officer_items(xicheng_plan):
    from dataclasses import replace

    units = list(xicheng_plan.units)
    units[1] = replace(units[1], staff=units[1].staff + 5)
    more = compute(replace(xicheng_plan, units=tuple(units)))
    assert more.total_workdays == 251 * 40
    moved = [
        a.name
        for a, b in zip(more.non_enforcement.items, compute(xicheng_plan).non_enforcement.items, strict=True)
        if a.workdays != b.workdays
    ]
    assert "单位值班" in moved and "其他非执法工作" not in moved


def test_contract_json_from_the_command_line(xicheng_path):
    proc = run_planlib("compute", xicheng_path, "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["authority"] == "北京市西城区应急管理局" and data["year"] == 2020
    assert {
        k: data["calendar"][k] for k in ("mode", "days", "weekend_days", "statutory_holidays", "workdays_per_person")
    } == {"mode": "formula", "days": 366, "weekend_days": 104, "statutory_holidays": 11, "workdays_per_person": 251}
    assert (data["headcount"], data["enforcement_staff"], data["total_workdays"]) == (83, 35, 8785)
    assert data["other_enforcement"]["total"] == 3090
    assert [(i["name"], i["workdays"]) for i in data["other_enforcement"]["items"]] == OTHER
    assert [(i["name"], i["workdays"]) for i in data["non_enforcement"]["items"]] == NON
    assert data["non_enforcement"]["total"] == 4683
    assert {k: data["inspection_workdays"][k] for k in ("total", "key", "general")} == {
        "total": 1012,
        "key": 612,
        "general": 400,
    }
    assert data["entity_base"] == 8580
    assert {k: data["inspections"][k] for k in ("total", "key", "general", "random_min")} == {
        "total": 506,
        "key": 306,
        "general": 200,
        "random_min": 160,
    }
    assert data["shares"] == {"enforcement_staff": 0.4217, "plan_ratio": 0.059, "key": 0.6047, "general": 0.3953}
    assert [(u["name"], u["key"], u["general"]) for u in data["units"]] == UNITS
    assert all(f["severity"] != "error" for f in data["findings"])
    for f in data["findings"]:
        assert set(f) >= {"rule", "severity", "message", "where"}


def test_contract_keys_are_pinned(result):
    data = to_contract(result, [])
    assert set(data) >= {
        "authority",
        "year",
        "calendar",
        "headcount",
        "enforcement_staff",
        "total_workdays",
        "other_enforcement",
        "non_enforcement",
        "inspection_workdays",
        "entity_base",
        "inspections",
        "shares",
        "units",
        "findings",
    }
    assert data["findings"] == []
    assert set(data["other_enforcement"]["items"][0]) >= {"name", "workdays", "method"}
    assert set(data["units"][0]) >= {"name", "staff", "key", "general"}


@pytest.mark.slow
def test_committed_workbook_is_the_builder_output(tmp_path, xicheng_plan):
    """data/xicheng_2020.xlsx must be what scripts/build_xicheng_workbook.py writes today."""
    import subprocess
    import sys
    from dataclasses import replace

    from planlib.io.workbook import load_plan
    from support import ROOT

    out = tmp_path / "rebuilt.xlsx"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_xicheng_workbook.py"), str(out)], check=True, capture_output=True
    )
    rebuilt = load_plan(out)
    assert replace(rebuilt, source="", cells={}) == replace(xicheng_plan, source="", cells={})
