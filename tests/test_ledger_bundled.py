"""The bundled example ledger (data/xicheng_2020_ledger.xlsx) and the README's two commands on the
bundled data: ``planlib progress`` and ``planlib next-year`` (docs/contract.md §7)."""

from __future__ import annotations

import importlib.util

import pytest
from python_calamine import CalamineWorkbook

from support import ROOT, XICHENG, run_planlib

REGISTER = ROOT / "data" / "xicheng_2020_register.xlsx"
LEDGER = ROOT / "data" / "xicheng_2020_ledger.xlsx"


def _values(path) -> dict[str, list[list]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


@pytest.mark.slow  # rebuilds the register's draw
def test_committed_ledger_is_the_scripts_output(tmp_path):
    spec = importlib.util.spec_from_file_location("build_ledger", ROOT / "scripts" / "build_xicheng_ledger.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build(tmp_path / "ledger.xlsx")
    assert _values(built) == _values(LEDGER)
    sheets = _values(LEDGER)
    dates = [r[0] for r in sheets["检查台账"][1:]]
    assert min(d for d in dates if d.year == 2020).month == 1 and max(dates).month == 7  # the planted July row
    assert len(sheets["实际工作日"]) == 1 + 15  # every item of 工作日类别


@pytest.mark.slow  # the README's command, in a subprocess
def test_readme_progress_on_the_bundled_data(tmp_path):
    out = tmp_path / "进度"
    args = ["progress", XICHENG, "--register", REGISTER, "--ledger", LEDGER, "--seed", "2020"]
    done = run_planlib(*args, "--as-of", "2020-06-30", "--out", out, "--results")
    assert done.returncode == 0, done.stderr
    assert "进度落后超过一个月：执法监察三队" in done.stdout  # the script slows it down from April
    book = out / "执行进度_2020_0630.xlsx"
    problems = CalamineWorkbook.from_path(str(book)).get_sheet_by_name("台账问题").to_python()[2:]
    # the six planted problems, one of each kind (scripts/build_xicheng_ledger.py)
    words = ["不是计划工作簿", "不在监管对象名录中", "不在计划年度2020年内", "晚于统计截止日", "重复", "少于2人"]
    assert len(problems) == 6
    assert all(any(w in r[5] for r in problems) for w in words), [r[5] for r in problems]
    unplanned = CalamineWorkbook.from_path(str(book)).get_sheet_by_name("计划外检查").to_python()[2:]
    # four triggered visits, the visit to a code not in the register, the one-inspector complaint visit
    assert len(unplanned) == 6
    text = (out / "执行情况_2020_0630.md").read_text(encoding="utf-8")
    assert "进度落后超过一个月的执法单位：执法监察三队" in text
    assert (out / "执行进度_2020_0630.png").stat().st_size > 10_000
    assert (out / "抽查结果公示_2020.xlsx").is_file()


@pytest.mark.slow  # the README's command, in a subprocess
def test_readme_next_year_on_the_bundled_data(tmp_path):
    target = tmp_path / "计划_2021.xlsx"
    done = run_planlib("next-year", XICHENG, "--ledger", LEDGER, "--out", target)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    computed = run_planlib("compute", target)
    assert computed.returncode == 0, computed.stderr
    # 三年平均 items over 2018–2020, 2020 from 实际工作日 (scripts/build_xicheng_ledger.py):
    assert "组织生产安全事故调查和处理：441个工作日（三年平均）" in computed.stdout  # (436 + 436 + 450) / 3
    assert "病假、事假：92个工作日（三年平均）" in computed.stdout  # (97 + 90 + 88) / 3 = 91.67
    assert "国家法定工作日=365-104-11=250" in computed.stdout


@pytest.mark.slow  # papermill
def test_progress_notebook_run_by_the_command(tmp_path):
    out = tmp_path / "进度"
    args = ["progress", XICHENG, "--register", REGISTER, "--ledger", LEDGER, "--seed", "2020"]
    done = run_planlib(*args, "--as-of", "2020-03-31", "--out", out, "--notebook")
    assert done.returncode == 0, done.stderr
    import nbformat

    nb = nbformat.read(out / "执行进度_2020_0331.ipynb", as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("截至3月31日" in o.get("text", "") for o in outputs)
    assert any("image/png" in o.get("data", {}) for o in outputs)


@pytest.mark.slow  # the official run and three notebooks
def test_run_with_a_ledger_adds_the_progress_to_the_package(tmp_path):
    out = tmp_path / "2020"
    args = ["run", "--out", out, "--register", REGISTER, "--seed", "2020", "--ledger", LEDGER, "--as-of", "2020-06-30"]
    done = run_planlib(*args)
    assert done.returncode == 0, done.stderr
    names = {p.name for p in out.iterdir()}
    assert {"plan_2020.docx", "抽查名单_2020.xlsx", "执行进度_2020_0630.xlsx", "执行进度_2020_0630.ipynb"} <= names
    assert {"执行情况_2020_0630.md", "抽查结果公示_2020.xlsx"} <= names
    # the run's own 抽查名单 (seed 2020) is the list the ledger was made from: 执法监察三队 behind
    assert "进度落后超过一个月：执法监察三队" in done.stdout
    again = run_planlib(*args)  # a second run replaces planlib's own files, the progress ones too
    assert again.returncode == 0, again.stderr


@pytest.mark.slow
def test_run_with_a_ledger_needs_the_register(tmp_path):
    done = run_planlib("run", "--out", tmp_path / "o", "--ledger", LEDGER)
    assert done.returncode == 2 and "--register" in done.stderr and done.stderr.count("\n") == 1
    assert not (tmp_path / "o").exists()
