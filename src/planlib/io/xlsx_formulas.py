"""Live Excel formulas for the plan workbook's chain (issue 17 item 6): totals = staff × workdays,
category and column sums, inspection workdays = total − other − non, row sums, shares.

Each sheet is a :class:`~planlib.text.report.Table` written from Excel row 3 (title row 1, header
row 2). A formula is offered with the figure its operands give, worked here from the tables'
own values; the writer puts it in only where that figure is the cell's (planlib's) value, so the
cached result a spreadsheet shows on opening is always planlib's figure, and a formula that
would disagree is never written (the cell keeps its value).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from planlib.text.document import UNIT_SEP
from planlib.text.report import DAYS, INT, Table

FIRST_ROW = 3  # the first body row in Excel (title, then header)
SUMMED = (INT, DAYS)

# Sheet names the chain refers across (planlib.text.report.plan_tables, text.document.attachments).
UNITS_SHEET, TASKS_SHEET = "检查安排", "附件1 任务分解"
CHAIN_SHEET, WORKDAYS_SHEET, SHARES_SHEET = "工作日测算", "附件2 工作日测算", "比例"
OTHER_SHEET, NON_SHEET = "其他执法工作日", "非执法工作日"


def letter(c: int) -> str:
    """Column letter of the 0-based column ``c``."""
    name = ""
    c += 1
    while c:
        c, rest = divmod(c - 1, 26)
        name = chr(65 + rest) + name
    return name


def ref(r: int, c: int, sheet: str | None = None) -> str:
    """The Excel reference of body row ``r``, column ``c`` (0-based), on ``sheet`` if given."""
    cell = f"{letter(c)}{FIRST_ROW + r}"
    return f"'{sheet}'!{cell}" if sheet else cell


def _number(value: object) -> Fraction | None:
    if isinstance(value, bool) or not isinstance(value, int | Fraction | float):
        return None
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)  # 0.4217 as 4217/10000


@dataclass(frozen=True)
class Formula:
    row: int  # body row, 0-based
    column: int
    text: str  # without the leading "="
    value: Fraction  # what its operands give


class Book:
    """The workbook's tables by sheet name, for references across sheets."""

    def __init__(self, tables: list[Table]):
        self.tables = {t.name[:31]: t for t in tables}

    def column(self, sheet: str, name: str) -> int | None:
        t = self.tables.get(sheet)
        return t.headers.index(name) if t and name in t.headers else None

    def total(self, sheet: str, name: str) -> tuple[str, Fraction] | None:
        """The reference and value of the total row's cell in column ``name`` of ``sheet``."""
        t, c = self.tables.get(sheet), self.column(sheet, name)
        if t is None or c is None or not t.total_row:
            return None
        value = _number(t.rows[-1][c])
        return None if value is None else (ref(len(t.rows) - 1, c, sheet), value)


def _sums(t: Table) -> Iterator[Formula]:
    """The total row of a table with one: each numeric column's SUM of the rows above."""
    if not t.total_row or len(t.rows) < 2:
        return
    last = len(t.rows) - 1
    for c, column in enumerate(t.columns):
        if column.kind not in SUMMED or _number(t.rows[last][c]) is None:
            continue
        values = [_number(row[c]) for row in t.rows[:last]]
        yield Formula(
            last, c, f"SUM({ref(0, c)}:{ref(last - 1, c)})", sum((v or Fraction(0) for v in values), Fraction(0))
        )


def _row_sums(t: Table) -> Iterator[Formula]:
    """合计 = 重点 + 一般 (附件1, 检查安排); 附件3's 合计·重点, 合计·一般 over the units, 合计·小计."""
    headers = t.headers
    body = range(len(t.rows) - 1 if t.total_row else len(t.rows))
    groups: list[tuple[int, list[int]]] = []
    if "合计" in headers and "重点检查家数" in headers and "一般检查家数" in headers:
        groups.append((headers.index("合计"), [headers.index("重点检查家数"), headers.index("一般检查家数")]))
    for part in ("重点", "一般"):
        name = f"合计{UNIT_SEP}{part}"
        if name in headers:
            units = [k for k, h in enumerate(headers) if h.endswith(f"{UNIT_SEP}{part}") and h != name]
            groups.append((headers.index(name), units))
    if f"合计{UNIT_SEP}小计" in headers and f"合计{UNIT_SEP}重点" in headers:
        parts = [headers.index(f"合计{UNIT_SEP}重点"), headers.index(f"合计{UNIT_SEP}一般")]
        groups.append((headers.index(f"合计{UNIT_SEP}小计"), parts))
    for target, sources in groups:
        for r in body:
            values = [_number(t.rows[r][k]) for k in sources]
            if sources and all(v is not None for v in values):
                text = "+".join(ref(r, k) for k in sources)
                yield Formula(r, target, text, sum((v for v in values if v is not None), Fraction(0)))


