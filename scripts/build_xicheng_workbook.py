"""Build data/xicheng_2020.xlsx, the bundled default input, from the reference plan.

The published plan (data/reference/xicheng-2020-plan.txt) gives the plan-year figures and
its own prose (sections 一–三 and 七–八, written into the sheet 计划正文 below, with placeholders
where the text states a figure or the year) and key categories (重点检查类别), but
no three-year history and no officers per unit. This script makes *illustrative* history for
2017–2019 and an illustrative staff split (summing to the published 35) such that the stated
estimation methods reproduce every published estimate exactly, and writes the workbook with
planlib's own writer. The workbook's 说明/备注 cells say which figures are illustrative.

Run: ``python scripts/build_xicheng_workbook.py [OUT]`` (default: data/xicheng_2020.xlsx).
"""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

from planlib.core.document import BODY, COMPUTED, H1, H2, H3, REWRITE, TITLE, KeyCategory, ProseRow
from planlib.core.estimation import estimate, round_half_up
from planlib.core.model import (
    METHOD_LAST_YEAR,
    ROUTINE,
    InspectionItem,
    METHOD_MEAN,
    METHOD_PER_OFFICER,
    METHOD_REPORTED,
    NON_ENFORCEMENT,
    OTHER_ENFORCEMENT,
    Plan,
    Unit,
    WorkdayItem,
)

YEAR = 2020
STAFF_HISTORY = {2017: 32, 2018: 33, 2019: 35}  # illustrative
ILLUSTRATIVE = "示例数据：原计划未公布，按所列测算方法可复现原计划数字"

# (category, item, published workdays, method, note) — in the reference plan's order.
PUBLISHED = [
    (OTHER_ENFORCEMENT, "开展安全生产综合监管", 630, METHOD_PER_OFFICER, ""),
    (OTHER_ENFORCEMENT, "实施行政许可", 168, METHOD_LAST_YEAR, ""),
    (OTHER_ENFORCEMENT, "组织生产安全事故调查和处理", 436, METHOD_MEAN, ""),
    (OTHER_ENFORCEMENT, "调查核实安全生产投诉举报", 280, METHOD_PER_OFFICER, ""),
    (OTHER_ENFORCEMENT, "参加有关部门联合执法", 398, METHOD_REPORTED, ""),
    (OTHER_ENFORCEMENT, "办理有关法律、法规、规章规定的登记、备案", 20, METHOD_REPORTED, ""),
    (OTHER_ENFORCEMENT, "开展安全生产宣传教育培训", 160, METHOD_MEAN, ""),
    (OTHER_ENFORCEMENT, "行政复议、行政应诉工作", 124, METHOD_LAST_YEAR, ""),
    (OTHER_ENFORCEMENT, "完成本级人民政府或者上级安全监管部门安排的其他执法任务", 874,
     METHOD_REPORTED, "根据各执法单位提供的测算数据汇总"),
    (NON_ENFORCEMENT, "单位值班", 420, METHOD_PER_OFFICER, ""),
    (NON_ENFORCEMENT, "学习、培训、考核、会议", 2605, METHOD_PER_OFFICER, ""),
    (NON_ENFORCEMENT, "病假、事假", 97, METHOD_MEAN, ""),
    (NON_ENFORCEMENT, "公务员法定年休假、探亲假、婚（丧）假", 551, METHOD_PER_OFFICER, ""),
    (NON_ENFORCEMENT, "参加党群活动", 700, METHOD_PER_OFFICER, ""),
    (NON_ENFORCEMENT, "其他非执法工作", 310, METHOD_MEAN, "根据前3年度的平均值,主要参考2019年数据测算"),
]

# (unit, officers (illustrative), key inspections, general weight, note)
UNITS = [
    ("安全监管科（行政审批科）", 3, 26, 0, "重点检查：重点监管危险化学品（加油站）、工业企业；人员数为示例"),
    ("执法监察综合队", 8, 70, 1, "人员数为示例"),
    ("执法监察一队", 8, 70, 1, "人员数为示例"),
    ("执法监察二队", 8, 70, 1, "人员数为示例"),
    ("执法监察三队", 8, 70, 1, "人员数为示例"),
]
STAFF = sum(staff for _, staff, *_ in UNITS)  # the published 35 enforcement officers of 2020

