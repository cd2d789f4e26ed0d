"""The official-year run (``planlib run``): execute the plan notebooks and publish the year's outputs.

1. Validate the input first: load the workbook and compute the plan, so bad input ends as
   one Chinese line and exit 2 before anything is written.
2. Execute ``annual_plan.ipynb`` and ``history.ipynb`` with papermill into a temporary
   directory beside the target (``outputs/.2020.tmp-XXXX``). The notebooks write the year's
   files themselves (xlsx, md, docx, PNG charts, results.json) under their ``output_dir``
   parameter, so a notebook run by hand produces the same package.
3. Convert each executed notebook to self-contained HTML, write ``provenance.json``, check
   that every expected file is there and that the input is unchanged.
4. Publish (:mod:`planlib.io.publish`): the package replaces the previous run's files in one
   atomic step, and every other file in the folder (the user's own) is kept as it was. A
   failed or interrupted run removes its temporary directory and leaves the previous outputs
   exactly as they were; one killed outright is cleaned up by the next run to the same folder.

Only the standard library is imported at module level (papermill and nbconvert when a run
starts), so ``planlib batch`` can import this cheaply in each worker process.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from planlib import config
from planlib.app.progress_bar import is_terminal
from planlib.errors import InputError, OutputError, PlanlibError, os_reason
from planlib.io import publish
from planlib.io.names import ITEM_CHART, chart_file, folder_name, year_files
from planlib.io.owned import MARKER, MARKER_KEY
from planlib.io.publish import PROVENANCE, sha256
from planlib.text.cli import kernel_start_failure

if TYPE_CHECKING:  # annotations only: the core is imported when a run loads its input
    from planlib.core.compute import PlanResult
    from planlib.core.model import Plan
    from planlib.core.register import KeyAssignment
    from planlib.core.rules import Finding
    from planlib.io.draw import RegisterPlan

NOTEBOOKS = ("annual_plan.ipynb", "history.ipynb")
PARAMETERS = ("year", "input_path", "output_dir", "workday_mode", "register_path")
KERNEL = "python3"
ENV_INPUT = "PLANLIB_INPUT"  # set by ``planlib lab --input``; read by the notebooks run by hand


class RunError(PlanlibError, RuntimeError):
    """A run that failed after its input was accepted (a notebook raised); message in Chinese."""


@dataclass(frozen=True)
class Inputs:
    """What a run (or a notebook run by hand) works from, with every default resolved."""

    input_path: Path
    out_dir: Path
    plan: Plan
    result: PlanResult
    findings: list[Finding]
    register: RegisterPlan | None = None  # with a register (docs/contract.md §5)

    @property
    def year(self) -> int:
        return self.plan.year

    @property
    def key_units(self) -> KeyAssignment | None:
        """The register's key units by enforcement unit (the filed plan's 附件4), or None."""
        return self.register.assignment if self.register is not None else None


def load_inputs(
    year: int | None = None,
    input_path=None,
    output_dir=None,
    workday_mode: str | None = None,
    default_out: Path | None = None,
    register_path=None,
    by_hand: bool = False,
) -> Inputs:
    """Load, compute and check the plan; raise InputError on bad input or a year mismatch.

    ``input_path`` None means, for a notebook run ``by_hand``, ``$PLANLIB_INPUT`` when set
    (``planlib lab --input``), else the bundled workbook; ``year`` None means the workbook's year;
    ``output_dir`` None means ``default_out``, else for a notebook run ``by_hand``
    ``outputs/notebook/<year>/`` beside the input workbook (:func:`config.work_outputs`),
    else ``outputs/<year>/``. With ``register_path`` (a 监管对象名录) each unit's
    重点检查家数 is its count of key units there. The notebooks call this with their parameters.
    """
    from planlib.io.workbook import compute_workbook

    if not input_path and by_hand:  # a notebook opened by ``planlib lab --input 我的计划.xlsx``
        input_path = os.environ.get(ENV_INPUT) or None
    source = Path(input_path) if input_path else config.DEFAULT_INPUT
    if not source.exists():
        raise InputError(source, "文件不存在")
    if not source.is_file():  # a folder, a FIFO or a device: said by the reader, at once
        compute_workbook(str(source), workday_mode)
    register = None
    if register_path:
        from planlib.io.draw import load_with_register

        register = load_with_register(str(source), register_path, workday_mode)
        result, findings = register.result, register.findings
    else:
        result, findings = compute_workbook(str(source), workday_mode)
    plan = result.plan
    if year is not None and int(year) != plan.year:
        raise InputError(
            source, f"工作簿的计划年度为{plan.year}年，与指定的年度{year}年不符", "基本信息", plan.where("year")
        )
    if output_dir:
        out = Path(output_dir)
    else:
        if default_out is not None:
            out = default_out
        elif by_hand:
            out = config.work_outputs(input_path) / "notebook" / str(plan.year)
        else:
            out = default_folder(plan)
    return Inputs(source.resolve(), out.resolve(), plan, result, findings, register)


def default_folder(plan: Plan) -> Path:
    """``outputs/<authority>/<year>/``: two bureaus' runs of one year never share a folder."""
    return config.OUTPUTS_DIR / folder_name(plan.authority) / str(plan.year)


