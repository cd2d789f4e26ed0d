"""A plan with its register (docs/contract.md §5): key units feeding each unit's 重点检查家数, the
frequency caps, the officers' roster, the 双随机 draw and the file ``抽查名单_<年>.xlsx``.

The plan workbook may carry two optional sheets for this:

- ``执法人员名单`` (``姓名``, ``执法证号``, ``执法单位``): the officers inspectors are drawn from;
- ``检查频次上限`` (``行业领域`` and/or ``风险等级``, ``最多检查次数``): the most inspections per
  enterprise per year (a blank side matches every value; the tightest applicable cap counts).

A draw is never silently repeated with another seed: when ``抽查名单_<年>.xlsx`` exists, a
draw with a different seed is refused (the file's 抽取记录 names the earlier seed).
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from planlib.config import beijing_now
from planlib.core.compute import PlanResult
from planlib.core.items import (
    cap_findings as item_cap_findings,
    coverage_findings,
    deal_counts,
    drawn_count,
    drawn_visits,
    frame_without_upper,
    item_lines,
    key_visits,
    unit_key_visits,
    upper_findings,
)
from planlib.core.model import Plan, inspection_item_cell, sheet_cell, unit_cell
from planlib.core.register import (
    Cap,
    Draw,
    DrawError,
    Entity,
    KeyAssignment,
    Officer,
    Register,
    assign_key_units,
    draw,
    register_findings,
    strata_sizes,
)
from planlib.core.rules import Finding
from planlib.core.schedule import plan_schedule
from planlib.errors import InputError
from planlib.io.export import write_tables
from planlib.io.items import COL_CAP, SHEET_INSPECTION_ITEMS, SHEET_UPPER, check_sectors
from planlib.io.owned import refuse_taken, sha256, write_owned
from planlib.io.register import COL_UNIT as REG_COL_UNIT, paused_gc, read_register
from planlib.io.workbook.contract import SHEET_UNITS
from planlib.io.workbook.read import compute_plan, load_plan
from planlib.io.xlsxio import (
    Book,
    name_key,
    open_book,
    parse_text,
    parse_whole,
    read_table,
)
from planlib.text.findings import check, worded
from planlib.text.register import (
    KEY_LIST,
    RANDOM_LIST,
    draw_table,
    key_units_table,
    record_items,
    record_table,
)

SHEET_ROSTER, SHEET_CAPS = "执法人员名单", "检查频次上限"
COL_OFFICER, COL_BADGE, COL_OFFICER_UNIT = "姓名", "执法证号", "执法单位"
COL_SECTOR, COL_RISK, COL_LIMIT = "行业领域", "风险等级", "最多检查次数"
SEED_FROM_OPTION, SEED_FROM_SETTING = "命令行 --seed", "计划工作簿 基本信息 random_seed"
SEED_FRESH = "自动生成（secrets 模块）"
MAX_SEED = 2**63 - 1


def draw_file(year: int) -> str:
    return f"抽查名单_{year}.xlsx"


@dataclass(frozen=True)
class RegisterPlan:
    """A plan computed with its register: what ``check --register``, ``draw`` and ``run`` share."""

    plan_path: str
    register: Register
    keys: tuple[Entity, ...]
    assignment: KeyAssignment
    result: PlanResult
    findings: list[Finding]
    rosters: Mapping[str, Sequence[Officer]] | None
    caps: tuple[Cap, ...]
    drawn_total: int | None = None  # targets to draw (检查事项 with frequencies); None: the general visits

    @property
    def plan(self) -> Plan:
        return self.result.plan

    def frame(self) -> list[Entity]:
        """What the 双随机 draw draws from: the non-key entities not on 上级检查名单."""
        return draw_frame(self.register, self.keys, self.plan)

    @property
    def upper_excluded(self) -> int:
        """Non-key entities left out of the frame because an upper level's plan inspects them."""
        return frame_without_upper(non_key(self.register, self.keys), self.plan.upper_list)[1]

    def unit_draw_counts(self) -> list[tuple[str, int]]:
        """Targets each unit draws: its general visits, or (检查事项 with frequencies) the
        targets whose visits fit them, dealt in proportion."""
        counts = [(u.name, u.general) for u in self.result.units if u.general > 0]
        if self.drawn_total is None:
            return counts
        return [(u, n) for u, n in deal_counts(self.drawn_total, counts) if n > 0]


def non_key(register: Register, keys: Sequence[Entity]) -> list[Entity]:
    codes = {e.code for e in keys}
    return [e for e in register.entities if e.code not in codes]


