"""The register view (docs/contract.md §5): totals by sector and risk level, a unit's key-unit list."""

from __future__ import annotations

import ipywidgets as w

from planlib.text.register import key_counts_table, key_units_table, register_totals_table
from planlib.views.widgets.fragments import esc, html_table

# --- The register (docs/contract.md §5) -----------------------------------------------------------------


def table_html(table) -> str:
    """A text-layer Table as an HTML table (its displayed values), with its title above."""
    return f"<b>{esc(table.title)}</b>" + html_table(table.headers, table.shown_rows())


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