def check_same_input(out: Path, inputs: Inputs) -> None:
    """Refuse to replace a package made from another workbook (or for another authority)."""
    earlier = publish.previous_input(out)
    if earlier is None:
        return
    same_path = os.path.normcase(earlier["path"]) == os.path.normcase(str(inputs.input_path))
    if same_path and earlier["authority"] in ("", inputs.plan.authority):
        return
    raise InputError(
        out / PROVENANCE,
        f"输出目录中是用另一工作簿生成的成果（{earlier['authority'] or '未记录单位'}，{earlier['path']}），"
        "未替换；确需用本工作簿的成果替换请加 --replace，或另选 --out",
    )


def expected_files(year: int) -> list[str]:
    """Every file a complete run leaves in the year's directory."""
    return sorted(
        [*year_files(year), PROVENANCE] + [name for nb in NOTEBOOKS for name in (nb, nb.replace(".ipynb", ".html"))]
    )


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    from planlib.core.calendar import calendar_data_version

    found = {}
    for package in ("planlib", "pandas", "papermill"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "未安装"
    found["chinesecalendar"] = calendar_data_version()
    found["python"] = sys.version.split()[0]
    return found


def provenance(
    inputs: Inputs, input_sha256: str, parameters: dict, started: dt.datetime, steps: dict[str, float]
) -> dict:
    """Where the outputs came from: enough to reproduce and to audit them."""
    return {
        MARKER_KEY: MARKER,
        "input": {"path": str(inputs.input_path), "sha256": input_sha256},
        "parameters": parameters,
        "year": inputs.year,
        "authority": inputs.plan.authority,
        "workday_mode": inputs.result.calendar.mode,
        "versions": _versions(),
        "started": started.isoformat(timespec="seconds"),
        "finished": config.beijing_now().isoformat(timespec="seconds"),
        "seconds": {k: round(v, 3) for k, v in steps.items()},
        "notebooks": list(NOTEBOOKS),
    }


def _start_kernel():
    """Launch a ``python3`` kernel now; it boots in its own process while this one imports papermill.

    The kernel process's own log goes to /dev/null (``start_kernel`` hands Popen keywords to the
    launcher): ipykernel logs a TCP warning at start and sometimes "KeyboardInterrupt caught in
    kernel" at shutdown, which on a terminal running ``planlib run`` read like failures. Errors
    in cells still arrive through the notebook (papermill raises them).
    """
    import subprocess

    from jupyter_client import AsyncKernelManager
    from jupyter_core.utils import run_sync

    km = AsyncKernelManager(kernel_name=KERNEL)
    run_sync(km.start_kernel)(cwd=str(config.NOTEBOOKS_DIR), stderr=subprocess.DEVNULL)
    return km


def _stop_kernel(km) -> None:
    from jupyter_core.utils import run_sync

    try:
        run_sync(km.shutdown_kernel)()
    finally:
        run_sync(km.cleanup_resources)()


def _skip_iri_syntax_checks() -> None:
    """Keep jsonschema (imported by nbformat, under papermill and nbconvert) from importing
    ``rfc3987_syntax``, which builds a Lark grammar at import: about 1 s of CPU per process.

    jsonschema only uses it to check the ``iri`` string formats; nbformat checks notebooks
    without a format checker and its schemas use no formats, so nothing is checked less.
    Only done before jsonschema is first imported, and only in the process running the notebooks.
    """
    if "jsonschema" not in sys.modules:
        # None: ``import`` raises ImportError (documented import-system behaviour typeshed does not model)
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def _execute(notebook: str, target: Path, parameters: dict, progress, km=None):
    """Execute ``notebook`` into ``target``; returns the executed notebook (what was written)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        return papermill.execute_notebook(
            str(config.NOTEBOOKS_DIR / notebook),
            str(target),
            parameters=parameters,
            # No ``cwd=``: papermill would os.chdir() the whole process, and two notebooks run
            # in threads would race and leave it in notebooks/. The kernel already runs there.
            kernel_name=KERNEL,
            progress_bar=progress,
            request_save_on_cell_execute=False,
            km=km,
        )
    except PapermillExecutionError as e:
        if e.ename in _OS_ERRORS and str(e.evalue).startswith(f"[Errno {errno.ENOSPC}]"):
            # the disk filled up under the notebook: an output problem, not a failed notebook
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target)) from None
        raise RunError(f"笔记本 {notebook} 第{e.exec_count}个单元格执行失败：{e.ename}: {e.evalue}") from None


_OS_ERRORS = ("OSError", "IOError")


# Kernels started at the same moment (two per run, more under ``planlib batch --jobs``) can
# race for their ports and die before replying (papermill#239). Nothing has run in such a
# kernel, so the notebook is simply started again with a new one.
KERNEL_START_FAILURES = ("Kernel died before replying", "Kernel didn't respond")
START_ATTEMPTS = 3


def _kernel_failed_to_start(error: Exception) -> bool:
    return not isinstance(error, RunError) and any(s in str(error) for s in KERNEL_START_FAILURES)


class Kernels:
    """The kernels of one run's notebooks, so that an interrupted run ends them at once (rather
    than waiting for the notebooks to finish), and starts no new one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._live: set = set()
        self.stopping = False

    def add(self, km) -> None:
        with self._lock:
            if self.stopping:
                raise KeyboardInterrupt
            self._live.add(km)

    def discard(self, km) -> None:
        with self._lock:
            self._live.discard(km)

    def end_all(self) -> None:
        """Kill every live kernel's process (the worker threads then clean their files up)."""
        import psutil

        with self._lock:
            self.stopping = True
            pids = [getattr(km.provisioner, "pid", None) for km in self._live if km.provisioner is not None]
        for pid in pids:
            with contextlib.suppress(psutil.Error, TypeError, ValueError):
                psutil.Process(pid).kill()


