"""The fast loop (issue 22): ``make test-fast`` leaves out what is marked slow or browser, and an
unmarked test slower than the limit fails (tests/time_guard.py)."""

from __future__ import annotations

import re

import pytest

from support import ROOT
from time_guard import DEFAULT_TIME_LIMIT, TIME_LIMIT_ENV, time_limit, too_slow

pytest_plugins = ["pytester"]

INNER = """
import time
import pytest

def test_quick():
    pass

def test_sleepy():
    time.sleep(0.4)

@pytest.mark.slow
def test_sleepy_but_marked():
    time.sleep(0.4)
"""


def test_an_unmarked_test_over_the_limit_fails(pytester, monkeypatch):
    """Run inside pytest with the guard and a 0.2 s limit: the sleepy unmarked test fails
    naming the way out, the marked one passes."""
    pytester.makepyfile(test_inner=INNER)
    pytester.makeini("[pytest]\nmarkers =\n    slow: slow\n")
    with monkeypatch.context() as m:  # this test itself stays under the usual limit
        m.setenv(TIME_LIMIT_ENV, "0.2")
        m.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")  # only the guard: no xdist, playwright, nbval
        result = pytester.runpytest_inprocess("-p", "time_guard", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1)
    failed = [r for r in result.reprec.getreports("pytest_runtest_logreport") if r.failed]
    assert [r.nodeid.rpartition("::")[2] for r in failed] == ["test_sleepy"]
    assert "mark it @pytest.mark.slow" in str(failed[0].longrepr)
    assert TIME_LIMIT_ENV in str(failed[0].longrepr)


def test_the_limit_is_two_seconds_unless_relaxed(monkeypatch):
    monkeypatch.delenv(TIME_LIMIT_ENV, raising=False)
    assert time_limit() == DEFAULT_TIME_LIMIT == 2.0
    monkeypatch.setenv(TIME_LIMIT_ENV, "10")
    assert time_limit() == 10.0
    with monkeypatch.context() as m:  # undone before the guard reads it after this test
        m.setenv(TIME_LIMIT_ENV, "lots")
        with pytest.raises(pytest.UsageError):
            time_limit()


@pytest.mark.parametrize(
    "duration, limit, markers, slow",
    [
        (2.5, 2.0, set(), True),
        (1.9, 2.0, set(), False),
        (2.5, 2.0, {"slow"}, False),
        (2.5, 2.0, {"browser"}, False),
        (2.5, 2.0, {"parametrize"}, True),
        (99.0, 0.0, set(), False),  # 0 turns the guard off
        (2.5, 10.0, set(), False),
    ],
)
def test_too_slow(duration, limit, markers, slow):
    assert too_slow(duration, limit, markers) is slow


def test_make_test_fast_leaves_out_only_slow_browser_and_notebooks():
    """``test-fast`` runs lint, then tests/ in parallel without the slow and browser marks;
    ``make test`` still runs everything (tests, notebooks through nbval)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    fast = re.search(r"^test-fast: lint\n\t(.+)$", makefile, re.M)
    assert fast is not None
    assert '-m "not slow and not browser"' in fast.group(1) and "-n auto" in fast.group(1)
    assert "notebooks" not in fast.group(1) and "--nbval" not in fast.group(1)
    full = re.search(r"^test: lint\n\t(.+)$", makefile, re.M)
    assert full is not None and "tests notebooks $(NBVAL)" in full.group(1) and '-m "' not in full.group(1)
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("\nmake test")
