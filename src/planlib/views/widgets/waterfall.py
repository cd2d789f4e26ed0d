"""The live charts of the dashboard, drawn once and then updated in place and blitted: the waterfall
and the sensitivity tornado."""

from __future__ import annotations

import io
import math

import matplotlib
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


# ---------------------------------------------------------------- the live tornado


def tornado_limits(rows) -> tuple[float, float]:
    """The tornado's x axis, on a coarse grid: half a width of :func:`nice_ceiling` of 1.6 × the
    widest swing, centred on the base rounded to a quarter of it. The bars (at most 1/1.6 of the
    half width from the base, the base at most 1/8 of it off centre) and their labels stay inside,
    and small moves of the scenario keep the axis, so its background can stay."""
    base = rows[0].base if rows else 0
    half = nice_ceiling(charts.tornado_span(rows) * 1.6)
    quarter = half / 4
    centre = round(base / quarter) * quarter
    return centre - half, centre + half


class TornadoView:
    """:func:`charts.tornado` drawn once, then updated in place and blitted, as
    :class:`WaterfallView` is: the figure, its axes, tick labels, grid and legend are kept; a new
    set of rows moves the bars, the base line and the value labels and retitles the chart. One
    background is cached per axis (:func:`tornado_limits`) and order of the inputs, so the image
    depends only on the rows, never on the path taken to them. Another number of rows (another
    figure height) is drawn afresh."""

    def __init__(self, rows, dpi: int = CHART_DPI):
        charts.use_chinese_fonts()
        self.dpi = dpi
        self._draw_full(list(rows))

    def _draw_full(self, rows: list) -> None:
        self.figure = Figure(figsize=(WATERFALL_SIZE[0], 0.36 * len(rows) + 1.4), dpi=self.dpi)
        self.figure.subplots_adjust(left=0.3, right=0.97, top=0.94, bottom=0.07)
        self.canvas = FigureCanvasAgg(self.figure)
        self.ax = self.figure.add_subplot()
        charts.tornado(rows, ax=self.ax)
        self.count = len(rows)
        self._names = charts.tornado_names(rows)
        low, high = self.ax.containers[:2]  # the −10% and +10% BarContainers
        self._lows, self._highs = list(low), list(high)
        self._base_line = self.ax.lines[0]
        self._labels = [t for t in self.ax.texts if isinstance(t, Annotation)]
        self._backgrounds: dict[tuple, object] = {}
        self.png = self._render(rows)

    def update(self, rows) -> bytes:
        """Move the chart to ``rows`` and return the new PNG."""
        rows = list(rows)
        if len(rows) != self.count or not rows:
            self._draw_full(rows)
        else:
            self.png = self._render(rows)
        return self.png

    def _render(self, rows: list) -> bytes:
        if not rows:
            self.canvas.draw()
            return self._encode()
        ax = self.ax
        base = rows[0].base
        for i, r in enumerate(rows):
            for bar, value in ((self._lows[i], r.low), (self._highs[i], r.high)):
                bar.set_x(base)
                bar.set_width(value - base)
        self._base_line.set_xdata([base, base])
        for label in self._labels:
            label.remove()
        self._labels = charts.tornado_labels(ax, rows, base)
        title = ax.set_title(
            charts.tornado_title(base), fontsize=12, loc="left", fontfamily=matplotlib.rcParams["font.family"]
        )
        names = charts.tornado_names(rows)
        if names != self._names:
            ax.set_yticks(range(len(rows)), names, fontsize=9, fontfamily=matplotlib.rcParams["font.family"])
            self._names = names
        limits = tornado_limits(rows)
        ax.set_xlim(*limits)
        moving = [*self._lows, *self._highs, self._base_line, *self._labels, title, ax.get_legend()]
        key = (limits, tuple(names))
        if key not in self._backgrounds:
            for a in moving:
                a.set_animated(True)
            self.canvas.draw()  # everything but the moving artists
            self._backgrounds[key] = self.canvas.copy_from_bbox(self.figure.bbox)
        self.canvas.restore_region(self._backgrounds[key])
        for a in sorted(moving, key=lambda a: a.get_zorder()):
            a.set_animated(True)
            ax.draw_artist(a)
        return self._encode()

    def _encode(self) -> bytes:
        from PIL import Image

        image = Image.frombuffer("RGBA", self.canvas.get_width_height(), self.canvas.buffer_rgba())
        out = io.BytesIO()
        image.save(out, format="PNG", compress_level=1)
        return out.getvalue()
