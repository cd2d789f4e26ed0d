"""Issue 21, the silent wrong results: each recipe of the probe, then what planlib does now."""

from __future__ import annotations

import openpyxl

from planlib.core.rules import ERROR
from planlib.io.workbook import compute_workbook
from support import ROOT

KUANCHENG = ROOT / "data" / "kuancheng_2025.xlsx"


def _with_setting(tmp_path, key: str, value):
    wb = openpyxl.load_workbook(KUANCHENG)
    ws = wb["基本信息"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == key)
    ws.cell(row, 2, value)
    path = tmp_path / "宽城.xlsx"
    wb.save(path)
    return path, f"B{row}"


def test_a_typed_holiday_count_does_not_replace_the_official_arrangement(tmp_path):
    """Item 5: Kuancheng 2025 (official) with 13 typed printed …=365-104-13+5=253 while its
    months added to 248. 2025's arrangement (国办发明电〔2024〕12号): 248 workdays."""
    path, cell = _with_setting(tmp_path, "statutory_holidays", 13)
    result, findings = compute_workbook(str(path))
    cal = result.calendar
    assert cal.mode == "official" and cal.workdays_per_person == 248
    assert sum(cal.months) == 248 == cal.computed_workdays
    assert result.total_workdays == 248 * 8  # 安全生产科 3 + 执法大队 5 officers
    named = [f for f in findings if f.severity == ERROR and f.where.endswith(cell)]
    assert len(named) == 1 and "13天" in named[0].message and "248" in named[0].message
    assert f"{cal.statutory_holidays}天" in named[0].message


def test_the_arrangements_own_count_typed_is_no_finding(tmp_path):
    path, _ = _with_setting(tmp_path, "statutory_holidays", None)
    baseline, _ = compute_workbook(str(path))
    path, cell = _with_setting(tmp_path, "statutory_holidays", baseline.calendar.statutory_holidays)
    result, findings = compute_workbook(str(path))
    assert result.calendar.workdays_per_person == baseline.calendar.workdays_per_person == 248
    assert not [f for f in findings if f.where.endswith(cell)]
