"""Shared fixtures. Matplotlib uses Agg inside the pytest process only: an exported
MPLBACKEND would be inherited by notebook kernels, which would then show no figures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
XICHENG = ROOT / "data" / "xicheng_2020.xlsx"
REFERENCE_TEXT = ROOT / "data" / "reference" / "xicheng-2020-plan.txt"

try:
    import matplotlib

    matplotlib.use("Agg")
except ImportError:  # the core tests do not need it
    pass


@pytest.fixture(scope="session")
def xicheng_path() -> Path:
    return XICHENG


@pytest.fixture(scope="session")
def reference_text() -> str:
    return REFERENCE_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def xicheng_plan():
    """The bundled workbook, loaded (the default input of every notebook)."""
    from planlib.workbook import load_plan

    return load_plan(XICHENG)


def run_planlib(*args: str, cwd: Path = ROOT):
    """Run the real command line in a subprocess, as a user would."""
    import subprocess

    return subprocess.run(
        [sys.executable, "-m", "planlib", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=120,
    )
