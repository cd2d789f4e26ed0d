"""The guard of the fast loop: an unmarked test (neither ``slow`` nor ``browser``) whose call phase
takes longer than 2 seconds fails, so ``make test-fast`` stays fast. On a loaded machine a
developer may relax it with ``PLANLIB_TEST_TIME_LIMIT=<seconds>`` (``0`` turns it off); ``make test``
(the whole suite, CI's command) sets 10 s, ``make test-fast`` keeps 2 s. A pytest plugin module: tests/conftest.py registers its hook.
"""

from __future__ import annotations

import os

import pytest

TIME_LIMIT_ENV = "PLANLIB_TEST_TIME_LIMIT"
DEFAULT_TIME_LIMIT = 2.0  # seconds of an unmarked test's call phase
EXEMPT_MARKERS = ("slow", "browser")


def time_limit() -> float:
    """The call-phase limit of an unmarked test: 2 s unless the environment relaxes it."""
    value = os.environ.get(TIME_LIMIT_ENV, "").strip()
    if not value:
        return DEFAULT_TIME_LIMIT
    try:
        return float(value)
    except ValueError:
        raise pytest.UsageError(f"{TIME_LIMIT_ENV} must be a number of seconds, not {value!r}") from None


def too_slow(duration: float, limit: float, markers: set[str]) -> bool:
    """Whether a test that took ``duration`` seconds breaks the limit (0 turns the guard off)."""
    return limit > 0 and duration > limit and not markers & set(EXEMPT_MARKERS)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.passed or not isinstance(item, pytest.Function):
        return  # a notebook cell (nbval) is a notebook execution: make test-fast leaves those out
    limit = time_limit()
    if too_slow(report.duration, limit, {m.name for m in item.iter_markers()}):
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid} took {report.duration:.2f} s (limit {limit:g} s for an unmarked test): "
            "make it faster or mark it @pytest.mark.slow; on a loaded machine set "
            f"{TIME_LIMIT_ENV}=<seconds> (0 turns the guard off)"
        )
