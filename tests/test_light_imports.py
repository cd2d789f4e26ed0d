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

# Each test starts a fresh interpreter (the process boundary is the point): left out of make test-fast.
pytestmark = pytest.mark.slow


HEAVY = ("numpy", "pandas", "openpyxl")
TEXT = ROOT / "tests" / "data" / "plans" / "clean-xicheng-2020.txt"

PROBE = """
import contextlib, io, json, sys
from planlib.app.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps([code, sorted(m for m in {heavy!r} if m in sys.modules)]))
"""


def heavy_after(*args: object, heavy: tuple[str, ...] = HEAVY) -> tuple[int, list[str]]:
    """Exit status of ``planlib ARGS`` run in process, and the ``heavy`` modules it left imported."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=heavy), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    code, modules = json.loads(done.stdout.strip().splitlines()[-1])
    return code, modules


def test_the_probe_sees_a_heavy_import(tmp_path):
    """The probe can fail: ``template`` writes its workbook with openpyxl, and is seen doing so."""
    code, modules = heavy_after("template", tmp_path / "模板.xlsx")
    assert code == 0 and "openpyxl" in modules


def test_audit_of_a_text_imports_no_spreadsheet_library():
    code, modules = heavy_after("audit", TEXT, "--json")
    assert code == 0 and modules == []


# What only the folder audit and the writing of files need: one text's audit loads none of them.
FOLDER_AUDIT = ("concurrent.futures", "multiprocessing", "psutil", "filelock", "planlib.audit.folder", "uuid")


def test_audit_of_one_text_loads_no_process_pool_or_file_lock():
    code, modules = heavy_after("audit", TEXT, "--json", heavy=FOLDER_AUDIT)
    assert code == 0 and modules == []


def test_the_folder_probe_sees_the_folder_audit(tmp_path):
    """The probe can fail: auditing a folder does load the pool."""
    (tmp_path / "计划.txt").write_bytes(TEXT.read_bytes())
    _, modules = heavy_after("audit", tmp_path, "--json", heavy=FOLDER_AUDIT)
    assert "planlib.audit.folder" in modules and "concurrent.futures" in modules


def test_compute_reads_the_workbook_without_a_spreadsheet_library():
    code, modules = heavy_after("compute", XICHENG, "--json")
    assert code == 0 and modules == []
    code, modules = heavy_after("compute", XICHENG)  # the terminal summary too
    assert code == 0 and modules == []


def test_check_imports_none_of_them():
    code, modules = heavy_after("check", XICHENG, "--json")
    assert code in (0, 1) and modules == []


def test_draw_imports_openpyxl_only_to_write_its_list_and_never_numpy(tmp_path):
    register = ROOT / "data" / "xicheng_2020_register.xlsx"
    code, modules = heavy_after("draw", XICHENG, "--register", register, "--out", tmp_path / "out")
    assert code in (0, 1) and modules == ["openpyxl"]  # the 抽查名单 workbook is written by openpyxl
    assert list((tmp_path / "out").glob("*.xlsx"))


def test_the_batch_phase_reads_every_workbook_without_them(tmp_path):
    """``batch``'s per-workbook phase (what each worker process does); the summary workbook and
    its chart are written afterwards, once, with openpyxl and matplotlib."""
    probe = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from planlib.app.batch import compute_all\n"
        "rows, failures = compute_all([Path(p) for p in sys.argv[1:]], jobs=1)\n"
        f"print(json.dumps([len(rows), len(failures), sorted(m for m in {HEAVY!r} if m in sys.modules)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(XICHENG), str(ROOT / "data" / "kuancheng_2025.xlsx")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [2, 0, []]
