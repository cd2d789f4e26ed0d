"""Build data/kuancheng_2025.xlsx: an illustrative input workbook for 长春市宽城区应急管理局 2025,
with each enforcement unit's own workdays (工作表“单位工作日”) and the 2025 State Council
arrangement typed in (工作表“放假安排”, 国办发明电〔2024〕12号), to show the official run on a
plan whose figures are split by unit.

The figures the published plan states are kept exactly: 8 officers (安全生产科 3, 执法大队 5),
248 workdays each, other enforcement 1035 (375 + 660), non-enforcement 535 (135 + 400),
inspection 414 (234 + 180). How the units' figures divide into items, the key-unit counts and
the entity base are illustrative, not the published plan's.

Run: ``python scripts/build_kuancheng_workbook.py [OUT]``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from planlib.core.model import (  # noqa: E402
    DAY_OFF,
    MAKEUP_WORKDAY,
    METHOD_NOT_COUNTED,
    METHOD_REPORTED,
    NON_ENFORCEMENT,
    OTHER_ENFORCEMENT,
    HolidayRange,
    Plan,
    Unit,
    UnitWorkdays,
    WorkdayItem,
)
from planlib.io.workbook import write_plan  # noqa: E402

DEFAULT_OUT = ROOT / "data" / "kuancheng_2025.xlsx"
SAFETY, BRIGADE = "安全生产科", "执法大队"


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def arrangement_2025() -> tuple[HolidayRange, ...]:
    """国务院办公厅关于2025年部分节假日安排的通知, as its rows read."""
    rows = [
        ("元旦", "2025-01-01", "2025-01-01", DAY_OFF),
        ("春节", "2025-01-28", "2025-02-04", DAY_OFF),
        ("春节", "2025-01-26", "2025-01-26", MAKEUP_WORKDAY),
        ("春节", "2025-02-08", "2025-02-08", MAKEUP_WORKDAY),
        ("清明节", "2025-04-04", "2025-04-06", DAY_OFF),
        ("劳动节", "2025-05-01", "2025-05-05", DAY_OFF),
        ("劳动节", "2025-04-27", "2025-04-27", MAKEUP_WORKDAY),
        ("端午节", "2025-05-31", "2025-06-02", DAY_OFF),
        ("国庆节、中秋节", "2025-10-01", "2025-10-08", DAY_OFF),
        ("国庆节、中秋节", "2025-09-28", "2025-09-28", MAKEUP_WORKDAY),
        ("国庆节、中秋节", "2025-10-11", "2025-10-11", MAKEUP_WORKDAY),
    ]
    return tuple(HolidayRange(n, _day(a), _day(b), k) for n, a, b, k in rows)


def kuancheng_plan() -> Plan:
    items = (
        WorkdayItem(OTHER_ENFORCEMENT, "开展安全生产综合监管", METHOD_REPORTED, 0, "各单位填报（示意）"),
        WorkdayItem(OTHER_ENFORCEMENT, "组织生产安全事故调查和处理", METHOD_REPORTED, 0, "各单位填报（示意）"),
        WorkdayItem(OTHER_ENFORCEMENT, "办理有关法律、法规、规章规定的登记、备案", METHOD_NOT_COUNTED, 0, "窗口办理"),
        WorkdayItem(NON_ENFORCEMENT, "学习、培训、考核、会议", METHOD_REPORTED, 0, "各单位填报（示意）"),
        WorkdayItem(NON_ENFORCEMENT, "节假日值班", METHOD_NOT_COUNTED, 0, "上班期间专人值班"),
    )
    rows = (
        UnitWorkdays(SAFETY, OTHER_ENFORCEMENT, "开展安全生产综合监管", 300),
        UnitWorkdays(BRIGADE, OTHER_ENFORCEMENT, "开展安全生产综合监管", 500),
        UnitWorkdays(SAFETY, OTHER_ENFORCEMENT, "组织生产安全事故调查和处理", 75),
        UnitWorkdays(BRIGADE, OTHER_ENFORCEMENT, "组织生产安全事故调查和处理", 160),
        UnitWorkdays(SAFETY, NON_ENFORCEMENT, "学习、培训、考核、会议", 90),
        UnitWorkdays(BRIGADE, NON_ENFORCEMENT, "学习、培训、考核、会议", 150),
        UnitWorkdays(SAFETY, NON_ENFORCEMENT, "", 45, "年休假、病事假等（不分项目）"),
        UnitWorkdays(BRIGADE, NON_ENFORCEMENT, "", 250, "年休假、病事假、值班等（不分项目）"),
    )
    # Item 填报值 = the sum of its unit rows (what load_plan gives; the writer writes it).
    sums: dict[tuple[str, str], int] = {}
    for r in rows:
        if r.item:
            sums[r.category, r.item] = sums.get((r.category, r.item), 0) + r.workdays
    items = tuple(WorkdayItem(i.category, i.name, i.method, sums.get((i.category, i.name), 0), i.note) for i in items)
    return Plan(
        authority="长春市宽城区应急管理局",
        year=2025,
        units=(Unit(SAFETY, 3, 75, 1, "示意：重点检查家数"), Unit(BRIGADE, 5, 50, 1, "示意：重点检查家数")),
        items=items,
        workday_mode="official",
        unit_workdays=rows,
        holidays=arrangement_2025(),
    )


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    write_plan(kuancheng_plan(), out, note="示意数据：各单位合计与宽城区2025年计划一致，分项与重点检查家数为示意")
    print(f"已生成：{out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
