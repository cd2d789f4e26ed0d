"""The input workbook's contract (docs/contract.md §1, §4, §5): sheet and column names, the
基本信息 settings with their labels and help, and the bounds of what a cell may say.
"""

from __future__ import annotations

from dataclasses import dataclass

from planlib.core.calendar import FIRST_YEAR, LAST_YEAR
from planlib.core.model import ARRANGEMENT_KINDS, CATEGORIES, DEFAULT_KEY_RISK_LEVELS, METHODS
from planlib.io.xlsxio import name_key

# --- The contract's names ---------------------------------------------------------------------

SHEET_SETTINGS, SHEET_UNITS, SHEET_ITEMS, SHEET_HISTORY = "基本信息", "执法人员", "工作日类别", "历史数据"
SHEET_INSTRUCTIONS = "填写说明"
SHEET_UNIT_WORKDAYS, SHEET_ARRANGEMENT = "单位工作日", "放假安排"  # docs/contract.md §4, optional

COL_KEY, COL_VALUE, COL_LABEL, COL_NOTE = "键", "值", "项目", "说明"
COL_UNIT, COL_STAFF, COL_KEY_COUNT, COL_WEIGHT = "执法单位", "执法人员数", "重点检查家数", "一般检查权重"
COL_REMARK = "备注"
COL_CATEGORY, COL_ITEM, COL_METHOD, COL_REPORTED = "类别", "项目", "测算方法", "填报值"
COL_WORKDAYS = "工作日"
COL_NAME, COL_START, COL_END, COL_KIND = "名称", "开始日期", "结束日期", "类型"

STAFF_CATEGORY, STAFF_ITEM = "人员", "执法人员数"  # the 历史数据 row of officers per year
TOTAL_ROW_NAMES = ("合计", "总计", "小计")

# Upper bounds of what a cell may say (docs/contract.md §1): far above any real bureau (Beijing's
# register holds about 386,000 units), so a value beyond one is a typo, refused naming the cell.
MAX_OFFICERS = 100_000  # 执法人员数 of a unit, 在册定编人数, a year's officers in 历史数据
MAX_ENTITIES = 10_000_000  # 管理对象基数, 重点检查家数
MAX_WORKDAYS = 100_000_000  # 填报值 and 历史数据 workdays (100,000 officers × 366 days is 36.6 million)
MAX_WEIGHT = 1_000_000  # 一般检查权重


@dataclass(frozen=True)
class Setting:
    """One 基本信息 key: its label (项目), its help text (说明) and how its value is parsed."""

    key: str
    label: str
    help: str
    kind: str  # text | year | count | persons | entities | mode | allocation | form | days_in_year | positive | share
    required: bool = False


SETTINGS = (
    Setting("authority", "监督检查主体名称", "必填：制定计划的安全生产监管部门全称", "text", True),
    Setting("year", "计划年度", f"必填：{FIRST_YEAR}–{LAST_YEAR} 之间的年份，如 2020", "year", True),
    Setting("headcount", "在册定编人数", "空白：不填报（不计算执法人员占比）", "persons"),
    Setting("entity_base", "管理对象基数", "监管的生产经营单位家数；空白：不计算计划检查比例", "entities"),
    Setting(
        "workday_mode",
        "工作日计算方式",
        "formula（或填“公式”）：全年天数−双休日−法定节假日；official（或填“国务院放假安排”）：按国务院办公厅放假安排"
        f"（含调休），有“{SHEET_ARRANGEMENT}”工作表时以该表为准；空白为 formula",
        "mode",
    ),
    Setting(
        "statutory_holidays",
        "法定节假日天数",
        "空白：按当年施行的放假办法（2024年及以前11天，2025年起13天）",
        "days_in_year",
    ),
    Setting(
        "workdays_per_person",
        "国家法定工作日（每人）",
        "空白：按日历计算；填写则以填写值为准（检查时提示差异）",
        "days_in_year",
    ),
    Setting("days_per_key_inspection", "每家重点检查所需工作日", "空白：2", "positive"),
    Setting("days_per_general_inspection", "每家一般检查所需工作日", "空白：2", "positive"),
    Setting("key_share_min", "重点检查最低占比", "空白：60%；可填 60% 或 0.6", "share"),
    Setting(
        "random_share_min",
        "双随机检查最低占比",
        "一般检查中“双随机”抽查的最低比例；空白：80%；可填 80% 或 0.8",
        "share",
    ),
    Setting(
        "general_allocation",
        "一般检查分配方式",
        "weight：按一般检查权重分配（空白即此项）；capacity：各单位按自身监督检查工作日扣除重点检查后能安排的家数"
        f"（需“{SHEET_UNIT_WORKDAYS}”把工作日全部分到各单位）",
        "allocation",
    ),
    # the filed document (planlib.io.prose): all optional
    Setting("doc_number", "文号", "发文字号，如“西应急发〔2020〕1号”；空白：不印", "text"),
    Setting("doc_date", "成文日期", "如 2020年3月1日（可填日期单元格）；空白：不印", "date"),
    Setting("signature", "署名", "文末署名；空白：监督检查主体名称", "text"),
    Setting("recipients", "主送", "主送机关，如“区政府”；空白：不印", "text"),
    Setting("copies", "抄送", "抄送机关，如“市应急管理局”；空白：不印", "text"),
    Setting(
        "random_sentence",
        "印“双随机”比例句",
        "是：在六（二）末尾加“一般检查原则上采取‘双随机’方式……即不少于N家。”；空白：否",
        "yesno",
    ),
    Setting(
        "key_by_month",
        "重点检查完成月份",
        "填 1–12：重点检查在该月底前全部安排完（月度安排表）；空白：全年按工作日分配",
        "month",
    ),
    Setting(
        "document_form",
        "文档形式",
        "计划：计划本身成文（空白即此项）；通知：以“关于印发《……》的通知”印发，计划随通知附后，文末有版记（抄送、印发机关和印发日期）",
        "form",
    ),
    Setting(
        "issuing_organ",
        "发文机关标志",
        "如“北京市西城区应急管理局文件”：红色居中印在首页上端，其下一条红色分隔线；空白：不印",
        "text",
    ),
    Setting(
        "document_charts",
        "计划文档附图",
        "是：在 .docx 附件之后插入图表（测算、各单位任务、月度安排等）；空白：否",
        "yesno",
    ),
    # the register and the draw (docs/contract.md §5): all optional
    Setting(
        "key_risk_levels",
        "列为重点单位的风险等级",
        "监管对象名录没有“重点检查”列时，这些风险等级的单位为重点单位；空白：重大、较大",
        "levels",
    ),
    Setting("random_seed", "双随机抽取随机种子", "非负整数；空白：抽取时用 --seed 或自动生成并记入抽取记录", "count"),
    Setting(
        "key_visits_per_year",
        "每家重点单位每年计划检查次数",
        "未列入“检查事项”的重点单位每年检查几次（无该表时为全部重点单位），按次数计算检查工作日；空白：1",
        "visits",
    ),
    Setting(
        "entity_visit_cap",
        "同一单位每年最多检查次数",
        "本机关对同一单位一年内的检查次数上限（如4），超出为错误；空白：不限",
        "visits",
    ),
)
SETTINGS_BY_KEY = {s.key: s for s in SETTINGS}
REGISTER_DEFAULTS = {
    "key_risk_levels": DEFAULT_KEY_RISK_LEVELS,
    "random_seed": None,
    "key_visits_per_year": 1,
    "entity_visit_cap": None,
}

