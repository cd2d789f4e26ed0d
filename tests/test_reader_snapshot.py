"""The plan reader gives, for every workbook the tests and the bundled data feed it, exactly what
the previous reader gave (issue 23 item 1: reading through python-calamine, JSON identical).

``fixtures/reader_snapshot_openpyxl.json.xz`` was PRODUCED BY THE PREVIOUS (openpyxl-based) READER,
at commit 39f032c, before any change of issue 23: every workbook ``load_plan`` was given while
the unit tests ran (254 distinct files: the bundled and fixture workbooks, the .xls/.ods copies,
every edited, malformed and fuzzed workbook of the tests), each stored as its zip members (or its
raw bytes when it is no valid zip, or re-zipping changed what the old reader made of it), with
the outcome: the Plan's fields (``source`` left out) or the InputError's message, sheet and cell.
Do not regenerate it with the new reader: it is the reference the new reader is held to.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import io
import json
import lzma
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


def rebuilt(entry: dict) -> bytes:
    if "raw" in entry:
        return base64.b64decode(entry["raw"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in entry["members"]:
            z.writestr(name, text.encode("latin-1"))
    return buffer.getvalue()


def outcome(path: Path) -> dict:
    try:
        return {"plan": serialised(load_plan(path))}
    except InputError as e:
        return {"error": [e.message, e.sheet, e.where]}


def test_the_snapshot_covers_the_bundled_workbooks_and_many_errors():
    outcomes = [e["outcome"] for e in entries().values()]
    assert len(outcomes) >= 250
    assert sum("error" in o for o in outcomes) >= 150
    authorities = {dict(o["plan"]).get("authority") for o in outcomes if "plan" in o}
    assert {"北京市西城区应急管理局", "长春市宽城区应急管理局"} <= authorities
    assert {e["suffix"] for e in entries().values()} == {".xlsx", ".xls", ".ods"}


@pytest.mark.parametrize("key", sorted(entries()))
def test_the_reader_gives_what_the_previous_reader_gave(key, tmp_path):
    entry = entries()[key]
    path = tmp_path / f"workbook{entry['suffix']}"
    path.write_bytes(rebuilt(entry))
    assert json.loads(json.dumps(outcome(path))) == entry["outcome"]