# Year-on-year drift of the illustrative history, per item index (a gentle, varied trend).
DRIFT = [Fraction(d, 100) for d in (-6, -3, 0, 4, -5, 2, 6, -2, 3, -4, 5, -7, 1, -3, 8)]


def _history(target: int, method: str, drift: Fraction) -> dict[int, int]:
    """Whole-day history for 2017–2019 from which ``method`` gives ``target`` for 2020.

    The years drift symmetrically around the target (so the mean stays near it); the middle
    year is then nudged by whole days until the method reproduces the target exactly.
    """
    years = sorted(STAFF_HISTORY)
    history = {}
    for k, y in enumerate(years):
        factor = 1 + drift * (k - 1)
        scale = Fraction(STAFF_HISTORY[y], STAFF) if method == METHOD_PER_OFFICER else 1
        history[y] = round_half_up(target * factor * scale)  # the project's one rounding rule
    if method == METHOD_LAST_YEAR:
        history[YEAR - 1] = target
    middle = years[1]
    for step in [0] + [s for n in range(1, 100) for s in (n, -n)]:
        trial = {**history, middle: history[middle] + step}
        item = WorkdayItem(OTHER_ENFORCEMENT, "x", method, target, history=trial)
        if estimate(item, YEAR, STAFF, STAFF_HISTORY).workdays == target:
            return trial
    raise AssertionError(f"no history reproduces {target} by {method}")


