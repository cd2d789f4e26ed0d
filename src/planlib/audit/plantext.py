"""Reading a published plan's text and picking out the figures of its workday calculation.

Published plans (.txt, .md, .docx) state their figures in prose, in a handful of phrasings
(see data/reference/xicheng-2020-plan.txt): headings with a total (``（三）其他执法工作日：3090个
工作日``), numbered items (``1.实施行政许可：预计需用168个工作日``), sentences (``双休日104天``,
``执法人员35人``), printed formulas (``总法定工作日=国家法定工作日×执法人员数量=251×35=8785``),
staff and inspections by unit (``执法监察一队完成70家``) and percentages (``占…的42.17%``).

This module only reads: every figure becomes a :class:`Mention` of a concept (the keys below,
shared with the workbook's ``填报核对`` sheet) with the 1-based line it was printed on; every
formula a :class:`Formula`. Judging them is :mod:`planlib.audit`'s work. Lines are kept as
printed; a 1:1 character translation (full-width digits and signs, × x X * for times, dashes
for minus) gives the text the patterns run on, so every position is a position in the
original line too.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path

# The concepts live in planlib.audit.concepts; re-exported here for readers of the text (``pt.STAFF``).
from planlib.audit.concepts import (
    DAYS as DAYS,
    DAYS_GENERAL as DAYS_GENERAL,
    DAYS_KEY as DAYS_KEY,
    ENTITY_BASE as ENTITY_BASE,
    GENERAL as GENERAL,
    GENERAL_SHARE as GENERAL_SHARE,
    GENERAL_WD as GENERAL_WD,
    HEADCOUNT as HEADCOUNT,
    HOLIDAYS as HOLIDAYS,
    INSPECTION as INSPECTION,
    KEY as KEY,
    KEY_SHARE as KEY_SHARE,
    KEY_SHARE_MIN as KEY_SHARE_MIN,
    KEY_WD as KEY_WD,
    LABELS as LABELS,
    MAKEUP as MAKEUP,
    NON as NON,
    OFF_DAYS as OFF_DAYS,
    OTHER as OTHER,
    PER_PERSON as PER_PERSON,
    PERCENT_CONCEPTS as PERCENT_CONCEPTS,
    PLAN_RATIO as PLAN_RATIO,
    PLANNED as PLANNED,
    RANDOM_SHARE_MIN as RANDOM_SHARE_MIN,
    RELATIONS as RELATIONS,
    SHARES as SHARES,
    STAFF as STAFF,
    STAFF_SHARE as STAFF_SHARE,
    TOTAL as TOTAL,
    UNIT_OF as UNIT_OF,
    WEEKEND_DAYS as WEEKEND_DAYS,
    YEAR as YEAR,
    Relation as Relation,
    concept_named as concept_named,
    join_terms as join_terms,
)
from planlib.audit.formats import read_document, read_lines as read_lines  # the lines of any plan file
from planlib.audit.layout import Origin, Piece
from planlib.audit.pdf_layout import PageLayout

# --- What is extracted ------------------------------------------------------------------------

HEADING, STATED, ITEM, OPERAND, RESULT = "heading", "stated", "item", "operand", "result"
ROLE_PRIORITY = {HEADING: 0, STATED: 0, ITEM: 0, RESULT: 1, OPERAND: 2}  # whose word counts first


@dataclass(frozen=True)
class Printed:
    """A number as printed: its exact value (a percentage as a fraction), text and place."""

    value: Fraction
    text: str  # the digits as printed, without unit: "8785", "42.17"
    line: int  # 1-based
    start: int  # column in the line
    end: int
    percent: bool = False

    @property
    def places(self) -> int:
        """Decimal places of the value as a fraction (42.17% → 4, 0.6 → 1, 251 → 0)."""
        decimals = len(self.text.split(".")[1]) if "." in self.text else 0
        return decimals + (2 if self.percent else 0)

    @property
    def shown(self) -> str:
        return self.text + ("%" if self.percent else "")


@dataclass(frozen=True)
class Mention:
    """A concept's figure as the plan states it on one line."""

    concept: str
    printed: Printed
    role: str  # HEADING, STATED, ITEM, OPERAND or RESULT
    formula: int | None = None  # index in PlanText.formulas for operands and results

    @property
    def line(self) -> int:
        return self.printed.line

    @property
    def value(self) -> Fraction:
        return self.printed.value


@dataclass(frozen=True)
class Formula:
    line: int
    start: int
    end: int
    text: str  # as printed
    operands: tuple[Printed, ...]
    ops: str  # normalised: - + × ÷
    result: Printed
    result_concept: str | None = None
    operand_concepts: tuple[str | None, ...] = ()
    named: bool = False  # the operand concepts come from names printed before the numbers
    relation: Relation | None = None

    @property
    def expression(self) -> str:
        return join_terms([p.shown for p in self.operands], self.ops)


@dataclass(frozen=True)
class Item:
    """A numbered item of a section; ``printed`` is None when the item carries no figure."""

    number: int
    name: str
    line: int
    printed: Printed | None


