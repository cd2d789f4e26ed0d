"""What a new analyst trips over (issue 9, item 4), each tried as a new user would: through
the real command line or the public API, on the bundled workbook edited the way a user
edits it. Expected figures come from the workbook's own cells or from hand arithmetic."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import openpyxl
import pytest
from support import XICHENG, run_planlib


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def edited(tmp_path: Path, change, name: str = "plan.xlsx") -> Path:
    """The bundled workbook with ``change(wb)`` applied, saved as a new file."""
    wb = openpyxl.load_workbook(XICHENG)
    change(wb)
    out = tmp_path / name
    wb.save(out)
    return out


def column_of(ws, header: str) -> int:
    return next(c.column for c in ws[1] if c.value == header)


def refused(path: Path, *args: str) -> str:
    """Run ``compute`` on a bad workbook: exit 2, one Chinese line, the file unchanged; the line."""
    before = sha256(path)
    proc = run_planlib("compute", path, *args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert sha256(path) == before
    return lines[0]


def findings(path: Path) -> list[dict]:
    proc = run_planlib("check", path, "--json")
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)["findings"]


# ---------------------------------------------------------------- a missing 测算方法 column


def test_a_missing_method_column_is_refused(tmp_path):
    def drop_method(wb):
        ws = wb["工作日类别"]
        ws.delete_cols(column_of(ws, "测算方法"))

    line = refused(edited(tmp_path, drop_method))
    assert "工作表“工作日类别”" in line and "列“测算方法”" in line
    assert "历史数据" in line and "0个工作日" in line


def test_a_method_column_missing_where_every_item_is_reported_still_reads(tmp_path):
    """No history behind a blank 填报值: nothing silently becomes 0, so nothing to refuse."""
    def reported_only(wb):
        ws = wb["工作日类别"]
        value = column_of(ws, "填报值")
        for row in range(2, ws.max_row + 1):
            if ws.cell(row, 1).value and ws.cell(row, value).value is None:
                ws.cell(row, value).value = 10
        ws.delete_cols(column_of(ws, "测算方法"))

    proc = run_planlib("compute", edited(tmp_path, reported_only), "--json")
    assert proc.returncode == 0, proc.stderr


def test_a_blank_method_with_history_and_no_value_is_a_warning(tmp_path):
    wb = openpyxl.load_workbook(XICHENG)
    ws = wb["工作日类别"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == "实施行政许可")
    cell = ws.cell(row, column_of(ws, "测算方法"))
    assert cell.value == "上年" and ws.cell(row, column_of(ws, "填报值")).value is None  # the premise
    cell.value = None
    path = tmp_path / "blank-method.xlsx"
    wb.save(path)
    hits = [f for f in findings(path) if f["rule"] == "reported_zero"]
    assert len(hits) == 1 and hits[0]["severity"] == "warning"
    assert "实施行政许可" in hits[0]["message"] and "2019年168" in hits[0]["message"]  # 上年 = 2019's 168
    assert hits[0]["where"].startswith("工作日类别!")
    assert not [f for f in findings(XICHENG) if f["rule"] == "reported_zero"]