def draw_frame(register: Register, keys: Sequence[Entity], plan: Plan) -> list[Entity]:
    return frame_without_upper(non_key(register, keys), plan.upper_list)[0]


def _unit_names(plan: Plan) -> dict[str, str]:
    return {name_key(u.name): u.name for u in plan.units}


def _canonical_units(register: Register, plan: Plan) -> Register:
    """负责执法单位 as the plan spells the unit; one it does not know is an input error."""
    known = _unit_names(plan)
    fixed: dict[str, str] = {}
    changed = False
    entities = list(register.entities)
    for i, e in enumerate(entities):
        if not e.unit:
            continue
        name = fixed.get(e.unit)
        if name is None:
            name = known.get(name_key(e.unit))
            if name is None:
                where = f"第{e.row}行 列“{REG_COL_UNIT}”"
                raise InputError(
                    register.source,
                    f"负责执法单位“{e.unit}”不是计划工作簿（{Path(plan.source).name}）"
                    f"“{SHEET_UNITS}”中的执法单位（应为：{'、'.join(known.values())}）",
                    register.sheet if register.sheet != Path(register.source).name else "",
                    where,
                )
            fixed[e.unit] = name
        if name != e.unit:
            entities[i] = dataclasses.replace(e, unit=name)
            changed = True
    return dataclasses.replace(register, entities=tuple(entities)) if changed else register


def _read_rosters(book: Book, plan: Plan) -> Mapping[str, Sequence[Officer]] | None:
    t = read_table(book, SHEET_ROSTER, (COL_OFFICER, COL_BADGE, COL_OFFICER_UNIT), empty_is_absent=True)
    if t is None:
        return None
    known = _unit_names(plan)
    rosters: dict[str, list[Officer]] = {u.name: [] for u in plan.units}
    badges: dict[str, str] = {}
    for r in t.rows():
        name = t.text(r, COL_OFFICER, required=True)
        badge = t.text(r, COL_BADGE, required=True)
        unit_text = t.text(r, COL_OFFICER_UNIT, required=True)
        where = t.raw(r, COL_BADGE)[1]
        unit = known.get(name_key(unit_text))
        if unit is None:
            raise t.error(f"执法单位“{unit_text}”不在工作表“{SHEET_UNITS}”中", t.raw(r, COL_OFFICER_UNIT)[1])
        if name_key(badge) in badges:
            raise t.error(f"执法证号“{badge}”重复（已在 {badges[name_key(badge)]} 填写）", where)
        badges[name_key(badge)] = where
        rosters[unit].append(Officer(name, badge, unit))
    return {u: tuple(v) for u, v in rosters.items()}


def _read_caps(book: Book) -> tuple[Cap, ...]:
    t = read_table(book, SHEET_CAPS, (COL_LIMIT,), (COL_SECTOR, COL_RISK), empty_is_absent=True)
    if t is None:
        return ()
    caps = []
    for r in t.rows():
        limit = t.get(r, COL_LIMIT, parse_whole)
        if limit is None:
            raise t.error(f"“{COL_LIMIT}”不能为空", t.raw(r, COL_LIMIT)[1])
        risk = t.text(r, COL_RISK).removesuffix("风险")
        caps.append(Cap(t.text(r, COL_SECTOR), risk, limit, f"{t.sheet}!{t.raw(r, COL_LIMIT)[1]}"))
    return tuple(caps)


def _with_key_counts(plan: Plan, assignment: KeyAssignment, register: Register) -> Plan:
    """Each unit's 重点检查家数 from the register; a typed count that disagrees is an input error
    naming both (a blank or 0 count is taken as not typed)."""
    units = []
    for u in plan.units:
        n = assignment.count(u.name)
        if u.key_inspections and u.key_inspections != n:
            said = (
                f"执法单位“{u.name}”填报重点检查家数{u.key_inspections}家，而监管对象名录"
                f"“{Path(register.source).name}”中该单位的重点单位为{n}家；请核对其一"
            )
            category = next((c for c in plan.key_categories if any(name == u.name for name, _ in c.counts)), None)
            if category is not None:  # the count was typed (or taken from) 重点检查类别: point there
                sheet, _, cell = category.where.rpartition("!")
                raise InputError(plan.source, said, sheet or "重点检查类别", cell)
            row = plan.where(unit_cell(u.name)).rpartition("!")[2].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            raise InputError(
                plan.source, said, SHEET_UNITS, f"第{row}行 列“重点检查家数”" if row else "列“重点检查家数”"
            )
        units.append(dataclasses.replace(u, key_inspections=n))
    return plan.with_changes(units=tuple(units))