@dataclass(frozen=True)
class Section:
    """A heading naming a concept, and the numbered items under it."""

    concept: str
    title: str
    line: int
    items: tuple[Item, ...]
    end: int = 0  # its last line (the next heading of any kind closes it)


@dataclass(frozen=True)
class UnitFigure:
    unit: str
    printed: Printed


@dataclass(frozen=True)
class UnitList:
    """Two or more units' figures on one line (``综合队10人、一队8人…``, ``一队完成70家，二队…``)."""

    kind: str  # "staff", "inspections" or "workdays" (a category's workdays by unit)
    line: int
    entries: tuple[UnitFigure, ...]
    total: Printed | None  # the figure the list breaks down, printed just before it
    section: str | None  # the concept of the section it is in


@dataclass(frozen=True)
class Percentage:
    printed: Printed
    share: str | None  # a SHARES key when recognised
    numerator: Printed | None  # the figure printed just before it that it is a share of
    denominator: str | None  # the concept it is a share of


@dataclass
class PlanText:
    """Everything read from one plan text."""

    source: str
    lines: tuple[str, ...]
    authority: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    formulas: list[Formula] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    unit_lists: list[UnitList] = field(default_factory=list)
    percentages: list[Percentage] = field(default_factory=list)
    thresholds: list[Printed] = field(default_factory=list)  # floors or targets (不低于60%), not shares
    notes: list[str] = field(default_factory=list)  # how the text was read (lines rebuilt, converted)
    pieces: tuple[Piece, ...] = ()  # the lines with where each part is in the file (none: the lines are the file's)
    pages: int | None = None  # a PDF's pages
    layouts: tuple[PageLayout, ...] = ()  # a PDF's text runs and rules, for its tables

    def origin(self, line: int, column: int | None = None) -> Origin:
        """Where column ``column`` of line ``line`` (1-based, as read) is in the file."""
        return self.pieces[line - 1].at(column or 0) if self.pieces else Origin(None, line)

    def cite(self, line: int, column: int | None = None) -> str:
        """``第25行``, or for a PDF ``第5页第12行``: the file's own place of a figure."""
        return self.origin(line, column).cite()

    @property
    def file_lines(self) -> int:
        """How many of the file's lines (paragraphs, PDF lines) hold the text read."""
        return len({o for p in self.pieces for _, o in p.origins}) if self.pieces else len(self.lines)

    def excerpt(self, line: int, start: int | None = None, end: int | None = None, width: int = 40) -> str:
        """The printed line (trimmed), or a window of it around ``start:end``."""
        text = self.lines[line - 1].rstrip()
        if start is None or len(text.strip()) <= 2 * width:
            return text.strip()
        lo, hi = max(0, start - width), min(len(text), (end or start) + width)
        return ("…" if lo else "") + text[lo:hi].strip() + ("…" if hi < len(text) else "")


# --- Normalising a line (1:1, so positions stay valid) -----------------------------------------

_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_TRANSLATE = str.maketrans(
    {
        **_FULLWIDTH,
        "－": "-",
        "−": "-",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "﹣": "-",
        "＋": "+",
        "＝": "=",
        "﹦": "=",
        "＊": "*",
        "✕": "×",
        "✖": "×",
        "╳": "×",
        "Ｘ": "X",
        "ｘ": "x",
        "％": "%",
        "﹪": "%",
        "：": ":",
        "．": ".",
        "／": "/",
        "（": "(",
        "）": ")",
        "\u3000": " ",
        "\t": " ",
        "\u00a0": " ",
    }
)
_MARKDOWN_HINT = re.compile(r"[#>*+_|-]")
_MARKDOWN = re.compile(r"^\s*(?:#{1,6}\s|>\s?|[-*+]\s)+|\*\*|__|\|")


def normalise(line: str) -> str:
    """The line as the patterns see it: same length, signs and digits made ASCII, Markdown
    markers blanked."""
    if _MARKDOWN_HINT.search(line):  # most lines have no Markdown: skip the substitution
        line = _MARKDOWN.sub(lambda m: " " * len(m.group(0)), line)
    return line.translate(_TRANSLATE)


# --- Patterns ------------------------------------------------------------------------------------

NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_N = rf"(?P<num>{NUM})"
_DAY_UNIT = r"\s*(?:个工作日|工作日|人日|个?天|日)"
_PERSON_UNIT = r"\s*(?:人|名)"
_HOUSE_UNIT = r"\s*(?:家次|家|户|个(?!工作日|天|人))"
_CONN = r"\s*(?:[:]|为|是|共计|共有|共|合计|总计|约|有|达到|达)?\s*"
_STOP = r"[^\d,，。;；:=]"

