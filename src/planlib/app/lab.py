"""``planlib lab``: the notebooks in JupyterLab, started the way this machine needs.

JupyterLab refuses to run as root unless told ``--allow-root`` (analysts' VMs and containers
often are root), opens its file browser wherever it was started, and listens as its config
says. Here it opens ``notebooks/``, listens on 127.0.0.1 only (the workbooks are internal),
adds ``--allow-root`` only when running as root, and replaces this process (``exec``), so
Ctrl-C or a SIGTERM reaches JupyterLab itself and nothing is left serving the port.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from planlib.config import NOTEBOOKS_DIR

HOST = "127.0.0.1"


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def lab_command(
    port: int | None = None, open_browser: bool = True, root: bool | None = None, notebooks: Path = NOTEBOOKS_DIR
) -> list[str]:
    """This Python's JupyterLab on ``notebooks``, bound to 127.0.0.1."""
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={notebooks}", f"--ServerApp.ip={HOST}"]
    if port is not None:
        command += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if not open_browser:
        command.append("--no-browser")
    if running_as_root() if root is None else root:
        command.append("--allow-root")
    return command


def command(port: int | None = None, open_browser: bool = True) -> int:
    """``planlib lab [--port N] [--no-browser]``."""
    cmd = lab_command(port, open_browser)
    print(f"JupyterLab：打开 {NOTEBOOKS_DIR}，仅本机可访问（{HOST}）；按 Ctrl+C 停止", flush=True)
    if os.name == "posix":
        os.execv(sys.executable, cmd)  # JupyterLab becomes this process: signals reach it directly
    import subprocess

    return subprocess.call(cmd)
