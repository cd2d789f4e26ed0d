"""The command line's own words in Chinese: argparse's usage line, headings, help and errors.

argparse builds them from English message ids through :func:`gettext.gettext`;
:mod:`planlib.app.cli` looks each id up here while it builds, parses and prints (Python 3.11 to
3.13 use these ids). An id not listed stays as argparse wrote it.
"""

from __future__ import annotations

ARGPARSE = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "无效的选择：%(parser_name)r（可选：%(choices)s）",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "invalid %(type)s value: %(value)r": "无效的%(type)s：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "必须给出参数 %s 之一",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "unexpected option string: %s": "意外的选项：%s",
}
ARGPARSE_PLURAL = {("expected %s argument", "expected %s arguments"): "需要 %s 个值"}

COMMAND_METAVAR = "命令"
INTEGER = "整数"  # how "invalid %(type)s value" names an integer option's type


def kernel_start_failure(notebook: str, attempts: int, error: Exception) -> str:
    """Why ``planlib run`` stopped when no notebook kernel would start (after ``run.py``'s prefix
    "运行失败：")."""
    return (
        f"笔记本 {notebook} 的 Python 内核{attempts}次均未能启动（{error}）；内核通过本机地址 127.0.0.1 "
        "与 planlib 通信，请检查防火墙或安全软件是否阻止了本机连接，或机器是否过于繁忙"
    )
