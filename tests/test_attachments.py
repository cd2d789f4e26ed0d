"""The filed plan's attachments read back from plan_2020.docx (python-docx) and plan_2020.xlsx
(openpyxl), against figures worked by hand from the reference plan; and the .docx's main text
against the reference file itself."""

from __future__ import annotations

import json

import docx
import openpyxl
import pytest

from planlib.core.compute import compute
from planlib.io import export
from planlib.text.findings import check
from test_document import normal, reference_paragraphs
from test_schedule import WORKDAYS_2020

# Whole runs, documents and registers written and read back: left out of make test-fast.
pytestmark = pytest.mark.slow

OTHER = [630, 168, 436, 280, 398, 20, 160, 124, 874]  # the reference's 四（三） 1–9
NON = [420, 2605, 97, 551, 700, 310]  # 四（四） 1–6
GENERAL_BY_MONTH = (14, 16, 18, 18, 15, 17, 18, 17, 18, 14, 17, 18)  # test_schedule: 200 × workdays ÷ 249
UNITS = ["安全监管科（行政审批科）", "执法监察综合队", "执法监察一队", "执法监察二队", "执法监察三队"]


@pytest.fixture(scope="module")
def files(xicheng_plan, tmp_path_factory):
    out = tmp_path_factory.mktemp("filed")
    r = compute(xicheng_plan)
    export.write_documents(r, check(r), out)
    return out


@pytest.fixture(scope="module")
def document(files):
    return docx.Document(files / "plan_2020.docx")


def cells(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_the_docx_main_text_is_the_reference_plan(document, reference_text):
    texts = [p.text for p in document.paragraphs]
    end = next(i for i, p in enumerate(document.paragraphs) if p.style.name == "附件说明")
    assert [normal(t) for t in texts[:end]] == reference_paragraphs(reference_text)
    assert texts[end : end + 4] == [
        "附件：1.各执法单位检查任务分解表",
        "2.行政执法工作日测算表",
        "3.月度检查安排表",
        "北京市西城区应急管理局",
    ]


def test_three_word_tables(document):
    assert len(document.tables) == 3
    labels = [p.text for p in document.paragraphs if p.style.name == "附件标签"]
    titles = [p.text for p in document.paragraphs if p.style.name == "附件标题"]
    assert labels == ["附件1", "附件2", "附件3"]
    assert titles == ["2020年度各执法单位检查任务分解表", "2020年度行政执法工作日测算表", "2020年度月度检查安排表"]


def test_attachment_1_tasks(document, files):
    expected = [["1", UNITS[0], "3", "26", "0", "26"]] + [
        [str(n), name, "8", "70", "50", "120"] for n, name in enumerate(UNITS[1:], 2)
    ]
    expected.append(["", "合计", "35", str(26 + 4 * 70), str(4 * 50), str(26 + 4 * 120)])
    rows = cells(document.tables[0])
    assert rows[0] == ["序号", "执法单位", "执法人员数", "重点检查家数", "一般检查家数", "合计"]
    assert rows[1:] == expected
    ws = openpyxl.load_workbook(files / "plan_2020.xlsx", data_only=True)["附件1 任务分解"]
    assert ws["A1"].value == "2020年度各执法单位检查任务分解表"
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=8, max_row=8)] == [[None, "合计", 35, 306, 200, 506]]
    assert ws["C3"].value == 3 and ws["F4"].value == 120


def test_attachment_2_workdays(document, files):
    rows = cells(document.tables[1])
    assert rows[0] == ["序号", "项目", "测算方法或计算式", "工作日", "说明"]
    figure = {r[1]: r[3] for r in rows[1:]}
    assert figure["国家法定工作日（每人）"] == str(366 - 104 - 11) and rows[1][2] == "366-104-11"
    assert figure["总法定工作日"] == str(251 * 35)
    assert figure["其他执法工作日"] == str(sum(OTHER)) == "3090"
    assert figure["非执法工作日"] == str(sum(NON)) == "4683"
    assert figure["监督检查工作日"] == str(8785 - 3090 - 4683) == "1012"
    assert figure["重点检查工作日"] == str(306 * 2) and figure["一般检查工作日"] == str(200 * 2)
    other_at = [r[1] for r in rows].index("其他执法工作日")
    assert [int(r[3]) for r in rows[other_at + 1 : other_at + 10]] == OTHER
    non_at = [r[1] for r in rows].index("非执法工作日")
    assert [int(r[3]) for r in rows[non_at + 1 : non_at + 7]] == NON
    assert rows[other_at + 9][2] == "填报"  # item 9: 根据各执法单位提供的测算数据汇总
    ws = openpyxl.load_workbook(files / "plan_2020.xlsx", data_only=True)["附件2 工作日测算"]
    values = {row[1].value: row[3].value for row in ws.iter_rows(min_row=3)}
    assert (values["总法定工作日"], values["监督检查工作日"]) == (8785, 1012)


