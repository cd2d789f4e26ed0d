"""What a new analyst trips over (issue 9, item 4), each tried as a new user would: through
the real command line or the public API, on the bundled workbook edited the way a user
edits it. Expected figures come from the workbook's own cells or from hand arithmetic."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import openpyxl
import pytest

from support import XICHENG, edited, run_cli


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def column_of(ws, header: str) -> int:
    return next(c.column for c in ws[1] if c.value == header)


def refused(path: Path, *args: str) -> str:
    """Run ``compute`` on a bad workbook: exit 2, one Chinese line, the file unchanged; the line."""
    before = sha256(path)
    proc = run_cli("compute", path, *args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert sha256(path) == before
    return lines[0]


def findings(path: Path) -> list[dict]:
    proc = run_cli("check", path, "--json")
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)["findings"]


# ---------------------------------------------------------------- a missing 测算方法 column


def test_a_missing_method_column_is_refused(tmp_path):
    def drop_method(wb):
        ws = wb["工作日类别"]
        ws.delete_cols(column_of(ws, "测算方法"))

    line = refused(edited(tmp_path, drop_method))
    assert "工作表“工作日类别”" in line and "列“测算方法”" in line
    assert "历史数据" in line and "0个工作日" in line


def test_a_method_column_missing_where_every_item_is_reported_still_reads(tmp_path):
    """No history behind a blank 填报值: nothing silently becomes 0, so nothing to refuse."""

    def reported_only(wb):
        ws = wb["工作日类别"]
        value = column_of(ws, "填报值")
        for row in range(2, ws.max_row + 1):
            if ws.cell(row, 1).value and ws.cell(row, value).value is None:
                ws.cell(row, value).value = 10
        ws.delete_cols(column_of(ws, "测算方法"))

    proc = run_cli("compute", edited(tmp_path, reported_only), "--json")
    assert proc.returncode == 0, proc.stderr


def test_a_blank_method_with_history_and_no_value_is_a_warning(tmp_path):
    wb = openpyxl.load_workbook(XICHENG)
    ws = wb["工作日类别"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == "实施行政许可")
    cell = ws.cell(row, column_of(ws, "测算方法"))
    assert cell.value == "上年" and ws.cell(row, column_of(ws, "填报值")).value is None  # the premise
    cell.value = None
    path = tmp_path / "blank-method.xlsx"
    wb.save(path)
    hits = [f for f in findings(path) if f["rule"] == "reported_zero"]
    assert len(hits) == 1 and hits[0]["severity"] == "warning"
    assert "实施行政许可" in hits[0]["message"] and "2019年168" in hits[0]["message"]  # 上年 = 2019's 168
    assert hits[0]["where"].startswith("工作日类别!")
    assert not [f for f in findings(XICHENG) if f["rule"] == "reported_zero"]


# ---------------------------------------------------------------- the template's example rows


def test_the_templates_example_rows_are_warned_about(tmp_path):
    path = tmp_path / "模板.xlsx"
    assert run_cli("template", path).returncode == 0
    proc = run_cli("check", path)
    assert "全部通过" not in proc.stdout
    assert "（示例）" in proc.stdout and "模板示例" in proc.stdout
    hits = [f for f in findings(path) if f["rule"] == "example"]
    assert {f["severity"] for f in hits} == {"warning"}
    text = " ".join(f["message"] for f in hits)
    assert "××区应急管理局（示例）" in text and "执法一队（示例）" in text
    assert not [f for f in findings(XICHENG) if f["rule"] == "example"]  # a real plan is not flagged


def test_a_template_filled_in_is_no_longer_an_example(tmp_path):
    def fill_in(wb):
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and "示例" in cell.value:
                        cell.value = cell.value.replace("（示例）", "").replace("示例", "") or None

    path = tmp_path / "模板.xlsx"
    assert run_cli("template", path).returncode == 0
    wb = openpyxl.load_workbook(path)
    fill_in(wb)
    wb.save(path)
    assert not [f for f in findings(path) if f["rule"] == "example"]


# ---------------------------------------------------------------- Chinese in what users read


RULE_IDS = ("calendar", "split", "key_share", "chain", "capacity", "example", "frequency", "reported_zero")


def test_the_terminal_and_the_rule_sheet_speak_chinese(tmp_path):
    from planlib.io.export import write_xlsx
    from planlib.io.workbook import compute_workbook

    def settings(wb):  # a calendar warning, a split note and a key-share floor warning
        ws = wb["基本信息"]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "workdays_per_person")
        ws.cell(row, 2).value = 250
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "key_share_min")
        ws.cell(row, 2).value = "50%"

    path = edited(tmp_path, settings)
    out = run_cli("compute", path).stdout + run_cli("check", path).stdout
    rules = {f["rule"] for f in findings(path)}
    assert {"calendar", "key_share"} <= rules  # the premise: these findings are printed
    assert "工作日计算方式：公式" in out and "formula" not in out and "official" not in out
    for rule in RULE_IDS:
        assert rule not in out, rule
    assert "工作日日历" in out and "重点检查占比" in out

    result, found = compute_workbook(path)
    sheet = openpyxl.load_workbook(write_xlsx(result, found, tmp_path / "plan.xlsx"))["规则检查"]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c in RULE_IDS]
    assert "工作日日历" in cells and "重点检查占比" in cells


# ---------------------------------------------------------------- one holiday rule, one severity


def test_fourteen_holidays_is_an_error_for_check_as_for_audit(tmp_path):
    def fourteen(wb):
        ws = wb["基本信息"]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "statutory_holidays")
        ws.cell(row, 2).value = 14

    path = edited(tmp_path, fourteen)
    proc = run_cli("check", path)
    assert proc.returncode == 1, proc.stdout
    hit = next(f for f in findings(path) if "法定假日" in f["message"])
    assert hit["severity"] == "error" and "都不符" in hit["message"] and "2020年应为11天" in hit["message"]

    plan = Path(__file__).parent / "data" / "plans" / "err-holidays-fourteen-2019.txt"
    audit = json.loads(run_cli("audit", plan, "--json").stdout)
    said = next(f for f in audit["findings"] if "法定假日" in f["message"] and f["rule"] == "holidays")
    assert said["severity"] == "error" and "都不符" in said["message"] and "2019年应为11天" in said["message"]


# ---------------------------------------------------------------- the notebooks run by hand


@pytest.mark.slow
def test_a_notebook_given_only_another_workbook_runs_and_writes_beside_it(xicheng_plan, tmp_path):
    """The analyst changes only ``input_path`` (a 2025 workbook in their own folder): the year
    follows the workbook and the files land in that folder's outputs/, not in the checkout."""
    import nbformat
    import papermill

    from planlib import config
    from planlib.io.workbook import write_plan
    from support import shifted

    folder = tmp_path / "我的计划"
    folder.mkdir()
    workbook = write_plan(shifted(xicheng_plan, 2025), folder / "计划2025.xlsx")
    before = set(config.OUTPUTS_DIR.rglob("*")) if config.OUTPUTS_DIR.exists() else set()
    target = tmp_path / "executed.ipynb"
    papermill.execute_notebook(
        str(config.NOTEBOOKS_DIR / "annual_plan.ipynb"),
        str(target),
        parameters={"input_path": str(workbook)},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(config.NOTEBOOKS_DIR),
    )
    out = folder / "outputs" / "notebook" / "2025"
    assert (out / "plan_2025.md").is_file() and (out / "results.json").is_file()
    assert json.loads((out / "results.json").read_text(encoding="utf-8"))["year"] == 2025
    after = set(config.OUTPUTS_DIR.rglob("*")) if config.OUTPUTS_DIR.exists() else set()
    assert after == before  # nothing written into the install checkout
    text = "".join(o.get("text", "") for c in nbformat.read(target, as_version=4).cells for o in c.get("outputs", []))
    assert "2025年度；工作日计算方式：公式" in text


