"""The official-year run: validation first, a complete package, and nothing damaged on failure."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from hand_chain import CHAIN_PHRASES
from planlib import config
from planlib.app import run
from planlib.core.compute import compute
from planlib.errors import InputError
from planlib.io.contract import to_contract
from planlib.text.findings import check
from planlib.views import charts
from support import run_planlib


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


@pytest.fixture
def previous(tmp_path) -> Path:
    """A previous run's outputs (any files; planlib's provenance.json lists them as its own)."""

    out = tmp_path / "outputs" / "2020"
    out.mkdir(parents=True)
    files = {"plan_2020.md": "旧的计划文本\n".encode(), "chart_units.png": b"\x89PNG old bytes"}
    for name, data in files.items():
        (out / name).write_bytes(data)
    record = {
        "generator": "planlib",
        "year": 2020,
        "input": {"path": str(config.DEFAULT_INPUT.resolve()), "sha256": "0" * 64},
        "authority": "北京市西城区应急管理局",
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
    }
    (out / run.PROVENANCE).write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


# ---------------------------------------------------------------- fast: before anything runs


def test_run_expects_the_files_the_packages_write():
    """expected_files is built from planlib.io.names, as export and charts are: a complete run."""
    assert run.expected_files(2020) == sorted(
        [
            "plan_2020.xlsx",
            "plan_2020.md",
            "plan_2020.docx",
            "history_2020.xlsx",
            "results.json",
            run.PROVENANCE,
            *(f"chart_{stem}.png" for stem in charts.CHARTS),
            "annual_plan.ipynb",
            "annual_plan.html",
            "history.ipynb",
            "history.html",
        ]
    )


@pytest.mark.slow
def test_the_kernel_process_writes_nothing_on_our_stderr(capfd):
    """The kernel's own log (ipykernel's start-up warnings) goes to /dev/null, through the public
    start_kernel(stderr=...) rather than a private launcher hook; a write to its fd 2 must not
    reach the terminal running ``planlib run``."""
    from jupyter_core.utils import run_sync

    km = run._start_kernel()
    try:
        kc = km.client()
        kc.start_channels()
        run_sync(kc.wait_for_ready)(timeout=60)
        reply = run_sync(kc.execute_interactive)("import os; os.write(2, b'kernel-fd2-marker')", timeout=60)
        assert reply["content"]["status"] == "ok"  # the code ran, so the write happened
        kc.stop_channels()
    finally:
        run._stop_kernel(km)
    assert "kernel-fd2-marker" not in capfd.readouterr().err


@pytest.mark.slow
def test_notebook_checks_skip_only_the_iri_syntax_import():
    """run skips importing rfc3987_syntax (~1 s); nbformat still validates notebooks."""
    code = (
        "import sys\n"
        "from planlib.app import run\n"
        "run._skip_iri_syntax_checks()\n"
        "import nbformat, papermill\n"
        "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1')])\n"
        "nbformat.validate(nb)\n"
        "nb.cells[0]['cell_type'] = 'nonsense'\n"
        "try:\n"
        "    nbformat.validate(nb)\n"
        "except nbformat.ValidationError:\n"
        "    print('invalid rejected')\n"
        "print(sys.modules['rfc3987_syntax'])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.split() == ["invalid", "rejected", "None"]


@pytest.mark.slow
def test_bad_input_exits_2_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("这不是工作簿", encoding="utf-8")
    out = tmp_path / "out"
    proc = run_planlib("run", "--input", bad, "--out", out)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("输入错误") and "bad.xlsx" in lines[0]
    assert "Traceback" not in proc.stderr
    assert not out.exists() and leftovers(tmp_path) == []
    assert bad.read_text(encoding="utf-8") == "这不是工作簿"


@pytest.mark.slow
def test_year_disagreeing_with_the_workbook_exits_2(tmp_path, xicheng_path):
    out = tmp_path / "out"
    proc = run_planlib("run", "--year", "2021", "--input", xicheng_path, "--out", out)
    assert proc.returncode == 2
    line = proc.stderr.strip()
    assert "2020年" in line and "2021年" in line and "不符" in line and "\n" not in line
    assert not out.exists()


def test_a_foreign_file_with_an_output_name_is_never_replaced(tmp_path, xicheng_path):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "plan_2020.docx").write_text("别删我", encoding="utf-8")
    with pytest.raises(InputError, match="为免覆盖"):
        run.official_run(xicheng_path, out_dir=out, progress=False)
    assert snapshot(out) == {"plan_2020.docx": "别删我".encode()}
    assert leftovers(tmp_path) == []


# ---------------------------------------------------------------- slow: notebooks executed


@pytest.mark.slow
def test_official_run_writes_the_complete_package(tmp_path, xicheng_path, xicheng_plan):
    before = sha256(xicheng_path)
    out = tmp_path / "2020"
    proc = run_planlib("run", "--input", xicheng_path, "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert f"保存在：{out}" in proc.stdout and "2020年度计划成果已生成" in proc.stdout
    assert "cell/s" not in proc.stderr and "%|" not in proc.stderr  # stderr is a pipe: no progress bars
    assert sha256(xicheng_path) == before  # the input is never modified

    assert sorted(p.name for p in out.iterdir()) == run.expected_files(2020)
    assert leftovers(tmp_path) == []

    result = compute(xicheng_plan)
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results == json.loads(json.dumps(to_contract(result, check(result))))
    assert (results["total_workdays"], results["inspection_workdays"]["total"]) == (8785, 1012)
    assert [u["key"] for u in results["units"]] == [26, 70, 70, 70, 70]

    md = (out / "plan_2020.md").read_text(encoding="utf-8")
    for phrase in CHAIN_PHRASES:
        assert phrase in md

    prov = json.loads((out / run.PROVENANCE).read_text(encoding="utf-8"))
    assert prov["input"]["sha256"] == before
    assert prov["parameters"]["year"] == 2020 and prov["workday_mode"] == "formula"
    assert set(prov["versions"]) >= {"planlib", "pandas", "papermill", "chinesecalendar"}
    assert prov["started"] <= prov["finished"]
    assert prov["started"].endswith("+08:00") and prov["finished"].endswith("+08:00")  # Beijing time

    for name in run.NOTEBOOKS:
        executed = nbformat.read(out / name, as_version=4)
        assert not [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        html = (out / name.replace(".ipynb", ".html")).read_text(encoding="utf-8")
        assert "data:image/png;base64," in html  # charts embedded: readable without the PNGs
        assert "load_inputs(" not in html  # code hidden from readers
    assert "国家法定工作日=366-104-11=251" in (out / "annual_plan.html").read_text(encoding="utf-8")

    # a second run (official mode) replaces the first whole
    proc = run_planlib("run", "--input", xicheng_path, "--out", out, "--mode", "official")
    assert proc.returncode == 0, proc.stderr
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["calendar"]["workdays_per_person"] == 249  # docs/method.md §2: the 2020 arrangement
    assert results["total_workdays"] == 249 * 35
    assert sorted(p.name for p in out.iterdir()) == run.expected_files(2020)
    assert leftovers(tmp_path) == []

    # issue 13's recipe: the user's workbook and an edited copy kept in the output folder survive
    mine = out / "我的填报.xlsx"
    shutil.copy(xicheng_path, mine)
    (out / "plan_2020_领导修改版.docx").write_text("x\n", encoding="utf-8")
    kept = {name: sha256(out / name) for name in ("我的填报.xlsx", "plan_2020_领导修改版.docx")}
    proc = run_planlib("run", "--input", mine, "--out", out)  # another workbook (issue 21 item 4)
    assert proc.returncode == 2 and "--replace" in proc.stderr, proc.stderr
    proc = run_planlib("run", "--input", mine, "--out", out, "--replace")
    assert proc.returncode == 0, proc.stderr
    assert {name: sha256(out / name) for name in kept} == kept
    assert sorted(p.name for p in out.iterdir()) == sorted(run.expected_files(2020) + list(kept))
    assert json.loads((out / "results.json").read_text(encoding="utf-8"))["total_workdays"] == 8785
    assert leftovers(tmp_path) == []


@pytest.mark.slow
def test_interrupted_run_leaves_previous_outputs_untouched(previous, xicheng_path, monkeypatch):
    before, input_before = snapshot(previous), sha256(xicheng_path)
    real_execute = run._execute

    def execute_then_interrupt(notebook, target, parameters, progress, **kw):
        real_execute(notebook, target, parameters, progress, **kw)
        if notebook == "history.ipynb":  # Ctrl-C once the notebook has written its files
            assert (target.parent / "history_2020.xlsx").exists()
            raise KeyboardInterrupt

    monkeypatch.setattr(run, "_execute", execute_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        run.official_run(xicheng_path, out_dir=previous, progress=False)
    assert snapshot(previous) == before
    assert leftovers(previous.parent) == []  # the temporary directory is gone
    assert sha256(xicheng_path) == input_before


@pytest.mark.slow
def test_a_failing_notebook_cell_leaves_previous_outputs_untouched(previous, xicheng_path, tmp_path, monkeypatch):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(config.NOTEBOOKS_DIR, notebooks)
    nb = nbformat.read(notebooks / "history.ipynb", as_version=4)
    nb.cells.insert(4, nbformat.v4.new_code_cell('raise RuntimeError("模拟的失败")'))
    nbformat.write(nb, notebooks / "history.ipynb")
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", notebooks)
    before = snapshot(previous)

    with pytest.raises(run.RunError, match="history.ipynb.*模拟的失败"):
        run.official_run(xicheng_path, out_dir=previous, progress=False)
    assert snapshot(previous) == before
    assert leftovers(previous.parent) == []


@pytest.mark.slow
def test_a_run_leaves_the_working_directory_alone(tmp_path, monkeypatch):
    """Notebooks run side by side in threads; papermill's cwd= would chdir the process."""
    import os

    monkeypatch.chdir(tmp_path)
    run.official_run(out_dir=tmp_path / "out", progress=False)
    assert os.getcwd() == str(tmp_path)


