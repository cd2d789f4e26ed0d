"""Every path planlib uses, in one place (as cookiecutter-data-science does).

planlib is installed editable from its checkout (``make plan``/``make test``), so the
bundled data and notebooks live beside the package, under the project root.
"""

from __future__ import annotations

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
