"""Browser fixtures: Debian's Chromium driven by pytest-playwright, against ``planlib dashboard``.

Chromium is the system package (``/usr/bin/chromium``), never a Playwright download. Where it
is not installed, the browser tests skip and say why; nothing else makes them skip.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import ROOT

ARTIFACTS = ROOT / "test-artifacts"  # git-ignored; CI keeps it
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT = 120  # seconds for Voilà to listen


def chromium_path() -> str | None:
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    if chromium_path():
        return
    skip = pytest.mark.skip(
        reason="未安装 Chromium（Debian 包 chromium，/usr/bin/chromium），跳过浏览器测试；CI 的准备步骤会安装它"
    )
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}, "locale": "zh-CN"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def dashboard_url(artifacts):
    """``planlib dashboard --no-browser`` on a free port, as a user starts it; stopped afterwards."""
    port = _free_port()
    log_path = artifacts / "voila.log"
    env = {k: v for k, v in os.environ.items() if k not in ("PLANLIB_INPUT", "MPLBACKEND")}
    with open(log_path, "w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "planlib", "dashboard", "--no-browser", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _listening(port):
            if server.poll() is not None:
                pytest.fail(f"planlib dashboard exited with {server.returncode}:\n{log_path.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"Voilà did not listen on port {port} within {START_TIMEOUT}s:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/"
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)  # the group: Voilà and its kernels
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
