"""The audit's character tests (audit.layout, audit.formats) are the regular-expression classes
they replaced, character for character: told by code point now, so that no audit pays for
compiling classes over the whole CJK range at start."""

from __future__ import annotations

import re

from planlib.audit import formats, layout

WIDE = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2010-\u2027\u2030-\u205e"
WIDE_CLASS = re.compile(f"[{WIDE}]")
TIGHT = re.compile(f"(?=[{WIDE}][{WIDE}])")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
BMP = [chr(c) for c in range(0x10000)]


def test_wide_is_the_old_class_for_every_bmp_character():
    assert [hex(ord(ch)) for ch in BMP if layout._wide(ch) != bool(WIDE_CLASS.match(ch))] == []
    assert not layout._wide("") and not layout._wide("西城")


def test_side_by_side_pairs_are_what_the_lookahead_counted():
    for text in ("西城区 应 急", "一、 总 体 要 求", "abc 12", "——“计划”……", "", "西", "ab西城c"):
        assert layout._tight_pairs(text) == len(TIGHT.findall(text)), text


def test_chinese_characters_counted_as_the_old_class():
    text = "".join(BMP[0x2000:0xA000:7]) + "西城区应急管理局 2020 年"
    assert formats._chinese(text) == len(CHINESE.findall(text))