@pytest.mark.slow
def test_a_kernel_that_dies_at_start_up_is_replaced(tmp_path, monkeypatch):
    """papermill#239: parallel kernels can die before replying; the notebook is started again."""
    real, calls = run._execute, []

    def flaky(notebook, *args, **kwargs):
        calls.append(notebook)
        if calls.count(notebook) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return real(notebook, *args, **kwargs)

    monkeypatch.setattr(run, "_execute", flaky)
    out = run.official_run(out_dir=tmp_path / "out", progress=False)
    assert (out / "results.json").exists()
    assert sorted(calls) == sorted(run.NOTEBOOKS * 2)


@pytest.mark.slow
def test_a_notebook_error_is_not_retried(monkeypatch, tmp_path):
    calls = []

    def failing(notebook, *args, **kwargs):
        calls.append(notebook)
        raise run.RunError("笔记本出错")

    monkeypatch.setattr(run, "_execute", failing)
    with pytest.raises(run.RunError):
        run.official_run(out_dir=tmp_path / "out", progress=False)
    # the failure was reached (a run that never executed a notebook would pass a bare "at most"),
    # and no notebook was tried twice (the other may or may not have started: they run in parallel)
    assert calls and set(calls) <= set(run.NOTEBOOKS)
    assert all(calls.count(n) == 1 for n in calls), calls
    assert not (tmp_path / "out").exists()


