"""Issue 16 item 1: planlib's own code runs where the POSIX-only names are missing (Windows).

Two ways, both needed: a scan of ``src/planlib`` for POSIX-only names used outside a guard, and
the commands run with those names made unavailable to planlib's modules
(``tests/windows_view/sitecustomize.py``, first on ``PYTHONPATH`` of every process they start,
notebook kernels and workers included), so the Windows branches run here.
"""

from __future__ import annotations

import ast
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "planlib"
VIEW = Path(__file__).resolve().parent / "windows_view"
sys.path.insert(0, str(VIEW))
import posix_names as windows_view  # noqa: E402  (the lists only: the view is not installed here)

sys.path.remove(str(VIEW))
XICHENG = ROOT / "data" / "xicheng_2020.xlsx"
REGISTER = ROOT / "data" / "xicheng_2020_register.xlsx"
REFERENCE = ROOT / "data" / "reference" / "xicheng-2020-plan.txt"
POSIX_KEYWORDS = {"start_new_session", "preexec_fn", "pass_fds", "process_group"}


def _guarded(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Inside an ``if``/conditional expression whose test asks for the name or the platform."""
    while node in parents:
        child, node = node, parents[node]
        if isinstance(node, ast.If | ast.IfExp | ast.While) and child is not node.test:
            test = ast.unparse(node.test)
            if any(s in test for s in ("hasattr(", "os.name", "sys.platform", " is not None", "getattr(")):
                return True
        first = node.values[0] if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And) else None
        if first is not None and child is not first and "hasattr(" in ast.unparse(first):
            return True
    return False


def posix_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for name in names:
                if name.partition(".")[0] in windows_view.BLOCKED_MODULES and not _guarded(node, parents):
                    found.append(f"{where} import {name}")
            if isinstance(node, ast.ImportFrom) and node.module in windows_view.HIDDEN:
                for a in node.names:
                    if a.name in windows_view.HIDDEN[node.module] and not _guarded(node, parents):
                        found.append(f"{where} from {node.module} import {a.name}")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module = node.value.id
            hidden = node.attr in windows_view.HIDDEN.get(module, ())
            if hidden and not _guarded(node, parents):
                found.append(f"{where} {module}.{node.attr}")
        elif isinstance(node, ast.keyword) and node.arg in POSIX_KEYWORDS and not _guarded(node, parents):
            found.append(f"{where} {node.arg}=")
    return found


@pytest.mark.slow
def test_no_posix_only_name_without_a_guard():
    found = [use for path in sorted(SRC.rglob("*.py")) for use in posix_uses(path)]
    assert found == []


def test_the_scan_finds_what_it_looks_for(tmp_path):
    """The scan itself can fail: the names the dashboard and publish used before are found."""
    sample = ROOT / "src" / "planlib" / "_scan_sample.py"
    sample.write_text(
        "import fcntl\nimport os, signal, subprocess\nos.killpg(1, signal.SIGKILL)\n"
        "subprocess.Popen(['x'], start_new_session=True)\n"
        "if hasattr(os, 'killpg'):\n    os.killpg(1, signal.SIGHUP)\n",
        encoding="utf-8",
    )
    try:
        found = posix_uses(sample)
    finally:
        sample.unlink()
    assert [f.split(" ", 1)[1] for f in found] == ["import fcntl", "os.killpg", "signal.SIGKILL", "start_new_session="]


# ---------------------------------------------------------------- the commands, with the Windows view


def windows_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(VIEW), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def planlib(*args, cwd: Path = ROOT, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "planlib", *map(str, args)],
        cwd=cwd,
        env=windows_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def test_the_view_hides_the_names_from_planlib_only():
    code = (
        "import os, signal\n"
        "import planlib.io.processes as p\n"
        "assert hasattr(os, 'killpg') and hasattr(signal, 'SIGKILL')\n"  # the interpreter's own
        "assert not hasattr(p.os, 'killpg') and not hasattr(p.signal, 'SIGKILL')\n"
        "assert p.group_options() == {} and p.STOP_SIGNALS == (signal.SIGTERM,)\n"
        "try:\n"
        "    exec('import fcntl', {'__name__': 'planlib.x'})\n"
        "except ImportError:\n"
        "    print('blocked')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], env=windows_env(), capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "blocked", done.stderr


@pytest.mark.slow
def test_commands_run_without_the_posix_names(tmp_path):
    """compute, check --register, draw, audit (folder, 2 workers), batch and run itself: the
    recipe of issue 16 (each ended in a traceback once fcntl and the signal names were missing)."""
    plans = tmp_path / "计划"
    plans.mkdir()
    shutil.copy(REFERENCE, plans / "a.txt")
    shutil.copy(REFERENCE, plans / "b.txt")
    assert planlib("compute", XICHENG).returncode == 0
    done = planlib("check", XICHENG, "--register", REGISTER)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    done = planlib("draw", XICHENG, "--register", REGISTER, "--seed", 1, "--out", tmp_path / "抽查")
    assert done.returncode in (0, 1) and (tmp_path / "抽查" / "抽查名单_2020.xlsx").is_file(), done.stderr
    done = planlib("audit", plans, "--out", tmp_path / "核查", "--jobs", 2)
    assert (tmp_path / "核查" / "核查汇总.xlsx").is_file(), done.stderr
    done = planlib("batch", ROOT / "data" / "xicheng_2020.xlsx", "--out", tmp_path / "批量")
    assert done.returncode == 0 and (tmp_path / "批量" / "batch-summary.xlsx").is_file(), done.stderr
    out = tmp_path / "成果"
    done = planlib("run", "--out", out)
    assert done.returncode == 0, done.stderr
    assert (out / "plan_2020.docx").is_file() and (out / "annual_plan.html").is_file()
    done = planlib("run", "--out", out)  # publishing over a previous package: the file moves
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def _wait_for_port(port: int, timeout: float = 240) -> bool:  # Voilà starts slowly on a loaded machine
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.5)
    return False


def _port_closed(port: int, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return True
        time.sleep(0.5)
    return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
@pytest.mark.parametrize("view", [True, False], ids=["windows-view", "posix"])
def test_sigterm_stops_the_dashboard_tree(view):
    """Without os.killpg the dashboard ends Voilà's tree through psutil; nothing keeps the port."""
    import psutil

    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "planlib", "dashboard", "--no-browser", "--port", str(port)],
        cwd=ROOT,
        env=windows_env() if view else dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert _wait_for_port(port), proc.stderr.read() if proc.poll() is not None else "no port"
        family = psutil.Process(proc.pid).children(recursive=True)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 130
        assert "已中断" in proc.stderr.read()
        assert _port_closed(port)
        _, alive = psutil.wait_procs(family, timeout=20)
        assert alive == []
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.mark.slow
def test_sigkill_of_the_dashboard_ends_voila_too():
    """Issue 21 item 12: SIGKILL of `planlib dashboard` left Voilà serving the port."""
    import psutil

    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "planlib", "dashboard", "--no-browser", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_for_port(port)
        family = psutil.Process(proc.pid).children(recursive=True)
        assert family
        proc.kill()
        proc.wait(timeout=10)
        _, alive = psutil.wait_procs(family, timeout=30)
        assert alive == []
        assert _port_closed(port)
    finally:
        for p in psutil.Process().children(recursive=True):
            if p.pid != os.getpid():
                p.kill()


def test_idle_dashboard_kernels_are_culled():
    """Issue 21 item 12: a kernel per page load stayed until the dashboard stopped (6 after 6 visits)."""
    from planlib.app.dashboard import voila_command

    command = voila_command(8866, open_browser=False, parent=1234)
    assert command[1:4] == ["-m", "planlib.app.watched", "1234"]
    assert "--MappingKernelManager.cull_idle_timeout=600" in command
    assert "--MappingKernelManager.cull_interval=60" in command