def test_work_outputs_are_beside_the_analysts_workbook(tmp_path):
    from planlib import config

    assert config.work_outputs(tmp_path / "a.xlsx") == tmp_path / "outputs"
    assert config.work_outputs(None) == config.OUTPUTS_DIR  # the bundled sample data
    assert config.work_outputs(config.DEFAULT_INPUT) == config.OUTPUTS_DIR


def test_a_saved_scenario_records_its_source_as_an_absolute_path(tmp_path, monkeypatch):
    import shutil

    from planlib.core.scenario import Scenario
    from planlib.io.scenario_file import save_scenario
    from planlib.io.workbook import load_plan

    folder = tmp_path / "科室"
    folder.mkdir()
    shutil.copy(XICHENG, folder / "计划.xlsx")
    monkeypatch.chdir(folder)
    plan = load_plan("计划.xlsx")  # as typed: a relative path
    saved = save_scenario(plan, Scenario(total_officers=40))
    assert saved.parent == folder / "outputs" / "scenarios"  # beside the workbook, not in the checkout
    rows = {r[0].value: r[1].value for r in openpyxl.load_workbook(saved)["情景说明"].iter_rows() if r[0].value}
    assert rows["原输入文件"] == str(folder / "计划.xlsx") and Path(rows["原输入文件"]).is_absolute()
    assert load_plan(saved).enforcement_staff == 40


# ---------------------------------------------------------------- a plan with no history


@pytest.fixture()
def no_history_plan(xicheng_plan):
    from planlib.core.model import WorkdayItem

    items = tuple(WorkdayItem(i.category, i.name, "填报", 100) for i in xicheng_plan.items)
    return xicheng_plan.with_changes(items=items, staff_history={})


