"""The dashboard (planlib.views.widgets), its notebook and ``planlib dashboard`` (planlib.app.dashboard).

The widgets run here without a browser: setting a control's value fires the same observer
the browser's change does. What a scenario should show comes from the reference plan or from
the hand arithmetic of tests/test_scenario.py (``chain``), never from planlib's own
computation of the same scenario; these tests are about the wiring, the drawing and the files.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from hand_chain import chain
from planlib.app.dashboard import HOST, voila_command
from planlib.config import NOTEBOOKS_DIR
from planlib.core.compute import compute
from planlib.core.model import NON_ENFORCEMENT, WorkdayItem
from planlib.core.scenario import Scenario, apply, sensitivity
from planlib.io.scenario_file import ENV_INPUT, resolve_input
from planlib.views import charts
from planlib.views.widgets import Dashboard, WaterfallView, nice_ceiling
from support import run_planlib

NOTEBOOK = NOTEBOOKS_DIR / "scenarios.ipynb"
TRAINING = "学习、培训、考核、会议"
TRAINING_MINUS_10 = {(NON_ENFORCEMENT, TRAINING): Fraction(9, 10)}  # factors for ``chain``


def text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).strip()


def png_pixels(data: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))


@pytest.fixture()
def dashboard(xicheng_plan, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph (tofu) must not pass silently
        return Dashboard(xicheng_plan, save_dir=tmp_path)


# ---------------------------------------------------------------- what it shows


def test_opens_on_the_reference_figures(dashboard):
    assert text(dashboard.total.value).startswith("506 家")
    assert "重点306家" in text(dashboard.total.value) and "一般200家" in text(dashboard.total.value)
    assert text(dashboard.key_share_out.value).startswith("60.47%")
    assert text(dashboard.ratio_out.value).startswith("5.90%")
    chain = text(dashboard.chain.value)
    assert "251×35=8785" in chain and "8785−3090（其他执法）−4683（非执法）=1012" in chain
    assert dashboard.badges.value.count("planlib-pass") == 3
    assert "执法监察一队" in dashboard.units_out.value and "<td>70</td><td>50</td>" in dashboard.units_out.value


def test_stable_css_hooks(dashboard):
    assert "planlib-staff" in dashboard.staff._dom_classes
    assert "planlib-inspections-total" in dashboard.total._dom_classes
    assert "planlib-key-share" in dashboard.key_share_out._dom_classes
    assert "planlib-plan-ratio" in dashboard.ratio_out._dom_classes
    assert "planlib-waterfall" in dashboard.chart._dom_classes


def test_staff_slider_updates_everything_and_moving_back_restores(dashboard, xicheng_plan):
    first_png = dashboard.chart.value
    dashboard.staff.value = 36
    assert text(dashboard.total.value).startswith(f"{chain(xicheng_plan, 36)['planned']} 家")
    assert [b.value for b in dashboard.unit_boxes.values()] == [3, 9, 8, 8, 8]
    assert "+1人" in dashboard.comparison_out.value
    assert dashboard.chart.value != first_png
    dashboard.staff.value = 35
    assert text(dashboard.total.value).startswith("506 家")
    assert dashboard.chart.value == first_png  # the image depends on the result only


def test_unit_change_moves_the_total(dashboard, xicheng_plan):
    dashboard.unit_boxes["执法监察二队"].value = 10
    assert dashboard.staff.value == 37
    assert dashboard.scenario.unit_officers == {"执法监察二队": 10}
    # 3 + 8 + 10 + 8 + 8 = 37 officers: the plan of 37
    assert text(dashboard.total.value).startswith(f"{chain(xicheng_plan, 37)['planned']} 家")
    dashboard.staff.value = 35  # spreads over (3, 8, 8, 10, 8) and updates the boxes
    assert sum(b.value for b in dashboard.unit_boxes.values()) == 35
    dashboard.unit_boxes["执法监察三队"].value = 200  # beyond the slider's range: the range grows
    assert (
        dashboard.staff.value
        == sum(b.value for b in dashboard.unit_boxes.values())
        == dashboard.result.enforcement_staff
    )


def test_settings_and_adjustments(dashboard, xicheng_plan):
    dashboard.item_sliders[("非执法", TRAINING)].value = -10
    assert dashboard.scenario.item_adjustments == {TRAINING: Fraction(-1, 10)}
    assert text(dashboard.total.value).startswith(f"{chain(xicheng_plan, 35, TRAINING_MINUS_10)['planned']} 家")
    dashboard.days_key.value = 3.0
    expected = chain(xicheng_plan, 35, TRAINING_MINUS_10, days_key=3)["planned"]
    assert text(dashboard.total.value).startswith(f"{expected} 家")
    dashboard.mode.value = "official"
    assert dashboard.result.workdays_per_person == 249
    dashboard.reset()
    assert text(dashboard.total.value).startswith("506 家")
    assert dashboard.scenario.item_adjustments == {} and dashboard.scenario.workday_mode is None


def test_badges_fail_when_rules_break(dashboard):
    dashboard.key_share.value = 65
    assert 'planlib-fail" data-rule="key_share"' in dashboard.badges.value
    dashboard.key_share.value = 60
    dashboard.staff.value = 30  # 30 officers: 497 inspection workdays < 612 for the key register
    assert 'planlib-fail" data-rule="capacity"' in dashboard.badges.value
    assert "错误" in dashboard.badges.value


@pytest.mark.slow
def test_inverse_and_sensitivity_tabs_compute_when_opened(dashboard):
    assert dashboard.inverse_out.value == "" and dashboard.tornado.value == b""
    dashboard.view.index = Dashboard.INVERSE_TAB
    answers = text(dashboard.inverse_out.value)
    assert "计划检查比例达到6.0%：需要执法人员36人" in answers and "35÷36=0.97" in answers
    dashboard.staff.value = 36  # live while the tab is open
    assert "现有36名执法人员" in text(dashboard.inverse_out.value)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dashboard.view.index = Dashboard.SENSITIVITY_TAB
    assert bytes(dashboard.tornado.value).startswith(b"\x89PNG")
    assert "国家法定工作日" in dashboard.sensitivity_out.value


def test_calculation_errors_show_in_the_status_line(xicheng_plan):
    # 2099 is beyond the official calendar data; reported items need no history
    items = tuple(WorkdayItem(i.category, i.name, "填报", 100) for i in xicheng_plan.items)
    d = Dashboard(xicheng_plan.with_changes(year=2099, items=items))
    before = text(d.total.value)
    assert "planlib-pass" in d.badges.value
    d.mode.value = "official"
    assert "无法测算" in d.status.value and "2099" in d.status.value
    # no figure of the earlier scenario stays on screen, and no green badge
    for card in (d.total, d.key_share_out, d.ratio_out):
        assert text(card.value).startswith("—") and "无法测算" in text(card.value)
    assert "planlib-pass" not in d.badges.value and "planlib-fail" in d.badges.value
    assert d.chain.value == "" and d.units_out.value == "" and d.chart.layout.display == "none"
    d.view.index = Dashboard.INVERSE_TAB  # nothing to answer for a scenario that cannot be computed
    assert d.inverse_out.value == ""
    d.mode.value = "formula"
    assert d.status.value == "" and text(d.total.value) == before and d.chart.layout.display is None


@pytest.mark.slow
def test_an_impossible_plan_is_shown_as_impossible(dashboard, xicheng_plan):
    """20 officers: 251×20 = 5020 workdays do not even cover other enforcement and
    non-enforcement work, so the 306 key inspections of the register cannot be made."""
    by_hand = chain(xicheng_plan, 20)
    assert by_hand["inspection"] < 0  # the premise: 5020 − other − non is negative
    lack = by_hand["key_workdays"] - by_hand["inspection"]
    dashboard.staff.value = 20
    total = text(dashboard.total.value)
    assert total.startswith("无法完成") and "306家 计划检查" not in total and not total.startswith("306")
    assert f"监督检查工作日−{-by_hand['inspection']}个" in total and f"缺{lack}个" in total
    for card in (dashboard.total, dashboard.key_share_out, dashboard.ratio_out):
        assert "planlib-card-fail" in card._dom_classes
    assert "100.00%" not in text(dashboard.key_share_out.value)
    assert "planlib-pass" not in dashboard.badges.value and "✓" not in dashboard.badges.value
    assert 'planlib-fail" data-rule="capacity"' in dashboard.badges.value
    assert "≤" not in text(dashboard.badges.value)  # the failed comparison is not written as holding
    assert "以下安排无法执行" in text(dashboard.units_out.value)
    chain_text = text(dashboard.chain.value)
    assert f"=−{-by_hand['inspection']}个" in chain_text and "计划无法完成" in chain_text
    labels = [t.get_text() for t in dashboard.waterfall.ax.texts]
    assert labels[3] == f"−{-by_hand['inspection']}"  # 监督检查工作日: negative, with its sign
    assert labels[5] == f"−{by_hand['key_workdays'] - by_hand['inspection']}"
    general_bar = dashboard.waterfall.ax.patches[5]
    assert general_bar.get_y() < 0 < general_bar.get_y() + general_bar.get_height()  # down, past zero
    assert dashboard.waterfall.ax.get_ylim()[0] < by_hand["inspection"]  # the negative part is visible
    dashboard.staff.value = 35  # back to the reference plan: everything possible again
    assert text(dashboard.total.value).startswith("506 家")
    assert dashboard.badges.value.count("planlib-pass") == 3
    assert "planlib-card-fail" not in dashboard.total._dom_classes
    assert dashboard.waterfall.ax.get_ylim()[0] == 0


def test_key_inspections_beyond_positive_inspection_workdays_are_impossible(dashboard, xicheng_plan):
    by_hand = chain(xicheng_plan, 30)
    assert 0 < by_hand["inspection"] < by_hand["key_workdays"]  # the premise
    dashboard.staff.value = 30
    assert text(dashboard.total.value).startswith("无法完成")
    assert f"缺{by_hand['key_workdays'] - by_hand['inspection']}个" in text(dashboard.total.value)
    labels = [t.get_text() for t in dashboard.waterfall.ax.texts]
    assert labels[3] == str(by_hand["inspection"])
    assert labels[5] == f"−{by_hand['key_workdays'] - by_hand['inspection']}"


def test_save_button_writes_a_new_workbook(dashboard, tmp_path):
    from planlib.io.workbook import load_plan

    dashboard.staff.value = 40
    dashboard.save_button.click()
    saved = list(tmp_path.glob("情景_2020_*.xlsx"))
    assert len(saved) == 1 and saved[0].name in dashboard.status.value
    assert load_plan(saved[0]).enforcement_staff == 40
    dashboard.save_button.click()
    assert len(list(tmp_path.glob("情景_2020_*.xlsx"))) == 2


# ---------------------------------------------------------------- the live waterfall


def test_blitted_waterfall_equals_a_fresh_drawing(xicheng_plan):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    view = WaterfallView(compute(xicheng_plan))
    r40 = compute(apply(xicheng_plan, Scenario(total_officers=40)))
    blitted = png_pixels(view.update(r40))
    fig = Figure(figsize=view.figure.get_size_inches(), dpi=view.figure.dpi)
    fig.subplots_adjust(left=0.09, right=0.99, top=0.9, bottom=0.1)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    charts.waterfall(r40, ax=ax)
    ax.set_ylim(0, WaterfallView.limit(r40))
    canvas.draw()
    fresh = np.asarray(canvas.buffer_rgba())
    assert blitted.shape == fresh.shape
    assert np.array_equal(blitted, fresh)


def test_waterfall_labels_follow_the_result(xicheng_plan):
    view = WaterfallView(compute(xicheng_plan))
    r = compute(apply(xicheng_plan, Scenario(total_officers=37)))
    view.update(r)
    labels = [t.get_text() for t in view.ax.texts]
    hand = chain(xicheng_plan, 37)  # the figures by hand, not planlib's result
    total, other, non, inspection = 251 * 37, hand["other"], hand["non"], hand["inspection"]
    general_workdays = inspection - 612
    assert labels == [str(total), f"−{other}", f"−{non}", str(inspection), "612", str(general_workdays)]
    bars = [(p.get_y(), p.get_height()) for p in view.ax.patches]
    assert bars == [
        (0, total),
        (total - other, other),
        (total - other - non, non),
        (0, inspection),
        (0, 612),
        (612, general_workdays),
    ]
    assert [list(line.get_ydata()) for line in view.ax.lines[:3]] == [
        [total, total],
        [total - other] * 2,
        [total - other - non] * 2,
    ]


def test_nice_ceiling():
    assert [nice_ceiling(x) for x in (9663.5, 10000, 10001, 1, 0.3, 0)] == pytest.approx(
        [10000, 10000, 12500, 1, 0.3, 1]
    )
    assert nice_ceiling(8785 * 1.1) == 10000


@pytest.mark.slow
def test_tornado_chart(xicheng_plan):
    rows = sensitivity(xicheng_plan)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = charts.tornado(rows)
        ax.figure.savefig(io.BytesIO(), format="png")
    assert len(ax.patches) == 2 * len(rows)
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "国家法定工作日"
    assert "基准506家" in ax.get_title(loc="left")


# ---------------------------------------------------------------- planlib dashboard


def test_input_resolution(monkeypatch, tmp_path):
    from planlib.config import DEFAULT_INPUT

    monkeypatch.delenv(ENV_INPUT, raising=False)
    assert resolve_input(None) == DEFAULT_INPUT
    monkeypatch.setenv(ENV_INPUT, str(tmp_path / "a.xlsx"))
    assert resolve_input(None) == tmp_path / "a.xlsx"
    assert resolve_input("b.xlsx") == Path("b.xlsx")


def test_voila_listens_on_localhost_only():
    command = voila_command(8866, open_browser=False)
    assert f"--Voila.ip={HOST}" in command and HOST == "127.0.0.1"
    assert "--no-browser" in command and "--port=8866" in command
    assert command[-1] == "--no-browser" and str(NOTEBOOK) in command


@pytest.mark.slow
def test_dashboard_command_rejects_bad_input(tmp_path):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    done = run_planlib("dashboard", "--input", bad, "--no-browser", "--port", "1")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "坏文件.xlsx" in done.stderr and "Traceback" not in done.stderr
    assert bad.read_text(encoding="utf-8") == "not a workbook"


@pytest.mark.slow
def test_dashboard_command_refuses_a_busy_port(xicheng_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        done = run_planlib("dashboard", "--input", xicheng_path, "--no-browser", "--port", port)
    assert done.returncode == 1 and f"端口{port}已被占用" in done.stderr


def test_dashboard_command_hands_the_input_to_voila(monkeypatch, xicheng_plan, tmp_path):
    from planlib.app import dashboard
    from planlib.io.scenario_file import save_scenario

    other = save_scenario(xicheng_plan, Scenario(total_officers=40), tmp_path)
    seen = {}

    class FakeVoila:
        def __init__(self, command, env, start_new_session=False):
            seen.update(command=command, env=env, session=start_new_session)

        def wait(self):
            return 0

    monkeypatch.setattr(dashboard.subprocess, "Popen", FakeVoila)
    monkeypatch.setattr(dashboard, "stop_group", lambda process: seen.update(stopped=process))
    assert dashboard.command(input_path=str(other), port=0, open_browser=False) == 0
    assert seen["env"][ENV_INPUT] == str(other.resolve())
    port = int(next(a for a in seen["command"] if a.startswith("--port=")).split("=")[1])
    assert port > 0  # --port 0: a free port is chosen first, so the printed address works
    assert seen["command"] == voila_command(port, open_browser=False)
    assert seen["session"] and isinstance(seen["stopped"], FakeVoila)  # its own group, stopped on exit


# ---------------------------------------------------------------- the notebook


def test_notebook_parameters_are_the_scenario():
    import papermill

    params = set(papermill.inspect_notebook(str(NOTEBOOK)))
    assert params == {"input_path", "register_path", "output_dir"} | set(Scenario.__dataclass_fields__)


def test_committed_notebook_has_the_default_run():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    tagged = [c for c in code if "nbval-ignore-output" in c.metadata.get("tags", [])]
    assert tagged and all("Dashboard(" in c.source for c in tagged)
    printed = "".join(o.get("text", "") for c in code for o in c.outputs if o.output_type == "stream")
    assert "计划检查：506家，其中重点检查306家（60.47%），一般检查200家（39.53%）" in printed
    images = [o for c in code for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) == 2  # the waterfall and the tornado, outside any widget


@pytest.mark.slow
def test_papermill_runs_a_non_default_scenario(tmp_path, xicheng_plan, xicheng_path):
    import papermill

    papermill.execute_notebook(
        str(NOTEBOOK),
        str(tmp_path / "run.ipynb"),
        kernel_name="python3",
        cwd=str(NOTEBOOKS_DIR),
        parameters={
            "input_path": str(xicheng_path),
            "output_dir": str(tmp_path),
            "total_officers": 40,
            "item_adjustments": {TRAINING: -0.1},
            "target_plan_ratio": 0.08,
        },
        progress_bar=False,
    )
    data = json.loads((tmp_path / "scenario.json").read_text(encoding="utf-8"))
    expected = chain(xicheng_plan, 40, TRAINING_MINUS_10)["planned"]
    assert data["plan"]["inspections"]["total"] == expected != 506
    assert data["plan"]["enforcement_staff"] == 40
    assert data["inverse"]["target_plan_ratio"] == 0.08
    assert {"setting": f"调整：非执法·{TRAINING}", "baseline": "0%", "scenario": "−10%"} in data["changes"]
