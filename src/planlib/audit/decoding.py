"""Bytes of a plan text to a string: BOMs, UTF-16, UTF-8, GBK/GB18030, and Big5 told apart.

GB18030 decodes almost any byte string, so a text in another legacy encoding would come out
as gibberish and audit as "no figures found" or, worse, "未发现问题". Big5 (traditional
Chinese, Taiwan and Hong Kong) is the one such encoding reviewers meet: where a text decodes
both ways, the decoding in which a plan's common words appear wins, and a Big5 text is
refused with a line that says what it is (the patterns read simplified Chinese only).
"""

from __future__ import annotations

from planlib.errors import InputError

# Characters every workday plan uses, in simplified and traditional forms.
_SIMPLIFIED = frozenset("工作日检查执法人员计划安全生产监督年度个家天总数单位其他")
_TRADITIONAL = frozenset("工作日檢查執法人員計劃畫安全生產監督年度個家天總數單位其他")


_COMMON = _SIMPLIFIED | _TRADITIONAL | frozenset("0123456789，。、：；（）")


def _score(text: str, common: frozenset[str] = _COMMON) -> int:
    """How plan-like a decoding reads: the count of a plan's common characters in it."""
    return sum(ch in common for ch in text)


def _decoded(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_text(data: bytes, path) -> str:
    """The text of ``data``; an InputError naming ``path`` when it is not a readable plan text."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise InputError(
                    path, f"文件以 {encoding.upper()} 标记开头，但内容无法按此编码读取（文件可能已损坏）"
                ) from None
    if (text := _decoded(data, "utf-8")) is not None and "\x00" not in text:
        return text
    candidates = {
        e: t
        for e in ("utf-16-le", "utf-16-be", "gb18030", "big5")
        if (t := _decoded(data, e)) is not None and "\x00" not in t
    }
    best = max(candidates, key=lambda e: _score(candidates[e]), default=None)
    if best is not None and best.startswith("utf-16") and 20 * _score(candidates[best]) >= len(candidates[best]):
        return candidates[best]
    if b"\x00" in data:
        raise InputError(path, "不是文本文件（含二进制内容）")
    gb, big5 = candidates.get("gb18030"), candidates.get("big5")
    if big5 is not None and (gb is None or _score(big5, _TRADITIONAL) > _score(gb, _SIMPLIFIED)):
        raise InputError(
            path,
            "文件为繁体中文 Big5 编码；核查只读简体中文计划，请先转为简体中文"
            "（如 Word“中文简繁转换”）并另存为 UTF-8 或 GBK 文本后再试",
        )
    if gb is None:
        raise InputError(path, "无法识别文件编码（应为 UTF-8、UTF-16 或 GBK/GB18030）")
    return gb
