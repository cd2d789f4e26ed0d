"""Round trip (issue 12, item 4): every document planlib writes audits with no error, and each
single error injected into it is found on its line.

The documents are written here by planlib's own writer from the bundled workbook; each
injection replaces one printed figure, and its line is found by the test (the Markdown line,
or the .docx paragraph counted through python-docx), not by the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docx_edit import edit_docx
from planlib import audit
from planlib.io.export import write_documents
from planlib.io.workbook import compute_workbook
from support import XICHENG

# Whole runs, documents and registers written and read back: left out of make test-fast.
pytestmark = pytest.mark.slow

INJECTIONS = [  # (printed, injected, rule)
    ("=251×35=8785", "=251×35=8775", "formula"),
    ("预计需用2605个工作日", "预计需用2650个工作日", "sums"),
    ("占在册定编人员的42.17%", "占在册定编人员的42.71%", "percentage"),
    ("=8785-3090-4683=1012", "=8785-4683-3090=1012", "operand"),
]


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, Path]:
    result, findings = compute_workbook(XICHENG, None)
    out = tmp_path_factory.mktemp("written")
    return {p.suffix: p for p in write_documents(result, findings, out)}


def errors(a: audit.Audit) -> list:
    return [f for f in a.findings if f.severity == "error"]


@pytest.mark.parametrize("suffix", [".md", ".docx"])
def test_written_documents_audit_without_error_and_fully(documents, suffix):
    a = audit.audit_file(documents[suffix])
    assert errors(a) == [], [f.message for f in errors(a)]
    read = {r["key"] for r in a.figures}
    # blank lines between the .md's items must not hide the key and general workdays
    assert {"key_workdays", "general_workdays", "other_enforcement", "non_enforcement", "key_inspections"} <= read
    assert not any("重点检查工作日、一般检查工作日" in u for u in a.unchecked)


@pytest.mark.parametrize("printed, wrong, rule", INJECTIONS)
def test_error_injected_into_markdown_found_on_its_line(documents, tmp_path, printed, wrong, rule):
    text = documents[".md"].read_text(encoding="utf-8")
    assert text.count(printed) == 1
    changed = text.replace(printed, wrong)
    line = next(n for n, x in enumerate(changed.splitlines(), 1) if wrong in x)
    path = tmp_path / "plan.md"
    path.write_text(changed, encoding="utf-8")
    found = errors(audit.audit_file(path))
    assert [f.rule for f in found] == [rule] and found[0].line == line


@pytest.mark.parametrize("printed, wrong, rule", INJECTIONS)
def test_error_injected_into_docx_found_on_its_paragraph(documents, tmp_path, printed, wrong, rule):
    path, line = edit_docx(documents[".docx"], tmp_path / "plan.docx", printed, wrong)
    found = errors(audit.audit_file(path))
    assert [f.rule for f in found] == [rule] and found[0].line == line