def test_no_history_says_so_in_the_tables(no_history_plan, xicheng_plan):
    from planlib.core import history
    from planlib.core.compute import compute
    from planlib.core.history import plan_history
    from planlib.text import report

    threshold = history.as_threshold(0.2)
    hs = plan_history(no_history_plan, threshold)
    table = report.history_table(hs)
    assert "无历史数据" in table.title and not [h for h in table.headers if h[:4].isdigit()]
    assert len(table.rows) == len(no_history_plan.items) and table.rows[0][3] == 100
    staff = report.staff_table(no_history_plan)
    assert "无历史数据" in staff.title and staff.rows == (("2020年", 35),)
    assert report.format_history_flags(hs, threshold) == ["无历史数据：未比较最近一年与三年平均"]
    other = report.category_table(compute(no_history_plan), "其他执法")
    assert "无历史数据" in other.title and not [h for h in other.headers if "实际" in h]
    # with history, the year columns stay
    with_history = report.history_table(plan_history(xicheng_plan, threshold))
    assert {"2017年", "2018年", "2019年"} <= set(with_history.headers) and "无历史数据" not in with_history.title
    assert "2019年实际" in report.category_table(compute(xicheng_plan), "其他执法").headers


def test_no_history_chart_is_a_message_not_empty_axes(no_history_plan):
    from planlib.views import charts

    fig = charts.history_figure(no_history_plan)
    assert len(fig.axes) == 1 and not fig.axes[0].axison
    assert any("无历史数据" in t.get_text() for t in fig.axes[0].texts)
    assert charts.history_series(no_history_plan) == []


# ---------------------------------------------------------------- planlib lab


def test_lab_command_binds_localhost_opens_the_notebooks_and_allows_root_only_as_root():
    from planlib import config
    from planlib.app.lab import lab_command

    as_root = lab_command(8890, open_browser=False, root=True)
    assert "--allow-root" in as_root and "--no-browser" in as_root
    assert "--ServerApp.ip=127.0.0.1" in as_root and f"--ServerApp.root_dir={config.NOTEBOOKS_DIR}" in as_root
    # the package's JupyterLab settings (Chinese interface, no news), never the user's home
    assert f"--LabApp.app_settings_dir={config.LAB_SETTINGS_DIR}" in as_root
    assert "--ServerApp.port=8890" in as_root
    user = lab_command(open_browser=True, root=False)
    assert "--allow-root" not in user and "--no-browser" not in user
    assert not [a for a in user if a.startswith("--ServerApp.port=")]


@pytest.mark.slow  # starts JupyterLab
def test_planlib_lab_starts_as_this_user_and_stops_on_sigterm(tmp_path):
    """As the analyst types it (root here, where plain ``jupyter lab`` refuses to start)."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    from planlib import config

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "lab.log"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "planlib", "lab", "--no-browser", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=tmp_path,  # the notebooks are copied to ./planlib-notebooks/ there
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
        try:
            status = urllib.request.urlopen(f"http://127.0.0.1:{port}/lab", timeout=30).status
        except urllib.error.HTTPError as e:
            status = e.code
        assert status in (200, 302, 403)  # served (a token is still required)
        work = tmp_path / "planlib-notebooks"
        assert f"Serving notebooks from local directory: {work}" in log.read_text()
        assert sorted(p.name for p in work.glob("*.ipynb")) == sorted(
            p.name for p in config.NOTEBOOKS_DIR.glob("*.ipynb")
        )
        proc.send_signal(signal.SIGTERM)  # JupyterLab is the process itself (exec): it stops
        assert proc.wait(timeout=30) is not None
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0  # nothing left serving the port
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_the_terminal_summary_of_an_impossible_plan_says_so(xicheng_plan):
    from hand_chain import chain
    from planlib.core.compute import compute
    from planlib.core.scenario import Scenario, apply
    from planlib.text.findings import check
    from planlib.text.report import format_summary

    by_hand = chain(xicheng_plan, 20)
    lack = by_hand["key_workdays"] - by_hand["inspection"]
    r = compute(apply(xicheng_plan, Scenario(total_officers=20)))
    text = format_summary(r, check(r))
    assert "计划检查：无法完成" in text and f"缺{lack}个工作日" in text
    assert "计划检查：306家" not in text and "计划检查比例" not in text.replace("不计算计划检查比例", "")
    assert "306家×2天）" in text and "（0家×2天）" not in text  # no equation that does not hold


def test_every_rule_id_in_the_code_has_a_chinese_name():
    """A rule added later must get its name users read (the JSON keeps the id)."""
    import re

    from planlib.core.rules import RULE_LABELS

    src = Path(__file__).resolve().parents[1] / "src" / "planlib"
    pattern = re.compile(r'(?:Finding\(|\.add\(|\.add_at\()\s*"([a-z_]+)"|"([a-z_]+)",\s*(?:ERROR|WARNING|INFO)\b')
    ids = {a or b for path in src.rglob("*.py") for a, b in pattern.findall(path.read_text(encoding="utf-8"))}
    assert {"calendar", "holidays", "example", "reported_zero"} <= ids  # the scan finds them
    assert ids - set(RULE_LABELS) == set()
    assert all(re.search(r"[\u4e00-\u9fff]", label) for label in RULE_LABELS.values())
