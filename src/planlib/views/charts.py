"""The plan's charts, with Chinese labels drawn in a real CJK font.

Data preparation (``waterfall_steps``, ``category_bars``, ``unit_bars``, ``history_series``)
is pure and tested on its own; the drawing functions take a computed
:class:`~planlib.core.compute.PlanResult` (or a :class:`~planlib.core.model.Plan` for the history),
draw on ``ax`` when given, else on a new figure, and return the Axes (``history_figure``
returns the Figure). Only this module imports matplotlib: the command line's compute path
never pays for it.

Fonts: matplotlib (≥ 3.6) falls back glyph by glyph through ``font.family`` when it is a
list of concrete family names, so Latin text and digits stay in DejaVu Sans and Chinese
falls through to the first CJK font installed (Noto Sans CJK SC or WenQuanYi Micro Hei on
Linux, Microsoft YaHei on Windows, PingFang SC on a Mac). Families that are not installed
are left out of ``font.family``: matplotlib would log a warning for each on every draw.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import matplotlib
import matplotlib.text
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from planlib.core.compute import PlanResult
from planlib.core.history import plan_history
from planlib.core.model import CATEGORIES, NON_ENFORCEMENT, OTHER_ENFORCEMENT, Plan
from planlib.core.rules import shortfall
from planlib.core.schedule import BASIS_ARRANGEMENT, Schedule, plan_schedule
from planlib.io.files import write_whole
from planlib.io.names import CHART_STEMS, ITEM_CHART, PLAN_CHARTS, chart_file  # noqa: F401  (PLAN_CHARTS: app.package's)

LATIN_FAMILY = "DejaVu Sans"
CJK_FAMILIES = ("Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC")
FONT_FAMILIES = (LATIN_FAMILY, *CJK_FAMILIES)

# Font files to register when the font cache was built before the font was installed.
_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.fonts",
    "~/.local/share/fonts",
    "/System/Library/Fonts",
    "/Library/Fonts",
    "~/Library/Fonts",
    os.path.join(os.environ.get("WINDIR", "C:/Windows"), "Fonts"),
)
_FONT_FILES = (
    "NotoSansCJK*.ttc",
    "NotoSansCJK*.otf",
    "NotoSansSC*.otf",
    "NotoSansSC*.ttf",
    "wqy-microhei.ttc",
    "msyh.ttc",
    "msyh.ttf",
    "PingFang.ttc",
)

# A sober palette (colour-blind safe, prints in grey): totals, deductions, key, general.
TOTAL, DEDUCTION, RESULT = "#4C6A92", "#C8553D", "#2E8B57"
KEY, GENERAL = "#1F4E79", "#8FB8DE"
SHORTFALL = "#B71C1C"  # a negative amount: the plan cannot be carried out
CATEGORY_COLOURS = {OTHER_ENFORCEMENT: "#4C6A92", NON_ENFORCEMENT: "#B07D48"}
CATEGORY_TITLES = {OTHER_ENFORCEMENT: "其他执法工作日", NON_ENFORCEMENT: "非执法工作日"}
PALETTE = ("#1F4E79", "#C8553D", "#2E8B57", "#B07D48", "#7B5EA7", "#3A9AB2", "#D08C2C", "#6B6B6B", "#A23B72", "#5C8A3A")


# ---------------------------------------------------------------- fonts


def _installed_families() -> set[str]:
    return {f.name for f in font_manager.fontManager.ttflist}


def _register_cjk_files() -> None:
    """Add CJK font files the font cache does not know (installed after it was built)."""
    known = {os.path.realpath(f.fname) for f in font_manager.fontManager.ttflist}
    for folder in _FONT_DIRS:
        root = os.path.expanduser(folder)
        if not os.path.isdir(root):
            continue
        for pattern in _FONT_FILES:
            for path in glob.glob(os.path.join(root, "**", pattern), recursive=True):
                if os.path.realpath(path) not in known:
                    font_manager.fontManager.addfont(path)
                    known.add(os.path.realpath(path))


def use_chinese_fonts() -> str | None:
    """Make matplotlib draw Chinese; returns the CJK family used, or None if none is installed.

    Idempotent and cheap after the first call: font files are registered only when no CJK
    family is known yet.
    """
    if not set(CJK_FAMILIES) & _installed_families():
        _register_cjk_files()
    installed = _installed_families()
    families = [f for f in FONT_FAMILIES if f in installed]
    matplotlib.rcParams["font.family"] = families or ["sans-serif"]
    matplotlib.rcParams["font.sans-serif"] = [
        *FONT_FAMILIES,
        *[f for f in matplotlib.rcParams["font.sans-serif"] if f not in FONT_FAMILIES],
    ]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return next((f for f in CJK_FAMILIES if f in installed), None)


def cjk_font_path() -> Path | None:
    """The file of the CJK font Chinese text falls back to (None when there is none)."""
    family = use_chinese_fonts()
    if family is None:
        return None
    prop = font_manager.FontProperties(family=family)
    return Path(font_manager.findfont(prop, fallback_to_default=False))


def _style(ax: Axes) -> None:
    """The house style; also gives every text the CJK fallback list, so an ``ax`` created
    before :func:`use_chinese_fonts` (whose title and ticks kept the old font) draws Chinese."""
    families = matplotlib.rcParams["font.family"]
    for text in ax.findobj(matplotlib.text.Text):
        text.set_fontfamily(families)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)
    ax.set_axisbelow(True)


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    use_chinese_fonts()
    if ax is not None:
        return ax
    fig = Figure(figsize=size, dpi=100, layout="constrained")
    return fig.add_subplot()


def _plan_title(result: PlanResult, what: str) -> str:
    return f"{result.plan.year}年度{what}"


# ---------------------------------------------------------------- waterfall


class Step(NamedTuple):
    """One bar of the waterfall: it spans ``start`` to ``start + delta``."""

    label: str
    start: int
    delta: int


def waterfall_steps(result: PlanResult) -> list[Step]:
    """总法定工作日, minus each category, gives 监督检查工作日, split into key and general."""
    total, other, non = result.total_workdays, result.other_enforcement.total, result.non_enforcement.total
    return [
        Step("总法定工作日", 0, total),
        Step("其他执法工作日", total, -other),
        Step("非执法工作日", total - other, -non),
        Step("监督检查工作日", 0, result.inspection_workdays),
        Step("重点检查工作日", 0, result.key_workdays),
        Step("一般检查工作日", result.key_workdays, result.general_workdays),
    ]


def signed(value: int) -> str:
    """A figure as the charts print it: a negative one with a real minus sign (−531)."""
    return f"−{-value}" if value < 0 else str(value)


def _is_deduction(i: int, step: Step) -> bool:
    """Steps 1 and 2 take a category off the running total; the others are amounts."""
    return i in (1, 2)


def step_label(i: int, step: Step) -> str:
    """A bar's label: a deduction as −N, an amount as its signed value (so −531, never 531)."""
    if _is_deduction(i, step):
        return f"−{abs(step.delta)}" if step.delta else "0"
    return signed(step.delta)


