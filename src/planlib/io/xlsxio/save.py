"""Saving a workbook whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook

from planlib.io.files import write_whole

# --- Saving ------------------------------------------------------------------------------------


def save_whole(wb: Workbook, path: str | os.PathLike, overwrite: bool) -> Path:
    """Save a workbook whole or not at all (:func:`planlib.io.files.write_whole`)."""
    return write_whole(path, wb.save, overwrite)
