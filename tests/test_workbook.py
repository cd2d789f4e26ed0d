"""The input workbook (docs/contract.md §1): writing, reading back, tolerant reading, the template,
and a file saved by a real spreadsheet program (LibreOffice) reading like openpyxl's."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.util
import io
import os
import re
import tempfile
import zipfile
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from planlib.core.compute import compute
from planlib.core.model import (
    CATEGORIES,
    METHOD_LAST_YEAR,
    METHOD_MEAN,
    METHOD_PER_OFFICER,
    METHOD_REPORTED,
    METHODS,
    NON_ENFORCEMENT,
    OTHER_ENFORCEMENT,
    Plan,
    Unit,
    WorkdayItem,
    item_cell,
    staff_history_cell,
    unit_cell,
)
from planlib.errors import InputError
from planlib.io.workbook import (
    SETTINGS,
    compute_workbook,
    load_plan,
    parse_number,
    parse_share,
    parse_year_header,
    write_plan,
    write_template,
)
from planlib.io.xlsxio import open_book, prolog_has_dtd
from support import ROOT, replace_cell, sheet_member

FIXTURE = ROOT / "tests" / "fixtures" / "xicheng_2020_libreoffice.xlsx"


def _xicheng_plan() -> Plan:
    spec = importlib.util.spec_from_file_location(
        "build_xicheng_workbook", ROOT / "scripts" / "build_xicheng_workbook.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.xicheng_plan()


def _bare(plan: Plan) -> Plan:
    """A plan without where it was read from, for comparing content."""
    return dataclasses.replace(plan, source="", cells={})


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def _published_figures_hold(plan: Plan) -> None:
    """Xicheng 2020 as published (docs/method.md §1), not as the code computes it."""
    r = compute(plan)
    assert r.workdays_per_person == 251
    assert r.enforcement_staff == 35
    assert r.total_workdays == 8785
    assert r.other_enforcement.total == 3090
    assert r.non_enforcement.total == 4683
    assert r.inspection_workdays == 1012
    assert (r.key_workdays, r.general_workdays) == (612, 400)
    assert (r.key_inspections, r.general_inspections, r.planned_inspections) == (306, 200, 506)
    assert [u.key for u in r.units] == [26, 70, 70, 70, 70]
    assert [u.general for u in r.units] == [0, 50, 50, 50, 50]


# --- Round trip -----------------------------------------------------------------------------------


def test_xicheng_round_trip(tmp_path):
    plan = _xicheng_plan()
    path = write_plan(plan, tmp_path / "x.xlsx", note="来源：测试")
    loaded = load_plan(path)
    assert _bare(loaded) == _bare(plan)
    assert loaded.source == str(path)
    _published_figures_hold(loaded)


def test_an_opened_book_loads_like_its_path(tmp_path):
    """A caller reading another sheet too (the audit) opens the file once and passes the Book."""
    path = write_plan(_xicheng_plan(), tmp_path / "x.xlsx")
    book = open_book(path)
    assert load_plan(book) == load_plan(path)
    result, _ = compute_workbook(book)
    assert result.plan.source == str(path)
    _published_figures_hold(result.plan)


def test_cells_point_at_the_values_they_name(tmp_path):
    plan = _xicheng_plan()
    path = write_plan(plan, tmp_path / "x.xlsx")
    loaded = load_plan(path)
    wb = openpyxl.load_workbook(path)

    def at(key):
        sheet, coord = loaded.where(key).split("!")
        return wb[sheet][coord].value

    assert at("year") == 2020
    assert at("authority") == plan.authority
    assert at("headcount") == 83
    assert re.fullmatch(r"基本信息!B\d+", loaded.where("days_per_key_inspection"))
    for unit in plan.units:
        assert loaded.where(unit_cell(unit.name)).startswith("执法人员!A")
        assert at(unit_cell(unit.name)) == unit.name
    for item in plan.items:
        sheet, coord = loaded.where(item_cell(item.category, item.name)).split("!")
        assert sheet == "工作日类别" and coord.startswith("A")
        assert wb[sheet].cell(wb[sheet][coord].row, 2).value == item.name
    for year, staff in plan.staff_history.items():
        assert at(staff_history_cell(year)) == staff


def test_write_plan_is_whole_or_nothing(tmp_path):
    target = tmp_path / "plan.xlsx"
    write_plan(_xicheng_plan(), target)
    before = _fingerprint(target)
    with pytest.raises(FileExistsError):
        write_plan(_xicheng_plan(), target, overwrite=False)
    # A value a spreadsheet cannot hold exactly fails before anything replaces the file.
    bad = _xicheng_plan().with_changes(key_share_min=Fraction(1, 3))
    with pytest.raises(ValueError):
        write_plan(bad, target)
    assert _fingerprint(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]  # no temporary left behind
    write_plan(_xicheng_plan(), tmp_path / "new.xlsx", overwrite=False)
    assert (tmp_path / "new.xlsx").exists()


def test_written_workbook_layout(tmp_path):
    path = write_plan(_xicheng_plan(), tmp_path / "x.xlsx", note="数据来源说明")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["基本信息", "执法人员", "工作日类别", "历史数据", "检查事项", "重点检查类别", "计划正文"]
    assert [c.value for c in wb["计划正文"][1]] == ["级别", "正文", "原文"]
    assert [c.value for c in wb["重点检查类别"][1]] == ["类别", "说明", "执法单位", "家数"]
    ws = wb["基本信息"]
    assert [c.value for c in ws[1]] == ["键", "值", "项目", "说明"]
    assert any(row[3].value == "数据来源说明" for row in ws.iter_rows(min_row=2))
    share = next(row[1] for row in ws.iter_rows(min_row=2) if row[0].value == "key_share_min")
    assert share.value == 0.6 and share.number_format.endswith("%")
    for sheet in wb.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width >= 8
    assert [c.value for c in wb["历史数据"][1]] == ["类别", "项目", 2017, 2018, 2019]


def test_the_contract_names_are_pinned(tmp_path):
    """docs/contract.md §1 is a public interface: these names must not change."""
    assert [s.key for s in SETTINGS] == [
        "authority",
        "year",
        "headcount",
        "entity_base",
        "workday_mode",
        "statutory_holidays",
        "workdays_per_person",
        "days_per_key_inspection",
        "days_per_general_inspection",
        "key_share_min",
        "random_share_min",
        "general_allocation",  # docs/contract.md §4
        # extensions (the filed document, issue 10)
        "doc_number",
        "doc_date",
        "signature",
        "recipients",
        "copies",
        "random_sentence",
        "key_by_month",
        "document_form",
        "issuing_organ",
        "document_charts",
        # the register (issue 11)
        "key_risk_levels",
        "random_seed",
        "key_visits_per_year",
        "entity_visit_cap",  # the plan by 检查事项 (issue 18)
    ]
    wb = openpyxl.load_workbook(write_plan(_xicheng_plan(), tmp_path / "x.xlsx"))
    assert [c.value for c in wb["执法人员"][1]] == ["执法单位", "执法人员数", "重点检查家数", "一般检查权重", "备注"]
    assert [c.value for c in wb["工作日类别"][1]] == ["类别", "项目", "测算方法", "填报值", "说明"]
    history_rows = [[c.value for c in row[:2]] for row in wb["历史数据"].iter_rows(min_row=2) if row[0].value]
    assert history_rows[-1] == ["人员", "执法人员数"]


def test_a_minimal_contract_workbook_made_by_hand(tmp_path):
    """Only the required sheets, columns and keys, as the contract states them: defaults apply."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "基本信息"
    ws.append(["键", "值"])
    ws.append(["authority", "某局"])
    ws.append(["year", 2020])
    ws = wb.create_sheet("执法人员")
    ws.append(["执法单位", "执法人员数"])
    ws.append(["一队", 10])
    ws = wb.create_sheet("工作日类别")
    ws.append(["类别", "项目"])
    ws.append(["非执法", "值班"])
    wb.save(tmp_path / "min.xlsx")
    plan = load_plan(tmp_path / "min.xlsx")
    assert _bare(plan) == Plan("某局", 2020, (Unit("一队", 10),), (WorkdayItem("非执法", "值班"),))
    assert (plan.headcount, plan.entity_base, plan.workday_mode) == (None, None, "formula")
    assert (plan.days_per_key_inspection, plan.days_per_general_inspection) == (2, 2)
    assert (plan.key_share_min, plan.random_share_min) == (Fraction(3, 5), Fraction(4, 5))
    assert compute(plan).total_workdays == 2510


