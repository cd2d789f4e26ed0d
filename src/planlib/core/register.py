"""The supervised-entity register (监管对象名录, docs/contract.md §5): key units, their assignment to
enforcement units, the 双随机 draw and the yearly frequency caps. Pure: no I/O.

Reproducibility. The draw uses :class:`random.Random` (Mersenne Twister) and **only** its
``random()`` method. Python's documentation ("Notes on Reproducibility") guarantees that
``random()`` keeps producing the same sequence for the same integer seed across Python
versions and platforms; ``sample``, ``shuffle``, ``choice`` and ``randrange`` carry no such
guarantee (their algorithms have changed before), and numpy's ``Generator`` methods may change
between numpy releases (NEP 19 fixes only the raw bit streams). So every choice here is made
from ``random()`` floats by rules written down in :data:`ALGORITHM`, which the draw record
quotes, and the frame is put in credit-code order first, so the row order of the register
file does not matter either.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from planlib.core.allocation import largest_remainder
from planlib.core.model import DEFAULT_KEY_RISK_LEVELS, Unit
from planlib.core.rules import ERROR, WARNING, Finding, finding
from planlib.errors import PlanlibError

INSPECTORS_PER_TARGET = 2
CREDIT_CODE_COLUMN = "统一社会信用代码"  # the register's column a check-character finding points at

ALGORITHM = (
    "Python random.Random(种子)（梅森旋转算法 MT19937），只使用 random() 方法（Python 文档保证其序列跨版本、"
    "跨平台不变）"
    "；"
    "抽取框（非重点单位）按统一社会信用代码排序后，依次为每家单位生成一个随机数；"
    "各行业领域应抽家数 = 抽取总数按框内家数比例用最大余数法分配（余数相同归行业领域名称在前者）；"
    "每个行业领域抽取随机数最小的应抽家数家；"
    "抽中单位依次再各生成一个随机数，按其从小到大排列后，按计划工作簿“执法人员”的单位顺序依次分给各执法单位（各单位家数为其一般检查家数）；"
    "执法人员：每个执法单位的名单按执法证号排序（共m人），每个检查对象依次取 i=⌊random()×m⌋、"
    "j=⌊random()×(m−1)⌋（j≥i 时 j+1）"
    "，"
    "即第i+1人与第j+1人，两人必不相同"
)


@dataclass(frozen=True, slots=True)
class Entity:
    """One row of the register; ``row`` is the row number as a spreadsheet shows it."""

    row: int
    name: str  # 单位名称
    code: str  # 统一社会信用代码
    sector: str  # 行业领域
    risk: str = ""  # 风险等级
    locality: str = ""  # 属地
    key_flag: bool | None = None  # 重点检查: True 是, False 否, None blank / no column
    unit: str = ""  # 负责执法单位
    reason: str = ""  # 重点原因


@dataclass(frozen=True)
class Officer:
    """One enforcement officer of the plan workbook's 执法人员名单."""

    name: str  # 姓名
    badge: str  # 执法证号
    unit: str  # 执法单位


@dataclass(frozen=True)
class Register:
    """A register as read: its entities in file order, and whether it has a 重点检查 column."""

    source: str
    sheet: str
    entities: tuple[Entity, ...]
    has_key_column: bool
    bad_check_rows: tuple[int, ...] = ()  # rows whose 18-character code fails the GB 32100 check
    bad_length_rows: tuple[int, ...] = ()  # rows whose code is not 18 characters (GB 32100-2015)
    same_name: tuple[tuple[str, tuple[int, ...]], ...] = ()  # a name under several codes, its rows

    def key_units(self, key_risk_levels: Iterable[str] = DEFAULT_KEY_RISK_LEVELS) -> list[Entity]:
        """§5: the rows flagged 重点检查 = 是; without that column, those whose 风险等级 is one of
        ``key_risk_levels``."""
        if self.has_key_column:
            return [e for e in self.entities if e.key_flag]
        levels = set(key_risk_levels)
        return [e for e in self.entities if e.risk in levels]


# --- GB 32100-2015: the check character of the unified social credit code -----------------------

CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, Z, S, V
_CODE_VALUE = {c: i for i, c in enumerate(CODE_CHARS)}
CODE_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (GB 32100-2015 §4.3): C18 = 31 − (Σ Ci·Wi mod 31),
    31 written as 0. Raises KeyError for a character outside the code's set."""
    total = sum(_CODE_VALUE[c] * w for c, w in zip(first17, CODE_WEIGHTS, strict=False))
    return CODE_CHARS[(31 - total % 31) % 31]


def code_check_ok(code: str) -> bool:
    """Whether an 18-character code's check character is right (False for a foreign character)."""
    try:
        return len(code) == 18 and check_character(code[:17]) == code[17]
    except KeyError:
        return False


# --- Key units and their enforcement units --------------------------------------------------------

ASSIGNED_BY_REGISTER, ASSIGNED_TO_TYPED_COUNT, ASSIGNED_BALANCED = "名录指定", "按填报家数补足", "按人均均衡分配"