def _notebook_job(
    notebook: str,
    folder: Path,
    parameters: dict,
    position: int,
    progress: bool,
    steps: dict[str, float],
    kernels: Kernels | None = None,
):
    """Execute one notebook into ``folder`` (one worker thread, one kernel); returns it executed."""
    start = time.perf_counter()
    # papermill's cell bars only on a terminal: a log file gets the step lines alone
    bar = {"desc": notebook, "position": position, "leave": True} if progress and is_terminal(sys.stderr) else False
    kernels = kernels or Kernels()
    for attempt in range(1, START_ATTEMPTS + 1):
        km = _start_kernel()
        try:
            kernels.add(km)
            executed = _execute(notebook, folder / notebook, parameters, bar, km=km)
            break
        except RuntimeError as e:
            if not _kernel_failed_to_start(e) or kernels.stopping:
                raise
            if attempt == START_ATTEMPTS:  # one Chinese line, not jupyter_client's traceback
                raise RunError(kernel_start_failure(notebook, START_ATTEMPTS, e)) from None
        finally:
            kernels.discard(km)
            with contextlib.suppress(Exception):  # a kernel that died at start-up may not shut down cleanly
                _stop_kernel(km)
    steps[f"execute {notebook}"] = time.perf_counter() - start
    return executed


