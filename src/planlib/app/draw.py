"""``planlib draw PLAN.xlsx --register 名录.xlsx [--seed N] [--out DIR]`` (docs/contract.md §5)."""

from __future__ import annotations

import sys
from pathlib import Path

from planlib import config
from planlib.app.progress_bar import progress as bar
from planlib.core.rules import has_errors
from planlib.io.draw import SHEET_ROSTER, load_with_register, make_draw, resolve_seed, write_draw
from planlib.text.report import format_findings

STEPS = ("读取计划和名录", "抽取", "写出名单")  # the progress bar's steps on a terminal


def command(
    plan_path: str, register_path: str, *, seed: int | None = None, out_dir: str | None = None, mode: str | None = None
) -> int:
    """Read, assign, draw and write; findings on stderr; exit 1 when one is an error. Bad input is
    the only line on stderr (the progress bars, of the steps and of a large register's rows, show
    on a terminal only)."""
    # not outputs/<year>/: that is `planlib run`'s package, which would refuse a file it did not write
    out = Path(out_dir) if out_dir else config.OUTPUTS_DIR / "draw"
    with bar(len(STEPS), STEPS[0], "步") as progress:  # on a terminal only
        rp = load_with_register(plan_path, register_path, mode, out_dir=out)
        progress.update()
        progress.set_description_str(STEPS[1])
        value, source = resolve_seed(seed, rp.plan)
        d, findings = make_draw(rp, value, source)
        progress.update()
        progress.set_description_str(STEPS[2])
        path = write_draw(rp, d, source, out)
        progress.update()
    if findings:
        print("\n".join(format_findings(findings)), file=sys.stderr)
    if not rp.rosters:
        print(
            f"注意：计划工作簿中没有“{SHEET_ROSTER}”工作表（或表中无人员），抽查名单的检查人员栏为空",
            file=sys.stderr,
        )
    units = "、".join(f"{u}{n}家" for u, n in d.unit_counts)
    print(f"重点检查名单{len(rp.keys)}家，“双随机”抽查名单{len(d.targets)}家（{units}），随机种子{value}（{source}）")
    print(f"已写入：{path}")
    return 1 if has_errors(findings) else 0
