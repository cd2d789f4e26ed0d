"""Imports flow one way (docs/architecture.md): import-linter's contracts in pyproject.toml hold."""

from __future__ import annotations

import tomllib

from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

from support import ROOT

PACKAGE = ROOT / "src" / "planlib"
LAYERS = ("app", "views", "audit", "io", "text", "core")


def test_the_import_contracts_hold():
    """Layers, the core's freedom from I/O and view libraries, and no cycles (exit 0 = all kept)."""
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert status == EXIT_STATUS_SUCCESS


def test_the_contracts_name_every_layer():
    """A new subpackage must be placed in the layers, or the contract would not govern it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layered = {
        name.strip()
        for contract in config["tool"]["importlinter"]["contracts"]
        if contract["type"] == "layers"
        for layer in contract["layers"]
        for name in layer.split("|")
    }
    subpackages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert subpackages == set(LAYERS)
    assert subpackages <= layered


def test_only_the_foundations_live_at_the_top():
    """Everything else is in a layer: a newcomer sees from the folders where a change belongs."""
    assert {p.name for p in PACKAGE.glob("*.py")} == {"__init__.py", "__main__.py", "errors.py", "config.py"}