def _step_colour(i: int, step: Step) -> str:
    if i == 0:
        return TOTAL
    if _is_deduction(i, step):
        return DEDUCTION
    if step.delta < 0:
        return SHORTFALL  # a negative amount: the plan cannot be carried out
    return {3: RESULT, 4: KEY, 5: GENERAL}.get(i, RESULT)


def waterfall_negative(result: PlanResult) -> bool:
    """Whether the chart shows an impossible plan: an amount bar (inspection, key or general
    workdays) below zero, or no inspection workdays at all."""
    return shortfall(result) is not None or any(
        s.delta < 0 for i, s in enumerate(waterfall_steps(result)) if not _is_deduction(i, s)
    )


def waterfall_title(result: PlanResult) -> str:
    title = _plan_title(result, "行政执法工作日测算")
    lack = shortfall(result)
    if lack:
        title += f"：计划无法完成，缺{lack}个工作日"
    elif lack is not None:
        title += "：没有可用于监督检查的工作日"
    return title


def waterfall(result: PlanResult, ax: Axes | None = None) -> Axes:
    """From total workdays through the deductions to inspection workdays (key + general).

    A negative amount (监督检查工作日 below zero, or key inspections needing more than
    there is, so 一般检查工作日 below zero) is drawn below its start, hatched, in
    :data:`SHORTFALL`, labelled with its minus sign under the bar; the axis then shows zero.
    """
    ax = _new_axes(ax, (9, 5))
    steps = waterfall_steps(result)
    labels = [s.label for s in steps]
    lows = [min(s.start, s.start + s.delta) for s in steps]
    heights = [abs(s.delta) for s in steps]
    colours = [_step_colour(i, s) for i, s in enumerate(steps)]
    x = range(len(steps))
    bars = ax.bar(x, heights, bottom=lows, color=colours, width=0.62, edgecolor="white")
    top = max([s.start + max(s.delta, 0) for s in steps] + [1])
    bottom = min(lows + [0])
    for i, s in enumerate(steps):
        below = s.delta < 0 and not _is_deduction(i, s)
        if below:
            bars[i].set_hatch("//")
            bars[i].set_edgecolor("#FFFFFF")
        ax.annotate(
            step_label(i, s),
            (i, lows[i] if below else lows[i] + heights[i]),
            xytext=(0, -4 if below else 4),
            textcoords="offset points",
            ha="center",
            va="top" if below else "bottom",
            fontsize=10,
            color=SHORTFALL if below else "black",
        )
    for i in (0, 1, 2):  # connectors between the running totals
        level = steps[i].start + steps[i].delta
        ax.plot([i + 0.31, i + 0.69], [level, level], color="#888888", lw=0.8)
    ax.axvline(3.5, color="#BBBBBB", lw=0.8, ls=":")
    ax.set_xticks(list(x), labels, fontsize=10)
    if bottom < 0:
        ax.axhline(0, color="#333333", lw=1)
        span = top - bottom
        ax.set_ylim(bottom - span * 0.1, top + span * 0.1)
    else:
        ax.set_ylim(0, top * 1.1)
    ax.set_ylabel("工作日（个）")
    ax.yaxis.grid(True, color="#E5E5E5")
    title = ax.set_title(waterfall_title(result), fontsize=13, loc="left")
    if shortfall(result) is not None:
        title.set_color(SHORTFALL)
    _style(ax)
    return ax


