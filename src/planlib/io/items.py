"""The sheets 检查事项 and 上级检查名单 of the plan workbook (docs/contract.md §6), read and checked.

Each problem is an :class:`~planlib.errors.InputError` naming the sheet and the cell: a blank
检查事项, 行业领域 or 实施依据, a duplicate item, a frequency that is not a whole number ≥ 1, a
频次上限 below the item's own 检查频次, an unknown 检查类型; with a register
(:func:`check_sectors`), a 行业领域 the register does not have. The upper level's list needs
unique credit codes.
"""

from __future__ import annotations

from collections.abc import Iterable

from planlib.core.model import (
    ITEM_KINDS,
    ROUTINE,
    CellKey,
    InspectionItem,
    Plan,
    UpperListed,
    inspection_item_cell,
    sheet_cell,
)
from planlib.errors import InputError
from planlib.io.xlsxio import Book, fold, name_key, parse_text, parse_whole, read_table, show

SHEET_INSPECTION_ITEMS, SHEET_UPPER = "检查事项", "上级检查名单"
COL_ITEM, COL_SECTORS, COL_KIND, COL_BASIS = "检查事项", "行业领域", "检查类型", "实施依据"
COL_CONTENT, COL_METHOD, COL_FREQUENCY, COL_CAP = "检查内容", "检查方式", "检查频次", "频次上限"
COL_TIMING, COL_ORGAN, COL_JOINT, COL_NOTE = "时间安排", "承办机构", "联合检查", "备注"
ITEM_COLUMNS = (
    COL_ITEM,
    COL_SECTORS,
    COL_KIND,
    COL_BASIS,
    COL_CONTENT,
    COL_METHOD,
    COL_FREQUENCY,
    COL_CAP,
    COL_TIMING,
    COL_ORGAN,
    COL_JOINT,
    COL_NOTE,
)
REQUIRED_ITEM_COLUMNS = (COL_ITEM, COL_SECTORS, COL_BASIS)
COL_CODE, COL_NAME, COL_DEPARTMENT = "统一社会信用代码", "单位名称", "上级部门"
UPPER_COLUMNS = (COL_CODE, COL_NAME, COL_DEPARTMENT)
MAX_FREQUENCY = 366

SEPARATORS = ("、", "，", ",", "；", ";", "/")


def split_sectors(text: str) -> tuple[str, ...]:
    """``工贸、有限空间`` → (工贸, 有限空间); commas and semicolons are taken as 、 too."""
    for sep in SEPARATORS[1:]:
        text = text.replace(sep, SEPARATORS[0])
    return tuple(s.strip() for s in text.split(SEPARATORS[0]) if s.strip())


def read_inspection_items(book: Book, cells: dict[CellKey, str]) -> tuple[InspectionItem, ...]:
    """The sheet 检查事项 (absent or empty: no items); records each item's cells in ``cells``."""
    optional = tuple(c for c in ITEM_COLUMNS if c not in REQUIRED_ITEM_COLUMNS)
    t = read_table(book, SHEET_INSPECTION_ITEMS, REQUIRED_ITEM_COLUMNS, optional, empty_is_absent=True)
    if t is None:
        return ()
    kinds = {fold(k): k for k in ITEM_KINDS}
    seen: dict[str, str] = {}
    items: list[InspectionItem] = []
    for r in t.rows():
        name = t.text(r, COL_ITEM, required=True, name=True)
        where = t.raw(r, COL_ITEM)[1]
        if name_key(name) in seen:
            raise t.error(f"检查事项“{name}”重复（已在 {seen[name_key(name)]} 填写）", where)
        seen[name_key(name)] = where
        sectors = split_sectors(t.text(r, COL_SECTORS, required=True))
        if not sectors:
            raise t.error(f"“{COL_SECTORS}”不能为空", t.raw(r, COL_SECTORS)[1])
        basis = t.text(r, COL_BASIS)
        if not basis:
            raise t.error(f"检查事项“{name}”的“{COL_BASIS}”不能为空（应写明法律法规及条款）", t.raw(r, COL_BASIS)[1])
        raw_kind, kind_cell = t.raw(r, COL_KIND)
        kind = ROUTINE
        if parse_text(raw_kind):
            found = kinds.get(fold(parse_text(raw_kind)))
            if found is None:
                raise t.error(f"检查类型“{show(raw_kind)}”无效，应为 {' 或 '.join(ITEM_KINDS)}", kind_cell)
            kind = found
        frequency = t.get(r, COL_FREQUENCY, lambda v: parse_whole(v, 1, MAX_FREQUENCY))
        frequency = 1 if frequency is None else frequency
        cap = t.get(r, COL_CAP, lambda v: parse_whole(v, 1, MAX_FREQUENCY))
        if cap is not None and cap < frequency:
            raise t.error(f"检查事项“{name}”的检查频次{frequency}次/年超过其频次上限{cap}次/年", t.raw(r, COL_CAP)[1])
        joint = t.text(r, COL_JOINT)
        items.append(
            InspectionItem(
                name,
                sectors,
                basis,
                kind,
                t.text(r, COL_CONTENT),
                t.text(r, COL_METHOD),
                frequency,
                cap,
                t.text(r, COL_TIMING),
                t.text(r, COL_ORGAN),
                "" if joint in ("否", "无") else joint,
                t.text(r, COL_NOTE),
            )
        )
        cells[inspection_item_cell(name)] = t.cell(r, COL_ITEM)
        for column in (COL_SECTORS, COL_FREQUENCY, COL_CAP):
            if column in t.columns:
                cells[inspection_item_cell(name, column)] = t.cell(r, column)
    if items:
        cells[sheet_cell(SHEET_INSPECTION_ITEMS)] = f"{t.sheet}!A{t.header_row}"
    return tuple(items)


