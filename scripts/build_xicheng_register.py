"""Build data/xicheng_2020_register.xlsx, an *illustrative* 监管对象名录 for Xicheng 2020.

The published plan gives only counts: 8,580 supervised entities, 306 key units (26 for
安全监管科（行政审批科）, 70 for each of the four 执法监察 teams). The names and credit codes here
are made up (codes carry a correct GB 32100-2015 check character); the counts are the plan's, so
``planlib draw data/xicheng_2020.xlsx --register data/xicheng_2020_register.xlsx --seed 2020``
reproduces the published unit figures. Deterministic: the same file on every run.

Run: ``python scripts/build_xicheng_register.py [OUT]``.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from openpyxl import Workbook

from planlib.core.register import CODE_CHARS, check_character
from planlib.io.files import write_whole

ENTITIES = 8580
KEY_UNITS = [("安全监管科（行政审批科）", 26), ("执法监察综合队", 70), ("执法监察一队", 70),
             ("执法监察二队", 70), ("执法监察三队", 70)]
STREETS = ["西长安街街道", "新街口街道", "月坛街道", "展览路街道", "德胜街道", "金融街街道", "什刹海街道",
           "大栅栏街道", "天桥街道", "椿树街道", "陶然亭街道", "广安门内街道", "牛街街道", "白纸坊街道", "广安门外街道"]
# (行业领域, weight among general units, label in the made-up names)
SECTORS = [("商贸", 40, "商贸"), ("餐饮（燃气使用）", 25, "餐饮"), ("工贸", 14, "工贸"), ("仓储物流", 8, "仓储"),
           ("有限空间", 8, "有限空间作业"), ("危险化学品", 5, "化学品经营")]
KEY_REASONS = {"危险化学品": "重点监管危险化学品经营（加油站）", "工贸": "涉爆粉尘、有限空间作业的工业企业",
               "有限空间": "有限空间作业", "仓储物流": "大型仓储", "商贸": "人员密集大型商场", "餐饮（燃气使用）": "燃气使用集中"}
HEADER = ["单位名称", "统一社会信用代码", "行业领域", "风险等级", "属地", "重点检查", "负责执法单位", "重点原因"]
DISTRICT = "110102"  # 北京市西城区


def credit_code(rng: random.Random, used: set[str]) -> str:
    while True:
        body = "91" + DISTRICT + "".join(rng.choice(CODE_CHARS) for _ in range(9))
        code = body + check_character(body)
        if code not in used:
            used.add(code)
            return code


def rows() -> list[list[str]]:
    rng = random.Random(2020)
    used: set[str] = set()
    out: list[list[str]] = []
    n = 0
    for unit, count in KEY_UNITS:
        for _ in range(count):
            n += 1
            if unit.startswith("安全监管科"):
                sector = "危险化学品" if rng.random() < 0.5 else "工贸"
            else:
                sector = rng.choices([s for s, _, _ in SECTORS], [w for _, w, _ in SECTORS])[0]
            label = next(lb for s, _, lb in SECTORS if s == sector)
            street = rng.choice(STREETS)
            out.append([f"{street[:-2]}示例{label}{n:04d}", credit_code(rng, used), sector,
                        "重大" if rng.random() < 0.3 else "较大", street, "是", unit, KEY_REASONS[sector]])
    while n < ENTITIES:
        n += 1
        sector, _, label = rng.choices(SECTORS, [w for _, w, _ in SECTORS])[0]
        street = rng.choice(STREETS)
        out.append([f"{street[:-2]}示例{label}{n:04d}", credit_code(rng, used), sector,
                    "一般" if rng.random() < 0.6 else "低", street, "否", "", ""])
    rng.shuffle(out)  # a register is not sorted by the plan's units
    return out


def build(path: Path) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("监管对象名录")
    ws.append(HEADER)
    for row in rows():
        ws.append(row)
    return write_whole(path, wb.save)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "data" / "xicheng_2020_register.xlsx"
    print(build(target))
