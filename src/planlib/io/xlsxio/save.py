"""Saving a workbook whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from planlib.io.files import write_whole

if TYPE_CHECKING:  # writing needs openpyxl; reading does not import it
    from openpyxl import Workbook

# --- Saving ------------------------------------------------------------------------------------


def save_whole(wb: Workbook, path: str | os.PathLike, overwrite: bool) -> Path:
    """Save a workbook whole or not at all (:func:`planlib.io.files.write_whole`)."""
    return write_whole(path, wb.save, overwrite)


def import_openpyxl_without_numpy() -> None:
    """Import openpyxl (to write) without numpy, where numpy is not loaded yet.

    ``openpyxl.compat.numbers`` imports numpy, if installed, only so that numpy scalars may be
    written as cell values: planlib writes Python values, and numpy is half of openpyxl's import
    (``planlib draw`` and ``batch`` would pay it for nothing). Where numpy is loaded already (a
    notebook, a chart drawn), openpyxl is imported as usual and accepts numpy values."""
    import sys

    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` raises ImportError meanwhile
    try:
        import openpyxl  # noqa: F401
    finally:
        if sys.modules.get("numpy", 0) is None:
            del sys.modules["numpy"]