def html_exporter():
    """The HTML exporter for readers without Jupyter: code hidden, charts embedded, no script
    (nothing loaded from a CDN, nothing from the workbook run).

    Building it and rendering once loads nbconvert and its templates (most of the cost), so
    the run does it while the kernels work.
    """
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="planlib_offline",  # lab without any <script>: no CDN on an intranet
        extra_template_basedirs=[str(config.NBCONVERT_TEMPLATES)],
        embed_images=True,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.from_notebook_node(nbformat.v4.new_notebook())
    return exporter


def to_html(notebook: Path, exporter=None, executed=None) -> Path:
    """A self-contained HTML copy of an executed notebook, beside it.

    ``executed``: the notebook as papermill returned it (what it wrote to ``notebook``),
    which spares reading and validating it again.
    """
    import nbformat

    exporter = exporter or html_exporter()
    if executed is None:
        executed = nbformat.read(notebook, as_version=4)
    body, _ = exporter.from_notebook_node(executed)
    target = notebook.with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target


def _say(progress: bool, text: str) -> None:
    if progress:
        print(text, file=sys.stderr, flush=True)


def official_run(
    input_path=None,
    year: int | None = None,
    out_dir=None,
    mode: str | None = None,
    progress: bool = True,
    *,
    timings: dict[str, float] | None = None,
    register=None,
    seed: int | None = None,
    replace: bool = False,
) -> Path:
    """Execute both notebooks for the plan year and publish the outputs whole; returns the directory.

    Raises InputError (bad input, year mismatch, an unsafe target) before anything is written,
    and RunError when a notebook fails; either way the previous outputs stay untouched.
    The two notebooks run side by side (each in its own kernel; they share nothing but the
    input). ``timings``, when given, receives the seconds each step took. With ``register`` (a
    监管对象名录) the key units come from it and the package gains ``抽查名单_<年>.xlsx`` (the key-unit
    list and the 双随机 draw with ``seed``); a seed other than that of a list already published
    in the folder is refused. A package in ``out`` made from another workbook is replaced only
    with ``replace``.
    """
    from concurrent.futures import ThreadPoolExecutor

    steps = timings if timings is not None else {}
    started = config.beijing_now()
    t0 = time.perf_counter()
    inputs = load_inputs(year, input_path, out_dir, mode, register_path=register)
    out = inputs.out_dir
    names = set(expected_files(inputs.year))
    if register:
        from planlib.io.draw import draw_file

        names.add(draw_file(inputs.year))
        if inputs.result.item_lines:  # the plan by 检查事项: its chart (docs/contract.md §6)
            names.add(chart_file(ITEM_CHART))
    publish.check_target(out, names)
    if not replace:
        check_same_input(out, inputs)
    the_draw = None
    if register:
        from planlib.io.draw import make_draw, previous_draw_check, resolve_seed

        assert inputs.register is not None
        seed_value, seed_source = resolve_seed(seed, inputs.register.plan)
        previous_draw_check(out / draw_file(inputs.year), seed_value)
        _say(progress, f"“双随机”抽取（随机种子{seed_value}，{seed_source}）…")
        the_draw, _ = make_draw(inputs.register, seed_value, seed_source)
        register_digest = sha256(Path(register))
    digest = sha256(inputs.input_path)
    steps["validate"] = time.perf_counter() - t0

    parameters = {"year": inputs.year, "input_path": str(inputs.input_path), "workday_mode": mode}
    if register:
        parameters["register_path"] = str(Path(register).resolve())
    space = publish.workspace(out)
    tmp = space.folder
    pool = ThreadPoolExecutor(max_workers=len(NOTEBOOKS))
    kernels = Kernels()
    try:
        t1 = time.perf_counter()
        _say(progress, f"执行笔记本 {'、'.join(NOTEBOOKS)} …")
        run_parameters = {**parameters, "output_dir": str(tmp)}
        _skip_iri_syntax_checks()
        jobs = [
            pool.submit(_notebook_job, nb, tmp, run_parameters, n, progress, steps, kernels)
            for n, nb in enumerate(NOTEBOOKS)
        ]
        import papermill  # noqa: F401  (first the workers' import, which the kernels wait for)

        exporter = html_exporter()  # then nbconvert's, while the kernels execute cells
        steps["html exporter (during execution)"] = time.perf_counter() - t1
        executed = [job.result() for job in jobs]  # re-raises a notebook's failure here
        steps["notebooks (side by side)"] = time.perf_counter() - t1

        t2 = time.perf_counter()
        for notebook, nb in zip(NOTEBOOKS, executed, strict=True):
            to_html(tmp / notebook, exporter, nb)
        steps["html"] = time.perf_counter() - t2
        t2 = time.perf_counter()
        if sha256(inputs.input_path) != digest:
            raise RunError(f"输入文件在运行期间被修改：{inputs.input_path}；成果未发布")
        if the_draw is not None:
            from planlib.io.draw import write_draw

            if sha256(Path(register)) != register_digest:
                raise RunError(f"监管对象名录在运行期间被修改：{register}；成果未发布")
            assert inputs.register is not None
            write_draw(inputs.register, the_draw, seed_source, tmp, refuse_other_seed=False, keep_users=False)
        missing = sorted(names - {p.name for p in tmp.iterdir()} - {PROVENANCE})
        if missing:
            raise RunError(f"成果不完整，缺少：{'、'.join(missing)}；成果未发布")
        record = provenance(inputs, digest, {**parameters, "output_dir": str(out)}, started, steps)
        if the_draw is not None:
            record["register"] = {
                "path": str(Path(register).resolve()),
                "sha256": register_digest,
                "seed": the_draw.seed,
                "seed_source": seed_source,
            }
        record["files"] = publish.manifest(tmp)
        (tmp / PROVENANCE).write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        publish.publish(tmp, out)
        steps["publish"] = time.perf_counter() - t2
    except OSError as e:  # a full disk, a folder gone read-only: name the user's --out, never tmp
        if e.filename and Path(e.filename) == inputs.input_path:
            raise InputError(inputs.input_path, f"运行期间无法读取输入文件（{os_reason(e)}）") from None
        raise OutputError(out, e) from None
    except BaseException:  # Ctrl+C, SIGTERM, a failed notebook: end the other kernels now
        kernels.end_all()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # no worker may still write into tmp
        space.remove()
    return out


