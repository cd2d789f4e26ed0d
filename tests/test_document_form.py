"""The filed document's two forms (issue 17 item 5): the plan itself (计划, the default, as before)
or the plan inside its 印发通知 (通知, with the 版记); the 发文机关标志 and the red line when the
bureau gives its issuing organ's name."""

from __future__ import annotations

import hashlib

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from planlib.core.compute import compute
from planlib.errors import InputError
from planlib.io.export import write_docx
from planlib.io.workbook import load_plan, write_plan, write_template
from planlib.text.document import plan_markdown
from support import XICHENG, run_planlib

ORGAN = "北京市西城区应急管理局文件"
FURNITURE = {
    "doc_number": "西应急发〔2020〕5号",
    "recipients": "局属各科室、各执法队",
    "copies": "区政府办公室，市应急管理局",
    "doc_date": "2020年3月1日",
}


def _paragraphs(plan, tmp_path) -> list:
    return docx.Document(str(write_docx(compute(plan), tmp_path / "plan.docx"))).paragraphs


def _settings_copy(tmp_path, **values) -> tuple:
    wb = openpyxl.load_workbook(XICHENG)
    ws = wb["基本信息"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    for key, value in values.items():
        if key in rows:
            ws.cell(row=rows[key], column=2, value=value)
        else:
            ws.append([key, value])
    path = tmp_path / "计划.xlsx"
    wb.save(path)
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    return path, rows


def test_the_settings_are_read_by_key_or_label_and_default_to_the_plan(xicheng_plan, tmp_path):
    assert (xicheng_plan.document_form, xicheng_plan.issuing_organ) == ("计划", None)
    path, _ = _settings_copy(tmp_path, document_form="通知", 发文机关标志=ORGAN)
    plan = load_plan(path)
    assert (plan.document_form, plan.issuing_organ) == ("通知", ORGAN)
    again = load_plan(write_plan(plan, tmp_path / "again.xlsx"))  # written and read back
    assert (again.document_form, again.issuing_organ) == ("通知", ORGAN)
    # a plan with neither is written as before: no new rows
    ws = openpyxl.load_workbook(write_plan(xicheng_plan, tmp_path / "plain.xlsx"))["基本信息"]
    assert not {"document_form", "issuing_organ"} & {c.value for c in ws["A"]}


def test_a_wrong_form_names_the_cell(tmp_path):
    path, rows = _settings_copy(tmp_path, document_form="公告")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(InputError) as e:
        load_plan(path)
    assert "基本信息" in str(e.value) and f"B{rows['document_form']}" in str(e.value) and "计划 或 通知" in str(e.value)
    run = run_planlib("compute", path)
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_the_template_offers_both_settings(tmp_path):
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", year=2027))
    keys = [c.value for c in wb["基本信息"]["A"]]
    assert "document_form" in keys and "issuing_organ" in keys
    help_text = "\n".join(str(c.value) for c in wb["填写说明"]["B"] if c.value)
    assert "关于印发" in help_text and "发文机关标志" in "\n".join(str(c.value) for c in wb["填写说明"]["A"] if c.value)


def test_the_default_document_has_no_organ_mark(xicheng_plan, tmp_path):
    styles = [p.style.name for p in _paragraphs(xicheng_plan.with_changes(**FURNITURE), tmp_path)]
    assert styles[:3] == ["发文字号", "Title", "Title"] and "发文机关标志" not in styles and "印发" not in styles


def test_the_organ_mark_and_red_line_head_the_plan(xicheng_plan, tmp_path):
    paragraphs = _paragraphs(xicheng_plan.with_changes(issuing_organ=ORGAN, **FURNITURE), tmp_path)
    assert [(p.style.name, p.text) for p in paragraphs[:4]] == [
        ("发文机关标志", ORGAN),
        ("发文字号", "西应急发〔2020〕5号"),
        ("分隔线", ""),
        ("Title", "北京市西城区应急管理局"),
    ]
    mark = paragraphs[0].style
    assert mark.font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)
    assert paragraphs[0].runs[0].font.size.pt <= 36  # 小初, or smaller to stay on one line
    assert 13 * paragraphs[0].runs[0].font.size.pt <= 156 / 25.4 * 72  # thirteen characters on 156 mm
    line = paragraphs[2].style.element.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert line.get(qn("w:color")) == "FF0000" and int(line.get(qn("w:sz"))) >= 8


