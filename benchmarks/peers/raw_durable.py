"""raw durable-rules: the same rules on durable-rules alone, as a programmer using it directly would write them.

One ruleset (the same compiled definitions as ours), one fact per field, derived facts asserted into the session by
the actions themselves (durable-rules chains them), fired rules recorded in a list; no why-not, no report, no
validation.  Each evaluation retracts what it asserted and reuses the session id, as ours does (deleting a session
with partial joins corrupts memory in durable-rules 2.0.28).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from kemitraan_rules._durable import engine as durable_engine
from kemitraan_rules.compiler import compile_rulebase, fact
from kemitraan_rules.operators import LIST_SENTINEL

from .decision import Decision


class _Host(durable_engine.Host):  # type: ignore[misc]
    def _run(self) -> None:  # no timer threads
        pass

    def __init__(self, actions: dict[str, Callable[[Any], None]]) -> None:
        self._actions = actions
        super().__init__()

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        return self._actions[action_name]


def raw_durable(decision: Decision) -> Callable[[int], frozenset[str]]:
    compiled = compile_rulebase(decision.rulebase)
    units = compiled.rule_units  # (versions that compiled probe units: not those)
    if len(units) != 1:
        raise RuntimeError(f"the decision needs {len(units)} durable-rules rulesets; this contender handles one")
    (unit,) = units
    fired: list[str] = []
    asserted: list[dict[str, Any]] = []
    actions: dict[str, Callable[[Any], None]] = {"$sink": lambda c: None}

    def action_for(rule_id: str, derived: list[tuple[str, Any]]) -> Callable[[Any], None]:
        def act(c: Any) -> None:
            fired.append(rule_id)
            for field, value in derived:
                derived_fact = fact(c.s.sid, field, value)
                asserted.append(derived_fact)
                c.assert_fact({name: item for name, item in derived_fact.items() if name != "sid"})

        return act

    for action, (_kind, rule_id) in unit.actions.items():
        rule = compiled.rules_by_id[rule_id]
        actions[action] = action_for(rule_id, [(f"derived.{c.target}", c.value) for c in rule.conclusions if c.kind == "derive"])
    host = _Host(actions)
    host.set_rulesets({unit.name: copy.deepcopy(dict(unit.definition))})
    sid = "1"
    inputs = [[fact(sid, k, [LIST_SENTINEL, *v] if isinstance(v, list) else v) for k, v in sorted(facts.items())] for facts in decision.facts]

    def evaluate(index: int) -> frozenset[str]:
        fired.clear()
        asserted.clear()
        batch = inputs[index]
        try:
            host.assert_facts(unit.name, batch)
        except durable_engine.MessageObservedException:  # pragma: no cover
            raise
        result = frozenset(fired)
        host.retract_facts(unit.name, batch + asserted)
        return result

    return evaluate