def command(
    *,
    year: int | None = None,
    input_path: str | None = None,
    out_dir: str | None = None,
    mode: str | None = None,
    register: str | None = None,
    seed: int | None = None,
    replace: bool = False,
) -> int:
    """``planlib run [--year Y] [--input PATH] [--out DIR] [--mode M] [--register PATH [--seed N]] [--replace]``."""
    try:
        out = official_run(
            input_path, year, out_dir, mode, progress=True, register=register, seed=seed, replace=replace
        )
    except RunError as e:
        print(f"运行失败：{e}", file=sys.stderr)
        return 1
    except OutputError as e:
        print(str(e), file=sys.stderr)
        return 1
    year = int(json.loads((out / PROVENANCE).read_text(encoding="utf-8"))["year"])
    print(f"{year}年度计划成果已生成，保存在：{out}")
    print(
        f"  计划文本：plan_{year}.docx、plan_{year}.md；表格：plan_{year}.xlsx；"
        f"图表：chart_*.png；网页版：annual_plan.html、history.html"
    )
    if register:
        print(f"  重点检查名单与“双随机”抽查名单：抽查名单_{year}.xlsx")
    return 0


def refresh_notebooks(names=NOTEBOOKS) -> None:
    """Re-execute the committed notebooks in place with their default parameters.

    The committed outputs are what strict nbval compares against: run this (and review the
    diff) after a change that is meant to alter a printed figure.
    """
    import nbformat
    from nbclient import NotebookClient

    for name in names:
        path = config.NOTEBOOKS_DIR / name
        nb = nbformat.read(path, as_version=4)
        NotebookClient(
            nb, kernel_name=KERNEL, record_timing=False, resources={"metadata": {"path": str(config.NOTEBOOKS_DIR)}}
        ).execute()
        nbformat.write(nb, path)