_STATEMENTS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (c, re.compile(p))
    for c, p in (
        (DAYS, rf"全年(?:共有|共计|共|总计|合计)?\s*{_N}\s*[天日]"),
        (WEEKEND_DAYS, rf"(?:双休日|周末|休息日|公休日){_CONN}{_N}\s*[天日]"),
        (HOLIDAYS, rf"(?:法定(?:节)?假日|节假日|法定节日|法定休假日){_CONN}{_N}\s*[天日]"),
        (MAKEUP, rf"调休(?:上班)?{_CONN}{_N}\s*[天日]"),
        (OFF_DAYS, rf"工作日(?:中)?放假{_CONN}{_N}\s*[天日]"),
        (
            PER_PERSON,
            rf"(?:国家法定工作日|人均(?:法定)?工作日|每人(?:每年|全年)?法定工作日|(?<!总)全年法定工作日)(?:数)?{_CONN}{_N}{_DAY_UNIT}",
        ),
        (TOTAL, rf"(?:总法定工作日|法定工作日总数){_CONN}{_N}{_DAY_UNIT}"),
        (OTHER, rf"其他(?:行政)?执法工作日{_CONN}{_N}{_DAY_UNIT}"),
        (NON, rf"非执法工作日{_CONN}{_N}{_DAY_UNIT}"),
        (INSPECTION, rf"监督检查工作日{_CONN}{_N}{_DAY_UNIT}"),
        (KEY_WD, rf"重点检查工作日{_CONN}(?:预计)?(?:需用|需要|需)?\s*{_N}{_DAY_UNIT}"),
        (GENERAL_WD, rf"一般检查工作日{_CONN}(?:预计)?(?:需用|需要|需)?\s*{_N}{_DAY_UNIT}"),
        (HEADCOUNT, rf"(?:定编在册|在册定编|在编|编制)(?:人数|人员)?{_CONN}{_N}{_PERSON_UNIT}"),
        (STAFF, rf"执法人员(?:数量|总数|数)?{_CONN}{_N}{_PERSON_UNIT}"),
        (PLANNED, rf"(?:共计划|计划监督检查|计划检查){_STOP}{{0,12}}?{_N}{_HOUSE_UNIT}"),
        (KEY, rf"重点检查(?:单位)?(?:[,，]\s*)?(?:共计|共|合计)\s*{_N}{_HOUSE_UNIT}"),
        (KEY, rf"重点检查{_CONN}{_N}{_HOUSE_UNIT}"),
        (GENERAL, rf"一般检查(?:单位)?(?:[,，]\s*)?(?:共计|共|合计)\s*{_N}{_HOUSE_UNIT}"),
        (GENERAL, rf"一般检查{_CONN}{_N}{_HOUSE_UNIT}"),
        (ENTITY_BASE, rf"(?:管理对象|监管对象){_STOP}{{0,10}}?基数{_CONN}{_N}{_HOUSE_UNIT}"),
        (
            KEY_WD,
            rf"重点检查(?:单位)?[^\d。;；]{{0,6}}?{NUM}{_HOUSE_UNIT}\s*[,，、]?\s*(?:预计)?(?:共)?(?:需用|需要|需|计|用)\s*{_N}{_DAY_UNIT}",
        ),
        (
            GENERAL_WD,
            rf"一般检查(?:单位)?[^\d。;；]{{0,6}}?{NUM}{_HOUSE_UNIT}\s*[,，、]?\s*(?:预计)?(?:共)?(?:需用|需要|需|计|用)\s*{_N}{_DAY_UNIT}",
        ),
        (DAYS_KEY, rf"重点检查{_STOP}{{0,8}}?每家(?:次)?(?:按|需|需用|平均|用)?\s*{_N}{_DAY_UNIT}"),
        (DAYS_GENERAL, rf"一般检查{_STOP}{{0,8}}?每家(?:次)?(?:按|需|需用|平均|用)?\s*{_N}{_DAY_UNIT}"),
        (KEY_SHARE_MIN, rf"重点检查(?:单位)?(?:的)?(?:比例|占比)不(?:低|少)于\s*{_N}\s*%"),
        (RANDOM_SHARE_MIN, rf"双随机{_STOP}{{0,10}}?比例不(?:低|少)于\s*{_N}\s*%"),
    )
)
# "每家检查按2个工作日" without saying which: both kinds.
_DAYS_EACH = re.compile(rf"(?<!重点检查)(?<!一般检查)每家(?:次)?检查(?:按|需|需用|平均|用)?\s*{_N}{_DAY_UNIT}")

_L1 = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.]")
_L2 = re.compile(r"^\s*\(\s*(?:[一二三四五六七八九十]+|\d{1,2})\s*\)")
_L3 = re.compile(r"^\s*(?P<n>\d{1,2})\s*[.、](?!\d)\s*")
_SECTION_NAMES = (
    (TOTAL, r"总法定工作日"),
    (INSPECTION, r"监督检查工作日"),
    (OTHER, r"其他(?:行政)?执法工作日?"),
    (NON, r"非执法工作日?"),
    (KEY, r"重点检查"),
    (GENERAL, r"一般检查"),
)
ITEM_SECTIONS = (OTHER, NON, KEY, INSPECTION)

