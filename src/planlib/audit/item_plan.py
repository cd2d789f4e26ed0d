"""Auditing a published 涉企行政检查计划表 (docs/contract.md §6; docs/audit.md): the list of
检查事项 a bureau publishes, as a workbook or as a table in a .docx or PDF.

The forms agree on their columns more than on their wording, so each row is read by what it
says, not where: 检查对象 gives the base, the key units and the 双随机 sample
("辖区内工贸企业4000家，重点检查120家，“双随机”抽查97家（抽查比例2.4%）" or
"全市辖区内工贸企业1751家，确定16家重点检查工贸企业，“双随机”检查工贸企业8家"; a county
form's own 检查对象基数 and 检查比例 columns when it has them), 检查频次和上限 the frequency and
its cap ("1次/年/单位；上限2次/年/单位"), 检查时间安排 the months ("3月检查4家", "1月8家、2月9家").

Checked per item: 抽查比例 = drawn ÷ base to the precision printed (``item_ratio``); key and
drawn entities within the base (``item_counts``); the frequency within its cap
(``item_frequency``); the months adding up to the item's visits, (key + drawn) × frequency, each
month named once (``item_months``). What a row does not state is listed as unchecked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path

from planlib.audit.pdf_table import Table, find_table
from planlib.audit.plantext import PlanText, extract
from planlib.audit.result import Audit, AuditFinding, json_value, show, sorted_findings, within_precision
from planlib.audit.text_checks import audit_text
from planlib.core.rules import ERROR, WARNING
from planlib.io.xlsxio import is_blank, norm_header, open_book, parse_text

COL_ITEM, COL_OBJECT = "检查事项", "检查对象"
COL_BASE, COL_RATIO = "检查对象基数", "检查比例"
COL_FREQUENCY, COL_CAP, COL_BOTH = "检查频次", "检查频次上限", "检查频次和上限"
COL_TIMING = "检查时间安排"
HEADER_ROWS = 12  # a form's header is within its first rows (titles above it)
MAX_COLUMNS = 64
FORM_SHEET = "行政检查计划表"

_NUMBER = r"(\d+(?:\.\d+)?)"
_COUNT = re.compile(r"(\d+)\s*家")
_RATIO = re.compile(r"比例\D{0,6}?" + _NUMBER + r"\s*[%％]")
_PERCENT = re.compile(_NUMBER + r"\s*[%％]")
_FREQ = re.compile(r"(\d+)\s*次\s*/\s*年")
_CAP = re.compile(r"上限\D{0,4}?(\d+)\s*次")
_MONTH = re.compile(r"(\d{1,2})\s*月(?:份)?\s*(?:检查|安排|计划)?\s*(\d+)\s*家")
_CLAUSES = re.compile(r"[，,；;。]")


@dataclass(frozen=True)
class FormRow:
    """One item of the form: where it is, its name, its cells by header (workbooks) and its text."""

    where: str  # 行政检查计划表!第3行, or 第12行 of a text
    line: int | None
    name: str
    text: str
    cells: dict[str, str] = field(default_factory=dict)

    def column(self, *names: str) -> str | None:
        for n in names:
            if n in self.cells:
                return self.cells[n]
        return None


@dataclass(frozen=True)
class Counts:
    base: int | None = None
    key: int | None = None
    drawn: int | None = None
    ratio: Fraction | None = None  # as printed, a fraction (2.4% → 3/125)
    ratio_places: int = 0  # decimals of the printed percentage
    frequency: int | None = None
    cap: int | None = None
    months: tuple[tuple[int, int], ...] = ()


def _percent(text: str, pattern: re.Pattern[str]) -> tuple[Fraction | None, int]:
    m = pattern.search(text)
    if not m:
        return None, 0
    digits = m.group(1)
    places = len(digits.partition(".")[2])
    return Fraction(digits) / 100, places


def read_counts(row: FormRow) -> Counts:
    """The figures a row states (docstring of the module)."""
    target = row.column(COL_OBJECT) or row.text
    base = key = drawn = None
    for clause in _CLAUSES.split(target):
        counts = _COUNT.findall(clause)
        if not counts:
            continue
        if "双随机" in clause or "抽查" in clause:
            drawn = int(counts[0]) if drawn is None else drawn
        elif "重点" in clause:
            key = int(counts[0]) if key is None else key
        elif base is None:
            base = int(counts[-1])
    base_cell = row.column(COL_BASE)
    if base_cell and (m := re.search(r"\d+", base_cell)):
        base = int(m.group())
    ratio, places = _percent(target, _RATIO)
    ratio_cell = row.column(COL_RATIO, "抽查比例")
    if ratio_cell:
        ratio, places = _percent(ratio_cell, _PERCENT)
    freq_text = row.column(COL_BOTH) or row.column(COL_FREQUENCY) or row.text
    f = _FREQ.search(freq_text) or (re.search(r"^\s*(\d+)\s*次?\s*$", freq_text) if freq_text else None)
    frequency = int(f.group(1)) if f else None
    cap_text = row.column(COL_CAP, "频次上限")
    c = re.search(r"(\d+)", cap_text) if cap_text else _CAP.search(row.column(COL_BOTH) or row.text)
    cap = int(c.group(1)) if c else None
    timing = row.column(COL_TIMING) or row.text
    months = tuple((int(m), int(n)) for m, n in _MONTH.findall(timing))
    return Counts(base, key, drawn, ratio, places, frequency, cap, months)


def check_row(row: FormRow) -> tuple[list[AuditFinding], list[dict], list[str]]:
    """The findings, the figures read and what could not be checked, for one item."""
    c = read_counts(row)
    name = f"检查事项“{row.name}”" if row.name else row.where
    findings: list[AuditFinding] = []
    unchecked: list[str] = []
    figures = [
        {
            "key": key,
            "label": f"{row.name}：{label}",
            "value": json_value(Fraction(value)),
            "shown": show(value),
            "line": row.line,
        }
        | ({"where": row.where} if row.line is None else {})
        for key, label, value in (
            ("item_base", "检查对象", c.base),
            ("item_key", "重点检查", c.key),
            ("item_drawn", "“双随机”抽查", c.drawn),
            ("item_frequency", "检查频次", c.frequency),
            ("item_cap", "频次上限", c.cap),
        )
        if value is not None
    ]

    def finding(rule: str, message: str) -> None:
        findings.append(AuditFinding(rule, ERROR, f"{name}：{message}", row.where, line=row.line, excerpt=row.text))

    if c.ratio is not None and c.drawn is not None and c.base:
        true = Fraction(c.drawn, c.base)
        if not within_precision(c.ratio * 100, true * 100, c.ratio_places):
            finding(
                "item_ratio",
                f"抽查比例为{show(c.ratio, c.ratio_places + 2, percent=True)}，而“双随机”抽查{c.drawn}家÷"
                f"检查对象{c.base}家={show(true, c.ratio_places + 2, percent=True)}",
            )
    elif c.ratio is not None:
        unchecked.append(
            f"{name}：抽查比例{show(c.ratio, c.ratio_places + 2, percent=True)}缺少抽查家数或对象总数，未核对"
        )
    if c.base is not None and (c.key or 0) + (c.drawn or 0) > c.base:
        finding("item_counts", f"重点检查{c.key or 0}家与“双随机”抽查{c.drawn or 0}家之和超过检查对象{c.base}家")
    if c.frequency is not None and c.cap is not None and c.frequency > c.cap:
        finding("item_frequency", f"检查频次{c.frequency}次/年超过频次上限{c.cap}次/年")
    if c.months:
        seen = [m for m, _ in c.months]
        bad = sorted({m for m in seen if not 1 <= m <= 12 or seen.count(m) > 1})
        if bad:
            finding("item_months", f"检查时间安排中{'、'.join(f'{m}月' for m in bad)}重复或不是1–12月")
        total = sum(n for _, n in c.months)
        if c.key is not None or c.drawn is not None:
            visits = ((c.key or 0) + (c.drawn or 0)) * (c.frequency or 1)
            if total != visits:
                finding(
                    "item_months",
                    f"检查时间安排各月合计{total}家（次），而（重点检查{c.key or 0}家＋“双随机”抽查{c.drawn or 0}家）"
                    f"×检查频次{c.frequency or 1}次={visits}家次",
                )
        else:
            unchecked.append(f"{name}：检查时间安排合计{total}家（次），检查对象未写明家数，未核对")
    return findings, figures, unchecked


# --- Reading the form -----------------------------------------------------------------------------


def is_form_header(cells: Sequence[str]) -> bool:
    names = {norm_header(c) for c in cells if c}
    return COL_ITEM in names and any(n.startswith(COL_OBJECT) for n in names)


def _header_name(text: str) -> str:
    """A header as the reader keys it: 检查对象（含数量） → 检查对象, 检查频次和上限 as it is."""
    h = norm_header(text)
    for known in (COL_BASE, COL_BOTH, COL_CAP, "频次上限", COL_FREQUENCY, COL_TIMING, COL_RATIO, "抽查比例"):
        if h.startswith(known):
            return known
    if h.startswith(COL_OBJECT) or "双随机" in h:
        return COL_OBJECT
    if h.startswith(COL_ITEM):
        return COL_ITEM
    return h


def _grid(cells: dict[tuple[int, int], object]) -> list[tuple[int, list[str]]]:
    """A sheet's non-blank rows as (1-based row, texts from column A), at most MAX_COLUMNS wide
    (a stray value far out in a sheet does not make a huge grid)."""
    by_row: dict[int, dict[int, str]] = {}
    for (r, c), v in cells.items():
        if c <= MAX_COLUMNS and not is_blank(v):
            by_row.setdefault(r, {})[c] = parse_text(v)
    out = []
    for r in sorted(by_row):
        row = by_row[r]
        out.append((r, [row.get(c, "") for c in range(1, max(row) + 1)]))
    return out


def workbook_rows(path: str | Path) -> tuple[str, list[FormRow]] | None:
    """The form's rows in a workbook (its sheet 行政检查计划表 or the first sheet with the form's
    header), or None when the workbook is not a form (e.g. a plan workbook with 基本信息)."""
    book = open_book(path)
    if book.sheet("基本信息") is not None:
        return None
    for title in sorted(book.titles, key=lambda title: norm_header(title) != FORM_SHEET):
        ws = book.sheet(norm_header(title))
        if ws is None:
            continue
        rows = _grid(ws.cells)
        for h, (header_row, header) in enumerate(rows):
            if header_row > HEADER_ROWS:
                break
            if not is_form_header(header):
                continue
            return title, form_rows(header, ((f"{title}!第{n}行", values) for n, values in rows[h + 1 :]))
    return None


def form_rows(header: Sequence[str], rows: Iterable[tuple[str, Sequence[str]]]) -> list[FormRow]:
    """The items of a form from its header and its rows' cells ((where, texts) pairs): each
    cell keyed by its header's name, totals and rows without a figure left out."""
    names = [_header_name(c) if c else "" for c in header]
    out = []
    for where, values in rows:
        cells = {names[i]: v for i, v in enumerate(values) if i < len(names) and names[i] and v}
        text = "  ".join(v for v in values if v)
        name = cells.get(COL_ITEM, "")
        if not text or name in ("合计", "总计") or not re.search(r"\d", text):
            continue
        out.append(FormRow(where, None, name, text, cells))
    return out


