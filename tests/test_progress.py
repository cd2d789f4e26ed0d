"""Progress through the year (docs/contract.md §7), in the core: a ledger built here, every
planted problem and every count worked out by hand below, against a schedule built by hand."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from planlib.core.ledger import Visit
from planlib.core.progress import (
    AFTER_AS_OF,
    DUPLICATE,
    NOT_ON_ROSTER,
    OUTSIDE_YEAR,
    TOO_FEW_INSPECTORS,
    UNKNOWN_CODE,
    UNKNOWN_UNIT,
    PlanLists,
    day_is_workday,
    month_ago,
    passed_share,
    planned_by,
    progress,
)
from planlib.core.register import Cap, Entity
from planlib.core.schedule import BASIS_WEEKDAYS, Schedule
from planlib.text.progress import progress_markdown, results_table

D = dt.date
WEEKDAY = day_is_workday(2020, BASIS_WEEKDAYS)


def weekdays(year: int, month: int) -> int:
    d, n = D(year, month, 1), 0
    while d.month == month:
        n += d.weekday() < 5
        d += dt.timedelta(days=1)
    return n


# Unit A: 2 key + 1 general a month in January–March, 1 general a month after; B: 2 general a month.
KEY = tuple((2, 0) if m < 3 else (0, 0) for m in range(12))
GENERAL = tuple((1, 2) for _ in range(12))
SCHEDULE = Schedule(2020, tuple(weekdays(2020, m) for m in range(1, 13)), BASIS_WEEKDAYS, ("A", "B"), KEY, GENERAL)


def entity(code: str, sector: str = "工贸") -> Entity:
    return Entity(int(code[1:]) + 1, f"单位{code}", code, sector)


K1, K2, K3 = entity("K1"), entity("K2"), entity("K3")
D1, D2, D3, D4 = entity("D1"), entity("D2"), entity("D3"), entity("D4")
X1 = entity("X1")
LISTS = PlanLists(
    ("A", "B"),
    key=((K1, "A"), (K2, "A"), (K3, "B")),
    drawn=((D1, "A"), (D2, "A"), (D3, "B"), (D4, "B")),
    entities={e.code: e for e in (K1, K2, K3, D1, D2, D3, D4, X1)},
    caps=(Cap("", "", 1, "检查频次上限!C2"),),
    roster=frozenset({"甲", "乙", "丙", "戊"}),
)
TWO = ("甲", "乙")
LEDGER = (
    Visit(2, D(2020, 1, 6), "A", "K1", kind="重点", inspectors=TWO, hazards=2),
    Visit(3, D(2020, 1, 20), "A", "D1", kind="双随机", inspectors=TWO),
    Visit(4, D(2020, 2, 10), "A", "K2", kind="", inspectors=TWO),  # blank type: a key unit, so 重点
    Visit(5, D(2020, 3, 2), "A", "D2", kind="双随机", inspectors=TWO),
    Visit(6, D(2020, 1, 8), "B", "D3", kind="双随机", inspectors=("丙",)),  # counted; one inspector
    Visit(
        7, D(2020, 3, 5), "B", "X1", kind="其他", trigger="投诉举报", inspectors=("丙", "丁"), hazards=1
    ),  # 丁 not on roster
    Visit(8, D(2020, 2, 3), "C队", "K3", kind="重点", inspectors=TWO),  # unknown unit: not counted
    Visit(9, D(2019, 12, 31), "B", "K3", kind="重点", inspectors=TWO),  # outside the year
    Visit(10, D(2020, 3, 20), "B", "K3", kind="重点", inspectors=TWO),  # after the as-of date
    Visit(11, D(2020, 1, 6), "A", "K1", kind="重点", inspectors=TWO),  # duplicate of row 2
    Visit(12, D(2020, 2, 20), "A", "ZZZ", kind="其他", inspectors=TWO),  # not in the register: counted
    Visit(13, D(2020, 3, 10), "A", "K1", kind="重点", inspectors=TWO),  # K1's second visit: over the cap of 1
)
AS_OF = D(2020, 3, 13)  # a Friday


def result():
    return progress(SCHEDULE, LEDGER, LISTS, AS_OF, WEEKDAY)


def test_pro_rata_month_by_workdays_passed():
    # March 2020: the 1st is a Sunday; weekdays 2–6 and 9–13 are 10 of the month's 22.
    assert passed_share(AS_OF, WEEKDAY) == Fraction(10, 22)
    # A: January 3 + February 3 + March 3 × 10/22 = 6 + 15/11 = 7.36…
    assert planned_by((3, 3, 3, 1), AS_OF, WEEKDAY) == 6 + Fraction(15, 11)
    assert month_ago(AS_OF) == D(2020, 2, 13)
    assert month_ago(D(2020, 3, 31)) == D(2020, 2, 29)
    assert month_ago(D(2020, 1, 31)) is None


def test_units_planned_done_and_rates_by_hand():
    pr = result()
    a, b = pr.units
    assert a.planned_year == 3 * 3 + 9 * 1 == 18
    assert b.planned_year == 12 * 2 == 24
    assert a.planned_to_date == 7  # 7.36 half up
    assert b.planned_to_date == 5  # 2 + 2 + 2 × 10/22 = 4.91
    # a month earlier, 13 February: 9 of February's 20 weekdays (3–7, 10–13)
    assert a.planned_month_ago == 4  # 3 + 3 × 9/20 = 4.35
    assert b.planned_month_ago == 3  # 2 + 2 × 9/20 = 2.9
    assert a.done_months[:3] == (2, 2, 2) and a.done == 6  # rows 2, 3 | 4, 12 | 5, 13
    assert b.done_months[:3] == (1, 0, 1) and b.done == 2  # rows 6 | 7
    assert (a.done_key, a.done_random, a.done_other) == (3, 2, 1)
    assert (b.done_key, b.done_random, b.done_other) == (0, 1, 1)
    assert a.shortfall == 1 and b.shortfall == 3
    assert not a.month_behind and b.month_behind  # B: 2 done < 3 planned by 13 February
    assert pr.behind == (b,)
    t = pr.total
    assert (t.planned_year, t.planned_to_date, t.done) == (42, 12, 8)
    assert t.year_rate == Fraction(8, 42) and t.period_rate == Fraction(8, 12)
    assert pr.hazards == 3


def test_every_planted_problem_is_listed_with_its_row():
    pr = result()
    found = [(p.visit.row, p.kind, p.counted) for p in pr.problems]
    assert found == [
        (6, TOO_FEW_INSPECTORS, True),
        (7, NOT_ON_ROSTER, True),
        (8, UNKNOWN_UNIT, False),
        (9, OUTSIDE_YEAR, False),
        (10, AFTER_AS_OF, False),
        (11, DUPLICATE, False),
        (12, UNKNOWN_CODE, True),
    ]
    assert next(p for p in pr.problems if p.kind == NOT_ON_ROSTER).names == ("丁",)
    assert next(p for p in pr.problems if p.kind == DUPLICATE).first_row == 2
    # every row is counted or a problem saying why not: 8 counted + 4 not counted = 12 rows
    assert len(pr.counted) == 8
    assert len(pr.counted) + sum(not p.counted for p in pr.problems) == len(LEDGER)


def test_lists_not_visited_unplanned_and_over_cap():
    pr = result()
    assert pr.key_missing == ((K3, "B"),)  # K3's visits were all rows that do not count
    assert pr.drawn_missing == ((D4, "B"),)
    assert [v.row for v in pr.unplanned] == [7, 12]
    assert pr.unplanned_by_type() == [("其他", 1), ("投诉举报", 1)]
    assert [(o.entity.code, o.visits, o.cap.limit) for o in pr.over_cap] == [("K1", 2, 1)]
    assert [(e.code, v.row) for e, _, v in pr.drawn_visits] == [("D3", 6), ("D1", 3), ("D2", 5)]


def test_report_words_the_figures_and_names_the_unit_a_month_behind():
    text = progress_markdown(result(), "某区应急管理局", "台账.xlsx")
    assert "截至3月13日，全局完成监督检查8家次，占全年计划的19.05%，占同期计划的66.67%；" in text  # 8/42, 8/12
    assert "其中重点检查3家次（重点单位3家，已检2家，未检1家）" in text
    assert "“双随机”抽查3家次（抽查名单4家，已检3家，未检1家），其他检查2家次；发现隐患3项。" in text
    assert "进度落后超过一个月的执法单位：B完成2家次，落后同期计划3家次" in text
    assert "A完成6家次，占全年计划18家次的33.33%，落后同期计划1家次" in text
    assert "检查台账有问题7条（其中4条未计入完成数）" in text


def test_results_publish_no_inspectors_unless_asked():
    plain = results_table(result(), "某区应急管理局")
    assert "执法人员" not in plain.headers
    assert [r[1:5] for r in plain.rows] == [
        ("单位D3", "D3", "2020-01-08", "B"),
        ("单位D1", "D1", "2020-01-20", "A"),
        ("单位D2", "D2", "2020-03-02", "A"),
    ]
    named = results_table(result(), "某区应急管理局", with_inspectors=True)
    assert named.rows[0][-1] == "丙"
    assert not any("A00" in str(c) for r in named.rows for c in r)  # no 执法证号, ever


def test_an_item_not_of_the_plans_inspection_items_is_a_problem_when_items_are_known():
    from dataclasses import replace

    from planlib.core.progress import UNKNOWN_ITEM

    visits = (Visit(2, D(2020, 1, 6), "A", "K1", kind="重点", item="工贸检查", inspectors=TWO),)
    lists = replace(LISTS, items=frozenset({"危化检查"}))
    pr = progress(SCHEDULE, visits, lists, AS_OF, WEEKDAY)
    assert [(p.visit.row, p.kind, p.counted) for p in pr.problems] == [(2, UNKNOWN_ITEM, True)]
    assert progress(SCHEDULE, visits, LISTS, AS_OF, WEEKDAY).problems == ()  # no 检查事项 known: not checked


def test_report_docx_puts_a_wide_table_on_a_landscape_page(tmp_path):
    """附件 with 11 columns (执行概况) printed in portrait left one or two characters a column; it
    goes on a landscape section, as the plan's wide attachments do, and a narrow one stays portrait."""
    import docx
    from docx.enum.section import WD_ORIENT

    from planlib.io.progress_files import write_report_docx
    from planlib.text.report import BODY, Block, Column, Table

    wide = Table("宽表", "宽表", tuple(Column(f"列{k}") for k in range(11)), (tuple(range(11)),))
    narrow = Table("窄表", "窄表", (Column("甲"), Column("乙")), (("1", "2"),))
    path = write_report_docx([Block(BODY, "正文")], [wide, narrow], tmp_path / "执行情况.docx")
    sections = docx.Document(str(path)).sections
    assert [s.orientation for s in sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    assert sections[1].page_width > sections[1].page_height


def test_the_ledger_is_named_in_the_report_by_the_text_layer():
    """The report's 据检查台账… wording lived in io (planlib.io.ledger.sheet_label); it is text's."""
    import planlib.io.ledger
    from planlib.core.ledger import Ledger
    from planlib.text.progress import ledger_label

    assert not hasattr(planlib.io.ledger, "sheet_label")
    assert ledger_label(Ledger("资料/台账.xlsx", "检查台账", ())) == "台账.xlsx（工作表“检查台账”）"
    assert ledger_label(Ledger("资料/台账.csv", "", ())) == "台账.csv"  # a CSV has no sheet


def test_the_charts_words_are_texts():
    """The chart's title and panel titles were worded in views/; text words them (B: 2 of 5 to date)."""
    import inspect

    import planlib.views.progress_chart as chart
    from planlib.text.progress import chart_panel_title, chart_title

    pr = result()
    assert chart_title(pr) == "2020年度监督检查执行进度（截至3月13日，横轴为月份）"
    assert chart_panel_title(pr.units[1]) == "B：完成2/同期5家次（40.0%），落后超过一个月"  # 2 ÷ 5
    assert chart_panel_title(pr.total) == "全局：完成8/同期12家次（66.7%）"  # 8 ÷ 12
    assert not any("\u4e00" <= c <= "\u9fff" for c in inspect.getsource(chart).split('"""', 2)[2])


def test_the_progress_commands_word_nothing_themselves():
    """The app modules of issue 19 held three Chinese messages and a file name; text/ words the
    messages, io/ names the file. No string literal of theirs but a docstring has a Chinese character."""
    import ast
    import inspect

    import planlib.app.next_year
    import planlib.app.progress

    for module in (planlib.app.progress, planlib.app.next_year):
        tree = ast.parse(inspect.getsource(module))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        worded = [
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and any("\u4e00" <= c <= "\u9fff" for c in node.value)
        ]
        assert worded == [], (module.__name__, worded)
