"""One exception hierarchy: every error planlib raises on purpose is a PlanlibError, and keeps
the built-in base callers already catch (ValueError, RuntimeError)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import planlib
from planlib.app.run import RunError
from planlib.core.calendar import CalendarError
from planlib.core.compute import UnitAccountsError
from planlib.core.estimation import EstimationError
from planlib.core.register import DrawError
from planlib.core.scenario import ScenarioError
from planlib.errors import PlanlibError
from planlib.io.xlsxio import BadValue


def _planlib_modules() -> list[str]:
    """Every module of the installed package (``__main__`` would run the command line)."""
    return sorted(
        m.name for m in pkgutil.walk_packages(planlib.__path__, "planlib.") if m.name.rpartition(".")[2] != "__main__"
    )


@pytest.fixture(scope="module")
def defined_exceptions() -> dict[str, type[BaseException]]:
    """Every exception class defined in planlib, found by importing each module (not a hand-kept list)."""
    found: dict[str, type[BaseException]] = {}
    for name in _planlib_modules():
        module = importlib.import_module(name)
        for cls in vars(module).values():
            if inspect.isclass(cls) and issubclass(cls, BaseException) and cls.__module__ == name:
                found[f"{name}.{cls.__qualname__}"] = cls
    return found


def test_the_walk_finds_the_known_errors(defined_exceptions):
    """The walk sees the package (a walk that found nothing would make the next test vacuous)."""
    names = {cls.__name__ for cls in defined_exceptions.values()}
    assert {"PlanlibError", "InputError", "OutputError", "CalendarError", "BadValue", "RunError"} <= names
    assert {"UnitAccountsError", "DrawError"} <= names


def test_every_exception_planlib_defines_is_a_planlib_error(defined_exceptions):
    """Every error class subclasses PlanlibError. The only exception: a signal's stand-in
    (``app.dashboard.Terminated``) is a KeyboardInterrupt, not an error, and must not be caught
    by ``except PlanlibError``."""
    outside = [
        name
        for name, cls in defined_exceptions.items()
        if issubclass(cls, Exception) and not issubclass(cls, PlanlibError)
    ]
    assert outside == []
    not_errors = {name for name, cls in defined_exceptions.items() if not issubclass(cls, Exception)}
    assert not_errors == {"planlib.app.dashboard.Terminated"}
    assert issubclass(defined_exceptions["planlib.app.dashboard.Terminated"], KeyboardInterrupt)


@pytest.mark.parametrize(
    "error, builtin",
    [
        (CalendarError, ValueError),
        (EstimationError, ValueError),
        (ScenarioError, ValueError),
        (UnitAccountsError, ValueError),
        (DrawError, ValueError),
        (BadValue, ValueError),
        (RunError, RuntimeError),
    ],
)
def test_a_planlib_error_keeps_its_builtin_base(error, builtin):
    """Callers that caught the built-in base still do."""
    assert issubclass(error, PlanlibError)
    assert issubclass(error, builtin)


def test_capacity_allocation_without_unit_accounts_is_a_planlib_error(xicheng_plan):
    """The bundled plan has no 单位工作日, so capacity allocation cannot be made (issue 22)."""
    with pytest.raises(PlanlibError, match="单位工作日"):
        planlib.compute(xicheng_plan.with_changes(general_allocation="capacity"))


def test_a_core_error_is_caught_as_planlib_error():
    from planlib.core.calendar import year_calendar

    with pytest.raises(PlanlibError):
        year_calendar(1800, "formula")
