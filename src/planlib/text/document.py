"""The whole filed plan as text: the bureau's own prose (计划正文) around the computed sections,
the document furniture (文号, 主送, 署名, 成文日期, 抄送) and the three attachments.

- ``document_blocks``: the main text, block by block. Without 计划正文 it is the plan's full
  title and sections 四–六; with it, the sheet's rows in order, the computed sections where
  its 计算部分 row says (numbered from there), placeholders such as ``{year}`` filled in.
- ``attachments``: 附件1 各执法单位检查任务分解表, 附件2 行政执法工作日测算表, 附件3 月度检查安排表,
  as :class:`~planlib.text.report.Table` rows (the .docx and .xlsx writers render them).
- ``plan_markdown``: all of it as Markdown (the year's ``plan_<年>.md``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from planlib.core.compute import CategoryResult, PlanResult
from planlib.core.document import COMPUTED, REWRITE, TITLE as PROSE_TITLE
from planlib.core.model import FORM_NOTICE
from planlib.core.register import KeyAssignment
from planlib.core.rules import WARNING, Finding
from planlib.core.schedule import BASIS_WEEKDAYS, Schedule, plan_schedule
from planlib.core.shares import split_shares
from planlib.text.items import items_notes, items_table
from planlib.text.markup import md_cell, md_text
from planlib.text.numbers import decimal, pct_trimmed, share_text
from planlib.text.register import FILED_KEY_LIST, filed_key_units_table
from planlib.text.report import (
    BODY,
    H1,
    INT,
    TITLE,
    Block,
    Column,
    Table,
    blocks_markdown,
    computed_sections,
    numeral,
    numeral_value,
    organ,
    our_area,
    per_person_formula,
    plan_blocks,
    plan_title,
    short_authority,
)

# Block kinds of the document furniture (GB/T 9704-2012 §7).
DOC_NUMBER = "doc_number"  # 发文字号, centred above the title
RECIPIENTS = "recipients"  # 主送机关, flush left under the title
ATTACHMENT_NOTE = "attachment_note"  # 附件说明: "附件：1.…", further lines aligned under "1."
SIGNATURE = "signature"  # 署名 (发文机关署名)
DATE = "date"  # 成文日期
COPIES = "copies"  # 抄送机关 (版记)
ORGAN_MARK = "organ_mark"  # 发文机关标志, red, centred at the top of the first page
SEPARATOR = "separator"  # the red line under the 发文机关标志 (and the 发文字号)
PLAN_LABEL = "plan_label"  # "附件": the plan, on a new page after the 印发通知 it is attached to
IMPRINT = "imprint"  # 版记: 印发机关 and 印发日期 ("北京市西城区应急管理局\t2020年3月1日印发")

# Placeholders a 计划正文 row may use, and what they stand for (shown in the template).
PLACEHOLDERS: dict[str, str] = {
    "authority": "监督检查主体名称（北京市西城区应急管理局）",
    "short_authority": "简称（区应急管理局）",
    "area": "本地区的称呼（我区）",
    "organ": "机关类别（局）",
    "year": "计划年度（2020）",
    "headcount": "在册定编人数",
    "enforcement_staff": "执法人员数",
    "staff_share": "执法人员占在册定编人员的比例（42.17%）",
    "workdays_per_person": "国家法定工作日（每人）",
    "total_workdays": "总法定工作日",
    "other_enforcement": "其他执法工作日",
    "non_enforcement": "非执法工作日",
    "inspection_workdays": "监督检查工作日",
    "key_workdays": "重点检查工作日",
    "general_workdays": "一般检查工作日",
    "planned_inspections": "计划检查家数",
    "key_inspections": "重点检查家数",
    "general_inspections": "一般检查家数",
    "random_min": "“双随机”最少家数",
    "key_share": "重点检查占比（60.47%）",
    "general_share": "一般检查占比（39.53%）",
    "key_share_min": "重点检查最低占比（60%）",
    "random_share_min": "“双随机”最低比例（80%）",
    "entity_base": "管理对象基数",
    "plan_ratio": "计划检查比例（5.9%）",
    "days_per_key_inspection": "每家重点检查所需工作日",
    "days_per_general_inspection": "每家一般检查所需工作日",
}
# Read left to right as str.format reads it: ``{{`` and ``}}`` are literal braces, ``{name}`` a
# placeholder (so ``{{{year}}}`` is a brace, the year, a brace).
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def placeholders_in(text: str) -> list[str]:
    """The placeholder names a prose text uses (``{{`` and ``}}`` are literal braces)."""
    return [m.group(1) for m in _TOKEN.finditer(text) if m.group(1) is not None]


def placeholder_values(r: PlanResult) -> dict[str, str]:
    plan = r.plan
    key_share, general_share = split_shares(r.key_inspections, r.general_inspections)

    def count(value: int | None) -> str:
        return "" if value is None else str(value)

    return {
        "authority": plan.authority,
        "short_authority": short_authority(plan.authority),
        "area": our_area(plan.authority),
        "organ": organ(plan.authority),
        "year": str(plan.year),
        "headcount": count(plan.headcount),
        "enforcement_staff": str(r.enforcement_staff),
        "staff_share": share_text(r.staff_share),
        "workdays_per_person": str(r.workdays_per_person),
        "total_workdays": str(r.total_workdays),
        "other_enforcement": str(r.other_enforcement.total),
        "non_enforcement": str(r.non_enforcement.total),
        "inspection_workdays": str(r.inspection_workdays),
        "key_workdays": str(r.key_workdays),
        "general_workdays": str(r.general_workdays),
        "planned_inspections": str(r.planned_inspections),
        "key_inspections": str(r.key_inspections),
        "general_inspections": str(r.general_inspections),
        "random_min": str(r.random_min),
        "key_share": share_text(key_share),
        "general_share": share_text(general_share),
        "key_share_min": pct_trimmed(plan.key_share_min),
        "random_share_min": pct_trimmed(plan.random_share_min),
        "entity_base": count(plan.entity_base),
        "plan_ratio": share_text(r.plan_ratio, 1),
        "days_per_key_inspection": decimal(plan.days_per_key_inspection),
        "days_per_general_inspection": decimal(plan.days_per_general_inspection),
    }


def fill(text: str, values: dict[str, str]) -> str:
    """Replace each ``{name}`` by its value (names were checked when the workbook was read)."""
    return _TOKEN.sub(lambda m: m.group(0)[0] if m.group(1) is None else values[m.group(1)], text)


_LEADING_NUMERAL = re.compile(r"^([一二三四五六七八九十]+)、")


def _heading_number(text: str) -> int | None:
    m = _LEADING_NUMERAL.match(text)
    return numeral_value(m.group(1)) if m else None


def _body(r: PlanResult, values: dict[str, str]) -> tuple[list[Block], list[Block]]:
    """(title blocks, body blocks) of a plan with 计划正文."""
    prose = r.plan.prose
    rewrites = {p.original: fill(p.text, values) for p in prose if p.level == REWRITE}
    titles = [Block(TITLE, fill(p.text, values)) for p in prose if p.level == PROSE_TITLE]
    body: list[Block] = []
    last, placed = 0, False
    for p in prose:
        if p.level in (PROSE_TITLE, REWRITE):
            continue
        if p.level == COMPUTED:
            first = (numeral_value(p.text) or last + 1) if p.text else last + 1  # the reader checked the numeral
            body += [Block(b.kind, rewrites.get(b.text, b.text)) for b in computed_sections(r, first)]
            last, placed = first + 2, True
            continue
        block = Block(p.level, fill(p.text, values))
        if block.kind == H1:
            last = _heading_number(block.text) or last
        body.append(block)
    if not placed:
        body += [Block(b.kind, rewrites.get(b.text, b.text)) for b in computed_sections(r, last + 1)]
    return titles or [Block(TITLE, plan_title(r))], body


def heading_findings(r: PlanResult) -> list[Finding]:
    """The bureau's own 一级 headings numbered by hand around 计算部分 (two 七、, or 九、十、十一、七、八)
    are printed as typed: when the document's 一级 numerals do not run 一、二、三… a warning says so."""
    if not r.plan.prose:
        return []
    _, body = _body(r, placeholder_values(r))
    numbers = [(b.text, _heading_number(b.text)) for b in body if b.kind == H1]
    numbered = [(text, n) for text, n in numbers if n is not None]
    wrong = next((i for i, (_, n) in enumerate(numbered) if n != i + 1), None)
    if wrong is None:
        return []
    text = numbered[wrong][0]
    where = next((p.where for p in r.plan.prose if p.level == H1 and fill(p.text, placeholder_values(r)) == text), "")
    shown = "、".join(t.split("、", 1)[0] for t, _ in numbered)
    expected = "、".join(numeral(i + 1) for i in range(len(numbered)))
    return [
        Finding(
            "prose_numbering",
            WARNING,
            f"一级标题的编号为{shown}，与测算部分合排后应为{expected}；“{text}”起编号不连续，请改正“计划正文”中的编号",
            where,
        )
    ]


