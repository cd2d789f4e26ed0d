"""Parsing single cell values (pure; errors are :class:`BadValue` with a Chinese message): numbers
typed as text, shares, dates, years, text and names, and the unit words a number may carry.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from typing import TypeVar

from planlib.core.calendar import FIRST_YEAR, LAST_YEAR
from planlib.core.model import Number
from planlib.errors import PlanlibError
from planlib.text.numbers import plain

T = TypeVar("T")


# No count, share or workday of a plan comes near this; beyond it a cell is a typo (1e307, 10^18)
# and would only overflow the float conversions of shares and charts. Callers set tighter bounds.
MAX_MAGNITUDE = 10**15


# --- Parsing single values (pure; errors are BadValue with a Chinese message) --------------


class BadValue(PlanlibError, ValueError):
    """A value that cannot be used; the caller adds file, sheet and cell."""


_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?")  # no 1e999999999
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_YEAR_TEXT = re.compile(r"(\d{4})(?:\.0*)?(?:年度?)?")


@lru_cache(maxsize=8192)  # a workbook's headers and names recur in every sheet and every workbook of a batch
def fold(text: str) -> str:
    """NFKC (full-width digits, brackets, ％ and ， become ASCII) without any whitespace."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).replace("\u2212", "-")


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not fold(value))


def show(value: object) -> str:
    """A value quoted in a one-line message: no line breaks, not too long."""
    text = " ".join(str(value).split())
    return text if len(text) <= 30 else text[:29] + "…"


def parse_number(value: object) -> Number | None:
    """A cell's number, exactly: ints stay int, decimals become Fraction; ``None`` if blank.

    Accepts numeric cells and text such as ``" 1,234 "``, ``"６０％"`` or ``"0.6"``; a float is
    taken by its shortest decimal form (0.6 → 3/5, not the binary approximation).
    """
    if is_blank(value):
        return None
    if isinstance(value, (bool, dt.datetime, dt.date, dt.time, dt.timedelta)):
        raise BadValue(f"应为数字，实际为{'逻辑值' if isinstance(value, bool) else '日期/时间'}“{show(value)}”")
    if isinstance(value, int):
        if abs(value) >= MAX_MAGNITUDE:
            raise BadValue(_magnitude(value, value))
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise BadValue(f"应为数字，实际为“{value}”")
        if abs(value) >= MAX_MAGNITUDE or (value and abs(value) < 1 / MAX_MAGNITUDE):
            raise BadValue(_magnitude(value, value))
        return int(value) if value.is_integer() else plain(Fraction(repr(value)))
    if isinstance(value, Fraction):
        return plain(value)
    text = fold(str(value))
    percent = text.endswith("%")
    digits = text[:-1] if percent else text
    if _GROUPED.fullmatch(digits):
        digits = digits.replace(",", "")
    if not _DECIMAL.fullmatch(digits):
        raise BadValue(f"应为数字，实际为“{show(value)}”")
    try:
        number = Fraction(Decimal(digits))
    except (InvalidOperation, ValueError):  # pragma: no cover - the pattern admits only decimals
        raise BadValue(f"应为数字，实际为“{show(value)}”") from None
    if abs(number) >= MAX_MAGNITUDE or (number and abs(number) < 1 / MAX_MAGNITUDE):
        raise BadValue(_magnitude(value, number))
    return plain(number / 100 if percent else number)


def _magnitude(value: object, number: int | float | Fraction) -> str:
    """Why a number beyond :data:`MAX_MAGNITUDE` (or nearer 0 than its inverse) is refused."""
    big = not -1 < number < 1
    return f"数值{'过大' if big else '过小（过于接近0）'}，不像是计划数据，实际为“{show(value)}”"


def parse_whole(value: object, minimum: int = 0, maximum: int | None = None) -> int | None:
    """A whole number in [minimum, maximum] (counts, officers, years); fractions are refused."""
    number = parse_number(value)
    if number is None:
        return None
    if not isinstance(number, int):
        raise BadValue(f"应为整数，实际为“{show(value)}”")
    if number < minimum:
        raise BadValue(f"不能为负数，实际为{number}" if minimum == 0 else f"应不小于{minimum}，实际为{number}")
    if maximum is not None and number > maximum:
        raise BadValue(too_large(value, maximum))
    return number


def too_large(value: object, maximum: int) -> str:
    return f"过大（应不大于{maximum:,}），实际为“{show(value)}”"


def parse_nonnegative(value: object, maximum: int | None = None) -> Number | None:
    number = parse_number(value)
    if number is not None and number < 0:
        raise BadValue(f"不能为负数，实际为“{show(value)}”")
    if number is not None and maximum is not None and number > maximum:
        raise BadValue(too_large(value, maximum))
    return number


def parse_positive(value: object) -> Number | None:
    number = parse_number(value)
    if number is not None and number <= 0:
        raise BadValue(f"应大于0，实际为“{show(value)}”")
    return number


