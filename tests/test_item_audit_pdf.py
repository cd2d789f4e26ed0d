"""The audit of a 涉企行政检查计划表 printed in a PDF whose cells wrap over several lines (issue 18
item 7): the rows are rebuilt from where the text stands on the page.

The PDF is drawn here, each cell's text cut into lines of a fixed number of characters placed at
known coordinates, the way a word processor prints a narrow column; ruled (LibreOffice, Word and
WPS draw a table's borders) and unruled. The fourth item starts on page 1 and ends on page 2,
under the repeated header. Every expected verdict is worked out here: 97 ÷ 4000 = 2.425% (printed
2.4%, right); 8 ÷ 1751 = 0.457% (printed 4.6%: wrong); 3 visits a year over a cap of 2;
(10 + 5) × 1 = 15 visits against months of 5 + 5 = 10.
"""

from __future__ import annotations

import os
from pathlib import Path

import fpdf  # the test extra: never skipped
import pytest

from planlib.audit.checks import audit_file
from planlib.audit.formats import read_document
from planlib.audit.item_plan import is_form_header
from planlib.audit.pdf_table import find_table
from test_audit_formats import FONT

SIZE = 9  # points; a Chinese character is 9 pt wide
PAD = 3
LEFT, TOP = 40, 80
COLUMNS = (
    ("序号", 30),
    ("检查事项", 80),
    ("实施依据", 70),
    ("检查对象（含数量）", 140),
    ("检查频次和上限", 57),
    ("检查时间安排", 66),
    ("备注", 50),
)
LAW = "《中华人民共和国安全生产法》第六十五条"
ITEMS = (
    (
        "1",
        "工贸企业安全生产监督检查",
        LAW,
        "辖区内工贸企业4000家，重点检查120家，“双随机”抽查97家（抽查比例2.4%）",
        "1次/年/单位；上限2次/年/单位",
        "3月检查100家、6月检查117家",
        "",
    ),
    (
        "2",
        "危险化学品企业监督检查",
        LAW,
        "全市辖区内危险化学品企业1751家，确定16家重点检查企业，“双随机”检查企业8家（抽查比例4.6%）",
        "1次/年/单位；上限2次/年/单位",
        "4月检查24家",
        "",
    ),
    (
        "3",
        "烟花爆竹经营单位检查",
        LAW,
        "辖区内烟花爆竹经营单位40家，重点检查4家",
        "3次/年/单位；上限2次/年/单位",
        "1月检查12家",
        "进一次门、查多项事",
    ),
    (
        "4",
        "仓储物流企业检查",
        LAW,
        "辖区内仓储物流企业300家，重点检查10家，“双随机”抽查5家（抽查比例1.7%）",
        "1次/年/单位",
        "1月5家、2月5家",
        "",
    ),
)
SPLIT = 1  # item 4's lines from this one on are printed on page 2 (its months' second line among them)


