"""``planlib progress PLAN.xlsx --register R --ledger L [--draw 抽查名单_<年>.xlsx | --seed N]
[--as-of DATE] [--out DIR] [--results [--inspector-names]] [--notebook]`` (docs/contract.md §7)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from planlib import config
from planlib.app.run import RunError
from planlib.core.progress import Progress, progress
from planlib.errors import InputError
from planlib.io.ledger import read_ledger
from planlib.io.owned import refuse_taken, write_owned
from planlib.io.progress_files import progress_chart, progress_names, progress_notebook, progress_writers
from planlib.io.progress_inputs import ProgressInputs, load_progress
from planlib.text.progress import (
    NEEDS_REGISTER_AND_LEDGER,
    RUN_NEEDS_REGISTER,
    failed_line,
    ledger_label,
    notebook_failed,
    progress_blocks,
    progress_markdown,
    progress_tables,
    results_table,
    summary_table,
    terminal_lines,
)
from planlib.text.report import Table, blocks_markdown

BUNDLED_REGISTER = config.DATA_DIR / "xicheng_2020_register.xlsx"
BUNDLED_LEDGER = config.DATA_DIR / "xicheng_2020_ledger.xlsx"
BUNDLED_SEED = 2020  # the seed the bundled ledger's 双随机 visits were drawn with


@dataclass(frozen=True)
class ProgressReport:
    """What the notebook and the dashboard show: the inputs, the comparison, its words and tables."""

    inputs: ProgressInputs
    progress: Progress
    markdown: str
    tables: list[Table]

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)


def progress_report(
    plan_path: str | None = None,
    register_path: str | None = None,
    ledger_path: str | None = None,
    *,
    draw_path: str | None = None,
    seed: int | None = None,
    as_of: str | dt.date | None = None,
    mode: str | None = None,
) -> ProgressReport:
    """The progress report; without ``plan_path``, the bundled Xicheng plan, register and ledger
    (drawn again with seed 2020 unless a list or another seed is given)."""
    if plan_path is None:
        plan_path = str(config.DEFAULT_INPUT)
        register_path = register_path or str(BUNDLED_REGISTER)
        ledger_path = ledger_path or str(BUNDLED_LEDGER)
        if draw_path is None and seed is None:
            seed = BUNDLED_SEED
    if register_path is None or ledger_path is None:
        raise InputError(str(plan_path), NEEDS_REGISTER_AND_LEDGER)
    day = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    inputs, pr = compute(plan_path, register_path, ledger_path, draw_path=draw_path, seed=seed, as_of=day, mode=mode)
    plan = inputs.rp.plan
    label = ledger_label(inputs.ledger)
    return ProgressReport(
        inputs, pr, progress_markdown(pr, plan.authority, label), progress_tables(pr, bool(inputs.lists.caps))
    )


def compute(
    plan_path: str,
    register_path: str,
    ledger_path: str,
    *,
    draw_path: str | None = None,
    seed: int | None = None,
    as_of: dt.date | None = None,
    mode: str | None = None,
) -> tuple[ProgressInputs, Progress]:
    """Read everything and compare (what the command, the notebook and the dashboard share)."""
    inputs = load_progress(
        plan_path, register_path, ledger_path, draw_path=draw_path, seed=seed, as_of=as_of, mode=mode
    )
    pr = progress(inputs.schedule, inputs.ledger.visits, inputs.lists, inputs.as_of, inputs.is_workday)
    return inputs, pr


def command(
    plan_path: str,
    register_path: str,
    ledger_path: str,
    *,
    draw_path: str | None = None,
    seed: int | None = None,
    as_of: dt.date | None = None,
    out_dir: str | None = None,
    mode: str | None = None,
    results: bool = False,
    inspector_names: bool = False,
    notebook: bool = False,
) -> int:
    from planlib.views.progress_chart import save_progress_chart

    inputs, pr = compute(plan_path, register_path, ledger_path, draw_path=draw_path, seed=seed, as_of=as_of, mode=mode)
    plan = inputs.rp.plan
    out = Path(out_dir) if out_dir else config.OUTPUTS_DIR / "progress"
    names = progress_names(plan.year, pr.as_of, results)
    if notebook:
        names.append(progress_notebook(plan.year, pr.as_of))
    refuse_taken(out, names)  # before any drawing or notebook
    label = ledger_label(inputs.ledger)
    blocks = progress_blocks(pr, plan.authority, label)
    writers = progress_writers(
        plan.year,
        pr.as_of,
        progress_tables(pr, bool(inputs.lists.caps)),
        blocks_markdown(blocks),
        blocks,
        [summary_table(pr)],
        results_table(pr, plan.authority, inspector_names) if results else None,
    )
    writers[progress_chart(plan.year, pr.as_of)] = lambda path: save_progress_chart(pr, path)
    if notebook:
        parameters = {
            "plan_path": plan_path,
            "register_path": register_path,
            "ledger_path": ledger_path,
            "draw_path": draw_path,
            "seed": seed,
            "as_of": pr.as_of,
        }
        writers[progress_notebook(plan.year, pr.as_of)] = lambda path: run_notebook(path, **parameters)
    try:
        written = write_owned(out, writers)
    except RunError as e:
        print(failed_line(str(e)), file=sys.stderr)
        return 1
    print("\n".join(terminal_lines(pr, [str(p) for p in written])))
    return 0


NOTEBOOK = "progress.ipynb"


def run_notebook(target: Path, **parameters) -> Path:
    """Execute notebooks/progress.ipynb with papermill into ``target``; paths made absolute (the
    kernel runs in notebooks/). A failing cell is a RunError naming it."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    params: dict[str, object] = {}
    for k, v in parameters.items():
        if v is None:
            continue
        if k.endswith("_path"):
            params[k] = str(Path(v).resolve())
        else:
            params[k] = v.isoformat() if isinstance(v, dt.date) else v
    try:
        papermill.execute_notebook(
            str(config.NOTEBOOKS_DIR / NOTEBOOK),
            str(target),
            parameters=params,
            cwd=str(config.NOTEBOOKS_DIR),
            progress_bar=False,
            kernel_name="python3",
        )
    except PapermillExecutionError as e:
        raise RunError(notebook_failed(NOTEBOOK, e.exec_count, e.ename, e.evalue)) from None
    return target


