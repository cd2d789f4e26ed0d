"""The supervised-entity register and the 双随机 draw (docs/contract.md §5, issue 11).

Expected figures come from the published plan (26 + 4 × 70 = 306 key units, 4 × 50 = 200
general inspections), from the register the test builds itself, or from arithmetic done here;
check characters from GB 32100-2015's weight table typed in below.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
from collections import Counter
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

from planlib.core.model import Unit
from planlib.core.register import Entity, assign_key_units, code_check_ok, draw
from planlib.errors import InputError
from planlib.io.draw import load_with_register, make_draw, write_draw
from planlib.io.register import read_register
from support import XICHENG, run_planlib

# Whole runs, documents and registers written and read back: left out of make test-fast.
pytestmark = pytest.mark.slow

# GB 32100-2015 Table 3 (weights of positions 1–17) and the code's 31 characters.
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"

KEY = {"安全监管科（行政审批科）": 26, "执法监察综合队": 70, "执法监察一队": 70, "执法监察二队": 70, "执法监察三队": 70}
TEAMS = [u for u in KEY if u.startswith("执法监察")]
# Non-key entities by sector: 8,580 − 306 = 8,274.
# The bundled workbook's 检查事项 name these sectors (an item over a sector the register lacks is an input error).
GENERAL = {"商贸": 2800, "仓储物流": 500, "餐饮（燃气使用）": 2100, "工贸": 1500, "有限空间": 700, "危险化学品": 674}
HEADER = ["单位名称", "统一社会信用代码", "行业领域", "风险等级", "属地", "重点检查", "负责执法单位", "重点原因"]


def check_char(first17: str) -> str:
    total = sum(CHARS.index(c) * w for c, w in zip(first17, WEIGHTS, strict=False))
    return CHARS[(31 - total % 31) % 31]


def code(n: int) -> str:
    body = f"91110102{n:09d}"
    return body + check_char(body)


def xicheng_rows() -> list[list]:
    rows, n = [], 0
    for unit, count in KEY.items():
        for _ in range(count):
            n += 1
            rows.append(
                [f"重点单位{n}", code(n), "工贸" if n % 2 else "危险化学品", "较大", "月坛街道", "是", unit, "示例"]
            )
    for sector, count in GENERAL.items():
        for _ in range(count):
            n += 1
            rows.append([f"一般单位{n}", code(n), sector, "一般", "德胜街道", "否", "", ""])
    random.Random(1).shuffle(rows)
    return rows


def write_xlsx(path: Path, rows, header=HEADER, title: str = "监管对象名录", before: list | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in before or []:
        ws.append(row)
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_csv(path: Path, rows, encoding: str, header=HEADER) -> Path:
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def register_path(tmp_path_factory) -> Path:
    return write_xlsx(tmp_path_factory.mktemp("reg") / "名录.xlsx", xicheng_rows())


@pytest.fixture(scope="module")
def rp(register_path):
    return load_with_register(XICHENG, register_path)


def plan_copy(
    tmp_path: Path,
    settings: dict | None = None,
    sheets: dict[str, list[list]] | None = None,
    units: dict[str, int] | None = None,
    without: tuple[str, ...] = (),
) -> Path:
    """The bundled plan with extra settings rows, extra sheets, or other typed 重点检查家数, and
    without the sheets ``without``."""
    wb = openpyxl.load_workbook(XICHENG)
    for title in without:
        del wb[title]
    for key, value in (settings or {}).items():
        wb["基本信息"].append([key, value])
    for title, rows in (sheets or {}).items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    if units:
        if "重点检查类别" in wb.sheetnames:  # its per-category counts would have to change too
            del wb["重点检查类别"]
        ws = wb["执法人员"]
        for row in ws.iter_rows(min_row=2):
            if row[0].value in units:
                row[2].value = units[row[0].value]
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    return path


# --- The check character ----------------------------------------------------------------------


def test_check_character_of_gb_32100():
    assert code_check_ok("91350100M000100Y43")  # the standard's own example code
    body = "91110102MA0000000"
    good = body + check_char(body)
    assert code_check_ok(good)
    wrong = body + next(c for c in CHARS if c != good[-1])
    assert not code_check_ok(wrong)
    assert not code_check_ok("91110102MA000000I0")  # I is not a code character


# --- The plan with its register ------------------------------------------------------------------


def test_register_gives_the_published_unit_figures(rp):
    assert len(rp.register.entities) == 8580
    assert len(rp.keys) == 306
    assert [(u.name, u.key, u.general) for u in rp.result.units] == [
        ("安全监管科（行政审批科）", 26, 0),
        ("执法监察综合队", 70, 50),
        ("执法监察一队", 70, 50),
        ("执法监察二队", 70, 50),
        ("执法监察三队", 70, 50),
    ]
    assert (rp.result.key_inspections, rp.result.general_inspections, rp.result.planned_inspections) == (306, 200, 506)
    assert not [f for f in rp.findings if f.severity == "error"]


def test_draw_is_stratified_disjoint_and_per_unit(rp):
    d, _ = make_draw(rp, 2020, "test")
    targets = d.targets
    assert len(targets) == 200
    assert Counter(t.unit for t in targets) == {team: 50 for team in TEAMS}
    codes = [t.entity.code for t in targets]
    assert len(set(codes)) == 200
    assert not set(codes) & {e.code for e in rp.keys}
    drawn = Counter(t.entity.sector for t in targets)
    frame = sum(GENERAL.values())
    assert frame == d.frame_size == 8274
    for sector, size in GENERAL.items():
        quota = Fraction(200 * size, frame)
        assert abs(drawn[sector] - quota) < 1, (sector, drawn[sector], float(quota))
    assert sum(drawn.values()) == 200


def test_same_seed_same_draw_other_seed_other_draw(rp):
    first = [(t.unit, t.entity.code) for t in make_draw(rp, 2020, "test")[0].targets]
    again = [(t.unit, t.entity.code) for t in make_draw(rp, 2020, "test")[0].targets]
    other = [(t.unit, t.entity.code) for t in make_draw(rp, 2021, "test")[0].targets]
    assert first == again
    assert first != other


def test_row_order_of_the_register_does_not_change_the_draw(tmp_path, rp):
    rows = xicheng_rows()
    rows.reverse()
    other = load_with_register(XICHENG, write_xlsx(tmp_path / "reversed.xlsx", rows))
    a = [(t.unit, t.entity.code) for t in make_draw(rp, 5, "t")[0].targets]
    b = [(t.unit, t.entity.code) for t in make_draw(other, 5, "t")[0].targets]
    assert a == b


def test_draw_follows_the_documented_algorithm():
    """The record's description, done by hand with random.Random.random() only."""
    frame = [Entity(i + 2, f"单位{i}", code(1000 - i), "甲" if i % 3 else "乙") for i in range(30)]
    d = draw(frame, [("一队", 4), ("二队", 2)], seed=42)
    rng = random.Random(42)
    ordered = sorted(frame, key=lambda e: e.code)
    keys = {e.code: rng.random() for e in ordered}
    # 6 over strata 乙 (10) and 甲 (20), names in order: quotas 2 and 4
    pick = []
    for sector, n in (("乙", 2), ("甲", 4)):
        members = sorted((keys[e.code], e.code) for e in ordered if e.sector == sector)
        pick += [c for _, c in members[:n]]
    dealt = [c for _, c in sorted((rng.random(), c) for c in pick)]
    assert [t.entity.code for t in d.targets] == dealt
    assert [t.unit for t in d.targets] == ["一队"] * 4 + ["二队"] * 2


