"""The core states facts; every sentence is written in ``text/`` (issue 22, item 2).

The core may still word its exceptions (an InputError or ScenarioError message is the sentence
the user reads, raised where the fault is found), but no other Chinese f-string: findings,
derivations, the calendar sentence, scenario descriptions and inverse answers are worded by
``planlib.text``. Every finding the core can yield has its wording.
"""

from __future__ import annotations

import ast
import re
import tomllib

from planlib.core.rules import Finding, finding
from planlib.text.findings import WORDINGS, message, worded
from support import ROOT

CORE = ROOT / "src" / "planlib" / "core"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _chinese_fstrings_outside_raise() -> list[str]:
    found = []
    for path in sorted(CORE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        raised = {id(n) for r in ast.walk(tree) if isinstance(r, ast.Raise) and r.exc for n in ast.walk(r.exc)}
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and id(node) not in raised:
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                if CJK.search(text):
                    found.append(f"{path.name}:{node.lineno}: {text}")
    return found


def test_the_core_words_nothing_but_its_exceptions():
    assert _chinese_fstrings_outside_raise() == []


def _finding_codes() -> set[str]:
    """The code (third argument) of every ``finding(...)`` call in the core."""
    codes = set()
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "finding":
                code = node.args[2]
                # a constant, or a choice between constants ("a" if … else "b"): each is a code
                choices = [code.body, code.orelse] if isinstance(code, ast.IfExp) else [code]
                assert all(isinstance(c, ast.Constant) for c in choices), (path.name, node.lineno)
                codes.update(c.value for c in choices if isinstance(c, ast.Constant))
    return codes


def test_every_finding_the_core_yields_has_a_wording():
    codes = _finding_codes()
    assert len(codes) >= 25  # the walk sees the rules and the register
    assert codes <= set(WORDINGS)


def test_a_finding_carries_facts_and_text_words_them():
    f = finding("totals", "error", "totals_headcount", "基本信息!B4", staff=40, headcount=35)
    assert f.message == "" and f.fact("staff") == 40
    assert message(f) == "纳入计算的执法人员40人，超过在册定编人数35人"
    assert worded([f])[0].message == message(f)
    assert worded([f])[0].as_dict() == {
        "rule": "totals",
        "severity": "error",
        "message": "纳入计算的执法人员40人，超过在册定编人数35人",
        "where": "基本信息!B4",
    }
    audit = Finding("formula", "error", "已写好的句子", "第3行")  # made outside the core: kept as it is
    assert worded([audit]) == [audit]


def test_no_import_contract_needs_an_exception():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert [c["name"] for c in config["tool"]["importlinter"]["contracts"] if c.get("ignore_imports")] == []


def test_each_number_format_is_imported_under_its_one_name():
    """``from planlib.text.numbers import decimal as days_text`` made one format three names."""
    imports = re.compile(r"^\s*from planlib\.text\.numbers import \(?([^)\n]*(?:\n[^)\n]*)*?)\)?$", re.M)
    aliased = []
    for path in sorted((ROOT / "src" / "planlib").rglob("*.py")):
        for names in imports.findall(path.read_text(encoding="utf-8")):
            aliased += [f"{path.name}: {n.strip()}" for n in names.split(",") if " as " in n]
    assert aliased == []
