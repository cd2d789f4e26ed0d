"""A long inspection ledger (检查台账): planlib's reader against the csv module alone.

Run: ``.venv/bin/python benchmarks/bench_ledger.py [--rows N] [--rounds N] [--quick]``

Writes a UTF-8 CSV ledger of ``--rows`` visits once (a district's year is a few thousand; a
city's tens of thousands), then alternates, in this one process, ``csv.reader`` over the file
(the floor: splitting the text into cells) and :func:`planlib.io.ledger.read_ledger` (decoding,
header search, every cell parsed and bounded). The figure is the ratio of medians.
"""

from __future__ import annotations

import csv
import random
import statistics
import tempfile
import time
from pathlib import Path

from timing import Ratio, parser, report

from planlib.io.ledger import read_ledger

UNITS = ["执法监察综合队", "执法监察一队", "执法监察二队", "执法监察三队"]
KINDS = ["重点", "双随机", "双随机", "投诉举报"]
NAMES = ["张伟", "李娜", "王芳", "刘洋", "陈静", "杨磊", "赵敏", "黄强"]


def write(path: Path, rows: int) -> None:
    rng = random.Random(19)
    lines = ["检查日期,执法单位,统一社会信用代码,单位名称,检查类型,执法人员,发现隐患,用时"]
    for i in range(rows):
        pair = "、".join(rng.sample(NAMES, 2))
        day = f"2020-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        unit, kind, hazards = rng.choice(UNITS), rng.choice(KINDS), rng.randint(0, 5)
        lines.append(f"{day},{unit},91110102{i:010d},示例单位{i},{kind},{pair},{hazards},")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def floor(path: Path) -> None:
    with open(path, encoding="utf-8", newline="") as f:
        for _ in csv.reader(f):
            pass


def main() -> None:
    p = parser(__doc__, rounds=3)
    p.add_argument("--rows", type=int, default=100_000)
    args = p.parse_args()
    if args.quick:
        args.rows, args.rounds = 2_000, 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "台账.csv"
        write(path, args.rows)
        base, ours = [], []
        for _ in range(args.rounds):
            t = time.perf_counter()
            floor(path)
            base.append(time.perf_counter() - t)
            t = time.perf_counter()
            assert len(read_ledger(path).visits) == args.rows
            ours.append(time.perf_counter() - t)
    ratio = Ratio(
        f"ledger, {args.rows:,} visits (in process)",
        statistics.median(ours),
        "csv.reader of the same file",
        statistics.median(base),
        None,
        args.rounds,
    )
    report(ratio, quick=args.quick)


if __name__ == "__main__":
    main()