def load_with_register(
    plan_path: str | os.PathLike,
    register_path: str | os.PathLike,
    mode: str | None = None,
    progress: bool | None = None,
    out_dir: str | os.PathLike | None = None,
) -> RegisterPlan:
    """Read the plan and its register, feed the key units into the plan, compute and check it.

    With ``out_dir`` (where the lists will go), a user's file of the list's name there is
    refused before the register is read."""
    book = open_book(plan_path)
    plan = load_plan(book)
    if out_dir is not None:
        refuse_taken(Path(out_dir), {draw_file(plan.year)})
    rosters = _read_rosters(book, plan)
    caps = _read_caps(book)
    register = _canonical_units(read_register(register_path, progress), plan)
    if plan.inspection_items:
        check_sectors(plan, {e.sector for e in register.entities}, Path(register.source).name)
    keys = tuple(register.key_units(plan.key_risk_levels))
    assignment = assign_key_units(keys, plan.units)
    plan = _with_key_visits(_with_key_counts(plan, assignment, register), assignment)
    result = compute_plan(plan, mode)
    drawn_total = None
    if plan.inspection_items:
        result, drawn_total = with_item_lines(result, register, assignment, draw_frame(register, keys, plan))
    findings = plan_findings(result, register, keys, assignment, caps)
    return RegisterPlan(str(plan_path), register, keys, assignment, result, findings, rosters, caps, drawn_total)


def _with_key_visits(plan: Plan, assignment: KeyAssignment) -> Plan:
    """With 检查事项: each unit's key visits (家次) from its key units' items (docs/contract.md §6)."""
    if not plan.inspection_items:
        return plan
    visits = unit_key_visits(assignment, plan.inspection_items, plan.key_visits_per_year)
    return plan.with_changes(units=tuple(dataclasses.replace(u, key_visits=visits.get(u.name, 0)) for u in plan.units))


def with_item_lines(
    result: PlanResult, register: Register, assignment: KeyAssignment, frame: Sequence[Entity]
) -> tuple[PlanResult, int]:
    """The result with its 检查事项 lines, and how many targets the draw takes: as many as
    the general visits allow at the items' frequencies (the draw's strata, whatever the seed)."""
    plan = result.plan
    items = plan.inspection_items
    general = [(u.name, u.general) for u in result.units if u.general > 0]
    sizes: dict[str, int] = {}
    for e in frame:
        sizes[e.sector] = sizes.get(e.sector, 0) + 1
    n = drawn_count(sizes, sum(v for _, v in general), items)
    drawn = {s.sector: s.drawn for s in strata_sizes(frame, n)}
    drawing = [u for u, k in deal_counts(n, general) if k > 0]
    keys = [(e, unit) for unit, pairs in assignment.by_unit.items() for e, _ in pairs]
    keys += [(e, "") for e in assignment.unassigned]
    s = plan_schedule(result)
    key_weights = None
    if s.key_by_month is not None:
        key_weights = [w if m < s.key_by_month else 0 for m, w in enumerate(s.weights)]
    lines = item_lines(
        items, register.entities, keys, drawn, drawing, [u.name for u in plan.units], s.weights, key_weights
    )
    return dataclasses.replace(result, item_lines=lines), n


def plan_findings(
    result: PlanResult,
    register: Register,
    keys: Sequence[Entity],
    assignment: KeyAssignment,
    caps: Sequence[Cap],
    drawn: Sequence[Entity] = (),
) -> list[Finding]:
    """The plan's rules, the register's findings and, with 检查事项 or 上级检查名单, theirs: the
    items' 频次上限 and ``entity_visit_cap`` (error), entities no item covers, key units on the
    upper level's list (warnings)."""
    plan = result.plan
    items = plan.inspection_items
    per_entity: dict[str, int] | None = None
    extra: list[Finding] = []
    if items:
        per_entity = {e.code: key_visits(e, items, plan.key_visits_per_year) for e in keys}
        per_entity |= {e.code: drawn_visits(e, items) for e in drawn}
    if items or plan.entity_visit_cap is not None:
        known = per_entity or {}
        visits = [(e, known.get(e.code, plan.key_visits_per_year)) for e in keys]
        visits += [(e, known.get(e.code, 1)) for e in drawn]
        where = {
            i.name: plan.where(inspection_item_cell(i.name, COL_CAP)) or plan.where(inspection_item_cell(i.name))
            for i in items
        }
        extra += item_cap_findings(items, visits, plan.entity_visit_cap, where, plan.where("entity_visit_cap"))
    if items:
        extra += coverage_findings(items, keys, drawn, plan.where(sheet_cell(SHEET_INSPECTION_ITEMS)))
    if plan.upper_list:
        extra += upper_findings(keys, plan.upper_list, plan.where(sheet_cell(SHEET_UPPER)))
    base = register_findings(register, keys, assignment, drawn, caps, plan.key_visits_per_year, per_entity)
    return check(result) + worded(base + extra)


