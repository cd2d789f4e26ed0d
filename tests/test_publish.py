"""Publishing a run's package: the previous run's files replaced, the user's files never touched."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from planlib.errors import InputError
from planlib.io import publish


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def contents(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def package(folder: Path, files: dict[str, bytes]) -> Path:
    """A package as a run leaves it: its files and a provenance.json listing them with SHA-256."""
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    record = {"files": {name: digest(data) for name, data in files.items()}}
    (folder / publish.PROVENANCE).write_text(json.dumps(record), encoding="utf-8")
    return folder


def test_the_user_files_survive_a_second_run(tmp_path):
    """The probe's recipe: the user's workbook and an edited copy in the output folder survive."""
    out = tmp_path / "D" / "2020"
    first = package(tmp_path / "first", {"plan_2020.md": b"old plan", "chart_units.png": b"old png"})
    publish.publish(first, out)
    (out / "我的填报.xlsx").write_bytes(b"my workbook")
    (out / "plan_2020_领导修改版.docx").write_bytes(b"x\n")
    (out / "notes").mkdir()
    (out / "notes" / "a.txt").write_bytes(b"nested")
    inode = (out / "我的填报.xlsx").stat().st_ino

    second = package(tmp_path / "second", {"plan_2020.md": b"new plan"})
    publish.publish(second, out)

    files = contents(out)
    assert files["我的填报.xlsx"] == b"my workbook" and (out / "我的填报.xlsx").stat().st_ino == inode
    assert files["plan_2020_领导修改版.docx"] == b"x\n" and files["notes/a.txt"] == b"nested"
    assert files["plan_2020.md"] == b"new plan"
    assert "chart_units.png" not in files  # the previous run's own file, not in the new package
    assert sorted(p.name for p in tmp_path.joinpath("D").iterdir()) == ["2020"]  # nothing left beside


def test_an_edited_output_counts_as_the_users(tmp_path):
    out = tmp_path / "2020"
    publish.publish(package(tmp_path / "a", {"plan_2020.md": b"run wrote this", "x.png": b"png"}), out)
    (out / "plan_2020.md").write_bytes(b"the analyst edited this")
    new = package(tmp_path / "b", {"plan_2020.md": b"new"})
    with pytest.raises(InputError, match="为免覆盖"):
        publish.publish(new, out)
    assert (out / "plan_2020.md").read_bytes() == b"the analyst edited this"
    assert (out / "x.png").read_bytes() == b"png"  # nothing published at all
    with pytest.raises(InputError, match="plan_2020.md"):
        publish.check_target(out, {"plan_2020.md"})


def test_a_folder_without_provenance_keeps_every_file(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "mine.txt").write_bytes(b"keep")
    publish.publish(package(tmp_path / "p", {"plan_2020.md": b"plan"}), out)
    assert contents(out)["mine.txt"] == b"keep" and contents(out)["plan_2020.md"] == b"plan"


def test_old_provenance_without_a_file_list_claims_only_the_output_names(tmp_path):
    """planlib 0.1 recorded no file list: its outputs are known by name, the rest is the user's."""
    out = tmp_path / "2020"
    out.mkdir()
    (out / publish.PROVENANCE).write_text('{"year": 2020}', encoding="utf-8")
    (out / "plan_2020.md").write_bytes(b"0.1 wrote this")
    (out / "我的.xlsx").write_bytes(b"whose?")
    publish.publish(package(tmp_path / "p", {"plan_2020.md": b"plan"}), out)
    assert contents(out)["我的.xlsx"] == b"whose?" and contents(out)["plan_2020.md"] == b"plan"


def test_killed_runs_leave_folders_that_the_next_run_removes(tmp_path):
    """A run killed with SIGKILL leaves its workspace; only a dead run's is removed."""
    out = tmp_path / "2020"
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from planlib.io import publish\n"
        f"space = publish.workspace(Path({str(out)!r}))\n"
        "(space.folder / 'half.png').write_bytes(b'x' * 1000)\n"
        "print(space.folder, flush=True)\n"
        "os.kill(os.getpid(), 9)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == -9
    stale = Path(proc.stdout.strip())
    assert stale.is_dir() and stale.name.startswith(".2020.tmp-")

    alive = publish.workspace(out)  # a run still going: its folder must survive the clean-up
    unrelated = tmp_path / ".2020.tmp-not-ours"  # made by someone else: no lock file, never touched
    unrelated.mkdir()
    assert publish.clean_stale(out) == []  # the first workspace() call above already removed it
    assert not stale.exists() and not Path(f"{stale}.lock").exists()
    assert alive.folder.is_dir() and unrelated.is_dir()
    alive.remove()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".2020.tmp-not-ours"]


def test_a_live_workspace_is_locked(tmp_path):
    space = publish.workspace(tmp_path / "2020")
    with open(space.lock, "a+b") as f, pytest.raises(BlockingIOError):
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    space.remove()


def test_fallback_swap_restores_the_old_folder_on_failure(tmp_path, monkeypatch):
    out = tmp_path / "2020"
    publish.publish(package(tmp_path / "a", {"plan_2020.md": b"old"}), out)
    before = contents(out)
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    real_rename = os.rename

    def rename(src, dst):
        if Path(src).name == "b":
            raise OSError("simulated failure")
        return real_rename(src, dst)

    monkeypatch.setattr(publish.os, "rename", rename)
    with pytest.raises(OSError):
        publish.publish(package(tmp_path / "b", {"plan_2020.md": b"new"}), out)
    assert contents(out) == before


def test_fallback_swap_keeps_user_files(tmp_path, monkeypatch):
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    out = tmp_path / "2020"
    publish.publish(package(tmp_path / "a", {"plan_2020.md": b"old"}), out)
    (out / "mine.xlsx").write_bytes(b"mine")
    publish.publish(package(tmp_path / "b", {"plan_2020.md": b"new"}), out)
    assert contents(out)["mine.xlsx"] == b"mine" and contents(out)["plan_2020.md"] == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2020"]