def document_findings(r: PlanResult) -> list[Finding]:
    """A 改写 row whose 原文 is no line of the computed sections would silently do nothing, and
    hand-numbered headings that do not run on: warnings."""
    rewrites = [p for p in r.plan.prose if p.level == REWRITE]
    if not rewrites:
        return heading_findings(r)
    lines = {_unnumbered(b.text) for b in computed_sections(r)}  # however the sections are numbered
    return [
        Finding("prose_rewrite", WARNING, f"“改写”的原文“{p.original}”不是测算部分的任何一行，未改写", p.where)
        for p in rewrites
        if _unnumbered(p.original) not in lines
    ] + heading_findings(r)


_SECTION_NUMERAL = re.compile(r"^[一二三四五六七八九十]+、")


def _unnumbered(line: str) -> str:
    """A line without its section numeral (四、 or 一、): the same heading however it is numbered."""
    return _SECTION_NUMERAL.sub("", line, count=1)


def document_blocks(
    r: PlanResult, with_attachments: bool = True, key_units: KeyAssignment | None = None
) -> list[Block]:
    """The main text of the filed document, furniture included (attachments themselves excluded);
    with ``key_units`` (a run with a register) the 附件说明 names the key-unit list too.

    ``document_form`` = 计划 (default): the plan as a document of its own (文号, title, 主送, text,
    附件说明, 署名, 成文日期, 抄送). = 通知: the 印发通知 first ("××关于印发《…》的通知": 主送, a
    short body, its 附件 line, 署名, 成文日期), then on a new page the plan as its 附件 (title, text
    and the plan's own 附件说明), and the 版记 at the end (抄送, 印发机关 and 印发日期). With
    ``issuing_organ`` either form opens with the 发文机关标志 and the red separator line."""
    plan = r.plan
    if plan.prose:
        titles, body = _body(r, placeholder_values(r))
    else:
        blocks = plan_blocks(r)
        titles, body = blocks[:1], blocks[1:]
    head = [Block(ORGAN_MARK, plan.issuing_organ)] if plan.issuing_organ else []
    head += [Block(DOC_NUMBER, plan.doc_number)] if plan.doc_number else []
    head += [Block(SEPARATOR, "")] if plan.issuing_organ else []
    recipients = [Block(RECIPIENTS, f"{plan.recipients.rstrip('：:')}：")] if plan.recipients else []
    notes = []
    if with_attachments:
        names = [title for _, title in ATTACHMENT_TITLES] + ([ITEMS_ATTACHMENT] if r.item_lines else [])
        names += [FILED_KEY_LIST] if key_units is not None else []
        notes += [
            Block(ATTACHMENT_NOTE, ("附件：" if n == 1 else "") + f"{n}.{name}") for n, name in enumerate(names, 1)
        ]
    signed = [Block(SIGNATURE, plan.signature or plan.authority)]
    if plan.doc_date:
        signed.append(Block(DATE, plan.doc_date))
    copies = [Block(COPIES, f"抄送：{plan.copies.rstrip('。')}。")] if plan.copies else []
    if plan.document_form != FORM_NOTICE:
        return [*head, *titles, *recipients, *body, *notes, *signed, *copies]
    name = notice_plan_name(plan.authority, [t.text for t in titles])
    notice = [
        Block(TITLE, f"{plan.authority}关于印发《{name}》的通知"),
        *recipients,
        Block(BODY, f"现将《{name}》印发给你们，请结合工作实际，认真贯彻落实。"),
        Block(ATTACHMENT_NOTE, f"附件：{name}"),
    ]
    imprint = Block(IMPRINT, f"{plan.signature or plan.authority}\t{plan.doc_date or ''}印发")
    return [*head, *notice, *signed, Block(PLAN_LABEL, "附件"), *titles, *body, *notes, *copies, imprint]