def test_draw_file_and_complete_record(tmp_path, register_path):
    out = tmp_path / "out"
    proc = run_planlib("draw", XICHENG, "--register", register_path, "--seed", 2020, "--out", out)
    assert proc.returncode == 0, proc.stderr
    path = out / "抽查名单_2020.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["重点检查名单", "双随机抽查名单", "抽取记录"]
    keys = list(wb["重点检查名单"].iter_rows(min_row=3, values_only=True))
    assert len(keys) == 306
    assert Counter(r[1] for r in keys) == KEY
    drawn = list(wb["双随机抽查名单"].iter_rows(min_row=3, values_only=True))
    assert len(drawn) == 200 and not {r[3] for r in drawn} & {r[3] for r in keys}
    record = {r[0]: r[1] for r in wb["抽取记录"].iter_rows(min_row=3, values_only=True)}
    assert record["随机种子"] == "2020"
    assert record["抽取框家数（非重点单位）"] == 8274
    assert record["抽取总数"] == 200
    assert "random.Random" in record["算法"] and "random()" in record["算法"]
    assert record["计划工作簿 SHA-256"] == sha(XICHENG)
    assert record["监管对象名录 SHA-256"] == sha(register_path)
    assert record["planlib 版本"] and record["抽取时间"]
    # a Beijing bureau's record: 抽取时间 in Beijing time, whatever the machine's clock (issue 17 item 7)
    import datetime as dt

    when = dt.datetime.fromisoformat(record["抽取时间"])
    assert record["抽取时间"].endswith("+08:00") and when.utcoffset() == dt.timedelta(hours=8)
    assert abs(dt.datetime.now(dt.UTC) - when) < dt.timedelta(minutes=10)
    for sector, size in GENERAL.items():
        assert record[f"分层：{sector}"].startswith(f"框内{size}家")
    for team in TEAMS:
        assert record[f"抽取家数：{team}"] == 50
    # the same seed again is the same draw; another seed is refused, the file unchanged
    before = [r[3] for r in drawn]
    assert run_planlib("draw", XICHENG, "--register", register_path, "--seed", 2020, "--out", out).returncode == 0
    again = [r[3] for r in openpyxl.load_workbook(path)["双随机抽查名单"].iter_rows(min_row=3, values_only=True)]
    assert again == before
    digest = sha(path)
    proc = run_planlib("draw", XICHENG, "--register", register_path, "--seed", 7, "--out", out)
    assert proc.returncode == 2 and "随机种子2020" in proc.stderr and "Traceback" not in proc.stderr
    assert sha(path) == digest


