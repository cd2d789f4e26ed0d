"""Plans as they are really published (issue 20): LibreOffice PDFs on a character grid, planlib's
own official-mode plans, line structures broken in every common way, findings on the file's own
lines, shares of their whole, and a verdict that says what it covers.

Expected figures come from the reference plan as published (data/reference/xicheng-2020-plan.txt,
transcribed in tests/hand_chain.py), from docs/method.md §2 (the 2020 State Council
arrangement: 366 − 104 − 19 + 6 = 249) or from arithmetic written out here; expected lines from
the file itself (its line ends counted, a .docx's paragraphs counted through python-docx, a
PDF's page lines read straight from its text layer), never from the code under test.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

import hand_chain
from docx_edit import edit_docx
from planlib import audit
from planlib.audit import checks, formats
from planlib.core.model import HolidayRange
from planlib.core.schedule import plan_schedule
from planlib.io.export import write_documents
from planlib.io.workbook import compute_plan, compute_workbook
from planlib.text.document import plan_markdown
from support import REFERENCE_TEXT, XICHENG, run_planlib, shifted

TEXT = REFERENCE_TEXT.read_text(encoding="utf-8")
LINES = [line for line in TEXT.splitlines() if line.strip()]
# The core of the chain as the reference plan publishes it.
CORE = {
    "workdays_per_person": hand_chain.WORKDAYS_PER_PERSON,
    "enforcement_staff": 35,
    "total_workdays": 8785,  # 251 × 35
    "other_enforcement": sum(d for _, d in hand_chain.OTHER),  # 3090
    "non_enforcement": sum(d for _, d in hand_chain.NON),  # 4683
    "inspection_workdays": 8785 - 3090 - 4683,  # 1012
}


def errors(a: audit.Audit) -> list:
    return [f for f in a.findings if f.severity == "error"]


def figures(a: audit.Audit) -> dict:
    return {r["key"]: r["value"] for r in a.figures}


def assert_clean_and_complete(a: audit.Audit, core: dict = CORE) -> None:
    assert errors(a) == [], [f.message for f in errors(a)]
    assert a.complete and a.exit_code == 0, a.missing
    assert {k: figures(a).get(k) for k in core} == core


# --- LibreOffice PDFs of planlib's own plans (a character grid: "为 切 实 履 行") ------------------


def to_pdf(docx: Path) -> Path:
    """The .docx printed to PDF by headless LibreOffice, as a bureau's office would."""
    program = formats.office_program()
    if program is None:
        pytest.fail("LibreOffice (soffice) is not installed: scripts/setup-system.sh installs it")
    profile = (docx.parent / "lo-profile").as_uri()
    subprocess.run(
        [program, "--headless", "--norestore", f"-env:UserInstallation={profile}", "--convert-to", "pdf"]
        + ["--outdir", str(docx.parent), str(docx)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = docx.with_suffix(".pdf")
    assert pdf.exists()
    return pdf


def page_lines(pdf: Path) -> list[list[str]]:
    """Each page's non-blank lines, spaces taken out, read straight from the text layer."""
    from pypdf import PdfReader

    return [
        ["".join(x.split()) for x in (p.extract_text() or "").splitlines() if x.strip()]
        for p in PdfReader(str(pdf)).pages
    ]


def on_a_character_grid(source: Path, target: Path) -> Path:
    """A copy of the .docx typeset on a Word character grid (``linesAndChars``, 28 characters a
    line), as many bureaus' own documents are: LibreOffice then prints a PDF whose text has a
    space between every character."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(source))
    for section in document.sections:
        for grid in section._sectPr.findall(qn("w:docGrid")):
            grid.set(qn("w:type"), "linesAndChars")
            grid.set(qn("w:charSpace"), "-848")  # 156 mm ÷ 28 characters − 16 pt, in 4096ths of a point
    document.save(str(target))
    return target


@pytest.fixture(scope="session")
def own_pdfs(tmp_path_factory) -> dict[str, Path]:
    """planlib's own 2020 plan (formula mode) as .docx and PDF, and the same with item 1 of
    其他执法工作日 edited from 630 to 640 in the .docx (the items then add up to 3100, not 3090)."""
    out = tmp_path_factory.mktemp("own-pdf")
    result, findings = compute_workbook(XICHENG, None)
    docx = next(p for p in write_documents(result, findings, out) if p.suffix == ".docx")
    wrong_dir = out / "wrong"
    wrong_dir.mkdir()
    wrong, paragraph = edit_docx(docx, wrong_dir / "plan_2020.docx", "预计需用630个工作日", "预计需用640个工作日")
    spaced_dir = out / "grid"
    spaced_dir.mkdir()
    spaced = on_a_character_grid(docx, spaced_dir / "plan_2020.docx")
    return {
        "docx": docx,
        "pdf": to_pdf(docx),
        "spaced_pdf": to_pdf(spaced),
        "wrong_docx": wrong,
        "wrong_pdf": to_pdf(wrong),
        "paragraph": paragraph,
    }


@pytest.mark.slow
@pytest.mark.parametrize("which", ["pdf", "spaced_pdf"])
def test_libreoffice_pdf_is_spaced_out_and_audits_clean_and_whole(own_pdfs, which):
    """planlib's own plan as LibreOffice prints it, and the same typeset on a character grid."""
    pdf = own_pdfs[which]
    raw = formats.pdf_text(pdf.read_bytes(), pdf)
    if which == "spaced_pdf":
        assert "为 切 实 履 行" in raw  # the character grid this case is about
    else:
        assert "为切实履行" in raw  # planlib's own grid: 28 whole characters a line, no spaces between
    a = audit.audit_file(pdf)
    assert_clean_and_complete(a)
    assert a.pages == len(page_lines(pdf)) and "无法完整核查" not in audit.format_audit(a)
    proc = run_planlib("audit", pdf)
    assert proc.returncode == 0 and "核查结果：未发现问题（已核对：" in proc.stdout, proc.stdout + proc.stderr


@pytest.mark.slow
def test_libreoffice_pdf_with_an_edited_item_finds_the_sum_on_its_page_and_line(own_pdfs):
    docx_audit = audit.audit_file(own_pdfs["wrong_docx"])
    (found,) = errors(docx_audit)
    assert found.rule == "sums" and "3100" in found.message  # 3090 − 630 + 640
    a = audit.audit_file(own_pdfs["wrong_pdf"])
    (pdf_found,) = errors(a)
    assert pdf_found.rule == "sums" and "3100" in pdf_found.message
    # the finding stands on the heading's total: that page line, read from the PDF, prints it
    pages = page_lines(own_pdfs["wrong_pdf"])
    printed = pages[pdf_found.page - 1][pdf_found.line - 1]
    before = pages[pdf_found.page - 1][pdf_found.line - 2] if pdf_found.line > 1 else ""
    assert "3090" in printed and "其他执法" in before + printed, (printed, before)
    assert pdf_found.place == f"第{pdf_found.page}页第{pdf_found.line}行"
    assert run_planlib("audit", own_pdfs["wrong_pdf"]).returncode == 1


@pytest.mark.slow
def test_docx_finding_cites_the_paragraph_counted_in_the_file(own_pdfs, tmp_path):
    path, paragraph = edit_docx(own_pdfs["docx"], tmp_path / "p.docx", "预计需用2605个工作日", "预计需用2650个工作日")
    (found,) = errors(audit.audit_file(path))
    assert (found.rule, found.line) == ("sums", paragraph) and "2650" in found.excerpt
    assert found.place == f"第{paragraph}段"  # a .docx is cited by its paragraphs


def test_an_unread_chain_is_never_a_clean_verdict(tmp_path, capsys):
    # a plan whose text gives only the calendar (as the spaced PDF did before it was read)
    path = tmp_path / "partial.txt"
    path.write_text("某区2020年度安全生产监督检查计划\n2020年全年共366天，双休日104天，法定假日共计11天。\n", "utf-8")
    code = checks.command(str(path))  # what `planlib audit partial.txt` runs and exits with
    out, err = capsys.readouterr()
    assert code == 2, out + err
    assert "未发现问题" not in out.replace("已读到的部分未发现问题", "")
    assert "无法完整核查" in out and "总法定工作日" in out
    assert err.count("\n") == 1 and "无法完整核查" in err and "partial.txt" in err
    data = audit.audit_file(path).as_dict()  # the JSON of --json
    assert data["verdict"] == "incomplete"
    assert set(data["missing"]) == {
        "workdays_per_person",  # stated only as its parts: 366 − 104 − 11 is derived, not read
        "enforcement_staff",
        "total_workdays",
        "other_enforcement",
        "non_enforcement",
        "inspection_workdays",
    }


# --- planlib's own official-mode plan, and a 2027 plan with a typed 放假安排 ----------------------------


def own_markdown(result, path: Path) -> Path:
    """planlib's own filed plan as Markdown (what ``planlib run`` writes as plan_<year>.md)."""
    path.write_text(plan_markdown(result, plan_schedule(result)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def official_documents(tmp_path_factory) -> dict[str, Path]:
    result, _ = compute_workbook(XICHENG, "official")
    return {".md": own_markdown(result, tmp_path_factory.mktemp("official") / "plan_2020.md"), "result": result}


@pytest.mark.parametrize("suffix", [".md", pytest.param(".docx", marks=pytest.mark.slow)])
def test_own_official_mode_plan_audits_clean(official_documents, suffix, tmp_path):
    if suffix == ".md":
        path = official_documents[".md"]
        text = path.read_text(encoding="utf-8")
        assert "工作日放假19天" in text and "=366-104-19+6=249" in text  # the sentence this is about
    else:
        written = write_documents(official_documents["result"], [], tmp_path)
        path = next(p for p in written if p.suffix == ".docx")
    a = audit.audit_file(path)
    # docs/method.md §2: 2020 under the arrangement: 366 − 104 − 19 + 6 = 249 per person
    assert_clean_and_complete(
        a,
        CORE | {"workdays_per_person": 249, "total_workdays": 249 * 35, "inspection_workdays": 249 * 35 - 3090 - 4683},
    )
    assert figures(a)["weekdays_off"] == 19 and figures(a)["makeup_workdays"] == 6
    assert not [f for f in a.findings if f.rule == "holidays"]


def test_official_plan_with_a_wrong_weekdays_off_count_is_an_error(official_documents, tmp_path):
    text = official_documents[".md"].read_text(encoding="utf-8")
    path = tmp_path / "plan.md"
    path.write_text(text.replace("工作日放假19天", "工作日放假18天"), encoding="utf-8")
    line = next(n for n, x in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if "工作日放假18天" in x)
    found = errors(audit.audit_file(path))
    # outvoted by the formula's 19 (and the arrangement's): an error on that line naming 19
    assert [f.line for f in found] == [line] and "18" in found[0].message and "19" in found[0].message


def test_statutory_wording_of_the_arrangement_count_is_noted_not_an_error(tmp_path):
    # the other form real plans write: "法定节假日19天" meaning the arrangement's weekdays off
    text = TEXT.replace(
        "元旦、春节、五一、端午、国庆等法定假日共计11天。国家法定工作日=366-104-11=251个工作日。",
        "法定节假日19天，调休上班6天。国家法定工作日=366-104-19+6=249个工作日。",
    )
    # 249 × 35 = 8715; inspection kept at 1012 with non-enforcement 8715 − 3090 − 1012 = 4613 (2605 → 2535)
    text = text.replace("8785", "8715").replace("=251×35=", "=249×35=").replace("4683", "4613").replace("2605", "2535")
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    a = audit.audit_file(path)
    assert errors(a) == [], [f.message for f in errors(a)]
    assert [f.severity for f in a.findings if f.rule == "holidays"] == ["info"]


ARRANGEMENT_2027 = (  # as tests/test_units.py types it: 18 weekdays off, 6 weekend days worked
    ("元旦", "2026-12-31", "2027-01-03", "放假"),
    ("春节", "2027-02-05", "2027-02-13", "放假"),
    ("春节", "2027-01-30", "2027-01-30", "上班"),
    ("春节", "2027-02-20", "2027-02-20", "上班"),
    ("清明节", "2027-04-03", "2027-04-05", "放假"),
    ("劳动节", "2027-05-01", "2027-05-05", "放假"),
    ("劳动节", "2027-04-25", "2027-04-25", "上班"),
    ("劳动节", "2027-05-08", "2027-05-08", "上班"),
    ("端午节", "2027-06-09", "2027-06-09", "放假"),
    ("中秋节", "2027-09-15", "2027-09-15", "放假"),
    ("国庆节", "2027-10-01", "2027-10-07", "放假"),
    ("国庆节", "2027-09-26", "2027-09-26", "上班"),
    ("国庆节", "2027-10-09", "2027-10-09", "上班"),
)


def test_2027_plan_with_a_typed_arrangement_audits_clean(xicheng_plan, tmp_path):
    holidays = tuple(
        HolidayRange(name, dt.date.fromisoformat(a), dt.date.fromisoformat(b), kind)
        for name, a, b, kind in ARRANGEMENT_2027
    )
    result = compute_plan(shifted(xicheng_plan, 2027, workday_mode="official", holidays=holidays))
    md = own_markdown(result, tmp_path / "plan_2027.md")
    per_person = 365 - 104 - 18 + 6  # 2027: 365 days, 104 weekend days (by hand in tests/test_units.py)
    assert f"=365-104-18+6={per_person}" in md.read_text(encoding="utf-8")
    a = audit.audit_file(md)
    total = per_person * 35
    assert_clean_and_complete(
        a,
        CORE | {"workdays_per_person": per_person, "total_workdays": total, "inspection_workdays": total - 3090 - 4683},
    )
    assert any("2027年的国务院办公厅放假安排未知" in u for u in a.unchecked)  # said, not passed over


# --- Line structure: the reference plan under every line-ending and line-loss variant ----------------

VARIANTS = {  # name: (separator between the lines, the separator counts as the file's line end)
    "lf": ("\n", True),
    "crlf": ("\r\n", True),
    "cr": ("\r", True),
    "u2028": ("\u2028", False),
    "u2029": ("\u2029", False),
    "vertical-tab": ("\v", False),  # Word's manual line break copied as text
    "nel": ("\x85", False),
    "spaces": (" ", False),  # line breaks turned into spaces (copied out of a web page)
    "tabs": ("\t", False),
    "nothing": ("", False),
}


def variant(name: str, text_lines: list[str]) -> str:
    return VARIANTS[name][0].join(text_lines)


def file_line(text: str, snippet: str, counts: bool) -> int:
    """The file's own line of ``snippet``: its line ends (LF, CRLF, CR) before it, plus one."""
    before = text[: text.index(snippet)]
    return before.count("\n") + before.replace("\r\n", "\n").count("\r") + 1 if counts else 1


@pytest.mark.parametrize("name", VARIANTS)
def test_reference_under_every_line_structure_audits_clean(tmp_path, name):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(variant(name, LINES).encode("utf-8"))
    a = audit.audit_file(path)
    assert_clean_and_complete(a)
    assert figures(a)["key_inspections"] == hand_chain.KEY


def test_numbered_items_run_together_on_one_line_audit_clean(tmp_path):
    lines: list[str] = []
    for line in LINES:  # each category's items on its heading's line: "（三）…：3090个工作日1.…；2.…；3.…"
        if line[:2].rstrip(".").isdigit() and "预计需用" in line and lines and "工作日" in lines[-1]:
            lines[-1] += line.rstrip("。") + "；"
        else:
            lines.append(line)
    assert any(line.count("预计需用") >= 6 for line in lines)
    path = tmp_path / "run-together.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert_clean_and_complete(audit.audit_file(path))


def test_soft_breaks_in_one_docx_paragraph_audit_clean(tmp_path):
    import docx  # a dependency of planlib (pyproject.toml): never skipped

    document = docx.Document()
    paragraph = document.add_paragraph()
    for i, line in enumerate(LINES):
        run = paragraph.add_run(line)
        if i < len(LINES) - 1:
            run.add_break()  # Shift+Enter: <w:br/>
    document.add_paragraph("（完）")
    path = tmp_path / "soft.docx"
    document.save(str(path))
    a = audit.audit_file(path)
    assert_clean_and_complete(a)
    assert {r["line"] for r in a.chain if r["read"] == "stated"} == {1}  # all in the file's paragraph 1


@pytest.mark.parametrize("name", VARIANTS)
def test_findings_cite_the_files_own_line(tmp_path, name):
    wrong = [line.replace("=251×35=8785", "=251×35=8775") for line in LINES]
    text = variant(name, wrong)
    path = tmp_path / f"{name}.txt"
    path.write_bytes(text.encode("utf-8"))
    (found,) = errors(audit.audit_file(path))
    expected = file_line(text, "=251×35=8775", VARIANTS[name][1])
    assert (found.rule, found.line) == ("formula", expected) and "8775" in found.excerpt
    assert found.line <= file_line(text, LINES[-1][-10:], VARIANTS[name][1])  # never past the file's end


def test_a_short_plan_cut_by_the_audit_still_cites_its_own_lines(tmp_path):
    # 5 lines; the items run together on lines 4 and 5 (read as 4 and 3 lines): the error in
    # line 5's items is on line 5, not on the audit's own 8th line
    text = "\n".join(
        [
            "某县应急管理局2021年度安全生产监督检查计划",
            "（一）总法定工作日：2500个工作日。2021年全年365天，双休日104天，法定节假日11天，"
            "国家法定工作日=365-104-11=250个工作日，执法人员10人，总法定工作日=250×10=2500个工作日。",
            "（二）监督检查工作日：480个工作日。监督检查工作日=2500-820-1200=480个工作日。",
            "（三）其他执法工作日：820个工作日。1.行政许可：预计需用120个工作日；2.事故调查：预计需用200个工作日；"
            "3.投诉举报核查：预计需用500个工作日。",
            "（四）非执法工作日：1200个工作日。1.值班：预计需用700个工作日；2.学习培训：预计需用400个工作日；"
            "3.年休假：预计需用110个工作日。",
        ]
    )
    path = tmp_path / "short.txt"
    path.write_text(text, encoding="utf-8")
    a = audit.audit_file(path)
    (found,) = errors(a)
    assert found.rule == "sums" and found.line == 5 and "700+400+110=1210" in found.message  # 1200 stated
    assert a.lines == 5 and {r["line"] for r in a.figures if r["line"]} <= {1, 2, 3, 4, 5}


# --- A share belongs to the figure it is a share of -------------------------------------------------

# A county plan in this test's own wording, numbered 1./（1） under 一、: 10 officers × 250 = 2500;
# other 820 = 120 + 200 + 500 (units 300 + 520), 820 ÷ 2500 = 32.8% → 33%; non 1200 = 400 + 500 +
# 300 (units 450 + 750), 48%; inspection 2500 − 820 − 1200 = 480, 19.2% → 19%. Read against the
# last unit's figure instead, 520 ÷ 2500 = 20.8% and 750 ÷ 2500 = 30% would be false errors.
SHARE_PLAN = [
    "某县应急管理局2021年度安全生产监督检查计划",
    "一、行政执法工作日测算",
    "1.总法定工作日",
    "2021年全年365天，双休日104天，法定节假日11天，国家法定工作日=365-104-11=250个工作日。全局执法人员10人，总法定工作日=250×10=2500个工作日。",
    "2.其他执法工作日",
    "总计：820个工作日（其中监管科300个工作日、执法队520个工作日），占总工作日的33%。",
    "（1）行政许可：预计需用120个工作日。",
    "（2）事故调查：预计需用200个工作日。",
    "（3）投诉举报核查：预计需用500个工作日。",
    "3.非执法工作日",
    "总计：1200个工作日（其中监管科450个工作日、执法队750个工作日），占总工作日的48%。",
    "（1）值班：预计需用400个工作日。",
    "（2）学习培训：预计需用500个工作日。",
    "（3）年休假：预计需用300个工作日。",
    "4.监督检查工作日",
    "监督检查工作日=2500-820-1200=480个工作日，占总工作日的19%。",
    "二、检查安排",
    "全年计划检查100家，其中重点检查60家，一般检查40家。",
]


def test_a_share_after_the_units_is_the_share_of_the_category_total(tmp_path):
    path = tmp_path / "county.txt"
    path.write_text("\n".join(SHARE_PLAN), encoding="utf-8")
    a = audit.audit_file(path)
    assert_clean_and_complete(
        a,
        {
            "workdays_per_person": 250,
            "enforcement_staff": 10,
            "total_workdays": 2500,
            "other_enforcement": 820,
            "non_enforcement": 1200,
            "inspection_workdays": 480,
        },
    )
    other = next(r for r in a.chain if r["key"] == "other_enforcement")
    assert other["read"] == "stated" and other["line"] == 6  # "总计：820个工作日" under its heading
    percentages = next(c for c in a.checks if c["check"] == "percentages")
    assert [x.split("的")[-1] for x in percentages["checked"]] == ["33%", "48%", "19%"]


def test_a_wrong_share_names_the_category_total(tmp_path):
    path = tmp_path / "county.txt"
    path.write_text("\n".join(SHARE_PLAN).replace("占总工作日的33%", "占总工作日的40%"), encoding="utf-8")
    (found,) = errors(audit.audit_file(path))
    assert (found.rule, found.line) == ("percentage", 6) and "820÷2500=33%" in found.message


# --- What was read, what ran, what could not ------------------------------------------------------


def test_report_and_json_say_what_was_read_and_checked(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(TEXT, encoding="utf-8")
    data = json.loads(json.dumps(audit.audit_file(path).as_dict(), ensure_ascii=False))  # as --json prints it
    assert data["verdict"] == "clean" and data["missing"] == []
    file_lines = TEXT.split("\n")
    for row in data["chain"][:6]:
        assert row["read"] == "stated" and row["value"] == CORE[row["key"]]
        assert str(row["value"]) in file_lines[row["line"] - 1]  # the line is the file's, and prints the figure
        assert row["where"] == f"第{row['line']}行" and str(row["value"]) in row["excerpt"]
    checks = {c["check"]: c for c in data["checks"]}
    formula_lines = [n for n, x in enumerate(file_lines, 1) if "=" in x and "工作日=" in x or "=251×35" in x]
    assert len(checks["formulas"]["checked"]) == 3 == len(set(formula_lines))
    assert checks["calendar"]["ran"] and checks["sums"]["ran"] and checks["percentages"]["ran"]
    # the days per inspection are never stated: that check could not run, and says why
    assert any("每家检查所需工作日" in u for u in checks["staff_and_days"]["not_checked"])
    report = audit.format_audit(audit.audit_file(path))  # what the terminal shows
    assert "读到的测算链：" in report and "已核对：" in report and "未核对：" in report
    assert "核查结果：未发现问题（已核对：算式重算" in report


def test_setup_script_installs_what_the_pdf_tests_need():
    script = (Path(__file__).parents[1] / "scripts" / "setup-system.sh").read_text(encoding="utf-8")
    for package in ("libreoffice-writer-nogui", "libreoffice-calc-nogui", "poppler-utils"):
        assert package in script
    assert shutil.which("soffice") or shutil.which("libreoffice"), "LibreOffice is needed by the slow PDF tests"


def test_folder_marks_a_plan_whose_chain_was_not_read(tmp_path, capsys):
    from planlib.app.audit_batch import audit_folders
    from planlib.audit.folder import audit_one, status

    (tmp_path / "plans").mkdir()
    partial = tmp_path / "plans" / "partial.txt"
    partial.write_text(
        "某区2020年度安全生产监督检查计划\n2020年全年共366天，双休日104天，法定假日共计11天。\n", "utf-8"
    )
    (tmp_path / "plans" / "clean.txt").write_text(TEXT, encoding="utf-8")
    assert status(audit_one(str(partial))) == "无法完整核查"
    assert status(audit_one(str(tmp_path / "plans" / "clean.txt"))) == "未发现问题"
    assert audit_folders([str(tmp_path / "plans")], None, True, 1) == 1  # not all plans could be reviewed
    rows = {Path(r["source"]).name: r for r in json.loads(capsys.readouterr().out)["plans"]}
    assert rows["partial.txt"]["status"] == "无法完整核查" and "总法定工作日" in rows["partial.txt"]["missing"]


@pytest.mark.parametrize(
    "spaced, joined",
    [
        ("为 切 实 履 行 安 全 生 产", "为切实履行安全生产"),
        ("2020 年 全 年 共 366天 ， 有 52 周 ，", "2020年全年共366天，有52周，"),
        ("合 计 35 306 200 506", "合计35 306 200 506"),  # numbers kept apart
        ("用 Microsoft Word 打 印 的 文 档", "用Microsoft Word打印的文档"),  # Latin words kept apart
        ("（1） 重点检查安排", "（1） 重点检查安排"),  # not spaced out: kept as written
        ("执法监察一队  8  70  50  128", "执法监察一队  8  70  50  128"),  # a table row's cells
    ],
)
def test_spaced_out_text_is_joined_back_keeping_numbers_and_words_apart(spaced, joined):
    from planlib.audit.layout import despace

    assert despace(spaced) == joined
