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
import socket
import subprocess
import sys
from pathlib import Path

from planlib.config import DEFAULT_INPUT, NOTEBOOKS_DIR
from planlib.io.scenario_file import ENV_INPUT

NOTEBOOK = NOTEBOOKS_DIR / "scenarios.ipynb"
HOST = "127.0.0.1"  # never listen beyond this machine: the workbooks are internal


# ---------------------------------------------------------------- serving with Voilà


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
        sys.executable, "-m", "voila", str(notebook),
        f"--port={port}", f"--Voila.ip={HOST}",
        "--VoilaConfiguration.show_tracebacks=False",
        "--Voila.port_retries=0",
    ]
    if not open_browser:
        command.append("--no-browser")
    return command


def command(args) -> int:
    """``planlib dashboard [--input PATH] [--port N] [--no-browser]``."""
    from planlib.io.workbook import compute_workbook

    path = Path(args.input) if args.input else DEFAULT_INPUT
    compute_workbook(str(path), None)  # bad input: InputError, one line, exit 2
    if not port_free(args.port):
        print(f"端口{args.port}已被占用，请用 --port 指定其他端口", file=sys.stderr)
        return 1
    env = {**os.environ, ENV_INPUT: str(path.resolve())}
    print(f"人员情景测算看板：http://{HOST}:{args.port}/  （输入：{path}；按 Ctrl+C 停止）", flush=True)
    process = subprocess.Popen(voila_command(args.port, not args.no_browser), env=env)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        raise
