"""The register's tables in Chinese: the key-unit list (an attachment every plan carries), the
双随机 list, the draw record, and the register's totals by sector and risk level.

Each is a :class:`~planlib.text.report.Table`, so the same object is written to the
抽查名单 workbook, shown in the dashboard and attached to the filed plan.
"""

from __future__ import annotations

from collections.abc import Sequence

from planlib.core.model import RISK_LEVELS
from planlib.core.register import Draw, Entity, KeyAssignment, Register
from planlib.text.report.table import INT, Column, Table

KEY_LIST, RANDOM_LIST, RECORD = "重点检查名单", "双随机抽查名单", "抽取记录"
UNSET = "未填"

_ENTITY_COLUMNS = (
    Column("单位名称"),
    Column("统一社会信用代码"),
    Column("行业领域"),
    Column("风险等级"),
    Column("属地"),
)


def _entity(e: Entity) -> tuple[object, ...]:
    return (e.name, e.code, e.sector, e.risk, e.locality)


def key_units_table(assignment: KeyAssignment, units: Sequence[str] | None = None, year: int | None = None) -> Table:
    """重点检查名单: every key unit with the enforcement unit that inspects it, unit by unit
    (workbook order), each unit's list in credit-code order; ``units`` limits it to some units."""
    rows: list[tuple[object, ...]] = []
    for unit, pairs in assignment.by_unit.items():
        if units is not None and unit not in units:
            continue
        for e, how in pairs:
            rows.append((len(rows) + 1, unit, *_entity(e), e.reason, how, e.row))
    title = f"{year}年度重点检查单位名单" if year else "重点检查单位名单"
    return Table(
        KEY_LIST,
        f"{title}（{len(rows)}家）",
        (
            Column("序号", INT),
            Column("执法单位"),
            *_ENTITY_COLUMNS,
            Column("重点原因"),
            Column("分配依据"),
            Column("名录行号", INT),
        ),
        tuple(rows),
    )


FILED_KEY_LIST = "重点检查单位名单"


def filed_key_units_table(assignment: KeyAssignment, year: int) -> Table:
    """The key-unit list as the filed plan attaches it: 序号, 单位名称, 统一社会信用代码, 行业领域,
    属地, 执法单位, unit by unit (workbook order). The 双随机 lists never go into the published
    document: they are not made public before the inspections."""
    rows: list[tuple[object, ...]] = []
    for unit, pairs in assignment.by_unit.items():
        for e, _ in pairs:
            rows.append((len(rows) + 1, e.name, e.code, e.sector, e.locality, unit))
    for e in assignment.unassigned:
        rows.append((len(rows) + 1, e.name, e.code, e.sector, e.locality, UNSET))
    return Table(
        FILED_KEY_LIST,
        f"{year}年度{FILED_KEY_LIST}（{len(rows)}家）",
        (
            Column("序号", INT),
            Column("单位名称"),
            Column("统一社会信用代码"),
            Column("行业领域"),
            Column("属地"),
            Column("执法单位"),
        ),
        tuple(rows),
    )


def draw_table(d: Draw, year: int | None = None) -> Table:
    """双随机抽查名单: each target with its unit and two inspectors (blank without a roster)."""
    rows: list[tuple[object, ...]] = []
    for t in d.targets:
        officers = list(t.inspectors) + [None] * (2 - len(t.inspectors))
        people = [x for o in officers for x in ((o.name, o.badge) if o else ("", ""))]
        rows.append((len(rows) + 1, t.unit, *_entity(t.entity), *people))
    title = f"{year}年度“双随机”抽查名单" if year else "“双随机”抽查名单"
    return Table(
        RANDOM_LIST,
        f"{title}（{len(rows)}家，随机种子{d.seed}）",
        (
            Column("序号", INT),
            Column("执法单位"),
            *_ENTITY_COLUMNS,
            Column("执法人员1"),
            Column("执法证号1"),
            Column("执法人员2"),
            Column("执法证号2"),
        ),
        tuple(rows),
    )


