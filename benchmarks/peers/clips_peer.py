"""CLIPS 6.4 through clipspy: the same rules as CLIPS ``defrule`` constructs, chaining natively.

Each field is a deftemplate of its own, ``(deftemplate f.FIELD (slot v))`` (``multislot`` for list fields), so that
CLIPS' pattern network sends a fact only to the patterns of its field; ``true``/``false`` are the symbols TRUE and
FALSE.  Each rule asserts ``(fired (r "RULE"))`` and its derived facts, which CLIPS' Rete matches against the rules
testing them.  An evaluation is ``(reset)``, one fact-builder assert per known field, ``(run)``, and reading the
``r`` slot of the ``fired`` facts.

Facts are asserted and read through CLIPS' C API (``FBAssert``, ``GetNextFactInTemplate``, ``GetFactSlot``, which
clipspy exposes as ``clips._clips.lib``), not through clipspy's ``Template.assert_fact`` and ``Fact`` objects: those
retain each fact they wrap and release it when the Python object goes, and facts retracted by ``(reset)`` in between
were never freed in our measurements, so every evaluation got slower (over the 12 examples in a loop: 2.2 ms per
evaluation in the first 300, 16 ms in evaluations 900-1,200, RSS growing about 17 KB per evaluation).  Through the C API the time per
evaluation and RSS stay flat.  An earlier formulation put every fact in one relation, ``(fact "FIELD" VALUE)``,
asserted through one parsed ``(assert ...)`` command string per evaluation: parsing was most of its 7 ms.
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
        from clips._clips import ffi, lib
        from clips.common import environment_builder
        from clips.values import clips_value, python_value
    except ImportError as exc:
        raise Skipped(f"clipspy is not installed ({exc}); pip install 'kemitraan-rules[bench]'") from None
    env = clipspy.Environment()
    for construct in constructs(decision):
        env.build(construct)
    raw_env = env._env  # the CLIPS environment pointer clipspy's own functions pass to the C API
    builder = environment_builder(raw_env, "fact")
    fired = lib.FindDeftemplate(raw_env, b"fired")
    prepared: Sequence[list[tuple[bytes, Any]]] = [[(f"f.{f}".encode(), v) for f, v in _values(clipspy, facts)] for facts in decision.facts]
    slot = ffi.new("CLIPSValue *")

    def evaluate(index: int) -> frozenset[str]:
        env.reset()
        for template, value in prepared[index]:
            lib.FBSetDeftemplate(builder, template)
            lib.FBPutSlot(builder, b"v", clips_value(raw_env, value))
            if lib.FBAssert(builder) == ffi.NULL:
                raise RuntimeError(f"CLIPS did not assert {template.decode()}: error {lib.FBError(raw_env)}")
        env.run()
        result = []
        fact = lib.GetNextFactInTemplate(fired, ffi.NULL)
        while fact != ffi.NULL:
            lib.GetFactSlot(fact, b"r", slot)
            result.append(str(python_value(raw_env, slot)))
            fact = lib.GetNextFactInTemplate(fired, fact)
        return frozenset(result)

    return evaluate
