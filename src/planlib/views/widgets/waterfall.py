"""The live waterfall (drawn once, then updated in place and blitted) and the sensitivity tornado."""

from __future__ import annotations

import io
import math

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation

from planlib.core.compute import PlanResult
from planlib.views import charts

CHART_DPI = 80
WATERFALL_SIZE = (8.6, 4.4)


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
