"""Reading a plan by its structure (issue 12, item 2), on plans in phrasings written here.

A county plan (invented, figures worked out by hand below) states each category's total
under its heading in a different wording, the category's share of the total workdays, the
units' parts of each category, and one item in words. Arithmetic of the clean plan:
365 − 104 − 11 = 250 per person; 8 officers (3 + 5) → 2000; other 800 = 500 + 300 (units
300 + 500) = 40% of 2000; non 600 = 400 + 200 (units 225 + 375) = 30%; inspection 2000 − 800
− 600 = 600 = 30%; key 180 × 2 = 360, general 120 × 2 = 240, 360 + 240 = 600. Unit accounts:
3 × 250 − 300 − 225 = 225 and 5 × 250 − 500 − 375 = 375, together 600.
"""

from __future__ import annotations

import pytest

from planlib import audit
from planlib.audit.plantext import extract

TOTAL_WORDINGS = ["合计：{n}个工作日", "总计{n}个工作日", "共{n}个工作日", "预计需用{n}个工作日", "共计：{n}个工作日"]


def plan(other_total: str = "合计：{n}个工作日", non_total: str = "共{n}个工作日") -> str:
    return "\n".join(
        [
            "某县应急管理局2021年度安全生产监督检查计划",
            "四、执法工作日测算",
            "（一）总法定工作日",
            "2021年全年365天，扣除双休日104天、法定节假日11天，每名执法人员全年法定工作日为250天。",
            "本局共有执法人员8人，其中安全生产科3人、执法大队5人。",
            "总法定工作日=250×8=2000个工作日。",
            "（二）其他执法工作日",
            other_total.format(n=800) + "（其中安全生产科300个工作日、执法大队500个工作日），占总工作日的40%。",
            "1.行政许可及备案：窗口办理。",
            "2.事故调查处理：预计需用500个工作日。",
            "3.投诉举报核查：预计需用300个工作日。",
            "（三）非执法工作日",
            non_total.format(n=600) + "（其中安全生产科225个工作日、执法大队375个工作日），占总工作日的30%。",
            "1.学习培训：预计需用400个工作日。",
            "2.值班及其他：预计需用200个工作日。",
            "（四）监督检查工作日",
            "监督检查工作日=2000-800-600=600个工作日，占总工作日的30%。",
            "其中重点检查180家，需用360个工作日；一般检查120家，需用240个工作日。",
        ]
    )


def run(text: str) -> audit.Audit:
    return audit.audit_text(extract(text.splitlines(), "county.txt"))


def errors(a: audit.Audit) -> list:
    return [f for f in a.findings if f.severity == "error"]


def line_of(text: str, snippet: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if snippet in line)


@pytest.mark.parametrize("other", TOTAL_WORDINGS)
@pytest.mark.parametrize("non", ["共{n}个工作日", "总计：{n}个工作日"])
def test_clean_plan_in_each_wording_reads_fully_without_false_alarm(other, non):
    a = run(plan(other, non))
    assert errors(a) == [], [f.message for f in errors(a)]
    values = {r["key"]: r["value"] for r in a.figures}
    assert (values["other_enforcement"], values["non_enforcement"], values["inspection_workdays"]) == (800, 600, 600)
    assert (values["key_workdays"], values["general_workdays"], values["enforcement_staff"]) == (360, 240, 8)
    assert a.authority == "某县应急管理局"
    assert not any("%" in u for u in a.unchecked), a.unchecked  # every stated share was checked


@pytest.mark.parametrize("other", TOTAL_WORDINGS)
def test_other_total_read_as_the_category_s(other):
    text = plan(other).replace("=2000-800-600=600", "=2000-810-600=590")  # the formula's operand disagrees
    found = errors(run(text))
    assert any(f.rule == "operand" and f.line == line_of(text, "=2000-810-600=590") for f in found)


@pytest.mark.parametrize(
    "wrong, snippet, rule, words",
    [
        ("占总工作日的40%", "占总工作日的45%", "percentage", ["800÷2000=40%", "总法定工作日"]),
        (
            "占总工作日的30%。\n1.学习",
            "占总工作日的35%。\n1.学习",
            "percentage",
            ["600÷2000=30%", "非执法工作日÷总法定工作日"],
        ),
        ("安全生产科300个工作日", "安全生产科310个工作日", "sums", ["310+500=810", "800"]),
        ("执法大队375个工作日", "执法大队357个工作日", "sums", ["357", "375"]),
        ("安全生产科3人、执法大队5人", "安全生产科1人、执法大队7人", "unit_account", ["安全生产科", "-275"]),
    ],
)
def test_each_injected_structure_error_is_found_on_its_line(wrong, snippet, rule, words):
    text = plan().replace(wrong, snippet)
    assert text != plan()
    found = [f for f in errors(run(text)) if f.rule == rule]
    assert found, [f.message for f in errors(run(text))]
    first = snippet.split("\n")[0]
    expected = line_of(text, first) if rule != "unit_account" else line_of(text, "安全生产科225个工作日")
    assert found[0].line == expected
    for word in words:
        assert word in found[0].message, found[0].message


def test_item_stated_in_words_is_an_item_not_an_error():
    a = run(plan())
    section = next(s for s in extract(plan().splitlines()).sections if s.concept == "other_enforcement")
    worded = [i for i in section.items if i.printed is None]
    assert [i.name for i in worded] == ["行政许可及备案"]
    assert errors(a) == []
