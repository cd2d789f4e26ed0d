"""``planlib audit``: check a plan's published figures against each other and the method.

Published plans carry real mistakes: an operand transposed in a printed formula, a digit
dropped or two digits swapped, items that do not add up to their heading, percentages that
do not match their own figures, a holiday count no law ever set. Reviewers need each one
pointed at by line.

For a plan's text (.txt, .md, .docx; read by :mod:`planlib.audit.plantext`) every figure is
recomputed:

1. Each concept (国家法定工作日, 总法定工作日, …) gets one settled value by a vote: every
   mention of it counts once, and so does every value a relation of the method derives
   from the other figures (251 from 366−104−11 and from 8785÷35; 3090 from the items).
   Ties go to a derived value, then to a heading or sentence over a formula's operand, then
   to the earlier line. A single slip is thus outvoted by the figures around it.
2. Findings: a printed formula is re-evaluated and its operands compared with the settled
   values (``operand``, ``formula``); any other mention that disagrees is ``consistency``;
   the items of a heading must add up to it (``sums``); the per-person figure must be the
   calendar count of the year (``calendar``) and the holiday count a law's (``holidays``);
   the chain's identities must hold (``totals``, ``chain``, ``split``); each stated
   percentage must match its figures to the precision printed (``percentage``); the key
   share must reach its minimum (``key_share``). Where a wrong figure looks like the right
   one with a digit dropped, added or two adjacent digits swapped, the message says so and
   the finding carries ``slip``.

What cannot be checked for want of a figure is listed as ``unchecked``, never passed over.

For a workbook (.xlsx) the plan is loaded, computed and checked as ``planlib check`` does,
and the figures of the optional ``填报核对`` sheet (what the published plan states; see
docs/audit.md) are compared with the computed ones.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from planlib.audit import plantext as pt
from planlib.audit.arithmetic import evaluate, solve
from planlib.audit.formats import DOCUMENT_SUFFIXES
from planlib.audit.item_plan import audit_form_workbook, audit_plan_text
from planlib.audit.render import (
    audit_markdown,
    audit_tables,
    format_audit,
    incomplete_line,
    report_paths,
    write_audit,
)
from planlib.audit.result import Audit, AuditFinding, show, within_precision
from planlib.audit.slips import DIGIT_ADDED, DIGIT_DROPPED, DIGITS_SWAPPED, SLIP_TEXT, digit_slip
from planlib.audit.stated import SHEET_STATED, STATED_KEYS, Stated, audit_workbook, computed_figures, read_stated
from planlib.audit.text_checks import UNDATED_YEARS, audit_text
from planlib.io.names import WORKBOOK_SUFFIXES

TEXT_SUFFIXES = DOCUMENT_SUFFIXES
__all__ = [
    "DIGITS_SWAPPED",
    "DIGIT_ADDED",
    "DIGIT_DROPPED",
    "SHEET_STATED",
    "SLIP_TEXT",
    "STATED_KEYS",
    "TEXT_SUFFIXES",
    "UNDATED_YEARS",
    "Audit",
    "AuditFinding",
    "Stated",
    "audit_file",
    "audit_markdown",
    "audit_tables",
    "audit_text",
    "audit_workbook",
    "command",
    "computed_figures",
    "digit_slip",
    "evaluate",
    "format_audit",
    "read_stated",
    "report_paths",
    "show",
    "solve",
    "within_precision",
    "write_audit",
]


def audit_file(path: str | Path) -> Audit:
    """Audit a plan's text or workbook, by its suffix."""
    p = Path(path)
    if p.suffix.lower() in WORKBOOK_SUFFIXES:
        return audit_form_workbook(p) or audit_workbook(p)  # a published 检查计划表, else a plan workbook
    return audit_plan_text(pt.read_plan_text(p))  # with the 检查计划表 it may contain (docs/contract.md §6)


def command(path: str, *, out_dir: str | None = None, as_json: bool = False) -> int:
    """``planlib audit PATH [--json] [--out DIR]``: 0 no error, 1 errors found, 2 unreadable input
    or a chain not all read (then one line on stderr says what is missing)."""
    audit = audit_file(path)
    written = write_audit(audit, out_dir) if out_dir else []
    if as_json:
        data = audit.as_dict()
        data["outputs"] = [str(p) for p in written]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(format_audit(audit))
        if written:
            print("已写出：" + "、".join(str(p) for p in written))
    if audit.exit_code == 2:
        print(f"{path}：{incomplete_line(audit)}", file=sys.stderr)
    return audit.exit_code