def _decimal(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else str(float(x))


def _chain(t: Table, book: Book) -> Iterator[Formula]:
    """工作日测算: total = per person × staff, other and non from their sheets, inspection =
    total − other − non, key = key inspections × days, general = inspection − key."""
    c = t.headers.index("工作日")
    v = [_number(row[c]) for row in t.rows]
    if len(v) != 7 or None in v:
        return
    staff = book.total(UNITS_SHEET, "执法人员数")
    if staff:
        yield Formula(1, c, f"{ref(0, c)}*{staff[0]}", v[0] * staff[1])  # type: ignore[operator]
    for r, sheet in ((2, OTHER_SHEET), (3, NON_SHEET)):
        found = book.total(sheet, "工作日")
        if found:
            yield Formula(r, c, found[0], found[1])
    yield Formula(4, c, f"{ref(1, c)}-{ref(2, c)}-{ref(3, c)}", v[1] - v[2] - v[3])  # type: ignore[operator]
    key = book.total(UNITS_SHEET, "重点检查家数")
    if key and key[1]:
        days = v[5] / key[1]  # type: ignore[operator]
        yield Formula(5, c, f"{key[0]}*{_decimal(days)}", key[1] * days)
    yield Formula(6, c, f"{ref(4, c)}-{ref(5, c)}", v[4] - v[5])  # type: ignore[operator]


def _workdays(t: Table, book: Book) -> Iterator[Formula]:
    """附件2: 二 = 一 × staff (附件1's 合计), 三 and 四 = their items' SUM, 五 = 二 − 三 − 四,
    key = 附件1's key inspections × days, general = 五 − key."""
    c = t.headers.index("工作日")
    numerals = [row[0] for row in t.rows]
    if not all(n in numerals for n in ("一", "二", "三", "四", "五")):
        return
    at = {n: numerals.index(n) for n in ("一", "二", "三", "四", "五")}
    v = [_number(row[c]) for row in t.rows]
    staff = book.total(TASKS_SHEET, "执法人员数")
    if staff and v[at["一"]] is not None:
        yield Formula(at["二"], c, f"{ref(at['一'], c)}*{staff[0]}", v[at["一"]] * staff[1])  # type: ignore[operator]
    for head, end in (("三", at["四"]), ("四", at["五"])):
        first, last = at[head] + 1, end - 1
        if last >= first:
            items = [x or Fraction(0) for x in v[first : last + 1]]
            yield Formula(at[head], c, f"SUM({ref(first, c)}:{ref(last, c)})", sum(items, Fraction(0)))
    two, three, four = (v[at[n]] for n in ("二", "三", "四"))
    if None not in (two, three, four):
        text = f"{ref(at['二'], c)}-{ref(at['三'], c)}-{ref(at['四'], c)}"
        yield Formula(at["五"], c, text, two - three - four)  # type: ignore[operator]
    key_row, general_row = at["五"] + 1, at["五"] + 2
    key = book.total(TASKS_SHEET, "重点检查家数")
    if general_row < len(t.rows) and key and key[1] and v[key_row] is not None:
        days = v[key_row] / key[1]  # type: ignore[operator]
        yield Formula(key_row, c, f"{key[0]}*{_decimal(days)}", key[1] * days)
        yield Formula(general_row, c, f"{ref(at['五'], c)}-{ref(key_row, c)}", v[at["五"]] - v[key_row])  # type: ignore[operator]


def _shares(t: Table, book: Book) -> Iterator[Formula]:
    """比例: the numerators from 检查安排's totals, each share = ROUND(分子 ÷ 分母, 4)."""
    staff = book.total(UNITS_SHEET, "执法人员数")
    planned = book.total(UNITS_SHEET, "合计")
    key = book.total(UNITS_SHEET, "重点检查家数")
    general = book.total(UNITS_SHEET, "一般检查家数")
    links = {0: (staff, None), 1: (planned, None), 2: (key, planned), 3: (general, planned), 4: (None, general)}
    for r, (numerator, denominator) in links.items():
        if r >= len(t.rows):
            continue
        if numerator:
            yield Formula(r, 1, numerator[0], numerator[1])
        if denominator:
            yield Formula(r, 2, denominator[0], denominator[1])
        top, bottom = _number(t.rows[r][1]), _number(t.rows[r][2])
        if top is not None and bottom:
            share = _round_half_up(top / bottom, 4)
            yield Formula(r, 3, f"ROUND({ref(r, 1)}/{ref(r, 2)},4)", share)


def _round_half_up(x: Fraction, places: int) -> Fraction:
    scale = 10**places
    return Fraction(int(x * scale + Fraction(1, 2)), scale)


def formulas(t: Table, book: Book) -> list[Formula]:
    """The formulas of ``t``'s sheet whose results are its values (the others are dropped)."""
    offered = [*_sums(t), *_row_sums(t)]
    name = t.name[:31]
    if name == CHAIN_SHEET:
        offered += _chain(t, book)
    elif name == WORKDAYS_SHEET:
        offered += _workdays(t, book)
    elif name == SHARES_SHEET:
        offered += _shares(t, book)
    kept: dict[tuple[int, int], Formula] = {}
    for f in offered:  # a later, more specific formula replaces a generic one for the same cell
        if _number(t.rows[f.row][f.column]) == f.value:
            kept[(f.row, f.column)] = f
    return list(kept.values())
