"""The arithmetic of a plan's printed formulas and of the method's relations: evaluation with
products before sums, a result that holds to the places printed, and solving a relation for
any one of its figures (a derived vote)."""

from __future__ import annotations

from fractions import Fraction

from planlib.audit import plantext as pt
from planlib.audit.result import show, within_precision


def evaluate(values: list[Fraction], ops: str) -> Fraction | None:
    """``values`` joined by ``ops`` (- + × ÷), products before sums; None on division by zero."""
    terms = [Fraction(values[0])]
    for op, v in zip(ops, values[1:], strict=False):
        if op == "×":
            terms[-1] *= v
        elif op == "÷":
            if v == 0:
                return None
            terms[-1] /= v
        else:
            terms.append(Fraction(v) if op == "+" else -Fraction(v))
    return sum(terms, Fraction(0))


def holds(result: pt.Printed, computed: Fraction, ops: str) -> bool:
    if result.places:  # a percentage or a decimal: to the places printed
        return within_precision(result.value, computed, result.places)
    if "÷" in ops:  # a whole count from a division: rounded either way
        return abs(computed - result.value) < 1
    return computed == result.value


def expression_text(values: list, ops: str) -> str:
    return pt.join_terms([show(v) for v in values], ops)


def solve(relation: pt.Relation, values: dict[str, Fraction], target: str) -> tuple[Fraction, str] | None:
    """``target``'s value from the relation's other figures, with the arithmetic shown."""
    concepts = (relation.result, *relation.operands)
    if target not in concepts or any(values.get(c) is None for c in concepts if c != target):
        return None
    ops = relation.ops
    if set(ops) <= {"+", "-"}:
        signs = [1] + [1 if op == "+" else -1 for op in ops]
        operands = [values.get(c, Fraction(0)) for c in relation.operands]  # every one present but the target
        if target == relation.result:
            total = evaluate(operands, ops)
            return None if total is None else (total, expression_text(operands, ops))
        i = relation.operands.index(target)
        rest = [(s, v) for j, (s, v) in enumerate(zip(signs, operands, strict=False)) if j != i]
        result = values[relation.result]
        if signs[i] == 1:
            value = result - sum(s * v for s, v in rest)
            text = show(result) + "".join(("-" if s == 1 else "+") + show(v) for s, v in rest)
        else:
            value = sum(s * v for s, v in rest) - result
            text = (
                show(rest[0][1]) + "".join(("+" if s == 1 else "-") + show(v) for s, v in rest[1:]) + "-" + show(result)
            )
        return value, text
    if ops == "×":
        a, b = (values.get(c, Fraction(0)) for c in relation.operands)
        if target == relation.result:
            return a * b, f"{show(a)}×{show(b)}"
        other = b if target == relation.operands[0] else a
        if not other:
            return None
        value = Fraction(values[relation.result]) / other
        return (value, f"{show(values[relation.result])}÷{show(other)}") if value.denominator == 1 else None
    return None