_LABEL = r"(?:\s*\([^()=\d]{1,12}\))?"  # "104天（双休日）": a name for the operand
_TERM = rf"{NUM}(?:\s*(?:个工作日|工作日|人日|个|天|日|人|名|家|%))?{_LABEL}"
_OP = r"\s*[-+×xX*÷/]\s*"
_FORMULA = re.compile(rf"(?<![\d.,]){_TERM}(?:{_OP}{_TERM})+\s*[=≈]\s*{_TERM}")
_TOKEN = re.compile(
    rf"(?P<num>{NUM})(?P<unit>\s*(?:个工作日|工作日|人日|个|天|日|人|名|家|%))?"
    rf"(?:\s*\((?P<label>[^()=\d]{{1,12}})\))?|(?P<op>[-+×xX*÷/])"
)
_OPS = str.maketrans({"x": "×", "X": "×", "*": "×", "/": "÷"})

_PERCENT = re.compile(rf"(?P<num>{NUM})\s*%")
_THRESHOLD_BEFORE = re.compile(
    r"(?:不低于|不少于|不高于|不超过|不大于|不小于|达到|达|低于|高于|超过|至少|最多|≥|≤|>|<|约|力争|确保)\s*$"
)
_THRESHOLD_AFTER = re.compile(r"^\s*(?:以上|以下|左右|及以上)")
_FIGURE = re.compile(rf"(?P<num>{NUM})\s*(?P<unit>个工作日|工作日|人日|人|名|家次|家|户|天|日)")
_SENTENCE_END = re.compile(r"[。;；!?！？]")

_UNIT_NAME = (
    r"(?P<unit>[^\s\d,，、;；。:()“”\"'‘’]{1,16}?(?:大队|支队|中队|队|科|室|站|所|中心|组)(?:\([^()]{1,20}\))?)"
)
_UNIT_STAFF = re.compile(rf"{_UNIT_NAME}\s*:?\s*(?P<num>\d+)\s*(?:人|名)")
_UNIT_DONE = re.compile(rf"{_UNIT_NAME}\s*(?:负责|完成|承担|检查)\s*(?P<num>\d+){_HOUSE_UNIT}")
_DONE_BY = re.compile(rf"(?P<num>\d+){_HOUSE_UNIT}\s*[,，]?\s*(?:均)?(?:分别)?由\s*{_UNIT_NAME}\s*(?:负责|完成|承担)")
_UNIT_DAYS = re.compile(
    rf"{_UNIT_NAME}\s*:?\s*(?:预计)?(?:需用|需要|需|承担|负责)?\s*(?P<num>{NUM})\s*(?:个工作日|工作日)"
)
_UNIT_HINT = {
    "staff": re.compile(r"(?:队|科|室|站|所|中心|组|\))\s*:?\s*\d+\s*(?:人|名)"),
    "workdays": re.compile(
        r"(?:队|科|室|站|所|中心|组|\))\s*:?\s*(?:预计)?(?:需用|需要|需|承担|负责)?\s*\d+\s*个?工作日"
    ),
    "inspections": re.compile(r"负责|完成|承担|检查\s*\d"),
}
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+")
_UNIT_PREFIX = re.compile(r"^(?:其中|包括|含|分别为|分别是|另|由)+")

_ITEM_FIGURE = {
    "days": (
        re.compile(rf"(?:预计需用|预计需要|预计|需用|需要|共计|合计|约|共)\s*{_N}{_DAY_UNIT}"),
        re.compile(rf"{_N}\s*个工作日"),
        re.compile(rf"{_N}{_DAY_UNIT}"),
    ),
    "houses": (re.compile(rf"{_N}{_HOUSE_UNIT}"),),
}
_NEXT_LINE_FIGURE = {
    "days": re.compile(rf"^\s*(?:预计)?(?:需用|需要|需|约|共计|共|合计|计)?\s*{_N}{_DAY_UNIT}"),
    "houses": re.compile(rf"^\s*(?:预计)?(?:共计|共|合计|计)?(?:检查)?\s*{_N}{_HOUSE_UNIT}"),
}
_SECTION_TOTAL = {
    "days": re.compile(
        rf"(?:^\s*(?:预计需用|预计需要|需用|预计)|共计|合计|总计|共)\s*:?\s*{_STOP}{{0,8}}?{_N}{_DAY_UNIT}"
    ),
    "houses": re.compile(rf"(?:共计|合计|总计|共)\s*:?\s*{_STOP}{{0,8}}?{_N}{_HOUSE_UNIT}"),
}
_AUTHORITY = re.compile(r"监督检查主体(?:名称)?\s*[:]\s*(?P<a>[^。;；\s]+)")
_AUTHORITY_LINE = re.compile(r"^\S{2,30}(?:局|委员会|厅|委|办公室|管理处|中心)$")
_AUTHORITY_TITLE = re.compile(
    r"^\s*(?P<a>[^\s\d]{2,30}?(?:局|委员会|厅|委|办公室|管理处))\s*(?:19|20)\d\d\s*年.{0,20}计划"
)
_TITLE_YEAR = re.compile(r"(?P<num>(?:19|20)\d\d)\s*年度?")
_CALENDAR_YEAR = re.compile(r"(?P<num>(?:19|20)\d\d)\s*年\s*全年")


