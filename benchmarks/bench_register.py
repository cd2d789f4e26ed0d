"""A 400,000-row register (Beijing's scale): read + check + draw against python-calamine alone.

Run: ``.venv/bin/python benchmarks/bench_register.py [--rows N] [--rounds N] [--quick]``

Generates the register once (into a temporary folder, its XML written directly), then alternates, in this one process, python-calamine reading the whole first sheet
into Python values (``to_python()``, the floor: no reader can do less) and planlib's whole path
(read the register, check codes and units, key units into the Xicheng plan, compute, the
stratified draw of 200 targets). The figure that matters is the ratio of medians (goal ≤ 2).
Peak memory: tracemalloc's peak of Python allocations for one planlib pass, and the process's
maximum resident set size (which includes calamine's own Rust buffers).
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from timing import WORKBOOK, Ratio, parser, report

KEY = {"安全监管科（行政审批科）": 26, "执法监察综合队": 70, "执法监察一队": 70, "执法监察二队": 70, "执法监察三队": 70}
SECTORS = ["商贸", "餐饮（燃气使用）", "工贸", "仓储物流", "有限空间", "危险化学品"]
STREETS = ["西长安街街道", "新街口街道", "月坛街道", "展览路街道", "德胜街道", "金融街街道", "什刹海街道"]


_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="监管对象名录" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '</Relationships>',
}


def _row(values: list[str]) -> str:
    return "<row>" + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' if v else "<c/>" for v in values) + "</row>"


def generate(path: Path, rows: int) -> None:
    """A register as a spreadsheet program would store it (inline strings), written directly:
    openpyxl would take minutes for 400,000 rows on a shared machine."""
    import zipfile

    from planlib.core.register import check_character

    rng = random.Random(400_000)
    keys = [u for u, n in KEY.items() for _ in range(n)]
    lines = [_row(["单位名称", "统一社会信用代码", "行业领域", "风险等级", "属地", "重点检查", "负责执法单位", "重点原因"])]
    for n in range(rows):
        body = f"9111010{n:010d}"
        code = body + check_character(body)
        street = STREETS[n % len(STREETS)]
        if n < len(keys):
            lines.append(_row([f"示例重点单位{n}", code, rng.choice(SECTORS), "较大", street, "是", keys[n], "示例"]))
        else:
            lines.append(_row([f"示例单位{n}有限公司", code, rng.choices(SECTORS, (40, 25, 14, 8, 8, 5))[0],
                               "一般" if n % 3 else "低", street, "否", "", ""]))
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             + "".join(lines) + "</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in _PARTS.items():
            z.writestr(name, text)
        z.writestr("xl/worksheets/sheet1.xml", sheet)


def calamine_alone(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    return len(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python())


def planlib_path(path: Path) -> int:
    from planlib.io.draw import load_with_register, make_draw

    rp = load_with_register(WORKBOOK, path, progress=False)
    d, _ = make_draw(rp, 2020, "bench")
    return len(d.targets)


def main() -> None:
    p = parser(__doc__, rounds=5)
    p.add_argument("--rows", type=int, default=400_000)
    args = p.parse_args()
    if args.quick:
        args.rows, args.rounds = 20_000, 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "register.xlsx"
        t = time.perf_counter()
        generate(path, args.rows)
        print(f"generated {args.rows:,} rows ({path.stat().st_size / 2**20:.1f} MB) in {time.perf_counter() - t:.1f} s")
        planlib_path(path), calamine_alone(path)  # warm-up: imports and the file cache
        floor, ours = [], []
        for _ in range(args.rounds):
            t = time.perf_counter()
            calamine_alone(path)
            floor.append(time.perf_counter() - t)
            t = time.perf_counter()
            assert planlib_path(path) == 200
            ours.append(time.perf_counter() - t)
        f, o = statistics.median(floor), statistics.median(ours)
        report(Ratio(f"draw, {args.rows:,} rows (in process)", o, "calamine's bare read", f, 2.0, args.rounds),
               quick=args.quick)
        tracemalloc.start()
        planlib_path(path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print(f"peak Python allocations (tracemalloc) {peak / 2**20:6.0f} MB for one planlib pass")
        print(f"max resident set size of the process {rss:6.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
