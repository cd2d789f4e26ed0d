"""planlib's exceptions, under one base class: each prints as one Chinese line.

Every problem with a user's workbook ends up as an :class:`InputError` (exit 2), one with the
place outputs go as an :class:`OutputError` (a full disk, a read-only folder: exit 1), so the
command line can print ``str(error)`` on one line without a traceback.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path


class PlanlibError(Exception):
    """Base of every error planlib raises on purpose; ``str()`` is one Chinese line."""


@dataclass
class InputError(PlanlibError):
    """A workbook (or other input) that cannot be used as it is.

    ``where`` is a cell (``B7``), a column (``列“执法人员数”``) or empty when the whole file
    is at fault; ``message`` says what is wrong, in Chinese.
    """

    path: str | Path
    message: str
    sheet: str = ""
    where: str = ""

    def __str__(self) -> str:
        place = f"文件“{Path(self.path).name}”"
        if self.sheet:
            place += f" 工作表“{self.sheet}”"
        if self.where:
            place += f" {self.where}"
        line = f"输入错误：{place}：{self.message}"
        return " ".join(line.splitlines())  # always one line (\n, \r, \u2028…), whatever a file name holds


class OutputError(PlanlibError):
    """Outputs could not be written where the user asked (not an input error): names the user's path."""

    def __init__(self, path: str | Path, error: OSError | str):
        self.path = path
        self.reason = error if isinstance(error, str) else os_reason(error)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return " ".join(f"输出错误：无法写入“{self.path}”（{self.reason}）".splitlines())


_OS_REASONS = {
    errno.ENOENT: "文件或所在文件夹不存在",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.EEXIST: "已存在同名文件",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有访问权限",
    errno.EROFS: "所在磁盘只读",
    errno.ENOSPC: "磁盘空间不足",
    errno.ENAMETOOLONG: "文件名过长",
}


def from_os_error(error: OSError) -> InputError:
    """A file-system failure on a path the user gave (an unwritable ``--out``, a full disk) as an
    InputError, so it too ends as one Chinese line: it is the user's environment, not a bug.

    ``filename2`` is preferred: in ``os.replace(tmp, target)`` it is the user's target.
    """
    path = error.filename2 or error.filename or ""
    return InputError(path, f"无法读写（{os_reason(error)}）")


def os_reason(error: OSError) -> str:
    """Why a file operation failed, in Chinese where the cause is a common one."""
    known = _OS_REASONS.get(error.errno) if error.errno is not None else None
    return known or error.strerror or type(error).__name__
