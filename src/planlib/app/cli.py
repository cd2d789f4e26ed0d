"""The ``planlib`` command line (docs/contract.md §2).

Subcommands import their modules only when run, so ``planlib compute`` imports no numpy, pandas or
openpyxl: nothing heavy (matplotlib, papermill) on that path either. Any input
problem ends as one Chinese line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

from planlib import __version__
from planlib.core.model import WORKDAY_MODES  # the core's plain-Python model: cheap to import
from planlib.text.cli import ARGPARSE, ARGPARSE_PLURAL, COMMAND_METAVAR, INTEGER

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
EXIT_OUTPUT = 1  # outputs could not be written (a full disk, a read-only folder, stdout on /dev/full)
STDOUT = "标准输出"  # how an OutputError names stdout


def _gettext(message: str) -> str:
    return ARGPARSE.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return ARGPARSE_PLURAL.get((singular, plural)) or (singular if n == 1 else plural)


@contextlib.contextmanager
def _chinese_argparse() -> Iterator[None]:
    """argparse's own words (usage, headings, help, errors) from :mod:`planlib.text.cli` meanwhile.

    argparse looks its messages up through the module's ``_`` and ``ngettext`` when it builds,
    parses and formats; they are swapped only for that time (and back, nested or not).
    """
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _gettext, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are Chinese: 用法, 位置参数, 选项, 显示帮助并退出, 无效的选择…"""

    def __init__(self, *args, **kwargs) -> None:
        with _chinese_argparse():
            super().__init__(*args, **kwargs)

    def parse_args(self, args=None, namespace=None):
        with _chinese_argparse():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with _chinese_argparse():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _chinese_argparse():
            return super().format_usage()

    def format_help(self) -> str:
        with _chinese_argparse():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        with _chinese_argparse():
            super().error(message)


def integer(text: str) -> int:
    """``int`` for options, named 整数 in argparse's "invalid value" error."""
    return int(text)


integer.__name__ = INTEGER


def port_number(text: str) -> int:
    """``--port``: a TCP port, 0 (any free one) to 65535; else argparse's one-line error, exit 2."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"端口应为 0–65535 之间的整数，实际为“{text}”") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"端口应为 0–65535 之间的整数（0 表示自动选择空闲端口），实际为{port}")
    return port


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_compute(args: argparse.Namespace) -> int:
    from planlib.io.contract import to_contract
    from planlib.io.workbook import compute_workbook
    from planlib.text.report import format_summary

    result, findings = compute_workbook(args.path, args.mode)
    if args.json:
        _print_json(to_contract(result, findings))
    else:
        print(format_summary(result, findings))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from planlib.core.rules import has_errors
    from planlib.io.workbook import compute_workbook
    from planlib.text.report import format_findings

    if args.register:
        from planlib.io.draw import load_with_register

        findings = load_with_register(args.path, args.register, args.mode).findings
    else:
        _, findings = compute_workbook(args.path, args.mode)
    if args.json:
        _print_json({"findings": [f.as_dict() for f in findings]})
    else:
        print("\n".join(format_findings(findings)))
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from planlib.errors import InputError
    from planlib.io.workbook import write_template

    path = Path(args.path)
    try:
        write_template(path, overwrite=args.force)  # never overwrites unless asked, even in a race
    except FileExistsError:
        raise InputError(path, "文件已存在，未覆盖（如需覆盖请加 --force）") from None
    print(f"已生成填报模板：{path}")
    return EXIT_OK


# The other subcommands live in their own modules, imported only when they run; each takes
# typed keywords, so argparse stays here.


def cmd_run(args: argparse.Namespace) -> int:
    if args.ledger:
        from planlib.app.progress import run_with_ledger

        return run_with_ledger(
            ledger=args.ledger,
            register=args.register,
            as_of=args.as_of,
            year=args.year,
            input_path=args.input,
            out_dir=args.out,
            mode=args.mode,
            seed=args.seed,
            replace=args.replace,
        )
    from planlib.app.run import command

    return command(
        year=args.year,
        input_path=args.input,
        out_dir=args.out,
        mode=args.mode,
        register=args.register,
        seed=args.seed,
        replace=args.replace,
    )


def cmd_draw(args: argparse.Namespace) -> int:
    from planlib.app.draw import command

    return command(args.path, args.register, seed=args.seed, out_dir=args.out, mode=args.mode)


def cmd_dashboard(args: argparse.Namespace) -> int:
    from planlib.app.dashboard import command

    return command(
        input_path=args.input,
        port=args.port,
        open_browser=not args.no_browser,
        register=args.register,
        ledger=args.ledger,
        draw=args.draw,
        seed=args.seed,
        as_of=args.as_of,
    )


def cmd_lab(args: argparse.Namespace) -> int:
    from planlib.app.lab import command

    return command(port=args.port, open_browser=not args.no_browser, input_path=args.input, work_dir=args.dir)


def cmd_audit(args: argparse.Namespace) -> int:
    from planlib.app.audit_batch import command

    return command(args.path, out_dir=args.out, as_json=args.json, jobs=args.jobs)


def cmd_batch(args: argparse.Namespace) -> int:
    from planlib.app.batch import command

    return command(args.inputs, out_dir=args.out, notebooks=args.notebooks, jobs=args.jobs)


def iso_date(text: str):
    """``--as-of``: a date such as 2020-06-30; else argparse's one-line error, exit 2."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写作 YYYY-MM-DD（如 2020-06-30），实际为“{text}”") from None


