"""The sensitivity tab follows the slider cheaply (issue 23 item 4): the tornado is kept and
moved in place, its texts pasted as sprites (the pixels matplotlib draws), the rows computed with
two computations per input and each item estimated once; the inverse questions compute each staff
once, starting from the current."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text
from matplotlib.transforms import IdentityTransform

from hand_chain import PUBLISHED, chain
from planlib.core import scenario as sc
from planlib.core.compute import compute
from planlib.core.model import METHOD_PER_OFFICER
from planlib.core.scenario import Scenario, SensitivityRow, apply, feasible, sensitivity, with_default_targets
from planlib.views import charts
from planlib.views.widgets import Dashboard
from planlib.views.widgets.fragments import esc
from planlib.views.widgets.sprites import TextSprites, capture
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
    shown = sorted(text for text, *_ in view.labels)
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


@pytest.mark.slow
def test_the_moved_tornado_shows_what_a_fresh_chart_shows(rows):
    """After a step, bars, value labels, names and title are those of charts.tornado drawn from scratch."""
    view = TornadoView(rows[34])
    view.update(rows[36])
    fresh = charts.tornado(rows[36])
    low, high = fresh.containers[:2]
    assert [(b.get_x(), b.get_width()) for b in view._lows] == [(b.get_x(), b.get_width()) for b in low]
    assert [(b.get_x(), b.get_width()) for b in view._highs] == [(b.get_x(), b.get_width()) for b in high]
    drawn = [(t.get_text(), t.xy, t.get_ha()) for t in fresh.texts if isinstance(t, Annotation)]
    assert drawn == [(text, (value, i), "left" if right else "right") for text, value, i, right in view.labels]
    assert view.names == [t.get_text() for t in fresh.get_yticklabels()]
    assert view.ax.get_title(loc="left") == fresh.get_title(loc="left")


def _background(size: tuple[int, int]) -> np.ndarray:
    """Something for texts to land on: white, a bar and a grid line across it (top row first)."""
    width, height = size
    pixels = np.full((height, width, 4), 255, np.uint8)
    pixels[:, width // 3 : width // 2, :3] = (31, 78, 121)
    pixels[height // 2 : height // 2 + 2, :, :3] = 200
    return pixels


def _canvas(size: tuple[int, int], dpi: float) -> RendererAgg:
    renderer = RendererAgg(size[0], size[1], dpi)
    renderer.clear()
    gc = renderer.new_gc()
    renderer.draw_image(gc, 0, 0, _background(size)[::-1])
    gc.restore()
    return renderer


@pytest.mark.parametrize(
    "text,style,shift",
    [
        ("512", {"fontsize": 8, "ha": "left", "va": "center"}, (4 * 80 / 72, 0)),
        ("−1024", {"fontsize": 8, "ha": "right", "va": "center"}, (-4 * 80 / 72, 0)),
        (
            "完成本级人民政府或者上级安全监管部门\n安排的其他执法任务",
            {"fontsize": 9, "ha": "right", "va": "center_baseline"},
            (0, 0),
        ),
        (
            "敏感性分析：各输入±10%时的计划检查家数（基准557家）",
            {"fontsize": 12, "ha": "left", "va": "baseline"},
            (0, 0),
        ),
    ],
)
def test_a_pasted_text_is_the_pixels_matplotlib_draws_there(text, style, shift):
    charts.use_chinese_fonts()
    dpi, size = 80, (420, 90)
    like = Text(fontfamily=matplotlib.rcParams["font.family"], **style)
    sprites = TextSprites(like, dpi, shift)
    for x, y in ((210, 45), (130, 40), (300, 47)):  # the bar, the grid line, plain white beneath
        pasted = _canvas(size, dpi)
        sprites.paste(pasted, x, y, text)
        direct = _canvas(size, dpi)
        drawn = Text(x + shift[0], y + shift[1], text, transform=IdentityTransform(), **style)
        drawn.set_fontfamily(matplotlib.rcParams["font.family"])
        drawn.set_figure(Figure(dpi=dpi))
        drawn.draw(direct)
        expected = np.asarray(direct.buffer_rgba())
        assert (expected != _background(size)).any()  # the text was drawn
        assert np.array_equal(np.asarray(pasted.buffer_rgba()), expected), (text, x, y)
    assert len(sprites._kept) == 1  # drawn once, pasted three times


def test_the_pasted_legend_is_the_legend_drawn_over_the_bars():
    figure = Figure(figsize=(4, 2), dpi=80)
    ax = figure.add_subplot()
    ax.barh([0, 1], [5, 9], color="#C8553D", label="输入−10%")
    legend = ax.legend(loc="lower right", frameon=False, fontsize=9)
    size = (320, 160)
    direct, pasted = _canvas(size, 80), _canvas(size, 80)
    legend.draw(direct)
    capture(legend, size, 80).paste(pasted)
    assert np.array_equal(np.asarray(pasted.buffer_rgba()), np.asarray(direct.buffer_rgba()))


@pytest.mark.slow  # a whole Dashboard and its tornado
def test_a_step_on_the_sensitivity_tab_computes_each_input_twice_and_estimates_each_item_once(
    xicheng_plan, monkeypatch
):
    import planlib.core.compute as core_compute
    import planlib.core.estimation as estimation
    import planlib.views.widgets.outputs as outputs

    dashboard = Dashboard(xicheng_plan)
    dashboard.view.index = Dashboard.SENSITIVITY_TAB
    assert dashboard._tornado_view is not None
    inputs = dashboard._tornado_view.count  # the rows: 5 inputs and the items with days
    computed: list[int] = []
    estimated: list[str] = []

    def counting(real, log, what):
        def wrapper(*args, **kwargs):
            log.append(what(*args))
            return real(*args, **kwargs)

        return wrapper

    for module in (sc, outputs):
        monkeypatch.setattr(
            module, "compute", counting(module.compute, computed, lambda plan, *_: plan.enforcement_staff)
        )
    for module in (estimation, core_compute):  # the memo's path and compute's own
        monkeypatch.setattr(module, "estimate", counting(module.estimate, estimated, lambda item, *_: item.name))
    dashboard.staff.value = 36
    items = xicheng_plan.items
    per_officer = sum(i.method == METHOD_PER_OFFICER for i in items)
    moved = inputs - 5  # the items with days (the five other inputs are no item)
    # The scenario once (the dashboard's own), then each input at −10% and +10%: no base recomputed.
    assert len(computed) == 1 + 2 * inputs == 41  # was 42
    # The scenario's items; then, in the rows, every item once at one other staff, the per-officer
    # ones at the other other staff and at the scenario's, and each moved item at −10% and +10%.
    assert len(estimated) == len(items) + len(items) + 2 * per_officer + 2 * moved == 72  # was 630


@pytest.mark.slow  # a whole Dashboard and its tornado
def test_the_sensitivity_tab_after_a_step_shows_the_figures_worked_by_hand(xicheng_plan):
    dashboard = Dashboard(xicheng_plan)
    dashboard.view.index = Dashboard.SENSITIVITY_TAB
    dashboard.staff.value = 36
    base = chain(xicheng_plan, 36)
    inspection = base["inspection"]

    def with_key(key: int) -> int:  # the key register moved: 2 days per key and per general inspection
        return key + (inspection - 2 * key) // 2

    expected = {
        "执法人员数": (chain(xicheng_plan, 32)["planned"], chain(xicheng_plan, 40)["planned"]),  # 32.4 → 32, 39.6 → 40
        "国家法定工作日": tuple(chain(xicheng_plan, 36, per_person=d)["planned"] for d in (226, 276)),  # 225.9, 276.1
        "重点检查家数": (with_key(275), with_key(337)),  # 306 × 0.9 = 275.4, × 1.1 = 336.6
        "每家重点检查天数": tuple(chain(xicheng_plan, 36, days_key=Fraction(d, 10))["planned"] for d in (18, 22)),
        "每家一般检查天数": tuple(chain(xicheng_plan, 36, days_general=Fraction(d, 10))["planned"] for d in (18, 22)),
    }
    for category, name in PUBLISHED:
        expected[name] = tuple(
            chain(xicheng_plan, 36, factors={(category, name): Fraction(f, 10)})["planned"] for f in (9, 11)
        )
    view = dashboard._tornado_view
    assert view is not None
    shown = {name.replace("\n", ""): i for i, name in enumerate(view.names)}
    assert set(shown) == set(expected)
    for name, (low, high) in expected.items():
        i = shown[name]
        assert (view._lows[i].get_width(), view._highs[i].get_width()) == (
            low - base["planned"],
            high - base["planned"],
        )
        assert sorted(text for text, _, row, _ in view.labels if row == i) == sorted(
            str(v) for v in {low, high} - {base["planned"]}
        )
        cells = [r.split("</tr>")[0] for r in dashboard.sensitivity_out.value.split("<tr>")]
        row = next(r for r in cells if r.startswith(f"<td>{esc(name)}</td>"))
        assert row.endswith(f"<td>{low}</td><td>{high}</td><td>{abs(high - low)}</td>"), name
    assert f"基准{base['planned']}家" in view.ax.get_title(loc="left")


def test_value_labels_in_dejavu_sans_are_the_pixels_of_the_cjk_fallback_list():
    """charts.tornado's value labels (digits) name DejaVu Sans alone: cheaper, and unchanged."""
    charts.use_chinese_fonts()
    figure = Figure(dpi=80)

    def drawn(family, text: str) -> np.ndarray:
        renderer = RendererAgg(120, 40, 80)
        renderer.clear()
        label = Text(30.37, 20.2, text, fontsize=8, fontfamily=family, va="center", transform=IdentityTransform())
        label.set_figure(figure)
        label.draw(renderer)
        return np.asarray(renderer.buffer_rgba())

    assert matplotlib.rcParams["font.family"][0] == charts.LATIN_FAMILY
    for text in ("512", "-1024", "1007", "306", "0", "-7", "99999"):
        assert np.array_equal(drawn(matplotlib.rcParams["font.family"], text), drawn(charts.LATIN_FAMILY, text)), text


