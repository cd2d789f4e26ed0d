"""Apportioning a whole number among units so the parts always add up to it.

The largest-remainder (Hamilton) method: each unit gets the floor of its exact quota, and
the workdays or inspections left over go one each to the largest remainders. Ties go to the
earlier unit in the workbook, so the result is deterministic and reproducible by hand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction


def largest_remainder(total: int, weights: Sequence[Fraction | int]) -> list[int]:
    """Split ``total`` (≥ 0) in proportion to ``weights`` (≥ 0); the result sums to ``total``.

    With every weight zero nothing can be apportioned: a zero ``total`` gives all zeros, a
    positive one is a ``ValueError`` (callers report it as a finding first).
    """
    if total < 0:
        raise ValueError("total must be ≥ 0")
    whole = _whole_weights(weights)
    weight_sum = sum(whole)
    if weight_sum == 0:
        if total:
            raise ValueError("cannot apportion a positive total over zero weights")
        return [0] * len(weights)
    # Quota i is total × w_i ÷ Σw: its floor and its remainder (over the common Σw) in integers.
    shares, remainders = zip(*(divmod(total * w, weight_sum) for w in whole), strict=True)
    parts = list(shares)
    left = total - sum(parts)
    order = sorted(range(len(parts)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def _whole_weights(weights: Sequence[Fraction | int]) -> list[int]:
    """The weights as whole numbers in the same proportions (times their denominators' lcm)."""
    if all(type(w) is int for w in weights):
        return [int(w) for w in weights]
    fractions = [Fraction(w) for w in weights]
    scale = math.lcm(*(f.denominator for f in fractions))
    return [int(f * scale) for f in fractions]
