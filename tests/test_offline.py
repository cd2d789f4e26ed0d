"""Where bureaus work (issue 16, items 2–6): planlib outside its checkout, one install, a lock,
the offline bundle, Chinese where analysts work.

The slow tests build the real wheel and the real bundle and use them as an analyst would, from an
empty folder; the fast ones check each piece on its own. Expected values come from the files
themselves (pyproject.toml, uv.lock, the shipped notebooks), never from the code under test.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import openpyxl
import pytest

from support import ROOT, XICHENG

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCK = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
SHIPPED_NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
XICHENG_AUTHORITY = "北京市西城区应急管理局"  # the bundled workbook's authority: runs go to outputs/<authority>/<year>/


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def locked(name: str) -> str:
    (version,) = [p["version"] for p in LOCK["package"] if p["name"] == name]
    return version


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, log: Path, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while True:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        assert proc.poll() is None, log.read_text(encoding="utf-8", errors="replace")
        assert time.monotonic() < deadline, log.read_text(encoding="utf-8", errors="replace")
        time.sleep(0.3)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", errors="replace")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ---------------------------------------------------------------- item 2: outside the checkout


def test_the_checkout_is_recognised_and_a_bundled_package_is_not_taken_for_one(tmp_path):
    from planlib import config

    # this test runs from the checkout: the shipped files are read where they are kept
    assert config.CHECKOUT == ROOT
    assert config.NOTEBOOKS_DIR == ROOT / "notebooks" and config.DEFAULT_INPUT == XICHENG
    assert config.OUTPUTS_DIR == ROOT / "outputs"
    # a package with its bundled copy (a wheel's layout, even inside something that looks like a checkout)
    fake = tmp_path / "src" / "planlib"
    (fake / "_bundled").mkdir(parents=True)
    for top in ("notebooks", "data"):
        (tmp_path / top).mkdir()
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    assert config.find_checkout(fake) is None
    (fake / "_bundled").rmdir()
    assert config.find_checkout(fake) == tmp_path
    # site-packages/planlib: two levels up is no checkout
    site = tmp_path / "lib" / "site-packages" / "planlib"
    site.mkdir(parents=True)
    assert config.find_checkout(site) is None


def test_setup_bundles_the_files_config_reads():
    """setup.py reads config.SHIPPED; every file it names exists, and the defaults are among them."""
    from planlib import config

    shipped = [p for folder, patterns in config.SHIPPED.items() for pat in patterns for p in (ROOT / folder).glob(pat)]
    names = {str(p.relative_to(ROOT)) for p in shipped}
    assert {f"notebooks/{n}" for n in SHIPPED_NOTEBOOKS} <= names
    assert {"data/xicheng_2020.xlsx", "data/kuancheng_2025.xlsx", "data/xicheng_2020_register.xlsx"} <= names
    assert "data/reference/xicheng-2020-plan.txt" in names
    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8")
    assert "graft notebooks" in manifest and "graft data" in manifest  # an sdist builds the same wheel


def _sync(work: Path, shipped: Path):
    from planlib.app.lab import sync_notebooks

    return {s.name: s.status for s in sync_notebooks(work, shipped)}


def test_lab_copies_the_notebooks_and_never_over_the_analysts_edits(tmp_path):
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    (shipped / "a.ipynb").write_text("A1", encoding="utf-8")
    (shipped / "b.ipynb").write_text("B1", encoding="utf-8")
    (shipped / "c.ipynb").write_text("C1", encoding="utf-8")
    work = tmp_path / "我的笔记本"
    work.mkdir()
    (work / "c.ipynb").write_text("the analyst's own c", encoding="utf-8")  # there before planlib

    assert _sync(work, shipped) == {"a.ipynb": "copied", "b.ipynb": "copied", "c.ipynb": "kept"}
    assert (work / "a.ipynb").read_text(encoding="utf-8") == "A1"
    assert (work / "c.ipynb").read_text(encoding="utf-8") == "the analyst's own c"

    (work / "a.ipynb").write_text("A1 edited by the analyst", encoding="utf-8")
    for name, text in (("a.ipynb", "A2"), ("b.ipynb", "B2")):  # a newer planlib ships new versions
        (shipped / name).write_text(text, encoding="utf-8")
    assert _sync(work, shipped) == {"a.ipynb": "kept", "b.ipynb": "updated", "c.ipynb": "kept"}
    assert (work / "a.ipynb").read_text(encoding="utf-8") == "A1 edited by the analyst"
    assert (work / "b.ipynb").read_text(encoding="utf-8") == "B2"  # unedited: brought up to date
    assert _sync(work, shipped)["b.ipynb"] == "unchanged"

    (work / "b.ipynb").unlink()  # deleted by the analyst: copied again
    assert _sync(work, shipped)["b.ipynb"] == "copied"
    assert sorted(p.name for p in work.iterdir() if p.name.endswith(".tmp")) == []


def test_lab_sets_the_input_for_the_notebooks_and_refuses_a_missing_one(tmp_path, capsys):
    from planlib.app.cli import main
    from planlib.app.lab import lab_environment

    env = lab_environment(tmp_path / "我的计划.xlsx", base={"PATH": "/bin"})
    assert env == {"PATH": "/bin", "PLANLIB_INPUT": str(tmp_path / "我的计划.xlsx")}
    assert main(["lab", "--input", str(tmp_path / "没有.xlsx"), "--dir", str(tmp_path / "w")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "没有.xlsx" in err[0] and "文件不存在" in err[0]
    assert not (tmp_path / "w").exists()  # nothing made for a refused start


def test_a_notebook_run_by_hand_reads_the_input_planlib_lab_was_given(tmp_path, monkeypatch):
    from planlib.app.run import load_inputs

    mine = tmp_path / "我的计划.xlsx"
    shutil.copyfile(XICHENG, mine)
    monkeypatch.setenv("PLANLIB_INPUT", str(mine))
    inputs = load_inputs(by_hand=True)  # the notebooks' first cell: input_path = None
    assert inputs.input_path == mine.resolve()
    assert inputs.out_dir == (tmp_path / "outputs" / "notebook" / "2020").resolve()
    # the official run names its input itself: the variable does not change what it computes
    assert load_inputs().input_path == XICHENG.resolve()


def test_the_package_settings_make_jupyterlab_chinese_without_news():
    from planlib import config

    overrides = json.loads((config.LAB_SETTINGS_DIR / "overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "zh_CN"
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert "app/lab_settings/*.json" in PYPROJECT["tool"]["setuptools"]["package-data"]["planlib"]


# ---------------------------------------------------------------- item 3: one install


def test_plain_install_is_everything_an_analyst_uses_and_dev_tools_stay_extras():
    deps = {re.split(r"[<>=!~\[ ;]", d)[0].lower() for d in PYPROJECT["project"]["dependencies"]}
    analyst = {"jupyterlab", "voila", "ipywidgets", "papermill", "nbconvert", "matplotlib", "python-docx", "tqdm"}
    analyst |= {"pypdf", "beautifulsoup4", "lxml", "jupyterlab-language-pack-zh-cn", "openpyxl", "pandas"}
    assert analyst <= deps
    extras = PYPROJECT["project"]["optional-dependencies"]
    for tool in ("pytest", "ruff", "mypy", "nbval", "pytest-playwright"):
        assert tool not in deps
        assert any(tool in " ".join(v) for v in extras.values())


# ---------------------------------------------------------------- item 4: the lock


def test_the_lock_pins_every_dependency_with_hashes_for_windows_and_linux():
    packages = {p["name"]: p for p in LOCK["package"]}
    (planlib,) = [p for p in LOCK["package"] if p["name"] == "planlib"]
    wanted = {re.split(r"[<>=!~\[ ;]", d)[0].lower() for d in PYPROJECT["project"]["dependencies"]}
    assert {d["name"] for d in planlib["dependencies"]} == wanted  # the lock is of this pyproject
    runtime, todo = set(), [d["name"] for d in planlib["dependencies"]]
    while todo:  # what plain `pip install planlib` brings, through the lock's graph
        name = todo.pop()
        if name not in runtime:
            runtime.add(name)
            todo += [d["name"] for d in packages[name].get("dependencies", [])]
    assert len(runtime) > 100
    for name in runtime:  # a wheel for each: nothing to compile on the analyst's PC
        assert packages[name].get("wheels"), name
        assert all(w["hash"].startswith("sha256:") for w in packages[name]["wheels"]), name
    for name, package in packages.items():  # and every other pin (the developer tools) has a hash too
        files = package.get("wheels", []) + ([package["sdist"]] if "sdist" in package else [])
        assert name == "planlib" or (files and all(f["hash"].startswith("sha256:") for f in files)), name
    # the wheels for both platforms of the bundle are in it (e.g. pandas, a compiled package)
    names = [w["url"].rsplit("/", 1)[1] for w in packages["pandas"]["wheels"]]
    for tag in ("cp311-cp311-win_amd64", "cp312-cp312-win_amd64", "cp311-cp311-manylinux", "cp312-cp312-manylinux"):
        assert any(tag in n for n in names), tag


def test_the_run_records_the_locked_versions():
    """This environment was installed from uv.lock (make setup): provenance.json's versions are the lock's."""
    from planlib.app.run import _versions

    versions = _versions()
    for name in ("pandas", "papermill"):
        assert versions[name] == locked(name), name
    assert versions["planlib"] == locked("planlib") == PYPROJECT["project"]["version"]


def test_make_setup_and_ci_install_from_the_lock_and_make_lock_moves_it():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    setup = re.search(r"^\$\(STAMP\):.*?(?=^\S)", makefile, re.M | re.S).group(0)
    assert "uv.lock" in setup.splitlines()[0]  # re-installed when the lock moves
    assert "export --frozen" in setup and "--require-hashes" in setup
    assert re.search(r"^lock:", makefile, re.M) and "lock --upgrade" in makefile
    assert re.search(r"^offline:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")  # test → lint → setup


@pytest.mark.slow
def test_the_lock_is_up_to_date_with_pyproject():
    uv = shutil.which("uv", path=str(Path(sys.executable).parent))
    assert uv, "uv is installed by make setup"
    done = subprocess.run([uv, "lock", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


# ---------------------------------------------------------------- item 6: Chinese where analysts work


def _cli(*args: str) -> tuple[int, str, str]:
    from planlib.app.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as e:
            code = int(e.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_argparse_speaks_chinese():
    code, out, _ = _cli("--help")
    assert code == 0
    for word in ("用法：planlib", "位置参数", "选项", "显示帮助并退出", "显示版本号并退出"):
        assert word in out, word
    for english in ("usage:", "positional arguments", "options:", "show this help message"):
        assert english not in out, english
    code, _, err = _cli("frob")
    assert code == 2 and "planlib：错误：" in err and "无效的选择：'frob'" in err and "用法：" in err
    code, _, err = _cli("compute", "x.xlsx", "--mode", "abc")
    assert code == 2 and "参数 --mode：无效的选择：'abc'" in err
    code, _, err = _cli("compute")
    assert code == 2 and "缺少必需的参数：path" in err
    code, _, err = _cli("compute", "a.xlsx", "b.xlsx")
    assert code == 2 and "无法识别的参数：b.xlsx" in err
    code, _, err = _cli("run", "--year", "二〇二〇")
    assert code == 2 and "无效的整数：'二〇二〇'" in err
    assert "error" not in err and "invalid" not in err
    # and argparse is English again outside planlib's parser
    import argparse

    assert "usage:" in argparse.ArgumentParser(prog="x").format_usage()


def test_version():
    code, out, _ = _cli("--version")
    assert code == 0 and out.strip() == f"planlib {PYPROJECT['project']['version']}"


def test_the_key_column_takes_every_chinese_label_of_the_template(tmp_path):
    """基本信息's 键 may hold the 项目 label the template prints beside each key, for every setting."""
    from planlib.io.workbook import compute_workbook, write_template

    template = tmp_path / "模板.xlsx"
    write_template(template)
    labels = {}
    for row in openpyxl.load_workbook(template)["基本信息"].iter_rows(min_row=2, values_only=True):
        if row[0]:
            labels[row[0]] = row[2]  # 键, 值, 项目, 说明 as the template writes them
    assert len(labels) >= 20 and labels["year"] == "计划年度"
    instructions = [c for row in openpyxl.load_workbook(template)["填写说明"].iter_rows(values_only=True) for c in row]
    assert any(isinstance(c, str) and "中文名称均可" in c for c in instructions)  # and it says so
    wb = openpyxl.load_workbook(XICHENG)
    ws = wb["基本信息"]
    header = [c.value for c in ws[1]]
    key = header.index("键") + 1
    replaced = 0
    for r in range(2, ws.max_row + 1):
        cell = ws.cell(r, key)
        if cell.value in labels:
            cell.value = labels[cell.value]
            replaced += 1
    assert replaced >= 5
    by_label = tmp_path / "按项目填写.xlsx"
    wb.save(by_label)
    expected, _ = compute_workbook(str(XICHENG), None)
    result, _ = compute_workbook(str(by_label), None)
    assert result.plan.authority == expected.plan.authority and result.plan.year == expected.plan.year
    assert result.planned_inspections == expected.planned_inspections
    assert result.total_workdays == expected.total_workdays


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _stderr_of(args: list[str], stream: io.StringIO) -> tuple[int, str]:
    from planlib.app.cli import main

    with contextlib.redirect_stderr(stream), contextlib.redirect_stdout(io.StringIO()):
        code = main(args)
    return code, stream.getvalue()


