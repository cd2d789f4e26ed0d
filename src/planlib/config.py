"""Every path planlib uses, in one place (as cookiecutter-data-science does).

What planlib ships (the notebooks, the example workbooks, the register example, the reference
plan's text) has one source: the checkout's top-level ``notebooks/`` and ``data/``. planlib
finds them in one of two places:

- **installed from a wheel** (``pip install planlib``, the offline bundle): the build copies
  them into the package as ``planlib/_bundled/{notebooks,data}/`` (``setup.py``), read through
  :mod:`importlib.resources`; what planlib makes goes to ``./outputs`` under the folder it was
  started in;
- **editable from its checkout** (``make setup``): they are read where they are kept, and what
  planlib makes goes to the checkout's git-ignored ``outputs/``.

Nothing assumes the package sits two levels under a checkout: the checkout is recognised by its
``pyproject.toml`` and ``notebooks/`` beside ``src/``, and only when no bundled copy exists.
"""

from __future__ import annotations

import datetime as dt
import os
from importlib import resources
from pathlib import Path

PACKAGE_DIR = Path(str(resources.files("planlib")))
BUNDLED_DIR = PACKAGE_DIR / "_bundled"  # only in a built wheel
# The files the build copies into BUNDLED_DIR, by top-level folder of the checkout (setup.py reads this).
SHIPPED = {"notebooks": ("*.ipynb",), "data": ("*.xlsx", "reference/*.txt")}


def find_checkout(package_dir: Path = PACKAGE_DIR) -> Path | None:
    """The checkout planlib runs from (``<checkout>/src/planlib``), or None when installed from a wheel."""
    if (package_dir / BUNDLED_DIR.name).is_dir():
        return None
    root = package_dir.parent.parent
    if (root / "pyproject.toml").is_file() and (root / "notebooks").is_dir() and (root / "data").is_dir():
        return root
    return None


def _current_folder() -> Path:
    try:
        return Path.cwd()
    except OSError:  # started in a folder deleted since: the home folder, never the package
        return Path.home()


CHECKOUT = find_checkout()
SHIPPED_ROOT = CHECKOUT if CHECKOUT is not None else BUNDLED_DIR  # holds notebooks/ and data/
DATA_DIR = SHIPPED_ROOT / "data"
NOTEBOOKS_DIR = SHIPPED_ROOT / "notebooks"
OUTPUTS_DIR = (CHECKOUT if CHECKOUT is not None else _current_folder()) / "outputs"
DEFAULT_INPUT = DATA_DIR / "xicheng_2020.xlsx"
EXAMPLE_REGISTER = DATA_DIR / "xicheng_2020_register.xlsx"
DEFAULT_YEAR = 2020
# The styled reference document (GB/T 9704) the plan's .docx is written on; package data,
# built by scripts/build_docx_style.py.
DOCX_STYLE = PACKAGE_DIR / "io" / "templates" / "gbt9704.docx"
# nbconvert's template for the HTML copies of the executed notebooks (no script, no CDN); package data.
NBCONVERT_TEMPLATES = PACKAGE_DIR / "io" / "templates" / "nbconvert"
# JupyterLab's settings for ``planlib lab`` (Chinese interface, no news pop-up); package data.
LAB_SETTINGS_DIR = PACKAGE_DIR / "app" / "lab_settings"
# Every time a user reads (the draw's 抽取时间, a run's provenance, a saved scenario's name) is
# Beijing time: the records are a Chinese bureau's, whatever clock the machine keeps (CI runs in UTC).
BEIJING = dt.timezone(dt.timedelta(hours=8), "北京时间")


def beijing_now() -> dt.datetime:
    """Now, in Beijing time (UTC+08:00, no daylight saving)."""
    return dt.datetime.now(BEIJING)


def work_outputs(input_path: str | os.PathLike | None) -> Path:
    """Where what an analyst makes by hand goes (a notebook's files, saved scenarios): the
    ``outputs`` folder beside their own input workbook, never inside the checkout or the
    installed package they may not own or find again; for the bundled sample data (or any
    input inside the checkout or the package), :data:`OUTPUTS_DIR`."""
    if not input_path:
        return OUTPUTS_DIR
    folder = Path(input_path).resolve().parent
    for shipped in {SHIPPED_ROOT.resolve(), PACKAGE_DIR.resolve()}:
        if folder == shipped or shipped in folder.parents:
            return OUTPUTS_DIR
    return folder / "outputs"