# --- The dashboard's 执行进度 view --------------------------------------------------------------------

ENV_REGISTER, ENV_LEDGER, ENV_DRAW, ENV_SEED, ENV_AS_OF = (
    "PLANLIB_REGISTER",
    "PLANLIB_LEDGER",
    "PLANLIB_DRAW",
    "PLANLIB_SEED",
    "PLANLIB_AS_OF",
)


def dashboard_environment(
    register_path: str | None, ledger_path: str | None, draw_path: str | None, seed: int | None, as_of: dt.date | None
) -> dict[str, str]:
    """What ``planlib dashboard --register … --ledger …`` hands the notebook (absolute paths)."""
    values = {
        ENV_REGISTER: str(Path(register_path).resolve()) if register_path else None,
        ENV_LEDGER: str(Path(ledger_path).resolve()) if ledger_path else None,
        ENV_DRAW: str(Path(draw_path).resolve()) if draw_path else None,
        ENV_SEED: str(seed) if seed is not None else None,
        ENV_AS_OF: as_of.isoformat() if as_of else None,
    }
    return {k: v for k, v in values.items() if v}


def dashboard_progress(plan_path: str | os.PathLike) -> dict[str, object]:
    """The Dashboard's ``progress`` and ``progress_labels`` from the environment
    (:func:`dashboard_environment`); nothing without a ledger, so the view says how to add one."""
    register, ledger = os.environ.get(ENV_REGISTER), os.environ.get(ENV_LEDGER)
    if not (register and ledger):
        return {}
    seed = os.environ.get(ENV_SEED)
    report = progress_report(
        str(plan_path),
        register,
        ledger,
        draw_path=os.environ.get(ENV_DRAW) or None,
        seed=int(seed) if seed else None,
        as_of=os.environ.get(ENV_AS_OF) or None,
    )
    plan = report.inputs.rp.plan
    return {"progress": report.progress, "progress_labels": (plan.authority, ledger_label(report.inputs.ledger))}


# --- planlib run --ledger ------------------------------------------------------------------------------


def run_with_ledger(
    *,
    ledger: str,
    register: str | None,
    as_of: dt.date | None = None,
    year: int | None = None,
    input_path: str | None = None,
    out_dir: str | None = None,
    mode: str | None = None,
    seed: int | None = None,
    replace: bool = False,
) -> int:
    """``planlib run --register R --ledger L [--as-of DATE] …``: the official run, then the progress
    (with its notebook and the 双随机 results) into the same folder, against the run's own 抽查名单.
    The ledger and the date are checked before the run starts."""
    from planlib.app import run
    from planlib.io.draw import draw_file
    from planlib.io.progress_inputs import as_of_date

    if not register:
        raise InputError(ledger, RUN_NEEDS_REGISTER)
    read_ledger(ledger)  # a bad ledger: one line, exit 2, before anything runs
    inputs = run.load_inputs(year, input_path, out_dir, mode)
    day = as_of_date(inputs.year, as_of, str(inputs.input_path))
    code = run.command(
        year=year, input_path=input_path, out_dir=out_dir, mode=mode, register=register, seed=seed, replace=replace
    )
    if code != 0:
        return code
    out = inputs.out_dir
    return command(
        str(inputs.input_path),
        register,
        ledger,
        draw_path=str(out / draw_file(inputs.year)),
        as_of=day,
        out_dir=str(out),
        mode=mode,
        results=True,
        notebook=True,
    )
