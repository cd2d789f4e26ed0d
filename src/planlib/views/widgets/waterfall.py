"""The live charts of the dashboard, drawn once and then updated in place and blitted: the waterfall
and the sensitivity tornado."""

from __future__ import annotations

import io
import math
from collections import OrderedDict

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation, Text

from planlib.core.compute import PlanResult
from planlib.io.png import png_rgba
from planlib.views import charts
from planlib.views.widgets.sprites import Sprite, TextSprites, anchor, capture

CHART_DPI = 80
WATERFALL_SIZE = (8.6, 4.4)
BACKGROUNDS_KEPT = 8  # the tornado's axes last used (about 2 MB each)


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
        self.png = encode_png(self.canvas)

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
        self.png = encode_png(self.canvas)
        return self.png


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
    :class:`WaterfallView` is: the figure, its axes, ticks, grid and legend are kept; a new set of
    rows moves the bars and the base line and pastes the texts that change. One background is
    cached per axis (:func:`tornado_limits`), so the image depends only on the rows, never on the
    path taken to them (the :data:`BACKGROUNDS_KEPT` axes last used are kept). Another number of
    rows (another figure height) is drawn afresh.

    Every text that changes with the rows (the title, the inputs' names in their new order, the
    value labels) and the legend drawn above them are sprites (:mod:`.sprites`): each text drawn
    by matplotlib once, then pasted at its anchor rounded to a whole pixel. :attr:`labels` holds
    the value labels as :func:`charts.tornado_label_values` gives them, :attr:`names` the rows'.
    """

    def __init__(self, rows, dpi: int = CHART_DPI):
        charts.use_chinese_fonts()
        self.dpi = dpi
        offset = charts.TORNADO_LABEL_OFFSET * dpi / 72  # points → pixels
        self._values = {
            right: TextSprites(
                Text(fontsize=charts.TORNADO_LABEL_SIZE, fontfamily=charts.LATIN_FAMILY, ha=ha, va="center"),
                dpi,
                (offset if right else -offset, 0),
            )
            for right, ha in ((True, "left"), (False, "right"))
        }
        self._name_sprites: TextSprites | None = None  # styled after the first figure's tick labels
        self._title_sprites: TextSprites | None = None  # and its title
        self._draw_full(list(rows))

    def _draw_full(self, rows: list) -> None:
        self.figure = Figure(figsize=(WATERFALL_SIZE[0], 0.36 * len(rows) + 1.4), dpi=self.dpi)
        self.figure.subplots_adjust(left=0.3, right=0.97, top=0.94, bottom=0.07)
        self.canvas = FigureCanvasAgg(self.figure)
        self.ax = ax = self.figure.add_subplot()
        charts.tornado(rows, ax=ax)
        for label in [t for t in ax.texts if isinstance(t, Annotation)]:
            label.remove()  # pasted as sprites instead
        self.count = len(rows)
        low, high = ax.containers[:2]  # the −10% and +10% BarContainers
        self._lows, self._highs = list(low), list(high)
        self._bars = [bar_collection(ax, bars) for bars in (self._lows, self._highs)]
        self._base_line = ax.lines[0]
        legend = ax.get_legend()
        assert legend is not None  # charts.tornado draws one
        self._legend = legend
        base = rows[0].base if rows else 0
        self._title = ax.set_title(charts.tornado_title(base), fontsize=charts.TORNADO_TITLE_SIZE, loc="left")
        if rows and self._name_sprites is None:
            self._name_sprites = TextSprites(_style_of(ax.yaxis.get_major_ticks()[0].label1), self.dpi)
            self._title_sprites = TextSprites(_style_of(self._title), self.dpi)
        if rows:
            ax.tick_params(axis="y", labelleft=False)  # the names are pasted (their tick labels keep the first order)
        self._legend_sprite: Sprite | None = None  # the legend does not move: captured once
        self._anchors: tuple[list[tuple[int, int]], tuple[int, int]] | None = None  # the names' and the title's
        self.labels: list[tuple[str, int, int, bool]] = []
        self.names: list[str] = []
        self._backgrounds: OrderedDict[tuple[float, float], object] = OrderedDict()
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
            return encode_png(self.canvas)
        ax = self.ax
        base = rows[0].base
        for i, r in enumerate(rows):
            for bar, value in ((self._lows[i], r.low), (self._highs[i], r.high)):
                bar.set_x(base)
                bar.set_width(value - base)
        for collection, bars in zip(self._bars, (self._lows, self._highs), strict=True):
            collection.set_verts(bar_corners(bars))
        self._base_line.set_xdata([base, base])
        self._title.set_text(charts.tornado_title(base))
        limits = tornado_limits(rows)
        ax.set_xlim(*limits)
        moving = sorted([*self._bars, self._base_line], key=lambda a: a.get_zorder())
        if limits in self._backgrounds:
            self._backgrounds.move_to_end(limits)
        else:
            for a in (*self._lows, *self._highs, *moving, self._title, self._legend):
                a.set_animated(True)
            self.canvas.draw()  # everything but what moves, the title and the legend
            self._backgrounds[limits] = self.canvas.copy_from_bbox(self.figure.bbox)
            if len(self._backgrounds) > BACKGROUNDS_KEPT:
                self._backgrounds.popitem(last=False)
        if self._legend_sprite is None or self._anchors is None:
            self._legend_sprite = capture(self._legend, self.canvas.get_width_height(), self.dpi)
            self._anchors = ([anchor(t.label1) for t in ax.yaxis.get_major_ticks()[: len(rows)]], anchor(self._title))
        assert self._name_sprites is not None and self._title_sprites is not None
        self.canvas.restore_region(self._backgrounds[limits])
        for a in moving:
            ax.draw_artist(a)
        renderer = self.canvas.get_renderer()
        names, title_at = self._anchors
        self._title_sprites.paste(renderer, *title_at, self._title.get_text())
        self.names = charts.tornado_names(rows)
        for name, (x, y) in zip(self.names, names, strict=True):
            self._name_sprites.paste(renderer, x, y, name)
        self.labels = charts.tornado_label_values(rows, base)
        points = np.rint(ax.transData.transform([(value, i) for _, value, i, _ in self.labels]))
        for (text, _, _, right), (x, y) in zip(self.labels, points, strict=True):
            self._values[right].paste(renderer, int(x), int(y), text)
        self._legend_sprite.paste(renderer)  # above the bars and labels, as the legend is drawn
        return encode_png(self.canvas)


def bar_corners(bars: list[Rectangle]) -> list[np.ndarray]:
    """Each bar's four corners in data coordinates, in the order its path goes round them."""
    x = np.array([b.get_x() for b in bars], float)
    y = np.array([b.get_y() for b in bars], float)
    right = x + np.array([b.get_width() for b in bars], float)
    top = y + np.array([b.get_height() for b in bars], float)
    corners = [np.stack(corner, 1) for corner in ((x, y), (right, y), (right, top), (x, top))]
    return list(np.stack(corners, 1))


def bar_collection(ax, bars: list[Rectangle]) -> PolyCollection:
    """The bars as one collection, drawn in one call instead of one per bar (the same pixels:
    filled, no visible edge; tests/test_live_charts.py compares them)."""
    collection = PolyCollection(
        bar_corners(bars),
        facecolors=[b.get_facecolor() for b in bars],
        edgecolors="none",
        linewidths=0,
        antialiaseds=[b.get_antialiased() for b in bars],
        zorder=bars[0].get_zorder() if bars else 1,
        transform=ax.transData,
    )
    collection.set_figure(ax.figure)
    collection.set_clip_box(ax.bbox)
    return collection


def _style_of(text: Text) -> Text:
    """A text of ``text``'s style (font, colour, alignment), kept apart from the chart."""
    style = Text()
    style.update_from(text)
    return style


def encode_png(canvas: FigureCanvasAgg) -> bytes:
    """The canvas as it stands, as a PNG (:func:`planlib.io.png.png_rgba`: made on every step)."""
    width, height = canvas.get_width_height()
    return png_rgba(canvas.buffer_rgba(), width, height)