def test_inspectors_two_distinct_officers_of_the_unit(tmp_path, register_path):
    roster = [["姓名", "执法证号", "执法单位"]]
    for u, team in enumerate(TEAMS):
        roster += [[f"{team}队员{i}", f"11010200{u}{i:02d}", team] for i in range(8)]
    plan = plan_copy(tmp_path, sheets={"执法人员名单": roster})
    rp = load_with_register(plan, register_path)
    d, _ = make_draw(rp, 3, "t")
    by_badge = {r[1]: r[2] for r in roster[1:]}
    for t in d.targets:
        a, b = t.inspectors
        assert a.badge != b.badge
        assert by_badge[a.badge] == by_badge[b.badge] == t.unit
    pairs = Counter(frozenset((t.inspectors[0].badge, t.inspectors[1].badge)) for t in d.targets)
    assert len(pairs) > 10  # drawn, not one fixed pair


# --- Reading: formats and tolerance ---------------------------------------------------------------


def _entities(path):
    return [(e.name, e.code, e.sector, e.risk, e.key_flag, e.unit) for e in read_register(path).entities]


def test_gbk_and_utf8_csv_read_like_the_xlsx(tmp_path, register_path):
    rows = xicheng_rows()
    expected = _entities(register_path)
    assert _entities(write_csv(tmp_path / "gbk.csv", rows, "gbk")) == expected
    assert _entities(write_csv(tmp_path / "utf8.csv", rows, "utf-8-sig")) == expected


def test_xls_reads_like_the_xlsx(tmp_path, register_path):
    xlwt = pytest.importorskip("xlwt", reason="xlwt (the pure-Python .xls writer) is not installed")
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("监管对象名录")
    rows = xicheng_rows()[:3000]  # .xls (BIFF8) sheets hold at most 65,536 rows; a part suffices
    for c, h in enumerate(HEADER):
        ws.write(0, c, h)
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    path = tmp_path / "名录.xls"
    wb.save(str(path))
    xlsx = write_xlsx(tmp_path / "part.xlsx", rows)
    assert _entities(path) == _entities(xlsx)


