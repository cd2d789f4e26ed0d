"""Helpers shared by test modules (imported as ``support``: a name no conftest shadows)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
XICHENG = ROOT / "data" / "xicheng_2020.xlsx"
REFERENCE_TEXT = ROOT / "data" / "reference" / "xicheng-2020-plan.txt"


def run_planlib(*args, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the real command line in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "planlib", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=600,
    )