def test_the_notice_wraps_the_plan_and_closes_with_its_imprint(xicheng_plan, tmp_path):
    plan = xicheng_plan.with_changes(document_form="通知", issuing_organ=ORGAN, **FURNITURE)
    paragraphs = _paragraphs(plan, tmp_path)
    shown = [(p.style.name, p.text) for p in paragraphs]
    name = "2020年度安全生产监督检查计划"
    assert shown[:10] == [
        ("发文机关标志", ORGAN),
        ("发文字号", "西应急发〔2020〕5号"),
        ("分隔线", ""),
        ("Title", f"北京市西城区应急管理局关于印发《{name}》的通知"),
        ("主送", "局属各科室、各执法队："),
        ("Normal", f"现将《{name}》印发给你们，请结合工作实际，认真贯彻落实。"),
        ("附件说明", f"附件：{name}"),
        ("署名", "北京市西城区应急管理局"),
        ("成文日期", "2020年3月1日"),
        ("附件标签", "附件"),
    ]
    assert paragraphs[9].paragraph_format.page_break_before  # the plan on a new page
    assert shown[10:12] == [("Title", "北京市西城区应急管理局"), ("Title", name)]
    # the plan keeps its own 附件说明 and attachments; its 署名 and 主送 are the notice's (once each)
    assert [t for s, t in shown if s == "署名"] == ["北京市西城区应急管理局"]
    assert [t for s, t in shown if s == "主送"] == ["局属各科室、各执法队："]
    assert "附件：1.各执法单位检查任务分解表" in [t for s, t in shown if s == "附件说明"]
    assert [t for s, t in shown if s == "附件标签"] == ["附件", "附件1", "附件2", "附件3"]
    # the 版记: 抄送, then 印发机关 and 印发日期, between lines
    assert shown[-2:] == [
        ("版记抄送", "抄送：区政府办公室，市应急管理局。"),
        ("印发", "北京市西城区应急管理局\t2020年3月1日印发"),
    ]
    borders = paragraphs[-1].style.element.pPr.find(qn("w:pBdr"))
    assert borders.find(qn("w:top")) is not None and borders.find(qn("w:bottom")) is not None
    md = plan_markdown(compute(plan))
    assert (
        md.index("的通知") < md.index("附件\n") < md.index("一、指导思想") < md.index("附件3") < md.index("3月1日印发")
    )


def test_a_notice_without_the_optional_furniture(xicheng_plan, tmp_path):
    shown = [(p.style.name, p.text) for p in _paragraphs(xicheng_plan.with_changes(document_form="通知"), tmp_path)]
    assert shown[0][0] == "Title" and shown[0][1].endswith("的通知")
    assert shown[-1] == ("印发", "北京市西城区应急管理局\t印发")


def test_the_imprint_has_an_even_page_of_its_own_and_is_set_at_its_foot(xicheng_plan, tmp_path):
    """GB/T 9704 §7.4: the 版记 closes the document at the foot of its last page, an even one."""
    plan = xicheng_plan.with_changes(document_form="通知", issuing_organ=ORGAN, **FURNITURE)
    doc = docx.Document(str(write_docx(compute(plan), tmp_path / "plan.docx")))
    last = doc.sections[-1]
    sect = last._sectPr
    assert sect.find(qn("w:type")).get(qn("w:val")) == "evenPage"
    assert sect.find(qn("w:vAlign")).get(qn("w:val")) == "bottom"
    assert last.page_width < last.page_height  # upright, whatever the attachment before it
    # The blank grid lines above it, worked here: the text area's height in whole lines of the
    # grid's pitch, less the 版记's two lines (抄送 fits on one line at 4号) and one line kept free.
    pitch = int(sect.find(qn("w:docGrid")).get(qn("w:linePitch")))
    height = last.page_height.twips - last.top_margin.twips - last.bottom_margin.twips
    copies = doc.paragraphs[-2]
    assert copies.style.name == "版记抄送"
    assert copies.paragraph_format.space_before.twips == (height // pitch - 2 - 1) * pitch
    assert doc.paragraphs[-1].paragraph_format.space_before is None  # 印发 follows it directly


@pytest.mark.slow  # LibreOffice renders the document
def test_the_printed_imprint_sits_at_the_foot_of_an_even_last_page(xicheng_plan, tmp_path):
    from office import convert, pdf_pages

    plan = xicheng_plan.with_changes(document_form="通知", issuing_organ=ORGAN, **FURNITURE)
    pdf = convert(write_docx(compute(plan), tmp_path / "plan.docx"), "pdf", tmp_path / "pdf")
    pages = pdf_pages(pdf)
    last = pages[-1]
    texts = [line.text for line in last]
    assert any(t.startswith("抄送：") for t in texts) and any(t.endswith("印发") for t in texts)
    number = next(t for t in texts if t.startswith("—"))
    assert int(number.strip("— ")) % 2 == 0, number  # an even page (a blank one before it if need be)
    imprint = next(line for line in last if line.text.endswith("印发"))
    body_bottom = min(line.y for page in pages[1:-1] for line in page if not line.text.startswith("—"))
    assert imprint.y - body_bottom < 2 * 30, (imprint.y, body_bottom)  # within two grid lines of the foot
    assert not any(t.startswith("抄送：") for page in pages[:-1] for t in (line.text for line in page))
