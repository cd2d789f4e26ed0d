"""Apportioning a whole number among units so the parts always add up to it.

The largest-remainder (Hamilton) method: each unit gets the floor of its exact quota, and
the workdays or inspections left over go one each to the largest remainders. Ties go to the
earlier unit in the workbook, so the result is deterministic and reproducible by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction


def largest_remainder(total: int, weights: Sequence[Fraction | int]) -> list[int]:
    """Split ``total`` (≥ 0) in proportion to ``weights`` (≥ 0); the result sums to ``total``.

    With every weight zero nothing can be apportioned: a zero ``total`` gives all zeros, a
    positive one is a ``ValueError`` (callers report it as a finding first).
    """
    if total < 0:
        raise ValueError("total must be ≥ 0")
    weight_sum = sum(weights)
    if weight_sum == 0:
        if total:
            raise ValueError("cannot apportion a positive total over zero weights")
        return [0] * len(weights)
    quotas = [Fraction(total) * Fraction(w) / weight_sum for w in weights]
    shares = [int(q) for q in quotas]  # floor: quotas are ≥ 0
    left = total - sum(shares)
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - shares[i]), i))
    for i in order[:left]:
        shares[i] += 1
    return shares
