"""``planlib batch``: compute many plans at once and put them side by side.

The level above receives every district's workbook and needs them in one table: each is
loaded, computed and checked exactly as ``planlib check`` does (so a summary row always
matches that district's own ``planlib compute``), then one summary workbook (a row per
authority and year: staff, the whole workday chain, inspections, shares, findings by
severity; a sheet of every finding; a sheet of the files that could not be read) and one
comparison chart are written. The workbooks are shared out, in chunks, to a pool of processes
(one per core unless ``--jobs N``); the summary lists them in the same order whichever finished
first. ``--notebooks`` also does each plan's official run (:func:`planlib.app.run.official_run`)
in parallel processes. Progress shows on stderr as a bar, only when stderr is a terminal.

A broken workbook is reported by name on one line and the others go on. Exit status: 0 when
every workbook was read (and, with ``--notebooks``, every run succeeded), whatever the plans'
findings (those are in the summary; ``planlib check`` and ``planlib audit`` judge one plan);
1 when some workbook or run failed (the summary of the others is still written); 2 when an
input does not exist or no workbook was found (nothing is written).

Outputs, in ``--out`` (default ``outputs/batch/``): ``batch-summary.xlsx`` and
``batch-comparison.png``, each written whole or not at all; with ``--notebooks`` a folder per
workbook (named after the file) holding that plan's official outputs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from planlib.core.compute import PlanResult
from planlib.core.rules import ERROR, INFO, SEVERITY_LABELS, WARNING, Finding, rule_label
from planlib.core.shares import round_share, split_shares
from planlib.errors import InputError

SUMMARY_FILE = "batch-summary.xlsx"
CHART_FILE = "batch-comparison.png"
CHART_LIMIT = 40  # plans drawn in the comparison chart; the summary workbook has them all
LOCK_PREFIX = "~$"  # Excel's lock file beside an open workbook


@dataclass(frozen=True)
class PlanRow:
    """One computed plan (what ``planlib compute`` computes) and its findings."""

    path: Path
    result: PlanResult
    findings: tuple[Finding, ...]
    run: str = ""  # with --notebooks: the output folder, or why the run failed

    @property
    def authority(self) -> str:
        return self.result.plan.authority

    @property
    def year(self) -> int:
        return self.result.plan.year

    @property
    def label(self) -> str:
        return f"{self.authority} {self.year}年度"

    @property
    def shares(self) -> tuple[float | None, float | None, float | None, float | None]:
        """(staff, plan ratio, key, general) rounded as ``planlib compute --json`` rounds them."""
        key, general = split_shares(self.result.key_inspections, self.result.general_inspections)
        return round_share(self.result.staff_share), round_share(self.result.plan_ratio), key, general

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)


@dataclass(frozen=True)
class Failure:
    path: Path
    stage: str  # 读取测算 or 笔记本
    message: str


# --- Finding the workbooks ---------------------------------------------------------------------


def find_workbooks(inputs: list[str], exclude: Path | None = None) -> list[Path]:
    """The workbooks given, folders searched recursively for every kind ``compute`` reads
    (.xlsx, .xlsm, .xls, .ods, in any letter case); Excel lock files (``~$…``), hidden
    temporary files and anything under ``exclude`` (the output folder) skipped; each file once."""
    from planlib.io.names import WORKBOOK_SUFFIXES

    found: dict[Path, Path] = {}
    skip = exclude.resolve() if exclude is not None else None
    for given in inputs:
        p = Path(given)
        if not p.exists():
            raise InputError(p, "文件或文件夹不存在")
        candidates = sorted(c for c in p.rglob("*") if c.suffix.lower() in WORKBOOK_SUFFIXES) if p.is_dir() else [p]
        for c in candidates:
            if p.is_dir() and (c.name.startswith((LOCK_PREFIX, ".")) or not c.is_file()):
                continue
            resolved = c.resolve()
            if skip is not None and resolved.is_relative_to(skip):
                continue
            found.setdefault(resolved, c)
    if not found:
        raise InputError(", ".join(inputs), "没有找到工作簿（.xlsx、.xlsm、.xls、.ods）")
    return list(found.values())


def summarise(path: Path) -> PlanRow:
    """Load, compute and check one workbook (InputError when it cannot be used)."""
    from planlib.io.workbook import compute_workbook

    result, findings = compute_workbook(str(path), None)
    return PlanRow(path, result, tuple(findings))


def light(row: PlanRow) -> PlanRow:
    """The row without its plan's prose and cell map: the summary uses neither, and they were
    two thirds of what a worker sent back (pickling 600 whole plans took a second)."""
    from dataclasses import replace

    plan = row.result.plan.with_changes(prose=(), cells={})
    return replace(row, result=replace(row.result, plan=plan))


def _summarise_one(path: Path) -> PlanRow | Failure:
    try:
        return light(summarise(path))
    except InputError as e:
        return Failure(path, "读取测算", str(e))
    except Exception as e:  # a loader bug on one odd file must not stop the other districts
        return Failure(path, "读取测算", f"文件“{path.name}”：内部错误 {type(e).__name__}: {e}")


def _summarise_chunk(paths: list[Path]) -> list[PlanRow | Failure]:
    """One worker's share: a chunk of workbooks, in order (one task per chunk, not per file,
    so the pool's messages stay few)."""
    return [_summarise_one(p) for p in paths]