# The reference plan's own prose, row by row (计划正文); sections 四–六 are computed (计算部分).
PROSE = [
    (TITLE, "{authority}"),
    (TITLE, "{year}年度安全生产监督检查计划"),
    (BODY, "为切实履行安全生产监管监察职责，根据《中共中央国务院关于推进安全生产领域改革发展的意见》、《安全生产监管监察职责和行政执法责任追究的规定》等相关规定，按照《安全生产年度监督检查计划编制办法》和《北京市应急管理系统全面推行行政执法公示制度执法过程全纪录制度重大执法决定法制审核制度实施方案》有关要求，特编制{authority}{year}年度安全生产监督检查计划。"),
    (H1, "一、指导思想"),
    (BODY, "以习近平新时代中国特色社会主义思想为指导，深入贯彻落实党中央、国务院、市委、市政府及区委、区政府关于加强应急管理、安全生产工作的一系列重要决策部署，紧紧围绕本区安全生产重点工作，严格履行安全生产监管职责。坚持年度监督检查计划与随机抽查工作相结合，通过强化监督检查力度，提高行政执法效能，督促企业落实安全生产主体责任，全力遏制较大以上事故、压减一般事故，保障西城区安全发展。"),
    (H1, "二、工作目标"),
    (BODY, "以实现依法治理为指向，以落实企业安全生产主体责任为主线，以防范遏制生产安全事故为重点，严厉打击安全生产非法违法行为，确保行政执法人员依法履行职责，落实安全生产监督管理责任，充分运用综合执法、联合执法、部门联合“双随机”等方式，深入开展重点行业领域专项整治，切实改善城市运行领域的安全生产状况。"),
    (H1, "三、主要任务"),
    (BODY, "（一）执法检查工作：重点单位执法检查覆盖率达到100%。坚决做好重大活动保障工作，对会场、驻地及周边生产经营单位开展安全生产隐患排查、治理和安全生产秩序整治。"),
    (BODY, "（二）专项检查工作：继续开展危险化学品、工业企业、有限空间作业等行业、领域专项执法检查工作，开展《北京市生产经营单位安全生产主体责任规定》（市政府第285号令）专项执法检查工作，推动企业安全生产主体责任落实。"),
    (BODY, "(三) 行政许可监管工作：依法做好危险化学品经营企业的事中、事后监管工作。"),
    (BODY, "（四）监督检查随机抽查工作：落实应急管理部、北京市政府随机抽查相关工作要求，采取“定向”与“不定向”相结合的方式，在一般检查过程中原则上应采用“双随机”方式抽查。"),
    (BODY, "（五）其他执法任务：一是依法调查核实安全生产举报投诉案件。二是按照“四不放过”原则，严肃查处一般生产安全事故，并配合查处较大以上生产安全事故。三是完成市应急管理局和区委、区政府安排的其他执法工作任务。四是参加有关部门联合执法检查等。"),
    (COMPUTED, ""),
    (H1, "七、监督检查的主要内容、方式和要求"),
    (H2, "（一）执法检查主要内容"),
    (BODY, "严格按照年度监督检查计划，并依据《安全生产监管监察职责和行政执法责任追究的规定》以及安全生产行政处罚权力清单确定具体的检查事项。"),
    (H2, "（二）监督检查方式"),
    (BODY, "通过查阅台账资料、实地执法检查等方式开展检查。对重点检查的生产经营单位实施全覆盖检查，对计划内一般检查单位采取“双随机”的方式实施检查，双随机比例不低于{random_share_min}。"),
    (H2, "（三）监督检查有关要求"),
    (H3, "1.监督检查前的准备工作"),
    (BODY, "（1）局内各负有执法任务的科室、队（以下简称执法单位）应根据已批准的年度监督检查计划，统筹考虑监督检查工作日数量、专业技术力量、监督检查装备力量、执法车辆使用等实际情况，制定本单位的年度监督检查计划，明确监督检查的单位名称或数量、检查重点事项、时间安排、责任人员等。"),
    (BODY, "（2）执法单位应当明确每次具体执法任务，制作现场检查方案，填写被检查单位的基本信息、检查时间、检查事项、检查方式以及执法人员组成等。"),
    (H3, "2.现场检查、现场处理和处罚"),
    (BODY, "（1）执法人员应当按照现场检查方案开展监督检查活动。检查结束后，执法人员应当制作《现场检查记录》，将检查的时间、地点、内容、发现的问题及处理情况如实记录，并由执法人员和被检查单位的负责人签字。执法人员在现场检查时，发现存在安全生产违法行为或者生产安全事故隐患，应当依法采取现场处理措施。"),
    (BODY, "（2）对执法检查中发现的安全隐患，按照“谁检查、谁负责”的原则，在规定的时间内对整改情况进行复查。"),
    (BODY, "（3）对检查中发现生产经营单位或者有关人员有违反安全生产法律法规的行为，依法应当给予行政处罚的，应当依法实施行政处罚。"),
    (H3, "3.登记、归档"),
    (BODY, "承办人应当及时将检查情况录入《北京市安全生产行政执法系统》，将检查和实施行政处罚的相关材料整理归档。"),
    (H3, "4.调整、报批程序"),
    (BODY, "经区政府批准的局年度监督检查计划，原则上不予调整。确实因工作需要进行部分调整或者变更的，由执法单位书面提出具体调整或者变更意见，报送局法制科,由法制科报主要领导审核同意后，履行调整、报批和备案手续。"),
    (H1, "八、工作要求"),
    (H2, "（一）加强领导，确保年度监督检查计划落实到位"),
    (BODY, "各执法单位应加强组织领导，提前做好实施年度计划的各项准备工作，确保计划不折不扣完成。对于重点检查单位，必须实现全覆盖，一般每年至少进行一次监督检查。"),
    (H2, "（二）明确任务，全面推行一般检查“双随机”执法"),
    (BODY, "要坚持年度监督检查计划与随机抽查工作相结合原则，加强对本年度监督检查任务的统筹协调。对监督检查计划中一般检查单位开展执法检查时，原则上应采取随机抽查方式，确保必要的随机抽查覆盖面和工作力度，切实将“双随机”工作落到实处。"),
    (H2, "（三）找准短板，不断提升安全生产执法能力水平"),
    (BODY, "要深入分析本区安全生产形势，抓住安全生产执法检查中的短板问题，采取有效措施触发处罚职权，进一步提升“两量一率”指标。执法人员在日常执法中应注重使用移动终端开展监督检查，做到依托信息化手段推动年度监督检查计划工作有序实施，规范行政执法行为的目的。"),
    (H2, "（四）始终做到忠于职守、坚持原则"),
    (BODY, "严格、公正、廉洁、文明执法，不偏不倚，努力维护好安全监管行政执法权威地位和队伍的良好形象。"),
]
# The reference numbers the first subsection of 六 "（1）" (its sibling is "（二）"): its own wording, kept.
REWRITES = [("（一）重点检查安排", "（1）重点检查安排")]