def notice_plan_name(authority: str, titles: list[str]) -> str:
    """The plan's name as the 印发通知 quotes it: its title lines as one, without the authority
    the notice's own title already begins with ("2020年度安全生产监督检查计划")."""
    name = "".join(titles)
    return name.removeprefix(authority) or name


# ---------------------------------------------------------------- attachments

# Chart stem (planlib.io.names.PLAN_CHARTS) → its caption as a figure of the document.
CHART_CAPTIONS = {
    "waterfall": "行政执法工作日测算",
    "other_enforcement": "其他执法工作日构成",
    "non_enforcement": "非执法工作日构成",
    "units": "各执法单位检查任务",
    "schedule": "月度检查安排",
}

ATTACHMENT_TITLES = (
    ("tasks", "各执法单位检查任务分解表"),
    ("workdays", "行政执法工作日测算表"),
    ("schedule", "月度检查安排表"),
)
ITEMS_ATTACHMENT = "涉企行政检查计划表"  # 附件4, with 检查事项 and a register


@dataclass(frozen=True)
class Attachment:
    label: str  # 附件1
    table: Table  # its title is the attachment's title
    notes: tuple[str, ...] = ()  # lines under the table (e.g. how months were weighted)
    schedule: Schedule | None = None  # 附件3's schedule, to cut the table where a page is too narrow


