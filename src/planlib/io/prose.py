"""The filed document's sheets of the input workbook (both optional):

- ``计划正文``: the bureau's own prose, one row per heading or paragraph — columns ``级别``
  (标题, 一级, 二级, 三级, 正文, 计算部分, 改写), ``正文`` (the text; placeholders such as
  ``{year}`` allowed), ``原文`` (for 改写: the computed line it replaces) and ``说明`` (ignored).
- ``重点检查类别``: key-inspection categories in the plan's own words — columns ``类别``
  (blank: the category of the row above), ``说明``, ``执法单位`` and ``家数``.

Also the parsers of the document settings of 基本信息 (成文日期 as a date cell, 是/否, a month).
"""

from __future__ import annotations

import datetime as dt

from planlib.core.document import BODY, COMPUTED, H1, H2, H3, REWRITE, TITLE, KeyCategory, ProseRow
from planlib.core.model import CellKey, Unit, unit_cell
from planlib.io.xlsxio import (
    ENTITIES,
    BadValue,
    Book,
    fold,
    is_blank,
    name_key,
    parse_text,
    parse_whole,
    read_table,
    show,
    with_unit_word,
)
from planlib.text.document import PLACEHOLDERS, placeholders_in
from planlib.text.report.sections import numeral_value

SHEET_PROSE, SHEET_CATEGORIES = "计划正文", "重点检查类别"
COL_LEVEL, COL_TEXT, COL_ORIGINAL, COL_NOTE = "级别", "正文", "原文", "说明"
COL_CATEGORY, COL_UNIT, COL_COUNT = "类别", "执法单位", "家数"

LEVELS = {
    "标题": TITLE,
    "一级": H1,
    "一级标题": H1,
    "二级": H2,
    "二级标题": H2,
    "三级": H3,
    "三级标题": H3,
    "正文": BODY,
    "段落": BODY,
    "计算部分": COMPUTED,
    "改写": REWRITE,
}
LEVEL_NAMES = ("标题", "一级", "二级", "三级", "正文", "计算部分", "改写")  # the drop-down


# --- settings -----------------------------------------------------------------------------------


