from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from planlib.core.allocation import largest_remainder


def test_equal_weights():
    assert largest_remainder(200, [0, 1, 1, 1, 1]) == [0, 50, 50, 50, 50]


def test_remainders_go_to_the_largest_then_the_earlier():
    # quotas 3.333…, 3.333…, 3.333… → one left over, the first unit takes it
    assert largest_remainder(10, [1, 1, 1]) == [4, 3, 3]
    # quotas 1.4, 2.8, 5.8 → floors 1, 2, 5; two left: .8 and .8 before .4
    assert largest_remainder(10, [7, 14, 29]) == [1, 3, 6]


def test_zero_weights():
    assert largest_remainder(0, [0, 0]) == [0, 0]
    with pytest.raises(ValueError):
        largest_remainder(3, [0, 0])


@pytest.mark.slow
@given(st.integers(0, 10_000), st.lists(st.fractions(min_value=0, max_value=100), min_size=1, max_size=12))
def test_parts_add_up_and_stay_within_one_of_the_quota(total, weights):
    if sum(weights) == 0:
        return
    parts = largest_remainder(total, weights)
    assert sum(parts) == total
    for part, w in zip(parts, weights, strict=True):
        quota = Fraction(total) * w / sum(weights)
        assert quota - 1 < part < quota + 1


def by_fractions(total: int, weights) -> list[int]:
    """The method as it reads: exact quotas, their floors, the rest one each to the largest
    remainders, ties to the earlier unit."""
    quotas = [Fraction(total) * Fraction(w) / sum(Fraction(x) for x in weights) for w in weights]
    parts = [int(q) for q in quotas]
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


@given(
    st.integers(0, 5_000),
    st.lists(st.integers(0, 60) | st.fractions(min_value=0, max_value=60, max_denominator=12), min_size=1, max_size=9),
)
def test_whole_number_arithmetic_gives_the_exact_quotas_result(total, weights):
    if sum(weights) == 0:
        return
    assert largest_remainder(total, weights) == by_fractions(total, weights)