def _unit_accounts(r: PlanResult) -> bool:
    """The units have their own workday accounts (sheet 单位工作日, contract §4) when every
    unit result carries them; until the computation gives them, the table has no such columns."""
    return bool(r.units) and all(getattr(u, "inspection_workdays", None) is not None for u in r.units)


def tasks_table(r: PlanResult) -> Table:
    """附件1: units × key/general inspections with totals (and each unit's workday account)."""
    accounts = _unit_accounts(r)
    columns = [Column("序号"), Column("执法单位"), Column("执法人员数", INT)]
    if accounts:
        columns += [
            Column("总法定工作日", INT),
            Column("其他执法工作日", INT),
            Column("非执法工作日", INT),
            Column("监督检查工作日", INT),
        ]
    columns += [Column("重点检查家数", INT), Column("一般检查家数", INT), Column("合计", INT)]
    rows = []
    for n, u in enumerate(r.units, 1):
        account: tuple[int, ...] = ()
        if accounts:
            account = tuple(
                _account(getattr(u, name))
                for name in ("total_workdays", "other_enforcement", "non_enforcement", "inspection_workdays")
            )
        rows.append((str(n), u.name, u.staff, *account, u.key, u.general, u.total))
    total_account: tuple[int, ...] = ()
    if accounts:
        total_account = (r.total_workdays, r.other_enforcement.total, r.non_enforcement.total, r.inspection_workdays)
    rows.append(
        (
            "",
            "合计",
            r.enforcement_staff,
            *total_account,
            r.key_inspections,
            r.general_inspections,
            r.planned_inspections,
        )
    )
    return Table(
        "附件1 任务分解", f"{r.plan.year}年度各执法单位检查任务分解表", tuple(columns), tuple(rows), total_row=True
    )