def test_tolerant_of_what_people_type(tmp_path):
    body = "91110102MA0000001"
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in body + check_char(body))
    rows = [
        ["  甲公司 ", full_width, " 工贸 ", "较大风险", "月坛街道", " 是", "执法监察一队", ""],
        [None, None, None, None, None, None, None, None],
        ["乙公司", code(2), "商贸", "", "", "否", "", ""],
    ]
    path = write_xlsx(
        tmp_path / "r.xlsx",
        rows,
        header=[f" {h} " for h in HEADER],
        title="Sheet1",
        before=[["西城区监管对象名录（示例）"], []],
    )
    reg = read_register(path)
    a, b = reg.entities
    assert (a.name, a.code, a.sector, a.risk, a.key_flag) == ("甲公司", body + check_char(body), "工贸", "较大", True)
    assert (a.row, b.row) == (4, 6)
    assert reg.bad_check_rows == ()


def test_wrong_check_character_is_a_warning_listing_rows(tmp_path):
    bad = code(5)[:-1] + ("0" if code(5)[-1] != "0" else "1")
    rows = [["甲", code(1), "工贸", "", "", "", "", ""], ["乙", bad, "工贸", "", "", "", "", ""]]
    reg = read_register(write_xlsx(tmp_path / "r.xlsx", rows))
    assert reg.bad_check_rows == (3,)


def test_key_units_from_risk_levels_without_the_flag_column(tmp_path):
    header = ["单位名称", "统一社会信用代码", "行业领域", "风险等级"]
    rows = [["甲", code(1), "工贸", "重大"], ["乙", code(2), "工贸", "较大"], ["丙", code(3), "工贸", "一般"]]
    reg = read_register(write_xlsx(tmp_path / "r.xlsx", rows, header=header))
    assert [e.name for e in reg.key_units()] == ["甲", "乙"]
    assert [e.name for e in reg.key_units(("重大",))] == ["甲"]


# --- Key units to units -------------------------------------------------------------------------------


def test_blank_units_fill_typed_counts_then_balance_by_officers():
    units = [Unit("甲", 2, key_inspections=3), Unit("乙", 4), Unit("丙", 2)]
    keys = [Entity(i + 2, f"k{i}", code(i), "工贸", key_flag=True) for i in range(9)]
    keys[0] = Entity(2, "k0", code(0), "工贸", key_flag=True, unit="丙")
    a = assign_key_units(keys, units)
    # 甲 typed 3: gets the first three blank ones (codes 1–3); the other five go one by one to the
    # unit with the fewest per officer: 乙 0/4, then 甲 3/2 vs 乙 1/4 vs 丙 1/2 → 乙, 乙 (2/4 = 丙 1/2: 乙 earlier) …
    assert a.count("甲") == 3 and [e.code for e, _ in a.by_unit["甲"]] == [code(1), code(2), code(3)]
    assert a.count("乙") + a.count("丙") == 6
    # final loads: 乙 4/4 = 1, 丙 (1+1)/2 = 1 → balanced
    assert (a.count("乙"), a.count("丙")) == (4, 2)
    assert a.total == 9 and not a.unassigned


def test_blank_units_go_to_the_unit_of_their_sector():
    """Issue 21 item 8: key units without 负责执法单位 were filled in workbook order whatever their
    行业领域; they now go to the unit that already has that sector's key units."""
    units = [Unit("甲", 2, key_inspections=3), Unit("乙", 2, key_inspections=3)]
    named = [
        Entity(20, "甲的工贸", code(10), "工贸", key_flag=True, unit="甲"),
        Entity(21, "乙的危化", code(11), "危化", key_flag=True, unit="乙"),
    ]
    blank = [
        Entity(2, "危化一", code(1), "危化", key_flag=True),
        Entity(3, "危化二", code(2), "危化", key_flag=True),
        Entity(4, "工贸一", code(3), "工贸", key_flag=True),
        Entity(5, "工贸二", code(4), "工贸", key_flag=True),
    ]
    a = assign_key_units(named + blank, units)
    # each unit has a gap of 3 − 1 = 2; workbook order alone would give 甲 危化一, 危化二
    assert sorted(e.name for e, _ in a.by_unit["甲"]) == sorted(["甲的工贸", "工贸一", "工贸二"])
    assert sorted(e.name for e, _ in a.by_unit["乙"]) == sorted(["乙的危化", "危化一", "危化二"])


