"""``make offline``: the offline bundle ``dist/offline/`` for PCs with no internet (docs: README 内网安装).

What it writes::

    dist/offline/
      wheels/                 the planlib wheel and every wheel it needs, for each target below
      requirements/<target>.txt   pinned with SHA-256 hashes, resolved from uv.lock (markers kept)
      install.bat, install.sh     install into planlib-env/ beside them, with --no-index
      install.py                  what both run: checks, the venv, pip --no-index, the 启动planlib launcher
      安装说明.txt                 what to copy, how to install, start and update (Chinese)

Targets: Windows (win_amd64) and Linux (manylinux_2_28 x86_64), CPython 3.11 and 3.12. The
versions are uv.lock's (``uv export``, the one resolution); each target's list keeps the lock's
environment markers, so pip on the analyst's PC takes exactly the lines for its platform, and
every wheel is fetched with ``pip download --no-deps --require-hashes`` for the target's tags.
``--check`` then resolves ``planlib`` from the bundle alone (``pip download --no-index``) for
each target.

Run with the virtual environment's Python (``make offline``); needs uv (``make setup`` installs it).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
TEMPLATES = ("install.bat", "install.sh", "install.py", "安装说明.txt")
WINDOWS_TEXT = ("install.bat", "安装说明.txt")  # CRLF line ends for cmd.exe and Notepad


@dataclass(frozen=True)
class Target:
    name: str
    platforms: tuple[str, ...]  # pip download --platform
    python: str  # "3.11"
    environment: dict[str, str]  # PEP 508 marker variables, less the python versions

    def environments(self) -> list[dict[str, str]]:
        """The marker environments of this Python series (its first and a late patch release)."""
        base = {**self.environment, "python_version": self.python, "implementation_name": "cpython"}
        base["platform_python_implementation"] = "CPython"
        return [{**base, "python_full_version": f"{self.python}.{patch}"} for patch in (0, 99)]


# pip takes --platform tags literally: every manylinux tag glibc 2.28 runs (and the legacy aliases).
MANYLINUX_2_28 = tuple(f"manylinux_2_{minor}_x86_64" for minor in range(28, 4, -1)) + tuple(
    f"manylinux{alias}_x86_64" for alias in ("2014", "2010", "1")
)
WINDOWS = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64"}
LINUX = {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix", "platform_machine": "x86_64"}
TARGETS = {
    t.name: t
    for t in (
        Target("win_amd64-cp311", ("win_amd64",), "3.11", WINDOWS),
        Target("win_amd64-cp312", ("win_amd64",), "3.12", WINDOWS),
        Target("manylinux_x86_64-cp311", MANYLINUX_2_28, "3.11", LINUX),
        Target("manylinux_x86_64-cp312", MANYLINUX_2_28, "3.12", LINUX),
    )
}


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    marker: str  # "" for every environment
    hashes: tuple[str, ...]

    def line(self, with_marker: bool = True) -> str:
        marker = f" ; {self.marker}" if self.marker and with_marker else ""
        return f"{self.name}=={self.version}{marker} " + " ".join(f"--hash=sha256:{h}" for h in self.hashes)

    def applies(self, target: Target) -> bool:
        return not self.marker or any(Marker(self.marker).evaluate(env) for env in target.environments())


def parse_export(text: str) -> list[Pin]:
    """``uv export --format requirements-txt`` (with hashes) as pins."""
    joined = re.sub(r"\\\n", " ", text)
    pins = []
    for raw in joined.splitlines():
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("--hash") else raw.strip()
        if not line or line.startswith("#"):
            continue
        hashes = tuple(re.findall(r"--hash=sha256:([0-9a-f]{64})", line))
        spec = re.sub(r"\s*--hash=sha256:[0-9a-f]{64}", "", line).strip()
        requirement, _, marker = spec.partition(";")
        name, _, version = requirement.strip().partition("==")
        if not version or not hashes:
            raise SystemExit(f"uv export: unexpected line {raw!r}")
        pins.append(Pin(str(canonicalize_name(name)), version.strip(), marker.strip(), hashes))
    return pins


def uv() -> str:
    found = shutil.which("uv", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    if not found:
        raise SystemExit("uv not found: run `make setup` (it installs uv into .venv)")
    return found


def locked_pins() -> list[Pin]:
    """Every runtime dependency of planlib as uv.lock pins it (no extras, no planlib itself)."""
    export = subprocess.run(
        [uv(), "export", "--frozen", "--no-dev", "--no-emit-project", "--format", "requirements-txt", "--quiet"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return parse_export(export)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pip(*args: str, isolated: bool = False) -> None:
    """This Python's pip; ``isolated``: with no pip configuration of this machine (no index, mirror
    or find-links it may name), as on the analyst's PC."""
    env = None
    if isolated:
        env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PIP_")}
        env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1")
    subprocess.run([sys.executable, "-m", "pip", *args], check=True, env=env)


