"""A fuzz of the bundled workbooks through ``planlib check --json`` (issue 13, widened by issue 21).

Random cell edits (blanks, stray and full-width spaces, numbers as text, huge and negative
numbers, percentages, dates, booleans, formula-like text, line breaks, 合计) and sheet-structure
edits (hidden and autofilter-hidden rows, appended 合计/小计 rows, a second sheet whose name
differs only in spaces) are made to a copy of a bundled workbook: Xicheng 2020 (with 重点检查类别
and 计划正文) or Kuancheng 2025 (with 单位工作日 and 放假安排); total rows come under any of the
names people type (共计, 汇总, 以上合计 …), in 单位工作日 too. Every outcome must be either
a clean input error (exit 2, one Chinese line on stderr, nothing on stdout, no traceback) or a
plan (exit 0 or 1, JSON findings) whose findings mention each oddity that is read rather than
refused: every hidden row holding data is named by a ``reading`` warning. A 合计 row or a
look-alike sheet can never give a plan. The input file is never changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from planlib.app import cli
from support import ROOT, XICHENG

KUANCHENG = ROOT / "data" / "kuancheng_2025.xlsx"
BASE_SHEETS = {"基本信息": 4, "执法人员": 5, "工作日类别": 5, "历史数据": 5}  # title -> headed columns
BASES = {
    "xicheng": (XICHENG.read_bytes(), {**BASE_SHEETS, "重点检查类别": 4, "计划正文": 3}),
    "kuancheng": (KUANCHENG.read_bytes(), {**BASE_SHEETS, "单位工作日": 5, "放假安排": 4}),
}
TOTAL_NAMES = ["合计", "小计", "总计", " 合 计 ", "共计", "汇总", "总合计", "合计（人）", "以上合计", "合计数"]

VALUES = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "",
            " ",
            "　",
            "\u200b",
            "合计",
            "小计 ",
            "abc",
            "=SUM(B2:B6)",
            "八人",
            "３５",
            "1,234",
            "60%",
            "0.6",
            " 12 ",
            "1e307",
            "-3",
            "2019年",
            "执法\n一队",
        ]
    ),
    st.integers(-10, 10**6),
    st.integers(10**15, 10**19),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e308, max_value=1e308),
    st.booleans(),
    st.just(dt.date(2020, 1, 1)),
)


def edits_for(base: str):
    sheets = BASES[base][1]
    cell = st.tuples(st.just("cell"), st.sampled_from(sorted(sheets)), st.integers(1, 20), st.integers(1, 5), VALUES)
    hide = st.tuples(st.just("hide"), st.sampled_from(sorted(sheets)), st.integers(2, 20), st.booleans())
    total_sheets = ["执法人员", "工作日类别", "历史数据"] + (["单位工作日"] if "单位工作日" in sheets else [])
    total = st.tuples(st.just("total"), st.sampled_from(total_sheets), st.sampled_from(TOTAL_NAMES))
    lookalike = st.tuples(
        st.just("lookalike"), st.sampled_from(sorted(sheets)), st.sampled_from(["　", " ", "\t"]), st.booleans()
    )
    # Repeats weigh the draw: most examples get cell edits and hidden rows, and so reach a plan.
    return st.lists(st.one_of(cell, cell, cell, hide, hide, hide, total, lookalike), min_size=1, max_size=4)


CASES = st.sampled_from(sorted(BASES)).flatmap(lambda base: st.tuples(st.just(base), edits_for(base)))


def _last_row(ws) -> int:
    return max(r for r in range(1, ws.max_row + 1) if any(c.value is not None for c in ws[r]))


def apply(wb, edits, sheets) -> tuple[bool, bool]:
    """Apply the edits; returns (a 合计 row was added, a look-alike sheet was added)."""
    total = lookalike = False
    for edit in edits:
        kind, title = edit[0], edit[1]
        ws = wb[title]
        if kind == "cell":
            _, _, row, col, value = edit
            if col <= sheets[title]:
                cell = ws.cell(row=row, column=col, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # typed as text, not a formula
        elif kind == "hide":
            _, _, row, filtered = edit
            ws.row_dimensions[row].hidden = True
            if filtered:
                ws.auto_filter.ref = f"A1:{'ABCDE'[sheets[title] - 1]}{_last_row(ws)}"
    for edit in edits:  # structure after cells, so that no cell edit undoes them
        kind, title = edit[0], edit[1]
        if kind == "total":
            ws = wb[title]
            row = _last_row(ws) + 1
            if title == "单位工作日":  # a unit's 小计 of a category, as its 项目
                unit = wb["执法人员"].cell(row=2, column=1).value
                for col, value in enumerate([unit, "非执法", edit[2], 100], 1):
                    ws.cell(row=row, column=col, value=value)
                total = True
                continue
            name_col = 1 if title == "执法人员" else 2
            ws.cell(row=row, column=name_col, value=edit[2])
            if title != "执法人员":
                ws.cell(row=row, column=1, value="非执法")
            ws.cell(row=row, column=3 if title != "执法人员" else 2, value=100)
            total = True
        elif kind == "lookalike":
            _, _, space, before = edit
            if title + space in wb.sheetnames or space + title in wb.sheetnames:
                continue
            copy = wb.copy_worksheet(wb[title])
            copy.title = space + title if before else title + space
            lookalike = True
    return total, lookalike


def hidden_data_rows(wb, sheets) -> dict[str, list[int]]:
    """Per contract sheet, the hidden rows below the header holding data in a headed column."""
    found = {}
    for title, ncols in sheets.items():
        ws = wb[title]
        rows = [
            r
            for r, d in ws.row_dimensions.items()
            if d.hidden
            and r > 1
            and any(
                not (v is None or (isinstance(v, str) and not "".join(v.split()).strip("\u200b")))
                for v in (ws.cell(row=r, column=c).value for c in range(1, ncols + 1))
            )
        ]
        if rows:
            found[title] = sorted(rows)
    return found


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.slow
@given(case=CASES)
def test_every_edit_gives_a_clean_error_or_a_plan_that_mentions_it(tmp_path, case):
    base, edits = case
    original, sheets = BASES[base]
    wb = openpyxl.load_workbook(io.BytesIO(original))
    total, lookalike = apply(wb, edits, sheets)
    path = tmp_path / "fuzzed.xlsx"
    wb.save(path)
    hidden = hidden_data_rows(openpyxl.load_workbook(path), sheets)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["check", str(path), "--json"])  # any exception here is a failure
    out, err = out.getvalue(), err.getvalue()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest

    if code == 2:
        assert out == "" and err.startswith("输入错误：") and err.count("\n") == 1, (edits, err)
        assert "Traceback" not in err and "fuzzed.xlsx" in err, (edits, err)
        return
    assert code in (0, 1) and err == "", (edits, code, err)
    assert not total, ("a 合计 row was counted", edits)
    assert not lookalike, ("a look-alike sheet was ignored", edits)
    findings = json.loads(out)["findings"]
    reading = " ".join(f["message"] for f in findings if f["rule"] == "reading")
    for title, rows in hidden.items():
        for r in rows[:10]:
            assert f"“{title}”" in reading and f"第{r}行" in reading, (edits, title, r, reading)
