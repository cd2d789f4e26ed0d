"""Charts: the data behind each chart, and Chinese drawn with a real CJK font (never boxes)."""

from __future__ import annotations

import warnings

import matplotlib
import pytest
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font

from planlib.core.compute import compute
from planlib.core.model import NON_ENFORCEMENT, OTHER_ENFORCEMENT
from planlib.views import charts


@pytest.fixture(scope="module")
def result(xicheng_plan):
    return compute(xicheng_plan)


def test_waterfall_steps_are_the_reference_chain(result):
    # Reference plan 四: 8785 − 3090 − 4683 = 1012 = 612 key + 400 general.
    assert charts.waterfall_steps(result) == [
        ("总法定工作日", 0, 8785),
        ("其他执法工作日", 8785, -3090),
        ("非执法工作日", 8785 - 3090, -4683),
        ("监督检查工作日", 0, 1012),
        ("重点检查工作日", 0, 612),
        ("一般检查工作日", 612, 400),
    ]


def test_waterfall_running_total_lands_on_inspection_workdays(result):
    total, other, non, inspection, key, general = charts.waterfall_steps(result)
    assert other.start == total.start + total.delta
    assert non.start == other.start + other.delta
    assert non.start + non.delta == inspection.delta
    assert general.start + general.delta == inspection.delta


def test_an_impossible_plan_is_drawn_below_zero_with_its_signs(xicheng_plan):
    from hand_chain import chain
    from planlib.core.scenario import Scenario, apply

    by_hand = chain(xicheng_plan, 20)
    inspection, general = by_hand["inspection"], by_hand["inspection"] - by_hand["key_workdays"]
    assert inspection < 0 and general < inspection  # the premise, by hand
    ax = charts.waterfall(compute(apply(xicheng_plan, Scenario(total_officers=20))))
    labels = [t.get_text() for t in ax.texts]
    assert labels[3] == f"−{-inspection}" and labels[5] == f"−{-general}"
    bars = ax.patches
    assert bars[3].get_y() == inspection and bars[3].get_height() == -inspection  # from zero down
    assert bars[5].get_y() == inspection and bars[5].get_y() + bars[5].get_height() == by_hand["key_workdays"]
    assert bars[3].get_hatch() and bars[5].get_hatch() and not bars[4].get_hatch()
    assert ax.get_ylim()[0] < inspection
    assert "计划无法完成" in ax.get_title(loc="left") and f"缺{-general}个工作日" in ax.get_title(loc="left")


def test_category_bars_keep_the_workbook_order(result):
    other = charts.category_bars(result, OTHER_ENFORCEMENT)
    assert [b.value for b in other] == [630, 168, 436, 280, 398, 20, 160, 124, 874]
    assert other[0].label == "开展安全生产综合监管"
    non = charts.category_bars(result, NON_ENFORCEMENT)
    assert [b.value for b in non] == [420, 2605, 97, 551, 700, 310]
    with pytest.raises(ValueError, match="类别"):
        charts.category_bars(result, "执法")


def test_unit_bars_are_the_reference_arrangement(result):
    bars = charts.unit_bars(result)
    assert bars[0] == ("安全监管科（行政审批科）", 26, 0)
    assert [(b.key, b.general) for b in bars[1:]] == [(70, 50)] * 4


def test_history_series_hold_three_years_and_the_estimate(xicheng_plan):
    series = charts.history_series(xicheng_plan, NON_ENFORCEMENT)
    assert [s.label for s in series] == [i.name for i in xicheng_plan.items_of(NON_ENFORCEMENT)]
    duty = series[0]
    assert [y for y, _ in duty.points] == [2017, 2018, 2019]
    assert duty.points == tuple((y, float(xicheng_plan.items[9].history[y])) for y in (2017, 2018, 2019))
    assert duty.estimate == (2020, 420)


def test_use_chinese_fonts_is_idempotent():
    first = charts.use_chinese_fonts()
    fonts = len(font_manager.fontManager.ttflist)
    family = list(matplotlib.rcParams["font.family"])
    assert charts.use_chinese_fonts() == first
    assert len(font_manager.fontManager.ttflist) == fonts
    assert list(matplotlib.rcParams["font.family"]) == family
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    assert family[0] == "DejaVu Sans" and first in family


def _draw_all(result) -> list[Figure]:
    figures = [
        charts.waterfall(result).figure,
        charts.category_items(result, OTHER_ENFORCEMENT).figure,
        charts.category_items(result, NON_ENFORCEMENT).figure,
        charts.units_stacked(result).figure,
        charts.history_lines(result.plan).figure,
        charts.history_figure(result.plan),
    ]
    for fig in figures:
        FigureCanvasAgg(fig).draw()  # glyphs are looked up only when text is rendered
    return figures


def _texts(fig: Figure) -> str:
    return "".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))


@pytest.mark.slow
def test_every_chart_draws_its_chinese_without_missing_glyphs(result):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s) …" becomes an error
        figures = _draw_all(result)
    for fig in figures:
        assert any("\u4e00" <= c <= "\u9fff" for c in _texts(fig)), "every chart has Chinese labels"


@pytest.mark.slow
def test_the_resolved_cjk_font_covers_every_label(result):
    path = charts.cjk_font_path()
    assert path is not None, "no CJK font installed (Debian: fonts-wqy-microhei)"
    assert path.suffix.lower() in {".ttc", ".ttf", ".otf"}
    covered = FT2Font(str(path)).get_charmap()
    chinese = {c for fig in _draw_all(result) for c in _texts(fig) if ord(c) > 0x2E80}
    assert chinese and not {c for c in chinese if ord(c) not in covered}


def test_the_glyph_check_can_fail():
    """Without the CJK fallback the same drawing must warn: the check above is not vacuous."""
    charts.use_chinese_fonts()
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig = Figure()
        fig.add_subplot().set_title("监督检查工作日")
        with pytest.warns(UserWarning, match="missing from font"):
            FigureCanvasAgg(fig).draw()


def test_charts_draw_on_a_given_axes(result):
    fig = Figure()
    ax = fig.add_subplot()
    assert charts.units_stacked(result, ax=ax) is ax
    assert charts.waterfall(result, ax=fig.add_subplot(2, 1, 2)).figure is fig


@pytest.mark.slow
def test_an_axes_made_before_the_fonts_were_set_still_draws_chinese(result):
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig = Figure()  # its title and tick texts take DejaVu Sans alone
        axes = fig.subplots(1, 4)
    charts.units_stacked(result, ax=axes[0])
    charts.waterfall(result, ax=axes[1])
    charts.category_items(result, NON_ENFORCEMENT, ax=axes[2])
    charts.history_lines(result.plan, ax=axes[3], category=OTHER_ENFORCEMENT)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        FigureCanvasAgg(fig).draw()


@pytest.mark.slow
def test_save_charts_writes_every_png(result, tmp_path):
    paths = charts.save_charts(result, tmp_path, dpi=40)
    assert [p.name for p in paths] == [f"chart_{stem}.png" for stem in charts.CHART_FILES]
    assert tuple(charts.CHARTS) == charts.CHART_FILES  # every named chart is drawn, and only those
    for p in paths:
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
