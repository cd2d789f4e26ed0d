"""Shares as the plan prints them: fractions rounded half up to four places, the key and
general shares rounded together (largest remainder over 10 000 basis points) so that they
always add up to exactly 1."""

from __future__ import annotations

from fractions import Fraction

from planlib.core.allocation import largest_remainder
from planlib.core.estimation import round_half_up

SHARE_PLACES = 4
SHARE_SCALE: int = 10**SHARE_PLACES  # typed: int ** int is Any to a type checker


def round_share(value: Fraction | None) -> float | None:
    """Half up to four places: 35/83 → 0.4217, 506/8580 → 0.059."""
    if value is None:
        return None
    scale = SHARE_SCALE
    return round_half_up(Fraction(value) * scale) / scale


def split_shares(key: int, general: int) -> tuple[float | None, float | None]:
    """The key and general shares of the planned inspections, summing to exactly 1."""
    if key + general == 0:
        return None, None
    scale = SHARE_SCALE
    k, g = largest_remainder(scale, [key, general])
    return k / scale, g / scale
