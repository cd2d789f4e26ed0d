"""Numbers as planlib's JSON holds them (docs/contract.md §3), in a module of their own so that a
reader of JSON figures (the audit) need not load the whole contract (the plan, its text)."""

from __future__ import annotations

from fractions import Fraction

from planlib.text.numbers import as_float


def json_number(value: Fraction | int) -> int | float:
    """An exact number as JSON holds it: whole as int, else float (1.5 days per inspection).

    Also a ``json.dumps(default=…)`` hook for Fractions left in a dict; anything else is a
    TypeError, as json would raise.
    """
    if isinstance(value, bool) or not isinstance(value, (int, Fraction)):
        raise TypeError(f"{type(value).__name__} is not JSON serializable")
    return as_float(value)
