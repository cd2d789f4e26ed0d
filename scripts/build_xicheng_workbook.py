"""Build data/xicheng_2020.xlsx, the bundled default input, from the reference plan.

The published plan (shared/reference/xicheng-2020-plan.txt) gives the plan-year figures but
no three-year history and no officers per unit. This script makes *illustrative* history for
2017–2019 and an illustrative staff split (summing to the published 35) such that the stated
estimation methods reproduce every published estimate exactly, and writes the workbook with
planlib's own writer. The workbook's 说明/备注 cells say which figures are illustrative.

Run: ``python scripts/build_xicheng_workbook.py [OUT]`` (default: data/xicheng_2020.xlsx).
"""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

from planlib.core.estimation import estimate, round_half_up
from planlib.core.model import (
    METHOD_LAST_YEAR,
    METHOD_MEAN,
    METHOD_PER_OFFICER,
    METHOD_REPORTED,
    NON_ENFORCEMENT,
    OTHER_ENFORCEMENT,
    Plan,
    Unit,
    WorkdayItem,
)

YEAR = 2020
STAFF_HISTORY = {2017: 32, 2018: 33, 2019: 35}  # illustrative
ILLUSTRATIVE = "示例数据：原计划未公布，按所列测算方法可复现原计划数字"

# (category, item, published workdays, method, note) — in the reference plan's order.
PUBLISHED = [
    (OTHER_ENFORCEMENT, "开展安全生产综合监管", 630, METHOD_PER_OFFICER, ""),
    (OTHER_ENFORCEMENT, "实施行政许可", 168, METHOD_LAST_YEAR, ""),
    (OTHER_ENFORCEMENT, "组织生产安全事故调查和处理", 436, METHOD_MEAN, ""),
    (OTHER_ENFORCEMENT, "调查核实安全生产投诉举报", 280, METHOD_PER_OFFICER, ""),
    (OTHER_ENFORCEMENT, "参加有关部门联合执法", 398, METHOD_REPORTED, ""),
    (OTHER_ENFORCEMENT, "办理有关法律、法规、规章规定的登记、备案", 20, METHOD_REPORTED, ""),
    (OTHER_ENFORCEMENT, "开展安全生产宣传教育培训", 160, METHOD_MEAN, ""),
    (OTHER_ENFORCEMENT, "行政复议、行政应诉工作", 124, METHOD_LAST_YEAR, ""),
    (OTHER_ENFORCEMENT, "完成本级人民政府或者上级安全监管部门安排的其他执法任务", 874,
     METHOD_REPORTED, "根据各执法单位提供的测算数据汇总"),
    (NON_ENFORCEMENT, "单位值班", 420, METHOD_PER_OFFICER, ""),
    (NON_ENFORCEMENT, "学习、培训、考核、会议", 2605, METHOD_PER_OFFICER, ""),
    (NON_ENFORCEMENT, "病假、事假", 97, METHOD_MEAN, ""),
    (NON_ENFORCEMENT, "公务员法定年休假、探亲假、婚（丧）假", 551, METHOD_PER_OFFICER, ""),
    (NON_ENFORCEMENT, "参加党群活动", 700, METHOD_PER_OFFICER, ""),
    (NON_ENFORCEMENT, "其他非执法工作", 310, METHOD_MEAN, "根据前3年度的平均值,主要参考2019年数据测算"),
]

# (unit, officers (illustrative), key inspections, general weight, note)
UNITS = [
    ("安全监管科（行政审批科）", 3, 26, 0, "重点检查：重点监管危险化学品（加油站）、工业企业；人员数为示例"),
    ("执法监察综合队", 8, 70, 1, "人员数为示例"),
    ("执法监察一队", 8, 70, 1, "人员数为示例"),
    ("执法监察二队", 8, 70, 1, "人员数为示例"),
    ("执法监察三队", 8, 70, 1, "人员数为示例"),
]
STAFF = sum(staff for _, staff, *_ in UNITS)  # the published 35 enforcement officers of 2020

# Year-on-year drift of the illustrative history, per item index (a gentle, varied trend).
DRIFT = [Fraction(d, 100) for d in (-6, -3, 0, 4, -5, 2, 6, -2, 3, -4, 5, -7, 1, -3, 8)]


def _history(target: int, method: str, drift: Fraction) -> dict[int, int]:
    """Whole-day history for 2017–2019 from which ``method`` gives ``target`` for 2020.

    The years drift symmetrically around the target (so the mean stays near it); the middle
    year is then nudged by whole days until the method reproduces the target exactly.
    """
    years = sorted(STAFF_HISTORY)
    history = {}
    for k, y in enumerate(years):
        factor = 1 + drift * (k - 1)
        scale = Fraction(STAFF_HISTORY[y], STAFF) if method == METHOD_PER_OFFICER else 1
        history[y] = round_half_up(target * factor * scale)  # the project's one rounding rule
    if method == METHOD_LAST_YEAR:
        history[YEAR - 1] = target
    middle = years[1]
    for step in [0] + [s for n in range(1, 100) for s in (n, -n)]:
        trial = {**history, middle: history[middle] + step}
        item = WorkdayItem(OTHER_ENFORCEMENT, "x", method, target, history=trial)
        if estimate(item, YEAR, STAFF, STAFF_HISTORY).workdays == target:
            return trial
    raise AssertionError(f"no history reproduces {target} by {method}")


def xicheng_plan() -> Plan:
    items = tuple(
        WorkdayItem(
            category=cat,
            name=name,
            method=method,
            reported=value if method == METHOD_REPORTED else 0,
            note=note,
            history=_history(value, method, DRIFT[i]),
        )
        for i, (cat, name, value, method, note) in enumerate(PUBLISHED)
    )
    units = tuple(Unit(n, s, k, w, note) for n, s, k, w, note in UNITS)
    return Plan(
        authority="北京市西城区应急管理局",
        year=YEAR,
        units=units,
        items=items,
        headcount=83,
        entity_base=8580,
        workday_mode="formula",
        days_per_key_inspection=2,
        days_per_general_inspection=2,
        staff_history=dict(STAFF_HISTORY),
    )


def main(argv: list[str]) -> int:
    from planlib.io.workbook import write_plan

    out = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / "data" / "xicheng_2020.xlsx"
    write_plan(
        xicheng_plan(),
        out,
        note=(
            "来源：北京市西城区应急管理局《2020年度安全生产监督检查计划》四至六部分。"
            f"各执法单位人员数与2017–2019年历史数据为{ILLUSTRATIVE}。"
        ),
    )
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
