"""Issue 21 item 12: SIGTERM ends every command as Ctrl+C does: exit 130 "已中断", and nothing of
planlib's is left (temporary folders, locks, kernel connection files, workers, kernels).

The recipe: ``planlib run`` exited −15 and left ``.2020.tmp-*``, its lock and two kernel
connection files; ``audit FOLDER --jobs 2`` and ``batch --notebooks --jobs 2`` left their
workers (and a kernel) running.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from jupyter_core.paths import jupyter_runtime_dir

ROOT = Path(__file__).resolve().parents[1]
XICHENG = ROOT / "data" / "xicheng_2020.xlsx"
REFERENCE = ROOT / "data" / "reference" / "xicheng-2020-plan.txt"

pytestmark = pytest.mark.slow


def connection_files() -> set[Path]:
    return set(Path(jupyter_runtime_dir()).glob("kernel-*.json"))


def start(log: Path, *args) -> subprocess.Popen:
    """The command, its stderr to ``log`` (a pipe nobody reads would fill and block it)."""
    with open(log, "wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "planlib", *map(str, args)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err
        )
    proc.log = log  # type: ignore[attr-defined]
    return proc


def wait_for(condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def family(proc: subprocess.Popen) -> list[psutil.Process]:
    try:
        return psutil.Process(proc.pid).children(recursive=True)
    except psutil.Error:
        return []


def terminate_and_check(proc: subprocess.Popen, before: set[Path], folder: Path) -> None:
    children = family(proc)
    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    err = proc.log.read_text(encoding="utf-8", errors="replace")  # type: ignore[attr-defined]
    assert code == 130, err
    assert "已中断" in err and "Traceback" not in err
    _, alive = psutil.wait_procs(children, timeout=30)
    assert [p.pid for p in alive] == []
    leftovers = [p.name for p in folder.rglob(".*")]
    assert leftovers == []
    assert connection_files() - before == set()


def test_sigterm_of_run_cleans_everything(tmp_path):
    before = connection_files()
    out = tmp_path / "成果" / "2020"
    proc = start(tmp_path.parent / f"{tmp_path.name}.log", "run", "--out", out)
    wait_for(lambda: len(family(proc)) >= 2 and list(out.parent.glob(".2020.tmp-*")))  # both kernels up
    time.sleep(2)
    terminate_and_check(proc, before, tmp_path)
    assert not out.exists()


def test_sigterm_of_a_parallel_audit_ends_its_workers(tmp_path):
    plans = tmp_path / "计划"
    plans.mkdir()
    for n in range(400):
        shutil.copy(REFERENCE, plans / f"{n}.txt")
    proc = start(tmp_path.parent / f"{tmp_path.name}.log", "audit", plans, "--jobs", 2, "--out", tmp_path / "核查")
    wait_for(lambda: len(family(proc)) >= 2)
    time.sleep(1)
    terminate_and_check(proc, connection_files(), tmp_path)
    assert not (tmp_path / "核查").exists()


def test_sigterm_of_batch_notebooks_ends_workers_and_kernels(tmp_path):
    books = tmp_path / "工作簿"
    books.mkdir()
    shutil.copy(XICHENG, books / "a.xlsx")
    shutil.copy(XICHENG, books / "b.xlsx")
    before = connection_files()
    out = tmp_path / "批量"
    proc = start(tmp_path.parent / f"{tmp_path.name}.log", "batch", books, "--notebooks", "--jobs", 2, "--out", out)
    wait_for(lambda: len([p for p in family(proc) if "ipykernel" in " ".join(p.cmdline())]) >= 2, timeout=180)
    time.sleep(1)
    terminate_and_check(proc, before, tmp_path)


# ---------------------------------------------------------------- item 11: FIFOs refused at once


def _fifo_refused(tmp_path, *args) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "planlib", *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    return done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_register_is_refused_not_waited_for(tmp_path):
    """Issue 21 item 11: `draw --register FIFO` hung."""
    fifo = tmp_path / "名录.xlsx"
    os.mkfifo(fifo)
    err = _fifo_refused(tmp_path, "draw", XICHENG, "--register", fifo, "--out", tmp_path / "o")
    assert "名录.xlsx" in err and "不是普通文件" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_input_to_run_is_named_as_such(tmp_path):
    """Issue 21 item 11: `run --input fifo.xlsx` said 文件不存在."""
    fifo = tmp_path / "fifo.xlsx"
    os.mkfifo(fifo)
    err = _fifo_refused(tmp_path, "run", "--input", fifo, "--out", tmp_path / "o")
    assert "fifo.xlsx" in err and "不是普通文件" in err and "文件不存在" not in err
