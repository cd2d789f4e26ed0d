"""One exception hierarchy: every error planlib raises on purpose is a PlanlibError, and keeps
the built-in base callers already catch (ValueError, RuntimeError)."""

from __future__ import annotations

import pytest

from planlib.app.run import RunError
from planlib.core.calendar import CalendarError
from planlib.core.estimation import EstimationError
from planlib.core.scenario import ScenarioError
from planlib.errors import InputError, OutputError, PlanlibError
from planlib.io.xlsxio import BadValue


@pytest.mark.parametrize(
    "error, builtin",
    [
        (CalendarError, ValueError),
        (EstimationError, ValueError),
        (ScenarioError, ValueError),
        (BadValue, ValueError),
        (RunError, RuntimeError),
        (InputError, Exception),
        (OutputError, Exception),
    ],
)
def test_every_planlib_error_has_one_base(error, builtin):
    assert issubclass(error, PlanlibError)
    assert issubclass(error, builtin)


def test_a_core_error_is_caught_as_planlib_error():
    from planlib.core.calendar import year_calendar

    with pytest.raises(PlanlibError):
        year_calendar(1800, "formula")
