"""CLIPS 6.4 through clipspy: the same rules as CLIPS ``defrule`` constructs, chaining natively.

Facts are ordered facts ``(fact "FIELD" VALUE...)`` (a list is a multifield, ``true``/``false`` the symbols TRUE and
FALSE).  Each rule asserts ``(fired "RULE")`` and its derived facts as new ``fact`` facts, which CLIPS' Rete matches
against the rules testing them.  An evaluation is ``(reset)``, one ``assert`` of all facts (the command string is
prepared before timing), ``(run)``, and reading the ``fired`` facts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kemitraan_rules.rules import Condition

from . import Skipped
from .decision import Decision


def _atom(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def _pattern(c: Condition, n: int) -> str:
    """The pattern of one condition; ``n`` numbers its variable (a variable named twice in a rule must match twice)."""
    f, x = _atom(c.field), c.operand
    if c.op == "exists":
        return f"(fact {f} $?)"
    if c.op == "missing":
        return f'(fact "scenario.unknown" $? {f} $?)'
    if c.op == "eq":
        return f"(fact {f} {_atom(x)})"
    if c.op == "ne":
        return f"(fact {f} ?v{n}&~{_atom(x)})"
    if c.op == "in":
        return f"(fact {f} ?v{n}&{'|'.join(map(_atom, x))})"
    if c.op == "not_in":
        return f"(fact {f} ?v{n}&{'&'.join('~' + _atom(i) for i in x)})"
    if c.op in ("gt", "gte", "lt", "lte"):
        symbol = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[c.op]
        return f"(fact {f} ?v{n}&:(numberp ?v{n})&:({symbol} ?v{n} {_atom(x)}))"
    if c.op == "contains":
        return f"(fact {f} $? {_atom(x)} $?)"
    members = " ".join(f"(member$ {_atom(i)} ?v{n})" for i in x) + (" FALSE" if len(x) == 1 else "")  # or/and need 2 arguments
    if c.op == "contains_any":
        return f"(fact {f} $?v{n}&:(or {members}))"
    if c.op == "contains_all":
        return f"(fact {f} $?v{n}&:(and {members.replace(' FALSE', ' TRUE')}))"
    if c.op == "contains_none":
        return f"(fact {f} $?v{n}&:(not (or {members})))"
    raise NotImplementedError(c.op)


def constructs(decision: Decision) -> list[str]:
    result = []
    for index, rule in enumerate(decision.rules):
        derived = " ".join(f'(fact "derived.{c.target}" {_atom(c.value)})' for c in rule.conclusions if c.kind == "derive")
        body = " ".join(_pattern(c, n) for n, c in enumerate(rule.conditions))
        result.append(f"(defrule r{index} {body} => (assert (fired {_atom(rule.id)}) {derived}))")
    return result


def assert_command(facts: Mapping[str, Any]) -> str:
    items = []
    for field, value in sorted(facts.items()):
        values = " ".join(_atom(v) for v in value) if isinstance(value, list) else _atom(value)
        items.append(f"(fact {_atom(field)} {values})")
    return f"(assert {' '.join(items)})"


def clips(decision: Decision) -> Callable[[int], frozenset[str]]:
    try:
        import clips as clipspy
    except ImportError as exc:
        raise Skipped(f"clipspy is not installed ({exc}); pip install 'kemitraan-rules[bench]'") from None
    env = clipspy.Environment()
    for construct in constructs(decision):
        env.build(construct)
    commands = [assert_command(facts) for facts in decision.facts]
    fired_template = None

    def evaluate(index: int) -> frozenset[str]:
        nonlocal fired_template
        env.reset()
        env.eval(commands[index])
        env.run()
        if fired_template is None:
            try:
                fired_template = env.find_template("fired")
            except LookupError:
                return frozenset()
        return frozenset(str(f[0]) for f in fired_template.facts())

    return evaluate
