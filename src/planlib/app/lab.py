"""``planlib lab``: the notebooks in JupyterLab, in a work folder of the analyst's, in Chinese.

The notebooks that ship with planlib are never opened themselves (in an installed package they
may not be writable, in a checkout git tracks them): they are copied into a work folder
(default ``./planlib-notebooks/``) and JupyterLab opens that. A notebook the analyst has changed
there is never replaced: the folder's ``.planlib-notebooks.json`` records the SHA-256 of each
copy planlib wrote, and only an unchanged copy is brought up to a newer shipped version.

``--input 我的计划.xlsx`` reaches the notebooks as the environment variable ``PLANLIB_INPUT``,
which their first cell's ``input_path = None`` falls back to (``planlib.load_inputs`` and
``resolve_input``), so nobody edits a notebook to choose the workbook.

JupyterLab refuses to run as root unless told ``--allow-root`` (analysts' VMs and containers
often are root) and listens as its config says. Here it listens on 127.0.0.1 only (the
workbooks are internal), adds ``--allow-root`` only when running as root, and reads its
settings overrides from the package (``lab_settings/overrides.json``: the Chinese interface of
``jupyterlab-language-pack-zh-CN``, no news pop-up, no extension manager calling the internet),
never from the user's home. On POSIX it replaces this process (``exec``), so Ctrl-C or a
SIGTERM reaches JupyterLab itself and nothing is left serving the port.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from planlib import config
from planlib.app.dashboard import port_free
from planlib.errors import InputError
from planlib.io.files import write_whole
from planlib.io.owned import sha256

HOST = "127.0.0.1"
ENV_INPUT = "PLANLIB_INPUT"  # the same name planlib.io.scenario_file and planlib.app.run read
WORK_DIR = "planlib-notebooks"
MANIFEST = ".planlib-notebooks.json"

# What happened to each shipped notebook in the work folder
COPIED, UPDATED, UNCHANGED, KEPT = "copied", "updated", "unchanged", "kept"
STATUS_TEXT = {
    COPIED: "已复制",
    UPDATED: "已更新为新版本",
    UNCHANGED: "无变化",
    KEPT: "已有修改，保留您的版本（未覆盖）",
}


@dataclass(frozen=True)
class Synced:
    name: str
    status: str


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _read_manifest(work: Path) -> dict[str, str]:
    try:
        data = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    copies = data.get("copies") if isinstance(data, dict) else None
    return {k: v for k, v in copies.items() if isinstance(v, str)} if isinstance(copies, dict) else {}


def sync_notebooks(work: Path, shipped: Path | None = None) -> list[Synced]:
    """Copy the shipped notebooks into ``work``; never over a notebook the analyst changed or made.

    A notebook is copied when absent, brought up to the shipped version when the copy there is
    exactly what planlib wrote last time, and otherwise kept as it is.
    """
    shipped = config.NOTEBOOKS_DIR if shipped is None else shipped
    work.mkdir(parents=True, exist_ok=True)
    written = _read_manifest(work)
    report = []
    for source in sorted(shipped.glob("*.ipynb")):
        target = work / source.name
        new = sha256(source)
        if not target.exists():
            status = COPIED
        elif (current := sha256(target)) == new:
            status = UNCHANGED
        elif written.get(source.name) == current:
            status = UPDATED
        else:
            report.append(Synced(source.name, KEPT))
            continue
        if status != UNCHANGED:
            write_whole(target, partial(shutil.copyfile, source), overwrite=status == UPDATED)
        written[source.name] = new
        report.append(Synced(source.name, status))
    manifest = {"note": "planlib lab：记录 planlib 复制的笔记本（用于判断是否被修改）", "copies": written}
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    write_whole(work / MANIFEST, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return report


def lab_command(
    port: int | None = None, open_browser: bool = True, root: bool | None = None, notebooks: Path | None = None
) -> list[str]:
    """This Python's JupyterLab on ``notebooks``, bound to 127.0.0.1, with the package's settings."""
    folder = config.NOTEBOOKS_DIR if notebooks is None else notebooks
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={folder}",
        f"--ServerApp.ip={HOST}",
        f"--LabApp.app_settings_dir={config.LAB_SETTINGS_DIR}",
        "--LabApp.news_url=None",  # no news feed fetched from the internet
    ]
    if port is not None:
        command += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if not open_browser:
        command.append("--no-browser")
    if running_as_root() if root is None else root:
        command.append("--allow-root")
    return command


def lab_environment(input_path: Path | None, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment JupyterLab and its kernels start with: ``PLANLIB_INPUT`` set to the input."""
    env = dict(os.environ if base is None else base)
    if input_path is not None:
        env[ENV_INPUT] = str(input_path)
    return env


def work_folder(work_dir: str | os.PathLike | None) -> Path:
    return Path(work_dir if work_dir else WORK_DIR).absolute()


def command(
    port: int | None = None,
    open_browser: bool = True,
    input_path: str | os.PathLike | None = None,
    work_dir: str | os.PathLike | None = None,
) -> int:
    """``planlib lab [--input 我的计划.xlsx] [--dir D] [--port N] [--no-browser]``."""
    source = None
    if input_path:
        source = Path(input_path).absolute()
        if not source.is_file():
            raise InputError(source, "文件不存在")
    if port is not None and not port_free(port):  # before anything is copied, and before Jupyter's English log
        print(f"端口{port}已被占用，请用 --port 指定其他端口（或不加 --port，自动选择空闲端口）", file=sys.stderr)
        return 1
    work = work_folder(work_dir)
    if work.resolve() == config.NOTEBOOKS_DIR.resolve():  # a developer opening the checkout's own
        print(f"打开 planlib 自带的笔记本：{work}", flush=True)
    else:
        for synced in sync_notebooks(work):
            if synced.status != UNCHANGED:
                print(f"  {synced.name}：{STATUS_TEXT[synced.status]}", flush=True)
    if source is not None:
        print(f"输入工作簿：{source}（笔记本第一个单元格 input_path = None 时使用）", flush=True)
    print(f"JupyterLab：打开 {work}，仅本机可访问（{HOST}）；按 Ctrl+C 停止", flush=True)
    cmd = lab_command(port, open_browser, notebooks=work)
    env = lab_environment(source)
    if os.name == "posix":
        os.execve(sys.executable, cmd, env)  # JupyterLab becomes this process: signals reach it directly
    import subprocess

    return subprocess.call(cmd, env=env)