def _account(value: object) -> int:
    """A unit's workday figure: a number, or a category result with a ``total``."""
    figure = getattr(value, "total", value)
    if not isinstance(figure, int):
        raise TypeError(f"a unit's workdays must be whole, not {figure!r}")
    return figure


def workdays_table(r: PlanResult) -> Table:
    """附件2: the chain, and every item with its method and figure."""
    plan, cal = r.plan, r.calendar
    per_person = per_person_formula(cal)
    other, non = r.other_enforcement, r.non_enforcement

    def items(cat: CategoryResult) -> list[tuple[object, ...]]:
        return [(str(n), i.name, i.method, i.workdays, i.note) for n, i in enumerate(cat.items, 1)]

    rows = [
        (
            "一",
            "国家法定工作日（每人）",
            per_person,
            cal.workdays_per_person,
            "全年天数-双休日-法定节假日" + ("+调休上班日" if cal.makeup_workdays else ""),
        ),
        (
            "二",
            "总法定工作日",
            f"{cal.workdays_per_person}×{r.enforcement_staff}",
            r.total_workdays,
            "国家法定工作日×执法人员数量",
        ),
        ("三", "其他执法工作日", f"{len(other.items)}项合计", other.total, ""),
        *items(other),
        ("四", "非执法工作日", f"{len(non.items)}项合计", non.total, ""),
        *items(non),
        (
            "五",
            "监督检查工作日",
            f"{r.total_workdays}-{other.total}-{non.total}",
            r.inspection_workdays,
            "总法定工作日-其他执法工作日-非执法工作日",
        ),
        (
            "1",
            "重点检查工作日",
            f"{r.key_inspections}家×{decimal(plan.days_per_key_inspection)}天",
            r.key_workdays,
            "",
        ),
        (
            "2",
            "一般检查工作日",
            f"{r.general_inspections}家×{decimal(plan.days_per_general_inspection)}天"
            + (f"+{r.general_workdays_unused}（未安排）" if r.general_workdays_unused else ""),
            r.general_workdays,
            "",
        ),
    ]
    return Table(
        "附件2 工作日测算",
        f"{plan.year}年度行政执法工作日测算表",
        (Column("序号"), Column("项目"), Column("测算方法或计算式"), Column("工作日", INT), Column("说明")),
        tuple(rows),
    )


UNIT_SEP = "·"  # a column "执法监察一队·重点" sits under a two-row header in the .docx


def schedule_table(s: Schedule, units: Sequence[int] | None = None, totals: bool = True) -> Table:
    """附件3: months × units (key and general), with the month's workdays and totals both ways;
    ``units`` (indices) and ``totals`` give one part of it, for a page too narrow for all units."""
    shown = range(len(s.units)) if units is None else units
    columns = [Column("月份"), Column("工作日", INT)]
    for u in shown:
        columns += [Column(f"{s.units[u]}{UNIT_SEP}重点", INT), Column(f"{s.units[u]}{UNIT_SEP}一般", INT)]
    if totals:
        columns += [Column(f"合计{UNIT_SEP}{part}", INT) for part in ("重点", "一般", "小计")]
    rows = []
    for m in range(12):
        cells = [v for u in shown for v in (s.key[m][u], s.general[m][u])]
        sums = (sum(s.key[m]), sum(s.general[m]), s.month_total(m)) if totals else ()
        rows.append((f"{m + 1}月", s.weights[m], *cells, *sums))
    cells = [v for u in shown for v in (s.unit_key(u), s.unit_general(u))]
    key, general = sum(map(sum, s.key)), sum(map(sum, s.general))
    rows.append(("合计", sum(s.weights), *cells, *((key, general, key + general) if totals else ())))
    return Table("附件3 月度安排", f"{s.year}年度月度检查安排表", tuple(columns), tuple(rows), total_row=True)


