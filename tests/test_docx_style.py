"""The styled reference document (GB/T 9704) is package data built by a script: the committed
file must be what the script writes today (every part of the .docx, byte for byte)."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from planlib.config import DOCX_STYLE
from support import ROOT


@pytest.mark.slow
def test_the_committed_reference_document_is_the_scripts_output(tmp_path):
    out = tmp_path / "gbt9704.docx"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_docx_style.py"), str(out)], check=True, capture_output=True
    )
    with zipfile.ZipFile(DOCX_STYLE) as committed, zipfile.ZipFile(out) as built:
        assert committed.namelist() == built.namelist()
        for name in committed.namelist():
            assert committed.read(name) == built.read(name), name


def test_the_reference_document_has_no_body_text():
    import docx

    doc = docx.Document(str(DOCX_STYLE))
    assert doc.paragraphs == [] and doc.tables == []
    assert {"附件标签", "附件标题", "署名", "成文日期", "表格文字", "页码"} <= {s.name for s in doc.styles}