# Plans hypothesis can generate: names and notes a spreadsheet holds as typed (no surrounding
# spaces, no control characters), and decimals with an exact decimal form.
_NAME = st.text(st.sampled_from("安全科队一二三执法监察综合（）()、-=AZaz09"), min_size=1, max_size=10).filter(
    lambda s: s.strip() == s and s not in ("合计", "总计", "小计")
)
_NOTE = st.text(st.sampled_from("说明备注示例 =%0.5\n"), max_size=12).map(str.strip)
_DECIMAL = st.integers(0, 10**6).map(lambda n: Fraction(n, 100)).map(lambda f: f.numerator if f.denominator == 1 else f)


@st.composite
def plans(draw) -> Plan:
    year = draw(st.integers(2001, 2100))
    history_years = list(range(year - 5, year))
    units = tuple(
        Unit(
            name,
            draw(st.integers(0, 200)),
            draw(st.integers(0, 500)),
            draw(st.one_of(st.integers(0, 5), st.integers(1, 99).map(lambda n: Fraction(n, 10)))),
            draw(_NOTE),
        )
        for name in draw(
            st.lists(_NAME, min_size=1, max_size=4, unique_by=lambda s: s.replace("（", "(").replace("）", ")"))
        )
    )
    items = []
    for category in CATEGORIES:
        names = draw(st.lists(_NAME, max_size=3, unique_by=lambda s: s.replace("（", "(").replace("）", ")")))
        for name in names:
            method = draw(st.sampled_from(METHODS))
            history = draw(st.dictionaries(st.sampled_from(history_years), _DECIMAL, max_size=5))
            if method != METHOD_REPORTED:
                history.update({y: draw(_DECIMAL) for y in range(year - 3, year)})
            reported = draw(_DECIMAL) if method == METHOD_REPORTED or (method != "不计" and draw(st.booleans())) else 0
            items.append(WorkdayItem(category, name, method, reported, draw(_NOTE), history))
    staff = (
        {y: draw(st.integers(1, 300)) for y in range(year - 3, year)}
        if draw(st.booleans()) or any(i.method == METHOD_PER_OFFICER for i in items)
        else {}
    )
    return Plan(
        authority=draw(_NAME),
        year=year,
        units=units,
        items=tuple(items),
        headcount=draw(st.none() | st.integers(0, 10**5)),
        entity_base=draw(st.none() | st.integers(0, 10**6)),
        workday_mode=draw(st.sampled_from(["formula", "official"])),
        statutory_holidays=draw(st.none() | st.integers(0, 30)),
        workdays_per_person=draw(st.none() | st.integers(1, 366)),
        days_per_key_inspection=draw(st.integers(1, 20).map(lambda n: Fraction(n, 2))),
        days_per_general_inspection=draw(st.integers(1, 20).map(lambda n: Fraction(n, 4))),
        key_share_min=draw(st.integers(0, 10000).map(lambda n: Fraction(n, 10000))),
        random_share_min=draw(st.integers(0, 100).map(lambda n: Fraction(n, 100))),
        staff_history=staff,
    )


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans())
def test_round_trip_of_generated_plans(tmp_path, plan):
    path = write_plan(plan, tmp_path / "generated.xlsx")
    assert _bare(load_plan(path)) == plan