def cmd_progress(args: argparse.Namespace) -> int:
    from planlib.app.progress import command

    return command(
        args.path,
        args.register,
        args.ledger,
        draw_path=args.draw,
        seed=args.seed,
        as_of=args.as_of,
        out_dir=args.out,
        mode=args.mode,
        results=args.results,
        inspector_names=args.inspector_names,
        notebook=args.notebook,
    )


def cmd_next_year(args: argparse.Namespace) -> int:
    from planlib.app.next_year import command

    return command(args.path, args.ledger, out_path=args.out, register_path=args.register, mode=args.mode)


def _add_mode(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--mode",
        choices=WORKDAY_MODES,
        default=None,
        help="工作日计算方式：formula（公式）或 official（国务院放假安排）；默认按工作簿",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="planlib", description="安全生产年度监督检查计划测算工具")
    parser.add_argument("--version", action="version", version=f"planlib {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", required=True, metavar=COMMAND_METAVAR)

    p = sub.add_parser("template", help="生成空白填报工作簿")
    p.add_argument("path", help="要生成的工作簿路径（.xlsx）")
    p.add_argument("--force", action="store_true", help="覆盖已有文件")
    p.set_defaults(handler=cmd_template)

    p = sub.add_parser("compute", help="测算计划，输出中文摘要或 JSON")
    p.add_argument("path", help="计划工作簿")
    p.add_argument("--json", action="store_true", help="以 JSON 输出测算结果")
    _add_mode(p)
    p.set_defaults(handler=cmd_compute)

    p = sub.add_parser("check", help="按规则检查计划")
    p.add_argument("path", help="计划工作簿")
    p.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    _add_mode(p)
    p.add_argument("--register", default=None, help="监管对象名录（.xlsx/.xls/.csv）：重点单位、频次上限一并检查")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("draw", help="按监管对象名录生成重点检查名单和“双随机”抽查名单")
    p.add_argument("path", help="计划工作簿")
    p.add_argument("--register", required=True, help="监管对象名录（.xlsx/.xls/.csv）")
    p.add_argument(
        "--seed", type=integer, default=None, help="随机种子（默认为工作簿的 random_seed，否则自动生成并记录）"
    )
    p.add_argument("--out", default=None, help="输出目录（默认 outputs/draw/）")
    _add_mode(p)
    p.set_defaults(handler=cmd_draw)

    p = sub.add_parser("progress", help="对照检查台账统计计划执行进度（执行进度表、图、执行情况）")
    p.add_argument("path", help="计划工作簿")
    p.add_argument("--register", required=True, help="监管对象名录（.xlsx/.xls/.csv）")
    p.add_argument("--ledger", required=True, help="检查台账（.xlsx/.xls/.csv）")
    p.add_argument("--draw", default=None, help="planlib draw 生成的抽查名单（抽查名单_<年>.xlsx）")
    p.add_argument(
        "--seed", type=integer, default=None, help="没有 --draw 时：按此随机种子重新抽取（默认 random_seed）"
    )
    p.add_argument("--as-of", type=iso_date, default=None, help="统计截止日期 YYYY-MM-DD（默认今天，限计划年度内）")
    p.add_argument("--out", default=None, help="输出目录（默认 outputs/progress/）")
    p.add_argument("--results", action="store_true", help="同时生成“双随机”抽查结果公示表（抽查结果公示_<年>.xlsx）")
    p.add_argument("--inspector-names", action="store_true", help="公示表列出执法人员姓名（默认不列）")
    p.add_argument("--notebook", action="store_true", help="同时执行笔记本 progress.ipynb 并保存")
    _add_mode(p)
    p.set_defaults(handler=cmd_progress)

    p = sub.add_parser("next-year", help="按检查台账和实际工作日生成下一年度的计划工作簿")
    p.add_argument("path", help="本年度计划工作簿")
    p.add_argument("--ledger", required=True, help="本年度检查台账（可含“实际工作日”工作表）")
    p.add_argument("--register", default=None, help="监管对象名录（用于判断重点检查的用时；可不填）")
    p.add_argument("--out", default=None, help="下一年度工作簿路径（默认：计划工作簿旁 outputs/计划_<年>.xlsx）")
    _add_mode(p)
    p.set_defaults(handler=cmd_next_year)

    p = sub.add_parser("run", help="无界面执行年度计划笔记本，生成全部成果")
    p.add_argument("--year", type=integer, default=None, help="计划年度（默认按工作簿；与工作簿不符时报错）")
    p.add_argument("--input", default=None, help="输入工作簿（默认为内置西城区2020年数据）")
    p.add_argument("--out", default=None, help="输出目录（默认 outputs/<单位>/<年度>/）")
    _add_mode(p)
    p.add_argument("--register", default=None, help="监管对象名录：成果中加入重点检查名单和“双随机”抽查名单")
    p.add_argument("--seed", type=integer, default=None, help="“双随机”抽取的随机种子（配合 --register）")
    p.add_argument("--replace", action="store_true", help="替换输出目录中用另一工作簿生成的成果")
    p.add_argument("--ledger", default=None, help="检查台账（配合 --register）：成果中加入执行进度和进度笔记本")
    p.add_argument("--as-of", type=iso_date, default=None, help="执行进度的统计截止日期 YYYY-MM-DD（配合 --ledger）")
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser("dashboard", help="以网页形式打开人员测算看板（Voilà）")
    p.add_argument("--input", default=None, help="输入工作簿（默认为内置西城区2020年数据）")
    p.add_argument("--port", type=port_number, default=8866, help="端口（0：自动选择空闲端口）；默认 8866")
    p.add_argument("--no-browser", action="store_true", help="不自动打开浏览器，只打印地址")
    p.add_argument(
        "--register",
        default=None,
        help="监管对象名录：看板的“检查事项”页（涉企行政检查计划表）；配合 --ledger：“执行进度”页",
    )
    p.add_argument("--ledger", default=None, help="检查台账：看板的“执行进度”页对照计划统计完成情况")
    p.add_argument("--draw", default=None, help="抽查名单_<年>.xlsx（执行进度用）")
    p.add_argument("--seed", type=integer, default=None, help="没有 --draw 时重新抽取的随机种子（执行进度用）")
    p.add_argument("--as-of", type=iso_date, default=None, help="执行进度的统计截止日期 YYYY-MM-DD")
    p.set_defaults(handler=cmd_dashboard)

    p = sub.add_parser("lab", help="在 JupyterLab 中打开笔记本（仅本机访问；root 用户亦可）")
    p.add_argument(
        "--input", default=None, help="输入工作簿：笔记本的 input_path 为 None 时用它（默认：内置西城区2020年数据）"
    )
    p.add_argument(
        "--dir",
        default=None,
        help="工作文件夹：笔记本复制到此处再打开（默认 ./planlib-notebooks/，不覆盖改过的笔记本）",
    )
    p.add_argument("--port", type=port_number, default=None, help="端口（默认 8888，被占用时 JupyterLab 另选）")
    p.add_argument("--no-browser", action="store_true", help="不自动打开浏览器，只打印地址")
    p.set_defaults(handler=cmd_lab)

    p = sub.add_parser("audit", help="核查已发布计划的数字（一个文件，或文件夹中的全部计划）")
    p.add_argument("path", nargs="+", help="已发布的计划文件（.txt/.md/.docx/.pdf/网页/工作簿），或文件夹")
    p.add_argument("--json", action="store_true", help="以 JSON 输出核查结果")
    p.add_argument("--out", default=None, help="输出目录：写出核查报告（.md 和 .xlsx）")
    p.add_argument("--jobs", type=integer, default=None, help="同时核查的进程数（默认为处理器核数）")
    p.set_defaults(handler=cmd_audit)

    p = sub.add_parser("batch", help="批量测算多个工作簿")
    p.add_argument("inputs", nargs="+", help="计划工作簿，或含工作簿的文件夹")
    p.add_argument("--out", default=None, help="输出目录（默认 outputs/batch/）")
    p.add_argument("--notebooks", action="store_true", help="同时为每个工作簿执行年度计划笔记本，生成全部成果")
    p.add_argument("--jobs", type=integer, default=None, help="同时测算的进程数（默认为处理器核数）")
    p.set_defaults(handler=cmd_batch)
    return parser


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's own flush at exit cannot fail again."""
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError, AttributeError):  # stdout replaced (tests) or closed
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _stop_signals_interrupt() -> None:
    """SIGTERM (and Windows' SIGBREAK) end a command as Ctrl+C does: its clean-up runs, exit 130."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGTERM", "SIGBREAK"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _interrupt)
    default = sys.unraisablehook

    def hook(unraisable) -> None:  # an interrupt inside an import's callback: 已中断 says it once
        if not isinstance(unraisable.exc_value, KeyboardInterrupt):
            default(unraisable)

    sys.unraisablehook = hook


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from planlib.errors import InputError, OutputError

    _stop_signals_interrupt()

    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        code: int = handler(args)
        sys.stdout.flush()  # a full stdout (`> /dev/full`) fails here, inside the handlers below
        return code
    except InputError as e:
        print(str(e), file=sys.stderr)
        return EXIT_BAD_INPUT
    except OutputError as e:
        print(str(e), file=sys.stderr)
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `planlib compute … | head`: the reader left, nothing to say
        _silence_stdout()
        return EXIT_OK
    except OSError as e:  # an unwritable --out, a full disk or stdout: an output error naming the path
        path = e.filename2 or e.filename
        if not path:  # no file named: writing the summary or JSON to stdout failed
            _silence_stdout()
            path = STDOUT
        print(str(OutputError(path, e)), file=sys.stderr)
        return EXIT_OUTPUT


if __name__ == "__main__":
    sys.exit(main())