def test_the_progress_bar_has_a_total_on_a_terminal_and_is_silent_otherwise(tmp_path):
    from planlib.app.batch import compute_all

    paths = [tmp_path / "甲.xlsx", tmp_path / "乙.xlsx"]
    for path in paths:
        shutil.copyfile(XICHENG, path)
    terminal, log = _Terminal(), io.StringIO()
    with contextlib.redirect_stderr(terminal):
        rows, failures = compute_all(paths)
    assert len(rows) == 2 and not failures
    assert "读取测算" in terminal.getvalue() and "2/2" in terminal.getvalue()
    with contextlib.redirect_stderr(log):
        compute_all(paths)
    assert log.getvalue() == ""


@pytest.mark.slow  # three workbooks end to end, with the summary chart
def test_batch_shows_a_bar_with_a_total_on_a_terminal_only(tmp_path):
    folder = tmp_path / "各区"
    folder.mkdir()
    for name in ("甲.xlsx", "乙.xlsx", "丙.xlsx"):
        shutil.copyfile(XICHENG, folder / name)
    code, err = _stderr_of(["batch", str(folder), "--out", str(tmp_path / "a")], _Terminal())
    assert code == 0 and "读取测算" in err and "3/3" in err
    code, err = _stderr_of(["batch", str(folder), "--out", str(tmp_path / "b")], io.StringIO())
    assert code == 0 and err == ""  # a file or a pipe: nothing


