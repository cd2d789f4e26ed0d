"""The plan reader gives, for every workbook the tests and the bundled data feed it, exactly what
the previous reader gave (issue 23 item 1: reading through python-calamine, JSON identical).

``fixtures/reader_snapshot_openpyxl.json.xz`` was PRODUCED BY THE PREVIOUS (openpyxl-based) READER,
at commit 39f032c, before any change of issue 23: every workbook ``load_plan`` was given while
the unit tests ran (254 distinct files: the bundled and fixture workbooks, the .xls/.ods copies,
every edited, malformed and fuzzed workbook of the tests), each stored as its zip members (or its
raw bytes when it is no valid zip, or re-zipping changed what the old reader made of it), with
the outcome: the Plan's fields (``source`` left out) or the InputError's message, sheet and cell.
Do not regenerate it with the new reader: it is the reference the new reader is held to.
What the rest of planlib added since is allowed for, and nothing else: a field added to Plan (or
Unit, WorkdayItem …) must hold its default, and the list of settings an unknown key's message
offers may have grown.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import io
import json
import lzma
import re
import zipfile
from fractions import Fraction
from functools import cache
from pathlib import Path

import pytest

from planlib.errors import InputError
from planlib.io.workbook import load_plan

SNAPSHOT = Path(__file__).parent / "fixtures" / "reader_snapshot_openpyxl.json.xz"


@cache
def entries() -> dict[str, dict]:
    data: dict[str, dict] = json.loads(lzma.decompress(SNAPSHOT.read_bytes()))
    return data


def serialised(value: object) -> object:
    """A Plan's fields as JSON-able values that keep every type apart (Fraction, float, date)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: serialised(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "source"}
    if isinstance(value, Fraction):
        return f"F{value.numerator}/{value.denominator}"
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        return f"float{value!r}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return [[serialised(k), serialised(v)] for k, v in value.items()]
    if isinstance(value, (tuple, list)):
        return [serialised(v) for v in value]
    return repr(value)


def _default(f: dataclasses.Field) -> object:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


def matches(value: object, old: object) -> bool:
    """``value`` is what the snapshot holds, serialised; a field added to a dataclass since the
    snapshot (absent from it) must hold its default: a workbook of then says nothing of it."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if not isinstance(old, dict):
            return False
        names = {f.name for f in dataclasses.fields(value)} - {"source"}
        if set(old) - names:
            return False
        return all(
            matches(getattr(value, f.name), old[f.name]) if f.name in old else getattr(value, f.name) == _default(f)
            for f in dataclasses.fields(value)
            if f.name != "source"
        )
    if isinstance(value, (tuple, list)):
        return isinstance(old, list) and len(old) == len(value) and all(map(matches, value, old))
    if isinstance(value, dict):
        return (
            isinstance(old, list)
            and len(old) == len(value)
            and all(matches(k, o[0]) and matches(v, o[1]) for (k, v), o in zip(value.items(), old, strict=True))
        )
    return json.loads(json.dumps(serialised(value))) == old


def rebuilt(entry: dict) -> bytes:
    if "raw" in entry:
        return base64.b64decode(entry["raw"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in entry["members"]:
            z.writestr(name, text.encode("latin-1"))
    return buffer.getvalue()


# A damaged part is refused with the same words, which end with the class of the parser's
# exception: the previous reader's XML parsers (lxml, ElementTree) and python-calamine's name
# theirs differently (XMLSyntaxError, ParseError, XmlError …). Only that name is not compared.
_PARSER_EXCEPTION = re.compile(r"(无法读取工作簿内容，文件可能已损坏或不是 Excel 工作簿)（\w+）$")


def outcome(path: Path) -> dict:
    try:
        return {"plan": load_plan(path)}
    except InputError as e:
        return {"error": [_PARSER_EXCEPTION.sub(r"\1（…）", e.message), e.sheet, e.where]}


def test_the_snapshot_covers_the_bundled_workbooks_and_many_errors():
    outcomes = [e["outcome"] for e in entries().values()]
    assert len(outcomes) >= 250
    assert sum("error" in o for o in outcomes) >= 150
    authorities = {dict(o["plan"]).get("authority") for o in outcomes if "plan" in o}
    assert {"北京市西城区应急管理局", "长春市宽城区应急管理局"} <= authorities
    assert {e["suffix"] for e in entries().values()} == {".xlsx", ".xls", ".ods"}


# The only outcomes that differ, on purpose. Four fuzzed copies (test_workbook's damaged-XML
# property test) whose xl/workbook.xml stays well-formed but carries a misspelt attribute of
# <workbookView> (autoFilterteGrouping …) or a namespace URI with a ">" in it: openpyxl's object
# model refused them (TypeError; lxml's URI check), though no value is touched. The new reader
# reads them as the very plan the previous reader gave the sibling copies damaged elsewhere.
READ_NOW = {"382a21ee373633e3", "3bb726c60c35f86c", "4d42527e1277d702", "b9053225f820e960"}
SIBLING = "2b5506c9c85ccb6e"  # a copy damaged in a part that carries no value: read as a plan before


def test_the_deliberate_differences_were_refusals_by_the_object_model():
    for key in READ_NOW:
        assert entries()[key]["outcome"]["error"][0].startswith("无法读取工作簿内容")
    assert "plan" in entries()[SIBLING]["outcome"]


@pytest.mark.parametrize("key", sorted(entries()))
def test_the_reader_gives_what_the_previous_reader_gave(key, tmp_path):
    entry = entries()[key]
    path = tmp_path / f"workbook{entry['suffix']}"
    path.write_bytes(rebuilt(entry))
    expected = entries()[SIBLING]["outcome"] if key in READ_NOW else entry["outcome"]
    if "error" in expected:
        expected = {"error": [_PARSER_EXCEPTION.sub(r"\1（…）", expected["error"][0]), *expected["error"][1:]]}
    got = outcome(path)
    if "plan" in got and "plan" in expected:
        assert matches(got["plan"], expected["plan"]), json.dumps(serialised(got["plan"]), ensure_ascii=False)[:2000]
    elif "error" in got and "error" in expected and "（可用的键：" in expected["error"][0]:
        # an unknown setting's message lists the settings: those added since may be listed too
        (message, *where), (was, *was_where) = got["error"], expected["error"]
        head, _, keys = message.partition("（可用的键：")
        was_head, _, was_keys = was.partition("（可用的键：")
        assert (head, where) == (was_head, was_where)
        assert set(was_keys.rstrip("）").split("、")) <= set(keys.rstrip("）").split("、"))
    else:
        assert got == expected


def test_a_stray_value_far_away_is_refused_naming_the_sheet_and_its_cell(tmp_path):
    """The one refusal the new reader adds: calamine holds a sheet as a dense grid, so a used
    range of 17 billion cells (one value in XFD1048576) is refused before calamine sees it."""
    from support import edited

    def far(wb):
        wb["执法人员"]["XFD1048576"] = "备注"

    with pytest.raises(InputError) as e:
        load_plan(edited(tmp_path, far))
    assert e.value.sheet == "执法人员" and "XFD1048576" in e.value.message and "过大" in e.value.message
