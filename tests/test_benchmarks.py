"""The benchmarks cannot rot (issue 23 item 5): every one runs in CI, in its quick mode."""

from __future__ import annotations

import subprocess
import sys

import pytest

from support import ROOT

BENCHMARKS = ROOT / "benchmarks"


@pytest.mark.slow
def test_every_benchmark_runs_and_reports_its_ratios():
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run_all.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    table = done.stdout.split("## planlib benchmarks", 1)[1]
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| path")]
    # every script reported (one row or more each), floors named: the goals' table of issue 23
    for path in (
        "planlib compute --json (process)",
        "load_plan (in process)",
        "planlib batch",
        "planlib audit TEXT --json (process)",
        "dashboard step, 反向测算 open",
        "dashboard step, 敏感性分析 open",
        "draw,",
        "planlib run (process)",
    ):
        assert any(row.startswith(f"| {path}") for row in rows), (path, table)
    assert "python -c 'import openpyxl'" in table and "calamine reading them" in table
    assert "FAILED" not in done.stdout
