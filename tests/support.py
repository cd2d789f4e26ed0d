"""Helpers shared by test modules (imported as ``support``: a name no conftest shadows)."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[1]
XICHENG = ROOT / "data" / "xicheng_2020.xlsx"
REFERENCE_TEXT = ROOT / "data" / "reference" / "xicheng-2020-plan.txt"


def run_planlib(*args, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the real command line in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "planlib", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def run_cli(*args) -> subprocess.CompletedProcess:
    """The command line in this process, where the process boundary is not the point: the exit
    status and output as :func:`run_planlib` gives them, without a new interpreter's start-up."""
    import contextlib
    import io

    from planlib.app import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main([str(a) for a in args])
        except SystemExit as e:  # argparse
            code = e.code if isinstance(e.code, int) else 2
    return subprocess.CompletedProcess(["planlib", *map(str, args)], code, out.getvalue(), err.getvalue())


def sheet_member(z: zipfile.ZipFile, title: str) -> str:
    """The zip member holding the sheet called ``title`` (via workbook.xml and its rels)."""
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    }
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rid = next(s.get(f"{{{ns['r']}}}id") for s in book.iterfind("m:sheets/m:sheet", ns) if s.get("name") == title)
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def line_of(path: Path, snippet: str) -> int:
    """1-based number of the only line holding ``snippet`` (found by plain search)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    hits = [n for n, line in enumerate(lines, 1) if snippet in line]
    assert len(hits) == 1, (path.name, snippet, hits)
    return hits[0]


def shifted(plan, year: int, **changes):
    """The plan moved to ``year``: the same history, three years before the new year."""
    delta = year - plan.year
    items = tuple(replace(i, history={y + delta: v for y, v in i.history.items()}) for i in plan.items)
    staff = {y + delta: s for y, s in plan.staff_history.items()}
    return plan.with_changes(year=year, items=items, staff_history=staff, cells={}, **changes)


def replace_cell(xml: bytes, coord: str, cell_xml: str) -> bytes:
    """A sheet part's XML with the cell at ``coord`` replaced by ``cell_xml`` (as a spreadsheet
    program would write it: a formula, an error, a shared string …)."""
    new, n = re.subn(rf'<c r="{coord}"[^>]*?(?:/>|>.*?</c>)'.encode(), cell_xml.encode(), xml, count=1)
    assert n == 1, coord
    return new


def edited(tmp_path: Path, edit, name: str = "edited.xlsx") -> Path:
    """A copy of the bundled workbook with ``edit(wb)`` applied, saved by openpyxl."""
    import openpyxl

    wb = openpyxl.load_workbook(XICHENG)
    edit(wb)
    path = tmp_path / name
    wb.save(path)
    return path
