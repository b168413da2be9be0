"""CLIPS 6.4 through clipspy: the same rules as CLIPS ``defrule`` constructs, chaining natively.

Each field is a deftemplate of its own, ``(deftemplate f.FIELD (slot v))`` (``multislot`` for list fields), so that
CLIPS' pattern network sends a fact only to the patterns of its field; ``true``/``false`` are the symbols TRUE and
FALSE.  Facts are asserted from Python with ``Template.assert_fact`` (clipspy's fact builder: no CLIPS text is parsed
per evaluation; the values are converted before timing).  Each rule asserts ``(fired (r "RULE"))`` and its derived
facts, which CLIPS' Rete matches against the rules testing them.  An evaluation is ``(reset)``, one ``assert_fact``
per known field, ``(run)``, and reading the ``fired`` facts.

An earlier formulation put every fact in one relation, ``(fact "FIELD" VALUE)``, asserted through one ``(assert ...)``
command string per evaluation: parsing that string was most of its 7 ms per evaluation (about 1.7 ms with this one).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from kemitraan_rules.rules import Condition

from . import Skipped
from .decision import Decision

UNKNOWN = "scenario.unknown"


def _atom(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def _pattern(c: Condition, n: int, lists: set[str]) -> str:
    """The pattern of one condition; ``n`` numbers its variable (a variable named twice in a rule must match twice)."""
    f, x = f"f.{c.field}", c.operand
    if c.op == "exists":
        return f"({f})"
    if c.op == "missing":
        return f"(f.{UNKNOWN} (v $? {_atom(c.field)} $?))"
    if c.field in lists:
        if c.op == "contains":
            return f"({f} (v $? {_atom(x)} $?))"
        members = " ".join(f"(member$ {_atom(i)} ?v{n})" for i in x) + (" FALSE" if len(x) == 1 else "")  # or/and need 2 arguments
        if c.op == "contains_any":
            return f"({f} (v $?v{n}&:(or {members})))"
        if c.op == "contains_all":
            return f"({f} (v $?v{n}&:(and {members.replace(' FALSE', ' TRUE')})))"
        if c.op == "contains_none":
            return f"({f} (v $?v{n}&:(not (or {members}))))"
        raise NotImplementedError(c.op)
    if c.op == "eq":
        return f"({f} (v {_atom(x)}))"
    if c.op == "ne":
        return f"({f} (v ?v{n}&~{_atom(x)}))"
    if c.op == "in":
        return f"({f} (v ?v{n}&{'|'.join(map(_atom, x))}))"
    if c.op == "not_in":
        return f"({f} (v ?v{n}&{'&'.join('~' + _atom(i) for i in x)}))"
    if c.op in ("gt", "gte", "lt", "lte"):
        symbol = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[c.op]
        return f"({f} (v ?v{n}&:(numberp ?v{n})&:({symbol} ?v{n} {_atom(x)})))"
    raise NotImplementedError(c.op)


def fields_and_lists(decision: Decision) -> tuple[list[str], set[str]]:
    """Every field a rule tests or derives or an input holds, and those whose values are lists."""
    fields = {UNKNOWN}
    lists = {UNKNOWN}
    for facts in decision.facts:
        for field, value in facts.items():
            fields.add(field)
            if isinstance(value, list):
                lists.add(field)
    for rule in decision.rules:
        fields.update(c.field for c in rule.conditions)
        fields.update(f"derived.{c.target}" for c in rule.conclusions if c.kind == "derive")
    return sorted(fields), lists


def constructs(decision: Decision) -> list[str]:
    fields, lists = fields_and_lists(decision)
    result = [f"(deftemplate f.{field} ({'multislot' if field in lists else 'slot'} v))" for field in fields]
    result.append("(deftemplate fired (slot r))")
    for index, rule in enumerate(decision.rules):
        derived = " ".join(f"(f.derived.{c.target} (v {_atom(c.value)}))" for c in rule.conclusions if c.kind == "derive")
        body = " ".join(_pattern(c, n, lists) for n, c in enumerate(rule.conditions))
        result.append(f"(defrule r{index} {body} => (assert (fired (r {_atom(rule.id)})) {derived}))")
    return result


def _values(clipspy: Any, facts: Mapping[str, Any]) -> list[tuple[str, Any]]:
    def value(item: Any) -> Any:
        return clipspy.Symbol("TRUE" if item else "FALSE") if isinstance(item, bool) else item

    return [(field, [value(v) for v in item] if isinstance(item, list) else value(item)) for field, item in sorted(facts.items())]


def clips(decision: Decision) -> Callable[[int], frozenset[str]]:
    try:
        import clips as clipspy
    except ImportError as exc:
        raise Skipped(f"clipspy is not installed ({exc}); pip install 'kemitraan-rules[bench]'") from None
    env = clipspy.Environment()
    for construct in constructs(decision):
        env.build(construct)
    templates = {field: env.find_template(f"f.{field}") for field in fields_and_lists(decision)[0]}
    fired = env.find_template("fired")
    prepared: Sequence[list[tuple[Any, Any]]] = [[(templates[f], v) for f, v in _values(clipspy, facts)] for facts in decision.facts]

    def evaluate(index: int) -> frozenset[str]:
        env.reset()
        for template, value in prepared[index]:
            template.assert_fact(v=value)
        env.run()
        return frozenset(str(fact["r"]) for fact in fired.facts())

    return evaluate
