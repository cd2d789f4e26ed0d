"""``planlib audit``: every injected error is found on its line, the clean plans raise none.

The plans under tests/data/plans are written in published plans' phrasing. ``clean-*`` are
the reference plan (verbatim) and plans for other years whose figures were worked out by
hand; ``err-*`` each carry one kind of error injected into a clean plan (the variants of the
reference plan change only the lines named below). Expected lines are found by plain text
search for the injected figure, not by the code under test.
"""

from __future__ import annotations

import hashlib
import json
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from planlib import audit
from planlib.audit import DIGIT_ADDED, DIGIT_DROPPED, DIGITS_SWAPPED, digit_slip, within_precision
from planlib.audit.plantext import extract
from planlib.errors import InputError
from support import XICHENG, line_of, run_planlib

PLANS = Path(__file__).parent / "data" / "plans"
CLEAN = sorted(PLANS.glob("clean-*"))

# file -> every error-level finding expected: (rule, a snippet of its line, digit slip)
EXPECTED = {
    "err-formula-result-total-2020.txt": [("formula", "=251×35=8775", None)],
    "err-digits-swapped-result-inspection-2020.txt": [("formula", "=8785-3090-4683=1021", DIGITS_SWAPPED)],
    "err-transposed-operands-chain-2020.txt": [("operand", "=8785-4683-3090=1012", None)],
    "err-digit-dropped-operand-per-person-2020.txt": [("operand", "=25×35=8785", DIGIT_DROPPED)],
    "err-operand-per-person-2020.txt": [("operand", "=250×35=8750", None)],
    "err-digits-swapped-heading-total-2020.txt": [("consistency", "总法定工作日：8758", DIGITS_SWAPPED)],
    "err-digits-swapped-item-non-2020.txt": [("sums", "预计需用2650个工作日", DIGITS_SWAPPED)],
    "err-items-sum-ambiguous-slip-other-2020.txt": [("sums", "（三）其他执法工作日：3090", None)],
    "err-items-sum-non-2020.txt": [("sums", "（四）非执法工作日：4683", None)],
    "err-percentage-staff-digits-swapped-2020.txt": [("percentage", "42.71%", DIGITS_SWAPPED)],
    "err-percentage-plan-ratio-2020.txt": [("percentage", "计划检查比例为5.8%", None)],
    "err-unit-inspections-sum-2020.txt": [("sums", "执法监察三队完成60家", None)],
    "err-planned-total-2020.txt": [("consistency", "生产经营单位516家", None)],
    "err-random-share-2020.txt": [("random", "双随机比例不低于70%", None)],
    "err-key-share-below-min-2020.txt": [("key_share", "共计266家，在年度监督检查计划中占52.57%", None)],
    "err-holidays-fourteen-2019.txt": [("holidays", "365-104-14=247", None), ("calendar", "365-104-14=247", None)],
    "err-holidays-eleven-2025.md": [("holidays", "365天-104天-11天", None), ("calendar", "365天-104天-11天", None)],
    "err-weekends-104-2023.txt": [("calendar", "365 - 104 - 11 = 250", None)],
    "err-staff-split-sum-2023.txt": [("sums", "执法监察二队6人", None)],
}