def pdf_form(doc: PlanText) -> tuple[list[FormRow], Table] | None:
    """The form's rows in a PDF, rebuilt from its text positions and rules
    (:mod:`planlib.audit.pdf_table`): each cited by page and row of the table."""
    table = find_table(doc.layouts, is_form_header, "检查") if doc.layouts else None
    if table is None:
        return None
    rows = ((f"第{row.page}页检查计划表第{n}行", row.cells) for n, row in enumerate(table.rows, 1))
    return form_rows(table.header, rows), table


def _table_lines(doc: PlanText, table: Table) -> set[int]:
    """The lines of a PDF's text (1-based) that are pieces of the table's cells: on a page the
    table is on, every word of the line found in the page's table text."""
    skip = set()
    for n, line in enumerate(doc.lines, 1):
        at = doc.origin(n)
        words = line.split()
        page_text = table.texts.get(at.page or 0)
        if words and page_text and all(w in page_text for w in words):
            skip.add(n)
    return skip


def _text_header(line: str) -> bool:
    """A form's header as a line: it names 检查事项, 检查对象 and 频次 or 检查方式, and is not a
    sentence (a plan's prose may name them all: “填写检查时间、检查事项、检查对象和检查方式”)."""
    words = "检查事项" in line and "检查对象" in line and ("频次" in line or "检查方式" in line)
    return words and not re.search(r"[。；、;]", line)


