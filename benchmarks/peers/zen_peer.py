"""zen-engine (GoRules' decision engine, Rust, with Python bindings): the same rules as one expression node.

Each rule is an expression ``fire.rN``; a rule deriving a fact is followed by the expression computing that fact
(``derived.x``: its value when a deriving rule fired, else null), and rules testing a derived fact refer to it as
``$.derived.x`` (the node's own output so far), so one pass in derivation order is the fixed point.  Facts are given
as nested objects (``seeker.scale`` -> ``{"seeker": {"scale": ...}}``), prepared before timing.  An unknown field
is null, and every test on a field is guarded by ``!= null`` (zen raises on ``null > 3``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from kemitraan_rules.rules import Condition

from . import Skipped
from .decision import Decision


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value.replace("'", "\\'") + "'"
    return repr(value)


def _ref(field: str) -> str:
    return f"$.{field}" if field.startswith("derived.") else field


def _test(c: Condition) -> str:
    ref, x = _ref(c.field), c.operand
    known = f"{ref} != null"
    if c.op == "exists":
        return f"({known})"
    if c.op == "missing":
        return f"({_literal(c.field)} in scenario.unknown)"
    if c.op == "eq":
        return f"({known} and {ref} == {_literal(x)})"
    if c.op == "ne":
        return f"({known} and {ref} != {_literal(x)})"
    if c.op == "in":
        return f"({known} and {ref} in [{', '.join(map(_literal, x))}])"
    if c.op == "not_in":
        return f"({known} and not ({ref} in [{', '.join(map(_literal, x))}]))"
    if c.op in ("gt", "gte", "lt", "lte"):
        symbol = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[c.op]
        return f"({known} and {ref} {symbol} {_literal(x)})"
    if c.op == "contains":
        return f"({known} and {_literal(x)} in {ref})"
    if c.op == "contains_any":
        return f"({known} and some({ref}, # in [{', '.join(map(_literal, x))}]))"
    if c.op == "contains_all":
        return f"({known} and " + " and ".join(f"{_literal(i)} in {ref}" for i in x) + ")"
    if c.op == "contains_none":
        return f"({known} and none({ref}, # in [{', '.join(map(_literal, x))}]))"
    raise NotImplementedError(c.op)


def decision_model(decision: Decision) -> dict[str, Any]:
    expressions: list[dict[str, str]] = []
    names = {rule.id: f"r{index}" for index, rule in enumerate(decision.rules)}
    derivers: dict[str, list[tuple[str, Any]]] = {}
    for rule in decision.rules:  # derivation order
        for c in rule.conditions:  # every deriver of a tested fact comes earlier: close that fact first
            if c.field in derivers and not any(e["key"] == c.field for e in expressions):
                chain = "null"
                for name, value in reversed(derivers[c.field]):
                    chain = f"($.fire.{name} ? {_literal(value)} : {chain})"
                expressions.append({"id": c.field, "key": c.field, "value": chain})
        expressions.append({"id": names[rule.id], "key": f"fire.{names[rule.id]}", "value": " and ".join(_test(c) for c in rule.conditions)})
        for c in rule.conclusions:
            if c.kind == "derive":
                derivers.setdefault(f"derived.{c.target}", []).append((names[rule.id], c.value))

    def node(ident: str, kind: str, **extra: Any) -> dict[str, Any]:
        return {"id": ident, "type": kind, "name": ident, "position": {"x": 0, "y": 0}, **extra}

    return {
        "nodes": [node("in", "inputNode"), node("rules", "expressionNode", content={"expressions": expressions}), node("out", "outputNode")],
        "edges": [
            {"id": "e1", "sourceId": "in", "targetId": "rules", "type": "edge"},
            {"id": "e2", "sourceId": "rules", "targetId": "out", "type": "edge"},
        ],
    }


def nested(facts: Mapping[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in facts.items():
        head, _, tail = key.partition(".")
        result.setdefault(head, {})[tail] = value
    return result


def zen_engine(decision: Decision) -> Callable[[int], frozenset[str]]:
    try:
        import zen
    except ImportError as exc:
        raise Skipped(f"zen-engine is not installed ({exc}); pip install 'kemitraan-rules[bench]'") from None
    model = zen.ZenEngine().create_decision(json.dumps(decision_model(decision)))
    ids = {f"r{index}": rule.id for index, rule in enumerate(decision.rules)}
    inputs = [nested(facts) for facts in decision.facts]

    def evaluate(index: int) -> frozenset[str]:
        fire = model.evaluate(inputs[index])["result"]["fire"]
        return frozenset(ids[name] for name, value in fire.items() if value is True)

    return evaluate