# ---------------------------------------------------------------- items of a category


class Bar(NamedTuple):
    label: str
    value: int
    note: str  # the estimation method


def category_bars(result: PlanResult, category: str) -> list[Bar]:
    """The items of ``category`` (其他执法 or 非执法), in the workbook's order."""
    cats = {OTHER_ENFORCEMENT: result.other_enforcement, NON_ENFORCEMENT: result.non_enforcement}
    if category not in cats:
        raise ValueError(f"类别应为{'或'.join(CATEGORIES)}，而不是“{category}”")
    return [Bar(i.name, i.workdays, i.method) for i in cats[category].items]


def _wrap(text: str, width: int = 14) -> str:
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


def category_items(result: PlanResult, category: str, ax: Axes | None = None) -> Axes:
    """Horizontal bars of one category's items, labelled with workdays and method."""
    bars = category_bars(result, category)
    ax = _new_axes(ax, (9, 0.55 * len(bars) + 1.6))
    y = list(range(len(bars)))
    values = [b.value for b in bars]
    ax.barh(y, values, color=CATEGORY_COLOURS.get(category, TOTAL), height=0.6)
    for i, b in enumerate(bars):
        ax.annotate(
            f"{b.value}（{b.note}）",
            (max(b.value, 0), i),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
        )
    ax.set_yticks(y, [_wrap(b.label) for b in bars], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, max(values + [1]) * 1.28)
    ax.set_xlabel("工作日（个）")
    ax.xaxis.grid(True, color="#E5E5E5")
    total = sum(values)
    ax.set_title(
        _plan_title(result, f"{CATEGORY_TITLES.get(category, category)}：合计{total}个"), fontsize=13, loc="left"
    )
    _style(ax)
    return ax


# ---------------------------------------------------------------- units


class UnitBar(NamedTuple):
    label: str
    key: int
    general: int


def unit_bars(result: PlanResult) -> list[UnitBar]:
    return [UnitBar(u.name, u.key, u.general) for u in result.units]