def text_rows(lines: Sequence[str]) -> list[FormRow] | None:
    """The form's rows in a text's lines (a .docx table row is one line, its cells two spaces
    apart; a PDF's rows as its text gives them): the lines after a header line naming 检查事项
    and 检查对象 that state a count of 家 and a frequency or a month. None without such a header."""
    start = next((n for n, line in enumerate(lines) if _text_header(line)), None)
    if start is None:
        return None
    out = []
    for n in range(start + 1, len(lines)):
        line = lines[n]
        if not _COUNT.search(line) or not (_FREQ.search(line) or _MONTH.search(line)):
            continue
        cells = [c for c in re.split(r"\s{2,}|\t", line.strip()) if c]
        if cells and cells[0].isdigit():
            cells = cells[1:]  # 序号
        out.append(FormRow(f"第{n + 1}行", n + 1, cells[0] if cells else "", line))
    return out


def audit_rows(rows: Sequence[FormRow]) -> tuple[list[AuditFinding], list[dict], list[str]]:
    findings: list[AuditFinding] = []
    figures: list[dict] = []
    unchecked: list[str] = []
    for row in rows:
        f, fig, u = check_row(row)
        findings += f
        figures += fig
        unchecked += u
    return findings, figures, unchecked


def audit_form_workbook(path: str | Path) -> Audit | None:
    """The audit of a form given as a workbook; None when the workbook is not one."""
    found = workbook_rows(path)
    if found is None:
        return None
    sheet, rows = found
    findings, figures, unchecked = audit_rows(rows)
    if not rows:
        unchecked.append(f"工作表“{sheet}”有检查计划表的表头，但没有读到检查事项")
    return Audit(
        source=str(path),
        kind="text",
        findings=sorted_findings(list(findings)),
        figures=figures,
        unchecked=unchecked,
        lines=len(rows),
        notes=[f"按涉企行政检查计划表核查（工作表“{sheet}”，{len(rows)}个检查事项）"],
    )


