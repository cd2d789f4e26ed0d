"""Editing one printed figure of a .docx, as a reviewer's test plants an error (shared by the audit tests)."""

from __future__ import annotations

from pathlib import Path


def edit_docx(source: Path, target: Path, printed: str, wrong: str) -> tuple[Path, int]:
    """A copy of the .docx with ``printed`` replaced in its one paragraph, and that paragraph's
    number (body paragraphs and table rows counted, as a reviewer counts them)."""
    import docx  # a dependency of planlib (pyproject.toml): never skipped
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(source))
    line, n = None, 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            n += 1
            paragraph = Paragraph(child, document)
            if printed in paragraph.text:
                for run in paragraph.runs:
                    run.text = run.text.replace(printed, wrong)
                assert wrong in paragraph.text, "the figure spans runs"
                assert line is None, "printed twice"
                line = n
        elif tag == "tbl":
            n += len(Table(child, document).rows)
    assert line is not None
    document.save(str(target))
    return target, line