def read_upper_list(book: Book, cells: dict[CellKey, str]) -> tuple[UpperListed, ...]:
    """The sheet 上级检查名单 (absent or empty: none); a code listed twice is an input error."""
    t = read_table(book, SHEET_UPPER, (COL_CODE,), (COL_NAME, COL_DEPARTMENT), empty_is_absent=True)
    if t is None:
        return ()
    seen: dict[str, str] = {}
    out = []
    for r in t.rows():
        code = name_key(t.text(r, COL_CODE, required=True, name=True)).upper()
        where = t.raw(r, COL_CODE)[1]
        if code in seen:
            raise t.error(f"统一社会信用代码“{code}”重复（已在 {seen[code]} 填写）", where)
        seen[code] = where
        out.append(UpperListed(code, t.text(r, COL_NAME, name=True), t.text(r, COL_DEPARTMENT)))
    if out:
        cells[sheet_cell(SHEET_UPPER)] = f"{t.sheet}!A{t.header_row}"
    return tuple(out)


def check_sectors(plan: Plan, sectors: Iterable[str], register_name: str) -> None:
    """Every item's 行业领域 is one of the register's; an unknown one is an input error naming its cell."""
    known = set(sectors)
    for item in plan.inspection_items:
        for s in item.sectors:
            if s not in known:
                cell = plan.where(inspection_item_cell(item.name, COL_SECTORS))
                sheet, _, where = cell.rpartition("!")
                raise InputError(
                    plan.source,
                    f"检查事项“{item.name}”的行业领域“{s}”不在监管对象名录“{register_name}”中"
                    f"（名录的行业领域：{'、'.join(sorted(known))}）",
                    sheet or SHEET_INSPECTION_ITEMS,
                    where,
                )


# --- Writing the sheets (the template, a plan written back) ----------------------------------------


def item_rows(items: Iterable[InspectionItem]) -> list[list[object]]:
    """The rows of 检查事项 as :func:`read_inspection_items` reads them back."""
    return [
        [
            i.name,
            SEPARATORS[0].join(i.sectors),
            i.kind,
            i.basis,
            i.content or None,
            i.method or None,
            i.frequency,
            i.cap,
            i.timing or None,
            i.organ or None,
            i.joint or None,
            i.note or None,
        ]
        for i in items
    ]


def upper_rows(upper: Iterable[UpperListed]) -> list[list[object]]:
    return [[u.code, u.name or None, u.department or None] for u in upper]


EXAMPLE_ITEMS = (
    InspectionItem(
        "工贸企业安全生产监督检查（示例）",
        ("工贸", "有限空间"),
        "《中华人民共和国安全生产法》第六十五条",
        ROUTINE,
        "安全生产责任制、隐患排查治理、有限空间作业安全管理",
        "现场检查",
        1,
        2,
        note="示例行，请改为本单位的检查事项",
    ),
    InspectionItem(
        "危险化学品经营单位安全检查（示例）",
        ("危险化学品",),
        "《危险化学品安全管理条例》第六条",
        ROUTINE,
        "经营许可、储存场所、重大危险源管理",
        "现场检查",
        1,
        2,
        joint="牵头：应急管理局；配合：市场监管局",
    ),
)


def item_instructions() -> list[tuple[str, str]]:
    """The 填写说明 rows of the two sheets (docs/contract.md §6)."""
    return [
        (
            f"工作表“{SHEET_INSPECTION_ITEMS}”（可选）",
            "涉企行政检查计划的检查事项，每行一项；与监管对象名录一起使用（planlib run --register 名录.xlsx）"
            "时生成附件4“涉企行政检查计划表”，并按检查次数（家次）计算检查工作日。不需要时留空即可。",
        ),
        (f"  {COL_ITEM}", "事项名称，不能重复，如“工贸企业安全生产监督检查”。"),
        (
            f"  {COL_SECTORS}",
            "本事项覆盖的行业领域，须与监管对象名录“行业领域”一致，多个用“、”分隔；"
            "重点单位和抽查对象按行业领域归入事项。",
        ),
        (f"  {COL_KIND}", f"{' 或 '.join(ITEM_KINDS)}；空白为日常。"),
        (f"  {COL_BASIS}", "必填：法律法规及条款，如“《中华人民共和国安全生产法》第六十五条”。"),
        (f"  {COL_CONTENT} / {COL_METHOD}", "文字；检查方式空白为“现场检查”。"),
        (
            f"  {COL_FREQUENCY}",
            "每家被检查单位每年检查几次，整数，不小于1；空白为1。单位的计划检查次数为覆盖它的各事项频次之和，"
            "检查工作日=检查次数×每家检查天数。",
        ),
        (f"  {COL_CAP}", "本事项每家单位每年最多检查几次，不得小于检查频次；空白：等于检查频次。超出为错误。"),
        (f"  {COL_TIMING}", "按原样印出；空白：按各月工作日自动排出“1月8家、2月9家、…”。"),
        (f"  {COL_ORGAN}", "空白：检查本事项单位的执法单位。"),
        (f"  {COL_JOINT}", "空白或“否”：不联合；联合检查写明部门，如“牵头：应急管理局；配合：市场监管局”。"),
        (
            f"工作表“{SHEET_UPPER}”（可选）",
            f"上级部门今年已计划检查的单位：{COL_CODE}（必填）、{COL_NAME}、{COL_DEPARTMENT}。"
            "这些单位不参与“双随机”抽取（抽取记录写明家数）；重点单位在名单上的给出警告，由本级决定是否保留。",
        ),
    ]