UNREAD = "item_form"


def audit_plan_text(doc: PlanText) -> Audit:
    """A plan text's audit (:func:`planlib.audit.text_checks.audit_text`), with the findings of the
    检查计划表 it contains: the table's rows are checked here and left out of the plan's figures
    (an item's 重点检查24家 is not the plan's key count). A PDF's table is rebuilt from its text
    positions; a table whose header is there but whose rows cannot be read is a warning, never
    passed over. A file that is only the form (no workday calculation) is audited as the form."""
    found = pdf_form(doc)
    text = text_rows(doc.lines)
    header = next((n for n, line in enumerate(doc.lines, 1) if _text_header(line)), None)
    if found is not None and found[0]:
        rows, table = found
        skip = _table_lines(doc, table)
        where = f"第{'、'.join(str(p) for p in sorted(table.pages))}页"
    elif text:
        rows, skip, where = text, {r.line for r in text if r.line is not None}, ""
    elif found is not None or text is not None:
        rows, skip, where = [], set[int](), ""
    else:
        return audit_text(doc)
    findings, figures, unchecked = audit_rows(rows)
    findings = [_placed(doc, f) for f in findings]
    if not rows:
        at = doc.origin(header) if header else None
        place = f"第{sorted(found[1].pages)[0]}页" if found is not None else (at.cite() if at else "")
        findings.append(
            AuditFinding(
                UNREAD,
                WARNING,
                f"{place}有涉企行政检查计划表的表头，但未能读出其中的检查事项（表格的行列无法还原），"
                "检查计划表的家数、比例、频次和月份未核对",
                place,
                at.line if at else None,
                doc.lines[header - 1] if header else None,
                page=at.page if at else None,
                unit=at.unit if at else "行",
            )
        )
        unchecked.append(f"{place}的涉企行政检查计划表未能读出，未核对")
    plain = extract([("" if n in skip else line) for n, line in enumerate(doc.lines, 1)], doc.source)
    plain.notes.extend(doc.notes)
    plain.pieces, plain.pages = doc.pieces, doc.pages  # the lines' places in the file (issue 20)
    if plain.mentions or plain.formulas:
        audit = audit_text(plain)
    else:  # the form alone, as published
        audit = Audit(str(doc.source), "text", [], [], lines=len(doc.lines), notes=list(doc.notes), pages=doc.pages)
        audit.missing = [] if rows else ["涉企行政检查计划表"]
    audit.findings = sorted_findings([*audit.findings, *findings])
    audit.figures = [*audit.figures, *figures]
    audit.unchecked = [*audit.unchecked, *unchecked]
    if rows:
        pdf = f"{where}，按文字在页面上的位置还原表格的行列；" if found is not None and found[0] else ""
        audit.notes = [
            *audit.notes,
            f"含涉企行政检查计划表（{pdf}{len(rows)}个检查事项），已核对其家数、比例、频次和月份",
        ]
    return audit


def _placed(doc: PlanText, f: AuditFinding) -> AuditFinding:
    """A text row's finding cited as the file's own place (a .docx's paragraph, a PDF's page and line)."""
    if f.line is None:
        return f
    at = doc.origin(f.line)
    return replace(f, where=at.cite(), line=at.line, page=at.page, unit=at.unit)
