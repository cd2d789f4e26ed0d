"""The what-if dashboard as a web app, and the files it reads and writes.

``planlib dashboard`` checks the input workbook first (bad input: one Chinese line, exit 2),
then serves ``notebooks/scenarios.ipynb`` with Voilà on 127.0.0.1 only. The input reaches
the notebook through the ``PLANLIB_INPUT`` environment variable, which the notebook reads
when its ``input_path`` parameter is ``None`` (:func:`planlib.io.scenario_file.resolve_input`), so the notebook stays
runnable by papermill and in JupyterLab unchanged.

:func:`save_scenario` writes a scenario as a new input workbook under
``outputs/scenarios/``: never over an existing file, and whole or not at all.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from planlib.config import DEFAULT_INPUT, NOTEBOOKS_DIR
from planlib.io.scenario_file import ENV_INPUT, ENV_REGISTER

NOTEBOOK = NOTEBOOKS_DIR / "scenarios.ipynb"
HOST = "127.0.0.1"  # never listen beyond this machine: the workbooks are internal


# ---------------------------------------------------------------- serving with Voilà


def free_port(host: str = HOST) -> int:
    """A port nobody listens on now (what ``--port 0`` means): the address printed is then usable."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        port: int = s.getsockname()[1]
        return port


def port_free(port: int, host: str = HOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def voila_command(port: int, open_browser: bool, notebook: Path = NOTEBOOK) -> list[str]:
    """The Voilà command line: this Python's Voilà, localhost only, no tracebacks to the page."""
    command = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--port={port}",
        f"--Voila.ip={HOST}",
        "--VoilaConfiguration.show_tracebacks=False",
        "--Voila.port_retries=0",
    ]
    if not open_browser:
        command.append("--no-browser")
    return command


def command(
    *, input_path: str | None = None, port: int = 8866, open_browser: bool = True, register_path: str | None = None
) -> int:
    """``planlib dashboard [--input PATH] [--register R] [--port N] [--no-browser]``."""
    from planlib.io.workbook import compute_workbook

    path = Path(input_path) if input_path else DEFAULT_INPUT
    compute_workbook(str(path), None)  # bad input: InputError, one line, exit 2
    extra = {}
    if register_path:  # the 检查事项 tab (docs/contract.md §6): checked here too
        from planlib.io.draw import load_with_register

        load_with_register(str(path), register_path)
        extra[ENV_REGISTER] = str(Path(register_path).resolve())
    port = port or free_port()
    if not port_free(port):
        print(f"端口{port}已被占用，请用 --port 指定其他端口", file=sys.stderr)
        return 1
    env = {**os.environ, ENV_INPUT: str(path.resolve()), **extra}
    print(f"人员情景测算看板：http://{HOST}:{port}/  （输入：{path}；按 Ctrl+C 停止）", flush=True)
    # Voilà and the kernels it starts get a session (process group) of their own, so that
    # stopping the dashboard stops all of them: none keeps the port. Being in its own session,
    # Voilà no longer gets the terminal's SIGINT or SIGHUP: this process turns SIGTERM and SIGHUP
    # (the terminal closed) into Ctrl+C, and stops the group whichever came.
    previous = {s: signal.signal(s, _terminated) for s in STOP_SIGNALS}
    process = None
    try:
        process = subprocess.Popen(voila_command(port, open_browser), env=env, start_new_session=True)
        return process.wait()
    finally:
        for s in STOP_SIGNALS:  # a second signal must not cut the clean-up short
            signal.signal(s, signal.SIG_IGN)
        if process is not None:
            stop_group(process)
        for s, handler in previous.items():
            signal.signal(s, handler)


STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl+C: the group is stopped and the command ends with 已中断 (130)."""


def _terminated(signum, frame) -> None:
    raise Terminated()


def stop_group(process: subprocess.Popen, grace: float = 10.0) -> None:
    """Stop a child started with ``start_new_session``, its process group and every descendant:
    SIGTERM first (Voilà then shuts its kernels down), SIGKILL for whatever is left after
    ``grace`` seconds. Kernels run in sessions of their own (jupyter_client starts them so),
    hence the descendants are listed before the first signal, not found by group."""
    descendants = _descendants(process.pid)
    _signal_group(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace)
    deadline = time.monotonic() + grace
    while any(_alive(p) for p in descendants) and time.monotonic() < deadline:
        time.sleep(0.1)
    _signal_group(process.pid, signal.SIGKILL)
    for p in descendants:
        if _alive(p):
            with contextlib.suppress(Exception):  # gone meanwhile
                p.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):  # SIGKILL cannot be ignored
        process.wait(timeout=grace)


def _descendants(pid: int) -> list:
    try:
        import psutil  # installed with ipykernel, which Voilà needs

        return list(psutil.Process(pid).children(recursive=True))
    except Exception:  # no psutil, or the process is gone: the group signal must do
        return []


def _alive(p) -> bool:
    try:
        return bool(p.is_running() and p.status() != "zombie")
    except Exception:
        return False


def _signal_group(group: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group is gone already
        os.killpg(group, signum)
