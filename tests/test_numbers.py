"""The one home of number formats (planlib.text.numbers): expected strings written out by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from planlib.text.numbers import as_float, decimal, fixed, number, pct, pct_trimmed, plain, share_text, signed_pct


def test_plain_keeps_exact_numbers_in_their_simplest_type():
    assert plain(Fraction(4, 2)) == 2 and type(plain(Fraction(4, 2))) is int
    assert plain(Fraction(3, 2)) == Fraction(3, 2)


def test_as_float_is_whole_as_int_else_float():
    assert as_float(Fraction(6, 3)) == 2 and type(as_float(Fraction(6, 3))) is int
    assert as_float(Fraction(3, 2)) == 1.5


@pytest.mark.parametrize(
    "value, places, text",
    [
        (Fraction(18745, 1000), 2, "18.75"),  # half up, not banker's
        (Fraction(-1, 8), 2, "-0.13"),
        (Fraction(1, 200), 2, "0.01"),
        (7, 0, "7"),
    ],
)
def test_fixed_rounds_half_up(value, places, text):
    assert fixed(value, places) == text


def test_number_whole_bare_else_two_places():
    assert number(160) == "160"
    assert number(Fraction(75, 4)) == "18.75"
    assert number(None) == "—"


def test_decimal_never_shows_a_fraction_or_an_exponent():
    assert decimal(Fraction(3, 2)) == "1.5"
    assert decimal(2) == "2"
    # 1358016/10 has 7 significant digits: a "%g" format would have printed 1.35802e+06
    assert decimal(Fraction(1358016, 10)) == "135801.6"


def test_percentages():
    assert pct(Fraction(35, 83)) == "42.17%"  # 3500/83 = 42.168…
    assert pct_trimmed(Fraction(3, 5)) == "60%" and pct_trimmed(Fraction(5, 8)) == "62.5%"
    assert signed_pct(Fraction(-1, 10)) == "−10%" and signed_pct(Fraction(1, 8)) == "+12.5%"
    assert share_text(None) == "—" and share_text(Fraction(1, 4)) == "25.00%"
