"""Issue 21 item 6: total rows under any name are not counted as entries.

The recipe: 共计, 汇总, 总合计, 合计（人）, 以上合计, 合计数 in 执法人员 (Kuancheng: officers 8 → 16,
key inspections 250), 其他执法合计 or 共计 in 工作日类别 (其他执法 1035 → 2070), a 小计 row in
单位工作日 (counted twice). By their words: an input error naming the cell. By their arithmetic
(a row equal to the sum of the rows above it, whatever it is called): a warning naming it.
"""

from __future__ import annotations

import openpyxl
import pytest

from planlib.errors import InputError
from planlib.io.workbook import compute_workbook, load_plan
from support import ROOT

KUANCHENG = ROOT / "data" / "kuancheng_2025.xlsx"


def edited(tmp_path, sheet: str, row: list, at: int | None = None):
    wb = openpyxl.load_workbook(KUANCHENG)
    ws = wb[sheet]
    last = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value is not None)
    target = at or last + 1
    if at:
        ws.insert_rows(at)
    for c, v in enumerate(row, 1):
        ws.cell(target, c, v)
    path = tmp_path / "宽城.xlsx"
    wb.save(path)
    return path, target


@pytest.mark.parametrize("name", ["共计", "汇总", "总合计", "合计（人）", "以上合计", "合计数", "合计:"])
def test_a_total_row_of_units_by_any_name_is_refused(tmp_path, name):
    path, row = edited(tmp_path, "执法人员", [name, 8, 125, 1])
    with pytest.raises(InputError) as e:
        load_plan(path)
    assert e.value.sheet == "执法人员" and e.value.where == f"A{row}" and "合计行" in e.value.message


@pytest.mark.parametrize("name", ["其他执法合计", "共计"])
def test_a_total_item_is_refused(tmp_path, name):
    path, row = edited(tmp_path, "工作日类别", ["其他执法", name, "填报", 1035], at=4)
    with pytest.raises(InputError) as e:
        load_plan(path)
    assert e.value.sheet == "工作日类别" and e.value.where in (f"A{row}", f"B{row}")


def test_a_subtotal_row_of_unit_workdays_is_refused(tmp_path):
    path, row = edited(tmp_path, "单位工作日", ["安全生产科", "其他执法", "小计", 375])
    with pytest.raises(InputError) as e:
        load_plan(path)
    assert e.value.sheet == "单位工作日" and e.value.where == f"A{row}"


def _sum_row_warnings(path) -> list[str]:
    _, findings = compute_workbook(str(path))
    return [f.where for f in findings if f.rule == "reading" and "以上各行之和" in f.message]


def test_a_unit_row_equal_to_the_rows_above_it_is_named(tmp_path):
    """Under a name no word list knows (全局): 3 + 5 = 8 officers."""
    path, row = edited(tmp_path, "执法人员", ["全局", 8, None, 0])
    assert _sum_row_warnings(path) == [f"执法人员!A{row}"]


def test_an_item_equal_to_the_items_above_it_is_named(tmp_path):
    """800 + 235 = 1035: the category's total typed as an item."""
    path, row = edited(tmp_path, "工作日类别", ["其他执法", "其他执法工作", "填报", 1035], at=4)
    assert _sum_row_warnings(path) == [f"工作日类别!D{row}"]


def test_a_units_category_row_equal_to_its_items_is_named(tmp_path):
    """安全生产科's 其他执法 items 300 + 75 = 375, typed again with 项目 blank."""
    path, row = edited(tmp_path, "单位工作日", ["安全生产科", "其他执法", None, 375])
    assert _sum_row_warnings(path) == [f"单位工作日!D{row}"]


def test_the_bundled_workbooks_have_no_such_row():
    for name in ("kuancheng_2025.xlsx", "xicheng_2020.xlsx"):
        assert _sum_row_warnings(ROOT / "data" / name) == []
