"""The build step pyproject.toml cannot declare: what planlib ships, copied into the wheel.

The notebooks, the example workbooks, the register example and the reference plan's text are
kept once, in the checkout's top-level ``notebooks/`` and ``data/`` (``planlib.config.SHIPPED``
names the files). A wheel (and so ``pip install planlib`` and the offline bundle) carries a copy
of them as package data under ``planlib/_bundled/``; an editable install (``make setup``) reads
them where they are, so there is nothing to keep in step.
"""

from __future__ import annotations

import ast
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def shipped() -> dict[str, tuple[str, ...]]:
    """``planlib.config.SHIPPED``, read without importing planlib (its dependencies may be absent)."""
    tree = ast.parse((HERE / "src" / "planlib" / "config.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "SHIPPED" for t in node.targets):
            return ast.literal_eval(node.value)
    raise RuntimeError("planlib.config.SHIPPED not found")


class BuildWithBundledFiles(build_py):
    """``build_py``, then the shipped files into ``build/lib/planlib/_bundled/`` (not for editable installs)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        found = 0
        for folder, patterns in shipped().items():
            for pattern in patterns:
                for source in sorted((HERE / folder).glob(pattern)):
                    target = Path(self.build_lib, "planlib", "_bundled", folder, source.relative_to(HERE / folder))
                    self.mkpath(str(target.parent))
                    self.copy_file(str(source), str(target))
                    found += 1
        if not found:
            raise RuntimeError("no notebooks or data to bundle: build from a checkout or its sdist")


setup(cmdclass={"build_py": BuildWithBundledFiles})