def pieces(text: str, width: float) -> list[str]:
    """A cell's text cut into lines of as many characters as the column holds (each counted as
    a Chinese character: narrow digits leave room to spare)."""
    per_line = int((width - 2 * PAD) // SIZE)
    return [text[i : i + per_line] for i in range(0, len(text), per_line)] or [""]


def lefts() -> list[float]:
    out, x = [], LEFT
    for _, w in COLUMNS:
        out.append(x)
        x += w
    return [*out, x]


class Drawing:
    def __init__(self, ruled: str | None):
        if FONT is None:
            if os.environ.get("CI"):
                pytest.fail("no CJK font (fonts-wqy-microhei or fonts-noto-cjk): run scripts/setup-system.sh")
            pytest.skip("no CJK font (fonts-wqy-microhei or fonts-noto-cjk) to write a Chinese PDF")
        self.pdf = fpdf.FPDF(orientation="L", unit="pt", format="A4")
        self.pdf.add_font("cjk", fname=FONT, collection_font_number=0)
        self.ruled = ruled
        self.xs = lefts()

    def page(self, title: str | None = None, header: bool = True) -> float:
        """A new page with the header (two lines where a header wraps); the y under it."""
        self.pdf.add_page()
        self.pdf.set_font("cjk", size=SIZE)
        if title:
            self.pdf.text(LEFT, TOP - 30, title)
        y = TOP
        if not header:
            return y
        for c, (name, w) in enumerate(COLUMNS):
            for n, piece in enumerate(pieces(name, w)):
                self.pdf.text(self.xs[c] + PAD, y + SIZE + n * (SIZE + 3), piece)
        bottom = y + 2 * (SIZE + 3) + 4
        self.rule(y, bottom)
        return bottom

    def rule(self, top: float, bottom: float) -> None:
        """The row's borders: lines across and down (LibreOffice), or a box per cell (Word, fpdf)."""
        if self.ruled == "boxes":
            for x, (_, w) in zip(self.xs, COLUMNS, strict=False):
                self.pdf.rect(x, top, w, bottom - top)
        if self.ruled != "lines":
            return
        self.pdf.line(self.xs[0], top, self.xs[-1], top)
        self.pdf.line(self.xs[0], bottom, self.xs[-1], bottom)
        for x in self.xs:
            self.pdf.line(x, top, x, bottom)

    def row(self, y: float, cells, lines: slice = slice(None)) -> float:
        """One row's cells (their lines ``lines`` of each) from ``y``; the y under it."""
        cut = [pieces(text, w)[lines] for text, (_, w) in zip(cells, COLUMNS, strict=True)]
        tall = max(len(c) for c in cut)
        for c, parts in enumerate(cut):
            for n, piece in enumerate(parts):
                self.pdf.text(self.xs[c] + PAD, y + SIZE + 2 + n * (SIZE + 3), piece)
        bottom = y + tall * (SIZE + 3) + 6
        self.rule(y, bottom)
        return bottom

    def save(self, path: Path) -> Path:
        self.pdf.output(str(path))
        return path


def form_pdf(tmp_path: Path, ruled: str | None, repeated: bool = True) -> Path:
    d = Drawing(ruled)
    y = d.page("某区应急管理局2026年度涉企行政检查计划表")
    for item in ITEMS[:-1]:
        y = d.row(y, item)
    d.row(y, ITEMS[-1], slice(0, SPLIT))
    y = d.page(header=repeated)
    y = d.row(y, ITEMS[-1], slice(SPLIT, None))
    d.pdf.text(LEFT, y + 30, "注：抽查比例=“双随机”抽查家数÷检查对象家数，检查时间安排各月之和等于全年检查家次。")
    return d.save(
        tmp_path / f"检查计划表（{ruled or '无框线'}{'' if repeated else '，表头不重复'}）.pdf"
    )  # Chinese names work


def turned(path: Path) -> Path:
    """The pages drawn sideways on portrait paper and shown turned (/Rotate 90), as some
    printers to PDF save landscape pages: the same table to the reader."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(path))
    for page in writer.pages:
        page.rotate(270)
        page.transfer_rotation_to_content()  # the content drawn sideways, no /Rotate
        page.rotate(90)  # and shown upright again
    out = path.with_name("转置" + path.name)
    writer.write(str(out))
    return out


@pytest.mark.parametrize(
    ("ruled", "repeated", "turn"),
    [
        ("lines", True, False),
        ("boxes", True, False),
        (None, True, False),
        ("lines", False, False),
        ("lines", True, True),
    ],
    ids=["ruled", "cell-boxes", "unruled", "ruled-header-not-repeated", "turned-page"],
)
def test_wrapped_cells_are_rebuilt_into_rows_and_checked(tmp_path, ruled, repeated, turn):
    """Page 2 repeats the header, or (a ruled table) not: its rules then carry the columns on."""
    path = form_pdf(tmp_path, ruled, repeated)
    if turn:
        path = turned(path)
    assert len(pieces(ITEMS[0][3], 140)) == 3 and len(pieces(ITEMS[-1][5], 66)) == 2  # cells do wrap
    table = find_table(read_document(path).layouts, is_form_header)
    assert table is not None and table.ruled == (ruled is not None) and len(table.rows) == len(ITEMS)
    assert table.pages == {1, 2} and table.rows[-1].pages == {1, 2}  # item 4 runs on to page 2
    audit = audit_file(path)
    found = sorted((f.rule, f.where) for f in audit.findings if f.rule.startswith("item_"))
    assert found == [
        ("item_frequency", "第1页检查计划表第3行"),
        ("item_months", "第1页检查计划表第4行"),  # item 4 begins on page 1, its months are on page 2
        ("item_ratio", "第1页检查计划表第2行"),
    ]
    by_rule = {f.rule: f.message for f in audit.findings}
    assert "4.6%" in by_rule["item_ratio"] and "8家÷检查对象1751家=0.5%" in by_rule["item_ratio"]
    assert "3次/年超过频次上限2次/年" in by_rule["item_frequency"]
    assert "合计10家" in by_rule["item_months"] and "=15家次" in by_rule["item_months"]
    bases = [f["value"] for f in audit.figures if f["key"] == "item_base"]
    assert bases == [4000, 1751, 40, 300]
    names = {f["label"].partition("：")[0] for f in audit.figures if f["key"] == "item_base"}
    assert names == {item[1] for item in ITEMS}  # each name whole, its wrapped pieces joined
    assert any("4个检查事项" in n and "位置还原" in n for n in audit.notes)


def test_a_form_whose_rows_cannot_be_read_is_a_finding_not_a_pass(tmp_path):
    """A header in one run of text (no columns to find) over lines that hold no row's counts:
    the form is not checked, and the audit says so with a warning (the verdict is not clean)."""
    d = Drawing(ruled=None)
    d.pdf.add_page()
    d.pdf.set_font("cjk", size=SIZE)
    for n, line in enumerate(
        [
            "检查事项 检查对象 检查频次和上限 检查时间安排",
            "工贸企业安全生产监督检查",
            "辖区内工贸企业4000",
            "家，重点检查120",
        ]
    ):
        d.pdf.text(LEFT, TOP + n * 14, line)
    audit = audit_file(d.save(tmp_path / "unreadable.pdf"))
    [finding] = [f for f in audit.findings if f.rule == "item_form"]
    assert finding.severity == "warning" and "未能读出" in finding.message and finding.page == 1
    assert any("未能读出" in u for u in audit.unchecked)
    assert audit.as_dict()["verdict"] != "clean"


@pytest.mark.slow  # writes the plan's .docx and converts it with LibreOffice (about 8 s)
def test_planlibs_own_plan_printed_by_libreoffice(tmp_path):
    """附件4 of planlib's own .docx (a run with the register), printed to PDF by LibreOffice: a
    landscape table of 12 columns whose cells wrap over many lines and whose rows may run on to
    the next page. The audit finds the form and reads every item's figures as planlib wrote them.

    The expected figures come from the inputs: each item's base counts the register's entities
    of its 行业领域, its key units those marked 重点检查 = 是; the drawn ones are the reference
    plan's 200 general inspections shared over the sectors' remaining entities by largest
    remainder (the draw's strata); 检查频次 and 频次上限 are the 检查事项 sheet's. A wrong ratio
    typed into the .docx (2.2% → 2.8% for 10 of 459) is found on its page and row. The plan's own
    text reads clean: its 附件5 (306 long rows on landscape pages) no longer makes the body's full
    lines look short (they were not joined, and four sums came out wrong)."""
    from collections import Counter
    from fractions import Fraction

    import docx
    import openpyxl

    from office import convert
    from planlib.core.schedule import plan_schedule
    from planlib.io.draw import load_with_register
    from planlib.io.export import write_docx
    from support import XICHENG

    register = Path(XICHENG).with_name("xicheng_2020_register.xlsx")
    book = openpyxl.load_workbook(register, read_only=True)
    entities = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    base = Counter(r[2] for r in entities)
    key = Counter(r[2] for r in entities if r[5] == "是")
    frame = {s: base[s] - key[s] for s in base}
    quotas = {s: Fraction(200 * frame[s], sum(frame.values())) for s in frame}
    drawn = {s: int(q) for s, q in quotas.items()}
    for s in sorted(quotas, key=lambda s: quotas[s] - int(quotas[s]), reverse=True)[: 200 - sum(drawn.values())]:
        drawn[s] += 1
    sheet = openpyxl.load_workbook(XICHENG, read_only=True)["检查事项"]
    items = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]]
    expected = []
    for name, sectors, *_rest in items:
        parts = sectors.split("、")
        expected.append((name, sum(base[s] for s in parts), sum(key[s] for s in parts), sum(drawn[s] for s in parts)))
    assert [e[2] for e in expected] == [24, 84, 110, 20, 68] and sum(e[3] for e in expected) == 200

    plan = load_with_register(XICHENG, register)
    # as `make plan` writes it: 附件5, the 306 key units on 15 landscape pages, after the form
    clean = write_docx(plan.result, tmp_path / "计划.docx", plan_schedule(plan.result), key_units=plan.assignment)
    document = docx.Document(str(clean))
    [form] = [t for t in document.tables if t.rows[0].cells[4].text == "检查对象"]
    cell = form.rows[1].cells[4]  # 检查对象 of the first item
    assert "抽查比例2.2%" in cell.text  # 10 ÷ 459 = 2.18%
    cell.text = cell.text.replace("抽查比例2.2%", "抽查比例2.8%")
    document.save(str(tmp_path / "错误.docx"))

    audit = audit_file(convert(clean, "pdf", tmp_path / "pdf"))
    assert audit.findings == []
    assert any("含涉企行政检查计划表（第" in n and "5个检查事项" in n for n in audit.notes)
    read = {}
    for f in audit.figures:
        if f["key"].startswith("item_"):
            read.setdefault(f["label"].partition("：")[0], {})[f["key"]] = f["value"]
    assert list(read) == [e[0] for e in expected]  # every item, its name joined back whole
    for (name, b, k, d), item in zip(expected, items, strict=True):
        frequency, cap = item[6], item[7]
        assert read[name] == {
            "item_base": b,
            "item_key": k,
            "item_drawn": d,
            "item_frequency": frequency,
            "item_cap": cap,
        }
    # the plan's own figures are still read from its text, not from the table (306 key, not an item's 24),
    # and its body's wrapped lines are joined as on pages without the long rows of 附件5 (no false sums)
    chain = {c["key"]: c["value"] for c in audit.chain if "value" in c}
    assert chain.get("key_inspections") == 306 and chain.get("general_inspections") == 200

    wrong = audit_file(convert(tmp_path / "错误.docx", "pdf", tmp_path / "pdf"))
    [finding] = wrong.findings
    assert finding.rule == "item_ratio" and "2.8%" in finding.message
    assert finding.where.endswith("页检查计划表第1行")


def test_a_sentence_naming_the_columns_is_not_a_form():
    """A plan's prose may name 检查事项, 检查对象 and 检查方式 in one sentence: no form, no warning."""
    from planlib.audit.item_plan import audit_plan_text
    from planlib.audit.plantext import extract

    lines = (
        (Path(__file__).parents[1] / "data" / "reference" / "xicheng-2020-plan.txt")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    prose = "执法单位应当填写被检查单位的基本信息、检查时间、检查事项、检查对象、检查方式以及执法人员组成等。"
    audit = audit_plan_text(extract([*lines, prose]))
    assert not [f for f in audit.findings if f.rule.startswith("item_")]
    assert not any("检查计划表" in n for n in audit.notes)


def test_a_page_of_long_rows_leaves_the_body_pages_full_lines_full():
    """A PDF's lines are joined into paragraphs where a line fills its page's width. 附件5's
    landscape rows (45 characters) made the portrait body's 28-character lines look short, so
    its paragraphs stayed cut (a heading's items were lost). Each page measures its own lines."""
    from planlib.audit.layout import Piece, unwrap_pieces

    sentence = "为切实履行安全生产监管职责依法开展监督检查工作制定本计划" * 3 + "。"  # 85 characters
    body = [sentence[i : i + 28] for i in range(0, len(sentence), 28)]  # 28, 28, 28, 1
    rows = [f"{n} 某某示例商贸{n:04d} 91110102ABCDEFGH{n:02d} 商贸 某某街道 执法监察综合队" for n in range(1, 13)]
    assert all(0.85 * len(r) > 28 for r in rows)  # a 28-character line is short beside them
    lines = [Piece.of(t, n, 1) for n, t in enumerate(body * 3, 1)] + [
        Piece.of(t, n, 2) for n, t in enumerate(rows * 3, 1)
    ]
    paragraphs = [p.text for p in unwrap_pieces(lines) if p.at().page == 1]
    assert paragraphs == [sentence] * 3