def record_table(items: Sequence[tuple[str, object]]) -> Table:
    """抽取记录: one row per fact of the draw (项目, 内容)."""
    return Table(
        RECORD,
        "“双随机”抽取记录（据此可复核、复现抽取结果）",
        (Column("项目"), Column("内容")),
        tuple((k, v) for k, v in items),
    )


def record_items(
    d: Draw,
    *,
    time: str,
    seed_source: str,
    register: Register,
    key_count: int,
    version: str,
    plan_file: str,
    plan_sha256: str,
    register_file: str,
    register_sha256: str,
    python: str,
    upper_excluded: int | None = None,
) -> list[tuple[str, object]]:
    """The facts the record holds, in the order a reviewer reads them; ``upper_excluded``: the
    non-key entities left out of the frame as on 上级检查名单 (None: the plan has no such list)."""
    items: list[tuple[str, object]] = [
        ("抽取时间", time),
        ("随机种子", str(d.seed)),  # text: a spreadsheet keeps only 15 digits of a number
        ("种子来源", seed_source),
        ("算法", d.algorithm),
        ("名录单位总数", len(register.entities)),
        ("重点单位（不参与抽取）", key_count),
        *(
            [("上级检查名单（不参与抽取）", f"{upper_excluded}家（计划工作簿工作表“上级检查名单”）")]
            if upper_excluded is not None
            else []
        ),
        ("抽取框家数（非重点单位）", d.frame_size),
        ("抽取总数", len(d.targets)),
        ("分层数（行业领域）", len(d.strata)),
    ]
    for s in d.strata:
        items.append((f"分层：{s.sector}", f"框内{s.frame}家，按比例应抽{float(s.quota):.4f}家，实抽{s.drawn}家"))
    for unit, n in d.unit_counts:
        items.append((f"抽取家数：{unit}", n))
    items += [
        (
            "执法人员",
            "按计划工作簿“执法人员名单”每家随机2人"
            if d.with_inspectors
            else "计划工作簿无“执法人员名单”，未抽取执法人员",
        ),
        ("planlib 版本", version),
        ("Python 版本", python),
        ("计划工作簿", plan_file),
        ("计划工作簿 SHA-256", plan_sha256),
        ("监管对象名录", f"{register_file}（工作表“{register.sheet}”）"),
        ("监管对象名录 SHA-256", register_sha256),
        ("复现方法", f"planlib draw {plan_file} --register {register_file} --seed {d.seed}"),
    ]
    return items


def register_totals_table(register: Register, keys: Sequence[Entity]) -> Table:
    """The register by 行业领域 × 风险等级, with the key units of each sector and a 合计 row."""
    key_codes = {e.code for e in keys}
    levels = list(RISK_LEVELS) + [UNSET]
    counts: dict[str, list[int]] = {}
    for e in register.entities:
        row = counts.setdefault(e.sector, [0] * (len(levels) + 1))
        row[levels.index(e.risk) if e.risk else len(levels) - 1] += 1
        if e.code in key_codes:
            row[-1] += 1
    by_sector = [[*c[:-1], sum(c[:-1]), c[-1]] for _, c in sorted(counts.items())]
    totals = [sum(r[i] for r in by_sector) for i in range(len(levels) + 2)]
    rows: list[tuple[object, ...]] = [(s, *r) for s, r in zip(sorted(counts), by_sector, strict=True)]
    rows.append(("合计", *totals))
    return Table(
        "名录统计",
        f"监管对象名录：{len(register.entities)}家（其中重点单位{len(keys)}家）",
        (
            Column("行业领域"),
            *[Column(level, INT) for level in levels],
            Column("合计", INT),
            Column("其中重点单位", INT),
        ),
        tuple(rows),
        total_row=True,
    )


def key_counts_table(assignment: KeyAssignment) -> Table:
    """Key units per enforcement unit (what becomes each unit's 重点检查家数)."""
    rows = [(unit, len(pairs)) for unit, pairs in assignment.by_unit.items()]
    rows.append(("合计", assignment.total))
    return Table(
        "重点单位分配",
        "重点单位按执法单位分配",
        (Column("执法单位"), Column("重点检查家数", INT)),
        tuple(rows),
        total_row=True,
    )