def test_attachment_3_schedule(document, files):
    rows = cells(document.tables[2])
    # two header rows: unit names over 重点/一般 (merged cells repeat their text in python-docx)
    assert rows[0][:4] == ["月份", "工作日", UNITS[0], UNITS[0]]
    assert rows[1][2:4] == ["重点", "一般"]
    assert rows[0][-3:] == ["合计"] * 3 and rows[1][-3:] == ["重点", "一般", "小计"]
    body = rows[2:]
    assert [r[0] for r in body] == [f"{m}月" for m in range(1, 13)] + ["合计"]
    assert [int(r[1]) for r in body[:12]] == list(WORKDAYS_2020)
    assert [int(r[-2]) for r in body[:12]] == list(GENERAL_BY_MONTH)
    for r in body:  # each month: its units add up to its totals
        numbers = [int(v) for v in r[2:]]
        units, key, general, total = numbers[:-3], *numbers[-3:]
        assert sum(units[0::2]) == key and sum(units[1::2]) == general and key + general == total
    total = body[-1]
    assert total[1:] == ["249", "26", "0", "70", "50", "70", "50", "70", "50", "70", "50", "306", "200", "506"]
    for c in range(2, len(total)):  # each unit: its months add up to its year
        assert sum(int(r[c]) for r in body[:12]) == int(total[c])
    notes = [p.text for p in document.paragraphs if p.style.name == "表注"]
    # the months weigh by the arrangement's 249 workdays, the plan counts 251 by the formula: one
    # sentence says which is which (issue 17 item 3)
    assert notes[0] == (
        "注：各月检查家数按2020年国务院放假安排的各月工作日（全年249个）比例分配，“工作日”一列即此；"
        "本计划测算的国家法定工作日（每人251个）不按月份拆分，只用于测算全年检查任务。"
    )
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.count("249") == 1 and text.count("国务院放假安排") == 1  # the basis stated once
    ws = openpyxl.load_workbook(files / "plan_2020.xlsx", data_only=True)["附件3 月度安排"]
    assert [ws.cell(row=r, column=ws.max_column - 1).value for r in range(3, 15)] == list(GENERAL_BY_MONTH)
    assert ws.cell(row=15, column=ws.max_column).value == 506


def test_the_json_schedule(files):
    data = json.loads((files / "results.json").read_text(encoding="utf-8"))
    s = data["schedule"]
    assert s["basis"] == "arrangement" and s["key_by_month"] is None
    assert [m["workdays"] for m in s["months"]] == list(WORKDAYS_2020)
    assert [m["general"] for m in s["months"]] == list(GENERAL_BY_MONTH)
    for u, name in enumerate(UNITS):
        assert sum(m["units"][u]["key"] for m in s["months"]) == data["units"][u]["key"]
        assert sum(m["units"][u]["general"] for m in s["months"]) == data["units"][u]["general"]
        assert all(m["units"][u]["name"] == name for m in s["months"])
    assert all(
        m["key"] + m["general"] == m["total"] == sum(x["key"] + x["general"] for x in m["units"]) for m in s["months"]
    )


def test_landscape_page_for_the_wide_schedule(document):
    portrait, wide = document.sections[1], document.sections[3]
    assert portrait.page_width < portrait.page_height
    assert wide.page_width > wide.page_height and wide.orientation == 1  # WD_ORIENT.LANDSCAPE


def test_attachment_1_shows_unit_accounts_when_the_units_have_them(xicheng_plan):
    """With 单位工作日 (contract §4) every unit has its own account; the table then shows it.
    The accounts here are worked by hand: 3 × 251 = 753 and 8 × 251 = 2008 workdays;
    other 290 + 4 × 700 = 3090, non 403 + 4 × 1070 = 4683; inspection 60 + 4 × 238 = 1012."""
    from dataclasses import dataclass, replace

    from planlib.text.document import tasks_table

    @dataclass(frozen=True)
    class UnitWithAccount:  # the fields contract §4 names for units[] in the JSON
        name: str
        staff: int
        key: int
        general: int
        total_workdays: int
        other_enforcement: int
        non_enforcement: int
        inspection_workdays: int

        @property
        def total(self) -> int:
            return self.key + self.general

    r = compute(xicheng_plan)
    accounts = [(753, 290, 403, 60)] + [(2008, 700, 1070, 238)] * 4
    units = tuple(
        UnitWithAccount(u.name, u.staff, u.key, u.general, *a) for u, a in zip(r.units, accounts, strict=True)
    )
    table = tasks_table(replace(r, units=units))
    assert table.headers == [
        "序号",
        "执法单位",
        "执法人员数",
        "总法定工作日",
        "其他执法工作日",
        "非执法工作日",
        "监督检查工作日",
        "重点检查家数",
        "一般检查家数",
        "合计",
    ]
    assert table.rows[0] == ("1", UNITS[0], 3, 753, 290, 403, 60, 26, 0, 26)
    assert table.rows[-1] == ("", "合计", 35, 8785, 3090, 4683, 1012, 306, 200, 506)
    assert len(tasks_table(r).headers) == 6  # without accounts: no workday columns
