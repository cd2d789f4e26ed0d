"""The sensitivity tab follows the slider cheaply (issue 23 item 4): the tornado is kept and
moved in place, and the inverse questions compute each staff once, starting from the current."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planlib.core import scenario as sc
from planlib.core.compute import compute
from planlib.core.scenario import Scenario, apply, feasible, sensitivity, with_default_targets
from planlib.views.widgets import Dashboard
from planlib.views.widgets.waterfall import TornadoView, tornado_limits


@pytest.fixture(scope="module")
def rows(xicheng_plan):
    return {n: sensitivity(xicheng_plan, Scenario(total_officers=n)) for n in (30, 34, 36)}


@pytest.mark.slow
def test_the_tornado_moves_its_bars_in_one_figure(rows):
    view = TornadoView(rows[34])
    figure, lows, highs = view.figure, list(view._lows), list(view._highs)
    view.update(rows[36])
    assert view.figure is figure and view._lows == lows and view._highs == highs  # kept, not redrawn
    new = rows[36]
    base = new[0].base
    assert [(b.get_x(), b.get_width()) for b in lows] == [(base, r.low - base) for r in new]
    assert [(b.get_x(), b.get_width()) for b in highs] == [(base, r.high - base) for r in new]
    shown = sorted(t.get_text() for t in view._labels)
    assert shown == sorted(str(v) for r in new for v in {r.low, r.high} - {base})
    assert f"基准{base}家" in view.ax.get_title(loc="left") and view.ax.get_title() == ""
    lo, hi = view.ax.get_xlim()
    assert (lo, hi) == tornado_limits(new)
    assert all(lo < min(r.low, r.high) and max(r.low, r.high) < hi for r in new)  # every bar inside


@pytest.mark.slow
def test_the_moved_tornado_is_the_one_drawn_afresh(rows):
    view = TornadoView(rows[34])
    for n in (36, 30):
        assert view.update(rows[n]) == TornadoView(rows[n]).png, n  # the path taken never shows


@pytest.mark.slow
@pytest.mark.slow  # a whole Dashboard and three tornado drawings: 1.5 s unloaded
def test_the_dashboard_keeps_one_tornado(xicheng_plan):
    dashboard = Dashboard(xicheng_plan)
    dashboard.view.index = Dashboard.SENSITIVITY_TAB
    view = dashboard._tornado_view
    assert view is not None and bytes(dashboard.tornado.value) == view.png
    dashboard.staff.value = dashboard.staff.value + 2
    assert dashboard._tornado_view is view and bytes(dashboard.tornado.value) == view.png
    expected = TornadoView(sensitivity(xicheng_plan, dashboard.scenario)).png
    assert bytes(dashboard.tornado.value) == expected


def smallest_by_scan(plan, scenario, meets, up_to: int) -> int | None:
    """The answer by trying every staff from 0: what the search must find."""
    for n in range(up_to + 1):
        if meets(compute(apply(plan, replace(scenario, total_officers=n)))):
            return n
    return None


def test_inverse_answers_compute_each_staff_once_from_the_current(xicheng_plan, monkeypatch):
    scenario = with_default_targets(Scenario(total_officers=36), compute(xicheng_plan))
    staffs: list[int] = []
    real = sc.compute

    def counting(plan, *args, **kwargs):
        staffs.append(plan.enforcement_staff)
        return real(plan, *args, **kwargs)

    monkeypatch.setattr(sc, "compute", counting)
    answers = sc.answer_inverse(xicheng_plan, scenario)
    monkeypatch.setattr(sc, "compute", real)
    searched = staffs[1:]  # the first computes the scenario itself
    assert searched[0] == 36  # the search starts from the current staff
    assert len(searched) == len(set(searched))  # no staff computed twice, across both questions
    assert len(searched) <= 16  # was 26 computations over 13 staff values
    target, general = scenario.target_plan_ratio, scenario.general_target
    assert answers.officers_for_target == smallest_by_scan(
        xicheng_plan, scenario, lambda r: feasible(r) and r.plan_ratio >= target, 200
    )
    assert answers.officers_for_general == smallest_by_scan(
        xicheng_plan, scenario, lambda r: feasible(r) and r.general_inspections >= general, 200
    )


@pytest.mark.parametrize("start", [0, 1, 5, 35, 80, 5000])
def test_the_search_finds_the_same_threshold_from_any_start(xicheng_plan, start):
    def meets(r):
        return feasible(r) and r.general_inspections >= 400

    expected = smallest_by_scan(xicheng_plan, Scenario(), meets, 200)
    assert sc.smallest_staff(xicheng_plan, Scenario(), meets, start=start) == expected
    assert sc.smallest_staff(xicheng_plan, Scenario(), lambda r: False, limit=64, start=start) is None
