"""The what-if staffing dashboard: ipywidgets controls and live outputs.

Every control edits one field of a :class:`~planlib.core.scenario.Scenario`; the one callback,
:meth:`Dashboard.update`, then calls the pure functions (``scenario.apply`` →
``compute`` → ``text.findings.check``) and redraws. The waterfall is drawn once by
:func:`planlib.views.charts.waterfall` and afterwards updated in place (bar heights, labels,
connectors) and blitted onto a cached background, so a slider step costs milliseconds,
not a new figure. The inverse questions and the sensitivity tornado are recomputed only
while their tab is open.

Stable CSS hooks for browser tests and custom styling: ``planlib-staff`` (the total
officers slider), ``planlib-inspections-total`` (text starts with the planned inspections),
``planlib-key-share``, ``planlib-plan-ratio``, ``planlib-waterfall`` (the chart image),
``planlib-badge`` with ``planlib-pass``/``planlib-fail``, ``planlib-status``.
"""

from planlib.views.widgets.controls import ControlsMixin
from planlib.views.widgets.dashboard import Dashboard
from planlib.views.widgets.fragments import (
    BADGE_MARKS,
    BADGES,
    FAIL,
    MODE_NAMES,
    NOT_APPLICABLE,
    PASS,
    STYLE,
    badge_states,
    badges_html,
    chain_html,
    comparison_html,
    esc,
    html_table,
    infeasible_text,
    sensitivity_html,
    signed,
    units_html,
)
from planlib.views.widgets.items import NO_ITEMS, items_html
from planlib.views.widgets.outputs import OutputsMixin
from planlib.views.widgets.register import register_view, table_html
from planlib.views.widgets.waterfall import CHART_DPI, WATERFALL_SIZE, WaterfallView, nice_ceiling, tornado_png

__all__ = [
    "NO_ITEMS",
    "items_html",
    "CHART_DPI",
    "WATERFALL_SIZE",
    "nice_ceiling",
    "WaterfallView",
    "tornado_png",
    "MODE_NAMES",
    "BADGES",
    "STYLE",
    "esc",
    "html_table",
    "signed",
    "chain_html",
    "infeasible_text",
    "PASS",
    "FAIL",
    "NOT_APPLICABLE",
    "BADGE_MARKS",
    "badge_states",
    "badges_html",
    "units_html",
    "comparison_html",
    "sensitivity_html",
    "ControlsMixin",
    "OutputsMixin",
    "Dashboard",
    "table_html",
    "register_view",
]
