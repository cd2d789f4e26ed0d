"""The what-if staffing dashboard: ipywidgets controls and live outputs.

Every control edits one field of a :class:`~planlib.core.scenario.Scenario`; the one callback,
:meth:`Dashboard.update`, then calls the pure functions (``scenario.apply`` →
``compute`` → ``rules.check``) and redraws. The waterfall is drawn once by
:func:`planlib.views.charts.waterfall` and afterwards updated in place (bar heights, labels,
connectors) and blitted onto a cached background, so a slider step costs milliseconds,
not a new figure. The inverse questions and the sensitivity tornado are recomputed only
while their tab is open.

Stable CSS hooks for browser tests and custom styling: ``planlib-staff`` (the total
officers slider), ``planlib-inspections-total`` (text starts with the planned inspections),
``planlib-key-share``, ``planlib-plan-ratio``, ``planlib-waterfall`` (the chart image),
``planlib-badge`` with ``planlib-pass``/``planlib-fail``, ``planlib-status``.
"""

from __future__ import annotations

import html
import io
import math
from collections.abc import Iterable
from contextlib import contextmanager
from fractions import Fraction

import ipywidgets as w
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation

from planlib.core.calendar import CalendarError
from planlib.core.compute import PlanResult, compute
from planlib.core.estimation import EstimationError
from planlib.core.model import CATEGORIES, Plan
from planlib.core.rules import ERROR, SEVERITY_LABELS, WARNING, Finding, check, shortfall
from planlib.core.scenario import (
    BASELINE,
    COMPARISON_COLUMNS,
    SENSITIVITY_COLUMNS,
    Scenario,
    ScenarioError,
    answer_inverse,
    apply,
    compare,
    describe,
    exact,
    resolve_item,
    sensitivity,
    unit_staff,
    with_default_targets,
)
from planlib.io.draw import RegisterPlan, with_item_lines
from planlib.io.scenario_file import save_scenario, scenarios_dir
from planlib.text.items import item_months_table, items_table
from planlib.text.numbers import decimal as number_text, pct, share_text
from planlib.text.register import key_counts_table, key_units_table, register_totals_table
from planlib.views import charts

NO_ITEMS = "涉企行政检查计划表需要工作簿的“检查事项”表和监管对象名录（planlib dashboard --register 名录.xlsx）"

CHART_DPI = 80
WATERFALL_SIZE = (8.6, 4.4)

# The workday modes as the toggle and the chain name them.
MODE_NAMES = {"formula": "公式", "official": "国务院放假安排"}

# The rules shown as badges: (label, rules whose errors fail it).
BADGES = (
    ("key_share", ("key_share",)),
    ("capacity", ("capacity", "chain")),
    ("random", ("random",)),
)

STYLE = """
<style>
.planlib-dashboard { font-size: 14px; }
.planlib-dashboard h2 { margin: 0 0 4px 0; font-size: 20px; }
.planlib-card { border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 14px; margin-right: 10px;
  background: #f6f8fa; min-width: 150px; }
.planlib-card .planlib-number { font-size: 26px; font-weight: 600; }
.planlib-badge { display: inline-block; border-radius: 12px; padding: 2px 12px; margin: 2px 6px 2px 0;
  color: white; font-weight: 600; }
.planlib-pass { background: #2e7d32; }
.planlib-fail { background: #c62828; }
.planlib-na { background: #757575; }
.planlib-card.planlib-card-fail { border-color: #c62828; background: #ffebee; }
.planlib-card.planlib-card-fail .planlib-number { color: #b71c1c; }
.planlib-card.planlib-card-unknown .planlib-number { color: #757575; }
.planlib-table { border-collapse: collapse; margin: 4px 0; }
.planlib-table th, .planlib-table td { border-bottom: 1px solid #e1e4e8; padding: 3px 10px; text-align: right; }
.planlib-table th:first-child, .planlib-table td:first-child { text-align: left; }
.planlib-table tr.planlib-changed td { background: #fff8c5; }
.planlib-chain { font-family: inherit; line-height: 1.7; }
.planlib-status-error { color: #c62828; font-weight: 600; }
</style>
"""