def errors(a: audit.Audit) -> list:
    return [f for f in a.findings if f.severity == "error"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_error_plan_is_in_the_table():
    assert sorted(p.name for p in PLANS.glob("err-*")) == sorted(EXPECTED)


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_plans_raise_no_error(path):
    a = audit.audit_file(path)
    assert errors(a) == [], [f.message for f in a.findings]
    assert a.year in (2020, 2023, 2025) and str(a.year) in path.name and a.figures


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_injected_error_is_found_on_its_line(name):
    path = PLANS / name
    found = {(f.rule, f.line, f.slip) for f in errors(audit.audit_file(path))}
    expected = {(rule, line_of(path, snippet), slip) for rule, snippet, slip in EXPECTED[name]}
    assert found == expected


def test_findings_carry_the_printed_line_as_excerpt():
    path = PLANS / "err-transposed-operands-chain-2020.txt"
    (f,) = errors(audit.audit_file(path))
    assert "8785-4683-3090=1012" in f.excerpt
    assert "3090" in f.message and "4683" in f.message and "位置颠倒" in f.message


@pytest.mark.parametrize(
    "name, words",
    [
        (
            "err-holidays-fourteen-2019.txt",
            ["14天", "2019年应为11天", "按2019年日历应为365-104-11=250天", "相当于法定假日14天"],
        ),
        ("err-holidays-eleven-2025.md", ["2008年至2024年", "规定为13天", "365-104-13=248天", "相当于法定假日11天"]),
        ("err-weekends-104-2023.txt", ["365-105-11=249天", "双休日为104天，2023年实有105天"]),
        (
            "err-digits-swapped-result-inspection-2020.txt",
            ["8785-3090-4683=1012", "1021疑为1012之误（相邻两位数字颠倒）"],
        ),
        ("err-digit-dropped-operand-per-person-2020.txt", ["25疑为251之误（漏写了一位数字）", "25×35=875"]),
        ("err-percentage-staff-digits-swapped-2020.txt", ["35÷83=42.17%"]),
        ("err-percentage-plan-ratio-2020.txt", ["506÷8580=5.9%"]),
        ("err-key-share-below-min-2020.txt", ["266家÷计划检查506家=52.57%", "低于60%"]),
        ("err-items-sum-non-2020.txt", ["=4676个工作日", "少7个工作日"]),
        ("err-items-sum-ambiguous-slip-other-2020.txt", ["463（应为436", "630（应为603"]),
        ("err-digits-swapped-item-non-2020.txt", ["应为2605个工作日"]),
    ],
)
def test_messages_give_the_numbers(name, words):
    messages = " ".join(f.message for f in errors(audit.audit_file(PLANS / name)))
    for word in words:
        assert word in messages, (word, messages)


@pytest.mark.parametrize(
    "printed, intended, slip",
    [
        ("8758", "8785", DIGITS_SWAPPED),
        ("42.71", "42.17", DIGITS_SWAPPED),
        ("25", "251", DIGIT_DROPPED),
        ("21", "251", DIGIT_DROPPED),
        ("2511", "251", DIGIT_ADDED),
        ("8775", "8785", None),
        ("8587", "8785", None),
        ("251", "251", None),
        ("1102", "1012", DIGITS_SWAPPED),
        ("11", "11", None),
    ],
)
def test_digit_slip(printed, intended, slip):
    assert digit_slip(printed, intended) == slip


def test_percentages_match_to_the_places_printed():
    assert within_precision(Fraction(4217, 10000), Fraction(35, 83), 4)  # 42.17% of 35/83 = 42.1687%
    assert not within_precision(Fraction(4216, 10000), Fraction(35, 83), 4)
    assert within_precision(Fraction(59, 1000), Fraction(506, 8580), 3)  # 5.9%: one place
    assert not within_precision(Fraction(6, 100), Fraction(506, 8580), 3)


def test_the_official_arrangement_is_noted_not_an_error():
    # 2020 by the State Council's arrangement (the Spring Festival extension) has 249 workdays
    a = audit.audit_text(extract(["2020年度安全生产监督检查计划", "国家法定工作日为249天。"]))
    assert [(f.rule, f.severity, f.line) for f in a.findings] == [("calendar", "info", 2)]


def test_what_cannot_be_checked_is_listed():
    a = audit.audit_text(
        extract(
            ["某区应急管理局2020年度安全生产监督检查计划", "重点检查共计306家，占比很高。", "一般检查200家，约占40%。"]
        )
    )
    assert errors(a) == []
    assert any("未找到国家法定工作日" in u for u in a.unchecked)
    with pytest.raises(InputError):
        audit.audit_text(extract(["一、指导思想", "坚持依法行政。"]))


# --- The command line -------------------------------------------------------------------------------


def test_cli_clean_reference_exits_0_and_leaves_the_input_alone(tmp_path):
    path = PLANS / "clean-xicheng-2020.txt"
    before = sha(path)
    proc = run_planlib("audit", path)
    assert proc.returncode == 0, proc.stderr
    assert "核查结果：未发现问题" in proc.stdout and "国家法定工作日：251天（第16行）" in proc.stdout
    assert "未核对" in proc.stdout  # the days per inspection the plan never states
    assert sha(path) == before


@pytest.mark.slow
def test_cli_json_and_out(tmp_path):
    path = PLANS / "err-digits-swapped-heading-total-2020.txt"
    proc = run_planlib("audit", path, "--json", "--out", tmp_path / "report")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    (finding,) = data["findings"]
    line = line_of(path, "总法定工作日：8758")
    assert finding == {
        "rule": "consistency",
        "severity": "error",
        "line": line,
        "excerpt": "（一）总法定工作日：8758个工作日",
        "slip": DIGITS_SWAPPED,
        "message": finding["message"],
    }
    assert "8785" in finding["message"]
    figures = {f["key"]: f["value"] for f in data["figures"]}
    assert figures["total_workdays"] == 8785 and figures["workdays_per_person"] == 251
    assert {f["line"] for f in data["formulas"]} == {16, 18, 20} and all(f["holds"] for f in data["formulas"])
    md = tmp_path / "report" / f"{path.stem}-audit.md"
    xlsx = tmp_path / "report" / f"{path.stem}-audit.xlsx"
    assert sorted(data["outputs"]) == sorted([str(md), str(xlsx)])
    assert f"| 1 | 错误 | 前后一致 | 第{line}行 |" in md.read_text(encoding="utf-8")
    ws = openpyxl.load_workbook(xlsx)["核查结果"]
    assert [c.value for c in ws[3]][:4] == [1, "错误", "前后一致", f"第{line}行"]


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: d / "missing.txt", "文件不存在"),
        (lambda d: (d / "plan.pages").write_bytes(b"PK") and d / "plan.pages", "不支持的文件类型"),
        (lambda d: (d / "plan.pdf").write_bytes(b"%PDF") and d / "plan.pdf", "无法读取 PDF"),
        (lambda d: (d / "empty.txt").write_text("一、指导思想\n", encoding="utf-8") and d / "empty.txt", "无法核查"),
    ],
)
@pytest.mark.slow
def test_cli_unreadable_input_is_one_line_exit_2(tmp_path, make, message):
    proc = run_planlib("audit", make(tmp_path), "--out", tmp_path / "out")
    assert proc.returncode == 2
    assert message in proc.stderr and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_out_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    import planlib.io.export

    a = audit.audit_file(PLANS / "err-items-sum-non-2020.txt")

    def broken(path, text):
        raise OSError("disk full")

    monkeypatch.setattr(planlib.io.export, "write_text", broken)
    with pytest.raises(OSError):
        audit.write_audit(a, tmp_path)
    assert list(tmp_path.iterdir()) == []  # the Excel report written first was taken back


