"""The decision every contender computes: which of the legal-pattern rules (and the derivations they need) fire.

The rules are the built-in rules that recommend or exclude a pattern of the ``legal`` layer, plus, transitively, the
rules deriving every derived fact those rules test.  The inputs are the shipped example scenarios plus seeded
synthetic ones.  Every contender receives the scenario's facts (:func:`kemitraan_rules.facts.extract_facts`) in its
own native form, prepared before timing; ours receives the validated :class:`Scenario` and does everything an
evaluation does (facts, inference, the report).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from kemitraan_rules import Scenario, load_scenario, scenario_from_dict
from kemitraan_rules.facts import extract_facts
from kemitraan_rules.operators import holds
from kemitraan_rules.rules import RuleBase, RuleSpec, load_rulesets
from kemitraan_rules.synthetic import scenario_dicts

ROOT = Path(__file__).resolve().parents[2]


@attrs.frozen
class Decision:
    """The rules (in derivation order: a rule comes after every rule deriving a fact it tests) and the inputs."""

    rulebase: RuleBase
    rules: tuple[RuleSpec, ...]
    scenarios: tuple[Scenario, ...]
    facts: tuple[Mapping[str, Any], ...]


def legal_rules(rulebase: RuleBase) -> tuple[RuleSpec, ...]:
    """The rules concluding on a legal-layer pattern, plus the derivations they need, in derivation order."""
    legal = {p for p in rulebase.concept_ids("pattern") if rulebase.pattern_layer(p) == "legal"}
    derivers: dict[str, list[RuleSpec]] = {}
    for rule in rulebase.rules:
        for c in rule.conclusions:
            if c.kind == "derive":
                derivers.setdefault(f"derived.{c.target}", []).append(rule)
    chosen: dict[str, RuleSpec] = {}
    todo = [r for r in rulebase.rules if any(c.kind in ("recommend", "exclude") and c.target in legal for c in r.conclusions)]
    while todo:
        rule = todo.pop()
        if rule.id in chosen:
            continue
        chosen[rule.id] = rule
        for condition in rule.conditions:
            todo.extend(derivers.get(condition.field, ()))
    depth: dict[str, int] = {}

    def level(rule: RuleSpec) -> int:
        if rule.id not in depth:
            depth[rule.id] = 1 + max((level(d) for c in rule.conditions for d in derivers.get(c.field, ())), default=0)
        return depth[rule.id]

    return tuple(sorted(chosen.values(), key=lambda r: (level(r), r.id)))


def build(synthetic: int = 500, seed: int = 11) -> Decision:
    full = load_rulesets()
    rules = legal_rules(full)
    rulebase = attrs.evolve(full, rules=tuple(sorted(rules, key=lambda r: r.id)))
    examples = [load_scenario(path) for path in sorted((ROOT / "examples" / "scenarios").glob("*.yaml"))]
    generated = [scenario_from_dict(d) for d in scenario_dicts(synthetic, seed=seed, parties=(2, 6))]
    scenarios = tuple(examples + generated)
    return Decision(rulebase, rules, scenarios, tuple(extract_facts(s) for s in scenarios))


def condition_held(op: str, field: str, operand: Any, facts: Mapping[str, Any]) -> bool:
    """A condition on the facts by the Python semantics of its operator (``missing``: listed in ``scenario.unknown``).

    Written here, not imported from the engine's modules, so that the reference does not share the code it checks
    (only the operator table, whose agreement with durable-rules ``tests/test_operators.py`` checks).
    """
    if op == "missing":
        return field in facts.get("scenario.unknown", ())
    return holds(op, field in facts, facts.get(field), operand)


def fired_by_interpreter(rules: Sequence[RuleSpec], facts: Mapping[str, Any]) -> frozenset[str]:
    """The reference answer: rules in derivation order, each condition by the engine's Python semantics."""
    known = dict(facts)
    fired = set()
    for rule in rules:
        if all(condition_held(c.op, c.field, c.operand, known) for c in rule.conditions):
            fired.add(rule.id)
            for c in rule.conclusions:
                if c.kind == "derive":
                    known.setdefault(f"derived.{c.target}", c.value)
    return frozenset(fired)