@pytest.mark.slow  # the 8,580-entity register read and two lists written, twice
def test_draw_shows_a_bar_with_a_total_on_a_terminal_only(tmp_path):
    register = ROOT / "data" / "xicheng_2020_register.xlsx"
    args = ["draw", str(XICHENG), "--register", str(register), "--seed", "2020"]
    code, err = _stderr_of([*args, "--out", str(tmp_path / "a")], _Terminal())
    assert code == 0 and "读取计划和名录" in err and "3/3" in err
    code, err = _stderr_of([*args, "--out", str(tmp_path / "b")], io.StringIO())
    # a file or a pipe: no bar, only the command's own notes (the bundled plan has no roster)
    assert code == 0 and "读取计划和名录" not in err and "3/3" not in err
    assert all(line.startswith("注意：") for line in err.splitlines()), err


# ---------------------------------------------------------------- item 2 from the real wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(ROOT)],
        check=True,
        timeout=600,
    )
    (built,) = out.glob("planlib-*.whl")
    return built


@pytest.fixture(scope="module")
def installed_wheel(wheel, tmp_path_factory) -> dict[str, str]:
    """The wheel installed on its own (its dependencies: this environment's), first on the path."""
    site = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        timeout=600,
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PLANLIB_INPUT", "MPLBACKEND")}
    return {**env, "PYTHONPATH": str(site)}


