"""``planlib progress PLAN.xlsx --register R --ledger L [--draw 抽查名单_<年>.xlsx | --seed N]
[--as-of DATE] [--out DIR] [--results [--inspector-names]] [--notebook]`` (docs/contract.md §7)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from planlib import config
from planlib.core.progress import Progress, progress
from planlib.io.ledger import sheet_label
from planlib.io.progress_files import (
    progress_chart,
    progress_names,
    publish_new,
    refuse_taken,
    staging,
    write_progress_files,
)
from planlib.io.progress_inputs import ProgressInputs, load_progress
from planlib.text.progress import (
    progress_blocks,
    progress_markdown,
    progress_tables,
    results_table,
    summary_table,
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
        names.append(notebook_name(plan.year, pr.as_of))
    refuse_taken(out, names)
    label = sheet_label(inputs.ledger)
    blocks = progress_blocks(pr, plan.authority, label)
    tables = progress_tables(pr, bool(inputs.lists.caps))
    folder = staging(out)
    try:
        write_progress_files(
            folder,
            plan.year,
            pr.as_of,
            tables,
            progress_markdown(pr, plan.authority, label),
            blocks,
            [summary_table(pr)],
            results_table(pr, plan.authority, inspector_names) if results else None,
        )
        save_progress_chart(pr, folder / progress_chart(plan.year, pr.as_of))
        if notebook:
            run_notebook(
                folder / notebook_name(plan.year, pr.as_of),
                plan_path=plan_path,
                register_path=register_path,
                ledger_path=ledger_path,
                draw_path=draw_path,
                seed=seed,
                as_of=pr.as_of,
            )
    except BaseException:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        raise
    written = publish_new(folder, out, names)
    print(blocks[3].text)
    for u in pr.behind:
        print(f"进度落后超过一个月：{u.unit}（完成{u.done}家次，落后同期计划{u.shortfall}家次）")
    if pr.problems:
        print(f"台账问题{len(pr.problems)}条，见“台账问题”工作表")
    for p in written:
        print(f"已写入：{p}")
    return 0


NOTEBOOK = "progress.ipynb"


def notebook_name(year: int, as_of: dt.date) -> str:
    return f"执行进度_{year}_{as_of.month:02d}{as_of.day:02d}.ipynb"


def run_notebook(target: Path, **parameters) -> Path:
    """Execute notebooks/progress.ipynb with papermill into ``target`` (no files of its own)."""
    import papermill

    params = {k: (str(v) if v is not None else "") for k, v in parameters.items()}
    params["output_dir"] = ""
    papermill.execute_notebook(
        str(config.NOTEBOOKS_DIR / NOTEBOOK),
        str(target),
        parameters=params,
        cwd=str(config.NOTEBOOKS_DIR),
        progress_bar=False,
        kernel_name="python3",
    )
    return target
