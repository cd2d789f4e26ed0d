"""Every path planlib uses, in one place (as cookiecutter-data-science does).

planlib is installed editable from its checkout (``make plan``/``make test``), so the
bundled data and notebooks live beside the package, under the project root.
"""

from __future__ import annotations

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
# nbconvert's template for the HTML copies of the executed notebooks (no script, no CDN); package data.
NBCONVERT_TEMPLATES = Path(__file__).resolve().parent / "io" / "templates" / "nbconvert"


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