def schedule_parts(s: Schedule, per_part: int) -> list[Table]:
    """附件3 cut into tables of ``per_part`` units each (the months and workdays in every one, the
    totals in the last), for a bureau with more units than one page is wide for."""
    size = max(1, per_part)
    starts = range(0, len(s.units), size)
    return [schedule_table(s, range(a, min(a + size, len(s.units))), totals=a + size >= len(s.units)) for a in starts]


def schedule_notes(s: Schedule, workdays_per_person: int | None = None) -> tuple[str, ...]:
    """How the months were weighted, and the front-loading of key inspections, in words. The
    basis is stated once, in one sentence; where the months' workdays do not add up to the
    plan's 国家法定工作日 (``workdays_per_person``, e.g. 249 by the arrangement against 251 by the
    formula), the sentence says that both are meant and what each is for."""
    weights = sum(s.weights)
    if s.basis == BASIS_WEEKDAYS:
        basis = (
            f"注：{s.year}年的国务院放假安排未知，各月按周一至周五的天数（共{weights}天）"
            "分配检查家数，未扣除法定节假日。"
        )
    elif workdays_per_person is not None and workdays_per_person != weights:
        basis = (
            f"注：各月检查家数按{s.year}年国务院放假安排的各月工作日（全年{weights}个）比例分配，"
            f"“工作日”一列即此；本计划测算的国家法定工作日（每人{workdays_per_person}个）不按月份拆分，"
            "只用于测算全年检查任务。"
        )
    else:
        basis = f"注：各月检查家数按{s.year}年各月工作日（国务院放假安排，共{weights}个工作日）比例分配。"
    notes = [basis, "各单位各月之和等于其全年任务，各月各单位之和等于当月合计。"]
    if s.key_by_month:
        notes.append(f"重点检查于{s.key_by_month}月底前全部完成。")
    return tuple(notes)


def attachments(
    r: PlanResult, schedule: Schedule | None = None, key_units: KeyAssignment | None = None
) -> list[Attachment]:
    """附件1–3, and with ``key_units`` (a run with a register) 附件4 重点检查单位名单."""
    s = schedule or plan_schedule(r)
    found = [
        Attachment("附件1", tasks_table(r)),
        Attachment("附件2", workdays_table(r)),
        Attachment("附件3", schedule_table(s), schedule_notes(s, r.workdays_per_person), s),
        *([Attachment("附件4", items_table(r), items_notes(r))] if r.item_lines else []),  # docs/contract.md §6
    ]
    if key_units is not None:
        found.append(Attachment(f"附件{len(found) + 1}", filed_key_units_table(key_units, r.plan.year)))
    return found


def _markdown_table(t: Table) -> str:
    headers = [md_cell(h.replace(UNIT_SEP, "")) for h in t.headers]
    rows = [[md_cell(v) for v in row] for row in t.shown_rows()]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _markdown_block(b: Block) -> Block:
    """The red line as a rule, the 印发 line's tab as spaces."""
    if b.kind == SEPARATOR:
        return Block(BODY, "---")
    return Block(b.kind, b.text.replace("\t", "　　")) if b.kind == IMPRINT else b


def plan_markdown(r: PlanResult, schedule: Schedule | None = None, key_units: KeyAssignment | None = None) -> str:
    """The whole plan as Markdown: the main text, then each attachment (its label, title, table)."""
    blocks = document_blocks(r, key_units=key_units)
    notice = any(b.kind == IMPRINT for b in blocks)  # a notice's 版记 closes the document, after the attachments
    closing = [_markdown_block(b) for b in blocks if notice and b.kind in (COPIES, IMPRINT)]
    shown = [_markdown_block(b) for b in blocks if not (notice and b.kind in (COPIES, IMPRINT))]
    parts = [blocks_markdown(shown).rstrip("\n")]
    for a in attachments(r, schedule, key_units):
        parts += [md_text(a.label), f"### {md_text(a.table.title)}", _markdown_table(a.table)]
        parts += [md_text(note) for note in a.notes]
    if closing:
        parts.append(blocks_markdown(closing).rstrip("\n"))
    return "\n\n".join(parts) + "\n"
