"""Progress through the year in Chinese (docs/contract.md §7): the report 执行情况, the sheets of
执行进度_<年>_<MMDD>.xlsx, the ledger's problems, and the 双随机 results 抽查结果公示_<年>.xlsx."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from planlib.core.ledger import KIND_OTHER, Ledger, Visit
from planlib.core.progress import (
    AFTER_AS_OF,
    DUPLICATE,
    NOT_ON_ROSTER,
    OUTSIDE_YEAR,
    TOO_FEW_INSPECTORS,
    UNKNOWN_CODE,
    UNKNOWN_ITEM,
    UNKNOWN_UNIT,
    Problem,
    Progress,
    UnitProgress,
)
from planlib.core.register import INSPECTORS_PER_TARGET, Entity
from planlib.text.numbers import share_text
from planlib.text.report import BODY, H1, INT, PERCENT, TITLE, Block, Column, Table, blocks_markdown

SUMMARY, BY_MONTH, KEY_MISSING, DRAWN_MISSING, UNPLANNED, OVER_CAP, PROBLEMS = (
    "执行概况",
    "按单位按月",
    "重点未检",
    "抽查未检",
    "计划外检查",
    "超频次",
    "台账问题",
)
RESULTS = "抽查结果公示"
NO_LEDGER = (
    "未载入检查台账。执行进度（对照检查台账的计划完成情况）请用 "
    "planlib dashboard --register 名录.xlsx --ledger 台账.xlsx [--seed N | --draw 抽查名单.xlsx] "
    "[--as-of 日期] 打开看板。"
)
NEEDS_REGISTER_AND_LEDGER = "需要监管对象名录（register_path）和检查台账（ledger_path）"
RUN_NEEDS_REGISTER = "planlib run --ledger 需要同时给出 --register（监管对象名录）"


def notebook_failed(notebook: str, cell: object, ename: str, evalue: str) -> str:
    return f"笔记本 {notebook} 第{cell}个单元格执行失败：{ename}: {evalue}"


def month_day(d: dt.date) -> str:
    return f"{d.month}月{d.day}日"


def long_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def problem_message(p: Problem, year: int, as_of: dt.date) -> str:
    v = p.visit
    if p.kind == UNKNOWN_UNIT:
        return f"执法单位“{v.unit}”不是计划工作簿“执法人员”中的执法单位"
    if p.kind == OUTSIDE_YEAR:
        return f"检查日期{v.date.isoformat()}不在计划年度{year}年内"
    if p.kind == AFTER_AS_OF:
        return f"检查日期{v.date.isoformat()}晚于统计截止日{as_of.isoformat()}"
    if p.kind == DUPLICATE:
        return f"与第{p.first_row}行重复（检查日期、执法单位、统一社会信用代码相同）"
    if p.kind == UNKNOWN_CODE:
        return f"统一社会信用代码“{v.code}”不在监管对象名录中"
    if p.kind == TOO_FEW_INSPECTORS:
        return f"执法人员{len(v.inspectors)}人，少于{INSPECTORS_PER_TARGET}人（行政处罚法第四十二条）"
    if p.kind == NOT_ON_ROSTER:
        return f"执法人员{'、'.join(p.names)}不在计划工作簿“执法人员名单”中"
    if p.kind == UNKNOWN_ITEM:
        return f"检查事项“{v.item}”不是计划的检查事项"
    return p.kind  # pragma: no cover - every kind is worded above


def ledger_label(ledger: Ledger) -> str:
    """How the ledger is named in the report: the file, and the sheet for a workbook."""
    name = Path(ledger.source).name
    return f"{name}（工作表“{ledger.sheet}”）" if ledger.sheet else name


def kind_label(v: Visit) -> str:
    if v.kind == KIND_OTHER and v.trigger:
        return f"{KIND_OTHER}（{v.trigger}）"
    return v.kind or "未填"


# --- The report ----------------------------------------------------------------------------------


def _unit_sentence(u: UnitProgress) -> str:
    text = f"{u.unit}完成{u.done}家次，占全年计划{u.planned_year}家次的{share_text(u.year_rate)}"
    if u.shortfall > 0:
        return text + f"，落后同期计划{u.shortfall}家次"
    if u.shortfall < 0:
        return text + f"，超过同期计划{-u.shortfall}家次"
    return text + "，与同期计划持平"


def report_title(authority: str, year: int) -> str:
    return f"{authority}{year}年度安全生产监督检查计划执行情况"


def progress_blocks(pr: Progress, authority: str, ledger_label: str) -> list[Block]:
    """The report 执行情况 as headings and paragraphs."""
    t = pr.total
    key_visited = pr.key_total - len(pr.key_missing)
    drawn_visited = pr.drawn_total - len(pr.drawn_missing)
    opening = (
        f"截至{month_day(pr.as_of)}，全局完成监督检查{t.done}家次，占全年计划的{share_text(t.year_rate)}，"
        f"占同期计划的{share_text(t.period_rate)}；其中重点检查{t.done_key}家次"
        f"（重点单位{pr.key_total}家，已检{key_visited}家，未检{len(pr.key_missing)}家），"
        f"“双随机”抽查{t.done_random}家次（抽查名单{pr.drawn_total}家，已检{drawn_visited}家，"
        f"未检{len(pr.drawn_missing)}家），其他检查{t.done_other}家次；发现隐患{pr.hazards}项。"
    )
    blocks = [
        Block(TITLE, report_title(authority, pr.year)),
        Block(BODY, f"（截至{long_date(pr.as_of)}，据检查台账{ledger_label}）"),
        Block(H1, "一、总体进度"),
        Block(
            BODY,
            opening + f"全年计划监督检查{t.planned_year}家次，截至{month_day(pr.as_of)}同期计划{t.planned_to_date}家次"
            "（按附件3月度检查安排表，当月按已过工作日折算）。",
        ),
        Block(H1, "二、各执法单位进度"),
    ]
    blocks.append(Block(BODY, "；".join(_unit_sentence(u) for u in pr.units) + "。"))
    behind = pr.behind
    if behind:
        names = "；".join(
            f"{u.unit}完成{u.done}家次，落后同期计划{u.shortfall}家次（一个月前同期计划已达{u.planned_month_ago}家次）"
            for u in behind
        )
        blocks.append(Block(BODY, f"进度落后超过一个月的执法单位：{names}。请加快进度。"))
    else:
        blocks.append(Block(BODY, "没有进度落后超过一个月的执法单位。"))
    blocks.append(Block(H1, "三、计划外检查与检查频次"))
    if pr.unplanned:
        kinds = "、".join(f"{k}{n}家次" for k, n in pr.unplanned_by_type())
        text = f"计划外检查（检查对象不在重点检查名单和“双随机”抽查名单上）{len(pr.unplanned)}家次：{kinds}。"
    else:
        text = "没有计划外检查。"
    if pr.over_cap:
        shown = "、".join(f"{o.entity.name}{o.visits}次（上限{o.cap.limit}次）" for o in pr.over_cap[:5])
        more = f"等{len(pr.over_cap)}家" if len(pr.over_cap) > 5 else f"共{len(pr.over_cap)}家"
        text += f"超过检查频次上限的单位：{shown}{more}。"
    else:
        text += "没有超过检查频次上限的单位。"
    blocks.append(Block(BODY, text))
    blocks.append(Block(H1, "四、台账问题"))
    if pr.problems:
        dropped = sum(1 for p in pr.problems if not p.counted)
        blocks.append(
            Block(
                BODY,
                f"检查台账有问题{len(pr.problems)}条（其中{dropped}条未计入完成数），"
                f"逐条列于执行进度表“{PROBLEMS}”工作表，请核实更正。",
            )
        )
    else:
        blocks.append(Block(BODY, "检查台账未发现问题。"))
    return blocks


def terminal_lines(pr: Progress, written: list[str]) -> list[str]:
    """What ``planlib progress`` prints: the opening figures, the units a month behind, the problems, the files."""
    t = pr.total
    lines = [
        f"截至{month_day(pr.as_of)}，全局完成监督检查{t.done}家次，占全年计划{t.planned_year}家次的{share_text(t.year_rate)}，"
        f"占同期计划{t.planned_to_date}家次的{share_text(t.period_rate)}"
    ]
    lines += [f"进度落后超过一个月：{u.unit}（完成{u.done}家次，落后同期计划{u.shortfall}家次）" for u in pr.behind]
    if pr.problems:
        lines.append(f"台账问题{len(pr.problems)}条，见“{PROBLEMS}”工作表")
    return lines + [f"已写入：{p}" for p in written]


def failed_line(reason: str) -> str:
    return f"运行失败：{reason}"


def progress_markdown(pr: Progress, authority: str, ledger_label: str) -> str:
    return blocks_markdown(progress_blocks(pr, authority, ledger_label))


# --- The chart ---------------------------------------------------------------------------------

CHART_PLANNED, CHART_DONE = "累计计划", "累计完成"


def chart_title(pr: Progress) -> str:
    return f"{pr.year}年度监督检查执行进度（截至{month_day(pr.as_of)}，横轴为月份）"


def chart_panel_title(u: UnitProgress) -> str:
    flag = "，落后超过一个月" if u.month_behind else ""
    return f"{u.unit}：完成{u.done}/同期{u.planned_to_date}家次（{share_text(u.period_rate, 1)}）{flag}"


# --- The tables ----------------------------------------------------------------------------------


def summary_table(pr: Progress) -> Table:
    def row(u: UnitProgress, behind: str) -> tuple[object, ...]:
        return (
            u.unit,
            u.planned_year,
            u.planned_to_date,
            u.done,
            u.done_key,
            u.done_random,
            u.done_other,
            u.year_rate,
            u.period_rate,
            max(u.shortfall, 0),
            behind,
        )

    rows = [row(u, "是" if u.month_behind else "否") for u in pr.units] + [row(pr.total, "")]  # 全局: no flag
    return Table(
        SUMMARY,
        f"{pr.year}年度监督检查计划执行概况（截至{month_day(pr.as_of)}）",
        (
            Column("执法单位"),
            Column("全年计划（家次）", INT),
            Column("同期计划（家次）", INT),
            Column("完成（家次）", INT),
            Column("其中重点检查", INT),
            Column("其中“双随机”抽查", INT),
            Column("其中其他检查", INT),
            Column("全年完成率", PERCENT),
            Column("同期完成率", PERCENT),
            Column("落后同期（家次）", INT),
            Column("落后超过一个月"),
        ),
        tuple(rows),
        total_row=True,
    )


def by_month_table(pr: Progress) -> Table:
    """Per unit and month: planned, done, cumulative both, cumulative 完成率 (months up to D's)."""
    rows = []
    last = pr.as_of.month
    for u in (*pr.units, pr.total):
        planned_cum = done_cum = 0
        for m in range(12):
            planned_cum += u.planned_months[m]
            done_cum += u.done_months[m]
            past = m + 1 <= last
            rows.append(
                (
                    u.unit,
                    f"{m + 1}月",
                    u.planned_months[m],
                    u.done_months[m] if past else None,
                    planned_cum,
                    done_cum if past else None,
                    (done_cum / planned_cum if planned_cum else None) if past else None,
                )
            )
    return Table(
        BY_MONTH,
        f"{pr.year}年度监督检查计划执行进度：各执法单位按月（截至{month_day(pr.as_of)}）",
        (
            Column("执法单位"),
            Column("月份"),
            Column("计划（家次）", INT),
            Column("完成（家次）", INT),
            Column("累计计划", INT),
            Column("累计完成", INT),
            Column("累计完成率", PERCENT),
        ),
        tuple(rows),
    )


_ENTITY = (Column("单位名称"), Column("统一社会信用代码"), Column("行业领域"), Column("风险等级"), Column("属地"))


def _entity(e: Entity) -> tuple[object, ...]:
    return (e.name, e.code, e.sector, e.risk, e.locality)


def missing_table(name: str, title: str, pairs: Iterable[tuple[Entity, str]]) -> Table:
    rows = tuple((n, unit, *_entity(e)) for n, (e, unit) in enumerate(pairs, 1))
    return Table(name, f"{title}（{len(rows)}家）", (Column("序号", INT), Column("执法单位"), *_ENTITY), rows)


def unplanned_table(pr: Progress) -> Table:
    rows = tuple(
        (n, v.row, v.date.isoformat(), v.unit, v.name, v.code, kind_label(v)) for n, v in enumerate(pr.unplanned, 1)
    )
    return Table(
        UNPLANNED,
        f"计划外检查（检查对象不在重点检查名单和“双随机”抽查名单上，{len(rows)}家次）",
        (
            Column("序号", INT),
            Column("台账行号", INT),
            Column("检查日期"),
            Column("执法单位"),
            Column("单位名称"),
            Column("统一社会信用代码"),
            Column("检查类型"),
        ),
        rows,
    )


def over_cap_table(pr: Progress, has_caps: bool) -> Table:
    rows = tuple(
        (n, o.entity.name, o.entity.code, o.entity.sector, o.entity.risk, o.visits, o.cap.limit, o.cap.where)
        for n, o in enumerate(pr.over_cap, 1)
    )
    title = (
        f"超过检查频次上限的单位（{len(rows)}家）"
        if has_caps
        else "超过检查频次上限的单位（计划工作簿无“检查频次上限”，未核对）"
    )
    return Table(
        OVER_CAP,
        title,
        (
            Column("序号", INT),
            Column("单位名称"),
            Column("统一社会信用代码"),
            Column("行业领域"),
            Column("风险等级"),
            Column("检查次数", INT),
            Column("频次上限", INT),
            Column("上限依据"),
        ),
        rows,
    )


def problems_table(pr: Progress) -> Table:
    rows = tuple(
        (
            n,
            p.visit.row,
            p.visit.date.isoformat(),
            p.visit.unit,
            p.visit.code,
            problem_message(p, pr.year, pr.as_of),
            "是" if p.counted else "否",
        )
        for n, p in enumerate(pr.problems, 1)
    )
    return Table(
        PROBLEMS,
        f"检查台账问题（{len(rows)}条）",
        (
            Column("序号", INT),
            Column("台账行号", INT),
            Column("检查日期"),
            Column("执法单位"),
            Column("统一社会信用代码"),
            Column("问题"),
            Column("计入完成数"),
        ),
        rows,
    )


def progress_tables(pr: Progress, has_caps: bool) -> list[Table]:
    """The sheets of 执行进度_<年>_<MMDD>.xlsx, in order."""
    return [
        summary_table(pr),
        by_month_table(pr),
        missing_table(KEY_MISSING, "重点单位未检", pr.key_missing),
        missing_table(DRAWN_MISSING, "“双随机”抽查对象未检", pr.drawn_missing),
        unplanned_table(pr),
        over_cap_table(pr, has_caps),
        problems_table(pr),
    ]


def result_text(hazards: int | None) -> str:
    if hazards is None:
        return "未记录"
    return f"发现隐患{hazards}项" if hazards else "未发现隐患"


def results_table(pr: Progress, authority: str, with_inspectors: bool = False) -> Table:
    """抽查结果公示: each drawn target visited, as bureaus publish it; inspectors' names only when
    asked (never their 执法证号)."""
    columns = [
        Column("序号", INT),
        Column("检查对象"),
        Column("统一社会信用代码"),
        Column("检查日期"),
        Column("检查单位"),
        Column("发现隐患（项）", INT),
        Column("检查结果"),
    ]
    if with_inspectors:
        columns.append(Column("执法人员"))
    rows = []
    for n, (e, unit, v) in enumerate(pr.drawn_visits, 1):
        row: tuple[object, ...] = (n, e.name, e.code, v.date.isoformat(), unit, v.hazards, result_text(v.hazards))
        if with_inspectors:
            row += ("、".join(v.inspectors),)
        rows.append(row)
    return Table(
        RESULTS,
        f"{authority}{pr.year}年度“双随机”抽查结果公示（截至{month_day(pr.as_of)}，共{len(rows)}家次）",
        tuple(columns),
        tuple(rows),
    )