# --- Tolerant reading -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        (35, 35),
        (35.0, 35),
        ("35", 35),
        (" 35 ", 35),
        ("３５", 35),
        ("\u300035\u3000", 35),
        ("1,234", 1234),
        ("１，２３４", 1234),
        ("0.6", Fraction(3, 5)),
        (0.6, Fraction(3, 5)),
        ("60%", Fraction(3, 5)),
        ("６０％", Fraction(3, 5)),
        ("12.5%", Fraction(1, 8)),
        ("-2", -2),
        (None, None),
        ("  ", None),
        ("", None),
    ],
)
def test_numbers_as_people_type_them(typed, value):
    assert parse_number(typed) == value
    assert type(parse_number(typed)) is type(value)


@pytest.mark.parametrize("typed", ["三十五", "35人", "1,23", "12,3456", "1.2.3", True])
def test_numbers_that_are_not(typed):
    with pytest.raises(ValueError):
        parse_number(typed)


@pytest.mark.parametrize(
    ("typed", "share"),
    [
        ("60%", Fraction(3, 5)),
        (0.6, Fraction(3, 5)),
        ("0.6", Fraction(3, 5)),
        (1, Fraction(1)),
        ("100%", Fraction(1)),
        (0, Fraction(0)),
    ],
)
def test_shares(typed, share):
    assert parse_share(typed) == share


