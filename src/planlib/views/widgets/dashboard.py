"""The what-if dashboard for one plan: its controls and outputs laid out, and saving a scenario."""

from __future__ import annotations

import ipywidgets as w

from planlib.core.compute import compute
from planlib.core.model import Plan
from planlib.core.progress import Progress
from planlib.core.scenario import BASELINE, Scenario, ScenarioError, apply, with_default_targets
from planlib.io.draw import RegisterPlan
from planlib.io.scenario_file import save_scenario
from planlib.views.widgets.controls import ControlsMixin
from planlib.views.widgets.fragments import esc
from planlib.views.widgets.outputs import OutputsMixin


class Dashboard(ControlsMixin, OutputsMixin):
    """The dashboard for one plan; display it (``dashboard`` as a cell's last line) or use
    :attr:`widget`. ``scenario`` sets the controls' starting values (papermill parameters).

    :attr:`scenario` always holds what the controls say; :attr:`result` its computed plan.
    ``progress`` (:class:`planlib.core.progress.Progress`, with the authority and the ledger's
    name as ``progress_labels``) fills the 执行进度 view.
    """

    def __init__(
        self,
        plan: Plan,
        scenario: Scenario = BASELINE,
        save_dir=None,
        progress: Progress | None = None,
        progress_labels: tuple[str, str] = ("", ""),
        register: RegisterPlan | None = None,
    ):
        self.plan = plan
        self.progress = progress  # the ledger against the workbook's plan (the 执行进度 view)
        self.progress_labels = (progress_labels[0] or plan.authority, progress_labels[1])
        self.register = register  # with a register (plan = register.plan): the 检查事项 view (docs/contract.md §6)
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

    def _layout(self) -> w.Widget:
        def section(title: str, *children) -> w.VBox:
            return w.VBox([w.HTML(f"<b>{esc(title)}</b>"), *children])

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

    # -- saving

    def save(self):
        """Save the current scenario as a new workbook; reports the path in the status line."""
        try:
            path = save_scenario(self.plan, self.scenario, self.save_dir)
        except (ScenarioError, OSError, ValueError) as e:
            self.status.value = f'<span class="planlib-status-error">保存失败：{esc(e)}</span>'
            return None
        self.status.value = f"已保存情景：{esc(path)}"
        return path