def units_stacked(result: PlanResult, ax: Axes | None = None) -> Axes:
    """Inspections by unit, key and general stacked."""
    bars = unit_bars(result)
    ax = _new_axes(ax, (9, 0.6 * len(bars) + 1.8))
    y = list(range(len(bars)))
    keys = [b.key for b in bars]
    generals = [b.general for b in bars]
    ax.barh(y, keys, color=KEY, height=0.6, label=f"重点检查（{result.key_inspections}家）")
    ax.barh(y, generals, left=keys, color=GENERAL, height=0.6, label=f"一般检查（{result.general_inspections}家）")
    for i, b in enumerate(bars):
        if b.key:
            ax.text(b.key / 2, i, str(b.key), ha="center", va="center", color="white", fontsize=9)
        if b.general:
            ax.text(b.key + b.general / 2, i, str(b.general), ha="center", va="center", fontsize=9)
        ax.annotate(
            f"{b.key + b.general}家",
            (b.key + b.general, i),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
        )
    ax.set_yticks(y, [b.label for b in bars], fontsize=10)
    ax.invert_yaxis()
    ax.set_xlim(0, max([b.key + b.general for b in bars] + [1]) * 1.18)
    ax.set_xlabel("检查家数")
    ax.xaxis.grid(True, color="#E5E5E5")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=9)
    ax.set_title(_plan_title(result, f"监督检查安排：计划检查{result.planned_inspections}家"), fontsize=13, loc="left")
    _style(ax)
    return ax


# ---------------------------------------------------------------- the monthly schedule


def schedule_bars(result: PlanResult, ax: Axes | None = None, schedule: Schedule | None = None) -> Axes:
    """Key and general inspections per month, stacked, with each month's workdays beneath its label."""
    s = schedule or plan_schedule(result)
    ax = _new_axes(ax, (10, 4.2))
    x = list(range(12))
    keys = [sum(row) for row in s.key]
    generals = [sum(row) for row in s.general]
    ax.bar(x, keys, color=KEY, width=0.7, label=f"重点检查（{sum(keys)}家）")
    ax.bar(x, generals, bottom=keys, color=GENERAL, width=0.7, label=f"一般检查（{sum(generals)}家）")
    for m in x:
        ax.annotate(
            str(keys[m] + generals[m]),
            (m, keys[m] + generals[m]),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize=9,
        )
    ax.set_xticks(x, [f"{m + 1}月\n{s.weights[m]}天" for m in x], fontsize=9)
    ax.set_ylim(0, max([k + g for k, g in zip(keys, generals, strict=True)] + [1]) * 1.15)
    ax.set_ylabel("检查家数")
    ax.yaxis.grid(True, color="#E5E5E5")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=9)
    basis = "各月工作日" if s.basis == BASIS_ARRANGEMENT else "各月周一至周五天数"
    ax.set_title(_plan_title(result, f"月度检查安排（按{basis}分配）"), fontsize=13, loc="left")
    _style(ax)
    return ax


