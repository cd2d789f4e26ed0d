"""The names of a year's output files and the plan workbooks' suffixes, in one light module
(standard library only).

:mod:`planlib.io.export` and :mod:`planlib.views.charts` write these files; :mod:`planlib.app.run`
checks a run left every one of them without importing matplotlib or openpyxl.
"""

from __future__ import annotations

# The plan workbooks planlib reads (told apart by content, whatever the name); here, not in
# io.xlsxio, so that what only needs the suffixes (the audit of a text) imports no spreadsheet reader.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")

RESULTS_JSON = "results.json"
DOCUMENT_SUFFIXES = (".xlsx", ".md", ".docx")

# Chart file stems, in the order the notebooks save them; the history chart needs only the plan.
PLAN_CHARTS = ("waterfall", "other_enforcement", "non_enforcement", "units", "schedule")
CHART_STEMS = (*PLAN_CHARTS, "history")
ITEM_CHART = "items"  # visits by 检查事项 and month: only with the sheet and a register (docs/contract.md §6)


def plan_file(year: int, suffix: str) -> str:
    return f"plan_{year}{suffix}"


def history_file(year: int) -> str:
    return f"history_{year}.xlsx"


def chart_file(stem: str) -> str:
    return f"chart_{stem}.png"


def year_files(year: int) -> list[str]:
    """Every file the plan and history packages write for ``year`` (documents, JSON, charts)."""
    return (
        [plan_file(year, s) for s in DOCUMENT_SUFFIXES]
        + [history_file(year), RESULTS_JSON]
        + [chart_file(stem) for stem in CHART_STEMS]
    )


_NOT_IN_NAMES = '<>:"/\\|?*'  # characters Windows refuses in a file name (and / everywhere)


def folder_name(text: str, fallback: str = "未命名") -> str:
    """``text`` as one folder name on every system: reserved characters and controls become ``_``,
    trailing dots and spaces go (Windows drops them), nothing longer than 80 characters."""
    name = "".join("_" if ch in _NOT_IN_NAMES or ord(ch) < 32 or ch == "\x7f" else ch for ch in text)
    name = " ".join(name.split())[:80].rstrip(" .")
    if name.upper().split(".")[0] in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10))} | {
        f"LPT{i}" for i in range(1, 10)
    }:
        name = f"_{name}"
    return name if name.strip("._ ") else fallback
