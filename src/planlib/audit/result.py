"""What an audit found: :class:`AuditFinding` (a finding with its line and excerpt),
:class:`Audit` (one plan's outcome, as the JSON of ``planlib audit --json``), and numbers as
a plan prints them."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from planlib.core.rules import ERROR, SEVERITIES, WARNING, Finding
from planlib.io.jsonvalue import json_number
from planlib.text.numbers import fixed, pct


@dataclass(frozen=True)
class AuditFinding(Finding):
    """A finding in a plan's text (``line``, ``excerpt``) or its 填报核对 sheet (``where``)."""

    line: int | None = None  # 1-based: the file's own line (a .docx's paragraph or table row, a PDF page's line)
    excerpt: str | None = None
    slip: str | None = None  # DIGITS_SWAPPED, DIGIT_DROPPED or DIGIT_ADDED
    page: int | None = None  # a PDF's page
    unit: str = "行"  # 段: ``line`` is a .docx's paragraph or table row, a web page's block

    def as_dict(self) -> dict:
        data: dict[str, object] = {"rule": self.rule, "severity": self.severity, "message": self.message}
        if self.line is not None:
            if self.page is not None:
                data["page"] = self.page
            data["line"] = self.line
            if self.excerpt is not None:
                data["excerpt"] = self.excerpt
        else:
            data["where"] = self.where
        if self.slip:
            data["slip"] = self.slip
        return data

    @property
    def place(self) -> str:
        if self.line is None:
            return self.where
        return f"第{self.page}页第{self.line}行" if self.page is not None else f"第{self.line}{self.unit}"


# --- Numbers as shown --------------------------------------------------------------------------


def show(value: Fraction | int | None, places: int | None = None, percent: bool = False) -> str:
    """A value as a plan prints it: whole numbers plainly, shares as percentages."""
    if value is None:
        return "—"
    value = Fraction(value)
    if percent:
        return pct(value, max(0, (places if places is not None else 4) - 2))
    if places:
        return fixed(value, places)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.4g}"


def json_value(value: Fraction | None) -> int | float | None:
    return None if value is None else json_number(value)


def within_precision(stated: Fraction, true: Fraction, places: int) -> bool:
    """A stated decimal matches ``true`` to the places printed (half a unit of the last place)."""
    return abs(Fraction(stated) - Fraction(true)) <= Fraction(1, 2 * 10**places)


# --- The outcome ---------------------------------------------------------------------------------


@dataclass
class Audit:
    """What ``planlib audit`` found in one plan."""

    source: str
    kind: str  # "text" or "workbook"
    findings: list[Finding]
    figures: list[dict]  # the figures read and their settled values, for the report
    unchecked: list[str] = field(default_factory=list)
    authority: str | None = None
    year: int | None = None
    lines: int | None = None
    formulas: list[dict] = field(default_factory=list)
    plan: dict | None = None  # a workbook's computed plan (the contract JSON)
    notes: list[str] = field(default_factory=list)  # how the text was read (rebuilt lines, conversion)
    chain: list[dict] = field(default_factory=list)  # the calculation chain as read, figure by figure
    checks: list[dict] = field(default_factory=list)  # each check: what it checked, what it could not
    missing: list[str] = field(default_factory=list)  # core chain figures the text does not state
    pages: int | None = None  # a PDF's pages

    @property
    def has_errors(self) -> bool:
        return any(f.severity == ERROR for f in self.findings)

    @property
    def complete(self) -> bool:
        """Whether the core of the chain (per person, staff, total, the two deductions,
        inspection workdays) was all read: without it no clean verdict is given."""
        return not self.missing

    @property
    def exit_code(self) -> int:
        """``planlib audit``'s exit status: 1 errors found; 2 the chain was not all read (no
        error found in what was); 0 reviewed, no error."""
        return 1 if self.has_errors else (0 if self.complete else 2)

    def counts(self) -> dict[str, int]:
        return {s: sum(f.severity == s for f in self.findings) for s in SEVERITIES}

    def as_dict(self) -> dict:
        data = {
            "source": self.source,
            "kind": self.kind,
            "authority": self.authority,
            "year": self.year,
            "summary": self.counts(),
            "findings": [f.as_dict() for f in self.findings],
            "figures": self.figures,
            "unchecked": self.unchecked,
        }
        if self.notes:
            data["notes"] = self.notes
        if self.kind == "text":
            data["verdict"] = verdict_key(self)
            data["lines"] = self.lines
            if self.pages is not None:
                data["pages"] = self.pages
            data["formulas"] = self.formulas
            data["chain"] = self.chain
            data["missing"] = self.missing
            data["checks"] = self.checks
        if self.plan is not None:
            data["plan"] = self.plan
        return data


def verdict_key(a: Audit) -> str:
    """``errors``, ``incomplete`` (the chain not all read, no error in what was), ``warnings`` or ``clean``."""
    if a.has_errors:
        return "errors"
    if not a.complete:
        return "incomplete"
    return "warnings" if any(f.severity == WARNING for f in a.findings) else "clean"


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    unique = list(dict.fromkeys(findings))
    return sorted(
        unique,
        key=lambda f: (SEVERITIES.index(f.severity), getattr(f, "page", None) or 0, getattr(f, "line", None) or 0),
    )
