"""Single cell values as the workbook reader takes them (io.xlsxio.values): names typed over two
lines in a cell (Alt+Enter) are joined, with no space between Chinese characters."""

from __future__ import annotations

import re

import pytest

from planlib.io.xlsxio.values import parse_name

# The class the reader used as a regular expression: the code-point test must agree with it.
CJK_CLASS = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("西城区\n应急管理局", "西城区应急管理局"),  # between Chinese characters the break vanishes
        ("Safety\nOffice", "Safety Office"),  # elsewhere it is one space
        ("第1\n执法队", "第1 执法队"),  # a digit then a Chinese character: a space
        ("（一）\r\n综合", "（一）综合"),  # full-width brackets count as Chinese
        ("执法\n\n 一队", "执法一队"),  # breaks and spaces around them are one break
        ("一队", "一队"),
    ],
)
def test_a_name_typed_over_lines_is_one_line(typed, read):
    assert parse_name(typed) == read


def test_the_chinese_test_is_the_old_character_class_for_every_bmp_character():
    from planlib.io.xlsxio.values import _is_cjk

    differ = [hex(c) for c in range(0x10000) if _is_cjk(chr(c)) != bool(CJK_CLASS.match(chr(c)))]
    assert differ == []
    assert not _is_cjk("") and not _is_cjk("西城")  # one character or none
