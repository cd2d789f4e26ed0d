"""Publishing a run's package: the previous run's files replaced, the user's files never touched."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

from planlib.errors import InputError
from planlib.io import owned, publish


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def contents(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def package(folder: Path, files: dict[str, bytes]) -> Path:
    """A package as a run leaves it: its files and a provenance.json listing them with SHA-256."""
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    record = {"generator": "planlib", "files": {name: digest(data) for name, data in files.items()}}
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


@pytest.mark.parametrize(
    "record",
    ['{"author": "me"}', '{"year": 2020}', '{"files": {"plan_2020.md": null}}', "[1, 2]", "not json"],
    ids=["author", "year-only", "files-without-marker", "list", "text"],
)
def test_a_provenance_json_planlib_did_not_write_grants_nothing(tmp_path, record):
    """Issue 21 item 2: `echo '{"author":"me"}' > o2/provenance.json; echo 领导修改稿 > o2/plan_2020.md`."""
    out = tmp_path / "o2"
    out.mkdir()
    (out / publish.PROVENANCE).write_text(record, encoding="utf-8")
    (out / "plan_2020.md").write_text("领导修改稿\n", encoding="utf-8")
    with pytest.raises(InputError, match="plan_2020.md"):
        publish.check_target(out, {"plan_2020.md"})
    with pytest.raises(InputError, match="为免覆盖"):
        publish.publish(package(tmp_path / "p", {"plan_2020.md": b"plan"}), out)
    assert (out / "plan_2020.md").read_text(encoding="utf-8") == "领导修改稿\n"


def test_a_forged_digest_format_grants_nothing(tmp_path):
    """The marker alone is not enough: ``files`` must be a map of SHA-256 digests."""
    out = tmp_path / "o"
    out.mkdir()
    (out / "plan_2020.md").write_bytes(b"mine")
    (out / publish.PROVENANCE).write_text('{"generator": "planlib", "files": {"plan_2020.md": "x"}}', "utf-8")
    with pytest.raises(InputError):
        publish.check_target(out, {"plan_2020.md"})


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
    with pytest.raises(Timeout):
        FileLock(space.lock).acquire(timeout=0)
    space.remove()


def test_a_failed_move_puts_every_file_back(tmp_path, monkeypatch):
    out = tmp_path / "2020"
    publish.publish(package(tmp_path / "a", {"plan_2020.md": b"old", "chart_x.png": b"old png"}), out)
    (out / "mine.xlsx").write_bytes(b"mine")
    before = contents(out)
    real_replace = os.replace

    def replace(src, dst):
        if Path(src).name == "plan_2020.md" and Path(src).parent.name == "b":  # the new plan cannot go in
            raise OSError("simulated failure")
        return real_replace(src, dst)

    monkeypatch.setattr(publish.os, "replace", replace)
    with pytest.raises(OSError):
        publish.publish(package(tmp_path / "b", {"chart_x.png": b"new png", "plan_2020.md": b"new"}), out)
    assert contents(out) == before


def test_a_run_killed_while_publishing_is_rolled_back(tmp_path):
    """SIGKILL between two file moves: the next run restores the previous package first."""
    out = tmp_path / "2020"
    publish.publish(package(tmp_path / "a", {"plan_2020.md": b"old", "chart_x.png": b"old png"}), out)
    (out / "mine.xlsx").write_bytes(b"mine")
    before = contents(out)
    code = (
        "import os\n"
        "from pathlib import Path\n"
        "from planlib.io import publish\n"
        "real = os.replace\n"
        "def replace(src, dst):\n"
        "    if Path(dst).name == 'plan_2020.md' and Path(dst).parent.name == '2020':\n"
        "        os.kill(os.getpid(), 9)\n"
        "    return real(src, dst)\n"
        "publish.os.replace = replace\n"
        f"out = Path({str(out)!r})\n"
        "space = publish.workspace(out)\n"
        "for name, data in [('chart_x.png', b'new png'), ('plan_2020.md', b'new'), ('chart_y.png', b'y')]:\n"
        "    (space.folder / name).write_bytes(data)\n"
        "publish.publish(space.folder, out)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr
    assert contents(out) != before  # the package is half replaced
    publish.clean_stale(out)
    assert contents(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "a") == ["2020"]


def test_a_folder_named_like_a_glob_pattern_is_cleaned(tmp_path):
    """Issue 21 item 13: a killed run into ``计划[2020]`` is cleaned by the next one."""
    out = tmp_path / "计划[2020]"
    code = (
        "import os\n"
        "from pathlib import Path\n"
        "from planlib.io import publish\n"
        f"space = publish.workspace(Path({str(out)!r}))\n"
        "print(space.folder, flush=True)\n"
        "os.kill(os.getpid(), 9)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    stale = Path(proc.stdout.strip())
    assert stale.is_dir()
    assert publish.clean_stale(out) == [stale]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_files_added_to_a_user_subfolder_while_publishing_survive(tmp_path):
    """Issue 21 item 3: a scanner keeps adding files to ``out/2020/扫描件/`` while runs publish."""
    out = tmp_path / "out" / "2020"
    publish.publish(package(tmp_path / "p0", {"plan_2020.md": b"v0"}), out)
    scans = out / "扫描件"
    scans.mkdir()
    for i in range(3000):
        (scans / f"old{i}.pdf").write_bytes(b"%PDF")
    added: list[str] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def scanner() -> None:
        while not stop.is_set():
            name = f"new{len(added)}.pdf"
            try:
                (scans / name).write_bytes(b"%PDF scan")
            except OSError as e:  # the folder vanished under the scanner
                failures.append(e)
                return
            added.append(name)
            time.sleep(0.002)

    thread = threading.Thread(target=scanner)
    thread.start()
    try:
        n = 0
        while (len(added) < 20 or n < 3) and n < 300 and not failures:  # runs publish while scans arrive
            n += 1
            publish.publish(package(tmp_path / f"p{n}", {"plan_2020.md": f"v{n}".encode()}), out)
    finally:
        stop.set()
        thread.join()
    assert failures == []
    assert len(added) >= 20
    assert sorted(p.name for p in scans.iterdir()) == sorted([f"old{i}.pdf" for i in range(3000)] + added)
    assert (out / "plan_2020.md").read_bytes() == f"v{n}".encode()


def test_owned_writes_keep_the_users_files(tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / "a.md").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="a.md"):
        owned.write_owned(out, {"b.md": lambda p: p.write_text("b"), "a.md": lambda p: p.write_text("a")})
    assert sorted(p.name for p in out.iterdir()) == ["a.md"]  # b.md not written either
    written = owned.write_owned(out, {"b.md": lambda p: p.write_text("1")})
    assert written == [out / "b.md"]
    owned.write_owned(out, {"b.md": lambda p: p.write_text("2")})  # planlib's own: replaced
    assert (out / "b.md").read_text() == "2"
    (out / "b.md").write_text("edited")
    with pytest.raises(InputError, match="b.md"):
        owned.write_owned(out, {"b.md": lambda p: p.write_text("3")})
    assert (out / "b.md").read_text() == "edited"


def test_a_users_file_named_like_the_record_is_never_replaced(tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / owned.RECORD).write_text("my notes", encoding="utf-8")
    with pytest.raises(InputError, match="planlib-files"):
        owned.write_owned(out, {"b.md": lambda p: p.write_text("b")})
    assert (out / owned.RECORD).read_text(encoding="utf-8") == "my notes"
