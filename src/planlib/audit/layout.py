"""A plan text's lines, whatever its line structure: every kind of line end, and lines rebuilt
where the breaks were lost.

Plans reach reviewers with their line breaks changed: CR-only ends (old Mac editors, some web
forms), Word paragraphs held together by soft line breaks, or everything on one line (copied
from a web page or a PDF viewer). Read as one line, the figures of several sections run into
each other (the key and the general inspections of all units become one list), which gives
false findings. So every Unicode line end splits lines (``str.splitlines``), and a line that
holds several headings of the plan's outline (一、 （一） 1.) is cut before each heading and
after each sentence: the outline the plan was written in comes back.
"""

from __future__ import annotations

import re

_SENTENCE_END = "。；;！？!?"
_CN = "一二三四五六七八九十"
# An outline marker inside a line: 一、 after a sentence end; （一）/（1） anywhere; 1. after a
# sentence end, a colon or a figure's unit.
_MARKER = re.compile(
    rf"(?:(?<=[{_SENTENCE_END}:：）)])|(?<=[{_SENTENCE_END}:：）)]\s))[{_CN}]{{1,3}}、"
    rf"|[（(]\s*(?:[{_CN}]{{1,3}}|\d{{1,2}})\s*[）)]"
    rf"|(?:(?<=[{_SENTENCE_END}:：])|(?<=[{_SENTENCE_END}:：]\s)|(?<=工作日)|(?<=[天家人户名]))\d{{1,2}}\s*[.、．](?![\d０-９])"
)
_AFTER_SENTENCE = re.compile(rf"(?<=[{_SENTENCE_END}])(?![）)”’\"'])")
MERGED_MARKERS = 3  # a line with this many outline markers inside it lost its breaks
LONG_LINE = 3000  # characters: no plan's paragraph is this long; such a line is cut after its sentences


def split_lines(text: str) -> list[str]:
    """Lines at every line end: LF, CRLF, CR, vertical tab, form feed, U+2028/U+2029, NEL."""
    return text.splitlines()


def _markers_inside(line: str) -> list[int]:
    lead = len(line) - len(line.lstrip())
    return [m.start() for m in _MARKER.finditer(line) if m.start() > lead]


def rebuild(line: str) -> list[str]:
    """A line cut before each outline marker and after each sentence, when it holds several
    headings or is longer than any paragraph; otherwise the line itself."""
    cuts = _markers_inside(line)
    if len(cuts) < MERGED_MARKERS and len(line) <= LONG_LINE:
        return [line]
    cuts = sorted(set(cuts) | {m.start() for m in _AFTER_SENTENCE.finditer(line)} - {0, len(line)})
    parts = [line[a:b] for a, b in zip([0, *cuts], [*cuts, len(line)], strict=False)]
    return [p for p in parts if p.strip()]


def plan_lines(text: str) -> tuple[tuple[str, ...], bool]:
    """The lines of a plan text, and whether any were rebuilt from a line without breaks."""
    lines: list[str] = []
    rebuilt = False
    for line in split_lines(text):
        parts = rebuild(line)
        rebuilt = rebuilt or len(parts) > 1
        lines += parts
    return tuple(lines), rebuilt


_OUTLINE_START = re.compile(
    rf"^\s*(?:[{_CN}]{{1,3}}、|[（(]\s*(?:[{_CN}]{{1,3}}|\d{{1,2}})\s*[）)]|\d{{1,2}}\s*[.、．](?!\d))"
)
_PARAGRAPH_END = re.compile(rf"[{_SENTENCE_END}:：]\s*$")


def _bare_marker(line: str) -> bool:
    return bool((m := _OUTLINE_START.match(line)) and not line[m.end() :].strip())


def unwrap(lines: list[str]) -> list[str]:
    """Paragraphs back from a PDF's visual lines: a line that fills the page width and does
    not end a sentence continues on the next, unless that one starts an outline item."""
    widths = sorted(len(line.strip()) for line in lines if line.strip())
    if not widths:
        return lines
    full = widths[int(0.9 * (len(widths) - 1))] * 0.85
    out: list[str] = []
    joining = False
    for line in lines:
        text = line.strip()
        if joining and text and (not _OUTLINE_START.match(text) or _bare_marker(out[-1])):
            out[-1] += text
        else:
            out.append(text)
        joining = len(out[-1]) >= full and not _PARAGRAPH_END.search(out[-1]) if out[-1] else False
        if joining and text and len(text) < full:
            joining = False  # a short last line closes the paragraph
        if _bare_marker(out[-1]):
            joining = True  # a marker alone ("2.") belongs to the text on the next line
    return out