def nice_ceiling(value: float) -> float:
    """The next round axis limit ≥ ``value`` (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ):
    the waterfall keeps its scale while the totals move a little, so its background can stay."""
    if value <= 0:
        return 1.0
    power: float = 10.0 ** math.floor(math.log10(value))
    for step in (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * power >= value:
            return step * power
    return 10 * power


# ---------------------------------------------------------------- the live waterfall


class WaterfallView:
    """:func:`charts.waterfall` drawn once, then updated in place and blitted.

    The axis limit depends only on the result (:func:`nice_ceiling` of 1.1 × the largest
    bar), and one background is cached per limit, so the image depends only on the result,
    never on the path taken to it. Negative bars (a plan with no inspection workdays) take the
    slow path: a full redraw by :func:`charts.waterfall`.
    """

    def __init__(self, result: PlanResult, size=WATERFALL_SIZE, dpi: int = CHART_DPI):
        charts.use_chinese_fonts()
        self.figure = Figure(figsize=size, dpi=dpi)
        self.figure.subplots_adjust(left=0.09, right=0.99, top=0.9, bottom=0.1)
        self.canvas = FigureCanvasAgg(self.figure)
        self.ax = self.figure.add_subplot()
        self._backgrounds: dict[float, object] = {}
        self._draw_full(result)

    @staticmethod
    def limit(result: PlanResult) -> float:
        top = max([s.start + max(s.delta, 0) for s in charts.waterfall_steps(result)] + [1])
        return nice_ceiling(top * 1.1)

    def _draw_full(self, result: PlanResult) -> None:
        self.ax.clear()
        charts.waterfall(result, ax=self.ax)
        self._negative = charts.waterfall_negative(result)
        if not self._negative:  # a negative chart keeps the limits that show below zero
            self.ax.set_ylim(0, self.limit(result))
        self._artists = self._dynamic_artists()
        self._backgrounds.clear()
        self.canvas.draw()
        self.png = self._encode()

    def _dynamic_artists(self) -> list:
        """Bars, connectors, value labels and the base line: what a new result moves."""
        ax = self.ax
        artists = [*ax.patches, *ax.lines[:3], ax.spines["bottom"], *ax.texts]
        return sorted(artists, key=lambda a: a.get_zorder())  # the order a full draw uses

    def _bars_and_labels(self) -> tuple[list[Rectangle], list[Annotation]]:
        """The waterfall's bars and their labels (what an update moves)."""
        bars = [p for p in self.ax.patches if isinstance(p, Rectangle)]
        return bars, [t for t in self.ax.texts if isinstance(t, Annotation)]

    def _matches(self, steps) -> bool:
        bars, labels = self._bars_and_labels()
        return (
            len(self.ax.patches) == len(bars) == len(steps)
            and len(self.ax.texts) == len(labels) == len(steps)
            and len(self.ax.lines) >= 3
        )

    def update(self, result: PlanResult) -> bytes:
        """Move the artists to ``result`` and return the new PNG."""
        steps = charts.waterfall_steps(result)
        negative = self._negative or charts.waterfall_negative(result)
        if negative or any(s.start < 0 or s.start + s.delta < 0 for s in steps) or not self._matches(steps):
            self._draw_full(result)  # negative amounts (and the way back) are drawn in full
            return self.png
        for i, (step, bar, label) in enumerate(zip(steps, *self._bars_and_labels(), strict=True)):
            low, height = min(step.start, step.start + step.delta), abs(step.delta)
            bar.set_y(low)
            bar.set_height(height)
            label.xy = (i, low + height)
            label.set_text(charts.step_label(i, step))
        for i, line in enumerate(self.ax.lines[:3]):
            level = steps[i].start + steps[i].delta
            line.set_ydata([level, level])
        limit = self.limit(result)
        if limit not in self._backgrounds:
            self.ax.set_ylim(0, limit)
            for a in self._artists:
                a.set_animated(True)
            self.canvas.draw()  # everything but the moving artists
            self._backgrounds[limit] = self.canvas.copy_from_bbox(self.figure.bbox)
        self.ax.set_ylim(0, limit)
        self.canvas.restore_region(self._backgrounds[limit])
        for a in self._artists:
            self.ax.draw_artist(a)
        self.png = self._encode()
        return self.png

    def _encode(self) -> bytes:
        from PIL import Image

        image = Image.frombuffer("RGBA", self.canvas.get_width_height(), self.canvas.buffer_rgba())
        out = io.BytesIO()
        image.save(out, format="PNG", compress_level=1)
        return out.getvalue()


def tornado_png(rows, dpi: int = CHART_DPI) -> bytes:
    """:func:`charts.tornado` on a fixed layout (constrained layout costs ~100 ms per draw)."""
    charts.use_chinese_fonts()
    figure = Figure(figsize=(WATERFALL_SIZE[0], 0.36 * len(rows) + 1.4), dpi=dpi)
    figure.subplots_adjust(left=0.3, right=0.97, top=0.94, bottom=0.07)
    FigureCanvasAgg(figure)
    charts.tornado(rows, ax=figure.add_subplot())
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


# ---------------------------------------------------------------- HTML fragments


def _esc(value) -> str:
    return html.escape(str(value))


def html_table(headers: Iterable[str], rows: Iterable[Iterable], changed: Iterable[bool] = ()) -> str:
    changed = list(changed)
    head = "".join(f"<th>{_esc(h)}</th>" for h in headers)
    body = []
    for n, row in enumerate(rows):
        mark = ' class="planlib-changed"' if n < len(changed) and changed[n] else ""
        body.append(f"<tr{mark}>" + "".join(f"<td>{_esc(c)}</td>" for c in row) + "</tr>")
    return f'<table class="planlib-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


signed = charts.signed


def chain_html(r: PlanResult) -> str:
    """The workday chain of section 四, one line per step; an impossible plan ends in why."""
    plan, cal = r.plan, r.calendar
    lines = [
        f"国家法定工作日={cal.workdays_per_person}天（{MODE_NAMES.get(cal.mode, cal.mode)}）",
        f"总法定工作日={cal.workdays_per_person}×{r.enforcement_staff}={r.total_workdays}个",
        f"监督检查工作日={r.total_workdays}−{r.other_enforcement.total}（其他执法）−{r.non_enforcement.total}（非执法）"
        f"={signed(r.inspection_workdays)}个",
    ]
    lack = shortfall(r)
    if lack is None:
        lines += [
            f"重点检查{r.key_inspections}家×{number_text(plan.days_per_key_inspection)}天={r.key_workdays}个工作日；"
            f"一般检查工作日{r.general_workdays}个÷{number_text(plan.days_per_general_inspection)}天"
            f"={r.general_inspections}家",
            f"计划检查{r.planned_inspections}家=重点{r.key_inspections}+一般{r.general_inspections}；"
            f"“双随机”不少于{r.random_min}家",
        ]
    else:
        lines += [
            f"重点检查{r.key_inspections}家×{number_text(plan.days_per_key_inspection)}天={r.key_workdays}个工作日；"
            f"一般检查工作日={signed(r.inspection_workdays)}−{r.key_workdays}={signed(r.general_workdays)}个",
            f"✗ {infeasible_text(r)}",
        ]
    return '<div class="planlib-chain">' + "<br>".join(_esc(x) for x in lines) + "</div>"


def infeasible_text(r: PlanResult) -> str:
    """Why the plan cannot be carried out, in figures (only for a plan with a shortfall)."""
    lack = shortfall(r)
    if r.inspection_workdays <= 0:
        head = f"监督检查工作日为{signed(r.inspection_workdays)}个，没有可用于监督检查的工作日"
    else:
        head = f"重点检查需{r.key_workdays}个工作日，超过监督检查工作日{r.inspection_workdays}个"
    return head + (f"，缺{lack}个工作日，计划无法完成" if lack else "，计划无法完成")


PASS, FAIL, NOT_APPLICABLE = "pass", "fail", "na"
BADGE_MARKS = {PASS: "✓", FAIL: "✗", NOT_APPLICABLE: "–"}


def badge_states(result: PlanResult, findings: list[Finding]) -> dict[str, tuple[str, str]]:
    """Each badge's (state, label), from the rules' error findings.

    A plan that cannot be carried out fails 检查能力 whichever rule says so, and its shares
    (of inspections it cannot make) are not applicable: never a green badge for them.
    """
    plan = result.plan
    failed = {f.rule for f in findings if f.severity == ERROR}
    impossible = shortfall(result) is not None
    states = {name: FAIL if failed & set(rules) else PASS for name, rules in BADGES}
    capacity = f"检查能力：重点检查{result.key_workdays}≤监督检查{result.inspection_workdays}个工作日"
    if impossible:
        states["capacity"] = FAIL
        capacity = (
            f"检查能力：重点检查需{result.key_workdays}个工作日＞监督检查{signed(result.inspection_workdays)}个工作日"
        )
        for name in ("key_share", "random"):
            if states[name] == PASS:
                states[name] = NOT_APPLICABLE
    labels = {
        "key_share": f"重点检查占比{share_text(result.key_share)}（≥{pct(plan.key_share_min, 0)}）",
        "capacity": capacity,
        "random": f"“双随机”≥{pct(plan.random_share_min, 0)}（不少于{result.random_min}家）",
    }
    if impossible:
        labels["key_share"] = f"重点检查占比：计划无法完成，不适用（≥{pct(plan.key_share_min, 0)}）"
        if states["random"] == NOT_APPLICABLE:
            labels["random"] = f"“双随机”≥{pct(plan.random_share_min, 0)}：计划无法完成，不适用"
    return {name: (states[name], labels[name]) for name, _ in BADGES}


def badges_html(result: PlanResult, findings: list[Finding]) -> str:
    parts = []
    for name, (state, label) in badge_states(result, findings).items():
        parts.append(
            f'<span class="planlib-badge planlib-{state}" data-rule="{name}">{BADGE_MARKS[state]} {_esc(label)}</span>'
        )
    notes = [f for f in findings if f.severity in (ERROR, WARNING)]
    listing = "".join(f"<li>{SEVERITY_LABELS[f.severity]}：{_esc(f.message)}</li>" for f in notes)
    return "".join(parts) + (f"<ul>{listing}</ul>" if listing else "")


def units_html(result: PlanResult) -> str:
    rows = [(u.name, u.staff, u.key, u.general, u.total) for u in result.units]
    rows.append(
        (
            "合计",
            result.enforcement_staff,
            result.key_inspections,
            result.general_inspections,
            result.planned_inspections,
        )
    )
    table = html_table(("执法单位", "执法人员", "重点检查", "一般检查", "合计"), rows)
    if shortfall(result) is not None:  # the units' key inspections are what the register asks, not a plan
        return f'<p class="planlib-status-error">✗ {_esc(infeasible_text(result))}：以下安排无法执行。</p>' + table
    return table


def comparison_html(baseline: PlanResult, result: PlanResult) -> str:
    rows = compare(baseline, result)
    return html_table(COMPARISON_COLUMNS, [r.cells() for r in rows], [r.changed for r in rows])


def sensitivity_html(rows) -> str:
    return html_table(SENSITIVITY_COLUMNS, [r.cells() for r in rows])


# ---------------------------------------------------------------- the dashboard


def _percent(value: Fraction | None) -> float:
    return float(Fraction(value) * 100) if value is not None else 0.0


class Dashboard:
    """The dashboard for one plan; display it (``dashboard`` as a cell's last line) or use
    :attr:`widget`. ``scenario`` sets the controls' starting values (papermill parameters).

    :attr:`scenario` always holds what the controls say; :attr:`result` its computed plan.
    """

    TABS = ("各单位安排", "情景对比", "反向测算", "敏感性分析", "情景改动", "检查事项")
    INVERSE_TAB, SENSITIVITY_TAB, ITEMS_TAB = 2, 3, 5

    def __init__(self, plan: Plan, scenario: Scenario = BASELINE, save_dir=None, register: RegisterPlan | None = None):
        self.plan = plan
        self.register = register  # with a register: the 检查事项 tab (docs/contract.md §6)
        self.baseline = compute(plan)
        self.scenario = with_default_targets(scenario, self.baseline)
        self.save_dir = save_dir
        self.result = compute(apply(plan, self.scenario))
        self._syncing = False
        self._stale: set[int] = set()
        self.error: str | None = None  # why the current scenario cannot be computed
        self._build_controls()
        self._build_outputs()
        self.widget = self._layout()
        self.update()

    # -- controls

    def _build_controls(self) -> None:
        plan, s = self.plan, self.scenario
        style = {"description_width": "130px"}
        wide = w.Layout(width="360px")
        staff = sum(unit_staff(plan, s))
        self.staff = w.IntSlider(
            value=staff,
            min=1,
            max=max(2 * plan.enforcement_staff, plan.enforcement_staff + 20, staff),
            description="执法人员总数",
            style=style,
            layout=wide,
            continuous_update=False,
        )
        self.staff.add_class("planlib-staff")
        self.unit_boxes = {
            u.name: w.BoundedIntText(
                value=n,
                min=0,
                max=10_000,
                description=u.name,
                style={"description_width": "190px"},
                layout=w.Layout(width="340px"),
            )
            for u, n in zip(plan.units, unit_staff(plan, s), strict=True)
        }
        self.headcount = w.BoundedIntText(
            value=s.headcount if s.headcount is not None else (plan.headcount or 0),
            min=0,
            max=100_000,
            description="在册定编人数",
            style=style,
            layout=wide,
        )
        self.mode = w.ToggleButtons(
            options=[(name, mode) for mode, name in MODE_NAMES.items()],
            value=s.workday_mode or plan.workday_mode,
            description="工作日计算",
            style={**style, "button_width": "140px"},
        )
        days = dict(min=0.5, max=20, step=0.5, style=style, layout=wide)
        self.days_key = w.BoundedFloatText(
            value=float(s.days_per_key_inspection or plan.days_per_key_inspection),
            description="每家重点检查天数",
            **days,
        )
        self.days_general = w.BoundedFloatText(
            value=float(s.days_per_general_inspection or plan.days_per_general_inspection),
            description="每家一般检查天数",
            **days,
        )
        self.key_share = w.BoundedFloatText(
            value=_percent(s.key_share_min if s.key_share_min is not None else plan.key_share_min),
            min=1,
            max=100,
            step=1,
            description="重点检查最低比例%",
            style=style,
            layout=wide,
        )
        adjust = dict(min=-50, max=50, step=1, continuous_update=False, readout_format="+d")
        self.category_sliders = {
            c: w.IntSlider(
                value=int(Fraction(s.category_adjustments.get(c, 0)) * 100),
                description=f"{c}（各项）%",
                style=style,
                layout=wide,
                **adjust,
            )
            for c in CATEGORIES
        }
        item_adjustments = {}
        for key, value in s.item_adjustments.items():
            item = resolve_item(plan, key)
            item_adjustments[(item.category, item.name)] = value
        self.item_sliders = {
            (i.category, i.name): w.IntSlider(
                value=int(Fraction(item_adjustments.get((i.category, i.name), 0)) * 100),
                description=i.name,
                description_allow_html=False,
                style={"description_width": "190px"},
                layout=w.Layout(width="360px"),
                **adjust,
            )
            for i in plan.items
        }
        for slider in self.item_sliders.values():
            slider.tooltip = slider.description
        self.target_ratio = w.BoundedFloatText(
            value=_percent(s.target_plan_ratio),
            min=0,
            max=100,
            step=0.1,
            description="目标计划检查比例%",
            style=style,
            layout=wide,
        )
        self.general_target = w.BoundedIntText(
            value=s.general_target or 0, min=0, max=1_000_000, description="目标一般检查家数", style=style, layout=wide
        )
        self.reset_button = w.Button(description="恢复基准", icon="undo")
        self.save_button = w.Button(description="保存情景", icon="save", button_style="primary")
        self.save_button.add_class("planlib-save")

        self.staff.observe(self._on_staff, "value")
        for box in self.unit_boxes.values():
            box.observe(self._on_unit, "value")
        for control in (
            self.headcount,
            self.mode,
            self.days_key,
            self.days_general,
            self.key_share,
            self.target_ratio,
            self.general_target,
            *self.category_sliders.values(),
            *self.item_sliders.values(),
        ):
            control.observe(self._on_setting, "value")
        self.reset_button.on_click(lambda _: self.reset())
        self.save_button.on_click(lambda _: self.save())

    def _on_staff(self, change) -> None:
        if self._syncing:
            return
        self.scenario = self.scenario.with_changes(total_officers=change["new"])
        self._sync_units()
        self.update()

    def _on_unit(self, change) -> None:
        if self._syncing:
            return
        overrides = {
            u.name: self.unit_boxes[u.name].value for u in self.plan.units if self.unit_boxes[u.name].value != u.staff
        }
        self.scenario = self.scenario.with_changes(unit_officers=overrides, total_officers=None)
        total = sum(b.value for b in self.unit_boxes.values())
        self.staff.max = max(self.staff.max, total)  # the slider must be able to show the sum
        with self._quietly():
            self.staff.value = total
        self.update()

    def _on_setting(self, change) -> None:
        if self._syncing:
            return
        self.scenario = self.read_settings(self.scenario)
        self.update()

    def read_settings(self, scenario: Scenario) -> Scenario:
        """The scenario with every non-staff control's value (unchanged values become ``None``)."""
        plan = self.plan

        def unless(value, same):
            return None if value == same else value

        items = {}
        for (category, name), slider in self.item_sliders.items():
            if slider.value:
                key = name if sum(i.name == name for i in plan.items) == 1 else f"{category}:{name}"
                items[key] = Fraction(slider.value, 100)
        return scenario.with_changes(
            headcount=unless(self.headcount.value or None, plan.headcount),
            workday_mode=unless(self.mode.value, plan.workday_mode),
            days_per_key_inspection=unless(exact(self.days_key.value), Fraction(plan.days_per_key_inspection)),
            days_per_general_inspection=unless(
                exact(self.days_general.value), Fraction(plan.days_per_general_inspection)
            ),
            key_share_min=unless(exact(self.key_share.value) / 100, plan.key_share_min),
            category_adjustments={c: Fraction(s.value, 100) for c, s in self.category_sliders.items() if s.value},
            item_adjustments=items,
            target_plan_ratio=exact(self.target_ratio.value) / 100 if self.target_ratio.value else None,
            general_target=self.general_target.value or None,
        )

    @contextmanager
    def _quietly(self):
        """Set controls without their observers firing (the scenario is already right)."""
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = False

    def _sync_units(self) -> None:
        try:
            staff = unit_staff(self.plan, self.scenario)
        except ScenarioError:
            return
        with self._quietly():
            for u, n in zip(self.plan.units, staff, strict=True):
                self.unit_boxes[u.name].value = n

    def reset(self) -> None:
        """Every control back to the workbook's values (the targets stay)."""
        plan = self.plan
        with self._quietly():
            self.staff.value = plan.enforcement_staff
            for u in plan.units:
                self.unit_boxes[u.name].value = u.staff
            self.headcount.value = plan.headcount or 0
            self.mode.value = plan.workday_mode
            self.days_key.value = float(plan.days_per_key_inspection)
            self.days_general.value = float(plan.days_per_general_inspection)
            self.key_share.value = _percent(plan.key_share_min)
            for slider in (*self.category_sliders.values(), *self.item_sliders.values()):
                slider.value = 0
        self.scenario = Scenario(
            target_plan_ratio=self.scenario.target_plan_ratio, general_target=self.scenario.general_target
        )
        self.update()

    # -- outputs

    def _build_outputs(self) -> None:
        self.title = w.HTML(STYLE + f"<h2>{_esc(self.plan.authority)} {self.plan.year}年度 执法人员情景测算</h2>")
        self.total = w.HTML()
        self.total.add_class("planlib-inspections-total")
        self.key_share_out = w.HTML()
        self.key_share_out.add_class("planlib-key-share")
        self.ratio_out = w.HTML()
        self.ratio_out.add_class("planlib-plan-ratio")
        for card in (self.total, self.key_share_out, self.ratio_out):
            card.add_class("planlib-card")
        self.badges = w.HTML()
        self.badges.add_class("planlib-badges")
        self.chain = w.HTML()
        self.waterfall = WaterfallView(self.result)
        width = round(WATERFALL_SIZE[0] * CHART_DPI)
        self.chart = w.Image(
            value=self.waterfall.png, format="png", layout=w.Layout(width=f"{width}px", max_width="100%", height="auto")
        )
        self.chart.add_class("planlib-waterfall")
        self.units_out = w.HTML()
        self.comparison_out = w.HTML()
        self.inverse_out = w.HTML()
        self.inverse_out.add_class("planlib-inverse")
        self.tornado = w.Image(format="png", layout=w.Layout(width=f"{width}px", max_width="100%", height="auto"))
        self.sensitivity_out = w.HTML()
        self.changes_out = w.HTML()
        self.items_out = w.HTML()
        self.items_out.add_class("planlib-items")
        self.status = w.HTML()
        self.status.add_class("planlib-status")
        # A view switcher over one plain box (not a lumino Tab, whose panel keeps the height it
        # had when first shown and would clip the tornado drawn later).
        self.panels = [
            self.units_out,
            self.comparison_out,
            self.inverse_out,
            w.VBox([self.tornado, self.sensitivity_out]),
            self.changes_out,
            self.items_out,
        ]
        self.view = w.ToggleButtons(options=list(self.TABS), index=0, style={"button_width": "112px"})
        self.view.add_class("planlib-views")
        self.panel = w.Box([self.panels[0]], layout=w.Layout(padding="6px 0"))
        self.view.observe(self._on_view, "index")

    def _layout(self) -> w.Widget:
        def section(title: str, *children) -> w.VBox:
            return w.VBox([w.HTML(f"<b>{_esc(title)}</b>"), *children])

        units = w.VBox(list(self.unit_boxes.values()))
        adjustments = w.VBox(
            [*self.category_sliders.values(), w.HTML("<i>各项工作日调整（%）</i>"), *self.item_sliders.values()]
        )
        accordion = w.Accordion(children=[units, adjustments])
        accordion.set_title(0, "各执法单位人员")
        accordion.set_title(1, "工作日调整（如培训−10%）")
        controls = w.VBox(
            [
                section(
                    "人员与参数",
                    self.staff,
                    self.headcount,
                    self.mode,
                    self.days_key,
                    self.days_general,
                    self.key_share,
                ),
                accordion,
                section("反向测算目标", self.target_ratio, self.general_target),
                w.HBox([self.reset_button, self.save_button]),
            ],
            layout=w.Layout(width="390px", min_width="390px"),
        )
        outputs = w.VBox(
            [
                w.HBox([self.total, self.key_share_out, self.ratio_out]),
                self.badges,
                self.status,
                self.chain,
                self.chart,
                self.view,
                self.panel,
            ],
            layout=w.Layout(flex="1 1 auto"),
        )
        root = w.VBox([self.title, w.HBox([controls, outputs])])
        root.add_class("planlib-dashboard")
        return root

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    # -- the callback

    def update(self) -> None:
        """Compute the scenario and redraw every live output (the one callback)."""
        try:
            result = compute(apply(self.plan, self.scenario))
        except (ScenarioError, CalendarError, EstimationError) as e:
            self._show_unavailable(str(e))
            return
        findings = check(result)
        self.result = result
        self.error = None
        r = result
        lack = shortfall(r)
        if lack is None:
            self._card(
                self.total,
                f"{r.planned_inspections}",
                " 家 计划检查",
                f"重点{r.key_inspections}家＋一般{r.general_inspections}家",
            )
            self._card(
                self.key_share_out,
                share_text(r.key_share),
                " 重点检查占比",
                f"最低{pct(r.plan.key_share_min, 0)}",
                fail="key_share" in {f.rule for f in findings if f.severity == ERROR},
            )
            self._card(
                self.ratio_out, share_text(r.plan_ratio), " 计划检查比例", f"管理对象{r.plan.entity_base or '—'}家"
            )
        else:  # an impossible plan: no inspection count, no shares of it
            needed = f"重点{r.key_inspections}家需{r.key_workdays}个工作日"
            self._card(
                self.total,
                "无法完成",
                " 计划检查",
                f"{needed}，监督检查工作日{signed(r.inspection_workdays)}个" + (f"，缺{lack}个" if lack else ""),
                fail=True,
            )
            self._card(self.key_share_out, "—", " 重点检查占比", "计划无法完成，不适用", fail=True)
            self._card(self.ratio_out, "—", " 计划检查比例", "计划无法完成，不适用", fail=True)
        self.badges.value = badges_html(r, findings)
        self.status.value = ""
        self.chain.value = chain_html(r)
        self.chart.layout.display = None
        self.chart.value = self.waterfall.update(r)
        self.units_out.value = units_html(r)
        self.comparison_out.value = comparison_html(self.baseline, r)
        changes = describe(self.plan, self.scenario)
        self.changes_out.value = (
            html_table(("设置", "基准", "情景"), changes) if changes else "<p>当前情景与工作簿相同。</p>"
        ) + (
            f"<p>点击“保存情景”，在 {_esc(self.save_dir or scenarios_dir(self.plan))} 下生成应用本情景的"
            "新输入工作簿（不会覆盖已有文件）。</p>"
        )
        self._stale = {self.INVERSE_TAB, self.SENSITIVITY_TAB, self.ITEMS_TAB}
        self._refresh_tab()

    CARD_STATES = ("planlib-card-fail", "planlib-card-unknown")

    def _card(
        self, card: w.HTML, number: str, caption: str, detail: str, *, fail: bool = False, unknown: bool = False
    ) -> None:
        """One card: its number, caption and detail line; red when what it shows cannot be
        carried out, grey when there is nothing to show."""
        for name in self.CARD_STATES:
            card.remove_class(name)
        if fail:
            card.add_class("planlib-card-fail")
        if unknown:
            card.add_class("planlib-card-unknown")
        card.value = f'<span class="planlib-number">{_esc(number)}</span>{_esc(caption)}<br>{_esc(detail)}'

    def _show_unavailable(self, reason: str) -> None:
        """The scenario cannot be computed: say why and show no figure of an earlier one."""
        self.error = reason
        self.status.value = f'<span class="planlib-status-error">无法测算：{_esc(reason)}</span>'
        for card, caption in (
            (self.total, " 计划检查"),
            (self.key_share_out, " 重点检查占比"),
            (self.ratio_out, " 计划检查比例"),
        ):
            self._card(card, "—", caption, "无法测算", unknown=True)
        self.badges.value = '<span class="planlib-badge planlib-fail" data-rule="compute">✗ 无法测算，见下方说明</span>'
        self.chain.value = ""
        self.chart.layout.display = "none"
        for out in (self.units_out, self.comparison_out, self.inverse_out, self.sensitivity_out, self.items_out):
            out.value = ""
        self.tornado.value = b""
        self._stale = set()

    def _on_view(self, change) -> None:
        self.panel.children = [self.panels[self.view.index]]
        self._refresh_tab()

    def _refresh_tab(self) -> None:
        """The slower outputs, recomputed only while their view is shown."""
        tab = self.view.index
        if tab not in self._stale:
            return
        self._stale.discard(tab)
        if tab == self.INVERSE_TAB:
            self.refresh_inverse()
        elif tab == self.SENSITIVITY_TAB:
            self.refresh_sensitivity()
        elif tab == self.ITEMS_TAB:
            self.refresh_items()

    def refresh_inverse(self) -> None:
        answers = answer_inverse(self.plan, self.scenario, self.result)
        self.inverse_out.value = "<ul>" + "".join(f"<li>{_esc(x)}</li>" for x in answers.lines()) + "</ul>"

    def refresh_items(self) -> None:
        """附件4 涉企行政检查计划表 and the items × months for the current scenario: its visits
        re-dealt over the items by the register (the draw's strata, whatever the seed)."""
        rp = self.register
        if rp is None or not self.plan.inspection_items:
            self.items_out.value = f"<p>{_esc(NO_ITEMS)}</p>"
            return
        result, _ = with_item_lines(self.result, rp.register, rp.assignment, rp.frame())
        self.items_out.value = table_html(items_table(result)) + table_html(item_months_table(result))

    def refresh_sensitivity(self) -> None:
        rows = sensitivity(self.plan, self.scenario)
        self.tornado.value = tornado_png(rows)
        self.sensitivity_out.value = sensitivity_html(rows)

    # -- saving

    def save(self):
        """Save the current scenario as a new workbook; reports the path in the status line."""
        try:
            path = save_scenario(self.plan, self.scenario, self.save_dir)
        except (ScenarioError, OSError, ValueError) as e:
            self.status.value = f'<span class="planlib-status-error">保存失败：{_esc(e)}</span>'
            return None
        self.status.value = f"已保存情景：{_esc(path)}"
        return path


# --- The register (docs/contract.md §5) -----------------------------------------------------------------


def table_html(table) -> str:
    """A text-layer Table as an HTML table (its displayed values), with its title above."""
    return f"<b>{_esc(table.title)}</b>" + html_table(table.headers, table.shown_rows())


def register_view(rp) -> w.VBox:
    """The register's totals by sector and risk level, and the key-unit list of the unit chosen
    in a drop-down (``rp``: :class:`planlib.io.draw.RegisterPlan`)."""
    units = [u for u in rp.assignment.by_unit]
    chooser = w.Dropdown(options=units, value=units[0] if units else None, description="执法单位")
    key_list = w.HTML()

    def show(change=None) -> None:
        if chooser.value is not None:
            key_list.value = table_html(key_units_table(rp.assignment, [chooser.value]))

    chooser.observe(show, names="value")
    show()
    return w.VBox(
        [
            w.HTML(table_html(register_totals_table(rp.register, rp.keys))),
            w.HTML(table_html(key_counts_table(rp.assignment))),
            chooser,
            key_list,
        ]
    )