def build_wheel(wheels: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        pip("wheel", "--quiet", "--no-deps", "--wheel-dir", tmp, str(ROOT))
        (built,) = Path(tmp).glob("planlib-*.whl")
        for old in wheels.glob("planlib-*.whl"):
            old.unlink()
        return Path(shutil.copy2(built, wheels / built.name))


def target_args(target: Target, python: str | None = None) -> list[str]:
    platforms = [a for p in target.platforms for a in ("--platform", p)]
    return [*platforms, "--python-version", python or target.python, "--implementation", "cp", "--only-binary=:all:"]


def download(pins: list[Pin], target: Target, wheels: Path) -> None:
    """Every pin's wheel for ``target`` into ``wheels``, checked against the lock's hashes.

    Markers are left out here (pip would judge them by this machine); two versions of one
    package (a marker split) are fetched in separate rounds.
    """
    rounds: list[list[Pin]] = []
    for pin in pins:
        free = next((r for r in rounds if all(p.name != pin.name for p in r)), None)
        if free is None:
            rounds.append(free := [])
        free.append(pin)
    for batch in rounds:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
            f.write("\n".join(p.line(with_marker=False) for p in batch) + "\n")
        try:
            pip(
                "download",
                "--quiet",
                "--no-deps",
                "--require-hashes",
                "--dest",
                str(wheels),
                *target_args(target, f"{target.python}.99"),
                "-r",
                f.name,
            )  # fmt: skip  (a late patch release: pins split at e.g. 3.11.5 require it)
        finally:
            os.unlink(f.name)


def write_requirements(pins: list[Pin], planlib_wheel: Path, path: Path, target: Target) -> None:
    lines = [
        f"# planlib 离线安装清单：{target.name}（由 uv.lock 生成，`make offline`；install.bat / install.sh 使用）",
        f"planlib=={planlib_version(planlib_wheel)} --hash=sha256:{sha256(planlib_wheel)}",
        *(p.line() for p in pins),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def planlib_version(wheel: Path) -> str:
    return wheel.name.split("-")[1]


def copy_templates(out: Path, version: str) -> None:
    for name in TEMPLATES:
        text = (HERE / name).read_text(encoding="utf-8").replace("@VERSION@", version)
        target = out / name
        if name in WINDOWS_TEXT:
            data = text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
            if name.endswith(".txt"):
                data = b"\xef\xbb\xbf" + data  # Notepad of older Windows reads UTF-8 by its BOM
            target.write_bytes(data)
        else:
            target.write_text(text, encoding="utf-8", newline="\n")
    (out / "install.sh").chmod(0o755)


def check(out: Path, targets: list[Target]) -> None:
    """``pip download --no-index --find-links wheels planlib`` resolves for each target, and so
    does each target's whole list (with its hashes, markers stripped)."""
    wheels = out / "wheels"
    for target in targets:
        with tempfile.TemporaryDirectory() as tmp:
            pip("download", "--quiet", "--no-index", "--find-links", str(wheels), "--dest", tmp,
                *target_args(target), "planlib", isolated=True)  # fmt: skip
            print(f"check {target.name}: planlib resolves from the bundle ({len(list(Path(tmp).iterdir()))} wheels)")
        pins = [
            p for p in parse_export(strip_planlib(out / "requirements" / f"{target.name}.txt")) if p.applies(target)
        ]
        names = {p.name for p in pins}
        present = {canonicalize_name(w.name.split("-")[0]) for w in wheels.glob("*.whl")}
        missing = sorted(names - present)
        if missing:
            raise SystemExit(f"check {target.name}: no wheel for {missing}")
        print(f"check {target.name}: all {len(pins)} locked requirements have a wheel")


def strip_planlib(path: Path) -> str:
    return "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("planlib=="))


def build(out: Path, targets: list[Target]) -> None:
    wheels = out / "wheels"
    (out / "requirements").mkdir(parents=True, exist_ok=True)
    wheels.mkdir(parents=True, exist_ok=True)
    wheel = build_wheel(wheels)
    pins = locked_pins()
    for target in targets:
        chosen = [p for p in pins if p.applies(target)]
        print(f"{target.name}: {len(chosen)} locked packages", flush=True)
        download(chosen, target, wheels)
        write_requirements(chosen, wheel, out / "requirements" / f"{target.name}.txt", target)
    copy_templates(out, planlib_version(wheel))
    size = sum(p.stat().st_size for p in wheels.iterdir())
    print(f"{out}: {len(list(wheels.iterdir()))} wheels, {size / 2**20:.0f} MiB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "offline")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS), help="default: all four")
    parser.add_argument("--check", action="store_true", help="then resolve planlib from the bundle alone")
    parser.add_argument("--check-only", action="store_true")
    args = parser.parse_args(argv)
    targets = [TARGETS[t] for t in args.target] if args.target else list(TARGETS.values())
    if not args.check_only:
        build(args.out, targets)
    if args.check or args.check_only:
        check(args.out, targets)
    return 0


if __name__ == "__main__":
    sys.exit(main())
