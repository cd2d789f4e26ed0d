"""Human-readable Chinese text of a computed plan.

- ``format_summary`` / ``format_findings``: the terminal summary of ``planlib compute``.
- ``plan_blocks`` / ``plan_markdown``: sections 四 (行政执法工作日测算), 五 (监督检查主体及管理对象
  基数) and 六 (监督检查安排及职责分工) in the reference plan's structure and wording, every
  figure filled from the computation (``computed_sections`` numbers them from any section);
  :mod:`planlib.text.document` sets them in the whole filed plan.
- ``plan_tables``: the plan's tables (chain, items, units, shares, findings) as plain rows
  with Chinese headers and column kinds, for the notebooks and the .xlsx. A :class:`Table`
  displays itself in a notebook (HTML and aligned text), so the notebooks' kernels never
  import pandas (about half a second each in ``planlib run``).

Only the standard library and the domain core are imported at module level: the command
line imports this on its fast path (pandas only inside :meth:`Table.to_frame`).
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

from planlib.core.calendar import YearCalendar
from planlib.core.compute import CategoryResult, PlanResult
from planlib.core.estimation import history_years
from planlib.core.history import flagged, item_history, staff_series
from planlib.core.model import METHOD_NOT_COUNTED, MODE_LABELS, NON_ENFORCEMENT, OTHER_ENFORCEMENT
from planlib.core.rules import ERROR, INFO, KEY_SHARE_FLOOR, SEVERITY_LABELS, WARNING, Finding, rule_label, shortfall
from planlib.core.shares import round_share, split_shares
from planlib.text.numbers import decimal as days_text, number, pct_trimmed as floor_text, share_text

NOT_COUNTED_DEFAULT = "不计工作日"


def not_counted_text(item) -> str:
    """What the plan prints in place of a 不计 item's workdays: its 说明 ("窗口办理")."""
    return item.note or NOT_COUNTED_DEFAULT


def _ordered(r: PlanResult, by_unit: dict[str, int]) -> list[tuple[str, int]]:
    """Per-unit figures in the order of 执法人员."""
    return [(u.name, by_unit[u.name]) for u in r.plan.units if u.name in by_unit]


def among_units(pairs: list[tuple[str, int]]) -> str:
    """The published phrasing of a split by unit: （其中安全生产科375个工作日、执法大队660个工作日）."""
    if not pairs:
        return ""
    return "（其中" + "、".join(f"{name}{days}个工作日" for name, days in pairs) + "）"


def category_split(r: PlanResult, cat: CategoryResult) -> str:
    """The category's split by unit when 单位工作日 attributes all of it, else ``""``."""
    by_unit = cat.by_unit()
    return among_units(_ordered(r, by_unit)) if by_unit and cat.attributed else ""


def _unit_split(r: PlanResult, figure: str) -> str:
    """A per-unit account figure (``total_workdays``, ``inspection_workdays``) split by unit."""
    if not r.unit_accounts:
        return ""
    return among_units([(u.name, getattr(u, figure)) for u in r.units])


def unit_account_lines(r: PlanResult) -> list[str]:
    """Each unit's own account as one sentence (only when the accounts are complete)."""
    if not r.unit_accounts:
        return []
    return [
        f"{u.name}：总法定工作日={r.workdays_per_person}×{u.staff}={u.total_workdays}个工作日，"
        f"监督检查工作日={u.total_workdays}-{u.other_enforcement}-{u.non_enforcement}={u.inspection_workdays}个工作日。"
        for u in r.units
    ]


def _category_lines(title: str, cat: CategoryResult, r: PlanResult | None = None) -> list[str]:
    lines = [f"{title}：{cat.total}个工作日" + (category_split(r, cat) if r is not None else "")]
    for n, item in enumerate(cat.items, 1):
        if item.method == METHOD_NOT_COUNTED:
            lines.append(f"  {n}.{item.name}：{not_counted_text(item)}（{item.method}）")
        else:
            lines.append(f"  {n}.{item.name}：{item.workdays}个工作日（{item.method}）")
    lines += [f"  {unit}（不分项目）：{days}个工作日" for unit, days in cat.unit_rows]
    return lines


def mode_name(mode: str) -> str:
    """A workday mode as users read it: 公式（…）or 国务院放假安排（含调休）, never its id."""
    return MODE_LABELS.get(mode, mode)


