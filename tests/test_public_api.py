"""The public API is what the notebooks use, and the notebooks use nothing else (issue 22, item 7).

A notebook reaches planlib only through ``planlib.<name>`` or ``from planlib import <name>``
with names of ``planlib.__all__``; the API leaves orchestration (the official run, the year's
package) to ``planlib.app``, and every name in it is used by a notebook or documented in the
README for scripts.
"""

from __future__ import annotations

import ast
import json
import re

import pytest

import planlib
from support import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _code(path) -> str:
    """A notebook's code cells as Python (IPython magics left out)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    lines = [
        line
        for c in cells
        if c["cell_type"] == "code"
        for line in "".join(c["source"]).splitlines()
        if not line.lstrip().startswith(("%", "!"))
    ]
    return "\n".join(lines)


def _planlib_use(path) -> tuple[set[str], list[str]]:
    """(public names a notebook uses, the ways it reaches past them)."""
    used: set[str] = set()
    past: list[str] = []
    for node in ast.walk(ast.parse(_code(path))):
        if isinstance(node, ast.Import):
            past += [a.name for a in node.names if a.name.startswith("planlib.")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "planlib":
            if node.module != "planlib":
                past.append(f"from {node.module} import …")
            used |= {a.name for a in node.names}
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "planlib":
            used.add(node.attr)
    return used, past


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_uses_only_the_public_api(path):
    used, past = _planlib_use(path)
    assert past == []
    assert used, "the notebook uses planlib"
    assert used <= set(planlib.__all__), used - set(planlib.__all__)


def test_every_public_name_resolves():
    for name in planlib.__all__:
        assert getattr(planlib, name) is not None, name


def test_orchestration_stays_in_app():
    """The official run and the year's package are commands, not API: only a notebook's inputs
    (``load_inputs``, ``progress_report``, ``dashboard_progress``, which the notebooks call) come
    from planlib.app."""
    from planlib import _API

    assert {n for n, module in _API.items() if module.startswith("planlib.app")} == {
        "load_inputs",
        "progress_report",
        "dashboard_progress",
    }
    assert not {"official_run", "write_plan_files", "write_history_files"} & set(planlib.__all__)


def test_every_public_name_is_used_by_a_notebook_or_documented():
    used = set().union(*(_planlib_use(p)[0] for p in NOTEBOOKS))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"\bplanlib\.(\w+)", section)) - {"app"}
    assert set(planlib.__all__) - used - documented == set()
    assert documented <= set(planlib.__all__), documented - set(planlib.__all__)