def item_bars(result: PlanResult, ax: Axes | None = None) -> Axes:
    """Visits (家次) by 检查事项 and month, stacked by item (docs/contract.md §6); a panel saying
    why when the plan has no items (no sheet 检查事项, or no register)."""
    lines = result.item_lines
    ax = _new_axes(ax, (10, 4.6))
    if not lines:
        _no_data(ax, "无检查事项：需要“检查事项”表和监管对象名录")
        return ax
    x = list(range(12))
    bottom = [0] * 12
    colours = matplotlib.colormaps["tab10"]
    for n, line in enumerate(lines):
        values = [line.month(m) for m in x]
        ax.bar(
            x, values, bottom=bottom, width=0.7, color=colours(n % 10), label=f"{line.item.name}（{line.visits}家次）"
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    for m in x:
        ax.annotate(str(bottom[m]), (m, bottom[m]), xytext=(0, 3), textcoords="offset points", ha="center", fontsize=9)
    ax.set_xticks(x, [f"{m + 1}月" for m in x], fontsize=9)
    ax.set_ylim(0, max(bottom + [1]) * 1.15)
    ax.set_ylabel("检查家次")
    ax.yaxis.grid(True, color="#E5E5E5")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    ax.set_title(_plan_title(result, "检查事项月度安排"), fontsize=13, loc="left")
    _style(ax)
    return ax


# ---------------------------------------------------------------- history


class Series(NamedTuple):
    label: str
    points: tuple[tuple[int, float], ...]  # (year, actual workdays) of the history years
    estimate: tuple[int, int] | None  # (plan year, estimated workdays)
    flagged: bool


def history_series(plan: Plan, category: str | None = None) -> list[Series]:
    """Each item's actual workdays by year and its plan-year estimate (items without history left out)."""
    series = []
    for h in plan_history(plan):
        if category is not None and h.category != category:
            continue
        points = tuple((y, float(v)) for y, v in zip(h.years, h.values, strict=True) if v is not None)
        if not points:
            continue
        est = (plan.year, h.estimate.workdays) if h.estimate else None
        series.append(Series(h.name, points, est, h.flagged))
    return series


def history_lines(plan: Plan, ax: Axes | None = None, category: str | None = None) -> Axes:
    """Actual workdays of the three previous years (solid) and the plan-year estimate (dashed)."""
    series = history_series(plan, category)
    ax = _new_axes(ax, (9, 5))
    what = CATEGORY_TITLES.get(category, "各项工作日") if category else "各项工作日"
    if not series:  # no axes to read: say so instead of drawing empty ones
        _no_data(ax, f"{what}：无历史数据")
        return ax
    for n, s in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        years = [y for y, _ in s.points]
        values = [v for _, v in s.points]
        label = _wrap(s.label, 18) + ("（偏离）" if s.flagged else "")
        ax.plot(years, values, marker="o", ms=4, color=colour, lw=1.6, label=label)
        if s.estimate:
            ax.plot([years[-1], s.estimate[0]], [values[-1], s.estimate[1]], color=colour, lw=1.2, ls="--")
            ax.plot([s.estimate[0]], [s.estimate[1]], marker="o", ms=5, mfc="white", color=colour)
    years = sorted({y for s in series for y, _ in s.points} | {plan.year})
    ax.set_xticks(years, [f"{y}年" + ("（测算）" if y == plan.year else "") for y in years])
    ax.set_ylabel("工作日（个）")
    ax.set_ylim(bottom=0)
    ax.yaxis.grid(True, color="#E5E5E5")
    ax.set_title(f"{what}：近三年实际与{plan.year}年测算", fontsize=12, loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    _style(ax)
    return ax


def _no_data(ax: Axes, text: str) -> None:
    """A panel that says why there is nothing to draw, instead of empty axes."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=14, color="#666666")
    _style(ax)


def history_figure(plan: Plan) -> Figure:
    """The history of both categories, one panel each."""
    use_chinese_fonts()
    if not history_series(plan):  # one message, not two empty panels
        fig = Figure(figsize=(11, 3), dpi=100, layout="constrained")
        _no_data(fig.add_subplot(), "无历史数据：“历史数据”表没有近三年的实际工作日")
        fig.suptitle(f"{plan.authority} 近三年工作日历史", fontsize=13)
        return fig
    fig = Figure(figsize=(11, 10), dpi=100, layout="constrained")
    top, bottom = fig.subplots(2, 1)
    history_lines(plan, top, OTHER_ENFORCEMENT)
    history_lines(plan, bottom, NON_ENFORCEMENT)
    fig.suptitle(f"{plan.authority} 近三年工作日历史", fontsize=13)
    return fig


# ---------------------------------------------------------------- files


# File stem → how to draw it; the history chart needs only the plan.
def _figure(ax: Axes) -> Figure:
    fig = ax.figure
    if not isinstance(fig, Figure):
        raise TypeError("axes drawn outside a figure")
    return fig


CHARTS: dict[str, Callable[[PlanResult], Figure]] = {
    "waterfall": lambda r: _figure(waterfall(r)),
    "other_enforcement": lambda r: _figure(category_items(r, OTHER_ENFORCEMENT)),
    "non_enforcement": lambda r: _figure(category_items(r, NON_ENFORCEMENT)),
    "units": lambda r: _figure(units_stacked(r)),
    "schedule": lambda r: _figure(schedule_bars(r)),
    "history": lambda r: history_figure(r.plan),
}
CHART_FILES = CHART_STEMS  # the stems CHARTS draws, in planlib.io.names (test_charts holds them equal)
# Drawn only when there is something to show, so not among a run's fixed files: the plan by 检查事项.
OPTIONAL_CHARTS: dict[str, Callable[[PlanResult], Figure]] = {ITEM_CHART: lambda r: _figure(item_bars(r))}


def save_png(fig: Figure, path: str | os.PathLike, dpi: int = 150) -> Path:
    """Write a figure as PNG, whole or not at all, with no timestamped metadata (same plan, same bytes)."""
    return write_whole(path, lambda tmp: fig.savefig(tmp, format="png", dpi=dpi, metadata={"Software": None}))


def png_bytes(fig: Figure, dpi: int = 150) -> bytes:
    """The figure as :func:`save_png` writes it, in memory (a worker process sends it back)."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def save_chart(result: PlanResult, stem: str, out_dir: str | os.PathLike, dpi: int = 150) -> Path:
    """Draw chart ``stem`` (see :data:`CHARTS`) and save it as ``chart_<stem>.png``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    draw = CHARTS.get(stem) or OPTIONAL_CHARTS[stem]
    return save_png(draw(result), out / chart_file(stem), dpi)


def save_charts(result: PlanResult, out_dir: str | Path, stems=CHART_FILES, dpi: int = 150) -> list[Path]:
    """Write the charts as ``chart_<stem>.png`` into ``out_dir``, each whole; returns the paths."""
    return [save_chart(result, stem, out_dir, dpi) for stem in stems]


def chart(result: PlanResult, stem: str, out_dir: str | os.PathLike, dpi: int = 150):
    """Save chart ``stem`` and return the PNG for a notebook to display: drawn once for both."""
    from IPython.display import Image

    png = save_chart(result, stem, out_dir, dpi).read_bytes()  # read once: shown and measured
    width = int.from_bytes(png[16:20], "big")  # the PNG header's pixel width
    return Image(data=png, format="png", width=width * 100 // dpi)  # shown at the figure's size


# ---------------------------------------------------------------- sensitivity (tornado)


def tornado(rows, ax: Axes | None = None) -> Axes:
    """Planned inspections with each input at −10% and +10%, widest swing on top.

    ``rows`` are :class:`planlib.core.scenario.SensitivityRow` (anything with ``name``, ``base``,
    ``low`` and ``high``); their computation lives in ``planlib.core.scenario.sensitivity``.
    """
    rows = list(rows)
    ax = _new_axes(ax, (9, 0.42 * len(rows) + 1.6))
    base = rows[0].base if rows else 0
    y = list(range(len(rows)))
    ax.barh(y, [r.low - base for r in rows], left=base, color=DEDUCTION, height=0.6, label="输入−10%")
    ax.barh(y, [r.high - base for r in rows], left=base, color=KEY, height=0.6, label="输入+10%")
    ax.axvline(base, color="#444444", lw=1)
    tornado_labels(ax, rows, base)
    ax.set_yticks(y, tornado_names(rows), fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(base - tornado_span(rows) * 1.3, base + tornado_span(rows) * 1.3)
    ax.set_xlabel("计划检查（家）")
    ax.xaxis.grid(True, color="#E5E5E5")
    ax.legend(loc="lower right", frameon=False, fontsize=9)
    ax.set_title(tornado_title(base), fontsize=12, loc="left")
    _style(ax)
    return ax


def tornado_names(rows) -> list[str]:
    """The tornado's row labels (its y tick labels), top to bottom."""
    return [_wrap(r.name, 18) for r in rows]


def tornado_span(rows) -> int:
    """The widest swing from the base, at least 1 (the x axis shows 1.3 times it either side)."""
    base = rows[0].base if rows else 0
    return int(max([abs(v - base) for r in rows for v in (r.low, r.high)] + [1]))


def tornado_title(base: int) -> str:
    return f"敏感性分析：各输入±10%时的计划检查家数（基准{base}家）"


def tornado_labels(ax: Axes, rows, base: int) -> list:
    """The value at the end of each bar that leaves the base."""
    labels = []
    for i, r in enumerate(rows):
        for value in sorted({r.low, r.high} - {base}):
            right = value > base
            labels.append(
                ax.annotate(
                    str(value),
                    (value, i),
                    xytext=(4 if right else -4, 0),
                    textcoords="offset points",
                    ha="left" if right else "right",
                    va="center",
                    fontsize=8,
                    fontfamily=matplotlib.rcParams["font.family"],
                )
            )
    return labels
