"""The plan by 检查事项 (docs/contract.md §6, docs/method.md §7, issue 18).

A small plan worked by hand throughout: one unit of 2 officers in 2020 (251 workdays each by the
formula, 366 − 104 − 11), 150 other-enforcement and 150 non-enforcement workdays, so
502 − 150 − 150 = 202 inspection workdays, 2 days per inspection. Its register: 3 key 工贸
units, 2 key 商贸 units, 100 general 工贸 and 100 general 商贸 entities. Items: 工贸 twice a
year (cap 2), 商贸 once (cap 1).

- key visits 3 × 2 + 2 × 1 = 8 (家次), key workdays 8 × 2 = 16;
- general visits ⌊(202 − 16) ÷ 2⌋ = 93;
- targets drawn: the largest N whose strata (N halved, the odd one to 商贸, the first sector by
  name) cost ≤ 93 visits: N = 62 → 31 商贸 + 31 工贸 = 31 + 62 = 93; N = 63 → 32 + 62 = 94 > 93.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from planlib.core.compute import compute
from planlib.core.model import InspectionItem, Plan, Unit, WorkdayItem, inspection_item_cell
from planlib.core.schedule import plan_schedule
from planlib.errors import InputError
from planlib.io.draw import load_with_register, make_draw, write_draw
from planlib.io.export import write_documents
from planlib.io.workbook import load_plan, write_plan, write_template
from planlib.text.report import format_summary
from support import XICHENG

WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]  # GB 32100-2015 Table 3
CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
LAW = "《中华人民共和国安全生产法》第六十五条"


def code(n: int) -> str:
    body = f"91110102{n:09d}"
    total = sum(CHARS.index(c) * w for c, w in zip(body, WEIGHTS, strict=True))
    return body + CHARS[(31 - total % 31) % 31]


def items(gongmao_frequency: int = 2, gongmao_cap: int = 2, *extra: InspectionItem) -> tuple[InspectionItem, ...]:
    return (
        InspectionItem("工贸企业监督检查", ("工贸",), LAW, frequency=gongmao_frequency, cap=gongmao_cap),
        InspectionItem("商贸单位监督检查", ("商贸",), LAW, frequency=1, cap=1, joint="牵头：应急管理局；配合：商务局"),
        *extra,
    )


def small_plan(**changes) -> Plan:
    plan = Plan(
        "某区应急管理局",
        2020,
        (Unit("一队", 2),),
        (WorkdayItem("其他执法", "综合监管", "填报", 150), WorkdayItem("非执法", "值班", "填报", 150)),
        inspection_items=items(),
    )
    return plan.with_changes(**changes)


def register(tmp_path: Path) -> Path:
    rows = [["单位名称", "统一社会信用代码", "行业领域", "重点检查"]]
    rows += [[f"重点工贸{n}", code(n), "工贸", "是"] for n in range(1, 4)]
    rows += [[f"重点商贸{n}", code(n), "商贸", "是"] for n in range(4, 6)]
    rows += [[f"一般工贸{n}", code(n), "工贸", "否"] for n in range(6, 106)]
    rows += [[f"一般商贸{n}", code(n), "商贸", "否"] for n in range(106, 206)]
    path = tmp_path / "名录.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def workbook(tmp_path: Path, plan: Plan | None = None, name: str = "计划.xlsx") -> Path:
    return write_plan(plan or small_plan(), tmp_path / name)


def edit_items_sheet(path: Path, **cells) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb["检查事项"]
    for where, value in cells.items():
        ws[where] = value
    wb.save(path)
    return path


# --- 1. the sheet, read and checked -----------------------------------------------------------------


def test_items_sheet_reads_back_as_written(tmp_path):
    plan = load_plan(workbook(tmp_path))
    assert plan.inspection_items == items()
    assert plan.where(inspection_item_cell("工贸企业监督检查")) == "检查事项!A2"


@pytest.mark.parametrize(
    ("cells", "where", "words"),
    [
        ({"A3": "工贸企业监督检查"}, "A3", "重复"),
        ({"G2": 3}, "H2", "超过其频次上限2次"),
        ({"D2": None}, "D2", "实施依据"),
        ({"G2": 0}, "G2", "检查频次"),
        ({"C2": "临时"}, "C2", "检查类型"),
    ],
)
def test_a_bad_item_is_an_input_error_naming_its_cell(tmp_path, cells, where, words):
    path = edit_items_sheet(workbook(tmp_path), **cells)
    with pytest.raises(InputError) as e:
        load_plan(path)
    assert (e.value.sheet, e.value.where) == ("检查事项", where)
    assert words in e.value.message


def test_an_unknown_sector_is_an_input_error_naming_its_cell(tmp_path):
    path = edit_items_sheet(workbook(tmp_path), B3="商贸、烟花爆竹")
    with pytest.raises(InputError) as e:
        load_with_register(path, register(tmp_path))
    assert (e.value.sheet, e.value.where) == ("检查事项", "B3")
    assert "烟花爆竹" in e.value.message and "商贸、工贸" in e.value.message


def test_the_template_has_the_sheet_with_an_example_and_instructions(tmp_path):
    path = write_template(tmp_path / "t.xlsx", year=2026)
    wb = openpyxl.load_workbook(path)
    header = [c.value for c in wb["检查事项"][1]]
    assert header[:4] == ["检查事项", "行业领域", "检查类型", "实施依据"] and "频次上限" in header
    assert wb["检查事项"]["A2"].value.endswith("（示例）")
    assert "上级检查名单" in wb.sheetnames
    topics = [c.value for c in wb["填写说明"]["A"]]
    assert "工作表“检查事项”（可选）" in topics and "工作表“上级检查名单”（可选）" in topics
    assert load_plan(path).inspection_items  # the template reads as it is


# --- 2. visits are what the plan counts ---------------------------------------------------------------


def test_visits_are_costed_through_the_chain(tmp_path):
    rp = load_with_register(workbook(tmp_path), register(tmp_path))
    r = rp.result
    assert r.inspection_workdays == 202
    assert (r.key_entities, r.key_inspections, r.key_workdays) == (5, 8, 16)
    assert r.general_inspections == 93
    assert r.planned_inspections == 101
    assert rp.drawn_total == 62
    summary = format_summary(r, rp.findings)
    assert "重点检查工作日：16个（8家次×2天）" in summary
    assert "计划检查：101家次，其中重点检查8家次" in summary


def test_every_frequency_one_leaves_the_reference_plan_as_published(tmp_path):
    """The bundled workbook has five items, each of frequency 1 over its own sectors."""
    from planlib.io.workbook import compute_workbook

    rp = load_with_register(XICHENG, Path(XICHENG).with_name("xicheng_2020_register.xlsx"))
    plain, _ = compute_workbook(XICHENG)
    for r in (rp.result, plain):
        assert (r.inspection_workdays, r.key_workdays, r.general_workdays) == (1012, 612, 400)
        assert (r.key_inspections, r.general_inspections, r.planned_inspections) == (306, 200, 506)
        assert [(u.key, u.general) for u in r.units] == [(26, 0), (70, 50), (70, 50), (70, 50), (70, 50)]
        assert not r.counts_visits
    assert len(rp.result.plan.inspection_items) == 5
    assert rp.drawn_total == 200


def test_key_visits_per_year_costs_the_visits_without_the_sheet():
    """Without 检查事项 every key unit is visited key_visits_per_year times: 5 key units × 2 = 10
    visits, 20 workdays, general ⌊(202 − 20) ÷ 2⌋ = 91."""
    plan = small_plan(inspection_items=(), units=(Unit("一队", 2, 5),), key_visits_per_year=2)
    r = compute(plan)
    assert (r.key_entities, r.key_inspections, r.key_workdays, r.general_inspections) == (5, 10, 20, 91)


# --- 3. caps ------------------------------------------------------------------------------------------


def test_visits_over_an_items_cap_are_an_error_naming_entities_items_and_cap(tmp_path):
    """A second item over 工贸 (once a year, cap 2) makes each 工贸 key unit 2 + 1 = 3 visits."""
    extra = InspectionItem("有限空间专项检查", ("工贸",), LAW, "专项", frequency=1, cap=2)
    plan = small_plan(inspection_items=items(2, 2, extra))
    rp = load_with_register(workbook(tmp_path, plan), register(tmp_path))
    caps = [f for f in rp.findings if f.rule == "item_cap"]
    assert len(caps) == 2 and all(f.severity == "error" for f in caps)
    assert "重点工贸1（3次）" in caps[0].message and "上限为2次/年/家" in caps[0].message
    assert "工贸企业监督检查、有限空间专项检查" in caps[0].message
    assert caps[0].where == "检查事项!H2"
    assert rp.result.key_inspections == 3 * 3 + 2  # the visits are costed all the same


def test_entity_visit_cap_is_an_error_naming_the_first_entities(tmp_path):
    rp = load_with_register(workbook(tmp_path, small_plan(entity_visit_cap=1)), register(tmp_path))
    [cap] = [f for f in rp.findings if f.rule == "entity_visit_cap"]
    assert cap.severity == "error"
    assert "每年检查不超过1次" in cap.message and "重点工贸1（2次）" in cap.message and "共3家" in cap.message
    assert cap.where.startswith("基本信息!B")
    d, findings = make_draw(rp, 7, "测试")
    [after] = [f for f in findings if f.rule == "entity_visit_cap"]
    assert "等34家" in after.message  # 3 key + 31 drawn 工贸 units, two visits each


# --- 4. the months --------------------------------------------------------------------------------------


def test_items_by_month_add_up_both_ways(tmp_path):
    rp = load_with_register(workbook(tmp_path), register(tmp_path))
    r = rp.result
    gongmao, shangmao = r.item_lines
    # 工贸: 3 key × 2 + 31 drawn × 2 = 68 visits; 商贸: 2 + 31 = 33
    assert (gongmao.key, gongmao.drawn, gongmao.visits) == (3, 31, 68)
    assert (shangmao.key, shangmao.drawn, shangmao.visits) == (2, 31, 33)
    assert sum(gongmao.month(m) for m in range(12)) == 68
    assert sum(shangmao.month(m) for m in range(12)) == 33
    s = plan_schedule(r)
    assert [gongmao.month(m) + shangmao.month(m) for m in range(12)] == [s.month_total(m) for m in range(12)]


# --- 5. the upper level's list --------------------------------------------------------------------------


def test_upper_list_leaves_entities_out_of_the_frame(tmp_path):
    path = workbook(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("上级检查名单")
    ws.append(["统一社会信用代码", "单位名称", "上级部门"])
    ws.append([code(6), "一般工贸6", "市应急管理局"])
    ws.append([code(106), "一般商贸106", "市应急管理局"])
    ws.append([code(1), "重点工贸1", "市应急管理局"])
    wb.save(path)
    rp = load_with_register(path, register(tmp_path))
    assert len(rp.frame()) == 200 - 2 and rp.upper_excluded == 2
    [w] = [f for f in rp.findings if f.rule == "upper_list"]
    assert w.severity == "warning" and "重点工贸1" in w.message and "市应急管理局" in w.message
    d, _ = make_draw(rp, 7, "测试")
    assert {code(6), code(106)}.isdisjoint(t.entity.code for t in d.targets)
    out = write_draw(rp, d, "测试", tmp_path / "out")
    record = {r[0].value: r[1].value for r in openpyxl.load_workbook(out)["抽取记录"].iter_rows()}
    assert record["上级检查名单（不参与抽取）"].startswith("2家")
    assert record["抽取框家数（非重点单位）"] == 198


# --- 6. outputs -------------------------------------------------------------------------------------------


@pytest.mark.slow  # writes the .docx and the .xlsx (about 2 s)
def test_outputs_carry_the_published_table(tmp_path):
    import docx

    rp = load_with_register(workbook(tmp_path), register(tmp_path))
    written = write_documents(rp.result, rp.findings, tmp_path / "out")
    data = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    gongmao = data["inspection_items"][0]
    assert (gongmao["entities"], gongmao["key"], gongmao["drawn"], gongmao["frequency"], gongmao["cap"]) == (
        103,
        3,
        31,
        2,
        2,
    )
    assert gongmao["ratio"] == round(31 / 103, 4)
    assert sum(m["key"] + m["general"] for m in gongmao["months"]) == 68
    xlsx = next(p for p in written if p.suffix == ".xlsx")
    ws = openpyxl.load_workbook(xlsx)["行政检查计划表"]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "辖区内工贸单位103家，重点检查3家，“双随机”抽查31家（抽查比例30.1%）" in values  # 31 ÷ 103 = 30.10%
    assert "2次/年/家，上限2次/年/家" in values
    assert not any(isinstance(v, str) and ("重点工贸" in v or "一般商贸" in v) for v in values)  # no names
    document = docx.Document(str(next(p for p in written if p.suffix == ".docx")))
    texts = [p.text for p in document.paragraphs]
    assert "4.涉企行政检查计划表" in texts and "附件4" in texts
    last = document.sections[-1]
    assert last.page_width > last.page_height  # landscape
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells][:5] == ["序号", "检查事项", "检查类型", "实施依据", "检查对象"]
    timing = table.rows[1].cells[8].text
    assert timing.startswith("1月") and sum(int(x.split("月")[1].rstrip("家次")) for x in timing.split("、")) == 68


@pytest.mark.slow  # builds the whole dashboard twice (charts included)
def test_the_dashboard_tab_shows_the_table_for_the_scenario(tmp_path):
    from planlib.core.scenario import Scenario
    from planlib.views.widgets import NO_ITEMS, Dashboard

    rp = load_with_register(workbook(tmp_path), register(tmp_path))
    board = Dashboard(rp.plan, register=rp)
    board.refresh_items()
    assert "辖区内工贸单位103家，重点检查3家，“双随机”抽查31家（抽查比例30.1%）" in board.items_out.value
    # 3 officers: 753 − 300 = 453 workdays, general ⌊(453 − 16) ÷ 2⌋ = 218 visits; 200 targets cost
    # 100 + 200 = 300 > 218, so N is the largest with ⌈N/2⌉ + 2⌊N/2⌋ ≤ 218: N = 145 (73 + 144 = 217)
    board.scenario = Scenario(total_officers=3)
    board.update()
    board.refresh_items()
    assert "辖区内工贸单位103家，重点检查3家，“双随机”抽查72家（抽查比例69.9%）" in board.items_out.value
    assert NO_ITEMS in _html_of(Dashboard(small_plan()))


def _html_of(board) -> str:
    board.refresh_items()
    return board.items_out.value


def test_drawn_count_is_the_largest_sample_that_fits_the_visits():
    """Against a search of every N from the top (independent of the bound drawn_count starts at)."""
    import random

    from planlib.core.allocation import largest_remainder
    from planlib.core.items import drawn_count

    def largest_fitting(sizes: dict[str, int], visits: int, covered: tuple[InspectionItem, ...]) -> int:
        sectors = sorted(sizes)
        freq = [sum(i.frequency for i in covered if s in i.sectors) or 1 for s in sectors]
        for n in range(min(visits, sum(sizes.values())), 0, -1):
            if (
                sum(k * f for k, f in zip(largest_remainder(n, [sizes[s] for s in sectors]), freq, strict=True))
                <= visits
            ):
                return n
        return 0

    rng = random.Random(18)
    for _ in range(200):
        sizes = {f"行业{i}": rng.randint(1, 40) for i in range(rng.randint(1, 5))}
        covered = (
            InspectionItem("事项", tuple(s for s in sizes if rng.random() < 0.5), LAW, frequency=rng.randint(1, 3)),
        )
        visits = rng.randint(0, 120)
        assert drawn_count(sizes, visits, covered) == largest_fitting(sizes, visits, covered), (sizes, visits)
    # the hand-worked case of this module: 100 + 100 entities, 工贸 twice, 93 visits → 62
    assert drawn_count({"工贸": 100, "商贸": 100}, 93, items()) == 62


def test_a_what_if_on_the_key_units_scales_their_visits():
    """Sensitivity's 重点检查家数 +10%: 5 key units visited 8 times in all become 6 (half up from
    5.5) visited 8 × 6 ÷ 5 = 9.6 → 10 times."""
    from planlib.core.compute import with_key_units

    unit = Unit("一队", 2, 5, key_visits=8)
    assert (with_key_units(unit, 6).key_inspections, with_key_units(unit, 6).key_visits) == (6, 10)
    assert with_key_units(Unit("一队", 2, 5), 6).key_visits is None  # no stated visits: visits per year apply