def parse_date_text(value: object) -> str | None:
    """成文日期: a date cell becomes ``2020年3月1日`` (GB/T 9704 writes Arabic numerals); text stays as typed."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return parse_text(value) or None


YES, NO = ("是", "yes", "true", "1", "y"), ("否", "no", "false", "0", "n")


def parse_yes_no(value: object) -> bool | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = fold(str(value)).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise BadValue(f"应为“是”或“否”，实际为“{show(value)}”")


def parse_month(value: object) -> int | None:
    if isinstance(value, str) and value.strip().endswith("月"):
        value = value.strip()[:-1]
    return parse_whole(value, 1, 12)


# --- 计划正文 ---------------------------------------------------------------------------------


def read_prose(book: Book) -> tuple[ProseRow, ...]:
    t = read_table(book, SHEET_PROSE, (COL_LEVEL, COL_TEXT), (COL_ORIGINAL, COL_NOTE), empty_is_absent=True)
    if t is None:
        return ()
    rows: list[ProseRow] = []
    computed_at = ""
    for r in t.rows():
        raw, where = t.raw(r, COL_LEVEL)
        level = LEVELS.get(fold(parse_text(raw)))
        if level is None:
            raise t.error(f"级别“{show(raw)}”无效，应为 {'、'.join(LEVEL_NAMES)} 之一", where)
        text, text_cell = t.text(r, COL_TEXT), t.raw(r, COL_TEXT)[1]
        original = t.text(r, COL_ORIGINAL)
        if level == COMPUTED:
            if computed_at:
                raise t.error(f"“计算部分”只能有一行（已在 {computed_at} 填写）", where)
            computed_at = where
            if text and numeral_value(text.rstrip("、")) is None:
                raise t.error(
                    f"“计算部分”的正文应为第一个计算章节的序号（如“四”）或空白，实际为“{show(text)}”", text_cell
                )
            text = text.rstrip("、")
        elif not text:
            raise t.error(f"“{COL_TEXT}”不能为空", text_cell)
        if level == REWRITE and not original:
            raise t.error("“改写”行须在“原文”列填写被替换的计算部分原句", t.raw(r, COL_ORIGINAL)[1] or where)
        for name in placeholders_in(text) if level != COMPUTED else ():
            if name not in PLACEHOLDERS:
                raise t.error(
                    f"未知的占位符“{{{name}}}”（可用：{'、'.join(PLACEHOLDERS)}；要写花括号本身请写成 {{{{ 或 }}}}）",
                    text_cell,
                )
        rows.append(ProseRow(level, text, original, f"{t.sheet}!{where}"))
    return tuple(rows)


# --- 重点检查类别 -------------------------------------------------------------------------------


def read_key_categories(
    book: Book, units: tuple[Unit, ...], unit_cells: dict[CellKey, str]
) -> tuple[tuple[KeyCategory, ...], tuple[Unit, ...]]:
    """The categories, and the units with their 重点检查家数 taken from them where the unit
    left it blank (0); a unit's typed count that differs from its categories' sum is an error."""
    t = read_table(book, SHEET_CATEGORIES, (COL_CATEGORY, COL_UNIT, COL_COUNT), (COL_NOTE,), empty_is_absent=True)
    if t is None:
        return (), units
    by_key = {name_key(u.name): u for u in units}
    order: list[str] = []
    found: dict[str, dict] = {}
    current = ""
    for r in t.rows():
        name = t.text(r, COL_CATEGORY) or current
        if not name:
            raise t.error(f"“{COL_CATEGORY}”不能为空", t.raw(r, COL_CATEGORY)[1])
        if name != current and name in found:
            raise t.error(
                f"类别“{show(name)}”的行应相邻（已在 {found[name]['where']} 填写）", t.raw(r, COL_CATEGORY)[1]
            )
        current = name
        unit_name, unit_where = t.text(r, COL_UNIT, required=True), t.raw(r, COL_UNIT)[1]
        unit = by_key.get(name_key(unit_name))
        if unit is None:
            raise t.error(f"执法单位“{show(unit_name)}”不在工作表“执法人员”中", unit_where)
        count = t.get(r, COL_COUNT, with_unit_word(parse_whole, ENTITIES))  # 26 or 26家, as in 执法人员
        if count is None:
            raise t.error(f"“{COL_COUNT}”不能为空", t.raw(r, COL_COUNT)[1])
        entry = found.setdefault(name, {"where": f"{t.sheet}!{t.raw(r, COL_CATEGORY)[1]}", "note": "", "counts": []})
        entry["note"] = entry["note"] or t.text(r, COL_NOTE)
        entry["counts"].append((unit.name, count, f"{t.sheet}!{unit_where}"))
        if name not in order:
            order.append(name)
    if not order:  # headers only (the template's blank sheet): no categories stated
        return (), units
    categories = tuple(
        KeyCategory(n, found[n]["note"], tuple((u, c) for u, c, _ in found[n]["counts"]), found[n]["where"])
        for n in order
    )
    sums: dict[str, int] = {}
    seen_at: dict[str, str] = {}
    for n in order:
        for u, c, where in found[n]["counts"]:
            sums[u] = sums.get(u, 0) + c
            seen_at.setdefault(u, where)
    fixed = []
    for u in units:
        total = sums.get(u.name, 0)
        if u.key_inspections and u.key_inspections != total:
            typed_at = unit_cells.get(unit_cell(u.name), "")
            raise book.error(
                f"执法单位“{u.name}”的重点检查家数{u.key_inspections}（{typed_at}）"
                f"与“{SHEET_CATEGORIES}”中各类别之和{total}（{seen_at.get(u.name, '无')}）不一致",
                SHEET_CATEGORIES,
                seen_at.get(u.name, "").rsplit("!", 1)[-1],
            )
        fixed.append(u if u.key_inspections or not total else Unit(u.name, u.staff, total, u.general_weight, u.note))
    return categories, tuple(fixed)


# --- writing them back --------------------------------------------------------------------------

_LEVEL_LABELS = {v: k for k, v in reversed(list(LEVELS.items()))}


def prose_rows(prose: tuple[ProseRow, ...]) -> list[list]:
    return [[_LEVEL_LABELS[p.level], p.text or None, p.original or None] for p in prose]


def category_rows(categories: tuple[KeyCategory, ...]) -> list[list]:
    rows = []
    for c in categories:
        for k, (unit, count) in enumerate(c.counts):
            rows.append([c.name, (c.description or None) if k == 0 else None, unit, count])
    return rows


# --- the template ---------------------------------------------------------------------------------

EXAMPLE_PROSE = (
    ProseRow(TITLE, "{authority}{year}年度安全生产监督检查计划"),
    ProseRow(
        BODY,
        "为切实履行安全生产监管监察职责，按照《安全生产年度监督检查计划编制办法》有关要求，"
        "特编制{authority}{year}年度安全生产监督检查计划。（示例，请改为本单位正文）",
    ),
    ProseRow(H1, "一、指导思想"),
    ProseRow(BODY, "……（示例）"),
    ProseRow(COMPUTED, ""),
    ProseRow(H1, "五、工作要求"),
    ProseRow(
        BODY,
        "全年计划检查{planned_inspections}家，其中重点检查{key_inspections}家，"
        "一般检查原则上采取“双随机”方式，比例不低于{random_share_min}。（示例）",
    ),
)


def instructions() -> list[tuple[str, str]]:
    """The 填写说明 rows of the two sheets (and the placeholders)."""
    from planlib.text.document import PLACEHOLDERS

    rows = [
        (
            f"工作表“{SHEET_PROSE}”（可选）",
            "计划正文：本单位自己的文字，按顺序每行一个标题或段落；没有此表时，计划文本为标题加四至六部分。",
        ),
        (
            f"  {COL_LEVEL}",
            "标题（可多行，如机关名称、计划名称各一行）、一级、二级、三级、正文（下拉选择）；另有两种标记行：",
        ),
        (
            "    计算部分",
            "测算部分（行政执法工作日测算、监督检查主体及管理对象基数、监督检查安排及职责分工）"
            "插在此行位置；"
            "“正文”填第一个测算章节的序号（如“四”，或“一”），空白则接着上面最后一个一级标题编号。"
            "没有此行时测算部分放在最后。",
        ),
        (
            "    改写",
            "把测算部分的某一行换成本单位的说法：“原文”填程序写出的原句（如“（一）重点检查安排”），"
            "“正文”填替换后的文字。",
        ),
        (
            f"  {COL_TEXT}",
            "标题或段落文字，照原样印出（自带序号，如“一、指导思想”）。可用占位符，"
            "如 {year}、{authority}、{total_workdays}，印出时换成本年度数字；花括号本身写成 {{ 或 }}。",
        ),
    ]
    rows += [(f"    {{{name}}}", meaning) for name, meaning in PLACEHOLDERS.items()]
    rows += [
        (
            f"工作表“{SHEET_CATEGORIES}”（可选）",
            "重点检查类别：六（一）中按类别列出重点检查单位，"
            "如“1.安全生产风险等级较高的生产经营单位：检查涉及……26家，由安全监管科完成。”",
        ),
        (f"  {COL_CATEGORY}", "类别名称；同一类别有几个执法单位时写几行（类别可留空或向下合并，表示同上）。"),
        (f"  {COL_NOTE}", "类别的说明，印在冒号之后（如“检查涉及重点监管危险化学品（加油站）、工业企业”）；可空。"),
        (f"  {COL_UNIT}", "“执法人员”表中的执法单位。"),
        (
            f"  {COL_COUNT}",
            "该单位负责的本类重点检查家数。各类别之和即该单位的重点检查家数"
            "（“执法人员”表中留空则取此和，填了须相等）。",
        ),
    ]
    return rows
