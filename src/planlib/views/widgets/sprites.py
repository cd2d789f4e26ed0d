"""Pixels drawn once and pasted: the live charts' texts and legend as sprites.

matplotlib (3.11) lays out and renders a three-digit label in about half a millisecond (the font
lookup, shaping, each glyph) and a Chinese title in several, so a chart that redraws forty labels
per frame spends 20–30 ms on them. A sprite is what matplotlib itself draws, once, on a
transparent canvas: pasted at a whole pixel (``RendererAgg.draw_image``, ~10 µs) it gives the very
pixels matplotlib draws for the same text at that place, over whatever lies beneath
(``tests/test_live_charts.py`` compares them). Texts are therefore anchored at whole pixels
(less than half a pixel from where matplotlib would put them).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import IdentityTransform

# Distinct texts kept per style (a sprite of a three-digit label is under 1 KB).
SPRITES_KEPT = 2048


@dataclass(frozen=True)
class Sprite:
    """Straight-alpha RGBA pixels, top row first, and where their lower-left corner goes: ``left``
    and ``bottom`` pixels from the anchor (display coordinates, y up)."""

    pixels: np.ndarray
    left: int
    bottom: int

    def paste(self, renderer: RendererAgg, x: int = 0, y: int = 0) -> None:
        """Composite the sprite with its anchor at the whole pixel (``x``, ``y``)."""
        if not self.pixels.size:
            return
        gc = renderer.new_gc()
        try:
            renderer.draw_image(gc, x + self.left, y + self.bottom, self.pixels[::-1])  # draw_image: bottom row first
        finally:
            gc.restore()


def _crop(rgba: np.ndarray, origin: tuple[int, int]) -> Sprite:
    """The part of a transparent canvas's ``rgba`` that was drawn on; ``origin`` the anchor's pixel."""
    rows, cols = np.nonzero(rgba[..., 3])
    if not rows.size:
        return Sprite(np.zeros((0, 0, 4), np.uint8), 0, 0)
    top, bottom, left, right = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
    height = rgba.shape[0]
    return Sprite(rgba[top:bottom, left:right].copy(), int(left) - origin[0], int(height - bottom) - origin[1])


def capture(artist: Artist, size: tuple[int, int], dpi: float) -> Sprite:
    """``artist`` drawn alone, where it is, on a transparent canvas of the figure's ``size``
    (pixels); its sprite is anchored at the canvas's lower-left corner."""
    renderer = RendererAgg(size[0], size[1], dpi)
    renderer.clear()
    artist.draw(renderer)
    return _crop(np.asarray(renderer.buffer_rgba()), (0, 0))


def anchor(text: Text) -> tuple[int, int]:
    """The whole pixel nearest to where ``text`` is anchored on its canvas."""
    x, y = text.get_transform().transform(text.get_position())
    return round(x), round(y)


class TextSprites:
    """Texts in the style of ``like`` (an unrotated :class:`~matplotlib.text.Text`: its font,
    colour and alignment when each text is first drawn), each distinct text drawn once by
    matplotlib and then pasted with its anchor at a whole pixel, ``shift`` pixels (x, y) beyond it.
    The :data:`SPRITES_KEPT` texts used last are kept; the style must not change meanwhile."""

    def __init__(self, like: Text, dpi: float, shift: tuple[float, float] = (0.0, 0.0)):
        self.like = like
        self.dpi = dpi
        self.shift = shift
        self._kept: OrderedDict[str, Sprite] = OrderedDict()
        self._figure = Figure(dpi=dpi)  # the texts' figure: their dpi
        self._scratch: RendererAgg | None = None

    def paste(self, renderer: RendererAgg, x: int, y: int, text: str) -> None:
        self.sprite(text).paste(renderer, x, y)

    def sprite(self, text: str) -> Sprite:
        found = self._kept.get(text)
        if found is not None:
            self._kept.move_to_end(text)
            return found
        made = self._draw(text)
        self._kept[text] = made
        if len(self._kept) > SPRITES_KEPT:
            self._kept.popitem(last=False)
        return made

    def _draw(self, text: str) -> Sprite:
        em = math.ceil(self.like.get_fontproperties().get_size_in_points() * self.dpi / 72)
        lines = text.split("\n")
        # More room than the text needs on either side of its anchor, whatever its alignment
        # (unrotated: the charts' texts are; a line is under 2 em high).
        across = math.ceil(abs(self.shift[0])) + em * (max(map(len, lines)) + 2)
        up = math.ceil(abs(self.shift[1])) + 2 * em * (len(lines) + 1)
        drawn = Text()
        drawn.update_from(self.like)
        drawn.set_text(text)
        drawn.set_transform(IdentityTransform())
        drawn.set_clip_on(False)
        drawn.set_visible(True)
        drawn.set_figure(self._figure)
        size = (2 * across, 2 * up)
        if self._scratch is None or self._scratch.width < size[0] or self._scratch.height < size[1]:
            self._scratch = RendererAgg(*size, self.dpi)  # one, grown as needed: its text metrics stay cached
        renderer = self._scratch
        renderer.clear()
        drawn.set_position((across + self.shift[0], renderer.height - up + self.shift[1]))
        drawn.draw(renderer)
        return _crop(np.asarray(renderer.buffer_rgba()), (across, int(renderer.height) - up))
