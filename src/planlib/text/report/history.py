"""The history worded: each estimate's derivation, the history tables (officers per year, each
item's years) and their flags."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from planlib.core.estimation import Estimate
from planlib.core.history import ItemHistory, flagged, staff_series
from planlib.core.model import METHOD_LAST_YEAR, METHOD_MEAN, METHOD_PER_OFFICER, METHOD_REPORTED, Plan
from planlib.text.numbers import number, pct_trimmed, share_text
from planlib.text.report.table import DAYS, INT, NUMBER, PERCENT, Column, Table


def approx(value: Fraction | int, places: int = 2) -> str:
    """``=x`` when ``number`` shows the value exactly, else ``≈x``."""
    shown = number(value, places)
    return ("=" if Fraction(shown) == Fraction(value) else "≈") + shown


def derive(est: Estimate, staff: int) -> str:
    """The estimate's derivation in the plan's arithmetic, e.g. ``(150+160+170)÷3=160，取160个工作日``."""
    rounded = f"，取{est.workdays}个工作日"
    if est.exact != est.workdays:
        rounded = f"，四舍五入取{est.workdays}个工作日"
    if est.method == METHOD_REPORTED:
        return f"各执法单位填报{number(est.exact)}个工作日{rounded}"
    if est.method == METHOD_LAST_YEAR:
        ((year, value),) = est.basis
        return f"{year}年实际{number(value)}个工作日{rounded}"
    if est.method == METHOD_MEAN:
        terms = "+".join(number(v) for _, v in est.basis)
        return f"三年平均=({terms})÷{len(est.basis)}{approx(est.exact)}{rounded}"
    if est.method == METHOD_PER_OFFICER and est.mean is not None:
        pairs = zip(est.basis, est.per_officer, strict=True)
        rates = "+".join(f"{number(v)}÷{number(v / r)}" for (_, v), (_, r) in pairs)
        return (
            f"三年人均=({rates})÷{len(est.per_officer)}{approx(est.mean)}个工作日/人，"
            f"×{staff}人{approx(est.exact)}{rounded}"
        )
    return f"按{est.method}测算{number(est.exact)}{rounded}"


def derivation(h: ItemHistory) -> str:
    """How an item's estimate was derived, one sentence; why there is none, if there is none."""
    return derive(h.estimate, h.officers) if h.estimate else h.problem


NO_HISTORY = "无历史数据"


def has_history(histories: Iterable[ItemHistory]) -> bool:
    """Whether any item has an actual workday figure of a history year."""
    return any(v is not None for h in histories for v in h.values)


def staff_table(plan: Plan) -> Table:
    """Enforcement officers in the three history years and the plan year (:func:`planlib.core.history.staff_series`);
    with no officers given for any history year, only the plan year, and the title says so."""
    series = staff_series(plan)
    title = "近三年及计划年度执法人员数"
    if all(staff is None for y, staff in series if y != plan.year):
        series = tuple((y, staff) for y, staff in series if y == plan.year)
        title += f"：{NO_HISTORY}"
    rows = tuple((f"{y}年", staff) for y, staff in series)
    return Table("执法人员", title, (Column("年度"), Column("执法人员数", INT)), rows)


def history_table(histories: Sequence[ItemHistory]) -> Table:
    """The three years behind each estimate (:func:`planlib.core.history.plan_history`).
    Without any history, the year and comparison columns (all blank) are left out and the
    title says 无历史数据: each row still shows how its item was estimated."""
    if not has_history(histories):
        return Table(
            "三年历史",
            f"近三年历史数据与测算过程：{NO_HISTORY}",
            (Column("类别"), Column("项目"), Column("测算方法"), Column("测算工作日", INT), Column("测算过程")),
            tuple(
                (h.category, h.name, h.method, h.estimate.workdays if h.estimate else None, derivation(h))
                for h in histories
            ),
        )
    years = histories[0].years if histories else ()
    columns = (
        Column("类别"),
        Column("项目"),
        Column("测算方法"),
        *[Column(f"{y}年", DAYS) for y in years],
        *[Column(f"{y}年人均", NUMBER) for y in years],
        Column("比较口径"),
        Column("三年平均", NUMBER),
        Column("最近一年偏离", PERCENT),
        Column("测算工作日", INT),
        Column("测算过程"),
        Column("提示"),
    )
    rows = []
    for h in histories:
        flag = "偏离超过阈值，请核实" if h.flagged else ""
        rows.append(
            (
                h.category,
                h.name,
                h.method,
                *h.values,
                *h.per_officer,
                h.basis,
                h.mean,
                h.departure,
                h.estimate.workdays if h.estimate else None,
                derivation(h),
                flag,
            )
        )
    return Table("三年历史", "近三年历史数据与测算过程", columns, tuple(rows))


def format_history_flags(histories: Sequence[ItemHistory], threshold: Fraction) -> list[str]:
    """The items whose latest year departs from the three-year mean by more than ``threshold``."""
    if not has_history(histories):
        return [f"{NO_HISTORY}：未比较最近一年与三年平均"]
    shown = flagged(histories)
    head = f"最近一年偏离三年平均超过{pct_trimmed(Fraction(threshold))}的项目："
    if not shown:
        return [head + "无"]
    lines = [head + f"{len(shown)}项，请核实"]
    for h in shown:
        change = "—" if h.departure is None else ("+" if h.departure > 0 else "") + share_text(h.departure)
        lines.append(
            f"  {h.category}“{h.name}”（{h.method}）：{h.years[-1]}年{h.basis}{number(h.latest)}，"
            f"三年平均{number(h.mean)}，偏离{change}"
        )
    return lines
