"""Imports flow one way: the domain core never imports input/output or views."""

from __future__ import annotations

import ast

import pytest
from support import ROOT

PACKAGE = ROOT / "src" / "planlib"
CORE = {"model", "errors", "config", "calendar", "estimation", "allocation", "compute", "rules",
        "contract", "history", "scenario"}
THIRD_PARTY_VIEWS = {"matplotlib", "ipywidgets", "papermill", "nbformat", "nbconvert", "docx", "voila",
                     "openpyxl", "pandas", "IPython"}


def imports_of(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                names.add(node.module.split(".")[0] if node.module else "")
            elif node.module:
                names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return names


@pytest.mark.parametrize("module", sorted(CORE))
def test_core_imports_only_core(module):
    package_modules = {p.stem for p in PACKAGE.glob("*.py")}
    imported = imports_of(module)
    assert not (imported & package_modules) - CORE, f"{module} imports outer modules"
    assert not imported & THIRD_PARTY_VIEWS, f"{module} imports a view or I/O library"