CHUNK_FILES = 16  # workbooks per task at most: small enough to spread a few dozen over every core
PARALLEL_FROM = 8  # fewer workbooks are done in this process: starting workers would cost more


def chunks(paths: list[Path], jobs: int) -> list[list[Path]]:
    """``paths`` cut in order into chunks of at most :data:`CHUNK_FILES`, at least four per worker
    where there are enough (a slow chunk at the end then keeps only one core waiting)."""
    size = max(1, min(CHUNK_FILES, -(-len(paths) // (jobs * 4))))
    return [paths[i : i + size] for i in range(0, len(paths), size)]


def compute_all(
    paths: list[Path], jobs: int | None = None, *, show_progress: bool | None = None
) -> tuple[list[PlanRow], list[Failure]]:
    """Every workbook computed, ``jobs`` processes at a time (default: every core); a broken one
    becomes a Failure and the others go on. The rows come sorted by authority, year and path and
    the failures in the order of ``paths``, whichever worker finished first."""
    from planlib.app.progress_bar import cores, progress

    jobs = cores() if jobs is None else max(1, jobs)
    parts = chunks(paths, jobs)
    done: list[list[PlanRow | Failure]] = [[] for _ in parts]
    with progress(len(paths), "读取测算", "个", show=show_progress) as bar:
        if jobs == 1 or len(paths) < PARALLEL_FROM:
            for n, part in enumerate(parts):
                done[n] = _summarise_chunk(part)
                bar.update(len(part))
        else:
            from concurrent.futures import ProcessPoolExecutor, as_completed

            from planlib.io.processes import end_pool, quiet_interrupts

            with ProcessPoolExecutor(max_workers=min(jobs, len(parts)), initializer=quiet_interrupts) as pool:
                try:
                    futures = {pool.submit(_summarise_chunk, part): n for n, part in enumerate(parts)}
                    for future in as_completed(futures):
                        n = futures[future]
                        try:
                            done[n] = future.result()
                        except Exception as e:  # the worker process itself died (killed, out of memory)
                            reason = f"内部错误：处理进程意外退出（{type(e).__name__}）"
                            done[n] = [Failure(p, "读取测算", f"文件“{p.name}”：{reason}") for p in parts[n]]
                        bar.update(len(parts[n]))
                except BaseException:  # Ctrl+C or SIGTERM: no worker outlives the command
                    end_pool(pool)
                    raise
    outcomes = [o for part in done for o in part]
    rows = [o for o in outcomes if isinstance(o, PlanRow)]
    failures = [o for o in outcomes if isinstance(o, Failure)]
    rows.sort(key=lambda r: (r.authority, r.year, str(r.path)))
    return rows, failures


# --- The official runs, in parallel ----------------------------------------------------------------


def _official_run(input_path: str, out_dir: str) -> tuple[bool, str]:
    """One plan's official run in a worker process; errors come back as text (always picklable).

    ``official_run`` itself restarts a notebook whose kernel died at start-up."""
    from planlib.app.run import official_run

    try:
        return True, str(official_run(input_path=input_path, out_dir=out_dir, progress=False))
    except InputError as e:
        return False, str(e)
    except Exception as e:  # RunError and anything a notebook raised
        return False, f"{type(e).__name__}: {e}"


def run_folders(rows: list[PlanRow], out: Path) -> dict[Path, Path]:
    """A folder per workbook named after its file; ``-2``, ``-3`` … when two files share a name."""
    used: set[str] = set()
    folders = {}
    for row in rows:
        name, n = row.path.stem, 1
        while name in used:
            n += 1
            name = f"{row.path.stem}-{n}"
        used.add(name)
        folders[row.path] = out / name
    return folders


def run_notebooks(rows: list[PlanRow], out: Path, jobs: int) -> tuple[list[PlanRow], list[Failure]]:
    """The official run of every plan, ``jobs`` at a time (a progress bar on a terminal)."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from dataclasses import replace

    from planlib.app.progress_bar import progress

    folders = run_folders(rows, out)
    done: dict[Path, str] = {}
    failures = []
    from planlib.io.processes import end_pool, quiet_interrupts

    with ProcessPoolExecutor(max_workers=max(1, jobs), initializer=quiet_interrupts) as pool:
        try:
            futures = {pool.submit(_official_run, str(r.path), str(folders[r.path])): r for r in rows}
            with progress(len(futures), "执行笔记本", "个") as bar:
                for future in as_completed(futures):
                    row = futures[future]
                    try:
                        ok, text = future.result()
                    except Exception as e:  # the worker process itself died
                        ok, text = False, f"{type(e).__name__}: {e}"
                    done[row.path] = text if ok else f"失败：{text}"
                    if not ok:
                        failures.append(Failure(row.path, "笔记本", text))
                    bar.update()
        except BaseException:  # Ctrl+C or SIGTERM: the workers end their runs (and kernels) too
            end_pool(pool)
            raise
    return [replace(r, run=done.get(r.path, "")) for r in rows], failures


# --- The summary workbook ----------------------------------------------------------------------------


def display_names(paths) -> dict[Path, str]:
    """How each workbook is named in the summary: its file name, or where two share one
    (``a/计划.xlsx``, ``b/计划.xlsx``) its path below the folder they have in common."""
    paths = [Path(p) for p in paths]
    counts: dict[str, int] = {}
    for p in paths:
        counts[p.name] = counts.get(p.name, 0) + 1
    shared = [p for p in paths if counts[p.name] > 1]
    root = Path(os.path.commonpath([str(p.resolve().parent) for p in shared])) if shared else None
    names = {}
    for p in paths:
        if counts[p.name] > 1 and root is not None:
            names[p] = Path(os.path.relpath(p.resolve(), root)).as_posix()
        else:
            names[p] = p.name
    return names


def listed(names: list[str], limit: int = 5) -> str:
    """At most ``limit`` names, then how many in all: a line stays a line."""
    shown = "、".join(names[:limit])
    return shown if len(names) <= limit else f"{shown}等{len(names)}个"


def summary_tables(rows: list[PlanRow], failures: list[Failure], notebooks: bool = False):
    """The summary (a row per plan), every finding, and the files that failed, as report Tables."""
    from planlib.text.report.table import INT, PERCENT, Column, Table

    shown = display_names([r.path for r in rows] + [f.path for f in failures])
    columns = [
        Column("序号", INT),
        Column("监督检查主体"),
        Column("年度", INT),
        Column("工作簿"),
        Column("在册定编人数", INT),
        Column("执法人员", INT),
        Column("国家法定工作日", INT),
        Column("总法定工作日", INT),
        Column("其他执法工作日", INT),
        Column("非执法工作日", INT),
        Column("监督检查工作日", INT),
        Column("重点检查工作日", INT),
        Column("一般检查工作日", INT),
        Column("计划检查家数", INT),
        Column("重点检查家数", INT),
        Column("一般检查家数", INT),
        Column("双随机不少于", INT),
        Column("管理对象基数", INT),
        Column("执法人员占比", PERCENT),
        Column("计划检查比例", PERCENT),
        Column("重点检查占比", PERCENT),
        Column("一般检查占比", PERCENT),
        Column("错误", INT),
        Column("警告", INT),
        Column("提示", INT),
    ]
    if notebooks:
        columns.append(Column("笔记本成果"))
    body = []
    for n, r in enumerate(rows, 1):
        p = r.result
        line = [
            n,
            r.authority,
            r.year,
            shown[r.path],
            p.plan.headcount,
            p.enforcement_staff,
            p.workdays_per_person,
            p.total_workdays,
            p.other_enforcement.total,
            p.non_enforcement.total,
            p.inspection_workdays,
            p.key_workdays,
            p.general_workdays,
            p.planned_inspections,
            p.key_inspections,
            p.general_inspections,
            p.random_min,
            p.plan.entity_base,
            *r.shares,
            r.count(ERROR),
            r.count(WARNING),
            r.count(INFO),
        ]
        if notebooks:
            line.append(r.run)
        body.append(tuple(line))
    summary = Table("汇总", f"年度监督检查计划汇总（{len(rows)}个计划）", tuple(columns), tuple(body))
    found = tuple(
        (r.authority, r.year, shown[r.path], SEVERITY_LABELS[f.severity], rule_label(f.rule), f.message, f.where)
        for r in rows
        for f in r.findings
    )
    issues = Table(
        "问题清单",
        "各计划的规则检查结果" if found else "各计划的规则检查结果：全部通过",
        (
            Column("监督检查主体"),
            Column("年度", INT),
            Column("工作簿"),
            Column("级别"),
            Column("规则"),
            Column("说明"),
            Column("位置"),
        ),
        found,
    )
    failed = Table(
        "未能处理",
        "未能读取测算或执行笔记本的文件" if failures else "未能处理的文件：无",
        (Column("文件"), Column("环节"), Column("原因")),
        tuple((str(f.path), f.stage, f.message) for f in failures),
    )
    return [summary, issues, failed]


def comparison_figure(rows: list[PlanRow], total: int | None = None):
    """Each plan's workdays by use (shares of its total) beside its planned inspections: the
    first :data:`CHART_LIMIT` of ``rows`` (of ``total`` plans in all, default ``len(rows)``)."""
    from matplotlib.figure import Figure

    from planlib.core.model import NON_ENFORCEMENT, OTHER_ENFORCEMENT
    from planlib.views.charts import CATEGORY_COLOURS, GENERAL, KEY, use_chinese_fonts

    use_chinese_fonts()
    shown = rows[:CHART_LIMIT]
    repeated = {r.label for r in shown if sum(q.label == r.label for q in shown) > 1}
    labels = [f"{r.label}（{r.path.name}）" if r.label in repeated else r.label for r in shown][::-1]
    plans = [r.result for r in shown][::-1]
    ratios = [r.shares[1] for r in shown][::-1]
    height = max(3.0, 0.42 * len(shown) + 1.6)
    fig = Figure(figsize=(13, height), dpi=100, layout="constrained")
    left, right = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [3, 2]})
    parts: tuple[tuple[str, Callable[[PlanResult], int], str], ...] = (
        ("其他执法", lambda p: p.other_enforcement.total, CATEGORY_COLOURS[OTHER_ENFORCEMENT]),
        ("非执法", lambda p: p.non_enforcement.total, CATEGORY_COLOURS[NON_ENFORCEMENT]),
        ("重点检查", lambda p: p.key_workdays, KEY),
        ("一般检查", lambda p: p.general_workdays, GENERAL),
    )
    y = range(len(plans))
    start = [0.0] * len(plans)
    for name, part, colour in parts:
        share = [part(p) / p.total_workdays * 100 if p.total_workdays else 0 for p in plans]
        left.barh(y, share, left=start, color=colour, label=name, height=0.65)
        start = [a + b for a, b in zip(start, share, strict=True)]
    left.set_yticks(list(y), labels)
    left.set_ylim(-0.6, len(plans) - 0.4)  # the bars fill the height (shared by both panels): no empty band
    left.set_xlim(0, 100)
    left.set_xlabel("工作日构成：占总法定工作日（%）")
    left.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4, frameon=False, borderaxespad=0.4)
    key = [p.key_inspections for p in plans]
    general = [p.general_inspections for p in plans]
    right.barh(y, key, color=KEY, label="重点检查", height=0.65)
    right.barh(y, general, left=key, color=GENERAL, label="一般检查", height=0.65)
    for i, (p, ratio) in enumerate(zip(plans, ratios, strict=True)):
        note = f"{p.planned_inspections}家" + (f"（{ratio * 100:.1f}%）" if ratio is not None else "")
        right.text(p.planned_inspections, i, " " + note, va="center", fontsize=8)
    right.set_xlabel("计划检查家数（括号内为计划检查比例）")
    right.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False, borderaxespad=0.4)
    right.margins(x=0.25)
    for ax in (left, right):
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    title, total = "各计划对比", len(rows) if total is None else total
    if total > len(shown):
        title += f"（共{total}个计划，图中为前{len(shown)}个，全部见汇总表）"
    fig.suptitle(title)
    return fig


def comparison_png(rows: list[PlanRow], total: int) -> bytes:
    """The comparison chart of ``rows`` (the first of ``total`` plans) as PNG bytes."""
    from planlib.views.charts import png_bytes

    return png_bytes(comparison_figure(rows, total))


def write_outputs(rows: list[PlanRow], failures: list[Failure], out: Path, notebooks: bool) -> list[Path]:
    """The summary workbook and the chart, each whole or not at all.

    With more than a few plans the chart is drawn in a second process while this one writes the
    workbook (each takes about a second for hundreds of plans; on two cores they overlap)."""
    from importlib.util import find_spec

    from planlib.io.export import write_tables
    from planlib.io.owned import write_owned

    tables = summary_tables(rows, failures, notebooks)
    writers: dict[str, Callable[[Path], object]] = {SUMMARY_FILE: lambda path: write_tables(tables, path)}
    shown = rows[:CHART_LIMIT]
    if shown and find_spec("matplotlib") is None:  # it comes with the notebook extra
        print("未安装 matplotlib，未生成对比图（pip install 'planlib[notebook]'）", file=sys.stderr)
        shown = []
    if not shown:
        return write_owned(out, writers)
    if len(rows) < PARALLEL_FROM:
        writers[CHART_FILE] = lambda path: path.write_bytes(comparison_png(shown, len(rows)))
        return write_owned(out, writers)
    from concurrent.futures import ProcessPoolExecutor

    from planlib.io.processes import end_pool, quiet_interrupts

    with ProcessPoolExecutor(max_workers=1, initializer=quiet_interrupts) as pool:
        try:
            drawn = pool.submit(comparison_png, shown, len(rows))
            writers[CHART_FILE] = lambda path: path.write_bytes(drawn.result())  # after the workbook's writer
            return write_owned(out, writers)
        except BaseException:  # Ctrl+C or SIGTERM: the drawing process ends too
            end_pool(pool)
            raise


def command(inputs: list[str], *, out_dir: str | None = None, notebooks: bool = False, jobs: int | None = None) -> int:
    """``planlib batch INPUTS... [--out DIR] [--notebooks] [--jobs N]`` (exit status: module docstring)."""
    from planlib import config

    out = Path(out_dir) if out_dir else config.OUTPUTS_DIR / "batch"
    if out.exists() and not out.is_dir():
        raise InputError(out, "输出位置已存在且不是文件夹")
    from planlib.io.owned import refuse_taken

    refuse_taken(out, {SUMMARY_FILE, CHART_FILE})  # before the work, not after it
    paths = find_workbooks(inputs, exclude=out)
    rows, failures = compute_all(paths, jobs)
    for f in failures:
        print(f.message, file=sys.stderr)
    if notebooks and rows:
        from planlib.app.progress_bar import cores

        rows, run_failures = run_notebooks(rows, out, cores() if jobs is None else jobs)
        for f in run_failures:
            print(f"笔记本执行失败：{f.path.name}：{f.message}", file=sys.stderr)
        failures += run_failures
    out.mkdir(parents=True, exist_ok=True)
    written = write_outputs(rows, failures, out, notebooks)
    seen: dict[tuple, list[str]] = {}
    shown = display_names([r.path for r in rows])
    for r in rows:
        seen.setdefault((r.authority, r.year), []).append(shown[r.path])
    print(f"共{len(paths)}个工作簿：测算{len(rows)}个，未能处理{len(failures)}个")
    errors = sum(r.count(ERROR) > 0 for r in rows)
    if errors:
        print(f"其中{errors}个计划有错误级别的检查结果，见汇总表“问题清单”")
    for (authority, year), names in seen.items():
        if len(names) > 1:
            print(f"注意：{authority} {year}年度出现在{len(names)}个工作簿中：{listed(names)}")
    print("已写出：" + "、".join(str(p) for p in written))
    return 1 if failures else 0
