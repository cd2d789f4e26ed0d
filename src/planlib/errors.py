"""Input errors: one Chinese line naming the file, the sheet and the cell or column.

Every problem with a user's workbook ends up as an :class:`InputError`, so the command
line can print ``str(error)`` on one line and exit 2 without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class InputError(Exception):
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
        return " ".join(line.split("\n"))  # always one line, whatever a file name holds