# --- Workbooks and the 填报核对 sheet --------------------------------------------------------------


def stated_workbook(tmp_path: Path, rows: list[tuple]) -> Path:
    path = tmp_path / "plan.xlsx"
    wb = openpyxl.load_workbook(XICHENG)
    ws = wb.create_sheet("填报核对")
    ws.append(["键", "值", "项目"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


@pytest.mark.slow
def test_workbook_without_the_sheet_is_checked_by_the_rules():
    proc = run_planlib("audit", XICHENG, "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["kind"] == "workbook" and data["plan"]["total_workdays"] == 8785
    assert any("填报核对" in u for u in data["unchecked"])


def test_workbook_stated_figures_that_match(tmp_path):
    path = stated_workbook(
        tmp_path,
        [
            ("workdays_per_person", 251),
            ("total_workdays", 8785),
            ("other_enforcement", 3090),
            ("non_enforcement", 4683),
            ("inspection_workdays", 1012),
            ("key_inspections", 306),
            ("general_inspections", 200),
            ("planned_inspections", 506),
            ("staff_share", "42.17%"),
            ("plan_ratio", "5.9%"),
            ("key_share", 0.6047),
            ("general_share", "39.53%"),
            ("item:非执法:学习、培训、考核、会议", 2605),
            ("unit:执法监察一队:key", 70),
            ("unit:执法监察一队:general", 50),
            ("Unit：执法监察二队：KEY", 70),  # full-width colons and any case, as typed in Chinese Excel
        ],
    )
    a = audit.audit_file(path)
    assert errors(a) == [] and all(row["holds"] for row in a.figures) and len(a.figures) == 16
    assert a.figures[-1]["key"] == "unit:执法监察二队:key"


@pytest.mark.slow
def test_workbook_stated_figures_that_do_not(tmp_path):
    path = stated_workbook(tmp_path, [("total_workdays", 8758), ("key_share", "60.74%"), ("plan_ratio", "6.0%")])
    proc = run_planlib("audit", path, "--json")
    assert proc.returncode == 1
    found = {
        (f["rule"], f["where"], f.get("slip")) for f in json.loads(proc.stdout)["findings"] if f["severity"] == "error"
    }
    assert found == {
        ("stated", "填报核对!B2", DIGITS_SWAPPED),
        ("percentage", "填报核对!B3", DIGITS_SWAPPED),
        ("percentage", "填报核对!B4", None),
    }


@pytest.mark.parametrize(
    "rows, where",
    [
        ([("total_workday", 8785)], "A2"),  # a misspelt key
        ([("total_workdays", "八千")], "B2"),  # not a number
        ([("total_workdays", 8785), ("total_workdays", 8785)], "A3"),  # twice
        ([("item:非执法:不存在的项目", 1)], "B2"),
    ],
)
@pytest.mark.slow
def test_workbook_bad_stated_rows_are_input_errors(tmp_path, rows, where):
    proc = run_planlib("audit", stated_workbook(tmp_path, rows))
    assert proc.returncode == 2
    assert "填报核对" in proc.stderr and where in proc.stderr and proc.stderr.count("\n") == 1


# --- Robustness ---------------------------------------------------------------------------------------

REFERENCE_LINES = (PLANS / "clean-xicheng-2020.txt").read_text(encoding="utf-8").split("\n")


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_mangled_plan_is_audited_or_refused_never_crashes(data):
    """Lines dropped, shuffled or with digits changed (zeros included): a report or one InputError."""
    lines = data.draw(st.permutations(REFERENCE_LINES))[: data.draw(st.integers(0, len(REFERENCE_LINES)))]
    digits = data.draw(st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from("0123456789")), max_size=8))
    text = "\n".join(lines)
    spots = [i for i, ch in enumerate(text) if ch.isdigit()]
    for where, digit in digits:
        if spots:
            i = spots[where % len(spots)]
            text = text[:i] + digit + text[i + 1 :]
    try:
        a = audit.audit_text(extract(text.split("\n"), "mangled.txt"))
    except InputError:
        return
    assert all(1 <= f.line <= len(lines) for f in a.findings)
    json.dumps(a.as_dict(), ensure_ascii=False)  # the report serialises
