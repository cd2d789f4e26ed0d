"""The workbook extensions of docs/contract.md §4, through the real command line where a user would
meet them: 不计 items, numbers with their unit word, 单位工作日 (each unit's own account,
``general_allocation``), and 放假安排 (the State Council arrangement typed in).

Expected figures come from the published Kuancheng 2025 plan (长春市宽城区应急管理局: 8 officers,
安全生产科 3 + 执法大队 5, 248 workdays each, other enforcement 1035 = 375 + 660, non-enforcement
535 = 135 + 400, inspection 414 = 234 + 180) or from arithmetic done here, by hand or by
walking the calendar's dates, never from the code under test.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import openpyxl
import pytest

from planlib.core.calendar import month_workdays
from planlib.core.scenario import Scenario, compute_scenario
from planlib.io.workbook import compute_workbook, load_plan
from planlib.text.report import plan_markdown, plan_tables
from support import run_cli, run_planlib

KC_UNITS = ("安全生产科", "执法大队")


def _sheet(wb, title, header, rows):
    ws = wb.create_sheet(title)
    ws.append(header)
    for row in rows:
        ws.append(row)
    return ws


def kuancheng_book(path: Path, *, settings=(), units=None, items=None, unit_rows=None, holidays=None) -> Path:
    """Kuancheng 2025 as an analyst would type it: every figure split by unit in 单位工作日, some
    per item, some (项目 blank) for the unit's category as a whole; numbers with their unit words."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    _sheet(
        wb,
        "基本信息",
        ["键", "值", "项目"],
        [
            ["authority", "长春市宽城区应急管理局", "监督检查主体名称"],
            ["year", 2025, "计划年度"],
            ["workday_mode", "国务院放假安排", "工作日计算方式"],
            *[list(s) for s in settings],
        ],
    )
    _sheet(
        wb,
        "执法人员",
        ["执法单位", "执法人员数", "重点检查家数", "一般检查权重"],
        units or [["安全生产科", "3人", "70家", 1], ["执法大队", "5人", "50家", 1]],
    )
    _sheet(
        wb,
        "工作日类别",
        ["类别", "项目", "测算方法", "填报值", "说明"],
        items
        or [
            ["其他执法", "开展安全生产综合监管", "填报", None, "各单位填报"],
            ["其他执法", "办理有关法律、法规、规章规定的登记、备案", "不计", None, "窗口办理"],
            ["非执法", "学习、培训、会议", None, "240个工作日", ""],
            ["非执法", "节假日值班", "不计", None, "上班期间专人值班"],
        ],
    )
    # 安全生产科: other 300 + 75 = 375, non 90 + 45 = 135; 执法大队: other 500 + 160 = 660, non 150 + 250 = 400.
    _sheet(
        wb,
        "单位工作日",
        ["执法单位", "类别", "项目", "工作日", "说明"],
        unit_rows
        or [
            ["安全生产科", "其他执法", "开展安全生产综合监管", 300, None],
            ["执法大队", "其他执法", "开展安全生产综合监管", "500天", None],
            ["安全生产科", "其他执法", None, 75, "其余其他执法工作"],
            ["执法大队", "其他执法", None, "160个工作日", None],
            ["安全生产科", "非执法", "学习、培训、会议", 90, None],
            ["执法大队", "非执法", "学习、培训、会议", 150, None],
            ["安全生产科", "非执法", None, 45, None],
            ["执法大队", "非执法", None, 250, None],
        ],
    )
    if holidays is not None:
        _sheet(wb, "放假安排", ["名称", "开始日期", "结束日期", "类型"], holidays)
    wb.save(path)
    return path


