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
