"""The dashboard's 执行进度 view (docs/contract.md §7): the ledger against the workbook's plan — the
opening figures, the units a month behind, the 执行概况 table and the progress chart. Static: it
compares the ledger with the plan as the workbook has it, not with the scenario of the sliders."""

from __future__ import annotations

import ipywidgets as w

from planlib.core.progress import Progress
from planlib.text.progress import NO_LEDGER, progress_blocks, summary_table
from planlib.text.report import BODY
from planlib.views.widgets.fragments import esc, html_table


def progress_view(pr: Progress | None, authority: str = "", ledger_label: str = "") -> w.VBox:
    """The view's widgets; without a ledger, how to open the dashboard with one."""
    if pr is None:
        box = w.VBox([w.HTML(f"<p>{esc(NO_LEDGER)}</p>")])
        box.add_class("planlib-progress")
        return box
    from planlib.views.progress_chart import progress_png

    blocks = progress_blocks(pr, authority, ledger_label)
    table = summary_table(pr)
    paragraphs = "".join(f"<p>{esc(b.text)}</p>" for b in blocks[1:] if b.kind == BODY)
    box = w.VBox(
        [
            w.HTML(paragraphs),
            w.HTML(f"<b>{esc(table.title)}</b>" + html_table(table.headers, table.shown_rows())),
            w.Image(value=progress_png(pr, dpi=90), format="png", layout=w.Layout(max_width="100%", height="auto")),
        ]
    )
    box.add_class("planlib-progress")
    return box