def _planlib(env: dict[str, str], cwd: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "planlib", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.mark.slow
def test_the_wheel_carries_the_notebooks_data_and_templates(wheel):
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for n in SHIPPED_NOTEBOOKS:
        assert f"planlib/_bundled/notebooks/{n}" in names
    for n in (
        "xicheng_2020.xlsx",
        "kuancheng_2025.xlsx",
        "xicheng_2020_register.xlsx",
        "reference/xicheng-2020-plan.txt",
    ):
        assert f"planlib/_bundled/data/{n}" in names
    assert {"planlib/io/templates/gbt9704.docx", "planlib/app/lab_settings/overrides.json"} <= names


@pytest.mark.slow
def test_a_wheel_built_from_the_sdist_bundles_the_same_files(wheel, tmp_path):
    """``uv build`` makes the sdist, then the wheel from it: MANIFEST.in carries what setup.py bundles."""
    import zipfile

    uv = shutil.which("uv", path=str(Path(sys.executable).parent))
    assert uv, "uv is installed by make setup"
    subprocess.run([uv, "build", "--quiet", "--out-dir", str(tmp_path)], cwd=ROOT, check=True, timeout=600)
    (from_sdist,) = tmp_path.glob("planlib-*.whl")

    def bundled(w: Path) -> set[str]:
        return {n for n in zipfile.ZipFile(w).namelist() if n.startswith("planlib/_bundled/")}

    assert bundled(from_sdist) == bundled(wheel) and len(bundled(wheel)) >= len(SHIPPED_NOTEBOOKS) + 4


@pytest.mark.slow
def test_from_the_wheel_in_an_empty_folder(installed_wheel, tmp_path):
    env = installed_wheel
    work = tmp_path / "空文件夹"
    work.mkdir()
    probe = subprocess.run(
        [sys.executable, "-c", "import planlib.config as c; print(c.__file__); print(c.CHECKOUT)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert probe[0].startswith(env["PYTHONPATH"]) and probe[1] == "None"  # the wheel's planlib, no checkout

    assert _planlib(env, work, "--version").stdout.strip() == f"planlib {PYPROJECT['project']['version']}"
    done = _planlib(env, work, "run")  # no input: the bundled example
    assert done.returncode == 0, done.stderr
    out = work / "outputs" / XICHENG_AUTHORITY / "2020"
    provenance = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["input"]["sha256"] == sha256(XICHENG)  # the bundled copy is the checkout's workbook
    for name in ("pandas", "papermill"):  # the versions that made it are the lock's
        assert provenance["versions"][name] == locked(name), name
    assert (out / "plan_2020.docx").is_file() and (out / "annual_plan.html").is_file()

    done = _planlib(env, work, "template", "我的计划.xlsx")
    assert done.returncode == 0 and (work / "我的计划.xlsx").is_file(), done.stderr
    data = Path(env["PYTHONPATH"]) / "planlib" / "_bundled" / "data"
    done = _planlib(
        env,
        work,
        "draw",
        str(data / "xicheng_2020.xlsx"),
        "--register",
        str(data / "xicheng_2020_register.xlsx"),
        "--seed",
        "2020",
    )
    assert done.returncode == 0, done.stderr
    assert (work / "outputs" / "draw" / "抽查名单_2020.xlsx").is_file()
    done = _planlib(env, work, "audit", str(data / "reference" / "xicheng-2020-plan.txt"))
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    assert sorted(p.name for p in work.iterdir()) == ["outputs", "我的计划.xlsx"]


@pytest.mark.slow
def test_dashboard_from_the_wheel(installed_wheel, tmp_path):
    port = free_port()
    log = tmp_path / "dashboard.log"
    with open(log, "w", encoding="utf-8") as f:
        proc = subprocess.Popen(
            [sys.executable, "-m", "planlib", "dashboard", "--no-browser", "--port", str(port)],
            cwd=tmp_path,
            env={**installed_wheel, "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt")},
            stdout=f,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, proc, log)
        status, _ = get(f"http://127.0.0.1:{port}/")
        assert status == 200, log.read_text(encoding="utf-8")
    finally:
        stop(proc)


# ---------------------------------------------------------------- item 5: the offline bundle


def _lab_answers_in_chinese(planlib: Path, cwd: Path, env: dict[str, str], log: Path) -> None:
    """``planlib lab --no-browser`` from ``cwd``: it answers on 127.0.0.1, in Chinese, no news; stop."""
    port = free_port()
    token = "planlib-test-token"
    with open(log, "w", encoding="utf-8") as f:
        proc = subprocess.Popen(
            [str(planlib), "lab", "--no-browser", "--port", str(port)],
            cwd=cwd,
            env={**env, "JUPYTER_TOKEN": token, "JUPYTER_RUNTIME_DIR": str(cwd.parent / "runtime")},
            stdout=f,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, proc, log)
        status, page = get(f"http://127.0.0.1:{port}/lab?token={token}")
        assert status == 200, log.read_text(encoding="utf-8")
        assert '"disabled": true' in page.split('"news"', 1)[1][:40]  # no news feed, no pop-up
        api = f"http://127.0.0.1:{port}/lab/api"
        # the package's overrides are the defaults JupyterLab serves (the user's own settings stay empty)
        _, text = get(f"{api}/settings/@jupyterlab/translation-extension:plugin?token={token}")
        assert json.loads(text)["schema"]["properties"]["locale"]["default"] == "zh_CN"
        _, text = get(f"{api}/settings/@jupyterlab/apputils-extension:notification?token={token}")
        assert json.loads(text)["schema"]["properties"]["fetchNews"]["default"] == "false"
        _, text = get(f"{api}/translations/zh_CN?token={token}")
        assert json.loads(text)["data"]["jupyterlab"]["Edit"] == ["编辑"]  # the language pack is served
        work = cwd / "planlib-notebooks"
        assert sorted(p.name for p in work.glob("*.ipynb")) == SHIPPED_NOTEBOOKS
    finally:
        stop(proc)
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0  # nothing left serving the port


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """``make offline`` for this machine's target only (the full four take ~4× the download)."""
    out = tmp_path_factory.mktemp("offline")
    tag = f"manylinux_x86_64-cp{sys.version_info[0]}{sys.version_info[1]}"
    script = ROOT / "scripts" / "offline" / "build.py"
    started = time.monotonic()
    subprocess.run(
        [sys.executable, str(script), "--out", str(out), "--target", tag, "--check"], check=True, timeout=1200
    )
    print(f"bundle for {tag} built in {time.monotonic() - started:.0f} s")
    return out


def without_network(command: list[str], loopback: bool = False) -> tuple[list[str], bool]:
    """``command`` in a network namespace of its own (``unshare -n``): no route anywhere. With
    ``loopback`` its ``lo`` is brought up first (kernels and JupyterLab talk over 127.0.0.1), which
    needs ``ip``; where that cannot be done the command runs as it is (pip's ``--no-index`` and
    ``PIP_CONFIG_FILE=/dev/null`` still keep every index away). Returns (command, isolated)."""
    unshare, ip = shutil.which("unshare"), shutil.which("ip") or "/usr/sbin/ip"
    if not unshare or subprocess.run([unshare, "-n", "true"], capture_output=True).returncode:
        return command, False
    if not loopback:
        return [unshare, "-n", *command], True
    if not Path(ip).is_file():
        return command, False
    return [unshare, "-n", "sh", "-c", f'"{ip}" link set lo up && exec "$@"', "sh", *command], True


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="the bundle's Linux installer (install.bat is for Windows)")
def test_the_offline_bundle_installs_with_no_network_and_works_from_an_empty_folder(bundle, tmp_path):
    for name in ("install.bat", "install.sh", "install.py", "安装说明.txt"):
        assert (bundle / name).is_file(), name
    assert b"\r\n" in (bundle / "install.bat").read_bytes()  # cmd.exe needs CRLF
    assert "内网" in (bundle / "安装说明.txt").read_text(encoding="utf-8-sig")
    copy = tmp_path / "内网电脑" / "planlib离线安装包"  # a Chinese path, as IT may name it
    shutil.copytree(bundle, copy)
    home = tmp_path / "home"
    (home / "Desktop").mkdir(parents=True)
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8", "PLANLIB_PYTHON": sys.executable}
    started = time.monotonic()
    command, isolated = without_network(["bash", str(copy / "install.sh")])
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1200)
    print(f"installed in {time.monotonic() - started:.0f} s (no network: {isolated})")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "安装完成" in done.stdout
    planlib = copy / "planlib-env" / "bin" / "planlib"
    launcher = copy / "启动planlib.sh"
    assert launcher.is_file() and str(planlib) in launcher.read_text(encoding="utf-8")
    assert (home / "Desktop" / "planlib.desktop").is_file()
    # the installed versions are the lock's
    python = copy / "planlib-env" / "bin" / "python"
    probe = "import importlib.metadata as m; print(m.version('pandas'), m.version('jupyterlab'))"
    versions = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert versions == [locked("pandas"), locked("jupyterlab")]

    empty = tmp_path / "空文件夹"
    empty.mkdir()
    run_env = {**env, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    command, isolated = without_network([str(planlib), "run"], loopback=True)
    started = time.monotonic()
    done = subprocess.run(command, cwd=empty, env=run_env, capture_output=True, text=True, timeout=600)
    print(f"planlib run in {time.monotonic() - started:.0f} s (no network: {isolated})")
    assert done.returncode == 0, done.stderr
    out = empty / "outputs" / XICHENG_AUTHORITY / "2020"
    assert (out / "plan_2020.docx").is_file()
    provenance = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert {k: provenance["versions"][k] for k in ("pandas", "papermill", "planlib")} == {
        k: locked(k) for k in ("pandas", "papermill", "planlib")
    }
    _lab_answers_in_chinese(planlib, empty, run_env, tmp_path / "lab.log")


@pytest.mark.skipif(sys.platform != "linux", reason="install.sh is the Linux installer")
@pytest.mark.parametrize("python", ["3.9.0", None])
def test_the_installer_says_in_chinese_when_python_is_missing_or_another_version(tmp_path, python):
    """install.sh with only an old Python on PATH (a stand-in answering as Python 3.9 would), or
    none: one Chinese line on stderr, exit 1, nothing installed."""
    bundle = tmp_path / "安装包"
    shutil.copytree(ROOT / "scripts" / "offline", bundle)
    bin_dir = tmp_path / "bin"  # the only folder on PATH: the tools install.sh uses, and that Python
    bin_dir.mkdir()
    for tool in ("uname", "dirname"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    if python:
        fake = bin_dir / "python3"
        fake.write_text(f"#!/bin/sh\necho {python}\n", encoding="utf-8")
        fake.chmod(0o755)
    done = subprocess.run(
        ["/bin/bash", str(bundle / "install.sh")],
        env={"PATH": str(bin_dir), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    (line,) = done.stderr.strip().splitlines()
    if python:
        assert "需要 Python 3.11 或 3.12，找到的是 Python 3.9.0" in line
    else:
        assert line.startswith("错误：未找到 Python")
    assert not (bundle / "planlib-env").exists()


def _installer_module(monkeypatch, windows: bool):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "planlib_offline_install", ROOT / "scripts" / "offline" / "install.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "WINDOWS", windows)
    return module


def test_the_windows_launcher_runs_planlib_lab_from_the_bundles_environment(tmp_path, monkeypatch):
    """install.py's Windows branch, run here with ``WINDOWS`` set (no Windows machine in CI): the
    launcher is a CRLF .bat in UTF-8 (chcp 65001) that starts planlib.exe of planlib-env in
    Documents\\planlib, and it is copied to the desktop."""
    install = _installer_module(monkeypatch, windows=True)
    profile = tmp_path / "用户"
    (profile / "Documents").mkdir(parents=True)
    (profile / "Desktop").mkdir()
    monkeypatch.setenv("USERPROFILE", str(profile))
    monkeypatch.setattr(install, "HERE", tmp_path / "planlib离线安装包")
    monkeypatch.setattr(install, "ENV_DIR", tmp_path / "planlib离线安装包" / "planlib-env")
    install.HERE.mkdir()
    name, text = install.launcher_text()
    assert name == "启动planlib.bat"
    lines = text.split("\r\n")
    assert lines[:2] == ["@echo off", "chcp 65001 >nul"] and "\n" not in text.replace("\r\n", "")
    assert f'"{install.ENV_DIR / "Scripts/planlib.exe"}" lab' in lines
    assert f'cd /d "{profile / "Documents" / "planlib"}"' in lines
    written = install.write_launchers()
    assert written == [install.HERE / name, profile / "Desktop" / name]
    assert all(p.read_bytes() == text.encode("utf-8") for p in written)
    assert install.target() in (None, f"win_amd64-cp{sys.version_info[0]}{sys.version_info[1]}")


def test_install_bat_is_a_well_formed_batch_file():
    """What can be checked of install.bat without cmd.exe: every goto has its label, the code page
    is UTF-8 before the first Chinese line, and the Python versions it accepts are the bundle's."""
    text = (ROOT / "scripts" / "offline" / "install.bat").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "@echo off"
    chcp = lines.index("chcp 65001 >nul")
    assert all(line.isascii() for line in lines[:chcp])
    labels = {line[1:].strip() for line in lines if line.startswith(":")}
    gotos = set(re.findall(r"goto :?(\w+)", text))
    assert gotos <= labels, gotos - labels
    assert "py -3.12" in text and "py -3.11" in text and "[(3, 11), (3, 12)]" in text
    assert "未找到 Python" in text and "需要 Python 3.11 或 3.12" in text
    build = (ROOT / "scripts" / "offline" / "build.py").read_text(encoding="utf-8")
    assert '"install.bat"' in build.split("WINDOWS_TEXT", 1)[1].split("\n", 1)[0]  # written with CRLF
