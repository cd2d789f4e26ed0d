"""The plan's sections 四 (行政执法工作日测算), 五 (监督检查主体及管理对象基数) and 六 (监督检查安排及职责分工)
as blocks, in the reference plan's structure and wording.
"""

from __future__ import annotations

from dataclasses import dataclass

from planlib.core.compute import CategoryResult, ItemResult, PlanResult
from planlib.core.document import KeyCategory
from planlib.core.model import METHOD_NOT_COUNTED
from planlib.core.rules import KEY_SHARE_FLOOR
from planlib.core.shares import split_shares
from planlib.text.calendar import calendar_sentence
from planlib.text.markup import md_text
from planlib.text.numbers import count_word, decimal, pct_trimmed, share_text
from planlib.text.report.summary import category_split, not_counted_text, unit_split

# ---------------------------------------------------------------- the plan text (四 to 六)

TITLE, H1, H2, H3, BODY = "title", "h1", "h2", "h3", "body"
_MARKDOWN_PREFIX = {TITLE: "# ", H1: "## ", H2: "### ", H3: "#### ", BODY: ""}
_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Block:
    """A heading or paragraph of the plan text: ``kind`` is one of TITLE, H1, H2, H3, BODY."""

    kind: str
    text: str


def short_authority(name: str) -> str:
    """How the plan refers to itself: 北京市西城区应急管理局 → 区应急管理局."""
    level = max((name.rfind(c) for c in "省市州盟区县旗"), default=-1)
    return name[level:] if 0 <= level < len(name) - 1 else "本单位"


def our_area(name: str) -> str:
    """How the plan names its own area: 北京市西城区应急管理局 → 我区, …县… → 我县."""
    short = short_authority(name)
    return "本地区" if short == "本单位" else "我" + short[0]


def organ(name: str) -> str:
    """The authority's kind of organ, as in 本局 / 局重点检查单位: 局, 厅, 委 …; else 单位."""
    return name[-1] if name[-1:] in "局厅委办处" else "单位"


def _item_line(n: int, item: ItemResult) -> str:
    if item.method == METHOD_NOT_COUNTED:
        return f"{n}.{item.name}：{not_counted_text(item)}。"
    note = f"（{item.note}）" if item.note else ""
    return f"{n}.{item.name}：预计需用{item.workdays}个工作日{note}。"


def _item_lines(r: PlanResult, cat: CategoryResult) -> list[str]:
    """The category's numbered items, then each unit's workdays not split by item (单位工作日
    rows with a blank 项目), so the listed figures add up to the heading's total."""
    lines = [_item_line(n, i) for n, i in enumerate(cat.items, 1)]
    notes = {(w.unit, w.category): w.note for w in r.plan.unit_workdays if not w.item}
    for n, (unit, days) in enumerate(cat.unit_rows, len(cat.items) + 1):
        note = notes.get((unit, cat.category), "")
        lines.append(f"{n}.{unit}{cat.category}工作：预计需用{days}个工作日{f'（{note}）' if note else ''}。")
    return lines


def _joined(parts: list[str]) -> str:
    return "，".join(parts)


def numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (section numbers of a plan)."""
    if not 1 <= n <= 99:
        raise ValueError("section numbers run from 1 to 99")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens - 1] + "十")
    return head + ("" if ones == 0 else _NUMERALS[ones - 1])


def numeral_value(text: str) -> int | None:
    """The number a section numeral stands for (四 → 4, 十二 → 12), or None."""
    return next((n for n in range(1, 100) if numeral(n) == text), None)


def _section_4(r: PlanResult, number: str = "四") -> list[Block]:
    plan, cal = r.plan, r.calendar
    staff = f"实际纳入安全生产执法工作日计算的执法人员{r.enforcement_staff}人"
    if plan.headcount:
        staff = (
            f"目前，{short_authority(plan.authority)}定编在册人数为{plan.headcount}人，{staff}，"
            f"占在册定编人员的{share_text(r.staff_share)}。"
        )
    else:
        staff = f"目前，{staff}。"
    other, non = r.other_enforcement, r.non_enforcement
    general = f"预计需用{r.general_workdays}个工作日。"
    if r.general_workdays_unused:
        general = (
            f"预计需用{r.general_workdays}个工作日（按每家{decimal(plan.days_per_general_inspection)}个工作日"
            f"安排{r.general_inspections}{count_word(r.counts_visits)}，余{r.general_workdays_unused}个工作日）。"
        )
    blocks = [
        Block(H1, f"{number}、行政执法工作日测算"),
        Block(H2, f"（一）总法定工作日：{r.total_workdays}个工作日{unit_split(r, 'total_workdays')}"),
        Block(BODY, calendar_sentence(cal)),
        Block(BODY, staff),
        Block(
            BODY,
            f"总法定工作日=国家法定工作日×执法人员数量={cal.workdays_per_person}×{r.enforcement_staff}"
            f"={r.total_workdays}个工作日。",
        ),
        Block(H2, f"（二）监督检查工作日：{r.inspection_workdays}个工作日{unit_split(r, 'inspection_workdays')}"),
        Block(
            BODY,
            f"监督检查工作日=总法定工作日-其他执法工作日-非执法工作日={r.total_workdays}-{other.total}-"
            f"{non.total}={r.inspection_workdays}个工作日。",
        ),
        Block(H3, "1.重点检查工作日"),
        Block(BODY, f"预计需用{r.key_workdays}个工作日。"),
        Block(H3, "2.一般检查工作日"),
        Block(BODY, general),
        Block(H2, f"（三）其他执法工作日：{other.total}个工作日{category_split(r, other)}"),
        *[Block(BODY, line) for line in _item_lines(r, other)],
        Block(H2, f"（四）非执法工作日：{non.total}个工作日{category_split(r, non)}"),
        *[Block(BODY, line) for line in _item_lines(r, non)],
    ]
    return blocks


def _section_5(r: PlanResult, number: str = "五") -> list[Block]:
    plan = r.plan
    if not plan.entity_base:  # a filed plan states no "未填报": the base is simply not mentioned
        return [Block(H1, "五、监督检查主体"), Block(BODY, f"监督检查主体名称：{plan.authority}。")]
    base = f"管理对象基数：监管对象动态调整基数为{plan.entity_base}家，计划检查比例为{share_text(r.plan_ratio, 1)}。"
    return [
        Block(H1, f"{number}、监督检查主体及管理对象基数"),
        Block(BODY, f"监督检查主体名称：{plan.authority}。"),
        Block(BODY, base),
    ]


def _category_line(n: int, category: KeyCategory) -> str:
    """A key category as the reference prints it: one unit "由…完成", several "…完成N家，…"."""
    described = f"：{category.description}" if category.description else ""
    if len(category.counts) == 1:
        unit, count = category.counts[0]
        return f"{n}.{category.name}{described}{count}家，由{unit}完成。"
    return (
        f"{n}.{category.name}{described}{category.total}家，"
        + _joined([f"{unit}完成{count}家" for unit, count in category.counts])
        + "。"
    )


def _key_lines(r: PlanResult) -> list[str]:
    """Key inspections by unit: the workbook's key categories (重点检查类别) when it states them;
    else units doing only key inspections on their own lines, the rest together."""
    if r.plan.key_categories:
        return [_category_line(n, c) for n, c in enumerate(r.plan.key_categories, 1)]
    w = count_word(r.counts_visits)
    keyed = [u for u in r.units if u.key]
    only_key = [u for u in keyed if not u.general]
    others = [u for u in keyed if u.general]
    if not only_key or not others:
        return [f"其中，{_joined([f'{u.name}完成{u.key}{w}' for u in keyed])}。"] if keyed else []
    lines = [f"{n}.重点检查单位{u.key}{w}，由{u.name}完成。" for n, u in enumerate(only_key, 1)]
    lines.append(
        f"{len(only_key) + 1}.其他纳入重点检查安排的生产经营单位{sum(u.key for u in others)}{w}，"
        + _joined([f"{u.name}完成{u.key}{w}" for u in others])
        + "。"
    )
    return lines


def _section_6(r: PlanResult, number: str = "六") -> list[Block]:
    plan = r.plan
    w = count_word(r.counts_visits)
    key_share, general_share = split_shares(r.key_inspections, r.general_inspections)
    key_pct, general_pct = share_text(key_share), share_text(general_share)
    if r.key_share is not None and r.key_share >= KEY_SHARE_FLOOR:
        verdict = f"符合总局150号文件重点检查比例不低于{pct_trimmed(KEY_SHARE_FLOOR)}的要求"
    else:
        verdict = f"不符合总局150号文件重点检查比例不低于{pct_trimmed(KEY_SHARE_FLOOR)}的要求，须调整"
    general_units = [u for u in r.units if u.general]
    random = (
        f"一般检查原则上采取“双随机”方式，“双随机”抽查比例不低于{pct_trimmed(plan.random_share_min)}，"
        f"即不少于{r.random_min}家。"
    )
    blocks = [
        Block(H1, f"{number}、监督检查安排及职责分工"),
        Block(
            BODY,
            f"按照《安全生产年度监督检查计划编制办法》，结合{our_area(plan.authority)}安全生产监督检查工作特点，"
            f"确定本{organ(plan.authority)}重点检查单位及检查频次。"
            f"全年共计划监督检查生产经营单位{r.planned_inspections}{w}，其中将安全生产风险等级较高及其他需要列入重点检查范围的"
            f"单位列为{plan.year}年度{organ(plan.authority)}重点检查单位，共计{r.key_inspections}{w}，在年度监督检查计划中占{key_pct}，{verdict}。",
        ),
        Block(H2, "（一）重点检查安排"),
        Block(BODY, f"共计检查{r.key_inspections}{w}，在年度监督检查计划中占{key_pct}。"),
        *[Block(BODY, line) for line in _key_lines(r)],
        Block(H2, "（二）一般检查安排"),
        Block(BODY, f"共计开展一般检查{r.general_inspections}{w}，在年度监督检查计划中占{general_pct}。"),
    ]
    if general_units:
        blocks.append(Block(BODY, f"其中，{_joined([f'{u.name}完成{u.general}{w}' for u in general_units])}。"))
    if r.general_inspections and plan.random_sentence:  # opt-in: the reference plan has no such sentence
        blocks.append(Block(BODY, random))
    return blocks


def plan_title(r: PlanResult) -> str:
    return f"{r.plan.authority}{r.plan.year}年度安全生产监督检查计划"


def computed_sections(r: PlanResult, first: int = 4) -> list[Block]:
    """The computed sections (四 行政执法工作日测算, 五 主体及基数, 六 安排及职责分工), numbered from ``first``."""
    return [*_section_4(r, numeral(first)), *_section_5(r, numeral(first + 1)), *_section_6(r, numeral(first + 2))]


def plan_blocks(r: PlanResult) -> list[Block]:
    """The plan's sections 四, 五 and 六, headed by the plan's full title (the document of a
    workbook without 计划正文; :func:`planlib.text.document.document_blocks` adds the rest)."""
    return [Block(TITLE, plan_title(r)), *computed_sections(r)]


def plan_markdown(r: PlanResult) -> str:
    """Sections 四–六 under the title as Markdown (what a workbook without 计划正文 prints);
    the whole filed plan, prose and attachments included, is
    :func:`planlib.text.document.plan_markdown` (``planlib.plan_markdown``)."""
    return blocks_markdown(plan_blocks(r))


def blocks_markdown(blocks: list[Block]) -> str:
    """Blocks as Markdown: headings ``#`` to ``####``, one paragraph per block, every text escaped
    (:mod:`planlib.text.markup`: what a bureau typed prints as typed, never as markup)."""
    return "\n\n".join(_MARKDOWN_PREFIX.get(b.kind, "") + md_text(b.text) for b in blocks) + "\n"
