"""The command line as a user runs it (docs/contract.md §2)."""

from __future__ import annotations

import hashlib
import json

import pytest

from support import run_cli, run_planlib, shifted


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_compute_summary_is_chinese_and_complete(xicheng_path):
    before = sha(xicheng_path)
    proc = run_cli("compute", xicheng_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for text in (
        "国家法定工作日=366-104-11=251",
        "总法定工作日=251×35=8785",
        "其他执法工作日：3090",
        "非执法工作日：4683",
        "监督检查工作日=8785-3090-4683=1012",
        "计划检查：506家",
        "重点检查306家（60.47%）",
        "一般检查200家（39.53%）",
        "计划检查比例5.9%",
        "执法监察一队：8人，重点检查70家，一般检查50家",
    ):
        assert text in out, text
    assert sha(xicheng_path) == before  # the input is never written to


def test_official_mode_from_the_command_line(xicheng_path):
    proc = run_planlib("compute", xicheng_path, "--json", "--mode", "official")
    data = json.loads(proc.stdout)
    assert data["calendar"]["mode"] == "official"
    assert data["calendar"]["workdays_per_person"] == 249  # the 2020 Spring Festival extension
    assert data["total_workdays"] == 249 * 35


def test_check_exit_status(xicheng_path, tmp_path):
    proc = run_cli("check", xicheng_path, "--json")
    assert proc.returncode == 0, proc.stdout
    assert all(f["severity"] != "error" for f in json.loads(proc.stdout)["findings"])


def test_check_exits_1_on_error_findings(xicheng_plan, tmp_path):
    from dataclasses import replace
    from fractions import Fraction

    from planlib.io.workbook import write_plan

    bad = tmp_path / "低双随机.xlsx"
    write_plan(replace(xicheng_plan, random_share_min=Fraction(1, 2)), bad)
    proc = run_cli("check", bad)
    assert proc.returncode == 1
    assert "双随机" in proc.stdout and "50.00%" in proc.stdout


def test_official_mode_without_calendar_data_is_bad_input(xicheng_plan, tmp_path):
    from planlib.io.workbook import write_plan

    path = tmp_path / "2030.xlsx"
    write_plan(shifted(xicheng_plan, 2030), path)
    assert run_cli("compute", path).returncode == 0
    proc = run_cli("compute", path, "--mode", "official")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "2030" in lines[0] and "2030.xlsx" in lines[0] and "Traceback" not in proc.stderr
    # the sheet named once, then the workday_mode cell; the way out is the 放假安排 sheet (docs/contract.md §4)
    assert "工作表“基本信息” B6：" in lines[0] and "放假安排" in lines[0]


def test_template_then_compute(tmp_path):
    path = tmp_path / "模板.xlsx"
    proc = run_cli("template", path)
    assert proc.returncode == 0, proc.stderr
    assert path.exists()
    proc = run_cli("compute", path, "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total_workdays"] > 0


def test_template_never_overwrites_without_force(tmp_path):
    path = tmp_path / "已有.xlsx"
    path.write_bytes(b"keep me")
    proc = run_cli("template", path)
    assert proc.returncode == 2 and path.read_bytes() == b"keep me"
    assert "已存在" in proc.stderr
    assert run_cli("template", path, "--force").returncode == 0


@pytest.mark.slow
def test_compute_does_not_import_heavy_modules():
    import subprocess
    import sys

    code = (
        "import sys, runpy; sys.argv=['planlib','--help']\n"
        "from planlib.app import cli\nfrom planlib.core import compute, rules\nfrom planlib.io import contract, workbook\nfrom planlib.text import report\n"
        "heavy = [m for m in ('matplotlib', 'papermill', 'pandas', 'ipywidgets', 'docx') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


def _one_line_bad_input(proc) -> str:
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


def _one_line_output_error(proc) -> str:
    """Outputs that cannot be written are not bad input (issue 13): "输出错误：…", exit 1."""
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert lines[0].startswith("输出错误："), lines[0]
    return lines[0]


def test_template_where_it_cannot_be_written_is_an_output_error(tmp_path):
    (tmp_path / "a folder.xlsx").mkdir()
    a_file = tmp_path / "file.txt"
    a_file.write_text("keep", encoding="utf-8")
    assert "文件夹不存在" in _one_line_output_error(run_cli("template", tmp_path / "missing" / "t.xlsx"))
    assert "这是一个文件夹" in _one_line_output_error(run_cli("template", tmp_path / "a folder.xlsx", "--force"))
    assert "不是文件夹" in _one_line_output_error(run_cli("template", a_file / "t.xlsx"))
    assert a_file.read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a folder.xlsx", "file.txt"]  # no temporary left


@pytest.mark.slow
def test_audit_and_batch_with_an_unusable_out_dir_are_output_errors(xicheng_path, tmp_path):
    a_file = tmp_path / "file.txt"
    a_file.write_text("keep", encoding="utf-8")
    for command in ("audit", "batch"):
        line = _one_line_output_error(run_planlib(command, xicheng_path, "--out", a_file / "out"))
        assert "file.txt/out”" in line and "不是文件夹" in line, command
    assert a_file.read_text(encoding="utf-8") == "keep"


def test_every_option_and_argument_of_every_command_has_a_chinese_help():
    """`planlib CMD --help` explains every option and argument (a new user reads it, in Chinese)."""
    import argparse
    import re

    from planlib.app.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    silent = [
        f"{name} {action.dest}"
        for name, command in sub.choices.items()
        for action in command._actions
        if not isinstance(action, argparse._HelpAction)
        and not (action.help and re.search(r"[\u4e00-\u9fff]", action.help))
    ]
    assert silent == []
