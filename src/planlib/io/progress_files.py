"""The files of ``planlib progress`` (docs/contract.md §7): ``执行进度_<年>_<MMDD>.xlsx``, its chart
``执行进度_<年>_<MMDD>.png``, the report ``执行情况_<年>_<MMDD>.md`` and ``.docx`` (in the plan's
GB/T 9704 layout), and with ``--results`` the 双随机 results ``抽查结果公示_<年>.xlsx``.

Outputs are whole or not at all, and never replace a file: every file is first written into a
private folder inside the target, then linked into place one by one under a name that must not
exist yet; if any name is taken, nothing is published and the file is named.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from planlib.config import DOCX_STYLE
from planlib.errors import InputError, OutputError
from planlib.io.export import DOCX_STYLES, _docx_table, write_tables, write_text
from planlib.io.files import write_whole
from planlib.text.report import Block, Table

TAKEN = "输出目录中已有同名文件，为免覆盖，未写入；请移走该文件或另选 --out"


def stem(year: int, as_of: dt.date) -> str:
    return f"{year}_{as_of.month:02d}{as_of.day:02d}"


def progress_workbook(year: int, as_of: dt.date) -> str:
    return f"执行进度_{stem(year, as_of)}.xlsx"


def progress_chart(year: int, as_of: dt.date) -> str:
    return f"执行进度_{stem(year, as_of)}.png"


def progress_report(year: int, as_of: dt.date, suffix: str) -> str:
    return f"执行情况_{stem(year, as_of)}{suffix}"


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


def refuse_taken(out: Path, names: Sequence[str]) -> None:
    """Refuse before anything is written when an output name is taken (a file planlib will not replace)."""
    if out.exists() and not out.is_dir():
        raise InputError(out, "输出路径已存在且不是文件夹；请另选 --out")
    for name in names:
        if (out / name).exists() or (out / name).is_symlink():
            raise InputError(out / name, TAKEN)


def write_report_docx(blocks: Sequence[Block], tables: Sequence[Table], path: str | os.PathLike) -> Path:
    """The report on the plan's styled reference document: its text, then each table headed as an
    attachment (附件1 …), a real Word table with a repeated header row."""
    import docx

    doc = docx.Document(str(DOCX_STYLE))
    if blocks:
        doc.core_properties.title = blocks[0].text
    for b in blocks:
        doc.add_paragraph(b.text, style=DOCX_STYLES[b.kind])
    for n, table in enumerate(tables, 1):
        doc.add_page_break()
        doc.add_paragraph(f"附件{n}", style="附件标签")
        doc.add_paragraph(table.title, style="附件标题")
        _docx_table(doc, table)
    return write_whole(path, lambda tmp: doc.save(str(tmp)))


def staging(out: Path) -> Path:
    """A private folder inside ``out`` for the files before they are published."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".progress-", dir=out))
    except OSError as e:
        raise OutputError(out, e) from None


def publish_new(folder: Path, out: Path, names: Sequence[str]) -> list[Path]:
    """Link each of ``names`` from ``folder`` into ``out`` under a name that does not exist yet;
    on any failure, remove what this call linked and leave ``out`` as it was. ``folder`` is removed."""
    done: list[Path] = []
    try:
        for name in names:
            target = out / name
            try:
                os.link(folder / name, target)
            except FileExistsError:
                raise InputError(target, TAKEN) from None
            except OSError:  # no hard links here: move it, after checking the name is free
                if target.exists():
                    raise InputError(target, TAKEN) from None
                shutil.copy2(folder / name, target)
            done.append(target)
    except BaseException:
        for p in done:
            p.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return done


def write_progress_files(
    folder: Path,
    year: int,
    as_of: dt.date,
    tables: Sequence[Table],
    markdown: str,
    blocks: Sequence[Block],
    docx_tables: Sequence[Table],
    results: Table | None = None,
) -> None:
    """Everything but the chart (drawn by the views) into the staging ``folder``."""
    write_tables(list(tables), folder / progress_workbook(year, as_of))
    write_text(folder / progress_report(year, as_of, ".md"), markdown)
    write_report_docx(blocks, docx_tables, folder / progress_report(year, as_of, ".docx"))
    if results is not None:
        write_tables([results], folder / results_file(year))
