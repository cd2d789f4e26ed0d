"""The blank template: the example plan and the 填写说明 sheet."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from openpyxl.styles import Font

from planlib.core.estimation import history_years
from planlib.core.model import (
    METHOD_LAST_YEAR,
    METHOD_MEAN,
    METHOD_NOT_COUNTED,
    METHOD_PER_OFFICER,
    METHOD_REPORTED,
    NON_ENFORCEMENT,
    OTHER_ENFORCEMENT,
    Plan,
    Unit,
    WorkdayItem,
)
from planlib.io.items import EXAMPLE_ITEMS, item_instructions
from planlib.io.prose import EXAMPLE_PROSE, instructions as prose_instructions
from planlib.io.workbook.contract import (
    COL_CATEGORY,
    COL_END,
    COL_ITEM,
    COL_KEY_COUNT,
    COL_KIND,
    COL_METHOD,
    COL_NAME,
    COL_REMARK,
    COL_REPORTED,
    COL_STAFF,
    COL_START,
    COL_UNIT,
    COL_WEIGHT,
    COL_WORKDAYS,
    SETTINGS,
    SHEET_ARRANGEMENT,
    SHEET_HISTORY,
    SHEET_INSTRUCTIONS,
    SHEET_ITEMS,
    SHEET_SETTINGS,
    SHEET_UNIT_WORKDAYS,
    SHEET_UNITS,
    STAFF_CATEGORY,
    STAFF_ITEM,
)
from planlib.io.workbook.write import WRAP, plan_workbook
from planlib.io.xlsxio import save_whole

# --- The blank template ----------------------------------------------------------------------------


def example_plan(year: int) -> Plan:
    """The template's example rows: small, but using every method, so it computes once loaded."""
    h = history_years(year)
    staff = dict(zip(h, (20, 21, 22), strict=True))
    items = (
        WorkdayItem(OTHER_ENFORCEMENT, "开展安全生产综合监管", METHOD_REPORTED, 1200, "示例：各执法单位填报汇总"),
        WorkdayItem(
            OTHER_ENFORCEMENT,
            "组织生产安全事故调查和处理",
            METHOD_MEAN,
            0,
            "示例：前三年平均",
            dict(zip(h, (380, 400, 420), strict=True)),
        ),
        WorkdayItem(
            OTHER_ENFORCEMENT,
            "实施行政许可",
            METHOD_LAST_YEAR,
            0,
            "示例：按上年实际",
            dict(zip(h, (280, 290, 300), strict=True)),
        ),
        WorkdayItem(
            NON_ENFORCEMENT,
            "学习、培训、考核、会议",
            METHOD_PER_OFFICER,
            0,
            "示例：前三年人均×今年人数",
            dict(zip(h, (1980, 2100, 2200), strict=True)),
        ),
        WorkdayItem(
            NON_ENFORCEMENT,
            "法定年休假、探亲假、婚（丧）假",
            METHOD_PER_OFFICER,
            0,
            "示例",
            dict(zip(h, (480, 500, 530), strict=True)),
        ),
        WorkdayItem(NON_ENFORCEMENT, "机关值班", METHOD_REPORTED, 240, "示例"),
        WorkdayItem(OTHER_ENFORCEMENT, "办理有关法律、法规、规章规定的登记、备案", METHOD_NOT_COUNTED, 0, "窗口办理"),
    )
    units = (
        Unit("执法一队（示例）", 8, 80, 1, "示例行，请替换为本单位数据"),
        Unit("执法二队（示例）", 8, 80, 1, ""),
        Unit("综合科（示例）", 6, 40, 0, "一般检查权重为0：不分配一般检查"),
    )
    # 重点检查类别 stays blank: example unit names there would break the workbook when the
    # analyst renames the units (its instructions show the form)
    return Plan(
        "××区应急管理局（示例）",
        year,
        units,
        items,
        headcount=40,
        entity_base=3000,
        staff_history=staff,
        prose=EXAMPLE_PROSE,
        inspection_items=EXAMPLE_ITEMS,
    )