@pytest.mark.parametrize("typed", [60, "60", "120%", 1.2, "-5%"])
def test_shares_out_of_range_are_refused_not_guessed(typed):
    with pytest.raises(ValueError, match="0%到100%"):
        parse_share(typed)


@pytest.mark.parametrize(
    ("header", "year"),
    [
        (2019, 2019),
        (2019.0, 2019),
        ("2019", 2019),
        (" 2019年 ", 2019),
        ("２０１９年", 2019),
        ("2019年度", 2019),
        ("2019.0", 2019),
        ("说明", None),
        ("备注2019", None),
        (19, None),
    ],
)
def test_history_year_headers(header, year):
    assert parse_year_header(header) == year


def _messy_workbook(path: Path) -> Path:
    """A workbook as an analyst might leave it: title rows, spaces, text numbers, percent cells,
    blank rows, merged 类别 cells, bracketed headers, extra sheets, optional columns missing."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "说明页"
    ws["A1"] = "这张表不属于合同，应被忽略"
    ws = wb.create_sheet(" 基本信息 ")
    ws.append(["2020年度监督检查计划 基本信息"])  # a title row above the header
    ws.merge_cells("A1:D1")
    ws.append([" 键 ", "值（填写）", "项目", "说明"])
    ws.append(["authority", "  某区应急管理局 "])
    ws.append([None, None])
    ws.append([" YEAR ", "2020年"])
    ws.append(["在册定编人数", "８３"])  # the Chinese label typed instead of the key
    ws.append(["entity_base", "8,580"])
    ws.append(["key_share_min", 0.65])
    ws["B8"].number_format = "0%"
    ws.append(["random_share_min", "85%"])
    ws.append(["workday_mode", " Formula "])
    ws.append(["days_per_key_inspection", "1.5"])
    ws.append([None, None, "说明", "备注行：没有键，应被忽略"])

    ws = wb.create_sheet("执法人员")
    ws.append(["执法单位 ", "执法人员数(人)", "重点检查家数【家】"])  # no 一般检查权重, no 备注
    ws.append(["一队", " 10 ", "30"])
    ws.append([None, None, None])
    ws.append(["二队", 12.0, None])
    ws.append([None])

    ws = wb.create_sheet("工作日类别")
    ws.append(["类别", "项目", "测算方法", "填报值（工作日）"])
    ws.append(["其他执法", "综合监管", "填报", "１２０"])
    ws.append([None, "事故调查", "三年平均", None])  # 类别 merged down from the row above
    ws.merge_cells("A2:A3")
    ws.append(["非执法", "值班", " 三年人均 ", None])
    ws.append(["非执法", "培训", None, "40.5"])  # blank method: 填报
    ws.append(["非执法", "年休假（含探亲）", "上年", None])

    ws = wb.create_sheet("历史数据")
    ws.append(["类别", "项目", "2017年", 2018.0, "２０１９", "说明"])
    ws.append(["其他执法", "事故调查", "100", 110, " 120 ", "示例"])
    ws.append([])
    ws.append(["非执法", "值班", 200, 220, 230])
    ws.append(["非执法", "年休假(含探亲)", None, None, "1,000"])  # half-width brackets match
    ws.append(["人员", "执法人员数", 20, "21", 22])
    ws.merge_cells("H2:I3")  # a merged note beside the table is not data
    ws["H2"] = "注：2017年数据为估算"
    wb.save(path)
    return path


def test_messy_workbook_reads_as_meant(tmp_path):
    path = _messy_workbook(tmp_path / "messy.xlsx")
    before = _fingerprint(path)
    plan = load_plan(path)
    assert _fingerprint(path) == before
    assert plan.authority == "某区应急管理局"
    assert (plan.year, plan.headcount, plan.entity_base) == (2020, 83, 8580)
    assert plan.key_share_min == Fraction(65, 100)
    assert plan.random_share_min == Fraction(85, 100)
    assert plan.workday_mode == "formula"
    assert plan.days_per_key_inspection == Fraction(3, 2)
    assert plan.days_per_general_inspection == 2  # default
    assert plan.units == (Unit("一队", 10, 30, 1, ""), Unit("二队", 12, 0, 1, ""))
    assert [(i.category, i.name, i.method, i.reported) for i in plan.items] == [
        (OTHER_ENFORCEMENT, "综合监管", METHOD_REPORTED, 120),
        (OTHER_ENFORCEMENT, "事故调查", METHOD_MEAN, 0),
        (NON_ENFORCEMENT, "值班", METHOD_PER_OFFICER, 0),
        (NON_ENFORCEMENT, "培训", METHOD_REPORTED, Fraction(81, 2)),
        (NON_ENFORCEMENT, "年休假（含探亲）", METHOD_LAST_YEAR, 0),
    ]
    assert plan.items[1].history == {2017: 100, 2018: 110, 2019: 120}
    assert plan.items[4].history == {2019: 1000}
    assert plan.staff_history == {2017: 20, 2018: 21, 2019: 22}
    assert plan.where("year") == " 基本信息 !B5"
    assert plan.where(unit_cell("二队")) == "执法人员!A4"
    r = compute(plan)
    # 2020: 251 workdays × 22 officers. By hand: 120; (100+110+120)/3 = 110;
    # 22 × (200/20 + 220/21 + 230/22)/3 = 226.83 → 227; 40.5 → 41 (half up); last year 1000.
    assert r.total_workdays == 251 * 22
    assert [i.workdays for i in r.other_enforcement.items] == [120, 110]
    assert [i.workdays for i in r.non_enforcement.items] == [227, 41, 1000]


def _patch_cell(path: Path, out: Path, sheet: str, coord: str, cell_xml: str) -> Path:
    """Copy an openpyxl-written xlsx, replacing one cell's XML (as a spreadsheet would write it)."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        member = sheet_member(src, sheet)
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == member:
                data = replace_cell(data, coord, cell_xml)
            dst.writestr(info, data)
    return out


