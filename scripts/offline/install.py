"""planlib 离线安装：由 install.bat（Windows）或 install.sh（Linux）调用，只用本文件夹中的安装包。

1. 检查 Python（3.11 或 3.12，64 位）和系统（Windows 64 位或 Linux x86_64）；
2. 在本文件夹内建立虚拟环境 planlib-env（已有则沿用，用新版安装包时更新其中的软件包）；
3. 用 pip 安装 wheels/ 中的 planlib 及其全部依赖：--no-index（不联网），按 requirements/ 中的清单
   逐个核对 SHA-256；
4. 生成启动程序“启动planlib”（本文件夹内，以及桌面上，如有桌面文件夹），它在“文档/planlib”（Linux：
   ~/planlib）中运行 planlib lab。

Standard library only: it runs on the analyst's Python before anything is installed.
"""

from __future__ import annotations

import os
import platform
import struct
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENV_DIR = HERE / "planlib-env"
SUPPORTED = ((3, 11), (3, 12))
WINDOWS = os.name == "nt"
LAUNCHER = "启动planlib"


def say(text: str) -> None:
    print(text, flush=True)


def fail(text: str) -> int:
    print(f"错误：{text}", file=sys.stderr, flush=True)
    return 1


def target() -> str | None:
    """The bundle's name for this machine (requirements/<target>.txt), or None if it has none."""
    machine = platform.machine().lower()
    if struct.calcsize("P") != 8 or machine not in ("amd64", "x86_64"):
        return None
    system = "win_amd64" if WINDOWS else "manylinux_x86_64" if sys.platform.startswith("linux") else None
    return system and f"{system}-cp{sys.version_info[0]}{sys.version_info[1]}"


def env_python() -> Path:
    return ENV_DIR / ("Scripts/python.exe" if WINDOWS else "bin/python")


def env_planlib() -> Path:
    return ENV_DIR / ("Scripts/planlib.exe" if WINDOWS else "bin/planlib")


def offline_pip_environment() -> dict[str, str]:
    """pip with no configuration of this PC (no index or mirror it may name): the bundle only."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    return env


def work_folder() -> Path:
    if WINDOWS:
        documents = Path(os.environ.get("USERPROFILE", str(Path.home()))) / "Documents"
        return (documents if documents.is_dir() else Path.home()) / "planlib"
    return Path.home() / "planlib"


def desktop() -> Path | None:
    home = Path(os.environ.get("USERPROFILE", str(Path.home()))) if WINDOWS else Path.home()
    for name in ("Desktop", "桌面", "OneDrive/Desktop", "OneDrive/桌面"):
        if (home / name).is_dir():
            return home / name
    return None


def launcher_text() -> tuple[str, str]:
    """The launcher's file name and text: planlib lab in the work folder, with this environment."""
    work = work_folder()
    if WINDOWS:
        lines = [
            "@echo off",
            "chcp 65001 >nul",
            f'if not exist "{work}" mkdir "{work}"',
            f'cd /d "{work}"',
            "echo 正在启动 planlib（JupyterLab），浏览器会自动打开；关闭本窗口即停止。",
            f'"{env_planlib()}" lab',
            "pause",
        ]
        return f"{LAUNCHER}.bat", "\r\n".join(lines) + "\r\n"
    lines = [
        "#!/usr/bin/env bash",
        "# planlib：在工作文件夹中打开 JupyterLab（由 install.sh 生成）",
        f'mkdir -p "{work}" && cd "{work}" || exit 1',
        "echo '正在启动 planlib（JupyterLab），浏览器会自动打开；按 Ctrl+C 停止。'",
        f'exec "{env_planlib()}" lab "$@"',
    ]
    return f"{LAUNCHER}.sh", "\n".join(lines) + "\n"


def write_launchers() -> list[Path]:
    name, text = launcher_text()
    written = []
    script = HERE / name
    script.write_bytes(text.encode("utf-8"))
    written.append(script)
    if not WINDOWS:
        script.chmod(0o755)
    place = desktop()
    if place is not None:
        if WINDOWS:
            copy = place / name
            copy.write_bytes(text.encode("utf-8"))
        else:  # a desktop entry that opens a terminal running the launcher
            copy = place / "planlib.desktop"
            entry = [
                "[Desktop Entry]",
                "Type=Application",
                "Name=planlib 年度监督检查计划",
                f'Exec="{script}"',
                "Terminal=true",
                "Categories=Office;",
            ]
            copy.write_text("\n".join(entry) + "\n", encoding="utf-8")
            copy.chmod(0o755)
        written.append(copy)
    return written


def main() -> int:
    say("planlib 离线安装")
    if sys.version_info[:2] not in SUPPORTED:
        found = ".".join(map(str, sys.version_info[:3]))
        return fail(f"需要 Python 3.11 或 3.12，当前为 Python {found}；请安装 Python 3.11 或 3.12 后重新运行")
    name = target()
    if name is None:
        return fail(f"本安装包只支持 64 位 Windows 和 Linux x86_64，当前为 {platform.system()} {platform.machine()}")
    requirements = HERE / "requirements" / f"{name}.txt"
    if not requirements.is_file():
        return fail(f"安装包不完整：没有 {requirements.relative_to(HERE)}（本机为 {name}）")
    say(f"使用 Python {platform.python_version()}（{sys.executable}）")
    say(f"第1步：建立虚拟环境 {ENV_DIR} …")
    if not env_python().is_file():
        done = subprocess.run([sys.executable, "-m", "venv", str(ENV_DIR)])
        if done.returncode:
            return fail("建立虚拟环境失败（Debian/Ubuntu 请先安装 python3-venv）")
    say("第2步：从 wheels 文件夹安装 planlib 及其依赖（不联网，逐个核对 SHA-256）…")
    pip = [str(env_python()), "-m", "pip", "install", "--quiet", "--no-index", "--find-links", str(HERE / "wheels")]
    done = subprocess.run([*pip, "--require-hashes", "-r", str(requirements)], env=offline_pip_environment())
    if done.returncode:
        return fail("安装失败；请把上面的信息发给信息技术人员")
    version = subprocess.run([str(env_planlib()), "--version"], capture_output=True, text=True)
    if version.returncode:
        return fail(f"安装后无法运行 planlib：{version.stderr.strip()}")
    say(f"第3步：已安装 {version.stdout.strip()}；生成启动程序…")
    for path in write_launchers():
        say(f"  {path}")
    say(f"安装完成。双击“{LAUNCHER}”即可在浏览器中打开 JupyterLab；")
    say(f"工作文件夹：{work_folder()}（笔记本复制在其中的 planlib-notebooks，成果写在其中的 outputs）")
    say(f"命令行：{env_planlib()} run（用内置示例数据生成年度计划成果）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