# --- The draw -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DrawOutcome:
    path: Path
    draw: Draw
    findings: list[Finding]
    seed_source: str


def resolve_seed(seed: int | None, plan: Plan) -> tuple[int, str]:
    if seed is not None:
        if not 0 <= seed <= MAX_SEED:
            raise InputError(plan.source, f"随机种子应为0到{MAX_SEED}之间的整数，实际为{seed}")
        return seed, SEED_FROM_OPTION
    if plan.random_seed is not None:
        return plan.random_seed, SEED_FROM_SETTING
    return secrets.randbelow(2**32), SEED_FRESH


def previous_seed(path: Path) -> tuple[int | None, str]:
    """The seed and time an existing 抽查名单 file records (None if unreadable)."""
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("抽取记录")
        facts = {parse_text(r[0]): r[1] for r in sheet.to_python() if len(r) >= 2}
        return int(str(facts["随机种子"])), str(facts.get("抽取时间", ""))
    except Exception:
        return None, ""


def previous_draw_check(target: Path, seed: int) -> None:
    """Refuse to replace a published draw by one with another seed (a draw is never silently redone)."""
    if not target.exists():
        return
    earlier, when = previous_seed(target)
    if earlier != seed:
        said = f"随机种子{earlier}，{when}" if earlier is not None else "无法读出其随机种子"
        raise InputError(
            target,
            f"已有抽取结果（{said}）；不得换用随机种子{seed}重新抽取。"
            f"复核请用原种子{'（--seed ' + str(earlier) + '）' if earlier is not None else ''}；"
            "确需重抽须另选 --out 并说明理由",
        )


def make_draw(rp: RegisterPlan, seed: int, seed_source: str) -> tuple[Draw, list[Finding]]:
    counts = rp.unit_draw_counts()
    try:
        with paused_gc():
            d = draw(rp.frame(), counts, seed, rp.rosters)
    except DrawError as e:
        if e.roster:  # the plan's roster sheet, not the register, is to be corrected
            raise InputError(rp.plan_path, str(e), SHEET_ROSTER) from None
        raise InputError(rp.register.source, str(e)) from None
    drawn = [t.entity for t in d.targets]
    return d, plan_findings(rp.result, rp.register, rp.keys, rp.assignment, rp.caps, drawn)


def write_draw(
    rp: RegisterPlan,
    d: Draw,
    seed_source: str,
    out_dir: str | os.PathLike,
    *,
    refuse_other_seed: bool = True,
    keep_users: bool = True,
) -> Path:
    """Write ``抽查名单_<年>.xlsx`` into ``out_dir`` (whole or not at all), replacing only a list
    planlib wrote there (:mod:`planlib.io.owned`; ``keep_users=False`` for a run's own folder)."""
    from importlib.metadata import PackageNotFoundError, version

    year = rp.plan.year
    out = Path(out_dir)
    target = out / draw_file(year)
    if keep_users:
        refuse_taken(out, {target.name})
    if refuse_other_seed:
        previous_draw_check(target, d.seed)
    try:
        planlib_version = version("planlib")
    except PackageNotFoundError:  # pragma: no cover - running from a checkout without install
        from planlib import __version__ as planlib_version
    items = record_items(
        d,
        time=beijing_now().isoformat(timespec="seconds"),
        seed_source=seed_source,
        register=rp.register,
        key_count=len(rp.keys),
        version=planlib_version,
        plan_file=Path(rp.plan_path).name,
        plan_sha256=sha256(Path(rp.plan_path)),
        register_file=Path(rp.register.source).name,
        register_sha256=sha256(Path(rp.register.source)),
        python=sys.version.split()[0],
        upper_excluded=rp.upper_excluded if rp.plan.upper_list else None,
    )
    tables = [key_units_table(rp.assignment, year=year), draw_table(d, year), record_table(items)]
    lists = (KEY_LIST, RANDOM_LIST)  # filtered, to find a unit's or an officer's rows
    if not keep_users:  # a run's private folder: the run publishes it by the same rule
        return write_tables(tables, target, lists)
    return write_owned(out, {target.name: lambda path: write_tables(tables, path, lists)})[0]