def test_formulas_are_read_by_their_cached_values(tmp_path):
    base = write_plan(_xicheng_plan(), tmp_path / "base.xlsx")
    # B2 of 执法人员 is the first unit's officers (3); a spreadsheet cached 5 for =2+3.
    calc = _patch_cell(base, tmp_path / "calc.xlsx", "执法人员", "B2", '<c r="B2"><f>2+3</f><v>5</v></c>')
    assert load_plan(calc).units[0].staff == 5
    # Excel's empty-string result of a formula is a calculated blank: 备注 E2 becomes "".
    empty = _patch_cell(base, tmp_path / "empty.xlsx", "执法人员", "E2", '<c r="E2" t="str"><f>""</f><v></v></c>')
    assert load_plan(empty).units[0].note == ""


# --- The template ----------------------------------------------------------------------------------


def test_template_loads_and_computes(tmp_path):
    path = write_template(tmp_path / "t.xlsx", year=2027)
    plan = load_plan(path)
    r = compute(plan)
    staff = sum(u.staff for u in plan.units)
    assert staff == 8 + 8 + 6  # the three example units
    assert r.total_workdays == 248 * staff  # 2027: 365 − 104 − 13 (docs/method.md §2)
    # By hand, 2024–2026 history, officers 20/21/22 then 22: reported 1200; mean (380+400+420)/3 = 400;
    # last year 300; 22 × (1980/20 + 2100/21 + 2200/22)/3 = 2192.67 → 2193;
    # 22 × (480/20 + 500/21 + 530/22)/3 = 527.27 → 527; reported 240.
    assert [i.workdays for i in r.other_enforcement.items] == [1200, 400, 300, 0]  # the last: 不计
    assert [i.workdays for i in r.non_enforcement.items] == [2193, 527, 240]
    assert r.inspection_workdays == 248 * 22 - (1200 + 400 + 300) - (2193 + 527 + 240)
    assert {i.method for i in plan.items} == set(METHODS)  # the example shows every method