def format_findings(findings: list[Finding]) -> list[str]:
    if not findings:
        return ["规则检查：全部通过"]
    lines = [
        f"规则检查：{sum(f.severity == ERROR for f in findings)}个错误，"
        f"{sum(f.severity == WARNING for f in findings)}个警告，"
        f"{sum(f.severity == INFO for f in findings)}个提示"
    ]
    for f in findings:
        where = f"（{f.where}）" if f.where else ""
        lines.append(f"  [{SEVERITY_LABELS[f.severity]}] {rule_label(f.rule)}：{f.message}{where}")
    return lines


def format_summary(r: PlanResult, findings: list[Finding]) -> str:
    """The whole chain as the terminal summary of ``planlib compute``."""
    plan, cal = r.plan, r.calendar
    staff_line = f"执法人员：{r.enforcement_staff}人"
    if plan.headcount:
        staff_line += f"，占在册定编{plan.headcount}人的{share_text(r.staff_share)}"
    lines = [
        f"{plan.authority} {plan.year}年度安全生产监督检查计划测算",
        f"工作日计算方式：{mode_name(cal.mode)}",
        cal.sentence(),
        staff_line,
        f"总法定工作日={cal.workdays_per_person}×{r.enforcement_staff}={r.total_workdays}个工作日",
        *_category_lines("其他执法工作日", r.other_enforcement, r),
        *_category_lines("非执法工作日", r.non_enforcement, r),
        f"监督检查工作日={r.total_workdays}-{r.other_enforcement.total}-{r.non_enforcement.total}"
        f"={r.inspection_workdays}个工作日",
        f"  重点检查工作日：{r.key_workdays}个（{r.key_inspections}家×{days_text(plan.days_per_key_inspection)}天）",
        f"  一般检查工作日：{r.general_workdays}个"
        f"（{r.general_inspections}家×{days_text(plan.days_per_general_inspection)}天）",
        f"计划检查：{r.planned_inspections}家，其中重点检查{r.key_inspections}家（{share_text(r.key_share)}），"
        f"一般检查{r.general_inspections}家（{share_text(r.general_share)}），“双随机”不少于{r.random_min}家",
    ]
    lack = shortfall(r)
    if lack is not None:  # an impossible plan: its figures are not a plan
        lines[-2] = f"  一般检查工作日：{r.general_workdays}个（不足，无法安排一般检查）"
        lines[-1] = (
            f"计划检查：无法完成（重点检查{r.key_inspections}家需{r.key_workdays}个工作日，"
            f"监督检查工作日{r.inspection_workdays}个" + (f"，缺{lack}个工作日）" if lack else "）")
        )
    if plan.entity_base:
        ratio = f"，计划检查比例{share_text(r.plan_ratio, 1)}" if lack is None else "，计划无法完成，不计算计划检查比例"
        lines.append(f"管理对象基数：{plan.entity_base}家{ratio}")
    lines.append("各执法单位：")
    lines += [f"  {u.name}：{u.staff}人，重点检查{u.key}家，一般检查{u.general}家" for u in r.units]
    if r.unit_accounts:
        allocation = "按各单位能力（capacity）" if plan.general_allocation == "capacity" else "按一般检查权重"
        lines.append(f"各执法单位工作日（一般检查{allocation}分配）：")
        lines += [f"  {line}" for line in unit_account_lines(r)]
    elif plan.unit_workdays:
        lines.append("各执法单位工作日：“单位工作日”未把全部工作日分到各单位，不单独核算各单位的账")
    lines += format_findings(findings)
    return "\n".join(lines)


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


