"""Latency of the what-if dashboard: one control change, in process, against compute alone.

Run: ``.venv/bin/python benchmarks/bench_dashboard.py [--rounds N]``

"update" sets the total-officers slider's value, which fires the very observer a browser
change fires (:meth:`planlib.views.widgets.Dashboard.update`: apply the scenario, compute, check
the rules, rebuild the tables, move the waterfall's artists and encode the PNG). "compute"
is ``compute(apply(plan, scenario))`` alone, the baseline. The two alternate on the same
steps (34 ↔ 36 officers), so both see the same machine load; medians and their ratio are
reported. Goals: median update ≤ 50 ms, compute ≤ 1 ms. The lazily drawn tabs (inverse
questions, sensitivity tornado) are timed too, since they run on every change while open.
"""

from __future__ import annotations

import argparse
import statistics

import matplotlib
from timing import WORKBOOK, timed

matplotlib.use("Agg")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    rounds = parser.parse_args().rounds

    from planlib.core.compute import compute
    from planlib.core.scenario import Scenario, apply
    from planlib.views.widgets import Dashboard
    from planlib.io.workbook import load_plan

    plan = load_plan(WORKBOOK)
    dashboard = Dashboard(plan)
    steps = [34, 36]

    def step():
        """One slider step: to the other of 34 and 36 officers (so the value always changes)."""
        dashboard.staff.value = steps[1] if dashboard.staff.value == steps[0] else steps[0]

    for n in steps * 3:  # warm: backgrounds cached, fonts loaded
        step()
        compute(apply(plan, Scenario(total_officers=n)))

    update, alone, bare = [], [], []
    for i in range(rounds):
        n = steps[i % 2]
        bare.append(timed(lambda: compute(plan)))
        alone.append(timed(lambda: compute(apply(plan, Scenario(total_officers=n)))))
        update.append(timed(step))
    u, c = statistics.median(update), statistics.median(alone)
    print(f"compute(plan)                    median {statistics.median(bare) * 1e3:7.3f} ms  ({rounds} runs)")
    print(f"compute(apply(plan, scenario))   median {c * 1e3:7.3f} ms  ({rounds} runs; goal ≤ 1 ms)")
    print(f"slider change → update (default) median {u * 1e3:7.2f} ms  ({rounds} runs; goal ≤ 50 ms)")
    print(f"ratio update / compute           {u / c:7.1f}")

    lazy = {}
    for tab, label in ((Dashboard.INVERSE_TAB, "inverse tab open"), (Dashboard.SENSITIVITY_TAB, "sensitivity tab open")):
        dashboard.view.index = tab
        n_lazy = max(5, rounds // 20)
        lazy[label] = statistics.median(timed(step) for _ in range(n_lazy))
        print(f"slider change → update ({label}) median {lazy[label] * 1e3:7.1f} ms  ({n_lazy} runs)")
    dashboard.view.index = 0
    print(f"verdict: update {'meets' if u <= 0.05 else 'MISSES'} 50 ms; compute {'meets' if c <= 0.001 else 'MISSES'} 1 ms")


if __name__ == "__main__":
    main()
