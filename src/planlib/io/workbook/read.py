"""Reading a whole input workbook into a :class:`~planlib.core.model.Plan`, and computing it with
errors named at the workbook's cells.
"""

from __future__ import annotations

import dataclasses
import os

from planlib.core.calendar import ArrangementOutsideYear, CalendarError, UnknownArrangement
from planlib.core.compute import PlanResult, UnitAccountsError, compute
from planlib.core.estimation import EstimationError
from planlib.core.model import HISTORY_METHODS, Number, Plan, history_cell, sheet_cell, staff_history_cell
from planlib.core.rules import Finding
from planlib.errors import InputError
from planlib.io.items import read_inspection_items, read_upper_list
from planlib.io.prose import read_key_categories, read_prose
from planlib.io.workbook.contract import SHEET_ARRANGEMENT, SHEET_HISTORY, SHEET_SETTINGS
from planlib.io.workbook.extensions import read_arrangement, read_unit_workdays
from planlib.io.workbook.history import check_history, history_values, read_history
from planlib.io.workbook.settings import read_settings
from planlib.io.workbook.units import read_items, read_units
from planlib.io.workbook.values import DAYS_VALUE, PERSONS_VALUE
from planlib.io.xlsxio import Book, name_key, open_book
from planlib.text.document import document_findings
from planlib.text.findings import check


def load_plan(path: str | os.PathLike | Book) -> Plan:
    """Read an input workbook (docs/contract.md §1) into a Plan; any problem is an InputError.

    ``path`` may also be a workbook already opened with :func:`~planlib.io.xlsxio.open_book`, so a
    caller that reads another sheet of the same file too (the audit's 填报核对) parses it once.
    """
    book = path if isinstance(path, Book) else open_book(path)
    settings, cells = read_settings(book)
    units, unit_cells = read_units(book)
    key_categories, units = read_key_categories(book, units, unit_cells)
    prose = read_prose(book)
    items, item_cells = read_items(book)
    history = read_history(book)
    staff: dict[int, int] = {}
    if history.staff_row is not None:
        staff, staff_where = history_values(history, history.staff_row, PERSONS_VALUE)
        cells.update({staff_history_cell(y): w for y, w in staff_where.items()})
    with_history = []
    for item, method_cell in items:
        row = history.rows.get((item.category, name_key(item.name)))
        values: dict[int, Number] = {}
        where: dict[int, str] = {}
        if row:
            values, where = history_values(history, row, DAYS_VALUE)
        item = dataclasses.replace(item, history=values)
        cells.update({history_cell(item.category, item.name, y): w for y, w in where.items()})
        if item.method in HISTORY_METHODS:
            check_history(book, history, item, method_cell, settings["year"], staff)
        with_history.append(item)
    cells.update(unit_cells)
    cells.update(item_cells)
    unit_workdays, with_history = read_unit_workdays(book, units, with_history, cells)
    holidays = read_arrangement(book, settings["year"], cells)
    inspection_items, upper_list = read_inspection_items(book, cells), read_upper_list(book, cells)  # §6
    return Plan(
        inspection_items=inspection_items,
        upper_list=upper_list,
        units=units,
        items=tuple(with_history),
        unit_workdays=unit_workdays,
        holidays=holidays,
        staff_history=staff,
        prose=prose,
        key_categories=key_categories,
        source=book.path,
        cells=cells,
        notes=tuple(book.notes),
        **settings,
    )


def compute_workbook(path: str | os.PathLike | Book, mode: str | None = None) -> tuple[PlanResult, list[Finding]]:
    """Load, compute and check a workbook (a path or an opened Book), the way every command and
    notebook starts.

    A year the calendar cannot answer for or a history the method cannot use also ends as
    an :class:`InputError` naming the file and sheet, so callers need catch only that.
    """
    result = compute_plan(load_plan(path), mode)
    return result, check(result) + document_findings(result)


def compute_plan(plan: Plan, mode: str | None = None) -> PlanResult:
    """Compute a plan read from a workbook; what the calendar or the history cannot answer is an
    InputError naming the workbook's sheet."""
    try:
        return compute(plan, mode)
    except ArrangementOutsideYear as e:
        where = plan.where(sheet_cell(SHEET_ARRANGEMENT))
        sheet, _, cell = where.rpartition("!")
        raise InputError(plan.source, str(e), sheet or SHEET_ARRANGEMENT, cell) from None
    except UnknownArrangement as e:  # the way out is the 放假安排 sheet, offered at the mode's cell
        where = plan.where("workday_mode") or plan.where("year")
        raise InputError(plan.source, str(e), SHEET_SETTINGS, where.rpartition("!")[2]) from None
    except CalendarError as e:
        raise InputError(plan.source, str(e), SHEET_SETTINGS, plan.where("year").rpartition("!")[2]) from None
    except UnitAccountsError as e:
        where = plan.where("general_allocation")
        raise InputError(plan.source, str(e), SHEET_SETTINGS, where.rpartition("!")[2]) from None
    except EstimationError as e:
        raise InputError(plan.source, str(e), SHEET_HISTORY) from None