def parse_share(value: object) -> Fraction | None:
    """A share in [0, 1]: ``60%``, a %-formatted 0.6, or ``0.6``. ``60`` is refused, not guessed."""
    number = parse_number(value)
    if number is None:
        return None
    if not 0 <= number <= 1:
        raise BadValue(f"比例应在0%到100%之间（可填“60%”或“0.6”），实际为“{show(value)}”")
    return Fraction(number)


# The unit words a number cell may carry (docs/contract.md §4): 3人, 70家, 248天, 248个工作日.
PERSONS, ENTITIES, WORKDAYS = ("人",), ("家",), ("个工作日", "工作日", "天")


def strip_unit_word(value: object, words: tuple[str, ...]) -> object:
    """A text cell's number without its column's unit word (``"248个工作日"`` → ``"248"``);
    anything else is returned as it was, for the number parser to accept or refuse."""
    if not isinstance(value, str):
        return value
    text = fold(value)
    for word in words:
        if text.endswith(word) and len(text) > len(word) and text[-len(word) - 1].isdigit():
            return text[: -len(word)]
    return value


def with_unit_word(parse: Callable[[object], T], words: tuple[str, ...]) -> Callable[[object], T]:
    """``parse`` that also accepts the number followed by one of ``words``."""
    return lambda value: parse(strip_unit_word(value, words))


_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def parse_date(value: object) -> dt.date | None:
    """A date cell, or text such as ``2027-02-06``, ``2027/2/6``, ``2027年2月6日``; None if blank."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise BadValue(f"应为日期（不含时间），实际为“{show(value)}”")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and (m := _DATE_TEXT.fullmatch(fold(value))):
        try:
            return dt.date(*map(int, m.groups()))
        except ValueError:
            raise BadValue(f"不是有效的日期：“{show(value)}”") from None
    raise BadValue(f"应为日期（如 2027-02-06），实际为“{show(value)}”")


def parse_year(value: object) -> int | None:
    """A year typed as ``2020``, ``2020.0``, ``"2020"`` or ``"2020年"``."""
    if isinstance(value, str) and (m := _YEAR_TEXT.fullmatch(fold(value))):
        value = m.group(1)
    try:
        return parse_whole(value, FIRST_YEAR, LAST_YEAR)
    except BadValue:
        raise BadValue(f"应为{FIRST_YEAR}–{LAST_YEAR}之间的年份，实际为“{show(value)}”") from None


def parse_year_header(value: object) -> int | None:
    """The year a 历史数据 column header names (``2019``, ``2019.0``, ``"2019年"``), else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() and 1900 <= value <= 2200 else None
    m = _YEAR_TEXT.fullmatch(fold(str(value)))
    return int(m.group(1)) if m else None


_LINE_BREAK = re.compile(r"\s*[\r\n\v\f\x85\u2028\u2029]+\s*")
# CJK radicals to ideographs, compatibility ideographs, full-width forms, CJK punctuation. Tested
# by code point, not by a regular expression: compiling a class this wide costs every process
# that reads a workbook about 4 ms.
_CJK_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF), (0x3000, 0x303F))


def _is_cjk(char: str) -> bool:
    return len(char) == 1 and any(lo <= ord(char) <= hi for lo, hi in _CJK_RANGES)


def _join_lines(m: re.Match) -> str:
    """A line break typed inside a cell (Alt+Enter) only wraps the display: between Chinese
    characters it vanishes, elsewhere it is one space."""
    before, after = m.string[m.start() - 1 : m.start()], m.string[m.end() : m.end() + 1]
    return "" if _is_cjk(before) and _is_cjk(after) else " "


def parse_text(value: object) -> str:
    """Text as typed, trimmed; a number typed where a name belongs becomes its digits."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().strip("\u200b\ufeff").strip()


def parse_name(value: object) -> str:
    """A name (authority, unit, item) on one line: line breaks typed inside the cell are joined
    (:func:`_join_lines`), so a name never splits a heading or a sentence of the plan's documents.
    Notes keep theirs."""
    text = parse_text(value)
    return _LINE_BREAK.sub(_join_lines, text) if _LINE_BREAK.search(text) else text


def norm_header(value: object) -> str:
    """A header for matching: folded (NFKC, no spaces); ``【】`` and ``〔〕`` become ``[]``."""
    text = fold(parse_text(value))
    return text.translate(str.maketrans("【】〔〕", "[][]"))


def header_matches(header: str, name: str) -> bool:
    """``执法人员数`` matches ``执法人员数``, ``执法人员数(人)`` and ``执法人员数[人]``."""
    if header == name:
        return True
    rest = header[len(name) :] if header.startswith(name) else ""
    return len(rest) >= 2 and (rest[0], rest[-1]) in (("(", ")"), ("[", "]"))


def name_key(text: str) -> str:
    """How names are compared (uniqueness, history rows): width- and space-insensitive."""
    return fold(text)