def test_a_tornado_with_nothing_to_label_and_back():
    flat = [SensitivityRow("甲", 1, 1, 1, 100, 100, 100), SensitivityRow("乙", 2, 2, 2, 100, 100, 100)]
    moved = [SensitivityRow("乙", 2, 1, 3, 100, 90, 110), SensitivityRow("甲", 1, 1, 1, 100, 100, 100)]
    view = TornadoView(flat)
    assert view.labels == [] and view.names == ["甲", "乙"]
    assert view.update(moved) == TornadoView(moved).png
    assert view.labels == [("90", 90, 0, False), ("110", 110, 0, True)] and view.names == ["乙", "甲"]
    assert view.update(flat) == TornadoView(flat).png
    assert TornadoView([]).update(flat) == TornadoView(flat).png


@pytest.mark.slow  # four tornado drawings
def test_the_bars_drawn_as_one_collection_are_the_pixels_of_the_bars(rows):
    flat = [replace(r, low=r.base, high=r.base) for r in rows[34][:3]] + rows[34][3:]  # zero widths too
    for shown in (rows[30], rows[34], rows[36], flat):
        view = TornadoView(shown)
        lows, highs = view._bars
        renderer = view.canvas.get_renderer()
        background = next(iter(view._backgrounds.values()))
        view.canvas.restore_region(background)
        for bar in (*view._lows, *view._highs):
            view.ax.draw_artist(bar)
        expected = np.asarray(renderer.buffer_rgba()).copy()
        view.canvas.restore_region(background)
        view.ax.draw_artist(lows)
        view.ax.draw_artist(highs)
        assert np.array_equal(np.asarray(renderer.buffer_rgba()), expected)
