"""``planlib audit PATH… [--json] [--out DIR] [--jobs N]``: one plan, or every plan in folders.

One file: the audit of :mod:`planlib.audit.checks` (its report, JSON and exit status as
before). Folders or several files: each plan is audited in parallel processes
(:mod:`planlib.audit.folder`), progress is shown on stderr, a broken file is reported by
name and the others go on; with ``--out`` one summary workbook (``核查汇总.xlsx``: a row per
plan — authority, year, figures read, errors, warnings, what could not be checked; every
finding; the files not read) and a chart (``核查汇总.png``) are written, each whole or not
at all. Exit status: 0 no plan has an error; 1 some plan has errors, could not be read or
could not be fully reviewed (its chain not all read);
2 nothing to audit (a path that does not exist, a folder without plan files).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from planlib.audit import checks
from planlib.errors import InputError

if TYPE_CHECKING:  # the folder audit (its process pool) and the writing are loaded when used:
    from planlib.audit.folder import Outcome  # one text's audit pays for neither

CHART_LIMIT = 40  # plans drawn; the workbook has them all


def _short(name: str, width: int = 32) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def summary_figure(outcomes: list[Outcome]):
    """Errors and warnings per plan (horizontal bars), files not read marked as such."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    from planlib.views.charts import use_chinese_fonts

    use_chinese_fonts()
    shown = outcomes[:CHART_LIMIT]
    labels = [_short(Path(o.path).name) for o in shown]  # file names: authorities repeat across years
    fig = Figure(figsize=(9, 1.2 + 0.38 * len(shown)), layout="constrained")
    ax = fig.add_subplot()
    ys = range(len(shown))
    errors = [o.errors for o in shown]
    warnings = [o.warnings for o in shown]
    ax.barh(ys, errors, color="#c0392b", label="错误")
    ax.barh(ys, warnings, left=errors, color="#e6a23c", label="警告")
    for y, o in zip(ys, shown, strict=True):
        if o.problem:
            ax.text(0, y, " 无法读取", va="center", color="#555555")
    ax.set_yticks(list(ys), labels)
    ax.invert_yaxis()
    ax.set_xlabel("发现的问题（个）")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="lower right")
    title = "各计划核查结果"
    if len(outcomes) > len(shown):
        title += f"（共{len(outcomes)}个，图中为前{len(shown)}个，全部见汇总表）"
    ax.set_title(title)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


def write_summary(outcomes: list[Outcome], out: Path, root: Path | None) -> list[Path]:
    """The summary workbook and the chart; everything is built before anything is written."""
    from planlib.audit.folder import CHART_FILE, SUMMARY_FILE, summary_tables
    from planlib.io.export import write_tables
    from planlib.io.owned import write_owned

    tables = summary_tables(outcomes, root)
    figure = None
    try:
        figure = summary_figure(outcomes)
    except ImportError:  # matplotlib comes with the notebook extra
        print("未安装 matplotlib，未生成汇总图（pip install 'planlib[notebook]'）", file=sys.stderr)
    writers: dict[str, Callable[[Path], object]] = {SUMMARY_FILE: lambda path: write_tables(tables, path)}
    if figure is not None:
        from planlib.views.charts import save_png

        writers[CHART_FILE] = lambda path: save_png(figure, path)
    return write_owned(out, writers)


def _progress(done: int, total: int, o: Outcome) -> None:
    what = o.problem or f"{o.errors}个错误，{o.warnings}个警告" + ("，无法完整核查" if o.missing else "")
    print(f"[{done}/{total}] {Path(o.path).name}：{what}", file=sys.stderr, flush=True)


def audit_folders(paths: list[str], out: str | None, as_json: bool, jobs: int | None) -> int:
    from planlib.audit.folder import CHART_FILE, SUMMARY_FILE, audit_many, find_plans, status, summary_tables
    from planlib.io.owned import refuse_taken

    files = find_plans(paths)
    if not files:
        kinds = "、".join(sorted({".txt", ".md", ".docx", ".pdf", ".html", ".xlsx"}))
        raise InputError(paths[0], f"未找到计划文件（{kinds}等）")
    if out is not None and Path(out).exists() and not Path(out).is_dir():
        raise InputError(out, "输出位置已存在且不是文件夹")
    if out is not None:
        refuse_taken(Path(out), {SUMMARY_FILE, CHART_FILE})  # before the work, not after it
    start = time.perf_counter()
    outcomes = audit_many(files, jobs, _progress)
    elapsed = time.perf_counter() - start
    root = Path(paths[0]) if len(paths) == 1 and Path(paths[0]).is_dir() else None
    written = write_summary(outcomes, Path(out), root) if out is not None else []
    if as_json:
        print(
            json.dumps(
                {
                    "plans": [
                        {
                            "source": o.path,
                            "authority": o.authority,
                            "year": o.year,
                            "kind": o.kind,
                            "status": status(o),
                            "figures": o.figures,
                            "summary": {"error": o.errors, "warning": o.warnings, "info": o.infos},
                            "unchecked": list(o.unchecked),
                            "missing": list(o.missing),
                            "problem": o.problem,
                        }
                        for o in outcomes
                    ],
                    "seconds": round(elapsed, 3),
                    "outputs": [str(p) for p in written],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(summary_tables(outcomes, root)[0].to_text())
        bad = sum(1 for o in outcomes if o.problem)
        print(
            f"共核查{len(outcomes) - bad}个计划（{len(outcomes)}个文件，{bad}个无法读取），用时{elapsed:.1f}秒，"
            f"每秒{len(outcomes) / elapsed if elapsed else 0:.1f}个"
        )
        if written:
            print("已写出：" + "、".join(str(p) for p in written))
    return 1 if any(o.problem or o.errors or o.missing for o in outcomes) else 0


def command(
    path: str | list[str], *, out_dir: str | None = None, as_json: bool = False, jobs: int | None = None
) -> int:
    """One file as before; folders or several files summarised."""
    paths = [path] if isinstance(path, str) else list(path)
    if len(paths) == 1 and not Path(paths[0]).is_dir():
        return checks.command(paths[0], out_dir=out_dir, as_json=as_json)
    return audit_folders(paths, out_dir, as_json, jobs)
