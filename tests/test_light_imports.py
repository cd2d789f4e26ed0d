"""The commands users wait on import no numpy, pandas or openpyxl (issue 23 item 2).

Each command runs in process (``planlib.app.cli.main``) in a fresh interpreter, which then
lists which of the heavy modules are in ``sys.modules``.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from support import ROOT, XICHENG

HEAVY = ("numpy", "pandas", "openpyxl")
TEXT = ROOT / "tests" / "data" / "plans" / "clean-xicheng-2020.txt"

PROBE = """
import contextlib, io, json, sys
from planlib.app.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps([code, sorted(m for m in {heavy!r} if m in sys.modules)]))
"""


def heavy_after(*args: object) -> tuple[int, list[str]]:
    """Exit status of ``planlib ARGS`` run in process, and the heavy modules it left imported."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    code, modules = json.loads(done.stdout.strip().splitlines()[-1])
    return code, modules


@pytest.mark.slow
def test_the_probe_sees_a_heavy_import(tmp_path):
    """The probe can fail: ``template`` writes its workbook with openpyxl, and is seen doing so."""
    code, modules = heavy_after("template", tmp_path / "模板.xlsx")
    assert code == 0 and "openpyxl" in modules


@pytest.mark.slow
def test_audit_of_a_text_imports_no_spreadsheet_library():
    code, modules = heavy_after("audit", TEXT, "--json")
    assert code == 0 and modules == []


@pytest.mark.slow
def test_compute_reads_the_workbook_without_a_spreadsheet_library():
    code, modules = heavy_after("compute", XICHENG, "--json")
    assert code == 0 and modules == []
    code, modules = heavy_after("compute", XICHENG)  # the terminal summary too
    assert code == 0 and modules == []


def test_check_imports_none_of_them():
    code, modules = heavy_after("check", XICHENG, "--json")
    assert code in (0, 1) and modules == []
