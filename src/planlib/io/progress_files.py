"""The files of ``planlib progress`` (docs/contract.md §7): ``执行进度_<年>_<MMDD>.xlsx``, its chart
``执行进度_<年>_<MMDD>.png``, the report ``执行情况_<年>_<MMDD>.md`` and ``.docx`` (in the plan's
GB/T 9704 layout), and with ``--results`` the 双随机 results ``抽查结果公示_<年>.xlsx``.

They are written by the one rule of :mod:`planlib.io.owned`: whole or not at all, replacing only
files planlib wrote there and nobody changed since; a user's file of one of the names stops the
command before anything is written.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from planlib.config import DOCX_STYLE
from planlib.io.export import DOCX_STYLES, WIDE_TABLE_COLUMNS, _docx_table, _new_section, write_tables, write_text
from planlib.io.files import write_whole
from planlib.text.report import Block, Table


def stem(year: int, as_of: dt.date) -> str:
    return f"{year}_{as_of.month:02d}{as_of.day:02d}"


def progress_workbook(year: int, as_of: dt.date) -> str:
    return f"执行进度_{stem(year, as_of)}.xlsx"


def progress_chart(year: int, as_of: dt.date) -> str:
    return f"执行进度_{stem(year, as_of)}.png"


def progress_report(year: int, as_of: dt.date, suffix: str) -> str:
    return f"执行情况_{stem(year, as_of)}{suffix}"


def progress_notebook(year: int, as_of: dt.date) -> str:
    return f"执行进度_{stem(year, as_of)}.ipynb"


def results_file(year: int) -> str:
    return f"抽查结果公示_{year}.xlsx"


def progress_names(year: int, as_of: dt.date, results: bool = False) -> list[str]:
    names = [
        progress_workbook(year, as_of),
        progress_chart(year, as_of),
        progress_report(year, as_of, ".md"),
        progress_report(year, as_of, ".docx"),
    ]
    return names + [results_file(year)] if results else names


def write_report_docx(blocks: Sequence[Block], tables: Sequence[Table], path: str | os.PathLike) -> Path:
    """The report on the plan's styled reference document: its text, then each table headed as an
    attachment (附件1 …) on a new page, landscape when it is wider than the plan's attachments
    allow in portrait, a real Word table with a repeated header row."""
    import docx

    doc = docx.Document(str(DOCX_STYLE))
    if blocks:
        doc.core_properties.title = blocks[0].text
    for b in blocks:
        doc.add_paragraph(b.text, style=DOCX_STYLES[b.kind])
    for n, table in enumerate(tables, 1):
        _new_section(doc, landscape=len(table.columns) > WIDE_TABLE_COLUMNS)
        doc.add_paragraph(f"附件{n}", style="附件标签")
        doc.add_paragraph(table.title, style="附件标题")
        _docx_table(doc, table)
    return write_whole(path, lambda tmp: doc.save(str(tmp)))


def progress_writers(
    year: int,
    as_of: dt.date,
    tables: Sequence[Table],
    markdown: str,
    blocks: Sequence[Block],
    docx_tables: Sequence[Table],
    results: Table | None = None,
) -> dict[str, Callable[[Path], object]]:
    """Name → writer of every file but the chart (drawn by the views), for
    :func:`planlib.io.owned.write_owned`."""
    writers: dict[str, Callable[[Path], object]] = {
        progress_workbook(year, as_of): lambda path: write_tables(list(tables), path),
        progress_report(year, as_of, ".md"): lambda path: write_text(path, markdown),
        progress_report(year, as_of, ".docx"): lambda path: write_report_docx(blocks, docx_tables, path),
    }
    if results is not None:
        writers[results_file(year)] = lambda path: write_tables([results], path)
    return writers
