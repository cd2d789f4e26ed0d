"""Digit slips: a wrong figure that reads as the right one with two adjacent digits swapped,
a digit dropped or one added (8758 for 8785) is named as such in the finding."""

from __future__ import annotations

DIGITS_SWAPPED, DIGIT_DROPPED, DIGIT_ADDED = "digits_swapped", "digit_dropped", "digit_added"
SLIP_TEXT = {DIGITS_SWAPPED: "相邻两位数字颠倒", DIGIT_DROPPED: "漏写了一位数字", DIGIT_ADDED: "多写了一位数字"}


def _digits(text: str) -> str:
    return "".join(ch for ch in str(text) if ch.isdigit())


def digit_slip(printed: str, intended: str) -> str | None:
    """How ``printed`` could be a slip of the pen for ``intended`` (8758 for 8785: swapped)."""
    a, b = _digits(printed), _digits(intended)
    if not a or not b or a == b:
        return None
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and (a[diff[0]], a[diff[1]]) == (b[diff[1]], b[diff[0]]):
            return DIGITS_SWAPPED
    elif len(a) == len(b) - 1 and any(b[:i] + b[i + 1 :] == a for i in range(len(b))):
        return DIGIT_DROPPED
    elif len(a) == len(b) + 1 and any(a[:i] + a[i + 1 :] == b for i in range(len(a))):
        return DIGIT_ADDED
    return None


def slip_note(printed: str, intended: str) -> tuple[str, str | None]:
    slip = digit_slip(printed, intended)
    return (f"；{printed}疑为{intended}之误（{SLIP_TEXT[slip]}）" if slip else ""), slip
