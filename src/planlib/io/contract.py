"""The public JSON of ``planlib compute --json`` (docs/contract.md §3).

Scripts rely on its keys: extend, never rename. Shares are fractions rounded half up to four
places; the key and general shares are rounded together (largest remainder over 10 000
basis points) so that they always add up to exactly 1.
"""

from __future__ import annotations

from planlib.core.compute import CategoryResult, PlanResult
from planlib.core.items import ItemLine
from planlib.core.model import METHOD_NOT_COUNTED
from planlib.core.rules import Finding
from planlib.core.schedule import Schedule, plan_schedule
from planlib.core.shares import round_share, split_shares
from planlib.io.jsonvalue import json_number as json_number  # the contract's numbers; re-exported
from planlib.text.calendar import calendar_sentence
from planlib.text.report.summary import not_counted_text


def _item(i) -> dict:
    item = {"name": i.name, "workdays": i.workdays, "method": i.method, "exact": float(i.estimate.exact)}
    if i.method == METHOD_NOT_COUNTED:
        item["text"] = not_counted_text(i)
    if i.by_unit:
        item["units"] = [{"name": u, "workdays": w} for u, w in i.by_unit]
    return item


def _category(cat: CategoryResult) -> dict:
    out = {"total": cat.total, "items": [_item(i) for i in cat.items]}
    if cat.unit_rows:
        out["unit_totals"] = [{"name": u, "workdays": w} for u, w in cat.unit_rows]
    return out


def _unit(u) -> dict:
    return {
        "name": u.name,
        "staff": u.staff,
        "key": u.key,
        "general": u.general,
        "total": u.total,
        "total_workdays": u.total_workdays,
        "other_enforcement": u.other_enforcement,
        "non_enforcement": u.non_enforcement,
        "inspection_workdays": u.inspection_workdays,
    }


def schedule_contract(s: Schedule) -> dict:
    """``schedule``: month × unit (an extension of contract §3): each month's workdays (the
    weights), its key and general inspections by unit and in total; ``basis`` says whether the
    weights are the year's arrangement or Monday–Friday days."""
    return {
        "basis": s.basis,
        "key_by_month": s.key_by_month,
        "months": [
            {
                "month": m + 1,
                "workdays": s.weights[m],
                "key": sum(s.key[m]),
                "general": sum(s.general[m]),
                "total": s.month_total(m),
                "units": [
                    {"name": name, "key": s.key[m][u], "general": s.general[m][u]} for u, name in enumerate(s.units)
                ],
            }
            for m in range(12)
        ],
    }


def to_contract(result: PlanResult, findings: list[Finding], schedule: Schedule | None = None) -> dict:
    """The contract dict for a computed plan and its findings (and its monthly schedule)."""
    plan, cal = result.plan, result.calendar
    key_share, general_share = split_shares(result.key_inspections, result.general_inspections)
    return {
        "authority": plan.authority,
        "year": plan.year,
        "calendar": {
            "mode": cal.mode,
            "days": cal.days,
            "weeks": cal.weeks,
            "weekend_days": cal.weekend_days,
            "statutory_holidays": cal.statutory_holidays,
            "makeup_workdays": cal.makeup_workdays,
            "workdays_per_person": cal.workdays_per_person,
            "calendar_workdays": cal.computed_workdays,
            "sentence": calendar_sentence(cal),
            "months": None
            if cal.months is None
            else [{"month": m, "workdays": w} for m, w in enumerate(cal.months, 1)],
        },
        "headcount": plan.headcount,
        "enforcement_staff": result.enforcement_staff,
        "total_workdays": result.total_workdays,
        "other_enforcement": _category(result.other_enforcement),
        "non_enforcement": _category(result.non_enforcement),
        "inspection_workdays": {
            "total": result.inspection_workdays,
            "key": result.key_workdays,
            "general": result.general_workdays,
            "general_unused": json_number(result.general_workdays_unused),
        },
        "entity_base": plan.entity_base,
        "inspections": {
            "total": result.planned_inspections,
            "key": result.key_inspections,
            "general": result.general_inspections,
            "random_min": result.random_min,
            "key_source": result.key_source,
        },
        "days_per_inspection": {
            "key": json_number(plan.days_per_key_inspection),
            "general": json_number(plan.days_per_general_inspection),
        },
        "shares": {
            "enforcement_staff": round_share(result.staff_share),
            "plan_ratio": round_share(result.plan_ratio),
            "key": key_share,
            "general": general_share,
        },
        "general_allocation": plan.general_allocation,
        "units": [_unit(u) for u in result.units],
        "findings": [f.as_dict() for f in findings],
        "schedule": schedule_contract(schedule or plan_schedule(result)),
        "inspection_items": [item_contract(line) for line in result.item_lines],
    }


def item_contract(line: ItemLine) -> dict:
    """An entry of ``inspection_items`` (docs/contract.md §6): counts in 家, months in 家次."""
    item = line.item
    return {
        "name": item.name,
        "kind": item.kind,
        "sectors": list(item.sectors),
        "entities": line.entities,
        "key": line.key,
        "drawn": line.drawn,
        "ratio": round_share(line.ratio),
        "frequency": item.frequency,
        "cap": item.limit,
        "visits": line.visits,
        "months": [{"key": line.key_months[m], "general": line.general_months[m]} for m in range(12)],
        "units": list(line.units),
    }
