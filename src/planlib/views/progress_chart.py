"""The progress chart (docs/contract.md §7): cumulative planned and done inspections by month, for
the whole authority and each unit, one small panel each; the planned line runs through the
year, the done line up to the as-of month, and the as-of date is marked."""

from __future__ import annotations

import math
import os
from pathlib import Path

from matplotlib.figure import Figure

from planlib.core.progress import Progress, UnitProgress
from planlib.text.progress import CHART_DONE, CHART_PLANNED, chart_panel_title, chart_title
from planlib.views.charts import PALETTE, SHORTFALL, _style, save_png, use_chinese_fonts

PLANNED, DONE = PALETTE[0], PALETTE[2]


def cumulative(values: tuple[int, ...]) -> list[int]:
    out, total = [], 0
    for v in values:
        total += v
        out.append(total)
    return out


def _panel(ax, u: UnitProgress, as_of_month: int) -> None:
    x = list(range(1, 13))
    ax.plot(x, cumulative(u.planned_months), color=PLANNED, marker="o", markersize=3, label=CHART_PLANNED)
    done = cumulative(u.done_months)[:as_of_month]
    colour = SHORTFALL if u.month_behind else DONE
    ax.plot(x[:as_of_month], done, color=colour, marker="o", markersize=3, linewidth=2, label=CHART_DONE)
    ax.axvline(as_of_month, color="#999999", linestyle=":", linewidth=1)
    ax.set_xticks(x, [str(m) for m in x], fontsize=8)
    ax.set_ylim(0, max(u.planned_year, u.done, 1) * 1.1)
    ax.set_title(chart_panel_title(u), fontsize=10, loc="left", color=SHORTFALL if u.month_behind else "black")
    ax.yaxis.grid(True, color="#E5E5E5")
    _style(ax)


def progress_figure(pr: Progress) -> Figure:
    use_chinese_fonts()
    panels = [pr.total, *pr.units]
    cols = min(3, len(panels))
    rows = math.ceil(len(panels) / cols)
    fig = Figure(figsize=(4.2 * cols, 3.0 * rows + 0.6), dpi=100, layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for i, u in enumerate(panels):
        _panel(axes[i // cols][i % cols], u, pr.as_of.month)
    for j in range(len(panels), rows * cols):
        axes[j // cols][j % cols].set_visible(False)
    axes[0][0].legend(loc="upper left", frameon=False, fontsize=8)
    fig.suptitle(chart_title(pr), fontsize=13)
    return fig


def save_progress_chart(pr: Progress, path: str | os.PathLike, dpi: int = 120) -> Path:
    return save_png(progress_figure(pr), path, dpi)


def progress_png(pr: Progress, dpi: int = 100) -> bytes:
    """The chart as PNG bytes, drawn in memory (nothing written)."""
    import io

    buffer = io.BytesIO()
    progress_figure(pr).savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def progress_image(pr: Progress, dpi: int = 100):
    """The chart as a PNG for a notebook to display (drawn in memory, nothing written)."""
    from IPython.display import Image

    return Image(data=progress_png(pr, dpi), format="png")
