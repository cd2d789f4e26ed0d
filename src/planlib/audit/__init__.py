"""Auditing published plans: read a plan's text (``plantext``), recompute, report inconsistencies."""

from planlib.audit.checks import (
    DIGIT_ADDED,
    DIGIT_DROPPED,
    DIGITS_SWAPPED,
    Audit,
    AuditFinding,
    audit_file,
    audit_text,
    audit_workbook,
    digit_slip,
    format_audit,
    within_precision,
    write_audit,
)

__all__ = [
    "DIGITS_SWAPPED",
    "DIGIT_ADDED",
    "DIGIT_DROPPED",
    "Audit",
    "AuditFinding",
    "audit_file",
    "audit_text",
    "audit_workbook",
    "digit_slip",
    "format_audit",
    "within_precision",
    "write_audit",
]