@dataclass(frozen=True)
class KeyAssignment:
    """Which unit inspects which key unit, and how that was decided."""

    by_unit: dict[str, tuple[tuple[Entity, str], ...]]  # unit -> ((entity, how), …), in credit-code order
    unassigned: tuple[Entity, ...] = ()

    def count(self, unit: str) -> int:
        return len(self.by_unit.get(unit, ()))

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.by_unit.values())


def assign_key_units(keys: Sequence[Entity], units: Sequence[Unit]) -> KeyAssignment:
    """Every key unit to exactly one enforcement unit.

    A key unit with a 负责执法单位 goes to that unit (the caller has checked it names one). The
    rest, in credit-code order, go first to units whose typed 重点检查家数 exceeds the key units
    the register names for them, until it is met — among those, to the unit that already has the
    most key units of the same 行业领域, ties to the earlier unit in the workbook; then each to the
    unit (with officers) that has the fewest key units per officer so far, ties to the one with
    more of its 行业领域, then to the earlier unit. Without any unit with officers they stay
    unassigned (a finding).
    """
    by_unit: dict[str, list[tuple[Entity, str]]] = {u.name: [] for u in units}
    blank: list[Entity] = []
    for e in sorted(keys, key=lambda e: e.code):
        if e.unit:
            by_unit[e.unit].append((e, ASSIGNED_BY_REGISTER))
        else:
            blank.append(e)
    gaps = {u.name: max(0, u.key_inspections - len(by_unit[u.name])) for u in units}
    staffed = [u for u in units if u.staff > 0]
    left: list[Entity] = []

    def same_sector(unit: Unit, e: Entity) -> int:
        return sum(1 for other, _ in by_unit[unit.name] if other.sector == e.sector)

    for e in blank:
        open_units = [u for u in units if gaps[u.name] > 0]
        if not open_units:
            left.append(e)
            continue
        unit = max(open_units, key=lambda u: same_sector(u, e))  # max keeps the earliest tie
        gaps[unit.name] -= 1
        by_unit[unit.name].append((e, ASSIGNED_TO_TYPED_COUNT))
    unassigned: list[Entity] = []
    for e in left:
        if not staffed:
            unassigned.append(e)
            continue
        unit = min(staffed, key=lambda u: (Fraction(len(by_unit[u.name]), u.staff), -same_sector(u, e)))
        by_unit[unit.name].append((e, ASSIGNED_BALANCED))
    return KeyAssignment({k: tuple(sorted(v, key=lambda p: p[0].code)) for k, v in by_unit.items()}, tuple(unassigned))


# --- The 双随机 draw ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stratum:
    sector: str  # 行业领域
    frame: int  # entities in the frame
    quota: Fraction  # the exact proportional share of the sample
    drawn: int


@dataclass(frozen=True)
class Target:
    entity: Entity
    unit: str
    inspectors: tuple[Officer, ...] = ()


@dataclass(frozen=True)
class Draw:
    """A 双随机 draw and everything its record needs."""

    seed: int
    frame_size: int
    strata: tuple[Stratum, ...]
    targets: tuple[Target, ...]  # by unit (workbook order), then in dealing order
    unit_counts: tuple[tuple[str, int], ...]
    algorithm: str = ALGORITHM
    with_inspectors: bool = False

    def of_unit(self, unit: str) -> list[Target]:
        return [t for t in self.targets if t.unit == unit]


def _by_code(e: Entity) -> str:
    return e.code


class DrawError(PlanlibError, ValueError):
    """A draw that cannot be made as asked (too few entities, too few officers); message in Chinese."""

    roster = False  # the plan's 执法人员名单 is at fault, not the register


class RosterError(DrawError):
    """Too few officers of a unit on the plan workbook's 执法人员名单."""

    roster = True


def strata_sizes(frame: Sequence[Entity], n: int) -> list[Stratum]:
    """``n`` apportioned over the 行业领域 of ``frame`` in proportion (largest remainder), strata
    in name order so the result does not depend on the file's row order."""
    sizes: dict[str, int] = {}
    for e in frame:
        sizes[e.sector] = sizes.get(e.sector, 0) + 1
    sectors = sorted(sizes)
    shares = largest_remainder(n, [sizes[s] for s in sectors]) if sectors else []
    total = len(frame)
    return [Stratum(s, sizes[s], Fraction(n * sizes[s], total), k) for s, k in zip(sectors, shares, strict=True)]


