"""The ``planlib`` command line (contract.md §2).

Subcommands import their modules only when run, so ``planlib compute`` stays as light as
``import openpyxl``: nothing heavy (matplotlib, papermill, pandas) on that path. Any input
problem ends as one Chinese line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_compute(args) -> int:
    from planlib.io.contract import to_contract
    from planlib.io.workbook import compute_workbook
    from planlib.text.report import format_summary

    result, findings = compute_workbook(args.path, args.mode)
    if args.json:
        _print_json(to_contract(result, findings))
    else:
        print(format_summary(result, findings))
    return EXIT_OK


def cmd_check(args) -> int:
    from planlib.core.rules import has_errors
    from planlib.io.workbook import compute_workbook
    from planlib.text.report import format_findings

    _, findings = compute_workbook(args.path, args.mode)
    if args.json:
        _print_json({"findings": [f.as_dict() for f in findings]})
    else:
        print("\n".join(format_findings(findings)))
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


def cmd_template(args) -> int:
    from planlib.errors import InputError
    from planlib.io.workbook import write_template

    path = Path(args.path)
    try:
        write_template(path, overwrite=args.force)  # never overwrites unless asked, even in a race
    except FileExistsError:
        raise InputError(path, "文件已存在，未覆盖（如需覆盖请加 --force）") from None
    print(f"已生成填报模板：{path}")
    return EXIT_OK


def _delegate(module: str):
    """A handler living in another module, imported only when its subcommand runs."""

    def handler(args) -> int:
        from importlib import import_module

        return import_module(f"planlib.{module}").command(args)

    return handler


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="planlib", description="安全生产年度监督检查计划测算工具")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    mode = dict(choices=("formula", "official"), default=None,
                help="工作日计算方式：formula（公式）或 official（国务院放假安排）；默认按工作簿")

    p = sub.add_parser("template", help="生成空白填报工作簿")
    p.add_argument("path")
    p.add_argument("--force", action="store_true", help="覆盖已有文件")
    p.set_defaults(handler=cmd_template)

    p = sub.add_parser("compute", help="测算计划，输出中文摘要或 JSON")
    p.add_argument("path")
    p.add_argument("--json", action="store_true")
    p.add_argument("--mode", **mode)
    p.set_defaults(handler=cmd_compute)

    p = sub.add_parser("check", help="按规则检查计划")
    p.add_argument("path")
    p.add_argument("--json", action="store_true")
    p.add_argument("--mode", **mode)
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("run", help="无界面执行年度计划笔记本，生成全部成果")
    p.add_argument("--year", type=int, default=None)
    p.add_argument("--input", default=None, help="输入工作簿（默认为内置西城区2020年数据）")
    p.add_argument("--out", default=None, help="输出目录（默认 outputs/<年度>/）")
    p.add_argument("--mode", **mode)
    p.set_defaults(handler=_delegate("app.run"))

    p = sub.add_parser("dashboard", help="以网页形式打开人员测算看板（Voilà）")
    p.add_argument("--input", default=None)
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--no-browser", action="store_true")
    p.set_defaults(handler=_delegate("app.dashboard"))

    p = sub.add_parser("lab", help="在 JupyterLab 中打开笔记本（仅本机访问；root 用户亦可）")
    p.add_argument("--port", type=int, default=None, help="端口（默认 8888，被占用时 JupyterLab 另选）")
    p.add_argument("--no-browser", action="store_true", help="不自动打开浏览器，只打印地址")
    p.set_defaults(handler=_delegate("app.lab"))

    p = sub.add_parser("audit", help="核查已发布计划的数字")
    p.add_argument("path")
    p.add_argument("--json", action="store_true")
    p.add_argument("--out", default=None)
    p.set_defaults(handler=_delegate("audit.checks"))

    p = sub.add_parser("batch", help="批量测算多个工作簿")
    p.add_argument("inputs", nargs="+")
    p.add_argument("--out", default=None)
    p.add_argument("--notebooks", action="store_true")
    p.add_argument("--jobs", type=int, default=1)
    p.set_defaults(handler=_delegate("app.batch"))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from planlib.errors import InputError

    try:
        return args.handler(args)
    except InputError as e:
        print(str(e), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `planlib compute … | head`: the reader left, nothing to say
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as e:  # an unwritable --out, a full disk: one line naming the path, not a traceback
        from planlib.errors import from_os_error

        print(str(from_os_error(e)), file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