def test_a_tie_in_load_goes_to_the_unit_of_the_sector():
    units = [Unit("甲", 1), Unit("乙", 1)]
    keys = [
        Entity(20, "甲的危化", code(10), "危化", key_flag=True, unit="甲"),
        Entity(21, "乙的工贸", code(11), "工贸", key_flag=True, unit="乙"),
        Entity(2, "工贸新", code(1), "工贸", key_flag=True),
    ]
    a = assign_key_units(keys, units)
    # 1 per officer each: the tie goes to 乙, which already has a 工贸 key unit (not to 甲, the earlier)
    assert [e.name for e, _ in a.by_unit["乙"]] == ["工贸新", "乙的工贸"]


# --- Refusals ---------------------------------------------------------------------------------------


def _refused(tmp_path, register: Path, plan: Path = XICHENG) -> str:
    before = sha(register)
    out = tmp_path / "out"
    proc = run_planlib("draw", plan, "--register", register, "--seed", 1, "--out", out)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("输入错误："), proc.stderr
    assert sha(register) == before
    assert not (out / "抽查名单_2020.xlsx").exists()
    return lines[-1]


def test_missing_column_is_refused(tmp_path):
    rows = [r[:2] + r[3:] for r in xicheng_rows()[:20]]
    path = write_xlsx(tmp_path / "r.xlsx", rows, header=HEADER[:2] + HEADER[3:])
    line = _refused(tmp_path, path)
    assert "r.xlsx" in line and "监管对象名录" in line and "行业领域" in line and "第1行" in line


def test_duplicate_code_names_both_rows(tmp_path):
    rows = xicheng_rows()
    rows[10][1] = rows[3][1] = code(99999)
    rows[10][5] = rows[3][5] = "否"
    line = _refused(tmp_path, write_xlsx(tmp_path / "r.xlsx", rows))
    assert "第5行" in line and "第12行" in line and "统一社会信用代码" in line


def test_key_unit_flagged_twice(tmp_path):
    rows = xicheng_rows()
    key = next(r for r in rows if r[5] == "是")
    rows.append(list(key))
    line = _refused(tmp_path, write_xlsx(tmp_path / "r.xlsx", rows))
    assert "列了两次" in line and f"第{len(rows) + 1}行" in line


def test_unknown_unit_is_refused(tmp_path):
    rows = xicheng_rows()
    i = next(n for n, r in enumerate(rows) if r[5] == "是")
    rows[i][6] = "执法监察九队"
    line = _refused(tmp_path, write_xlsx(tmp_path / "r.xlsx", rows))
    assert "执法监察九队" in line and f"第{i + 2}行" in line and "负责执法单位" in line


def test_typed_key_count_that_disagrees_names_both(tmp_path, register_path):
    plan = plan_copy(tmp_path, units={"执法监察一队": 69})
    with pytest.raises(InputError) as e:
        load_with_register(plan, register_path)
    text = str(e.value)
    assert "69" in text and "70" in text and "执法人员" in text and "名录.xlsx" in text


