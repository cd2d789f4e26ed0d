"""The ledger reader, ``planlib progress`` and ``planlib next-year`` on a small plan, register,
draw list and ledger built here (docs/contract.md §7); every count is worked out by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from planlib.app.cli import main
from planlib.core.model import Plan, Unit, WorkdayItem
from planlib.io.ledger import read_ledger
from planlib.io.workbook import write_plan

D = dt.date
HEADER = ["检查日期", "执法单位", "统一社会信用代码", "单位名称", "检查类型", "执法人员", "发现隐患", "用时"]
# (date, unit, code, type, inspectors, hazards, days)
ROWS = [
    (D(2020, 1, 6), "一队", "K1", "重点", "甲、乙", 2, None),
    (D(2020, 1, 20), "一队", "N1", "双随机", "甲、乙", 0, 1.5),
    (D(2020, 2, 10), "一队", "K2", "", "甲、乙", None, None),  # blank type: a key unit, so 重点
    (D(2020, 3, 2), "一队", "N2", "双随机", "甲，乙", 1, None),
    (D(2020, 1, 8), "二队", "N3", "双随机", "丙", None, None),  # one inspector: counted, a problem
    (D(2020, 3, 5), "二队", "N9", "投诉举报", "丙、丁", 1, None),  # 丁 not on the roster; unplanned
    (D(2020, 2, 3), "三队", "K3", "重点", "丙、戊", 0, None),  # unknown unit: not counted
    (D(2019, 12, 31), "二队", "K3", "重点", "丙、戊", 0, None),  # outside 2020: not counted
    (D(2020, 3, 20), "二队", "K3", "重点", "丙、戊", 0, None),  # after the as-of date: not counted
    (D(2020, 1, 6), "一队", "K1", "重点", "甲、乙", 2, None),  # duplicate of the first: not counted
    (D(2020, 2, 20), "一队", "ZZZ", "其他", "甲、乙", 0, None),  # not in the register: counted
    (D(2020, 3, 10), "一队", "K1", "重点", "甲、乙", 0, None),  # K1's second visit: over the cap of 1
]
AS_OF = "2020-03-13"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def small_plan() -> Plan:
    # 2 officers × 251 (2020, formula) = 502; − 468 other − 20 non (mean of 10, 20, 30) = 14 inspection
    # workdays: 3 key units × 2 = 6, general 8 ÷ 2 = 4, 2 per unit by equal weights.
    return Plan(
        "某区应急管理局",
        2020,
        (Unit("一队", 1), Unit("二队", 1)),
        (
            WorkdayItem("其他执法", "综合监管", "填报", 468),
            WorkdayItem("非执法", "病假、事假", "三年平均", 0, "", {2017: 10, 2018: 20, 2019: 30}),
        ),
        staff_history={2017: 2, 2018: 2, 2019: 2},
        key_by_month=1,
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("进度")
    plan = folder / "计划.xlsx"
    write_plan(small_plan(), plan)
    wb = openpyxl.load_workbook(plan)
    ws = wb.create_sheet("执法人员名单")
    for row in (["姓名", "执法证号", "执法单位"], ["甲", "A001", "一队"], ["乙", "A002", "一队"]):
        ws.append(row)
    for row in (["丙", "B001", "二队"], ["戊", "B002", "二队"]):
        ws.append(row)
    caps = wb.create_sheet("检查频次上限")
    caps.append(["行业领域", "风险等级", "最多检查次数"])
    caps.append([None, None, 1])
    wb.save(plan)
    register = folder / "名录.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位名称", "统一社会信用代码", "行业领域", "重点检查", "负责执法单位"])
    for code, unit in (("K1", "一队"), ("K2", "一队"), ("K3", "二队")):
        ws.append([f"单位{code}", code, "工贸", "是", unit])
    for n in range(1, 11):
        ws.append([f"单位N{n}", f"N{n}", "商贸", "否", None])
    wb.save(register)
    draw = folder / "抽查名单_2020.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "双随机抽查名单"
    ws.append(["2020年度“双随机”抽查名单"])
    ws.append(["序号", "执法单位", "单位名称", "统一社会信用代码"])
    for n, (unit, code) in enumerate((("一队", "N1"), ("一队", "N2"), ("二队", "N3"), ("二队", "N4")), 1):
        ws.append([n, unit, f"单位{code}", code])
    wb.save(draw)
    ledger = write_ledger(
        folder / "台账.xlsx", ROWS, actual=[("非执法", "病假、事假", 40), ("其他执法", "综合监管", 470)]
    )
    return {"plan": plan, "register": register, "draw": draw, "ledger": ledger, "folder": folder}


def write_ledger(path: Path, rows, actual=None, header=HEADER, title="检查台账") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(["某区应急管理局检查台账"])  # a title row above the header
    ws.append(header)
    for r in rows:
        ws.append([r[0], r[1], r[2], f"单位{r[2]}", r[3], r[4], r[5], r[6]])
    if actual is not None:
        a = wb.create_sheet("实际工作日")
        a.append(["类别", "项目", "工作日"])
        for row in actual:
            a.append(list(row))
    wb.save(path)
    return path


def progress_args(files, out: Path, *extra) -> list[str]:
    return [
        "progress",
        str(files["plan"]),
        "--register",
        str(files["register"]),
        "--ledger",
        str(files["ledger"]),
        "--draw",
        str(files["draw"]),
        "--as-of",
        AS_OF,
        "--out",
        str(out),
        *extra,
    ]


def sheet(path: Path, name: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


# --- 1. the reader ---------------------------------------------------------------------------------


def test_a_ledger_whose_sheet_starts_below_row_1_names_its_real_rows(tmp_path):
    """Nothing typed in rows 1–3 nor in column A: the visits are still the sheet's rows 5 and 6."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "检查台账"
    rows = [HEADER] + [[r[0], r[1], r[2], f"单位{r[2]}", r[3], r[4], r[5], r[6]] for r in ROWS[:2]]
    for r, row in enumerate(rows, 4):
        for c, value in enumerate(row, 2):
            ws.cell(row=r, column=c, value=value)
    wb.save(tmp_path / "台账.xlsx")
    ledger = read_ledger(tmp_path / "台账.xlsx")
    assert [v.row for v in ledger.visits] == [5, 6]
    assert [v.code for v in ledger.visits] == [ROWS[0][2], ROWS[1][2]]


