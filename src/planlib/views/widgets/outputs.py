"""The dashboard's outputs: the cards, badges, chain, waterfall and the views, redrawn by
:meth:`OutputsMixin.update` (the one callback).
"""

from __future__ import annotations

import os

import ipywidgets as w

from planlib.core.calendar import CalendarError
from planlib.core.compute import PlanResult, compute
from planlib.core.estimation import EstimationError
from planlib.core.model import Plan
from planlib.core.progress import Progress
from planlib.core.rules import ERROR, shortfall
from planlib.core.scenario import Scenario, ScenarioError, answer_inverse, apply, sensitivity
from planlib.io.draw import RegisterPlan
from planlib.io.scenario_file import scenarios_dir
from planlib.text.findings import check
from planlib.text.numbers import pct, share_text
from planlib.text.scenario import describe, inverse_lines
from planlib.views.widgets.fragments import (
    STYLE,
    badges_html,
    chain_html,
    comparison_html,
    esc,
    html_table,
    sensitivity_html,
    signed,
    units_html,
)
from planlib.views.widgets.items import items_html
from planlib.views.widgets.progress import progress_view
from planlib.views.widgets.waterfall import CHART_DPI, WATERFALL_SIZE, TornadoView, WaterfallView


class OutputsMixin:
    """The outputs of :class:`~planlib.views.widgets.dashboard.Dashboard` and the one callback."""

    TABS = ("各单位安排", "情景对比", "反向测算", "敏感性分析", "情景改动", "执行进度", "检查事项")
    INVERSE_TAB, SENSITIVITY_TAB, ITEMS_TAB = 2, 3, 6

    plan: Plan
    scenario: Scenario
    register: RegisterPlan | None  # with a register: the 检查事项 tab
    baseline: PlanResult
    result: PlanResult
    save_dir: str | os.PathLike | None
    error: str | None
    _stale: set[int]
    progress: Progress | None
    progress_labels: tuple[str, str]
    _tornado_view: TornadoView | None = None  # drawn when the sensitivity tab is first shown

    def _build_outputs(self) -> None:
        self.title = w.HTML(STYLE + f"<h2>{esc(self.plan.authority)} {self.plan.year}年度 执法人员情景测算</h2>")
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
            progress_view(self.progress, *self.progress_labels),
            self.items_out,
        ]
        self.view = w.ToggleButtons(options=list(self.TABS), index=0, style={"button_width": "112px"})
        self.view.add_class("planlib-views")
        self.panel = w.Box([self.panels[0]], layout=w.Layout(padding="6px 0"))
        self.view.observe(self._on_view, "index")

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
            f"<p>点击“保存情景”，在 {esc(self.save_dir or scenarios_dir(self.plan))} 下生成应用本情景的"
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
        card.value = f'<span class="planlib-number">{esc(number)}</span>{esc(caption)}<br>{esc(detail)}'

    def _show_unavailable(self, reason: str) -> None:
        """The scenario cannot be computed: say why and show no figure of an earlier one."""
        self.error = reason
        self.status.value = f'<span class="planlib-status-error">无法测算：{esc(reason)}</span>'
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
        self.inverse_out.value = "<ul>" + "".join(f"<li>{esc(x)}</li>" for x in inverse_lines(answers)) + "</ul>"

    def refresh_items(self) -> None:
        self.items_out.value = items_html(self.result, self.register)

    def refresh_sensitivity(self) -> None:
        rows = sensitivity(self.plan, self.scenario, result=self.result)
        if self._tornado_view is None:
            self._tornado_view = TornadoView(rows)
            self.tornado.value = self._tornado_view.png
        else:
            self.tornado.value = self._tornado_view.update(rows)
        self.sensitivity_out.value = sensitivity_html(rows)
