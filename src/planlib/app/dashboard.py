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

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from planlib.config import DEFAULT_INPUT, NOTEBOOKS_DIR
from planlib.errors import InputError
from planlib.io import processes
from planlib.io.scenario_file import ENV_INPUT

PROGRESS_ENV = ("PLANLIB_REGISTER", "PLANLIB_LEDGER", "PLANLIB_DRAW", "PLANLIB_SEED", "PLANLIB_AS_OF")

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


# A page left (closed, reloaded) leaves its kernel idle: culled after this many seconds.
CULL_IDLE_SECONDS, CULL_INTERVAL_SECONDS = 600, 60


def voila_command(port: int, open_browser: bool, notebook: Path = NOTEBOOK, parent: int | None = None) -> list[str]:
    """The Voilà command line: this Python's Voilà, localhost only, no tracebacks to the page,
    idle kernels culled, and ended with this process (:mod:`planlib.app.watched`) however it ends."""
    command = [
        sys.executable,
        "-m",
        "planlib.app.watched",
        str(os.getpid() if parent is None else parent),
        "voila",
        str(notebook),
        f"--port={port}",
        f"--Voila.ip={HOST}",
        "--VoilaConfiguration.show_tracebacks=False",
        "--Voila.port_retries=0",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
    ]
    if not open_browser:
        command.append("--no-browser")
    return command


def command(
    *,
    input_path: str | None = None,
    port: int = 8866,
    open_browser: bool = True,
    register: str | None = None,
    ledger: str | None = None,
    draw: str | None = None,
    seed: int | None = None,
    as_of=None,
) -> int:
    """``planlib dashboard [--input PATH] [--port N] [--no-browser] [--register R --ledger L
    [--draw F | --seed N] [--as-of DATE]]`` (with a ledger, the 执行进度 view shows progress)."""
    from planlib.io.workbook import compute_workbook

    path = Path(input_path) if input_path else DEFAULT_INPUT
    compute_workbook(str(path), None)  # bad input: InputError, one line, exit 2
    extra: dict[str, str] = {}
    if ledger:
        from planlib.app.progress import compute as progress_compute, dashboard_environment

        if not register:
            raise InputError(str(path), "执行进度需要同时给出 --register 和 --ledger")
        progress_compute(str(path), register, ledger, draw_path=draw, seed=seed, as_of=as_of)  # bad input: exit 2
        extra = dashboard_environment(register, ledger, draw, seed, as_of)
    elif register:  # the 检查事项 tab alone (docs/contract.md §6): the register is checked here too
        from planlib.app.progress import dashboard_environment
        from planlib.io.draw import load_with_register

        load_with_register(str(path), register)
        extra = dashboard_environment(register, None, None, None, None)
    port = port or free_port()
    if not port_free(port):
        print(f"端口{port}已被占用，请用 --port 指定其他端口", file=sys.stderr)
        return 1
    inherited = {k: v for k, v in os.environ.items() if k not in PROGRESS_ENV}  # only what this command says
    env = {**inherited, ENV_INPUT: str(path.resolve()), **extra}
    print(f"人员情景测算看板：http://{HOST}:{port}/  （输入：{path}；按 Ctrl+C 停止）", flush=True)
    # Voilà and the kernels it starts get a process group of their own, so that stopping the
    # dashboard stops all of them: none keeps the port. Being in its own group, Voilà no longer
    # gets the terminal's Ctrl+C or hang-up: this process turns SIGTERM and SIGHUP (SIGBREAK on
    # Windows) into Ctrl+C, and stops the group whichever came; a watchdog in Voilà's process
    # ends it should this one be killed outright.
    previous = {s: signal.signal(s, _terminated) for s in STOP_SIGNALS}
    process = None
    try:
        process = subprocess.Popen(voila_command(port, open_browser), env=env, **processes.group_options())
        return process.wait()
    finally:
        for s in STOP_SIGNALS:  # a second signal must not cut the clean-up short
            signal.signal(s, signal.SIG_IGN)
        if process is not None:
            stop_group(process)
        for s, handler in previous.items():
            signal.signal(s, handler)


STOP_SIGNALS = processes.STOP_SIGNALS


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl+C: the group is stopped and the command ends with 已中断 (130)."""


def _terminated(signum, frame) -> None:
    raise Terminated()


def stop_group(process: subprocess.Popen, grace: float = 10.0) -> None:
    """Stop Voilà, its process group and every descendant (:func:`planlib.io.processes.stop_tree`)."""
    processes.stop_tree(process, grace)
