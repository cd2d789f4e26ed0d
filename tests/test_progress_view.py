"""The dashboard's 执行进度 view (issue 19 item 3): the progress of a ledger built by hand in
tests/test_progress.py, shown in the tab; without a ledger, how to open the dashboard with one."""

from __future__ import annotations

import re

import pytest

from planlib.views.widgets import Dashboard
from test_progress import result


def text(widget) -> str:
    return re.sub(
        r"<[^>]+>", "", " ".join(c.value for c in widget.children if hasattr(c, "value") and isinstance(c.value, str))
    )


def _tab(d: Dashboard):
    d.view.index = d.TABS.index("执行进度")
    return d.panel.children[0]


@pytest.mark.slow
def test_the_tab_shows_the_ledger_against_the_plan(xicheng_plan):
    d = Dashboard(xicheng_plan, progress=result(), progress_labels=("某区应急管理局", "台账.xlsx"))
    panel = _tab(d)
    shown = text(panel)
    assert "截至3月13日，全局完成监督检查8家次，占全年计划的19.05%，占同期计划的66.67%" in shown  # 8/42, 8/12
    assert "进度落后超过一个月的执法单位：B完成2家次" in shown
    assert "执行概况" in shown and "<td>B</td>" in next(c.value for c in panel.children if "执行概况" in str(c.value))
    png = bytes(next(c for c in panel.children if getattr(c, "format", "") == "png").value)
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


def test_without_a_ledger_the_tab_says_how_to_add_one(xicheng_plan):
    shown = text(_tab(Dashboard(xicheng_plan)))
    assert "未载入检查台账" in shown and "--ledger" in shown


@pytest.mark.slow  # reads the bundled register and redraws
def test_dashboard_progress_from_the_environment(monkeypatch):
    from planlib.app.progress import BUNDLED_LEDGER, BUNDLED_REGISTER, dashboard_environment, dashboard_progress
    from planlib.config import DEFAULT_INPUT

    for key, value in dashboard_environment(
        str(BUNDLED_REGISTER), str(BUNDLED_LEDGER), None, 2020, __import__("datetime").date(2020, 6, 30)
    ).items():
        monkeypatch.setenv(key, value)
    given = dashboard_progress(DEFAULT_INPUT)
    assert given["progress"].as_of.isoformat() == "2020-06-30"
    assert [u.unit for u in given["progress"].behind] == ["执法监察三队"]  # scripts/build_xicheng_ledger.py
    monkeypatch.delenv("PLANLIB_LEDGER")
    assert dashboard_progress(DEFAULT_INPUT) == {}
