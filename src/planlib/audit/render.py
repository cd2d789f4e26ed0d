"""An audit as the reviewer reads it: the terminal report, the Markdown report and the Excel
tables, and writing both reports (each whole or not at all, through :mod:`planlib.io`)."""

from __future__ import annotations

from pathlib import Path

from planlib.audit.plantext import LABELS
from planlib.audit.result import Audit
from planlib.core.rules import ERROR, INFO, SEVERITY_LABELS, WARNING, rule_label
from planlib.errors import InputError
from planlib.text.markup import md_cell


def _missing(a: Audit) -> str:
    return "、".join(LABELS.get(k, k) for k in a.missing)


def incomplete_line(a: Audit) -> str:
    """The verdict on a plan whose chain was not all read."""
    return f"无法完整核查：未读到{_missing(a)}，测算链未能完整核对"


def _checked(a: Audit) -> str:
    return "、".join(c["label"] for c in a.checks if c["ran"])


def _summary_line(a: Audit) -> str:
    c = a.counts()
    counts = f"{c[ERROR]}个错误，{c[WARNING]}个警告，{c[INFO]}个提示"
    if not a.complete:
        found = f"；已读到的部分有{counts}" if a.findings else "；已读到的部分未发现问题"
        return f"核查结果：{incomplete_line(a)}{found}"
    if not a.findings:
        checked = f"（已核对：{_checked(a)}）" if a.checks else ""
        return f"核查结果：未发现问题{checked}"
    return f"核查结果：{counts}"


def _heading(a: Audit) -> list[str]:
    what = f"计划文本，{a.lines}行" if a.kind == "text" else "填报工作簿"
    if a.pages is not None:
        what = f"PDF，{a.pages}页"
    lines = [f"核查：{Path(a.source).name}（{what}）"]
    lines += [f"说明：{n}" for n in a.notes]
    plan = " ".join(x for x in (a.authority, f"{a.year}年度" if a.year else None) if x)
    if plan:
        lines.append(f"计划：{plan}")
    return lines


def _figure_place(row: dict) -> str:
    if row.get("where"):
        return str(row["where"])
    return f"第{row['line']}行" if row.get("line") else "推算"


def format_audit(a: Audit) -> str:
    """The terminal report."""
    lines = _heading(a)
    if a.chain:
        lines.append("读到的测算链：")
        for row in a.chain:
            lines.append(f"  {row['label']}：{_chain_place(row)}")
    if a.figures:
        lines.append("核对的数字：" if a.kind == "workbook" else "读到的数字：")
        for row in a.figures:
            if a.kind == "workbook":
                mark = {True: "一致", False: "不符", None: "未核对"}[row.get("holds")]
                lines.append(
                    f"  {row['label']}：填报{row['shown']}，测算{row['computed_shown'] or '—'}"
                    f"（{row['where']}，{mark}）"
                )
            else:
                lines.append(f"  {row['label']}：{row['shown']}（{_figure_place(row)}）")
    lines.append(_summary_line(a))
    for f in a.findings:
        place = getattr(f, "place", None) or f.where
        lines.append(f"  [{SEVERITY_LABELS[f.severity]}] {place} {rule_label(f.rule)}：{f.message}")
        if excerpt := getattr(f, "excerpt", None):
            lines.append(f"      原文：{excerpt}")
    if a.checks:
        lines.append("已核对：")
        lines += [f"  - {c['label']}：{'；'.join(c['checked'])}" for c in a.checks if c["ran"]]
    if a.unchecked:
        lines.append("未核对：")
        lines += [f"  - {u}" for u in a.unchecked]
    return "\n".join(lines)


def _chain_place(row: dict) -> str:
    """A chain figure as read: its value and where it is printed (with the printed text), or
    how it was derived, or 未读到."""
    if row["read"] == "missing":
        return "未读到"
    if row["read"] == "derived":
        return f"{row['shown']}（文中未写明，{row['where']}）"
    return f"{row['shown']}（{row['where']}：{row['excerpt']}）"


def _md(text) -> str:
    return md_cell(text)


