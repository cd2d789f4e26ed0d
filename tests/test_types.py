"""Types (issue 22, item 5): ``mypy --strict`` holds on the core and the wording, with the stub
packages of the test extra; the rest of the package keeps the settings in pyproject.toml."""

from __future__ import annotations

import tomllib

import pytest

from support import ROOT

CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

# What `mypy --strict` turns on that can be set per module (the global warnings are set globally).
STRICT_PER_MODULE = {
    "disallow_untyped_defs",
    "disallow_incomplete_defs",
    "disallow_untyped_calls",
    "disallow_untyped_decorators",
    "disallow_any_generics",
    "disallow_subclassing_any",
    "warn_return_any",
    "no_implicit_reexport",
    "strict_equality",
    "extra_checks",
}


def test_the_core_and_the_wording_are_checked_strictly():
    overrides = CONFIG["tool"]["mypy"]["overrides"]
    strict = [o for o in overrides if set(o["module"]) == {"planlib.core.*", "planlib.text.*"}]
    assert len(strict) == 1
    assert {k for k, v in strict[0].items() if v is True} >= STRICT_PER_MODULE


def test_openpyxl_and_pandas_are_typed_by_their_stubs():
    ignored = {m for o in CONFIG["tool"]["mypy"]["overrides"] if o.get("ignore_missing_imports") for m in o["module"]}
    assert not {"openpyxl.*", "pandas.*"} & ignored
    test_extra = " ".join(CONFIG["project"]["optional-dependencies"]["test"])
    assert "types-openpyxl" in test_extra and "pandas-stubs" in test_extra


@pytest.mark.slow
def test_mypy_strict_passes_on_core_and_text():
    from mypy import api

    out, err, status = api.run(
        ["--strict", "--no-incremental", str(ROOT / "src/planlib/core"), str(ROOT / "src/planlib/text")]
    )
    assert status == 0, out + err
