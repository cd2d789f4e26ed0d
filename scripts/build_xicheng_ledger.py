"""Build data/xicheng_2020_ledger.xlsx, an *illustrative* 检查台账 for Xicheng 2020 (January–June).

Made from the bundled plan, register and the 双随机 draw with seed 2020 (``planlib draw
data/xicheng_2020.xlsx --register data/xicheng_2020_register.xlsx --seed 2020``): each unit visits
its key units and drawn targets month by month as 附件3 schedules them, except 执法监察三队,
which from April makes only half its visits (so it is more than a month behind by June 30), plus
a few triggered visits (投诉举报, 事故) to entities on neither list. Six problems are planted, one
of each kind the progress report lists: an unknown unit, a credit code not in the register, a
date outside 2020, a date after June 30, a visit with one inspector, a duplicate row. The sheet
实际工作日 gives illustrative full-year actual workdays for every item of 工作日类别 (the plan's
2020 estimates, a few changed), so ``planlib next-year`` has its figures.

Deterministic: the same cells on every run. Run: ``python scripts/build_xicheng_ledger.py [OUT]``.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from openpyxl import Workbook

from planlib.config import DATA_DIR
from planlib.core.schedule import plan_schedule
from planlib.io.draw import load_with_register, make_draw
from planlib.io.files import write_whole

PLAN = DATA_DIR / "xicheng_2020.xlsx"
REGISTER = DATA_DIR / "xicheng_2020_register.xlsx"
OUT = DATA_DIR / "xicheng_2020_ledger.xlsx"
SEED = 2020
MONTHS = 6  # January to June
SLOW_UNIT, SLOW_FROM, SLOW_SHARE = "执法监察三队", 4, 0.5
HEADER = ["检查日期", "执法单位", "统一社会信用代码", "单位名称", "检查类型", "执法人员", "发现隐患", "用时"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
# Actual workdays that differ from the plan's 2020 estimate (the rest are as estimated).
ACTUAL_CHANGES = {"单位值班": 410, "病假、事假": 88, "组织生产安全事故调查和处理": 450, "开展安全生产宣传教育培训": 172}


def officers(rng: random.Random, unit: str, n: int) -> list[str]:
    names: list[str] = []
    while len(names) < n:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
        if name not in names:
            names.append(name)
    return names


def workdays_of(month: int) -> list[dt.date]:
    d = dt.date(2020, month, 1)
    out = []
    while d.month == month:
        if d.weekday() < 5:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def ledger_rows() -> tuple[list[list], list[list]]:
    rp = load_with_register(PLAN, REGISTER, progress=False)
    draw, _ = make_draw(rp, SEED, "示例")
    schedule = plan_schedule(rp.result)
    rng = random.Random(SEED)
    visits: list[list] = []
    staff = {u.name: officers(rng, u.name, u.staff) for u in rp.plan.units}
    drawn = {u.name: [t.entity for t in draw.targets if t.unit == u.name] for u in rp.plan.units}
    keys = {unit: [e for e, _ in pairs] for unit, pairs in rp.assignment.by_unit.items()}
    for m in range(MONTHS):
        days = workdays_of(m + 1)
        for i, unit in enumerate(schedule.units):
            share = SLOW_SHARE if unit == SLOW_UNIT and m + 1 >= SLOW_FROM else 1
            for kind, table, pool in (("重点", schedule.key, keys[unit]), ("双随机", schedule.general, drawn[unit])):
                for _ in range(int(table[m][i] * share)):
                    if not pool:
                        break
                    e = pool.pop(0)
                    pair = rng.sample(staff[unit], 2)
                    hazards = rng.choice([0, 0, 1, 1, 2, 3, 5])
                    days_used = 1.5 if rng.random() < 0.1 else None
                    visits.append([rng.choice(days), unit, e.code, e.name, kind, "、".join(pair), hazards, days_used])
    visits.sort(key=lambda r: (r[0], r[1], r[2]))
    # triggered visits to entities on neither list
    listed = {e.code for es in keys.values() for e in es} | {t.entity.code for t in draw.targets}
    others = [e for e in rp.register.entities if e.code not in listed]
    for n, (kind, month) in enumerate((("投诉举报", 2), ("投诉举报", 3), ("事故", 5), ("转办交办", 6))):
        e = others[n * 97]
        unit = schedule.units[1 + n % 4]
        visits.append([rng.choice(workdays_of(month)), unit, e.code, e.name, kind, "、".join(staff[unit][:2]), 2, 1])
    first = visits[0]
    u1, u2, u3 = schedule.units[1:4]

    def pair(unit: str) -> str:
        return "、".join(staff[unit][:2])

    code, name = first[2], first[3]
    planted = [
        [dt.date(2020, 3, 10), "执法监察四队", code, name, "重点", "王伟、李娜", 0, None],  # unknown unit
        [dt.date(2020, 4, 8), u2, "91110102XXXXXXXXXX", "不在名录的某公司", "其他", pair(u2), 1, None],  # unknown code
        [dt.date(2019, 12, 30), u1, code, name, "重点", pair(u1), 0, None],  # outside 2020
        [dt.date(2020, 7, 2), u3, code, name, "其他", pair(u3), 0, None],  # after June 30
        list(visits[5]),  # a duplicate of a row
        [dt.date(2020, 6, 12), unit, others[5].code, others[5].name, "其他（投诉举报）", staff[unit][0], 1, None],
    ]  # the last: one inspector
    rows = visits + planted
    actual = actual_rows(rp)
    return rows, actual


def actual_rows(rp) -> list[list]:
    r = rp.result
    out = []
    for cat in (r.other_enforcement, r.non_enforcement):
        for item in cat.items:
            out.append([cat.category, item.name, ACTUAL_CHANGES.get(item.name, item.workdays)])
    return out


def build(path: Path) -> Path:
    visits, actual = ledger_rows()
    wb = Workbook()
    ws = wb.active
    ws.title = "检查台账"
    ws.append(HEADER)
    for row in visits:
        ws.append(row)
        ws.cell(row=ws.max_row, column=1).number_format = "yyyy-mm-dd"
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["C"].width = 22
    ws.column_dimensions["D"].width = 24
    ws.column_dimensions["F"].width = 16
    ws2 = wb.create_sheet("实际工作日")
    ws2.append(["类别", "项目", "工作日"])
    for row in actual:
        ws2.append(row)
    ws2.column_dimensions["B"].width = 50
    return write_whole(path, lambda tmp: wb.save(tmp))


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