def draw(
    frame: Sequence[Entity],
    unit_counts: Sequence[tuple[str, int]],
    seed: int,
    rosters: Mapping[str, Sequence[Officer]] | None = None,
) -> Draw:
    """Draw ``sum(counts)`` targets from ``frame`` (the non-key entities), stratified by 行业领域,
    and deal them to the units; two inspectors each from ``rosters`` when given. See ALGORITHM."""
    if seed < 0:
        raise DrawError(f"随机种子应为非负整数，实际为{seed}")
    n = sum(c for _, c in unit_counts)
    if n > len(frame):
        raise DrawError(f"一般检查{n}家，多于可抽取的非重点单位{len(frame)}家")
    rng = random.Random(seed)
    ordered = sorted(frame, key=_by_code)
    rand = rng.random
    by_sector: dict[str, list[tuple[float, int]]] = {}
    for i, e in enumerate(ordered):
        by_sector.setdefault(e.sector, []).append((rand(), i))  # i: the code order breaks (impossible) ties
    strata = strata_sizes(ordered, n)
    sample: list[Entity] = []
    for s in strata:
        if s.drawn:
            sample.extend(ordered[i] for _, i in heapq.nsmallest(s.drawn, by_sector[s.sector]))
    deal = sorted((rng.random(), e.code, e) for e in sample)
    targets: list[Target] = []
    position = 0
    for unit, count in unit_counts:
        for _, _, e in deal[position : position + count]:
            targets.append(Target(e, unit))
        position += count
    if rosters is not None:
        targets = _with_inspectors(targets, rosters, rng)
    return Draw(
        seed, len(frame), tuple(strata), tuple(targets), tuple(unit_counts), with_inspectors=rosters is not None
    )


def _with_inspectors(
    targets: list[Target], rosters: Mapping[str, Sequence[Officer]], rng: random.Random
) -> list[Target]:
    out = []
    sorted_rosters = {u: sorted(r, key=lambda o: (o.badge, o.name)) for u, r in rosters.items()}
    for t in targets:
        roster = sorted_rosters.get(t.unit, [])
        m = len(roster)
        if m < INSPECTORS_PER_TARGET:
            raise RosterError(
                f"执法单位“{t.unit}”在执法人员名单中只有{m}人，每个检查对象需要{INSPECTORS_PER_TARGET}名执法人员"
            )
        i = int(rng.random() * m)
        j = int(rng.random() * (m - 1))
        if j >= i:
            j += 1
        out.append(Target(t.entity, t.unit, (roster[i], roster[j])))
    return out


# --- Frequency caps (国办发〔2024〕54号) ------------------------------------------------------------


@dataclass(frozen=True)
class Cap:
    """At most ``limit`` inspections a year of an enterprise in ``sector`` and/or at ``risk``
    (a blank side matches all); ``where`` is the row it was read from."""

    sector: str
    risk: str
    limit: int
    where: str = ""

    def applies(self, e: Entity) -> bool:
        return (not self.sector or self.sector == e.sector) and (not self.risk or self.risk == e.risk)


@dataclass(frozen=True)
class PlannedVisits:
    """Inspections planned per entity in the year: each key unit ``key_visits`` times, each drawn
    target once."""

    keys: Sequence[Entity]
    drawn: Sequence[Entity] = ()
    key_visits: int = 1
    per_entity: Mapping[str, int] | None = None  # credit code -> visits (检查事项); overrides the above

    def items(self) -> Iterable[tuple[Entity, int]]:
        known = self.per_entity or {}
        for e in self.keys:
            yield e, known.get(e.code, self.key_visits)
        for e in self.drawn:
            yield e, known.get(e.code, 1)


def cap_findings(visits: PlannedVisits, caps: Sequence[Cap]) -> list[Finding]:
    """An error for each cap some entity's planned inspections would exceed (the tightest cap of
    an entity is the one it is reported under)."""
    if not caps:
        return []
    over: dict[Cap, list[Entity]] = {}
    for e, n in visits.items():
        applicable = [c for c in caps if c.applies(e)]
        if not applicable:
            continue
        tightest = min(applicable, key=lambda c: c.limit)
        if n > tightest.limit:
            over.setdefault(tightest, []).append(e)
    findings = []
    for cap, entities in over.items():
        findings.append(
            finding(
                "frequency_cap",
                ERROR,
                "frequency_cap",
                cap.where,
                sector=cap.sector,
                risk=cap.risk,
                limit=cap.limit,
                entities=tuple(entities),
            )
        )
    return findings


def register_findings(
    register: Register,
    keys: Sequence[Entity],
    assignment: KeyAssignment,
    drawn: Sequence[Entity] = (),
    caps: Sequence[Cap] = (),
    key_visits: int = 1,
    per_entity: Mapping[str, int] | None = None,
) -> list[Finding]:
    """What the register says about the plan: wrong check characters, unassigned key units, caps
    (as facts; :func:`planlib.text.findings.worded` words them)."""
    findings: list[Finding] = []
    if register.bad_check_rows:
        findings.append(
            finding(
                "credit_code",
                WARNING,
                "credit_code",
                f"{register.sheet}!{CREDIT_CODE_COLUMN}",
                rows=tuple(register.bad_check_rows),
            )
        )
    if register.bad_length_rows:
        findings.append(
            finding(
                "credit_code",
                WARNING,
                "credit_code_length",
                f"{register.sheet}!{CREDIT_CODE_COLUMN}",
                rows=tuple(register.bad_length_rows),
            )
        )
    if register.same_name:
        findings.append(
            finding("credit_code", WARNING, "same_name_codes", register.sheet, names=tuple(register.same_name))
        )
    if assignment.unassigned:
        findings.append(
            finding("key_assignment", ERROR, "key_unassigned", register.sheet, entities=tuple(assignment.unassigned))
        )
    findings += cap_findings(PlannedVisits(keys, drawn, key_visits, per_entity), caps)
    return findings
