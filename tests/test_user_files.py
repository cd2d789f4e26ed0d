"""Issue 21 items 1 and 4: every command that writes into a user's folder keeps the user's files.

One rule for all of them (:mod:`planlib.io.owned`): a file of one of the command's output names
is replaced only when planlib wrote it there and nobody changed it since. To cover a new command
(``progress``, ``next-year``), add a :class:`Command` to ``COMMANDS`` with the literal names of
its outputs.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from planlib import config
from planlib.app import cli
from planlib.app.run import check_same_input, load_inputs
from planlib.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
XICHENG = ROOT / "data" / "xicheng_2020.xlsx"
KUANCHENG = ROOT / "data" / "kuancheng_2025.xlsx"
REGISTER = ROOT / "data" / "xicheng_2020_register.xlsx"
LEDGER = ROOT / "data" / "xicheng_2020_ledger.xlsx"
REFERENCE = ROOT / "data" / "reference" / "xicheng-2020-plan.txt"
USER_TEXT = "领导修改稿：请勿覆盖\n"


@dataclass(frozen=True)
class Command:
    """A command line writing into ``out`` (the folder given), and the names it writes there."""

    name: str
    argv: Callable[[Path, Path], list[str]]  # (out, a scratch folder for inputs) → arguments
    outputs: tuple[str, ...]


def _plans_folder(scratch: Path) -> Path:
    folder = scratch / "计划"
    folder.mkdir(exist_ok=True)
    shutil.copy(REFERENCE, folder / "xicheng-2020-plan.txt")
    return folder


def _workbooks_folder(scratch: Path) -> Path:
    folder = scratch / "工作簿"
    folder.mkdir(exist_ok=True)
    shutil.copy(XICHENG, folder / "西城.xlsx")
    return folder


RUN_OUTPUTS = (
    "plan_2020.md",
    "plan_2020.docx",
    "plan_2020.xlsx",
    "history_2020.xlsx",
    "results.json",
    "chart_waterfall.png",
    "chart_other_enforcement.png",
    "chart_non_enforcement.png",
    "chart_units.png",
    "chart_schedule.png",
    "chart_history.png",
    "annual_plan.ipynb",
    "annual_plan.html",
    "history.ipynb",
    "history.html",
    "provenance.json",
)

COMMANDS = [
    Command("run", lambda out, _: ["run", "--out", str(out)], RUN_OUTPUTS),
    Command(
        "run --register",
        lambda out, _: ["run", "--out", str(out), "--register", str(REGISTER), "--seed", "1"],
        ("抽查名单_2020.xlsx",),
    ),
    Command(
        "draw",
        lambda out, _: ["draw", str(XICHENG), "--register", str(REGISTER), "--seed", "1", "--out", str(out)],
        ("抽查名单_2020.xlsx",),
    ),
    Command(
        "audit FILE",
        lambda out, _: ["audit", str(REFERENCE), "--out", str(out)],
        ("xicheng-2020-plan-audit.md", "xicheng-2020-plan-audit.xlsx"),
    ),
    Command(
        "audit FOLDER",
        lambda out, scratch: ["audit", str(_plans_folder(scratch)), "--out", str(out)],
        ("核查汇总.xlsx", "核查汇总.png"),
    ),
    Command(
        "batch",
        lambda out, scratch: ["batch", str(_workbooks_folder(scratch)), "--out", str(out)],
        ("batch-summary.xlsx", "batch-comparison.png"),
    ),
    Command("template", lambda out, _: ["template", str(out / "我的计划.xlsx")], ("我的计划.xlsx",)),
    Command(
        "progress",
        lambda out, _: [
            "progress",
            str(XICHENG),
            "--register",
            str(REGISTER),
            "--ledger",
            str(LEDGER),
            "--seed",
            "2020",
            "--as-of",
            "2020-06-30",
            "--results",
            "--out",
            str(out),
        ],
        (
            "执行进度_2020_0630.xlsx",
            "执行进度_2020_0630.png",
            "执行情况_2020_0630.md",
            "执行情况_2020_0630.docx",
            "抽查结果公示_2020.xlsx",
        ),
    ),
    Command(
        "next-year",
        lambda out, _: ["next-year", str(XICHENG), "--ledger", str(LEDGER), "--out", str(out / "计划_2021.xlsx")],
        ("计划_2021.xlsx",),
    ),
]
CASES = [pytest.param(c, name, id=f"{c.name}:{name}") for c in COMMANDS for name in c.outputs]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("command", "name"), CASES)
def test_every_command_keeps_a_users_file_of_each_output_name(tmp_path, capsys, command, name):
    out = tmp_path / "成果"
    out.mkdir()
    (out / name).write_text(USER_TEXT, encoding="utf-8")
    (out / "我的笔记.txt").write_text("别动", encoding="utf-8")
    before = snapshot(out)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    code = cli.main(command.argv(out, scratch))
    err = capsys.readouterr().err
    assert code == 2, err
    assert name in err and ("未写入" in err or "未覆盖" in err)
    assert snapshot(out) == before  # the user's file, and nothing else written
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".成果")] == []


@pytest.mark.parametrize(
    "command", [c for c in COMMANDS if c.name in ("audit FILE", "audit FOLDER", "batch", "progress", "next-year")]
)
@pytest.mark.slow
def test_a_command_replaces_its_own_files_and_no_others(tmp_path, capsys, command):
    """The recipe of item 1 turned round: planlib's own earlier outputs are replaced, the rest kept."""
    out = tmp_path / "o"
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    assert cli.main(command.argv(out, scratch)) in (0, 1)
    first = snapshot(out)
    assert set(command.outputs) <= set(first)
    (out / "mine.md").write_text(USER_TEXT, encoding="utf-8")
    assert cli.main(command.argv(out, scratch)) in (0, 1)
    assert (out / "mine.md").read_text(encoding="utf-8") == USER_TEXT
    edited = command.outputs[0]
    (out / edited).write_bytes(b"edited by the analyst")
    assert cli.main(command.argv(out, scratch)) == 2
    assert (out / edited).read_bytes() == b"edited by the analyst"
    capsys.readouterr()