def _printed(m: re.Match, line: int, group: str = "num", percent: bool = False, offset: int = 0) -> Printed:
    """The number in ``m``'s group; ``offset`` is where the matched text starts in the line."""
    text = m.group(group)
    value = Fraction(text.replace(",", ""))
    return Printed(
        value / 100 if percent else value, text, line, offset + m.start(group), offset + m.end(group), percent
    )


def _kind(concept: str) -> str:
    return "houses" if concept in (KEY, GENERAL, PLANNED) else "days"


# --- Reading files ---------------------------------------------------------------------------------


def read_plan_text(path: str | Path) -> PlanText:
    document = read_document(path)
    doc = extract(document.lines, str(path))
    doc.notes.extend(document.notes)
    doc.pieces, doc.pages, doc.layouts = document.pieces, document.pages, document.layouts
    return doc


# --- Extraction ------------------------------------------------------------------------------------


def extract(lines: tuple[str, ...] | list[str], source: str = "") -> PlanText:
    """Every figure of the plan's calculation that the text states, with its line."""
    lines = tuple(lines)
    norm = [normalise(line) for line in lines]
    doc = PlanText(source, lines, _authority(norm, lines))
    formula_spans: dict[int, list[tuple[int, int]]] = {}
    for n, text in enumerate(norm, 1):
        for f in _formulas(text, n, lines[n - 1]):
            doc.formulas.append(f)
            formula_spans.setdefault(n, []).append((f.start, f.end))

    def in_formula(p: Printed) -> bool:
        return any(s <= p.start < e for s, e in formula_spans.get(p.line, ()))

    mentions = doc.mentions
    mentions += _years(norm)
    for n, text in enumerate(norm, 1):
        if not _DIGIT.search(text):
            continue
        heading = bool(_L1.match(text) or _L2.match(text))
        for concept, pattern in _STATEMENTS:
            for m in pattern.finditer(text):
                p = _printed(m, n, percent=concept in (KEY_SHARE_MIN, RANDOM_SHARE_MIN))
                if not in_formula(p):
                    mentions.append(Mention(concept, p, HEADING if heading else STATED))
        for m in _DAYS_EACH.finditer(text):
            p = _printed(m, n)
            mentions += [Mention(DAYS_KEY, p, STATED), Mention(DAYS_GENERAL, p, STATED)]
    _read_sections(doc, norm)
    _read_unit_lists(doc, norm)
    stated = majority(mentions)
    doc.formulas[:] = [_assign(f, stated) for f in doc.formulas]
    for i, f in enumerate(doc.formulas):
        if f.relation is not None and f.relation.result in SHARES:
            continue  # percentage formulas are checked as printed, not voted on
        for named_as, p in zip(f.operand_concepts, f.operands, strict=False):
            if named_as and named_as not in PERCENT_CONCEPTS:
                mentions.append(Mention(named_as, p, OPERAND, i))
        if f.result_concept and f.result_concept not in PERCENT_CONCEPTS:
            mentions.append(Mention(f.result_concept, f.result, RESULT, i))
    _dedupe(mentions)
    mentions.sort(key=lambda m: (m.line, m.printed.start))
    _read_percentages(doc, norm, in_formula)
    return doc


def _dedupe(mentions: list[Mention]) -> None:
    seen: set[tuple[str, int, int]] = set()
    kept = []
    for m in mentions:
        key = (m.concept, m.line, m.printed.start)
        if key not in seen:
            seen.add(key)
            kept.append(m)
    mentions[:] = kept


def _authority(norm: list[str], lines: tuple[str, ...]) -> str | None:
    for n, text in enumerate(norm):
        if m := _AUTHORITY.search(text):
            return lines[n][m.start("a") : m.end("a")].strip()
    for n, text in enumerate(norm[:5]):
        if _AUTHORITY_LINE.match(text.strip()):
            return lines[n].strip()
    for n, text in enumerate(norm[:5]):
        if m := _AUTHORITY_TITLE.match(text):
            return lines[n][m.start("a") : m.end("a")].strip()
    return None


def _years(norm: list[str]) -> list[Mention]:
    """The plan year from its title (a short line near the top) and its calendar sentence."""
    found = []
    for n, text in enumerate(norm[:6], 1):
        if len(text.strip()) <= 40 and "计划" in text and (m := _TITLE_YEAR.search(text)):
            found.append(Mention(YEAR, _printed(m, n), HEADING))
            break
    for n, text in enumerate(norm, 1):
        for m in _CALENDAR_YEAR.finditer(text):
            found.append(Mention(YEAR, _printed(m, n), STATED))
    return found