def audit_markdown(a: Audit) -> str:
    lines = [f"# 计划核查报告：{_md(Path(a.source).name)}", ""]
    lines += [f"- {_md(x)}" for x in _heading(a)[1:]]
    lines += [f"- {_md(_summary_line(a))}", ""]
    lines += ["## 发现的问题", ""]
    if a.findings:
        lines += ["| 序号 | 级别 | 规则 | 位置 | 说明 | 原文 |", "|---:|---|---|---|---|---|"]
        for n, f in enumerate(a.findings, 1):
            lines.append(
                f"| {n} | {SEVERITY_LABELS[f.severity]} | {rule_label(f.rule)} | {_md(getattr(f, 'place', f.where))} | "
                f"{_md(f.message)} | {_md(getattr(f, 'excerpt', ''))} |"
            )
    else:
        lines.append("未发现问题。")
    lines += ["", "## 核对的数字" if a.kind == "workbook" else "## 读到的数字", ""]
    if a.kind == "workbook":
        lines += ["| 项目 | 键 | 填报 | 测算 | 位置 |", "|---|---|---:|---:|---|"]
        lines += [
            f"| {_md(r['label'])} | {r['key']} | {_md(r['shown'])} | {_md(r['computed_shown'] or '—')} | "
            f"{_md(r['where'])} |"
            for r in a.figures
        ]
    else:
        lines += ["| 项目 | 键 | 数值 | 位置 |", "|---|---|---:|---|"]
        lines += [
            f"| {_md(r['label'])} | {r['key']} | {_md(r['shown'])} | {_md(_figure_place(r))} |" for r in a.figures
        ]
    if a.chain:
        lines += ["", "## 读到的测算链", "", "| 项目 | 键 | 读到 |", "|---|---|---|"]
        lines += [f"| {r['label']} | {r['key']} | {_md(_chain_place(r))} |" for r in a.chain]
    if a.checks:
        lines += ["", "## 已核对", ""]
        lines += [f"- {c['label']}：{_md('；'.join(c['checked']))}" for c in a.checks if c["ran"]]
    if a.unchecked:
        lines += ["", "## 未核对", ""] + [f"- {_md(u)}" for u in a.unchecked]
    return "\n".join(lines) + "\n"


def audit_tables(a: Audit):
    from planlib.text.report.table import INT, Column, Table

    findings = tuple(
        (
            n,
            SEVERITY_LABELS[f.severity],
            rule_label(f.rule),
            getattr(f, "place", f.where),
            f.message,
            getattr(f, "excerpt", "") or "",
        )
        for n, f in enumerate(a.findings, 1)
    )
    tables = [
        Table(
            "核查结果",
            f"计划核查：{Path(a.source).name}　{_summary_line(a)}",
            (Column("序号", INT), Column("级别"), Column("规则"), Column("位置"), Column("说明"), Column("原文")),
            findings,
        )
    ]
    if a.kind == "workbook":
        rows = tuple((r["label"], r["key"], r["shown"], r["computed_shown"], r["where"]) for r in a.figures)
        tables.append(
            Table(
                "核对数字",
                "填报核对：已发布计划的数字与测算结果",
                (Column("项目"), Column("键"), Column("填报"), Column("测算"), Column("位置")),
                rows,
            )
        )
    else:
        read: tuple[tuple, ...] = tuple((r["label"], r["key"], r["shown"], _figure_place(r)) for r in a.figures)
        tables.append(
            Table(
                "读到的数字",
                "从计划文本中读到的数字（核定值）",
                (Column("项目"), Column("键"), Column("数值"), Column("位置")),
                read,
            )
        )
    tables.append(
        Table(
            "未核对",
            "因缺少数字而未核对的内容" + ("" if a.unchecked else "：无"),
            (Column("说明"),),
            tuple((u,) for u in a.unchecked),
        )
    )
    return tables


def report_paths(a: Audit, out_dir: str | Path) -> tuple[Path, Path]:
    stem = Path(a.source).stem
    out = Path(out_dir)
    return out / f"{stem}-audit.md", out / f"{stem}-audit.xlsx"


def write_audit(a: Audit, out_dir: str | Path) -> list[Path]:
    """The report as Markdown and Excel in ``out_dir``, both or neither; a file of either name
    that planlib did not write there is never replaced (:mod:`planlib.io.owned`)."""
    from planlib.io.export import write_tables, write_text
    from planlib.io.owned import refuse_taken, write_owned

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(out, "输出位置已存在且不是文件夹")
    md_path, xlsx_path = report_paths(a, out)
    refuse_taken(out, {md_path.name, xlsx_path.name})
    markdown, tables = audit_markdown(a), audit_tables(a)  # everything built before anything is written
    return write_owned(
        out,
        {
            xlsx_path.name: lambda path: write_tables(tables, path),
            md_path.name: lambda path: write_text(path, markdown),
        },
    )
