"""Shared fixtures, and the guard of the fast loop.

Matplotlib uses Agg inside the pytest process only: an exported MPLBACKEND would be inherited
by notebook kernels, which would then show no figures.

The guard (:mod:`time_guard`): an unmarked test whose call phase takes longer than 2 seconds
fails, so ``make test-fast`` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import REFERENCE_TEXT, XICHENG
from time_guard import pytest_runtest_makereport  # noqa: F401  (the hook, registered from here)

try:
    from hypothesis import HealthCheck, settings

    # Input generation slows with the machine's load, not with the code: that health check is not
    # a verdict on planlib. Every other check, and each test's own settings, stay as they are.
    settings.register_profile("planlib", suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile("planlib")
except ImportError:  # hypothesis is in the test extra
    pass

try:
    import matplotlib

    matplotlib.use("Agg")
except ImportError:  # the core tests do not need it
    pass


@pytest.fixture(scope="session")
def xicheng_path() -> Path:
    return XICHENG


@pytest.fixture(scope="session")
def reference_text() -> str:
    return REFERENCE_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def xicheng_plan():
    """The bundled workbook, loaded (the default input of every notebook)."""
    from planlib.io.workbook import load_plan

    return load_plan(XICHENG)