def test_template_has_instructions_dropdowns_and_marked_inputs(tmp_path):
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx"))
    assert wb.sheetnames[0] == "填写说明"
    assert {"基本信息", "执法人员", "工作日类别", "历史数据"} <= set(wb.sheetnames)
    text = "\n".join(str(c.value) for row in wb["填写说明"].iter_rows() for c in row if c.value)
    for word in ("三年平均", "三年人均", "上年", "填报", "workday_mode", "执法人员数", "60%"):
        assert word in text

    def lists(ws):
        return {dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation if dv.type == "list"}

    items = lists(wb["工作日类别"])
    assert '"其他执法,非执法"' in items and items['"其他执法,非执法"'].startswith("A2:")
    assert '"' + ",".join(METHODS) + '"' in items
    assert '"formula,official,公式,国务院放假安排"' in lists(wb["基本信息"])
    assert '"weight,capacity"' in lists(wb["基本信息"])
    assert '"放假,上班"' in lists(wb["放假安排"])
    assert '"其他执法,非执法"' in lists(wb["单位工作日"])
    for name in ("基本信息", "执法人员", "工作日类别", "历史数据"):
        ws = wb[name]
        assert ws.freeze_panes == "A2"
        assert ws.cell(2, 2).fill.fgColor.rgb.endswith("FFF2CC")  # input cells are marked
        assert ws.cell(1, 2).fill.fgColor.rgb != ws.cell(2, 2).fill.fgColor.rgb
        assert ws.column_dimensions["B"].width > 8


def test_template_filled_in_by_an_analyst(tmp_path):
    """Replace the example rows with one's own, in the template's yellow cells, and compute."""
    path = write_template(tmp_path / "t.xlsx", year=2020)
    wb = openpyxl.load_workbook(path)
    ws = wb["执法人员"]
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.value = None
    ws.append(["执法一队", 12, 50, 1])  # appended after the formatted blank rows
    ws["A2"], ws["B2"], ws["C2"], ws["D2"] = "执法二队", "10", 40, "1"
    settings_ws = wb["基本信息"]
    for row in settings_ws.iter_rows(min_row=2):
        if row[0].value == "authority":
            row[1].value = "某县应急管理局"
    wb.save(path)
    plan = load_plan(path)
    assert plan.authority == "某县应急管理局"
    assert [(u.name, u.staff) for u in plan.units] == [("执法二队", 10), ("执法一队", 12)]
    r = compute(plan)
    assert r.total_workdays == 251 * 22
    assert r.key_inspections == 90


def test_template_refuses_to_overwrite_when_asked(tmp_path):
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"keep")
    with pytest.raises(FileExistsError):
        write_template(target, overwrite=False)
    assert target.read_bytes() == b"keep"


# --- A file saved by a real spreadsheet program -------------------------------------------------


def test_fixture_was_saved_by_libreoffice():
    with zipfile.ZipFile(FIXTURE) as z:
        app = z.read("docProps/app.xml").decode()
        assert "LibreOffice" in app
        assert "xl/sharedStrings.xml" in z.namelist()  # unlike openpyxl, Calc uses shared strings


def test_libreoffice_file_reads_like_the_openpyxl_one(tmp_path):
    fingerprint = _fingerprint(FIXTURE)
    from_calc = load_plan(FIXTURE)
    # the whole plan, its prose (计划正文), key categories and document settings included
    from_openpyxl = load_plan(write_plan(_xicheng_plan(), tmp_path / "x.xlsx"))
    assert from_calc.prose and from_calc.key_categories
    assert _bare(from_calc) == _bare(from_openpyxl)
    assert from_calc.cells == from_openpyxl.cells
    _published_figures_hold(from_calc)
    assert _fingerprint(FIXTURE) == fingerprint


