"""User text inside Markdown, printed as text (issue 21 item 9).

Every text a workbook or a plan supplies (计划正文 rows, unit and item names, an audited plan's
lines) is escaped before it goes into a ``.md`` file or a notebook's Markdown output, so that
``<script>``, ``[链接](javascript:…)`` or ``# 伪标题`` print as typed and never become a tag, a
link or a heading. CommonMark lets a backslash escape any ASCII punctuation; only the
characters that can start markup are escaped, so ``366-104-11=251`` stays readable in the file.
"""

from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]<>&|~!])")  # emphasis, code, links, images, HTML, entities, tables, strikes
_LINE_START = re.compile(
    r"^( {0,3})(?:"
    r"(#{1,6})(?=\s|$)"  # ATX heading
    r"|(>)"  # block quote
    r"|([-+])(?=\s|$)"  # bullet list
    r"|(\d{1,9})([.)])(?=\s|$)"  # ordered list
    r"|([=-])(?=[=-]*\s*$)"  # setext underline, thematic break
    r")"
)
_INDENT = re.compile(r"^[ \t]{4,}")  # an indented code block


def _line(line: str) -> str:
    line = _INDENT.sub(lambda m: "\u00a0" * len(m.group(0)), line)
    m = _LINE_START.match(line)
    if not m:
        return line
    lead = m.group(1)
    if m.group(5) is not None:  # keep the number, escape its dot or parenthesis
        return f"{lead}{m.group(5)}\\{m.group(6)}{line[m.end() :]}"
    return f"{lead}\\{line[len(lead) :]}"


def md_text(text: object) -> str:
    """``text`` as Markdown that renders as exactly that text (line breaks kept)."""
    escaped = _INLINE.sub(r"\\\1", str(text if text is not None else ""))
    return "\n".join(_line(line) for line in escaped.split("\n"))


def md_cell(text: object) -> str:
    """``text`` for one cell of a Markdown table: escaped, on one line."""
    return md_text(" ".join(str(text if text is not None else "").splitlines()))