def _formulas(text: str, line: int, original: str) -> list[Formula]:
    found = []
    for m in _FORMULA.finditer(text):
        body = m.group(0)
        eq = max(body.rfind("="), body.rfind("≈"))
        terms, ops, labels = [], "", []
        for t in _TOKEN.finditer(body[:eq]):
            if t.group("op"):
                ops += t.group("op").translate(_OPS)
            else:
                terms.append(_term(t, line, m.start()))
                labels.append(concept_named(t.group("label")) if t.group("label") else None)
        token = _TOKEN.search(body, eq + 1)
        if token is None:
            continue  # pragma: no cover - the pattern ends with a term
        result = _term(token, line, m.start())
        if len(ops) != len(terms) - 1:
            continue  # pragma: no cover - the pattern alternates terms and signs
        f = _named(
            Formula(line, m.start(), m.end(), original[m.start() : m.end()], tuple(terms), ops, result),
            text[: m.start()],
        )
        if not f.named and None not in labels:
            f = replace(f, operand_concepts=tuple(labels), named=True)
        found.append(f)
    return found


def _term(t: re.Match, line: int, offset: int) -> Printed:
    return _printed(t, line, percent=(t.group("unit") or "").strip() == "%", offset=offset)


def _named(f: Formula, before: str) -> Formula:
    """Concepts from the names printed before the numbers: ``A=B-C-D=8785-3090-4683=…``."""
    clause = re.split(r"[。;；!?！？,，]", before)[-1]
    stripped = clause.rstrip()
    if not stripped.endswith(("=", "≈")):
        return replace(f, result_concept=concept_named(clause))
    segments = [s.strip() for s in re.split(r"\s*[=≈]\s*", stripped[:-1])]
    names_expr = segments[-1] if re.search(r"[-+×xX*÷/]", segments[-1]) else None
    result_name = segments[0] if (names_expr is None or len(segments) > 1) else ""
    result_concept = concept_named(result_name) if result_name else None
    if names_expr is None:
        return replace(f, result_concept=result_concept)
    parts = re.split(r"\s*([-+×xX*÷/])\s*", names_expr)
    names, ops = parts[0::2], "".join(parts[1::2]).translate(_OPS)
    concepts = tuple(concept_named(n) for n in names)
    if ops != f.ops or len(concepts) != len(f.operands) or None in concepts:
        return replace(f, result_concept=result_concept)
    return replace(f, result_concept=result_concept, operand_concepts=concepts, named=True)


def majority(mentions: list[Mention]) -> dict[str, Fraction]:
    """Each concept's most stated value (ties: the stronger role, then the earlier line)."""
    by_concept: dict[str, list[Mention]] = {}
    for m in mentions:
        by_concept.setdefault(m.concept, []).append(m)
    values = {}
    for concept, ms in by_concept.items():
        counts = Counter(m.value for m in ms)
        first = first_said(ms)
        values[concept] = max(counts, key=lambda v: (counts[v], tuple(-x for x in first[v])))
    return values


def first_said(mentions) -> dict[Fraction, tuple[int, int]]:
    """Each value's strongest and earliest mention, ``(role priority, line)``: a vote's tie-break."""
    first: dict[Fraction, tuple[int, int]] = {}
    for m in sorted(mentions, key=lambda m: (ROLE_PRIORITY[m.role], m.line)):
        first.setdefault(m.value, (ROLE_PRIORITY[m.role], m.line))
    return first


def _assign(f: Formula, stated: dict[str, Fraction]) -> Formula:
    """Which relation a formula prints and which concept each operand is.

    Named operands keep their names. Otherwise, when the result's name is known, the
    relation's operands are matched to the numbers in the order that agrees best with the
    figures stated elsewhere; with no name at all, a relation is taken only when at least
    two of its figures agree with the stated ones.
    """
    ops = f.ops
    operands = f.operands
    if ops.endswith("×") and operands[-1].percent and operands[-1].value == 1:
        ops, operands = ops[:-1], operands[:-1]  # "…÷506×100%"
    if f.named:
        concepts = f.operand_concepts[: len(operands)]
        relation = next(
            (
                r
                for r in RELATIONS
                if r.ops == ops and set(r.operands) == set(concepts) and f.result_concept in (None, r.result)
            ),
            None,
        )
        result = f.result_concept or (relation.result if relation else None)
        return replace(f, relation=relation, result_concept=result)
    best: tuple[int, Relation, tuple[str, ...]] | None = None
    for r in RELATIONS:
        if r.ops != ops or f.result_concept not in (None, r.result):
            continue
        for order in r.arrangements():
            score = sum(stated.get(c) == p.value for c, p in zip(order, operands, strict=False))
            score += stated.get(r.result) == f.result.value
            if best is None or score > best[0]:
                best = (score, r, order)
    if best is None or (f.result_concept is None and best[0] < 2):
        return f
    _, relation, order = best
    concepts = order + (None,) * (len(f.operands) - len(order))
    return replace(f, relation=relation, result_concept=relation.result, operand_concepts=concepts)


