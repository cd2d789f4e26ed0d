"""The dashboard's controls: one widget per field of a :class:`~planlib.core.scenario.Scenario`,
the observers that edit the scenario, and the way back to the workbook's values.
"""

from __future__ import annotations

from contextlib import contextmanager
from fractions import Fraction
from typing import TYPE_CHECKING

import ipywidgets as w

from planlib.core.model import CATEGORIES, Plan
from planlib.core.scenario import Scenario, ScenarioError, exact, resolve_item, unit_staff
from planlib.views.widgets.fragments import MODE_NAMES


def _percent(value: Fraction | None) -> float:
    return float(Fraction(value) * 100) if value is not None else 0.0


class ControlsMixin:
    """The controls of :class:`~planlib.views.widgets.dashboard.Dashboard` and their observers."""

    plan: Plan
    scenario: Scenario
    _syncing: bool

    if TYPE_CHECKING:

        def update(self) -> None: ...

        def save(self) -> object: ...

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