def test_load_never_writes(tmp_path):
    path = write_plan(_xicheng_plan(), tmp_path / "x.xlsx")
    os.chmod(path, 0o444)  # a read-only file loads fine: it is only ever opened for reading
    before = _fingerprint(path)
    try:
        load_plan(path)
    finally:
        os.chmod(path, 0o644)
    assert _fingerprint(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.xlsx"]


def test_input_error_is_one_chinese_line(tmp_path):
    path = write_plan(_xicheng_plan(), tmp_path / "x.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["执法人员"]["B3"] = "八\n人"
    wb.save(path)
    with pytest.raises(InputError) as e:
        load_plan(path)
    assert str(e.value) == "输入错误：文件“x.xlsx” 工作表“执法人员” B3：“执法人员数”应为数字，实际为“八 人”"
    # Every line break a terminal honours, in a file name too, becomes a space.
    assert str(InputError("a\rb\u2028c\nd.xlsx", "坏")) == "输入错误：文件“a b c d.xlsx”：坏"


def test_empty_history_sheet_is_fine_when_no_method_needs_it(tmp_path):
    plan = _xicheng_plan()
    reported_only = plan.with_changes(
        items=tuple(dataclasses.replace(i, method=METHOD_REPORTED, reported=7, history={}) for i in plan.items),
        staff_history={},
    )
    path = write_plan(reported_only, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.remove(wb["历史数据"])
    wb.create_sheet("历史数据")
    wb.save(path)
    assert _bare(load_plan(path)) == reported_only


# --- Whatever is in the file, the loader gives a Plan or an InputError ---------------------------

_ANY_CELL = st.one_of(
    st.none(),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=8),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.datetimes(
        min_value=__import__("datetime").datetime(1950, 1, 1), max_value=__import__("datetime").datetime(2100, 1, 1)
    ),
    st.sampled_from(["60%", "１２", "2019年", "=1+1", "合计", "三年平均", "非执法", "人员", " ", "#N/A"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(["基本信息", "执法人员", "工作日类别", "历史数据"]),
            st.integers(1, 20),
            st.integers(1, 7),
            _ANY_CELL,
        ),
        min_size=1,
        max_size=4,
    )
)
@pytest.mark.slow
def test_any_cell_edit_gives_a_plan_or_an_input_error(tmp_path, edits):
    path = tmp_path / "edited.xlsx"
    wb = openpyxl.load_workbook(write_plan(_xicheng_plan(), path))
    for sheet, row, col, value in edits:
        wb[sheet].cell(row, col).value = value
    wb.save(path)
    try:
        plan = load_plan(path)
    except InputError as e:
        assert "\n" not in str(e) and str(e).startswith("输入错误：文件“edited.xlsx”")
    else:
        assert isinstance(plan, Plan)


@functools.lru_cache(maxsize=1)
def _good_bytes() -> bytes:
    """One valid workbook's bytes (written once: each write differs in its timestamps)."""
    with tempfile.TemporaryDirectory() as tmp:
        return write_plan(_xicheng_plan(), Path(tmp) / "good.xlsx").read_bytes()


_SNIPPETS = [
    b"<f>1+1</f>",
    b"<v>x</v>",
    b't="e"',
    b't="s"',
    b'<c r="A1"/>',
    b'r="ZZZ9"',
    b"<",
    b">",
    b'"',
    b'<mergeCell ref="A1:B2"/>',
    b"&amp;",
    b"\x00",
    b"<row>",
    b"</row>",
    b's="99"',
    b'<f t="shared" si="0"/>',
]


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_damaged_xml_part_gives_a_plan_or_an_input_error(tmp_path, data):
    """Cut and splice the XML inside the zip (what a broken writer produces), then load."""
    with zipfile.ZipFile(io.BytesIO(_good_bytes())) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = data.draw(st.sampled_from(sorted(n for n in parts if n.endswith((".xml", ".rels")))))
    xml = bytearray(parts[name])
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(xml) - 1))
        if data.draw(st.booleans()):
            del xml[i : i + data.draw(st.integers(1, 10))]
        else:
            xml[i:i] = data.draw(st.sampled_from(_SNIPPETS))
    parts[name] = bytes(xml)
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        for n, content in parts.items():
            z.writestr(n, content)
    try:
        load_plan(path)
    except InputError as e:
        assert "\n" not in str(e)


@pytest.mark.parametrize(
    ("head", "has_dtd"),
    [
        (b'<?xml version="1.0"?><worksheet/>', False),
        (b"\xef\xbb\xbf<?xml version='1.0'?>\n<sst/>", False),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>', True),
        (b'<?xml version="1.0"?><!-- a comment --><!DOCTYPE x><x/>', True),  # DTD after a comment
        (b'<?xml version="1.0"?>\n<?pi x?>\n<!-- c --> <!DOCTYPE x><x/>', True),
        ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x><x/>'.encode("utf-16"), True),
        (b'<?xml version="1.0"?><!-- ' + b"x" * 70000, True),  # a prolog longer than the peek
        (b"\x89PNG\r\n\x1a\n", False),  # not XML: images are not parsed
        (b"<x><!DOCTYPE inside-is-not-a-prolog></x>", False),
    ],
    ids=[
        "plain",
        "bom",
        "dtd",
        "dtd-after-comment",
        "dtd-after-pi-and-comment",
        "utf16-dtd",
        "endless-prolog",
        "binary",
        "not-in-prolog",
    ],
)
def test_prolog_dtd_detection(head, has_dtd):
    assert prolog_has_dtd(head[: 64 * 1024]) is has_dtd