def test_reader_reads_every_row_with_its_row_number(files):
    ledger = read_ledger(files["ledger"])
    assert ledger.sheet == "检查台账"
    assert [v.row for v in ledger.visits] == list(range(3, 15))  # title row 1, header row 2
    first = ledger.visits[0]
    assert (first.date, first.unit, first.code, first.kind, first.inspectors, first.hazards) == (
        D(2020, 1, 6),
        "一队",
        "K1",
        "重点",
        ("甲", "乙"),
        2,
    )
    assert ledger.visits[1].days == 1.5
    assert ledger.visits[3].inspectors == ("甲", "乙")  # a full-width comma separates too
    assert (ledger.visits[5].kind, ledger.visits[5].trigger) == ("其他", "投诉举报")
    assert [(a.category, a.item, a.workdays) for a in ledger.actuals] == [
        ("非执法", "病假、事假", 40),
        ("其他执法", "综合监管", 470),
    ]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_csv_in_utf8_or_gbk_reads_like_the_workbook(tmp_path, files, encoding):
    text = io.StringIO()
    text.write(",".join(HEADER) + "\n")
    for r in ROWS:
        text.write(",".join(str(x) if x is not None else "" for x in (r[0], r[1], r[2], f"单位{r[2]}", *r[3:])) + "\n")
    path = tmp_path / "台账.csv"
    path.write_bytes(text.getvalue().replace("甲，乙", "甲、乙").encode(encoding))
    from_csv, from_xlsx = read_ledger(path).visits, read_ledger(files["ledger"]).visits
    assert [v.row for v in from_csv] == list(range(2, 14))  # the header is the CSV's first line
    assert [dataclasses.replace(v, row=0) for v in from_csv] == [dataclasses.replace(v, row=0) for v in from_xlsx]


def test_xls_reads_like_the_workbook(tmp_path, files):
    import xlwt  # a dev dependency (pyproject.toml): missing, the test fails rather than skips

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("检查台账")
    day = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    ws.write(0, 0, "某区应急管理局检查台账")
    for c, h in enumerate(HEADER):
        ws.write(1, c, h)
    for r, row in enumerate(ROWS, 2):
        values = (row[0], row[1], row[2], f"单位{row[2]}", *row[3:])
        for c, v in enumerate(values):
            if c == 0:
                ws.write(r, c, v, day)  # a real date cell
            elif v is not None:
                ws.write(r, c, v)
    path = tmp_path / "台账.xls"
    wb.save(str(path))
    assert read_ledger(path).visits == read_ledger(files["ledger"]).visits