def test_the_default_folder_tells_authorities_apart():
    """Item 4: Xicheng 2020 and Kuancheng 2025 runs without --out never share a folder."""
    xicheng = load_inputs(input_path=XICHENG).out_dir
    kuancheng = load_inputs(input_path=KUANCHENG).out_dir
    assert xicheng == (config.OUTPUTS_DIR / "北京市西城区应急管理局" / "2020").resolve()
    assert kuancheng.parent.name == "2025" or kuancheng.name == "2025"
    assert kuancheng.parent != xicheng.parent and kuancheng.parent.parent == xicheng.parent.parent


def _published_by(out: Path, input_path: str, authority: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "plan_2020.md").write_text("上次的计划", encoding="utf-8")
    import hashlib

    record = {
        "generator": "planlib",
        "input": {"path": input_path, "sha256": "0" * 64},
        "authority": authority,
        "files": {"plan_2020.md": hashlib.sha256("上次的计划".encode()).hexdigest()},
    }
    (out / "provenance.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def test_a_package_from_another_workbook_is_not_replaced_without_replace(tmp_path, capsys):
    """Item 4: 砀山's package in the folder; a run of another workbook is refused, naming --replace."""
    out = tmp_path / "2020"
    _published_by(out, str(tmp_path / "砀山2020.xlsx"), "砀山县应急管理局")
    before = snapshot(out)
    assert cli.main(["run", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--replace" in err and "砀山县应急管理局" in err
    assert snapshot(out) == before
    inputs = load_inputs(output_dir=out)
    with pytest.raises(InputError):
        check_same_input(out, inputs)


def test_the_same_workbook_edited_may_replace_its_package(tmp_path):
    out = tmp_path / "2020"
    _published_by(out, str(XICHENG.resolve()), "北京市西城区应急管理局")
    check_same_input(out, load_inputs(output_dir=out))  # no error: the same file, edited or not
