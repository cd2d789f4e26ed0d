"""`planlib run` (the official-year run) against the floor: papermill executing as many empty notebooks.

Run: ``.venv/bin/python benchmarks/bench_run.py [--rounds N] [--quick]``

Both are separate processes started the same way, and they alternate, so both see the same
machine load. The floor is what any papermill-based run pays (interpreter, papermill import,
one kernel start and shutdown per notebook); the figure that matters is the ratio of medians
(goal ≤ 1.5). Then where the rest goes: the run's own step timings (from provenance.json)
and the slowest notebook cells (from papermill's per-cell metadata), as medians over rounds.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import nbformat

from timing import CHILD_ENV, Ratio, parser, report

from planlib.app.run import NOTEBOOKS, PROVENANCE

FLOOR = """
import sys, papermill
for target in sys.argv[2:]:
    papermill.execute_notebook(sys.argv[1], target, kernel_name="python3", progress_bar=False)
"""


CPU: dict[tuple, list[float]] = defaultdict(list)  # command → CPU seconds of its whole process tree


def wall(cmd: list[str]) -> float:
    """Wall seconds of ``cmd``; its CPU seconds (kernels included: they are waited for) go to CPU."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=CHILD_ENV)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU[tuple(cmd)].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return elapsed


def cell_seconds(executed: Path) -> dict[str, float]:
    nb = nbformat.read(executed, as_version=4)
    timings = {}
    for n, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        duration = cell.metadata.get("papermill", {}).get("duration")
        if duration is not None:
            first = cell.source.strip().splitlines()[0] if cell.source.strip() else "(empty)"
            timings[f"{executed.name} [{n}] {first[:48]}"] = duration
    return timings


def main() -> None:
    args = parser(__doc__, rounds=5).parse_args()
    rounds = 1 if args.quick else args.rounds

    work = Path(tempfile.mkdtemp(prefix="bench_run-"))
    empty = work / "empty.ipynb"
    nbformat.write(nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                      "display_name": "Python 3"}}), empty)
    floor_cmd = [sys.executable, "-c", FLOOR, str(empty)] + [str(work / f"empty-{i}.ipynb") for i in range(len(NOTEBOOKS))]
    out = work / "outputs" / "2020"
    run_cmd = [sys.executable, "-m", "planlib", "run", "--out", str(out)]

    if not args.quick:
        wall(floor_cmd), wall(run_cmd)  # warm caches (font cache, bytecode, file cache)
    floor, official = [], []
    steps, cells = defaultdict(list), defaultdict(list)
    for _ in range(rounds):
        floor.append(wall(floor_cmd))
        official.append(wall(run_cmd))
        for step, seconds in json.loads((out / PROVENANCE).read_text(encoding="utf-8"))["seconds"].items():
            steps[step].append(seconds)
        for name in NOTEBOOKS:
            for cell, seconds in cell_seconds(out / name).items():
                cells[cell].append(seconds)

    f, r = statistics.median(floor), statistics.median(official)
    n = len(NOTEBOOKS)
    print(f"papermill, {n} empty notebooks   median {f:6.2f} s, best {min(floor):5.2f} s  ({rounds} runs)")
    print(f"planlib run (official run)      median {r:6.2f} s, best {min(official):5.2f} s  ({rounds} runs)")
    report(Ratio("planlib run (process)", r, f"papermill, {n} empty notebooks", f, 1.5, rounds), quick=args.quick)
    skip = 0 if args.quick else 1  # the warm-up runs
    fc, rc = statistics.median(CPU[tuple(floor_cmd)][skip:]), statistics.median(CPU[tuple(run_cmd)][skip:])
    print(f"CPU seconds (all processes)     floor {fc:.2f}, run {rc:.2f}  (ratio {rc / fc:.2f}; "
          "the run's two kernels work side by side, so its wall time can beat its CPU time)")
    print("\nwhere the run's time goes (medians; the rest is interpreter start and imports):")
    for step, values in steps.items():
        print(f"  {step:32s} {statistics.median(values):6.2f} s")
    print("\nslowest notebook cells (medians):")
    slowest = sorted(cells.items(), key=lambda kv: -statistics.median(kv[1]))[:8]
    for cell, values in slowest:
        print(f"  {statistics.median(values):6.2f} s  {cell}")
    import shutil

    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
