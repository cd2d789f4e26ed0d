"""Everything ``planlib progress`` compares (docs/contract.md §7): the plan with its register
(key units, caps, roster), the 双随机 list (read from ``抽查名单_<年>.xlsx`` or drawn again from
the seed), the monthly schedule and its calendar, and the ledger."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from planlib.core.ledger import Ledger
from planlib.core.progress import PlanLists, day_is_workday
from planlib.core.register import Entity
from planlib.core.schedule import Schedule, plan_schedule
from planlib.errors import InputError
from planlib.io.draw import RegisterPlan, load_with_register, make_draw, resolve_seed
from planlib.io.ledger import parse_code, read_ledger, with_plan_names
from planlib.io.xlsxio import name_key, open_book, read_table

SHEET_DRAWN = "双随机抽查名单"
COL_UNIT, COL_CODE = "执法单位", "统一社会信用代码"


@dataclass(frozen=True)
class ProgressInputs:
    rp: RegisterPlan
    ledger: Ledger
    lists: PlanLists
    schedule: Schedule
    is_workday: Callable[[dt.date], bool]
    as_of: dt.date
    draw_source: str  # where the 双随机 list came from, in Chinese


def as_of_date(year: int, as_of: dt.date | None, plan_path: str, today: dt.date | None = None) -> dt.date:
    """The date compared at: ``as_of``, or today kept within the plan year."""
    if as_of is not None:
        if as_of.year != year:
            raise InputError(plan_path, f"统计截止日期（--as-of）{as_of.isoformat()}不在计划年度{year}年内")
        return as_of
    today = today or dt.date.today()
    return min(max(today, dt.date(year, 1, 1)), dt.date(year, 12, 31))


def read_drawn(path: str | os.PathLike, rp: RegisterPlan) -> tuple[tuple[Entity, str], ...]:
    """The targets of a 抽查名单 file (sheet 双随机抽查名单) with their units, as in the register."""
    book = open_book(path)
    t = read_table(book, SHEET_DRAWN, (COL_UNIT, COL_CODE))
    if t is None:
        raise book.error(f"缺少工作表“{SHEET_DRAWN}”（应为 planlib draw 生成的抽查名单）")
    entities = {e.code: e for e in rp.register.entities}
    units = {name_key(u.name): u.name for u in rp.plan.units}
    out = []
    for r in t.rows():
        code = t.get(r, COL_CODE, parse_code)
        if not code:
            continue
        e = entities.get(code)
        if e is None:
            raise t.error(f"统一社会信用代码“{code}”不在监管对象名录中", t.raw(r, COL_CODE)[1])
        unit = units.get(name_key(t.text(r, COL_UNIT)))
        if unit is None:
            raise t.error(f"执法单位“{t.text(r, COL_UNIT)}”不是计划中的执法单位", t.raw(r, COL_UNIT)[1])
        out.append((e, unit))
    return tuple(out)


def load_progress(
    plan_path: str | os.PathLike,
    register_path: str | os.PathLike,
    ledger_path: str | os.PathLike,
    *,
    draw_path: str | os.PathLike | None = None,
    seed: int | None = None,
    as_of: dt.date | None = None,
    mode: str | None = None,
    today: dt.date | None = None,
) -> ProgressInputs:
    rp = load_with_register(plan_path, register_path, mode, progress=False)
    plan = rp.plan
    day = as_of_date(plan.year, as_of, str(plan_path), today)
    ledger = with_plan_names(read_ledger(ledger_path), [u.name for u in plan.units])
    if draw_path is not None:
        drawn = read_drawn(draw_path, rp)
        source = f"抽查名单“{Path(draw_path).name}”"
    else:
        if seed is None and plan.random_seed is None:
            raise InputError(
                str(plan_path),
                "没有“双随机”抽查名单：请用 --draw 指定 planlib draw 生成的抽查名单，"
                "或用 --seed 给出抽取时的随机种子（也可在基本信息填 random_seed）",
            )
        value, how = resolve_seed(seed, plan)
        d, _ = make_draw(rp, value, how)
        drawn = tuple((t.entity, t.unit) for t in d.targets)
        source = f"按随机种子{value}重新抽取（{how}）"
    key = tuple((e, unit) for unit, pairs in rp.assignment.by_unit.items() for e, _ in pairs)
    roster = None
    if rp.rosters is not None:
        roster = frozenset(o.name for officers in rp.rosters.values() for o in officers)
    lists = PlanLists(
        tuple(u.name for u in plan.units),
        key,
        drawn,
        {e.code: e for e in rp.register.entities},
        rp.caps,
        roster,
    )
    schedule = plan_schedule(rp.result)
    return ProgressInputs(
        rp, ledger, lists, schedule, day_is_workday(plan.year, schedule.basis, plan.holidays), day, source
    )