def test_a_kernel_that_never_starts_is_one_chinese_line_not_a_traceback(monkeypatch, tmp_path):
    """Loopback blocked (a firewall; `unshare -n` without `lo`): jupyter_client gives up with
    "Kernel didn't respond in 60 seconds" each time; after the last attempt the run stops with a
    RunError in Chinese (`planlib run` prints it after "运行失败：", exit 1), not a traceback."""
    attempts = []

    def never_responds(notebook, target, parameters, progress, km=None):
        attempts.append(notebook)
        raise RuntimeError("Kernel didn't respond in 60 seconds")

    monkeypatch.setattr(run, "_start_kernel", lambda: object())
    monkeypatch.setattr(run, "_stop_kernel", lambda km: None)
    monkeypatch.setattr(run, "_execute", never_responds)
    with pytest.raises(run.RunError) as caught:
        run._notebook_job("annual_plan.ipynb", tmp_path, {}, 0, False, {})
    assert attempts == ["annual_plan.ipynb"] * 3
    message = str(caught.value)
    assert "annual_plan.ipynb" in message and "内核3次均未能启动" in message and "127.0.0.1" in message
    assert "\n" not in message


def test_another_runtime_error_of_a_notebook_is_not_taken_for_a_kernel_start(monkeypatch, tmp_path):
    def broken(notebook, target, parameters, progress, km=None):
        raise RuntimeError("something else")

    monkeypatch.setattr(run, "_start_kernel", lambda: object())
    monkeypatch.setattr(run, "_stop_kernel", lambda km: None)
    monkeypatch.setattr(run, "_execute", broken)
    with pytest.raises(RuntimeError, match="something else"):
        run._notebook_job("annual_plan.ipynb", tmp_path, {}, 0, False, {})