BAD = [
    ("no date column", lambda p: write_ledger(p, ROWS[:1], header=["日期", *HEADER[1:]]), ["第2行", "列“检查日期”"]),
    (
        "not a date",
        lambda p: write_ledger(p, [("2020-13-45", *ROWS[0][1:])]),
        ["工作表“检查台账”", "第3行", "列“检查日期”（A3）", "不是有效的日期"],
    ),
    (
        "unknown type",
        lambda p: write_ledger(p, [(*ROWS[0][:3], "抽检", *ROWS[0][4:])]),
        ["第3行", "（E3）", "检查类型"],
    ),
    ("negative hazards", lambda p: write_ledger(p, [(*ROWS[0][:5], -1, None)]), ["第3行", "（G3）", "不能为负数"]),
    ("blank code", lambda p: write_ledger(p, [(*ROWS[0][:2], None, *ROWS[0][3:])]), ["第3行", "（C3）", "不能为空"]),
    ("empty file", lambda p: p.write_bytes(b""), ["0 字节"]),
    ("not a spreadsheet", lambda p: p.write_bytes(b"PK\x03\x04garbage"), ["损坏"]),
    ("no rows", lambda p: write_ledger(p, []), ["没有任何检查记录"]),
]


@pytest.mark.parametrize(("case", "make", "words"), BAD, ids=[b[0] for b in BAD])
def test_bad_ledger_one_line_exit_2_ledger_unchanged(tmp_path, files, capsys, case, make, words):
    ledger = tmp_path / "坏台账.xlsx"
    make(ledger)
    before = sha(ledger)
    args = progress_args(files, tmp_path / "out")
    args[args.index("--ledger") + 1] = str(ledger)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("输入错误：文件“坏台账.xlsx”"), err
    for w in words:
        assert w in err, (w, err)
    assert sha(ledger) == before
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


# --- 2 and 5. planlib progress, and the 双随机 results ----------------------------------------------------


@pytest.mark.slow  # draws the chart and writes the .docx
def test_progress_writes_the_report_and_its_sheets(tmp_path, files, capsys):
    out = tmp_path / "成果"
    assert main(progress_args(files, out, "--results")) == 0
    said = capsys.readouterr().out
    assert "截至3月13日，全局完成监督检查8家次" in said  # rows 1–6, 11, 12 of ROWS
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        [
            ".planlib-files.json",  # planlib's record of what it wrote (planlib.io.owned)
            "执行进度_2020_0313.xlsx",
            "执行进度_2020_0313.png",
            "执行情况_2020_0313.md",
            "执行情况_2020_0313.docx",
            "抽查结果公示_2020.xlsx",
        ]
    )
    book = out / "执行进度_2020_0313.xlsx"
    assert CalamineWorkbook.from_path(str(book)).sheet_names == [
        "执行概况",
        "按单位按月",
        "重点未检",
        "抽查未检",
        "计划外检查",
        "超频次",
        "台账问题",
    ]
    summary = {r[0]: r for r in sheet(book, "执行概况")[2:]}
    # 全年计划: 一队 2 key + 2 general, 二队 1 key + 2 general; done 6 and 2
    assert summary["一队"][1] == 4 and summary["二队"][1] == 3 and summary["全局"][1] == 7
    assert (summary["一队"][3], summary["二队"][3], summary["全局"][3]) == (6, 2, 8)
    assert [r[2] for r in sheet(book, "重点未检")[2:]] == ["单位K3"]
    assert [r[2] for r in sheet(book, "抽查未检")[2:]] == ["单位N4"]
    assert [r[1] for r in sheet(book, "计划外检查")[2:]] == [8, 13]  # ledger rows of N9 and ZZZ
    assert [(r[2], r[5], r[6]) for r in sheet(book, "超频次")[2:]] == [("K1", 2, 1)]
    problems = sheet(book, "台账问题")[2:]
    assert [(r[1], r[6]) for r in problems] == [
        (7, "是"),  # one inspector
        (8, "是"),  # 丁 not on the roster
        (9, "否"),  # unknown unit
        (10, "否"),  # 2019
        (11, "否"),  # after 13 March
        (12, "否"),  # duplicate of row 3
        (13, "是"),  # code not in the register
    ]
    assert "与第3行重复" in problems[5][5] and "丁" in problems[1][5]
    text = (out / "执行情况_2020_0313.md").read_text(encoding="utf-8")
    assert text.startswith("# 某区应急管理局2020年度安全生产监督检查计划执行情况")
    import docx

    document = docx.Document(str(out / "执行情况_2020_0313.docx"))
    assert document.paragraphs[0].style.name == "Title"  # the plan's GB/T 9704 styles
    assert document.paragraphs[0].text == "某区应急管理局2020年度安全生产监督检查计划执行情况"
    rows = document.tables[0].rows  # 附件1 执行概况: a header, the two units and 全局
    assert [r.cells[0].text for r in rows] == ["执法单位", "一队", "二队", "全局"]
    published = sheet(out / "抽查结果公示_2020.xlsx", "抽查结果公示")
    assert published[1] == [
        "序号",
        "检查对象",
        "统一社会信用代码",
        "检查日期",
        "检查单位",
        "发现隐患（项）",
        "检查结果",
    ]
    assert [r[2] for r in published[2:]] == ["N3", "N1", "N2"]  # by date
    assert not any(name in str(c) for r in published for c in r for name in ("甲", "乙", "丙", "A001"))