# The reference's key categories (六（一）1 and 2), in its words.
KEY_CATEGORIES = [
    ("安全生产风险等级较高的生产经营单位", "检查涉及重点监管危险化学品（加油站）、工业企业",
     [("安全监管科（行政审批科）", 26)]),
    ("其他纳入重点检查安排的生产经营单位", "",
     [("执法监察综合队", 70), ("执法监察一队", 70), ("执法监察二队", 70), ("执法监察三队", 70)]),
]


# 检查事项 (docs/contract.md §6): illustrative items over the bundled register's sectors, each
# sector in one item, every frequency 1 (so the plan's figures are the published ones).
INSPECTION_ITEMS = [
    ("危险化学品经营单位安全生产监督检查", ("危险化学品",), "《危险化学品安全管理条例》第六条、第二十二条",
     "经营许可、储存场所、重大危险源管理、加油站作业安全", "", ""),
    ("工贸企业安全生产监督检查", ("工贸", "有限空间"), "《中华人民共和国安全生产法》第六十五条；《工贸企业有限空间作业安全规定》",
     "安全生产责任制、隐患排查治理、粉尘涉爆和有限空间作业安全管理", "", ""),
    ("商场市场等人员密集场所安全生产检查", ("商贸",), "《中华人民共和国安全生产法》第六十五条",
     "安全出口和疏散通道、应急预案和演练、安全生产教育培训", "", ""),
    ("仓储物流企业安全生产检查", ("仓储物流",), "《中华人民共和国安全生产法》第六十五条",
     "库房储存安全、装卸作业、叉车等特种设备使用", "", ""),
    ("餐饮场所燃气使用安全检查", ("餐饮（燃气使用）",), "《中华人民共和国安全生产法》第六十五条；《城镇燃气管理条例》",
     "燃气器具和管道、报警装置、从业人员培训", "牵头：区应急管理局；配合：区城市管理委", "进一次门、查多项事"),
]


def xicheng_plan() -> Plan:
    items = tuple(
        WorkdayItem(
            category=cat,
            name=name,
            method=method,
            reported=value if method == METHOD_REPORTED else 0,
            note=note,
            history=_history(value, method, DRIFT[i]),
        )
        for i, (cat, name, value, method, note) in enumerate(PUBLISHED)
    )
    units = tuple(Unit(n, s, k, w, note) for n, s, k, w, note in UNITS)
    return Plan(
        authority="北京市西城区应急管理局",
        year=YEAR,
        units=units,
        items=items,
        headcount=83,
        entity_base=8580,
        workday_mode="formula",
        days_per_key_inspection=2,
        days_per_general_inspection=2,
        staff_history=dict(STAFF_HISTORY),
        prose=tuple(ProseRow(level, text) for level, text in PROSE)
        + tuple(ProseRow(REWRITE, new, old) for old, new in REWRITES),
        key_categories=tuple(KeyCategory(name, note, tuple(counts)) for name, note, counts in KEY_CATEGORIES),
        entity_visit_cap=4,
        inspection_items=tuple(
            InspectionItem(name, sectors, basis, ROUTINE, content, "现场检查", 1, 2, joint=joint, note=note)
            for name, sectors, basis, content, joint, note in INSPECTION_ITEMS
        ),
    )


def main(argv: list[str]) -> int:
    from planlib.io.workbook import write_plan

    out = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / "data" / "xicheng_2020.xlsx"
    write_plan(
        xicheng_plan(),
        out,
        note=(
            "来源：北京市西城区应急管理局《2020年度安全生产监督检查计划》（计划正文、重点检查类别与四至六部分）。"
            f"各执法单位人员数与2017–2019年历史数据为{ILLUSTRATIVE}。"
        ),
    )
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