def _item_figure(text: str, line: int, offset: int, kind: str) -> Printed | None:
    for pattern in _ITEM_FIGURE[kind]:
        if m := pattern.search(text, offset):
            return _printed(m, line)
    return None


def _marker(text: str) -> tuple[str, re.Match] | None:
    """The outline marker a line starts with, by kind: 一、, （一）, （1）, 1."""
    if m := _L1.match(text):
        return "cn", m
    if m := _L2.match(text):
        return ("paren-num" if _DIGIT.search(m.group(0)) else "paren-cn"), m
    if m := _L3.match(text):
        return "num", m
    return None


def _read_sections(doc: PlanText, norm: list[str]) -> None:
    """Headings naming a concept, their numbered items, and a total stated under the heading.

    The outline is read as the plan numbers it, whatever marker each level uses: a marker
    kind not seen on the way down opens a level below the current one (一、 then （一） then
    1., or 1. then （1）). A heading naming a concept (其他执法工作日) at any level opens its
    section; the markers of the level just below are its items; a marker at its level or
    above closes it.
    """
    current: dict | None = None
    path: list[str] = []  # the marker kinds from the top level down to the current line
    lines_of: dict[str, list[int]] = {}  # the lines each concept is stated on, in order
    for mention in doc.mentions:
        lines_of.setdefault(mention.concept, []).append(mention.line)
    for said in lines_of.values():
        said.sort()

    def close(end: int):
        if current:
            doc.sections.append(
                Section(current["concept"], current["title"], current["line"], tuple(current["items"]), end)
            )

    for n, text in enumerate(norm, 1):
        marked = _marker(text)
        if marked:
            kind, h = marked
            if kind in path:
                del path[path.index(kind) + 1 :]
            else:
                path.append(kind)
            depth = len(path) - 1
            if current is not None and depth == current["depth"] + 1:
                _read_item(doc, norm, n, text, h, current, lines_of)
                continue
            title = re.split(r"[:]", text[h.end() :], maxsplit=1)[0].strip()
            concept = None
            if "," not in title and "，" not in title and len(title) <= 20:
                concept = next((c for c, p in _SECTION_NAMES if re.search(p, title)), None)
            if current is not None and depth > current["depth"] and concept is None:
                continue  # a sub-item of an item: not a heading of its own
            close(n - 1)
            current = None
            if concept:
                current = {
                    "concept": concept,
                    "title": doc.lines[n - 1].strip(),
                    "line": n,
                    "items": [],
                    "depth": depth,
                }
            continue
        if current is None or current["items"]:
            continue
        concept = current["concept"]
        said = lines_of.setdefault(concept, [])
        if (i := bisect.bisect_left(said, current["line"])) < len(said) and said[i] <= n:
            continue  # the section's figure is already stated (on its heading or since)
        if m := _SECTION_TOTAL[_kind(concept)].search(text):
            doc.mentions.append(Mention(concept, _printed(m, n), STATED))
            bisect.insort(said, n)
    close(len(norm))


def _read_item(doc: PlanText, norm: list[str], n: int, text: str, m: re.Match, current: dict, lines_of) -> None:
    """A numbered item of the open section: its name and figure (on its line or the next)."""
    kind = _kind(current["concept"])
    printed = _item_figure(text, n, m.end(), kind)
    rest = text[m.end() : printed.start if printed and printed.line == n else None]
    name = re.split(r"[:，,。]", rest, maxsplit=1)[0].strip()
    name_original = doc.lines[n - 1][m.end() : m.end() + len(rest)].strip()
    name_original = re.split(r"[:：，,。]", name_original, maxsplit=1)[0].strip()
    after = next((i for i in range(n, min(len(norm), n + 3)) if norm[i].strip()), None)  # blank lines between
    if (printed is None and after is not None and _marker(norm[after]) is None) and (
        nm := _NEXT_LINE_FIGURE[kind].match(norm[after])
    ):
        printed = _printed(nm, after + 1)
    number = _NUMBER.search(m.group(0))
    item = Item(int(number.group(0)) if number else len(current["items"]) + 1, name_original, n, printed)
    current["items"].append(item)
    if current["concept"] == INSPECTION and printed is not None and (c := concept_named(name)) in (KEY_WD, GENERAL_WD):
        doc.mentions.append(Mention(c, printed, ITEM))
        bisect.insort(lines_of.setdefault(c, []), printed.line)


