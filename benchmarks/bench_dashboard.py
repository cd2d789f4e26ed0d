"""Latency of the what-if dashboard: one slider step with each tab open, against the default view.

Run: ``.venv/bin/python benchmarks/bench_dashboard.py [--rounds N] [--quick]``

A step sets the total-officers slider to the other of 34 and 36, which fires the very observer
a browser change fires (:meth:`planlib.views.widgets.Dashboard.update`: apply the scenario,
compute, check the rules, rebuild the tables, move the waterfall's artists and encode the PNG,
then refresh the open tab). Three dashboards of the same plan, one per view (default, 反向测算,
敏感性分析), are stepped in turn in every round, so all see the same machine load. Reported:
each tab's median step against the default view's (goals: inverse ≤ 2, sensitivity ≤ 3), and the
default view against ``compute(apply(plan, scenario))`` alone (no goal; the step's own goal is
≤ 50 ms). Stepping between two values, the tornado's texts are all drawn already; a fourth
dashboard, its sensitivity tab open, moves up to a staff it has not shown before at every step (a
fresh dashboard when the slider's range is used up), so the texts of new values are drawn too:
reported against the default view, no goal.
"""

from __future__ import annotations

import statistics

import matplotlib
from timing import WORKBOOK, Ratio, parser, report, timed

matplotlib.use("Agg")


def main() -> None:
    args = parser(__doc__, rounds=60).parse_args()
    rounds = 4 if args.quick else args.rounds

    from planlib.core.compute import compute
    from planlib.core.scenario import Scenario, apply
    from planlib.io.workbook import load_plan
    from planlib.views.widgets import Dashboard

    plan = load_plan(WORKBOOK)
    boards = {tab: Dashboard(plan) for tab in (0, Dashboard.INVERSE_TAB, Dashboard.SENSITIVITY_TAB)}
    for tab, board in boards.items():
        board.view.index = tab
    steps = [34, 36]

    def step(board: Dashboard) -> None:
        board.staff.value = steps[1] if board.staff.value == steps[0] else steps[0]

    for _ in range(3):  # warm: backgrounds cached, fonts loaded
        for board in boards.values():
            step(board)

    def sweeping() -> tuple[Dashboard, list[int]]:
        """A dashboard on the sensitivity tab, and the staff values it has not shown yet."""
        board = Dashboard(plan)
        board.view.index = Dashboard.SENSITIVITY_TAB
        shown = board.staff.value
        return board, list(range(shown + 1, board.staff.max + 1))  # more staff: plans that can be carried out

    sweep, unseen = sweeping()
    seconds: dict[object, list[float]] = {tab: [] for tab in boards}
    seconds["compute"], seconds["new"] = [], []
    for i in range(rounds):
        n = steps[i % 2]
        seconds["compute"].append(timed(lambda: compute(apply(plan, Scenario(total_officers=n)))))
        for tab, board in boards.items():
            seconds[tab].append(timed(lambda: step(board)))  # noqa: B023 - called at once
        if not unseen:
            sweep, unseen = sweeping()
        value = unseen.pop(0)
        seconds["new"].append(timed(lambda: setattr(sweep.staff, "value", value)))  # noqa: B023 - called at once
    med = {k: statistics.median(v) for k, v in seconds.items()}
    default = med[0]
    report(
        Ratio("dashboard step, default view", default, "compute(apply(plan, scenario))", med["compute"], None, rounds),
        Ratio("dashboard step, 反向测算 open", med[Dashboard.INVERSE_TAB], "the default view", default, 2.0, rounds),
        Ratio("dashboard step, 敏感性分析 open", med[Dashboard.SENSITIVITY_TAB], "the default view", default, 3.0,
              rounds),
        Ratio("dashboard step, 敏感性分析 open, a staff not shown before", med["new"], "the default view", default,
              None, rounds),
        quick=args.quick,
    )


if __name__ == "__main__":
    main()
