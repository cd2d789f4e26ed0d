"""Every path planlib uses, in one place (as cookiecutter-data-science does).

planlib is installed editable from its checkout (``make plan``/``make test``), so the
bundled data and notebooks live beside the package, under the project root.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
NOTEBOOKS_DIR = ROOT / "notebooks"
OUTPUTS_DIR = ROOT / "outputs"
DEFAULT_INPUT = DATA_DIR / "xicheng_2020.xlsx"
DEFAULT_YEAR = 2020
# The styled reference document (GB/T 9704) the plan's .docx is written on; package data,
# built by scripts/build_docx_style.py.
DOCX_STYLE = Path(__file__).resolve().parent / "io" / "templates" / "gbt9704.docx"
# Every time a user reads (the draw's 抽取时间, a run's provenance, a saved scenario's name) is
# Beijing time: the records are a Chinese bureau's, whatever clock the machine keeps (CI runs in UTC).
BEIJING = dt.timezone(dt.timedelta(hours=8), "北京时间")


def beijing_now() -> dt.datetime:
    """Now, in Beijing time (UTC+08:00, no daylight saving)."""
    return dt.datetime.now(BEIJING)


def work_outputs(input_path: str | os.PathLike | None) -> Path:
    """Where what an analyst makes by hand goes (a notebook's files, saved scenarios): the
    ``outputs`` folder beside their own input workbook, never inside the installed checkout
    they may not own or find again; for the bundled sample data (or any input inside the
    checkout), the checkout's git-ignored ``outputs``."""
    if not input_path:
        return OUTPUTS_DIR
    folder = Path(input_path).resolve().parent
    if folder == ROOT or ROOT in folder.parents:
        return OUTPUTS_DIR
    return folder / "outputs"