def _json(path: Path, *args) -> dict:
    done = run_cli("compute", path, "--json", *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# --- Kuancheng 2025: each unit's own account ---------------------------------------------------------


@pytest.mark.slow
def test_kuancheng_2025_through_unit_workdays(tmp_path):
    data = _json(kuancheng_book(tmp_path / "kc.xlsx"))
    assert data["calendar"]["mode"] == "official"
    assert data["calendar"]["workdays_per_person"] == 248
    assert data["enforcement_staff"] == 8 == 3 + 5
    assert data["total_workdays"] == 248 * 8 == 1984
    assert data["other_enforcement"]["total"] == 1035 == 375 + 660
    assert data["non_enforcement"]["total"] == 535 == 135 + 400
    assert data["inspection_workdays"]["total"] == 414 == 1984 - 1035 - 535 == 234 + 180
    units = {u["name"]: u for u in data["units"]}
    four = ("total_workdays", "other_enforcement", "non_enforcement", "inspection_workdays")
    assert [units["安全生产科"][k] for k in four] == [3 * 248, 375, 135, 234]
    assert [units["执法大队"][k] for k in four] == [5 * 248, 660, 400, 180]
    for u in units.values():  # each unit balances: staff × 248 = other + non + inspection
        assert u["staff"] * 248 == u["other_enforcement"] + u["non_enforcement"] + u["inspection_workdays"]
    # An item stated per unit has the sum of its rows; 不计 items have no workdays and their wording.
    other = {i["name"]: i for i in data["other_enforcement"]["items"]}
    assert other["开展安全生产综合监管"]["workdays"] == 800
    assert other["办理有关法律、法规、规章规定的登记、备案"] | {} == {
        **other["办理有关法律、法规、规章规定的登记、备案"],
        "workdays": 0,
        "method": "不计",
        "text": "窗口办理",
    }
    assert {i["name"]: i["workdays"] for i in data["non_enforcement"]["items"]} == {
        "学习、培训、会议": 240,
        "节假日值班": 0,
    }
    # Weight allocation (the default): 414 − 120 × 2 = 174 → 87 general inspections, 44 + 43 by equal weights.
    assert data["general_allocation"] == "weight"
    assert data["inspections"]["general"] == 87
    assert [units[n]["general"] for n in KC_UNITS] == [44, 43]
    assert not [f for f in data["findings"] if f["rule"].startswith("unit_")]
    # calendar.months: the package's 2025 arrangement, adding up to 248.
    months = data["calendar"]["months"]
    assert [m["month"] for m in months] == list(range(1, 13))
    assert sum(m["workdays"] for m in months) == 248


def test_kuancheng_text_summary_and_tables(tmp_path):
    path = kuancheng_book(tmp_path / "kc.xlsx")
    result, findings = compute_workbook(path)
    text = plan_markdown(result)
    assert "其他执法工作日：1035个工作日（其中安全生产科375个工作日、执法大队660个工作日）" in text
    assert "非执法工作日：535个工作日（其中安全生产科135个工作日、执法大队400个工作日）" in text
    assert "监督检查工作日：414个工作日（其中安全生产科234个工作日、执法大队180个工作日）" in text
    assert "总法定工作日：1984个工作日（其中安全生产科744个工作日、执法大队1240个工作日）" in text
    # The units' own formulas are in the summary and the table, not the text: a published plan's
    # audit reads "总法定工作日=…" as the plan's own figure.
    assert "744-375-135" not in text
    # Rows with a blank 项目 are listed after the items, so the listed figures add up: 800 + 75 + 160 = 1035.
    assert "3.安全生产科其他执法工作：预计需用75个工作日（其余其他执法工作）。" in text
    assert "4.执法大队其他执法工作：预计需用160个工作日。" in text
    assert "2.办理有关法律、法规、规章规定的登记、备案：窗口办理。" in text
    assert "2.节假日值班：上班期间专人值班。" in text
    assert "预计需用0个工作日" not in text
    summary = run_cli("compute", path)
    assert summary.returncode == 0, summary.stderr
    assert "执法大队：总法定工作日=248×5=1240个工作日，监督检查工作日=1240-660-400=180个工作日。" in summary.stdout
    table = plan_tables(result, findings)["单位工作日"]
    assert table.rows[-1][:6] == ("合计", 8, 1984, 1035, 535, 414)
    assert [row[:6] for row in table.rows[:-1]] == [
        ("安全生产科", 3, 744, 375, 135, 234),
        ("执法大队", 5, 1240, 660, 400, 180),
    ]


def test_capacity_allocation_uses_each_units_own_account(tmp_path):
    data = _json(kuancheng_book(tmp_path / "kc.xlsx", settings=[("general_allocation", "capacity")]))
    units = {u["name"]: u for u in data["units"]}
    # ⌊(234 − 70 × 2) ÷ 2⌋ = 47 and ⌊(180 − 50 × 2) ÷ 2⌋ = 40; the plan's general is their sum.
    assert [units[n]["general"] for n in KC_UNITS] == [47, 40]
    assert data["inspections"]["general"] == 87
    assert data["inspections"]["key"] == 120


def test_a_unit_short_of_workdays_is_an_error_for_that_unit(tmp_path):
    # 执法大队 with 2 officers: 2 × 248 = 496 < 660 + 400, balance 496 − 1060 = −564.
    # 安全生产科 with 90 key units: 180 workdays > its 234? no: 90 × 2 = 180 fits; 130 × 2 = 260 does not.
    path = kuancheng_book(tmp_path / "kc.xlsx", units=[["安全生产科", 3, 130], ["执法大队", 2, 50]])
    data = _json(path)
    found = {(f["rule"], f["where"]): f for f in data["findings"] if f["rule"].startswith("unit_")}
    assert set(found) == {("unit_capacity", "执法人员!A2"), ("unit_balance", "执法人员!A3")}
    assert "496-660-400=-564" in found["unit_balance", "执法人员!A3"]["message"]
    assert "260" in found["unit_capacity", "执法人员!A2"]["message"]
    assert all(f["severity"] == "error" for f in found.values())
    assert run_cli("check", path).returncode == 1


def test_a_what_if_on_one_units_officers_moves_only_its_account(tmp_path):
    plan = load_plan(kuancheng_book(tmp_path / "kc.xlsx"))
    r = compute_scenario(plan, Scenario(unit_officers={"执法大队": 6}))
    units = {u.name: u for u in r.units}
    assert (units["执法大队"].total_workdays, units["执法大队"].inspection_workdays) == (6 * 248, 6 * 248 - 660 - 400)
    assert (units["安全生产科"].total_workdays, units["安全生产科"].inspection_workdays) == (744, 234)
    assert r.inspection_workdays == 234 + 6 * 248 - 660 - 400


def test_accounts_are_incomplete_while_an_item_is_not_attributed(tmp_path):
    items = [
        ["其他执法", "开展安全生产综合监管", "填报", None, ""],
        ["非执法", "学习、培训、会议", None, 240, ""],
        ["非执法", "病假", "填报", 30, "全局合计"],
    ]
    data = _json(kuancheng_book(tmp_path / "kc.xlsx", items=items))
    assert data["non_enforcement"]["total"] == 535 + 30
    assert all(
        u[k] is None
        for u in data["units"]
        for k in ("total_workdays", "other_enforcement", "non_enforcement", "inspection_workdays")
    )


def test_bundled_kuancheng_example_gives_the_published_figures():
    root = Path(__file__).resolve().parents[1]
    data = _json(root / "data" / "kuancheng_2025.xlsx")
    assert (
        data["total_workdays"],
        data["other_enforcement"]["total"],
        data["non_enforcement"]["total"],
        data["inspection_workdays"]["total"],
    ) == (1984, 1035, 535, 414)
    assert [
        (
            u["name"],
            u["staff"],
            u["total_workdays"],
            u["other_enforcement"],
            u["non_enforcement"],
            u["inspection_workdays"],
        )
        for u in data["units"]
    ] == [("安全生产科", 3, 744, 375, 135, 234), ("执法大队", 5, 1240, 660, 400, 180)]


# --- 不计 items and unit words: a 22-officer plan ---------------------------------------------------------


def test_a_22_officer_plan_with_items_not_counted(tmp_path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    _sheet(
        wb,
        "基本信息",
        ["键", "值"],
        [["authority", "某县应急管理局"], ["year", 2024], ["workdays_per_person", "251天"]],
    )
    _sheet(
        wb,
        "执法人员",
        ["执法单位", "执法人员数", "重点检查家数"],
        [["执法一队", "12人", "150家"], ["执法二队", "10 人", "130 家"]],
    )
    _sheet(
        wb,
        "工作日类别",
        ["类别", "项目", "测算方法", "填报值", "说明"],
        [
            ["其他执法", "开展安全生产综合监管", "填报", "800个工作日", None],
            ["其他执法", "组织生产安全事故调查", "填报", 300, None],
            ["其他执法", "实施行政许可", "填报", "200天", None],
            ["其他执法", "受理举报投诉", "填报", 120, None],
            ["其他执法", "应急救援", "填报", 80, None],
            ["其他执法", "办理有关法律、法规、规章规定的登记、备案", "不计", None, "窗口办理"],
            ["非执法", "学习、培训、考核、会议", "填报", 1500, None],
            ["非执法", "节假日值班", "不计", None, "上班期间专人值班"],
        ],
    )
    path = tmp_path / "p22.xlsx"
    wb.save(path)
    data = _json(path)
    assert data["enforcement_staff"] == 22
    assert data["total_workdays"] == 251 * 22 == 5522
    assert data["other_enforcement"]["total"] == 800 + 300 + 200 + 120 + 80 == 1500
    assert data["non_enforcement"]["total"] == 1500
    assert data["inspection_workdays"]["total"] == 5522 - 3000
    sixth = data["other_enforcement"]["items"][5]
    assert (sixth["workdays"], sixth["method"], sixth["text"]) == (0, "不计", "窗口办理")
    assert "text" not in data["other_enforcement"]["items"][0]
    assert data["inspections"]["key"] == 280
    result, _ = compute_workbook(path)
    text = plan_markdown(result)
    assert "6.办理有关法律、法规、规章规定的登记、备案：窗口办理。" in text
    assert "2.节假日值班：上班期间专人值班。" in text
    assert not re.search(r"(?<!\d)0个工作日", text)


# --- 放假安排: the 2027 arrangement typed in ----------------------------------------------------------------

# A plausible 2027 arrangement (the State Council publishes the real one in late 2026), written
# as the notice reads. 元旦 starts in 2026: that day is allowed and not counted.
ARRANGEMENT_2027 = [
    ["元旦", "2026-12-31", "2027-01-03", "放假"],
    ["春节", dt.date(2027, 2, 5), dt.date(2027, 2, 13), "放假"],
    ["春节", "2027/1/30", None, "上班"],
    ["春节", "2027年2月20日", "2027年2月20日", "上班"],
    ["清明节", "2027-04-03", "2027-04-05", "放假"],
    ["劳动节", "2027-05-01", "2027-05-05", "放假"],
    ["劳动节", "2027-04-25", "2027-04-25", "上班"],
    ["劳动节", "2027-05-08", "2027-05-08", "上班"],
    ["端午节", "2027-06-09", "2027-06-09", "放假"],
    ["中秋节", "2027-09-15", "2027-09-15", "放假"],
    ["国庆节", "2027-10-01", "2027-10-07", "放假"],
    ["国庆节", "2027-09-26", "2027-09-26", "上班"],
    ["国庆节", "2027-10-09", "2027-10-09", "上班"],
]


def _walk_2027() -> tuple[int, list[int], int, int]:
    """By walking every date of 2027: workdays, per month, weekday days off, weekend days worked."""

    def days(a, b):
        a, b = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
        return {a + dt.timedelta(n) for n in range((b - a).days + 1)}

    off = (
        days("2026-12-31", "2027-01-03")
        | days("2027-02-05", "2027-02-13")
        | days("2027-04-03", "2027-04-05")
        | days("2027-05-01", "2027-05-05")
        | days("2027-06-09", "2027-06-09")
        | days("2027-09-15", "2027-09-15")
        | days("2027-10-01", "2027-10-07")
    )
    work = {
        dt.date(2027, 1, 30),
        dt.date(2027, 2, 20),
        dt.date(2027, 4, 25),
        dt.date(2027, 5, 8),
        dt.date(2027, 9, 26),
        dt.date(2027, 10, 9),
    }
    months, off_weekdays, worked_weekends = [0] * 12, 0, 0
    d = dt.date(2027, 1, 1)
    while d.year == 2027:
        weekday = d.weekday() < 5
        if (weekday and d not in off) or d in work:
            months[d.month - 1] += 1
        off_weekdays += weekday and d in off
        worked_weekends += (not weekday) and d in work
        d += dt.timedelta(1)
    return sum(months), months, off_weekdays, worked_weekends


def _book_2027(path: Path, holidays=ARRANGEMENT_2027, mode="official") -> Path:
    return _plain_2027(path, holidays, mode)


def _plain_2027(path: Path, holidays, mode) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    _sheet(wb, "基本信息", ["键", "值"], [["authority", "某区应急管理局"], ["year", 2027], ["workday_mode", mode]])
    _sheet(wb, "执法人员", ["执法单位", "执法人员数"], [["执法一队", 10]])
    _sheet(wb, "工作日类别", ["类别", "项目", "填报值"], [["非执法", "值班", 100]])
    if holidays is not None:
        _sheet(wb, "放假安排", ["名称", "开始日期", "结束日期", "类型"], holidays)
    wb.save(path)
    return path


def test_2027_official_from_the_typed_arrangement(tmp_path):
    expected, months, off_weekdays, worked = _walk_2027()
    # By hand as well: weekdays off 元旦 1 (1.1) + 春节 6 + 清明 1 + 劳动节 3 + 端午 1 + 中秋 1 + 国庆 5 = 18;
    # weekend days worked 1.30, 2.20, 4.25, 5.8, 9.26, 10.9 = 6; 2027 has 104 weekend days.
    assert (off_weekdays, worked, expected) == (18, 6, 365 - 104 - 18 + 6)
    data = _json(_book_2027(tmp_path / "y2027.xlsx"))
    cal = data["calendar"]
    assert cal["mode"] == "official"
    assert cal["workdays_per_person"] == expected == 365 - 104 - off_weekdays + worked
    assert [m["workdays"] for m in cal["months"]] == months
    assert data["total_workdays"] == 10 * expected
    # The plan's sentence states the arrangement and adds up.
    sentence = cal["sentence"]
    m = re.search(r"国家法定工作日=(\d+)-(\d+)-(\d+)\+(\d+)=(\d+)个工作日", sentence)
    assert m, sentence
    a, b, c, d, total = map(int, m.groups())
    assert (a, b, c, d, total) == (365, 104, off_weekdays, worked, expected) and a - b - c + d == total
    assert "元旦、春节、清明节、劳动节、端午节、中秋节、国庆节" in sentence
    # The monthly schedule is weighted by the same typed arrangement.
    assert data["schedule"]["basis"] == "arrangement"
    assert [m["workdays"] for m in data["schedule"]["months"]] == months
    assert month_workdays(2027) is None  # the package does not know 2027 (else this test proves less)


def test_2027_official_without_the_sheet_points_at_the_mode_and_names_the_sheet(tmp_path):
    path = _plain_2027(tmp_path / "y2027.xlsx", None, "official")
    done = run_cli("compute", path)
    assert done.returncode == 2
    line = done.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert "工作表“基本信息” B4" in line and "放假安排" in line


def test_formula_mode_reports_no_months_for_an_unknown_year(tmp_path):
    data = _json(_plain_2027(tmp_path / "y2027.xlsx", None, "公式"))
    assert data["calendar"]["mode"] == "formula" and data["calendar"]["months"] is None
    assert data["calendar"]["workdays_per_person"] == 365 - 104 - 13


def test_a_sheet_that_disagrees_with_the_package_wins_with_a_warning(tmp_path):
    # 2025 as published, but the 2025-02-08 (Saturday) make-up workday left out.
    holidays = [
        ["元旦", "2025-01-01", None, "放假"],
        ["春节", "2025-01-28", "2025-02-04", "放假"],
        ["春节", "2025-01-26", None, "上班"],
        ["清明节", "2025-04-04", "2025-04-06", "放假"],
        ["劳动节", "2025-05-01", "2025-05-05", "放假"],
        ["劳动节", "2025-04-27", None, "上班"],
        ["端午节", "2025-05-31", "2025-06-02", "放假"],
        ["国庆节、中秋节", "2025-10-01", "2025-10-08", "放假"],
        ["国庆节、中秋节", "2025-09-28", None, "上班"],
        ["国庆节、中秋节", "2025-10-11", None, "上班"],
    ]
    path = kuancheng_book(tmp_path / "kc.xlsx", holidays=holidays)
    data = _json(path)
    assert data["calendar"]["workdays_per_person"] == 248 - 1  # the sheet wins
    warnings = [f for f in data["findings"] if f["rule"] == "calendar" and f["severity"] == "warning"]
    assert len(warnings) == 1 and "2025年2月8日" in warnings[0]["message"]


# --- Malformed cases: exit 2, one Chinese line naming sheet and cell, file unchanged ----------------------


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refused(path: Path, sheet: str, cell: str, *words: str) -> str:
    before = _sha(path)
    done = run_cli("compute", path, "--json")
    assert done.returncode == 2, done.stdout
    assert done.stdout == ""
    line = done.stderr.rstrip("\n")
    assert "\n" not in line and "Traceback" not in line
    assert f"工作表“{sheet}” {cell}：" in line, line
    assert re.search(r"[\u4e00-\u9fff]", line)
    for w in words:
        assert w in line, line
    assert _sha(path) == before
    return line


def test_makeup_workday_on_a_weekday(tmp_path):
    holidays = ARRANGEMENT_2027[:2] + [["春节", "2027-02-01", None, "上班"]]  # a Monday
    _refused(_book_2027(tmp_path / "b.xlsx", holidays), "放假安排", "B4", "2027-02-01", "星期一")


def test_range_ending_before_it_starts(tmp_path):
    holidays = [["国庆节", "2027-10-07", "2027-10-01", "放假"]]
    _refused(_book_2027(tmp_path / "b.xlsx", holidays), "放假安排", "C2", "早于")


def test_a_date_both_off_and_worked(tmp_path):
    holidays = [["国庆节", "2027-10-01", "2027-10-07", "放假"], ["国庆节", "2027-10-03", None, "上班"]]
    _refused(_book_2027(tmp_path / "b.xlsx", holidays), "放假安排", "B3", "2027-10-03", "B2")


def test_unknown_unit_in_unit_workdays(tmp_path):
    rows = [["安全生产科", "其他执法", None, 375], ["执法三队", "其他执法", None, 660]]
    _refused(kuancheng_book(tmp_path / "b.xlsx", unit_rows=rows), "单位工作日", "A3", "执法三队")


def test_reported_figure_disagreeing_with_its_unit_rows(tmp_path):
    items = [["其他执法", "开展安全生产综合监管", "填报", 900, ""], ["非执法", "学习、培训、会议", None, 240, ""]]
    line = _refused(kuancheng_book(tmp_path / "b.xlsx", items=items), "单位工作日", "D2", "900", "800")
    assert "工作日类别!D2" in line  # both cells named


def test_capacity_without_complete_accounts(tmp_path):
    items = [
        ["其他执法", "开展安全生产综合监管", "填报", None, ""],
        ["非执法", "学习、培训、会议", None, 240, ""],
        ["非执法", "病假", "填报", 30, ""],
    ]
    path = kuancheng_book(tmp_path / "b.xlsx", items=items, settings=[("general_allocation", "capacity")])
    _refused(path, "基本信息", "B5", "capacity", "单位工作日")


def test_not_counted_item_with_a_figure(tmp_path):
    items = [
        ["其他执法", "开展安全生产综合监管", "填报", None, ""],
        ["其他执法", "登记备案", "不计", 5, "窗口办理"],
        ["非执法", "学习、培训、会议", None, 240, ""],
    ]
    _refused(kuancheng_book(tmp_path / "b.xlsx", items=items), "工作日类别", "D3", "不计")


@pytest.mark.parametrize("typed, cell", [("3个", "B2"), ("三人", "B2"), ("3家", "B2")])
def test_other_text_in_a_number_cell_is_still_an_error(tmp_path, typed, cell):
    units = [["安全生产科", typed, 70], ["执法大队", 5, 50]]
    _refused(kuancheng_book(tmp_path / "b.xlsx", units=units), "执法人员", cell, typed)


# --- The template, the writer and month_workdays ---------------------------------------------------------


@pytest.mark.slow
def test_template_offers_the_new_sheets_and_method(tmp_path):
    from planlib.core.model import METHODS

    path = tmp_path / "t.xlsx"
    assert run_cli("template", path).returncode == 0
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb["单位工作日"][1]] == ["执法单位", "类别", "项目", "工作日", "说明"]
    assert [c.value for c in wb["放假安排"][1]] == ["名称", "开始日期", "结束日期", "类型"]
    lists = {dv.formula1 for ws in wb.worksheets for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert '"' + ",".join(METHODS) + '"' in lists and "不计" in METHODS
    assert {'"放假,上班"', '"weight,capacity"', '"formula,official,公式,国务院放假安排"'} <= lists
    text = "\n".join(str(c.value) for row in wb["填写说明"].iter_rows() for c in row if c.value)
    for word in ("单位工作日", "放假安排", "不计", "窗口办理", "上班", "星期六或星期日", "capacity", "248个工作日"):
        assert word in text, word
    data = _json(path)  # the template still computes as it is (its sheets left blank)
    not_counted = [i for i in data["other_enforcement"]["items"] if i["method"] == "不计"]
    assert [(i["workdays"], i["text"]) for i in not_counted] == [(0, "窗口办理")]


def test_unit_rows_and_arrangement_survive_the_writer(tmp_path):
    from planlib.io.workbook import write_plan

    plan = load_plan(
        kuancheng_book(
            tmp_path / "kc.xlsx",
            holidays=[["春节", "2025-01-28", "2025-02-04", "放假"], ["春节", "2025-01-26", None, "上班"]],
        )
    )
    again = load_plan(write_plan(plan, tmp_path / "again.xlsx"))
    assert again.unit_workdays == plan.unit_workdays and len(plan.unit_workdays) == 8
    assert again.holidays == plan.holidays and plan.holidays[1].start == plan.holidays[1].end == dt.date(2025, 1, 26)
    assert [(i.name, i.method, i.reported) for i in again.items] == [(i.name, i.method, i.reported) for i in plan.items]


def test_month_workdays():
    # The package's 2020 arrangement, counted here date by date with chinesecalendar itself.
    import chinese_calendar

    by_month = [0] * 12
    d = dt.date(2020, 1, 1)
    while d.year == 2020:
        by_month[d.month - 1] += chinese_calendar.is_workday(d)
        d += dt.timedelta(1)
    assert month_workdays(2020) == tuple(by_month) and sum(by_month) == 249  # docs/method.md §2
    # A typed arrangement wins over the package: 2020 with only 元旦 off.
    from planlib.core.model import HolidayRange

    only = (HolidayRange("元旦", dt.date(2020, 1, 1), dt.date(2020, 1, 1), "放假"),)
    months = month_workdays(2020, only)
    assert months[0] == 23 - 1 and sum(months) == 366 - 104 - 1  # January 2020 has 23 weekdays
    assert month_workdays(2027) is None and month_workdays(2027, ()) is None


@pytest.mark.slow
def test_the_official_run_on_the_bundled_kuancheng_workbook(tmp_path):
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "out"
    done = run_planlib("run", "--input", root / "data" / "kuancheng_2025.xlsx", "--out", out)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert [
        (u["name"], u["total_workdays"], u["other_enforcement"], u["non_enforcement"], u["inspection_workdays"])
        for u in results["units"]
    ] == [("安全生产科", 744, 375, 135, 234), ("执法大队", 1240, 660, 400, 180)]
    assert sum(m["workdays"] for m in results["calendar"]["months"]) == 248
    text = (out / "plan_2025.md").read_text(encoding="utf-8")
    assert "其他执法工作日：1035个工作日（其中安全生产科375个工作日、执法大队660个工作日）" in text
    assert "非执法工作日：535个工作日（其中安全生产科135个工作日、执法大队400个工作日）" in text
    assert "办理有关法律、法规、规章规定的登记、备案：窗口办理。" in text
    sheet = openpyxl.load_workbook(out / "plan_2025.xlsx", data_only=True)["单位工作日"]
    rows = [r[:6] for r in sheet.iter_rows(values_only=True) if r[0] in KC_UNITS + ("合计",)]
    assert rows == [
        ("安全生产科", 3, 744, 375, 135, 234),
        ("执法大队", 5, 1240, 660, 400, 180),
        ("合计", 8, 1984, 1035, 535, 414),
    ]


def test_a_what_if_adjustment_scales_the_unit_rows(tmp_path):
    plan = load_plan(kuancheng_book(tmp_path / "kc.xlsx"))
    # Training −10%: its rows 90 and 150 become 81 and 135; non-enforcement +20% on top scales
    # the whole-category rows 45 and 250 to 54 and 300, the training rows to 97.2 → 97 and 162.
    r = compute_scenario(plan, Scenario.from_parameters(item_adjustments={"学习、培训、会议": -0.1}))
    units = {u.name: u for u in r.units}
    assert (units["安全生产科"].non_enforcement, units["执法大队"].non_enforcement) == (81 + 45, 135 + 250)
    r = compute_scenario(
        plan,
        Scenario.from_parameters(item_adjustments={"学习、培训、会议": -0.1}, category_adjustments={"非执法": 0.2}),
    )
    units = {u.name: u for u in r.units}
    assert (units["安全生产科"].non_enforcement, units["执法大队"].non_enforcement) == (97 + 54, 162 + 300)
    assert r.non_enforcement.total == 97 + 54 + 162 + 300
    assert units["安全生产科"].other_enforcement == 375  # other enforcement untouched


def test_an_arrangement_of_another_year_is_refused_in_official_mode(tmp_path):
    holidays = [["国庆节", "2026-10-01", "2026-10-07", "放假"]]  # last year's notice pasted in
    _refused(_book_2027(tmp_path / "b.xlsx", holidays), "放假安排", "B1", "2027")
    data = _json(_book_2027(tmp_path / "f.xlsx", holidays, mode="formula"))
    assert data["calendar"]["months"] is None  # no arrangement of 2027 is known


@pytest.mark.slow
def test_the_audit_of_the_kuancheng_text_finds_no_unit_figure_at_odds(tmp_path):
    result, _ = compute_workbook(kuancheng_book(tmp_path / "kc.xlsx"))
    path = tmp_path / "plan.md"
    path.write_text(plan_markdown(result), encoding="utf-8")
    done = run_planlib("audit", path, "--json")
    findings = json.loads(done.stdout)["findings"]
    # The "（其中…）" phrases are not taken for the plan's own figures.
    assert not [f for f in findings if f["rule"] in ("operand", "stated", "sums", "chain")], findings