def _read_unit_lists(doc: PlanText, norm: list[str]) -> None:
    section_at = {n: s.concept for s in doc.sections for n in range(s.line, s.end + 1)}
    for n, text in enumerate(norm, 1):
        for kind, patterns in (
            ("staff", (_UNIT_STAFF,)),
            ("inspections", (_UNIT_DONE, _DONE_BY)),
            ("workdays", (_UNIT_DAYS,)),
        ):
            if not _UNIT_HINT[kind].search(text):
                continue  # cheap test first: these patterns backtrack over every start position
            entries = []
            for pattern in patterns:
                for m in pattern.finditer(text):
                    unit = _UNIT_PREFIX.sub("", doc.lines[n - 1][m.start("unit") : m.end("unit")].strip())
                    entries.append(UnitFigure(unit, _printed(m, n)))
            entries.sort(key=lambda e: e.printed.start)
            if len(entries) < 2:
                continue
            unit_re = {"staff": r"(?:人|名)", "inspections": r"(?:家次|家|户)", "workdays": r"(?:个工作日|工作日)"}[
                kind
            ]
            before = list(re.finditer(rf"(?P<num>{NUM})\s*{unit_re}", text[: _entry_start(text, entries[0])]))
            total = _printed(before[-1], n) if before else None
            doc.unit_lists.append(UnitList(kind, n, tuple(entries), total, section_at.get(n)))


def _entry_start(text: str, entry: UnitFigure) -> int:
    """Where the first entry (its unit name, or its number when the name follows) begins."""
    name_at = text.rfind(normalise(entry.unit), 0, entry.printed.start + 1)
    return min(entry.printed.start, name_at) if name_at >= 0 else entry.printed.start


SHARE_WINDOW = 300  # characters before a percentage searched for what it is a share of


def _read_percentages(doc: PlanText, norm: list[str], in_formula) -> None:
    stated_by_line: dict[int, dict[int, str]] = {}
    for mention in doc.mentions:
        stated_by_line.setdefault(mention.line, {})[mention.printed.start] = mention.concept
    for n, text in enumerate(norm, 1):
        if "%" not in text:
            continue
        ends = [m.end() for m in _SENTENCE_END.finditer(text)]  # once per line: lines may be long
        for m in _PERCENT.finditer(text):
            p = _printed(m, n, percent=True)
            if in_formula(p):
                continue
            if _THRESHOLD_BEFORE.search(text, max(0, m.start() - 8), m.start()) or _THRESHOLD_AFTER.match(
                text[m.end() : m.end() + 8]
            ):
                doc.thresholds.append(p)
                continue
            sentence_start = ends[bisect.bisect_right(ends, p.start) - 1] if ends and ends[0] <= p.start else 0
            sentence_start = max(sentence_start, p.start - SHARE_WINDOW)  # a share names its figures nearby
            doc.percentages.append(_classify_percentage(text, p, sentence_start, stated_by_line.get(n, {})))


_DENOMINATORS = (
    (HEADCOUNT, r"在册|定编|编制|在编"),
    (ENTITY_BASE, r"管理对象|监管对象|基数"),
    (TOTAL, r"总法定工作日|总工作日|法定工作日总数"),
    (INSPECTION, r"监督检查工作日"),
    (PLANNED, r"计划"),
)
_NAMED_SHARES = (
    (PLAN_RATIO, r"(?:计划)?检查比例|计划检查率"),
    (KEY_SHARE, r"重点检查(?:比例|占比)"),
    (GENERAL_SHARE, r"一般检查(?:比例|占比)"),
    (STAFF_SHARE, r"执法人员(?:比例|占比)"),
)


_BRACKETS = re.compile(r"\([^()]*\)")


def _classify_percentage(text: str, p: Printed, sentence_start: int, stated: dict[int, str]) -> Percentage:
    """What a stated percentage is a share of: ``…35人，占在册定编人员的42.17%`` is staff ÷
    headcount; ``计划检查比例为5.9%`` is planned inspections ÷ entity base."""
    sentence = text[sentence_start : p.start]
    just_before = re.sub(r"\s*(?:为|是|:|达)?\s*$", "", sentence)
    for share, pattern in _NAMED_SHARES:
        if re.search(rf"(?:{pattern})$", just_before):
            return Percentage(p, share, None, SHARES[share][1])
    at = sentence.rfind("占")
    if at < 0:
        return Percentage(p, None, None, None)
    figures = [m for m in _FIGURE.finditer(text, sentence_start, sentence_start + at)]
    # the figure the share is of: the last one outside brackets (a unit's parts in brackets are
    # parts of it: "总计820个工作日（其中…520个工作日），占…33%" is 820's share), naming a concept
    brackets = [(b.start(), b.end()) for b in _BRACKETS.finditer(text, sentence_start, sentence_start + at)]
    figures = [f for f in figures if not any(a <= f.start() < b for a, b in brackets)] or figures
    named = [f for f in figures if f.start("num") in stated]
    candidates = named or figures
    figure = candidates[-1] if candidates else None
    numerator = _printed(figure, p.line) if figure else None
    den_text = text[(figure.end() if figure else sentence_start) : p.start]
    den_text = re.sub(r"\([^()]*\)", "", den_text)
    denominator = next((c for c, pat in _DENOMINATORS if re.search(pat, den_text)), None)
    of: str | None = stated.get(numerator.start) if numerator else None
    found = next((s for s, pair in SHARES.items() if pair == (of, denominator)), None)
    return Percentage(p, found, numerator, denominator)
