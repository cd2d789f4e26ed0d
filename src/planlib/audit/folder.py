"""Many plans at once: every plan file in the folders given, audited in parallel processes.

A provincial reviewer checks dozens of county plans a year. Each file is audited exactly as
``planlib audit FILE`` does; a file that cannot be read becomes a row saying why, and the
others go on. The outcome of each file is a small picklable :class:`Outcome` (the worker
process does the work; only the summary crosses back).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from planlib.audit.formats import DOCUMENT_SUFFIXES
from planlib.audit.plantext import LABELS
from planlib.core.rules import ERROR, INFO, WARNING, rule_label
from planlib.errors import InputError, PlanlibError
from planlib.io.names import WORKBOOK_SUFFIXES
from planlib.io.processes import end_pool, quiet_interrupts

PLAN_SUFFIXES = (*DOCUMENT_SUFFIXES, *WORKBOOK_SUFFIXES)
SUMMARY_FILE = "核查汇总.xlsx"
CHART_FILE = "核查汇总.png"
_OWN_OUTPUTS = ("-audit.md", "-audit.xlsx", SUMMARY_FILE, CHART_FILE)


@dataclass(frozen=True)
class Outcome:
    """One file's audit, as the summary shows it; ``problem`` is set when it could not be read."""

    path: str
    authority: str | None = None
    year: int | None = None
    kind: str | None = None
    figures: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    unchecked: tuple[str, ...] = ()
    problem: str | None = None
    seconds: float = 0.0
    findings: tuple[tuple[str, str, str, str], ...] = field(default=())  # severity, rule, place, message
    missing: tuple[str, ...] = ()  # core chain figures the text does not state (the review is incomplete)


def find_plans(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The plan files among ``paths``: files as given, folders searched recursively (hidden
    files, Office lock files ``~$…`` and planlib's own audit reports left out)."""
    found: list[Path] = []
    for given in paths:
        p = Path(given)
        if not p.exists():
            raise InputError(p, "文件或文件夹不存在")
        if p.is_file():
            found.append(p)
            continue
        for f in sorted(p.rglob("*")):
            name = f.name
            if not f.is_file() or name.startswith((".", "~$")) or name.endswith(_OWN_OUTPUTS):
                continue
            if any(part.startswith(".") for part in f.relative_to(p).parts[:-1]):
                continue
            if f.suffix.lower() in PLAN_SUFFIXES:
                found.append(f)
    return list(dict.fromkeys(found))


def audit_one(path: str) -> Outcome:
    """One file's outcome; never raises for a bad file (the folder goes on)."""
    from planlib.audit.checks import audit_file

    start = time.perf_counter()
    try:
        a = audit_file(path)
    except PlanlibError as e:
        return Outcome(path, problem=str(e), seconds=time.perf_counter() - start)
    except Exception as e:  # a bug on one file must not stop a province's review: say which file
        return Outcome(path, problem=f"核查失败（{type(e).__name__}：{e}）", seconds=time.perf_counter() - start)
    c = a.counts()
    findings = tuple((f.severity, f.rule, getattr(f, "place", None) or f.where, f.message) for f in a.findings)
    return Outcome(
        path,
        a.authority,
        a.year,
        a.kind,
        len(a.figures),
        c[ERROR],
        c[WARNING],
        c[INFO],
        tuple(a.unchecked),
        None,
        time.perf_counter() - start,
        findings,
        tuple(LABELS.get(k, k) for k in a.missing),
    )


def audit_many(
    paths: list[Path], jobs: int | None = None, progress: Callable[[int, int, Outcome], None] | None = None
) -> list[Outcome]:
    """Every file audited, ``jobs`` processes at a time (default: the machine's cores); the
    outcomes in the order of ``paths``; ``progress(done, total, outcome)`` after each file."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    outcomes: dict[str, Outcome] = {}
    names = [str(p) for p in paths]
    if jobs == 1 or len(paths) < 2:
        for n, name in enumerate(names, 1):
            outcomes[name] = audit_one(name)
            if progress:
                progress(n, len(names), outcomes[name])
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=quiet_interrupts) as pool:
            try:
                futures = {pool.submit(audit_one, name): name for name in names}
                for n, future in enumerate(as_completed(futures), 1):
                    name = futures[future]
                    try:
                        outcomes[name] = future.result()
                    except Exception as e:  # a worker that died (killed, out of memory): that file only
                        outcomes[name] = Outcome(name, problem=f"核查进程异常退出（{type(e).__name__}）")
                    if progress:
                        progress(n, len(names), outcomes[name])
            except BaseException:  # Ctrl+C or SIGTERM: no worker outlives the command
                end_pool(pool)
                raise
    return [outcomes[name] for name in names]


def status(o: Outcome) -> str:
    if o.problem:
        return "无法读取"
    if o.errors:
        return "有错误"
    if o.missing:
        return "无法完整核查"
    return "有警告" if o.warnings else "未发现问题"


def summary_tables(outcomes: list[Outcome], root: Path | None = None):
    """The summary workbook's sheets: a row per plan, every finding, the files not read."""
    from planlib.text.report.table import INT, Column, Table

    def name(o: Outcome) -> str:
        p = Path(o.path)
        try:
            return str(p.relative_to(root)) if root else p.name
        except ValueError:
            return p.name

    read = [o for o in outcomes if not o.problem]
    rows = tuple(
        (
            n,
            name(o),
            o.authority or "",
            o.year,
            status(o),
            o.figures,
            o.errors,
            o.warnings,
            o.infos,
            "；".join(([f"未读到{'、'.join(o.missing)}"] if o.missing else []) + list(o.unchecked)),
        )
        for n, o in enumerate(outcomes, 1)
    )
    plans = Table(
        "核查汇总",
        f"计划核查汇总：{len(outcomes)}个文件，{len(read)}个已核查，"
        f"{sum(1 for o in read if o.errors)}个有错误，{len(outcomes) - len(read)}个无法读取",
        (
            Column("序号", INT),
            Column("文件"),
            Column("监督检查主体"),
            Column("年度", INT),
            Column("结论"),
            Column("读到的数字", INT),
            Column("错误", INT),
            Column("警告", INT),
            Column("提示", INT),
            Column("未核对"),
        ),
        rows,
    )
    labels = {ERROR: "错误", WARNING: "警告", INFO: "提示"}
    found = tuple(
        (name(o), labels.get(sev, sev), rule_label(rule), place, message)
        for o in read
        for sev, rule, place, message in o.findings
    )
    findings = Table(
        "发现的问题",
        "各计划发现的问题" + ("" if found else "：无"),
        (Column("文件"), Column("级别"), Column("规则"), Column("位置"), Column("说明")),
        found,
    )
    broken = tuple((name(o), o.problem) for o in outcomes if o.problem)
    unread = Table("无法读取", "无法读取的文件" + ("" if broken else "：无"), (Column("文件"), Column("原因")), broken)
    return [plans, findings, unread]