def _instructions() -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = [
        ("安全生产年度监督检查计划 填报工作簿", ""),
        (
            "怎么填",
            "黄色单元格为填写区；示例行请改为本单位数据或删除。空行可以保留。"
            "比例可填“60%”或“0.6”；数字可以是文本格式。填好后运行：planlib compute 本文件.xlsx",
        ),
        (
            f"工作表“{SHEET_SETTINGS}”",
            "每行一个设置，在“值”列填写；“键”列填英文键或“项目”列的中文名称均可（如 year 或 计划年度）。",
        ),
    ]
    rows += [(f"  {s.key}（{s.label}）", s.help) for s in SETTINGS]
    rows += [
        (f"工作表“{SHEET_UNITS}”", "每行一个执法单位（科室、执法队）。"),
        (f"  {COL_UNIT}", "单位名称，不能重复；不要填“合计”行（合计由程序计算）。"),
        (f"  {COL_STAFF}", "计入计划的执法人员数，整数；各单位之和即执法人员总数。"),
        (
            f"  {COL_KEY_COUNT}",
            "本单位负责检查的重点单位家数（来自重点单位名录）；空白为0。所有单位都不填时，按重点检查最低占比自动测算。",
        ),
        (
            f"  {COL_WEIGHT}",
            "一般检查的分配权重；0 表示不分配一般检查；空白为1。一般检查按权重用最大余数法分配，各单位之和等于总数。",
        ),
        (f"  {COL_REMARK}", "任意说明。"),
        (f"工作表“{SHEET_ITEMS}”", "每行一项其他执法工作日或非执法工作日。"),
        (f"  {COL_CATEGORY}", "其他执法 或 非执法（下拉选择）。"),
        (f"  {COL_ITEM}", "项目名称，同一类别内不能重复。"),
        (f"  {COL_METHOD}", "测算方法（下拉选择）；空白为“填报”："),
        (f"    {METHOD_REPORTED}", "直接采用“填报值”（如各执法单位提供的测算数据汇总）。"),
        (f"    {METHOD_MEAN}", "计划年度前三年实际工作日的平均值（需“历史数据”中该项目前三年的数字）。"),
        (
            f"    {METHOD_PER_OFFICER}",
            "前三年人均工作日的平均值×今年执法人员数（还需“人员/执法人员数”行）；人数变化时随之变化。",
        ),
        (f"    {METHOD_LAST_YEAR}", "上一年的实际工作日（需“历史数据”中上一年的数字）。"),
        (
            f"    {METHOD_NOT_COUNTED}",
            "列入计划但不计工作日（如“窗口办理”“上班期间专人值班”）：“填报值”须为空，"
            "“说明”中写明计划正文在此处的表述，正文写作“6.办理有关法律、法规、规章规定的登记、备案：窗口办理。”",
        ),
        (
            f"  {COL_REPORTED}",
            "“填报”方法的工作日数；空白为0。数字可带单位，"
            "如“248天”“248个工作日”（执法人员数可写“3人”，"
            "重点检查家数可写“70家”）"
            "。",
        ),
        (
            f"工作表“{SHEET_HISTORY}”",
            "往年实际工作日：类别、项目与“工作日类别”一致，每年一列，表头为年份（如 2019 或 2019年）。",
        ),
        (
            f"  {STAFF_CATEGORY} / {STAFF_ITEM}",
            "类别填“人员”、项目填“执法人员数”的一行：各年执法人员数，“三年人均”需要。",
        ),
        (
            f"工作表“{SHEET_UNIT_WORKDAYS}”（可选）",
            "各执法单位自己的工作日：每行一个单位的一个项目，或（“项目”留空）该单位某类别的合计。不需要时留空即可。",
        ),
        (f"  {COL_UNIT}", f"须是“{SHEET_UNITS}”中的单位。"),
        (f"  {COL_CATEGORY}", "其他执法 或 非执法（下拉选择）。"),
        (
            f"  {COL_ITEM}",
            f"“{SHEET_ITEMS}”中该类别的项目（测算方法须为“填报”或空白），该项目的工作日即各单位之和；"
            "若同时填了“填报值”，须与之相等。留空：该单位本类别不分项目的合计，计入类别合计。",
        ),
        (f"  {COL_WORKDAYS}", "整数工作日，不小于0。"),
        (
            "  各单位的账",
            "两类工作日全部分到各单位时，每个单位单独核算：总法定工作日=本单位执法人员数×国家法定工作日，"
            "监督检查工作日=总法定工作日−其他执法−非执法；各单位之和等于全局合计。"
            "“基本信息”中 general_allocation 填 capacity 时，"
            "各单位一般检查家数=⌊（本单位监督检查工作日−重点检查工作日）"
            "÷每家一般检查所需工作日⌋。",
        ),
        (
            f"工作表“{SHEET_ARRANGEMENT}”（可选）",
            "国务院办公厅当年的放假安排，按通知逐项填写；"
            "按国务院放假安排（official）"
            "计算时，"
            "有此表即以此表为准（chinesecalendar 尚未收录的年份必须填写）。",
        ),
        (f"  {COL_NAME}", "节日名称，如“春节”。"),
        (
            f"  {COL_START} / {COL_END}",
            "日期，如 2027-02-06；单独一天时两者相同（结束日期可留空）；"
            "结束日期不能早于开始日期。"
            "可以包含计划年度以外的日期（如元旦假期从上年12月开始），年度以外的日期不计入。",
        ),
        (f"  {COL_KIND}", "放假 或 上班（调休上班日，须为星期六或星期日）；同一天不能既放假又上班。"),
        *item_instructions(),
        *prose_instructions(),
        ("取整规则", "每个项目的测算结果四舍五入到整数工作日，合计为各项目取整后之和。"),
        (
            "注意",
            "可以使用公式，但文件须在 Excel/WPS/LibreOffice 中保存过（保存时才有公式结果）；"
            "表头不要合并单元格，“类别”列可以向下合并；表头上方可以有标题行；本页等其他工作表不会被读取。",
        ),
        ("依据", "《安全生产年度监督检查计划编制办法》（安监总政法〔2017〕150号）。"),
    ]
    return rows


def write_template(path: str | os.PathLike, *, year: int | None = None, overwrite: bool = True) -> Path:
    """Write a blank input workbook: a 填写说明 sheet, the four contract sheets with example rows,
    drop-downs for 类别, 测算方法 and workday_mode, and yellow input cells. It loads and computes
    as it is; ``year`` defaults to next year."""
    year = year or dt.date.today().year + 1
    wb = plan_workbook(example_plan(year), note="以上为示例，请改为本单位数据", blank_rows=30, extensions=True)
    ws = wb.create_sheet(SHEET_INSTRUCTIONS, 0)
    for r, (topic, text) in enumerate(_instructions(), 1):
        ws.cell(row=r, column=1, value=topic).font = Font(bold=not topic.startswith(" "), size=14 if r == 1 else 11)
        ws.cell(row=r, column=2, value=text).alignment = WRAP
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 100
    wb.active = 0
    return save_whole(wb, path, overwrite)