@pytest.mark.slow  # draws the chart and writes the .docx
def test_results_with_inspector_names_when_asked(tmp_path, files):
    out = tmp_path / "公示"
    assert main(progress_args(files, out, "--results", "--inspector-names")) == 0
    published = sheet(out / "抽查结果公示_2020.xlsx", "抽查结果公示")
    assert published[1][-1] == "执法人员"
    assert [r[-1] for r in published[2:]] == ["丙", "甲、乙", "甲、乙"]
    assert not any("A00" in str(c) or "B00" in str(c) for r in published for c in r)


def test_progress_never_replaces_a_users_file(tmp_path, files, capsys):
    out = tmp_path / "成果"
    out.mkdir()
    mine = out / "执行情况_2020_0313.md"
    mine.write_text("我的批注", encoding="utf-8")
    assert main(progress_args(files, out)) == 2
    assert "执行情况_2020_0313.md" in capsys.readouterr().err
    assert mine.read_text(encoding="utf-8") == "我的批注"
    assert sorted(p.name for p in out.iterdir()) == ["执行情况_2020_0313.md"]  # nothing else written


@pytest.mark.slow  # two runs: chart and .docx each
def test_progress_replaces_its_own_files_on_a_second_run(tmp_path, files, capsys):
    out = tmp_path / "成果"
    assert main(progress_args(files, out)) == 0
    report = out / "执行情况_2020_0313.md"
    first = report.read_text(encoding="utf-8")
    assert main(progress_args(files, out)) == 0  # the same outputs again: planlib's own, unchanged
    assert report.read_text(encoding="utf-8") == first
    report.write_text(first + "领导批注", encoding="utf-8")
    assert main(progress_args(files, out)) == 2  # edited since: the analyst's now
    assert report.read_text(encoding="utf-8").endswith("领导批注")
    capsys.readouterr()


def test_as_of_outside_the_plan_year_is_refused(tmp_path, files, capsys):
    args = progress_args(files, tmp_path / "out")
    args[args.index("--as-of") + 1] = "2021-01-05"
    assert main(args) == 2
    assert "不在计划年度2020年内" in capsys.readouterr().err


# --- 4. planlib next-year -------------------------------------------------------------------------------


