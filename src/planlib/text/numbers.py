"""Every way planlib shows or hands on a number, in one place.

The plan's arithmetic is exact (ints and Fractions); these functions decide how a figure is
written (a whole number bare, else a decimal; percentages half up) and how an exact number
leaves planlib (JSON, spreadsheet cells). They import nothing from planlib but the one
rounding rule and ``plain`` (an exact number in its simplest type, which the core's arithmetic
uses too), so every layer above the core can use them.
"""

from __future__ import annotations

from fractions import Fraction

from planlib.core.estimation import round_half_up
from planlib.core.model import Number, plain

__all__ = [
    "count_word",
    "plain",
    "as_float",
    "fixed",
    "number",
    "decimal",
    "pct",
    "pct_trimmed",
    "signed_pct",
    "share_text",
]


def as_float(value: Number) -> int | float:
    """An exact number for JSON or a spreadsheet: whole as int, else the nearest float (1.5)."""
    value = Fraction(value)
    return value.numerator if value.denominator == 1 else float(value)


def fixed(value: Number, places: int) -> str:
    """``value`` to ``places`` decimals by the project's one rounding rule, half up
    (:func:`~planlib.core.estimation.round_half_up`), exactly: 18.745 → ``18.75``, −1/8 → ``-0.13``."""
    units = round_half_up(Fraction(value) * 10**places)
    sign, digits = ("-" if units < 0 else ""), str(abs(units))
    if not places:
        return sign + digits
    digits = digits.rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def number(value: Number | None, places: int = 2) -> str:
    """A figure as the plan writes it: whole numbers bare, others to ``places`` decimals (18.75);
    ``—`` when there is none."""
    if value is None:
        return "—"
    value = Fraction(value)
    return str(value.numerator) if value.denominator == 1 else fixed(value, places)


def decimal(value: Number) -> str:
    """A typed figure (days per inspection, a slider's value): 2, 1.5, 873.6, never 3/2."""
    value = Fraction(value)
    return str(value.numerator) if value.denominator == 1 else str(float(value))


def pct(value: Number | float, places: int = 2) -> str:
    """A fraction as a percentage, rounded half up (60.47%)."""
    return fixed(Fraction(value) * 100, places) + "%"


def pct_trimmed(value: Number) -> str:
    """A percentage without trailing zeros, as a floor or a minimum reads: 3/5 → 60%, 5/8 → 62.5%."""
    return pct(value, 2)[:-1].rstrip("0").rstrip(".") + "%"


def signed_pct(value: Number) -> str:
    """An adjustment: −10%, +12.5% (one decimal place, dropped when it is zero)."""
    text = pct(abs(Fraction(value)), 1).replace(".0%", "%")
    return ("+" if value > 0 else "−") + text


def share_text(value: Number | float | None, places: int = 2) -> str:
    """A share as the plan prints it; ``—`` when it has no denominator."""
    return "—" if value is None else pct(value, places)


def count_word(visits: bool) -> str:
    """The count word of inspections: 家, or 家次 once some entity is visited more than once a year
    (docs/method.md §7; ``PlanResult.counts_visits``)."""
    return "家次" if visits else "家"
