"""``planlib batch`` on every core (issue 23 item 3): a process pool for plain batches too,
chunked, the summary in the same order whichever worker finishes first, ``--jobs`` defaulting
to the cores, a progress bar on stderr only on a terminal."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from pathlib import Path

import pytest

from planlib.app import batch, progress_bar
from planlib.app.cli import build_parser
from support import XICHENG

FORK = multiprocessing.get_start_method() == "fork"  # workers see the test's stand-in summarise


def test_chunks_keep_the_order_and_spread_over_the_workers():
    paths = [Path(f"{n:03d}.xlsx") for n in range(600)]
    parts = batch.chunks(paths, 2)
    assert [p for part in parts for p in part] == paths
    assert max(len(part) for part in parts) == 16  # 600 files: chunks of 16 (CHUNK_FILES)
    few = batch.chunks(paths[:40], 2)
    assert len(few) == 8 and {len(part) for part in few} == {5}  # 40 ÷ (2 workers × 4)
    assert batch.chunks(paths[:3], 4) == [[paths[0]], [paths[1]], [paths[2]]]


def test_jobs_default_to_the_cores(monkeypatch):
    assert build_parser().parse_args(["batch", "x"]).jobs is None
    seen = {}
    monkeypatch.setattr(progress_bar, "cores", lambda: 7)
    monkeypatch.setattr(batch, "chunks", lambda paths, jobs: seen.setdefault("jobs", jobs) and [])
    batch.compute_all([Path("a.xlsx")])
    assert seen["jobs"] == 7


def test_cores_is_what_this_process_may_use():
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert progress_bar.cores() == expected


def _by_pid(path: Path) -> batch.PlanRow:
    """A stand-in for summarise: the earlier the file, the slower; it fails, naming its process."""
    time.sleep(0.02 * (40 - int(path.stem)) / 40)
    raise ValueError(os.getpid())


@pytest.mark.skipif(not FORK, reason="the stand-in reaches the workers only when they are forked")
def test_workers_share_the_files_and_the_order_is_kept(monkeypatch):
    monkeypatch.setattr(batch, "summarise", _by_pid)
    paths = [Path(f"{n:02d}.xlsx") for n in range(40)]
    rows, failures = batch.compute_all(paths, jobs=2)
    assert rows == [] and [f.path for f in failures] == paths  # in the given order, not the finishing one
    pids = {f.message.rsplit(" ", 1)[-1] for f in failures}
    assert str(os.getpid()) not in pids and len(pids) == 2


@pytest.mark.slow  # a process pool and 18 workbook loads: seconds on a loaded machine
def test_a_parallel_batch_gives_what_one_process_gives(tmp_path):
    for n in range(9):
        shutil.copy(XICHENG, tmp_path / f"区{n}.xlsx")
    (tmp_path / "损坏.xlsx").write_bytes(b"PK\x03\x04 truncated")
    paths = sorted(tmp_path.iterdir())
    alone = batch.compute_all(paths, jobs=1)
    assert len(alone[0]) == 9 and [f.path.name for f in alone[1]] == ["损坏.xlsx"]
    assert batch.compute_all(paths, jobs=2) == alone


def test_the_progress_bar_shows_on_a_terminal_only(capsys):
    with progress_bar.progress(3, "读取测算", "个") as bar:  # stderr captured: not a terminal
        bar.update(3)
    assert capsys.readouterr().err == ""
    with progress_bar.progress(3, "读取测算", "个", show=True) as bar:
        bar.update(3)
    err = capsys.readouterr().err
    assert "读取测算" in err and "3/3" in err


def test_a_row_sent_back_carries_no_prose_or_cell_map_and_sums_the_same():
    row = batch.summarise(XICHENG)
    light = batch.light(row)
    assert row.result.plan.prose and row.result.plan.cells  # the bundled plan has both
    assert light.result.plan.prose == () and light.result.plan.cells == {}
    assert light.result.total_workdays == row.result.total_workdays
    assert light.result.planned_inspections == row.result.planned_inspections
    assert light.findings == row.findings and light.label == row.label


@pytest.mark.slow  # a second process drawing a chart: a few seconds
def test_the_chart_drawn_in_a_second_process_is_the_one_drawn_here(tmp_path):
    row = batch.light(batch.summarise(XICHENG))
    rows = [row] * batch.PARALLEL_FROM  # enough plans for the second process
    out = tmp_path / "out"
    written = batch.write_outputs(rows, [], out, notebooks=False)
    assert {p.name for p in written} == {batch.SUMMARY_FILE, batch.CHART_FILE}
    here = batch.comparison_png(rows[: batch.CHART_LIMIT], len(rows))
    assert (out / batch.CHART_FILE).read_bytes() == here
    assert here.startswith(b"\x89PNG")