def test_next_year_moves_the_history_on_and_computes(tmp_path, files, capsys):
    target = tmp_path / "计划_2021.xlsx"
    args = ["next-year", str(files["plan"]), "--ledger", str(files["ledger"]), "--out", str(target)]
    assert main(args) == 0
    history = sheet(target, "历史数据")
    assert history[0] == ["类别", "项目", 2018.0, 2019.0, 2020.0]
    rows = {r[1]: r[2:] for r in history[1:]}
    assert rows["病假、事假"] == [20.0, 30.0, 40.0]
    assert rows["综合监管"] == ["", "", 470.0]  # a 填报 item keeps its actual figure for later years
    assert rows["执法人员数"] == [2.0, 2.0, 2.0]
    assert {r[0]: r[1] for r in sheet(target, "基本信息")[1:]}["year"] == 2021.0
    assert "执法人员名单" in CalamineWorkbook.from_path(str(target)).sheet_names  # carried over
    # 检查实绩: counted visits of 2020 (the as-of is the year's end: row 11 counts now): 一队 6, 二队 3;
    # workdays 2 each, but 1.5 for the visit typed 用时 1.5: 一队 5 × 2 + 1.5 = 11.5, 二队 3 × 2 = 6
    done = {r[1]: r[2:] for r in sheet(target, "检查实绩")[1:]}
    assert done == {"一队": [6.0, 11.5], "二队": [3.0, 6.0]}
    from planlib.io.workbook import compute_workbook

    result, _ = compute_workbook(target)
    sick = next(i for i in result.non_enforcement.items if i.name == "病假、事假")
    assert sick.workdays == 30  # 三年平均 of 2018–2020: (20 + 30 + 40) / 3
    assert result.calendar.workdays_per_person == 365 - 104 - 11  # 2021


def test_next_year_heads_its_done_sheet_like_the_contract_sheets(tmp_path, files, capsys):
    """检查实绩 printed as a bare grid of default-width columns (执法单位 cut); its header is now bold,
    filled and frozen, and each column at least as wide as its header (a Chinese character is 2)."""
    import openpyxl

    target = tmp_path / "计划_2021.xlsx"
    assert main(["next-year", str(files["plan"]), "--ledger", str(files["ledger"]), "--out", str(target)]) == 0
    ws = openpyxl.load_workbook(target)["检查实绩"]
    assert ws.freeze_panes == "A2"
    assert all(c.font.bold and c.fill.fgColor.rgb != "00000000" for c in ws[1])
    for letter, header in zip("ABCD", ("年度", "执法单位", "检查家次", "检查工作日"), strict=True):
        assert ws.column_dimensions[letter].width >= 2 * len(header), letter


def test_next_year_without_an_actual_figure_warns_and_leaves_the_cell_blank(tmp_path, files, capsys):
    ledger = write_ledger(tmp_path / "台账.xlsx", ROWS[:2], actual=[("其他执法", "综合监管", 470)])
    target = tmp_path / "计划_2021.xlsx"
    assert main(["next-year", str(files["plan"]), "--ledger", str(ledger), "--out", str(target)]) == 1
    err = capsys.readouterr().err
    assert "非执法/病假、事假" in err and "尚不能测算" in err
    rows = {r[1]: r[2:] for r in sheet(target, "历史数据")[1:]}
    assert rows["病假、事假"] == [20.0, 30.0, ""]


def test_next_year_refuses_to_replace_a_file(tmp_path, files, capsys):
    target = tmp_path / "计划_2021.xlsx"
    target.write_bytes(b"mine")
    args = ["next-year", str(files["plan"]), "--ledger", str(files["ledger"]), "--out", str(target)]
    assert main(args) == 2
    assert target.read_bytes() == b"mine"


def test_next_year_unknown_actual_item_is_an_input_error(tmp_path, files, capsys):
    ledger = write_ledger(tmp_path / "台账.xlsx", ROWS[:2], actual=[("非执法", "不存在的项目", 4)])
    before = sha(ledger)
    assert main(["next-year", str(files["plan"]), "--ledger", str(ledger), "--out", str(tmp_path / "n.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "工作表“实际工作日” 第2行 列“项目”" in err and "不存在的项目" in err  # the cell, not just the row
    assert err.count("\n") == 1
    assert sha(ledger) == before and not (tmp_path / "n.xlsx").exists()


def test_as_of_defaults_to_today_kept_within_the_plan_year():
    from planlib.io.progress_inputs import as_of_date

    assert as_of_date(2020, None, "p.xlsx", today=D(2020, 5, 6)) == D(2020, 5, 6)
    assert as_of_date(2020, None, "p.xlsx", today=D(2026, 12, 4)) == D(2020, 12, 31)
    assert as_of_date(2020, None, "p.xlsx", today=D(2019, 11, 1)) == D(2020, 1, 1)


def test_without_a_draw_list_or_seed_progress_asks_for_one(tmp_path, files, capsys):
    args = progress_args(files, tmp_path / "out")
    i = args.index("--draw")
    del args[i : i + 2]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--draw" in err and "--seed" in err