def _item_line(n: int, item) -> str:
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
            f"预计需用{r.general_workdays}个工作日（按每家{days_text(plan.days_per_general_inspection)}个工作日"
            f"安排{r.general_inspections}家，余{r.general_workdays_unused}个工作日）。"
        )
    blocks = [
        Block(H1, f"{number}、行政执法工作日测算"),
        Block(H2, f"（一）总法定工作日：{r.total_workdays}个工作日{_unit_split(r, 'total_workdays')}"),
        Block(BODY, cal.sentence()),
        Block(BODY, staff),
        Block(
            BODY,
            f"总法定工作日=国家法定工作日×执法人员数量={cal.workdays_per_person}×{r.enforcement_staff}"
            f"={r.total_workdays}个工作日。",
        ),
        Block(H2, f"（二）监督检查工作日：{r.inspection_workdays}个工作日{_unit_split(r, 'inspection_workdays')}"),
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


def _category_line(n: int, category) -> str:
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
    keyed = [u for u in r.units if u.key]
    only_key = [u for u in keyed if not u.general]
    others = [u for u in keyed if u.general]
    if not only_key or not others:
        return [f"其中，{_joined([f'{u.name}完成{u.key}家' for u in keyed])}。"] if keyed else []
    lines = [f"{n}.重点检查单位{u.key}家，由{u.name}完成。" for n, u in enumerate(only_key, 1)]
    lines.append(
        f"{len(only_key) + 1}.其他纳入重点检查安排的生产经营单位{sum(u.key for u in others)}家，"
        + _joined([f"{u.name}完成{u.key}家" for u in others])
        + "。"
    )
    return lines


def _section_6(r: PlanResult, number: str = "六") -> list[Block]:
    plan = r.plan
    key_share, general_share = split_shares(r.key_inspections, r.general_inspections)
    key_pct, general_pct = share_text(key_share), share_text(general_share)
    if r.key_share is not None and r.key_share >= KEY_SHARE_FLOOR:
        verdict = f"符合总局150号文件重点检查比例不低于{floor_text(KEY_SHARE_FLOOR)}的要求"
    else:
        verdict = f"不符合总局150号文件重点检查比例不低于{floor_text(KEY_SHARE_FLOOR)}的要求，须调整"
    general_units = [u for u in r.units if u.general]
    random = (
        f"一般检查原则上采取“双随机”方式，“双随机”抽查比例不低于{floor_text(plan.random_share_min)}，"
        f"即不少于{r.random_min}家。"
    )
    blocks = [
        Block(H1, f"{number}、监督检查安排及职责分工"),
        Block(
            BODY,
            f"按照《安全生产年度监督检查计划编制办法》，结合{our_area(plan.authority)}安全生产监督检查工作特点，"
            f"确定本{organ(plan.authority)}重点检查单位及检查频次。"
            f"全年共计划监督检查生产经营单位{r.planned_inspections}家，其中将安全生产风险等级较高及其他需要列入重点检查范围的"
            f"单位列为{plan.year}年度{organ(plan.authority)}重点检查单位，共计{r.key_inspections}家，在年度监督检查计划中占{key_pct}，{verdict}。",
        ),
        Block(H2, "（一）重点检查安排"),
        Block(BODY, f"共计检查{r.key_inspections}家，在年度监督检查计划中占{key_pct}。"),
        *[Block(BODY, line) for line in _key_lines(r)],
        Block(H2, "（二）一般检查安排"),
        Block(BODY, f"共计开展一般检查{r.general_inspections}家，在年度监督检查计划中占{general_pct}。"),
    ]
    if general_units:
        blocks.append(Block(BODY, f"其中，{_joined([f'{u.name}完成{u.general}家' for u in general_units])}。"))
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
    """Blocks as Markdown: headings ``#`` to ``####``, one paragraph per block."""
    return "\n\n".join(_MARKDOWN_PREFIX.get(b.kind, "") + b.text for b in blocks) + "\n"


# ---------------------------------------------------------------- tables

TEXT, INT, DAYS, NUMBER, PERCENT = "text", "int", "days", "number", "percent"


@dataclass(frozen=True)
class Column:
    name: str  # the Chinese header
    kind: str = TEXT  # TEXT, INT, DAYS (workdays, whole or not), NUMBER (two places), PERCENT (0.00%)


@dataclass(frozen=True)
class Table:
    """A table of the plan: ``name`` is short (a sheet name), ``title`` says what it shows."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    total_row: bool = False  # the last row is a 合计 row

    @property
    def headers(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def indexed(self) -> bool:
        """The table numbers its own rows (a 序号 column); otherwise rows are numbered from 1."""
        return self.headers[0] == "序号"

    def shown_rows(self) -> list[list]:
        """The rows as displayed: percentages as text (60.47%), workdays as the plan writes
        them, blanks as empty; whole numbers stay numbers."""

        def show(value, column: Column):
            if value is None:
                return ""
            if column.kind == PERCENT:
                return share_text(value)
            if column.kind in (DAYS, NUMBER):
                return number(value)
            return value

        return [[show(v, c) for v, c in zip(row, self.columns, strict=False)] for row in self.rows]

    def _labelled(self) -> tuple[list[str], list[list[str]]]:
        """Header and rows as text, the row label first (序号, or 1, 2, … like a DataFrame's index)."""
        rows = self.shown_rows()
        if self.indexed:
            return self.headers, [["" if r[0] == "" else str(r[0]), *map(str, r[1:])] for r in rows]
        return ["", *self.headers], [[str(n), *map(str, r)] for n, r in enumerate(rows, 1)]

    def _repr_html_(self) -> str:
        """The notebook's (and the HTML export's) view: a plain table, as a DataFrame renders."""
        header, rows = self._labelled()

        def cells(tag: str, values) -> str:
            return "".join(f"<{tag}>{html.escape(v)}</{tag}>" for v in values)

        body = "".join(f"<tr>{cells('th', r[:1])}{cells('td', r[1:])}</tr>" for r in rows)
        return (
            f'<table class="dataframe"><thead><tr style="text-align: right;">{cells("th", header)}</tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )

    def to_text(self) -> str:
        """Aligned plain text (Chinese characters count double), right-aligned like a DataFrame."""
        header, rows = self._labelled()
        widths = [max(text_width(r[c]) for r in [header, *rows]) for c in range(len(header))]

        def line(values) -> str:
            return "  ".join(" " * (w - text_width(v)) + v for v, w in zip(values, widths, strict=False)).rstrip()

        return "\n".join(line(r) for r in [header, *rows])

    def _repr_pretty_(self, p, cycle: bool) -> None:
        p.text(self.to_text())

    def to_frame(self):
        """The table as a pandas DataFrame of numbers, for analysts to sort, filter and chart
        (shares as fractions, workdays as numbers); notebooks that only show a table display
        the Table itself and spare the kernel the pandas import."""
        import pandas as pd

        def value(v):
            return float(v) if isinstance(v, Fraction) else v

        frame = pd.DataFrame([[value(v) for v in row] for row in self.rows], columns=self.headers)
        if self.indexed:
            return frame.set_index("序号")
        frame.index = range(1, len(frame) + 1)
        return frame


def text_width(value) -> int:
    """Columns ``value`` takes in a monospaced display: wide (Chinese) characters count two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def per_person_formula(cal: YearCalendar) -> str:
    """How the per-person workdays were reached, as the chain tables print it: ``366-104-11``."""
    if cal.overridden:
        return f"填报（按日历为{cal.computed_workdays}）"
    text = f"{cal.days}-{cal.weekend_days}-{cal.statutory_holidays}"
    return text + (f"+{cal.makeup_workdays}" if cal.makeup_workdays else "")


def chain_table(r: PlanResult) -> Table:
    cal, plan = r.calendar, r.plan
    per_person = per_person_formula(cal)
    general = f"{r.general_inspections}家×{days_text(plan.days_per_general_inspection)}天"
    if r.general_workdays_unused:
        general += f"+{r.general_workdays_unused}（未安排）"
    rows = (
        ("国家法定工作日（每人）", per_person, cal.workdays_per_person),
        ("总法定工作日", f"{cal.workdays_per_person}×{r.enforcement_staff}", r.total_workdays),
        ("其他执法工作日", f"{len(r.other_enforcement.items)}项合计", r.other_enforcement.total),
        ("非执法工作日", f"{len(r.non_enforcement.items)}项合计", r.non_enforcement.total),
        (
            "监督检查工作日",
            f"{r.total_workdays}-{r.other_enforcement.total}-{r.non_enforcement.total}",
            r.inspection_workdays,
        ),
        ("重点检查工作日", f"{r.key_inspections}家×{days_text(plan.days_per_key_inspection)}天", r.key_workdays),
        ("一般检查工作日", general, r.general_workdays),
    )
    return Table(
        "工作日测算",
        f"{plan.year}年度行政执法工作日测算",
        (Column("项目"), Column("计算式"), Column("工作日", INT)),
        rows,
    )


def category_table(r: PlanResult, category: str) -> Table:
    """A category's items: method, the three years behind the estimate, the derivation, workdays."""
    if category not in (OTHER_ENFORCEMENT, NON_ENFORCEMENT):
        raise ValueError(f"类别“{category}”无效")
    cat = r.other_enforcement if category == OTHER_ENFORCEMENT else r.non_enforcement
    plan = r.plan
    items = {i.name: i for i in plan.items_of(category)}
    histories = [item_history(items[i.name], plan) for i in cat.items]
    years = history_years(plan.year) if has_history(histories) else ()  # no empty year columns
    rows = []
    for n, (i, h) in enumerate(zip(cat.items, histories, strict=True), 1):
        derivation = "+".join(f"{u}{d}" for u, d in i.by_unit) if i.by_unit else h.derivation
        rows.append((n, i.name, i.method, *h.values[: len(years)], derivation, i.workdays, i.note))
    for n, (unit, days) in enumerate(cat.unit_rows, len(cat.items) + 1):  # 单位工作日 rows without an item
        rows.append((n, f"{unit}（不分项目）", "单位工作日", *[None] * len(years), "单位填报", days, ""))
    rows.append((None, "合计", "", *[None] * len(years), "", cat.total, ""))
    columns = (
        Column("序号", INT),
        Column("项目"),
        Column("测算方法"),
        *[Column(f"{y}年实际", DAYS) for y in years],
        Column("测算过程"),
        Column("工作日", INT),
        Column("说明"),
    )
    title = f"{category}工作日：{cat.total}个工作日" + ("" if years else f"（{NO_HISTORY}）")
    return Table(f"{category}工作日", title, columns, tuple(rows), total_row=True)


def units_table(r: PlanResult) -> Table:
    rows = tuple((u.name, u.staff, u.key, u.general, u.total) for u in r.units)
    rows += (("合计", r.enforcement_staff, r.key_inspections, r.general_inspections, r.planned_inspections),)
    return Table(
        "检查安排",
        "监督检查安排及职责分工",
        (
            Column("执法单位"),
            Column("执法人员数", INT),
            Column("重点检查家数", INT),
            Column("一般检查家数", INT),
            Column("合计", INT),
        ),
        rows,
        total_row=True,
    )


def unit_accounts_table(r: PlanResult) -> Table:
    """Each unit's own account (单位工作日 complete): total = staff × 国家法定工作日,
    inspection = total − other − non, with the plan's totals as the last row."""
    rows = tuple(
        (
            u.name,
            u.staff,
            u.total_workdays,
            u.other_enforcement,
            u.non_enforcement,
            u.inspection_workdays,
            u.key_workdays,
            u.key,
            u.general,
        )
        for u in r.units
    )
    rows += (
        (
            "合计",
            r.enforcement_staff,
            r.total_workdays,
            r.other_enforcement.total,
            r.non_enforcement.total,
            r.inspection_workdays,
            r.key_workdays,
            r.key_inspections,
            r.general_inspections,
        ),
    )
    return Table(
        "单位工作日",
        "各执法单位工作日测算",
        (
            Column("执法单位"),
            Column("执法人员数", INT),
            Column("总法定工作日", INT),
            Column("其他执法工作日", INT),
            Column("非执法工作日", INT),
            Column("监督检查工作日", INT),
            Column("重点检查工作日", INT),
            Column("重点检查家数", INT),
            Column("一般检查家数", INT),
        ),
        rows,
        total_row=True,
    )


def shares_table(r: PlanResult) -> Table:
    """Each share with its numerator and denominator, rounded as in results.json."""
    plan = r.plan
    key, general = split_shares(r.key_inspections, r.general_inspections)
    rows = (
        ("执法人员占在册定编人员", r.enforcement_staff, plan.headcount, round_share(r.staff_share)),
        ("计划检查比例（计划检查÷管理对象基数）", r.planned_inspections, plan.entity_base, round_share(r.plan_ratio)),
        ("重点检查占计划检查", r.key_inspections, r.planned_inspections, key),
        ("一般检查占计划检查", r.general_inspections, r.planned_inspections, general),
        (
            "“双随机”最少家数占一般检查",
            r.random_min,
            r.general_inspections,
            round_share(Fraction(r.random_min, r.general_inspections)) if r.general_inspections else None,
        ),
    )
    return Table(
        "比例", "检查比例", (Column("项目"), Column("分子", INT), Column("分母", INT), Column("比例", PERCENT)), rows
    )


def findings_table(findings: list[Finding]) -> Table:
    rows = tuple((SEVERITY_LABELS[f.severity], rule_label(f.rule), f.message, f.where) for f in findings)
    return Table(
        "规则检查",
        "规则检查结果" if rows else "规则检查：全部通过",
        (Column("级别"), Column("规则"), Column("说明"), Column("位置")),
        rows,
    )


def plan_tables(r: PlanResult, findings: list[Finding]) -> dict[str, Table]:
    """Every table of the plan, keyed by its (sheet) name, in reading order."""
    tables = (
        chain_table(r),
        category_table(r, OTHER_ENFORCEMENT),
        category_table(r, NON_ENFORCEMENT),
        units_table(r),
        *([unit_accounts_table(r)] if r.unit_accounts else []),
        shares_table(r),
        findings_table(findings),
    )
    return {t.name: t for t in tables}


NO_HISTORY = "无历史数据"


def has_history(histories) -> bool:
    """Whether any item has an actual workday figure of a history year."""
    return any(v is not None for h in histories for v in h.values)


def staff_table(plan) -> Table:
    """Enforcement officers in the three history years and the plan year (:func:`planlib.core.history.staff_series`);
    with no officers given for any history year, only the plan year, and the title says so."""
    series = staff_series(plan)
    title = "近三年及计划年度执法人员数"
    if all(staff is None for y, staff in series if y != plan.year):
        series = tuple((y, staff) for y, staff in series if y == plan.year)
        title += f"：{NO_HISTORY}"
    rows = tuple((f"{y}年", staff) for y, staff in series)
    return Table("执法人员", title, (Column("年度"), Column("执法人员数", INT)), rows)


def history_table(histories) -> Table:
    """The three years behind each estimate (:func:`planlib.core.history.plan_history`).
    Without any history, the year and comparison columns (all blank) are left out and the
    title says 无历史数据: each row still shows how its item was estimated."""
    if not has_history(histories):
        return Table(
            "三年历史",
            f"近三年历史数据与测算过程：{NO_HISTORY}",
            (Column("类别"), Column("项目"), Column("测算方法"), Column("测算工作日", INT), Column("测算过程")),
            tuple(
                (h.category, h.name, h.method, h.estimate.workdays if h.estimate else None, h.derivation)
                for h in histories
            ),
        )
    years = histories[0].years if histories else ()
    columns = (
        Column("类别"),
        Column("项目"),
        Column("测算方法"),
        *[Column(f"{y}年", DAYS) for y in years],
        *[Column(f"{y}年人均", NUMBER) for y in years],
        Column("比较口径"),
        Column("三年平均", NUMBER),
        Column("最近一年偏离", PERCENT),
        Column("测算工作日", INT),
        Column("测算过程"),
        Column("提示"),
    )
    rows = []
    for h in histories:
        flag = "偏离超过阈值，请核实" if h.flagged else ""
        rows.append(
            (
                h.category,
                h.name,
                h.method,
                *h.values,
                *h.per_officer,
                h.basis,
                h.mean,
                h.departure,
                h.estimate.workdays if h.estimate else None,
                h.derivation,
                flag,
            )
        )
    return Table("三年历史", "近三年历史数据与测算过程", columns, tuple(rows))


def format_history_flags(histories, threshold: Fraction) -> list[str]:
    """The items whose latest year departs from the three-year mean by more than ``threshold``."""
    if not has_history(histories):
        return [f"{NO_HISTORY}：未比较最近一年与三年平均"]
    shown = flagged(histories)
    head = f"最近一年偏离三年平均超过{floor_text(Fraction(threshold))}的项目："
    if not shown:
        return [head + "无"]
    lines = [head + f"{len(shown)}项，请核实"]
    for h in shown:
        change = "—" if h.departure is None else ("+" if h.departure > 0 else "") + share_text(h.departure)
        lines.append(
            f"  {h.category}“{h.name}”（{h.method}）：{h.years[-1]}年{h.basis}{number(h.latest)}，"
            f"三年平均{number(h.mean)}，偏离{change}"
        )
    return lines
