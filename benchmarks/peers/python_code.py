"""Two contenders in plain Python: a generic table interpreter, and straight if/else code for these very rules.

``table_interpreter`` walks the rule table with a fixed-point loop, testing each condition through the operator table
(:func:`decision.condition_held`): what a rules engine written in Python would do.

``hand_written_python`` is the code a programmer would write for these rules by hand: one ``if`` per rule with the
comparisons inlined, derivations first.  To keep it in step with the rules it is *generated* from them as Python
source text and compiled once; no interpreter loop or operator table is involved at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from kemitraan_rules.rules import Condition, RuleSpec

from .decision import Decision, condition_held


def table_interpreter(decision: Decision) -> Callable[[int], frozenset[str]]:
    rules = sorted(decision.rules, key=lambda r: r.id)  # table order, not derivation order: the loop must iterate

    def evaluate(index: int) -> frozenset[str]:
        facts = dict(decision.facts[index])
        fired: set[str] = set()
        while True:
            new = False
            for rule in rules:
                if rule.id in fired or not all(condition_held(c.op, c.field, c.operand, facts) for c in rule.conditions):
                    continue
                fired.add(rule.id)
                for conclusion in rule.conclusions:
                    if conclusion.kind == "derive" and f"derived.{conclusion.target}" not in facts:
                        facts[f"derived.{conclusion.target}"] = conclusion.value
                        new = True
            if not new:
                return frozenset(fired)

    return evaluate


def _test(condition: Condition) -> str:
    """One condition as an inline Python expression on ``f`` (the facts) and ``u`` (the unknown fields)."""
    field, op, x = condition.field, condition.op, condition.operand
    get = f"f.get({field!r})"
    if op == "exists":
        return f"{field!r} in f"
    if op == "missing":
        return f"{field!r} in u"
    if op in ("eq", "ne"):
        if isinstance(x, bool):
            test = f"{get} is {x!r}"
        elif isinstance(x, str):
            test = f"{get} == {x!r}"
        else:
            test = f"(type({get}) in (int, float) and {get} == {x!r})"
        return test if op == "eq" else f"({field!r} in f and not {test})"
    if op in ("in", "not_in"):
        if not all(isinstance(item, str) for item in x):
            raise NotImplementedError(f"{op} on non-text operands")
        test = f"{get} in {frozenset(x)!r}"
        return test if op == "in" else f"({field!r} in f and not {test})"
    if op in ("gt", "gte", "lt", "lte"):
        symbol = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[op]
        return f"(type({get}) in (int, float) and {get} {symbol} {x!r})"
    if op == "contains":
        return f"{x!r} in f.get({field!r}, ())"
    if op == "contains_any":
        return f"not {frozenset(x)!r}.isdisjoint(f.get({field!r}, ()))"
    if op == "contains_all":
        return f"{frozenset(x)!r}.issubset(f.get({field!r}, ()))"
    if op == "contains_none":
        return f"({field!r} in f and {frozenset(x)!r}.isdisjoint(f[{field!r}]))"
    raise NotImplementedError(op)


def hand_written_source(rules: Sequence[RuleSpec]) -> str:
    lines = ["def decide(f):", "    f = dict(f)", "    u = f.get('scenario.unknown', ())", "    fired = []"]
    for rule in rules:  # derivation order
        lines.append(f"    if {' and '.join(_test(c) for c in rule.conditions)}:")
        lines.append(f"        fired.append({rule.id!r})")
        for c in rule.conclusions:
            if c.kind == "derive":
                lines.append(f"        f.setdefault({'derived.' + c.target!r}, {c.value!r})")
    lines.append("    return frozenset(fired)")
    return "\n".join(lines) + "\n"


def hand_written_python(decision: Decision) -> Callable[[int], frozenset[str]]:
    namespace: dict[str, Any] = {}
    exec(compile(hand_written_source(decision.rules), "<hand_written_python>", "exec"), namespace)
    decide: Callable[[Mapping[str, Any]], frozenset[str]] = namespace["decide"]
    facts = decision.facts

    def evaluate(index: int) -> frozenset[str]:
        return decide(facts[index])

    return evaluate