# 键 may also hold the Chinese label (an analyst who typed 计划年度 meant year).
SETTING_NAMES = SETTINGS_BY_KEY | {name_key(s.label): s for s in SETTINGS}


# docs/contract.md §4 settings written only when they differ from their default (or in the template),
# so a plan without the extensions is written as before.
EXTENSION_DEFAULTS: dict[str, object] = {"general_allocation": "weight", "document_form": "计划", "issuing_organ": None}


@dataclass(frozen=True)
class SheetSpec:
    """One contract sheet as both its reader and its writer see it: the columns in written order,
    those a reader requires (the rest are optional), the choices offered as drop-downs, the columns
    held to whole numbers (one range, first to last), and how wide the writer lets a column grow."""

    title: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()
    whole: tuple[str, str] | None = None
    max_width: int = 60

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.required)


SETTINGS_SHEET = SheetSpec(
    SHEET_SETTINGS, (COL_KEY, COL_VALUE, COL_LABEL, COL_NOTE), (COL_KEY, COL_VALUE), max_width=80
)
UNITS_SHEET = SheetSpec(
    SHEET_UNITS,
    (COL_UNIT, COL_STAFF, COL_KEY_COUNT, COL_WEIGHT, COL_REMARK),
    (COL_UNIT, COL_STAFF),
    whole=(COL_STAFF, COL_KEY_COUNT),
)
ITEMS_SHEET = SheetSpec(
    SHEET_ITEMS,
    (COL_CATEGORY, COL_ITEM, COL_METHOD, COL_REPORTED, COL_NOTE),
    (COL_CATEGORY, COL_ITEM),
    choices=((COL_CATEGORY, CATEGORIES), (COL_METHOD, METHODS)),
)
# 历史数据 has one more column per year after these two.
HISTORY_SHEET = SheetSpec(
    SHEET_HISTORY,
    (COL_CATEGORY, COL_ITEM),
    (COL_CATEGORY, COL_ITEM),
    choices=((COL_CATEGORY, (*CATEGORIES, STAFF_CATEGORY)),),
)
UNIT_WORKDAYS_SHEET = SheetSpec(
    SHEET_UNIT_WORKDAYS,
    (COL_UNIT, COL_CATEGORY, COL_ITEM, COL_WORKDAYS, COL_NOTE),
    (COL_UNIT, COL_CATEGORY, COL_WORKDAYS),
    choices=((COL_CATEGORY, CATEGORIES),),
    whole=(COL_WORKDAYS, COL_WORKDAYS),
)
ARRANGEMENT_SHEET = SheetSpec(
    SHEET_ARRANGEMENT,
    (COL_NAME, COL_START, COL_END, COL_KIND),
    (COL_START, COL_KIND),
    choices=((COL_KIND, ARRANGEMENT_KINDS),),
    max_width=40,
)