def test_not_a_register_is_refused(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    _refused(tmp_path, path)


# --- Frequency caps ---------------------------------------------------------------------------------------


def test_cap_exceeded_is_an_error_finding(tmp_path, register_path):
    caps = [["行业领域", "风险等级", "最多检查次数"], ["工贸", "", 1], ["", "一般", 3]]
    # without 检查事项, key_visits_per_year is every key unit's visits (with it, the uncovered ones')
    plan = plan_copy(
        tmp_path, settings={"key_visits_per_year": 2}, sheets={"检查频次上限": caps}, without=("检查事项",)
    )
    proc = run_planlib("check", plan, "--register", register_path, "--json")
    assert proc.returncode == 1, proc.stderr
    # key units in 工贸: the odd-numbered ones of the 306 (n = 1, 3, …, 305) → 153, each visited twice
    found = [f for f in json.loads(proc.stdout)["findings"] if f["rule"] == "frequency_cap"]
    assert [f["severity"] for f in found] == ["error"]
    line = found[0]["message"]
    first = next(n for n, r in enumerate(xicheng_rows(), 2) if r[5] == "是" and r[2] == "工贸")  # in file order
    assert "工贸" in line and "等153家" in line and f"（第{first}行）" in line
    # within the caps: no finding
    plan = plan_copy(tmp_path, sheets={"检查频次上限": caps})
    proc = run_planlib("check", plan, "--register", register_path, "--json")
    assert proc.returncode == 0 and not [f for f in json.loads(proc.stdout)["findings"] if f["rule"] == "frequency_cap"]


def test_bundled_register_draws_from_a_fresh_clone(tmp_path):
    register = XICHENG.parent / "xicheng_2020_register.xlsx"
    assert register.stat().st_size < 1_000_000
    rp = load_with_register(XICHENG, register)
    assert [u.key for u in rp.result.units] == [26, 70, 70, 70, 70]
    assert len(rp.register.entities) == 8580
    d, findings = make_draw(rp, 2020, "t")
    assert len(d.targets) == 200 and not [f for f in findings if f.severity == "error"]
    assert write_draw(rp, d, "t", tmp_path).name == "抽查名单_2020.xlsx"


def test_blank_key_counts_are_taken_from_the_register(tmp_path, register_path):
    """A plan that types no 重点检查家数 gets them from the register, and so the published plan."""
    plan = plan_copy(tmp_path, units={u: None for u in KEY})
    rp = load_with_register(plan, register_path)
    assert [u.key for u in rp.result.units] == [26, 70, 70, 70, 70]
    assert (rp.result.key_inspections, rp.result.general_inspections) == (306, 200)


@pytest.mark.slow
def test_official_run_with_a_register_includes_the_lists(tmp_path, register_path):
    from planlib.app import run
    from planlib.io.publish import PROVENANCE

    plan = plan_copy(tmp_path, units={u: None for u in KEY})  # the counts must come from the register
    out = run.official_run(plan, out_dir=tmp_path / "out", progress=False, register=register_path, seed=2020)
    record = __import__("json").loads((out / PROVENANCE).read_text(encoding="utf-8"))
    assert "抽查名单_2020.xlsx" in record["files"]
    assert record["register"]["sha256"] == sha(register_path) and record["register"]["seed"] == 2020
    results = __import__("json").loads((out / "results.json").read_text(encoding="utf-8"))
    assert [u["key"] for u in results["units"]] == [26, 70, 70, 70, 70]
    wb = openpyxl.load_workbook(out / "抽查名单_2020.xlsx")
    assert wb["双随机抽查名单"].max_row - 2 == 200
    import docx  # the filed plan attaches the key-unit list (and not the 双随机 list)

    document = docx.Document(str(out / "plan_2020.docx"))
    labels = [p.text for p in document.paragraphs if p.style.name == "附件标签"]
    titles = [p.text for p in document.paragraphs if p.style.name == "附件标题"]
    assert titles[-1] == "2020年度重点检查单位名单（306家）" and labels[-1] == f"附件{len(labels)}"  # the last one
    assert len(document.tables[-1].rows) == 1 + 306
    assert "2020年度重点检查单位名单（306家）" in (out / "plan_2020.md").read_text(encoding="utf-8")
    # another seed into the same folder is refused; the published list stays
    digest = sha(out / "抽查名单_2020.xlsx")
    with pytest.raises(InputError):
        run.official_run(plan, out_dir=out, progress=False, register=register_path, seed=1)
    assert sha(out / "抽查名单_2020.xlsx") == digest


def test_register_view_totals_and_key_list_per_unit(rp):
    pytest.importorskip("ipywidgets")
    from planlib.text.register import register_totals_table
    from planlib.views.widgets import register_view

    totals = register_totals_table(rp.register, rp.keys)
    last = totals.rows[-1]
    assert last[0] == "合计" and last[-2] == 8580 and last[-1] == 306
    by_sector = {r[0]: r for r in totals.rows[:-1]}
    assert by_sector["商贸"][-2] == GENERAL["商贸"] and by_sector["商贸"][-1] == 0
    assert by_sector["工贸"][-2] == GENERAL["工贸"] + 153 and by_sector["工贸"][-1] == 153  # odd n of the 306
    view = register_view(rp)
    chooser, key_list = view.children[2], view.children[3]
    chooser.value = "安全监管科（行政审批科）"
    assert "（26家）" in key_list.value
    chooser.value = "执法监察二队"
    assert "（70家）" in key_list.value


# --- Issue 21 item 8: what the register checks let pass ------------------------------------------


def test_codes_of_17_and_19_characters_are_a_warning_naming_the_rows(tmp_path):
    rows = xicheng_rows()
    rows[0][1] = rows[0][1][:17]
    rows[1][1] = rows[1][1] + "0"
    rp = load_with_register(XICHENG, write_xlsx(tmp_path / "r.xlsx", rows))
    messages = [f.message for f in rp.findings if "18位" in f.message]
    assert len(messages) == 1 and "第2、3共2行" in messages[0]


def test_one_name_under_two_codes_is_a_warning(tmp_path):
    rows = xicheng_rows()
    rows[7][0] = rows[8][0] = "同名单位"
    rp = load_with_register(XICHENG, write_xlsx(tmp_path / "r.xlsx", rows))
    messages = [f.message for f in rp.findings if "多个统一社会信用代码" in f.message]
    assert len(messages) == 1 and "“同名单位”（第9、10行）" in messages[0]


def test_every_duplicate_code_is_reported(tmp_path):
    rows = xicheng_rows()
    rows[10][1] = rows[3][1] = code(99999)
    rows[20][1] = rows[30][1] = code(99998)
    for r in (3, 10, 20, 30):
        rows[r][5] = "否"
    line = _refused(tmp_path, write_xlsx(tmp_path / "r.xlsx", rows))
    assert "第5行、第12行" in line and "第22行、第32行" in line and "共2处重复" in line


def test_a_mismatch_points_at_the_categories_when_the_count_was_typed_there(tmp_path):
    """Item 8: the error pointed at a blank 执法人员 cell when the count was in 重点检查类别."""
    wb = openpyxl.load_workbook(XICHENG)
    ws = wb["执法人员"]
    for row in ws.iter_rows(min_row=2):
        row[2].value = None  # the counts come from 重点检查类别
    plan = tmp_path / "plan.xlsx"
    wb.save(plan)
    rows = xicheng_rows()
    moved = next(r for r in rows if r[6] == "执法监察一队")
    moved[6] = "执法监察二队"  # 一队 69 key units in the register, 70 in the categories
    with pytest.raises(InputError) as e:
        load_with_register(plan, write_xlsx(tmp_path / "r.xlsx", rows))
    assert e.value.sheet == "重点检查类别" and e.value.where
    assert "执法人员" not in str(e.value).split("：")[0]


# --- The key-unit list in the filed plan (issue 17 item 4) ---------------------------------------


@pytest.mark.slow  # a 307-row Word table written and read back (python-docx): about 2 s of CPU
def test_the_filed_plan_attaches_the_key_unit_list_and_no_random_list(rp, tmp_path):
    import docx
    from docx.oxml.ns import qn

    from planlib.core.schedule import plan_schedule
    from planlib.io.export import write_docx

    path = write_docx(rp.result, tmp_path / "plan.docx", plan_schedule(rp.result), key_units=rp.assignment)
    document = docx.Document(str(path))
    labels = [p.text for p in document.paragraphs if p.style.name == "附件标签"]
    titles = [p.text for p in document.paragraphs if p.style.name == "附件标题"]
    notes = [p.text for p in document.paragraphs if p.style.name == "附件说明"]
    # after 附件1–3 (and 附件4 涉企行政检查计划表 where the plan has 检查事项), the last attachment
    assert labels[:3] == ["附件1", "附件2", "附件3"] and labels[-1] == f"附件{len(labels)}"
    assert titles[-1] == "2020年度重点检查单位名单（306家）"
    assert notes[-1] == f"{len(labels)}.重点检查单位名单"
    table = document.tables[-1]
    rows = [["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    assert rows[0] == ["序号", "单位名称", "统一社会信用代码", "行业领域", "属地", "执法单位"]
    body = rows[1:]
    assert [r[0] for r in body] == [str(n) for n in range(1, 307)]
    assert Counter(r[5] for r in body) == KEY  # each key unit once, with the unit that inspects it
    keys = {e.code: e for e in rp.keys}
    assert {r[2] for r in body} == set(keys)
    assert all(r[1] == keys[r[2]].name and r[3] == keys[r[2]].sector for r in body)
    # the 双随机 targets are not published before the inspections: none of them is in the document
    d, _ = make_draw(rp, 2020, "t")
    text = "\n".join(
        [p.text for p in document.paragraphs] + [t.text or "" for t in document.element.body.iter(qn("w:t"))]
    )
    assert "双随机抽查名单" not in text
    assert not any(t.entity.code in text for t in d.targets)


def test_without_a_register_the_plan_has_its_three_attachments(tmp_path):
    import docx

    from planlib.core.compute import compute
    from planlib.io.export import write_docx
    from planlib.io.workbook import load_plan

    document = docx.Document(str(write_docx(compute(load_plan(XICHENG)), tmp_path / "plan.docx")))
    assert [p.text for p in document.paragraphs if p.style.name == "附件标签"] == ["附件1", "附件2", "附件3"]


def test_beijing_time_whatever_the_machines_clock():
    import datetime as dt

    from planlib.config import beijing_now

    now = beijing_now()
    assert now.utcoffset() == dt.timedelta(hours=8) and now.isoformat().endswith("+08:00")
    assert abs(now - dt.datetime.now(dt.UTC)) < dt.timedelta(seconds=5)


def test_check_characters_are_judged_without_numpy_like_one_code_at_a_time():
    """issue 23 item 2: the vectorised judgement (no numpy) agrees with the rule for one code."""
    import random

    from planlib.core.register import CODE_CHARS, check_character
    from planlib.io.register import wrong_check_characters

    rng = random.Random(23)
    codes = []
    for n in range(3000):
        body = "".join(rng.choice(CODE_CHARS) for _ in range(17))
        last = check_character(body) if n % 3 else rng.choice(CODE_CHARS)
        if n % 17 == 0:
            body = body[:4] + rng.choice("IOZSV?é中 ") + body[5:]
        codes.append(body + last)
    expected = [
        i for i, c in enumerate(codes) if not (all(ch in CODE_CHARS for ch in c) and check_character(c[:17]) == c[17])
    ]
    assert 900 < len(expected) < 1300  # a third wrong on purpose, and the foreign characters
    assert wrong_check_characters(codes) == expected
    assert wrong_check_characters([]) == []


def test_a_register_whose_sheet_starts_below_row_1_names_its_real_rows(tmp_path):
    """Two empty rows above the header (nothing typed there at all): calamine's range starts at
    row 3, and the rows are still numbered as the sheet numbers them."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "监管对象名录"
    bad = code(5)[:-1] + ("0" if code(5)[-1] != "0" else "1")
    for r, row in enumerate(
        [HEADER, ["甲", code(1), "工贸", "", "", "", "", ""], ["乙", bad, "工贸", "", "", "", "", ""]], 3
    ):
        for c, value in enumerate(row, 1):
            ws.cell(row=r, column=c, value=value)
    wb.save(tmp_path / "r.xlsx")
    reg = read_register(tmp_path / "r.xlsx")
    assert [e.row for e in reg.entities] == [4, 5]
    assert reg.bad_check_rows == (5,)


def _with_dtd_in_sheet(source: Path, target: Path) -> Path:
    """``source`` re-zipped with an entity declaration in front of its first sheet's XML."""
    import zipfile

    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":  # openpyxl writes no XML declaration
                data = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + data
            out.writestr(item, data)
    return target


@pytest.mark.parametrize("kind", ["register", "ledger"])
def test_a_register_or_ledger_declaring_entities_is_refused(tmp_path, kind):
    from planlib.io.ledger import read_ledger

    rows = [["甲", code(1), "工贸", "", "", "", "", ""]]
    bomb = _with_dtd_in_sheet(write_xlsx(tmp_path / "r.xlsx", rows), tmp_path / "炸弹.xlsx")
    with pytest.raises(InputError) as e:
        (read_register if kind == "register" else read_ledger)(bomb)
    assert "炸弹.xlsx" in str(e.value) and "DTD" in str(e.value) and "sheet1.xml" in str(e.value)
