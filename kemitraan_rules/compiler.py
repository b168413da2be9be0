"""Compilation of validated rules into durable-rules ruleset definitions.

The compiler is pure: it turns a :class:`RuleBase` into plain JSON-like definitions and tables, and imports nothing
from durable-rules (the engine does).  It is where durable-rules' measured bounds are enforced by construction:

* **Facts.**  Every fact is ``{"id", "sid", FIELD: VALUE}`` (:func:`fact`), one per known field (see :mod:`facts`):
  the value is held in a property named by the field, and every condition tests that property.  durable-rules
  indexes an alpha node's children by the hash of the property they test, so a fact reaches only the tests of its
  own field.  (Facts were ``{"id", "sid", "t": FIELD, "v": VALUE}`` before, with every condition testing ``t``
  first: each fact was then compared with the field-name test of every field of its unit, which made the C assert
  about a third of an evaluation.)  Every field name has a namespace (``party.``, ``relation.``, ``derived.`` ...),
  so no field property is ever ``id`` or ``sid``.
* **Units.**  Rules are packed into *units* (one durable-rules ruleset each) of at most :data:`MAX_RULES_PER_UNIT`
  rules, half the ~500 rules at which durable-rules 2.0.28 was seen to hang while building a ruleset, and so that no field is
  tested by more than :data:`MAX_TESTS_PER_FIELD` distinct conditions in one unit: a fact can then satisfy at most
  that many conditions, below the 64 activations per fact that make durable-rules fail with error 303.  A unit
  also puts at most :data:`MAX_ROOT_TESTS_PER_UNIT` tests under durable-rules' root alpha node, whose children are
  kept in a 512-bucket table: a unit with ~512 of them cannot be built (2.0.28 hung; the vendored core refuses it
  with error 106).  Each condition is one such test (an alternative, ``in``, one per value plus one).
* **Sink.**  Each unit has a rule whose first condition every fact satisfies and whose second never holds, so a
  fact that happens to match no condition is not refused (``MessageNotHandledException``), without a callback.
* **No probes.**  Earlier versions also compiled each distinct condition as a one-condition "probe" rule, so that
  ``why_not`` could say which conditions of an unfired rule failed; that doubled the matching work of every
  evaluation.  ``why_not`` is now computed on demand from the final facts (:mod:`scoring`); :attr:`tests` and
  :attr:`rule_tests` still give every distinct condition an index.

Packing is deterministic: rules are taken in id order, so the order of rule files never changes the result.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import attrs

from ._cache import read_snapshot, write_snapshot
from .errors import Problem, RulesetError
from .operators import durable_test
from .rules import Condition, RuleBase, RuleSpec, snapshot_key

__all__ = [
    "MAX_ROOT_TESTS_PER_UNIT",
    "MAX_RULES_PER_UNIT",
    "MAX_TESTS_PER_FIELD",
    "UNKNOWN_FIELD",
    "CompiledRuleBase",
    "Unit",
    "compile_rulebase",
    "condition_expression",
    "fact",
    "fact_field",
]

#: At most this many rules in one durable-rules ruleset.  durable-rules 2.0.28 was seen to hang building a ruleset of
#: ~515 rules (of the earlier fact form); the vendored core with field-keyed facts builds and runs rulesets of 1,500
#: rules in milliseconds (``tests/test_durable_patches.py::test_a_unit_of_many_rules_builds_and_fires``), so the bound
#: keeps a margin of two below the old hang while holding the 204 built-in rules in one unit (one assert per round).
MAX_RULES_PER_UNIT = 250
#: At most this many tests under the root alpha node of one unit (durable-rules cannot build a node of 511 children).
MAX_ROOT_TESTS_PER_UNIT = 400
#: At most this many distinct conditions on one field in one unit (durable-rules fails at 64 activations per fact).
MAX_TESTS_PER_FIELD = 40
#: The fact listing the scenario fields whose value is unknown (tested by ``missing``).
UNKNOWN_FIELD = "scenario.unknown"
#: A property no fact has (field names have no ``$``): the sink rule's second condition tests it, so it never holds.
_NEVER = "$never"
SINK_RULE = "$sink"


def fact(sid: str, field: str, value: Any) -> dict[str, Any]:
    """The fact of ``field`` in session ``sid`` as durable-rules receives it (``value`` is the engine value: a list
    starts with :data:`~kemitraan_rules.operators.LIST_SENTINEL`)."""
    return {"id": f"{sid}:{field}", "sid": sid, field: value}


def fact_field(condition: Condition) -> str:
    """The fact a condition tests: its field, or :data:`UNKNOWN_FIELD` for ``missing``."""
    return UNKNOWN_FIELD if condition.op == "missing" else condition.field


def condition_expression(condition: Condition) -> dict[str, Any]:
    """The durable-rules expression that holds for a fact satisfying ``condition``.

    ``missing`` tests the list of unknown fields (``scenario.unknown``) rather than using durable-rules' negation:
    deleting a session in which a negation blocked a rule crashes durable-rules 2.0.28 (``free(): invalid pointer``).
    """
    field, op, operand = condition.field, condition.op, condition.operand
    if op == "missing":
        return {"$iany": {UNKNOWN_FIELD: {"$i": field}}}
    test = durable_test(op, operand, field)
    if test is None:  # exists
        return {"$ex": {field: 1}}
    return test


def _root_tests(expression: Mapping[str, Any]) -> int:
    """How many children a condition adds under the root alpha node: one test; an alternative (``$or``) adds a
    forward node and one per branch; a conjunction (``$and``) chains its tests below its first one."""
    if "$or" in expression:
        return 1 + sum(_root_tests(branch) for branch in expression["$or"])
    if "$and" in expression:
        return _root_tests(expression["$and"][0])
    return 1


@attrs.frozen
class Unit:
    """One durable-rules ruleset: its definition, the fields it tests, and what each of its actions means."""

    name: str
    definition: Mapping[str, Any]
    fields: frozenset[str]
    actions: Mapping[str, tuple[str, Any]]  # action name -> ("rule", rule id)


@attrs.frozen
class CompiledRuleBase:
    """The compiled form of a rule base: its durable-rules units, and the table of distinct conditions."""

    rulebase: RuleBase
    units: tuple[Unit, ...]
    tests: tuple[Condition, ...]
    rule_tests: Mapping[str, tuple[int, ...]]
    fingerprint: str
    rules_by_id: Mapping[str, RuleSpec]
    support_of: Mapping[str, tuple[tuple[RuleSpec, float], ...]] = attrs.field(factory=dict)

    def supporting_rules(self, pattern: str) -> tuple[tuple[RuleSpec, float], ...]:
        """The rules that recommend ``pattern`` with a positive weight, and that weight, by rule id."""
        return self.support_of.get(pattern, ())

    @property
    def rule_units(self) -> tuple[Unit, ...]:
        """The units of rules (all units: there are no probe units any more)."""
        return self.units


def _sink() -> dict[str, Any]:
    return {"all": [{"any": {"$ex": {"id": 1}}}, {"never": {"$ex": {_NEVER: 1}}}], "run": SINK_RULE}


#: The tests the sink rule puts under the root alpha node (``$ex`` of ``id`` and of :data:`_NEVER`).
_SINK_ROOT_TESTS = 2


def _condition_keys(conditions: list[Condition]) -> dict[tuple[str, str], int]:
    """The distinct conditions of a rule, as ``(field, canonical JSON of the expression)``, with the tests each puts
    under the root alpha node (:func:`_root_tests`)."""
    keys: dict[tuple[str, str], int] = {}
    for condition in conditions:
        expression = condition_expression(condition)
        keys[(fact_field(condition), json.dumps(expression, sort_keys=True))] = _root_tests(expression)
    return keys


def _rule_definition(rule: RuleSpec, action: str) -> dict[str, Any]:
    conditions = [{f"c{index}": condition_expression(c)} for index, c in enumerate(rule.conditions)]
    return {"all": conditions, "run": action}


def _is_shared(key: str) -> bool:
    """Whether durable-rules shares this condition's alpha node between the rules of a unit.

    It does not for list and alternative tests (``$iany``, ``$iall``, ``$or``): each rule's copy is a node of its own
    and counts against the bound of 64 activations per fact (64 rules ``larger.provides: {contains: dana}`` failed
    with error 303), so the packer counts their copies, not their distinct forms.
    """
    return not any(operator in key for operator in ('"$iany"', '"$iall"', '"$or"'))


class _Packer:
    """Greedy, deterministic packing of rules into units within the per-unit bounds."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.units: list[Unit] = []
        self._reset()

    def _reset(self) -> None:
        self.definition: dict[str, Any] = {SINK_RULE: _sink()}
        self.tests: dict[str, set[str]] = defaultdict(set)
        #: The shared condition forms of each field (kept apart so that the bound check is a union of two small sets).
        self.shared: dict[str, set[str]] = defaultdict(set)
        self.copies: dict[str, int] = defaultdict(int)
        #: The tests under the root alpha node so far: the sink rule's two, then the conditions' (:func:`_root_tests`).
        self.root_tests = _SINK_ROOT_TESTS
        self.actions: dict[str, tuple[str, Any]] = {}

    def _load(self, field: str, shared: set[str], copies: int) -> int:
        """The conditions a fact of ``field`` could satisfy in this unit if ``shared`` and ``copies`` were added."""
        return len(self.shared[field] | shared) + self.copies[field] + copies

    def add(self, action: str, meaning: tuple[str, Any], definition: dict[str, Any], conditions: list[Condition]) -> None:
        keys = _condition_keys(conditions)
        shared: dict[str, set[str]] = defaultdict(set)
        copies: dict[str, int] = defaultdict(int)
        for field, key in keys:
            if _is_shared(key):
                shared[field].add(key)
            else:
                copies[field] += 1
        fields = {field for field, _key in keys}

        def added_root_tests() -> int:
            return sum(roots for (field, key), roots in keys.items() if not _is_shared(key) or key not in self.shared[field])

        fits = (
            len(self.actions) < MAX_RULES_PER_UNIT
            and all(self._load(field, shared[field], copies[field]) <= MAX_TESTS_PER_FIELD for field in fields)
            and self.root_tests + added_root_tests() <= MAX_ROOT_TESTS_PER_UNIT
        )
        if not fits:
            self.flush()
        self.root_tests += added_root_tests()
        for field, key in keys:
            self.tests[field].add(key)
        for field, forms in shared.items():
            self.shared[field] |= forms
        for field, count in copies.items():
            self.copies[field] += count
        self.definition[action] = definition
        self.actions[action] = meaning

    def flush(self) -> None:
        if not self.actions:
            return
        name = f"{self.prefix}{len(self.units)}"
        self.units.append(Unit(name, self.definition, frozenset(self.tests), self.actions))
        self._reset()


#: Compiled rule bases by the identity of their (immutable) rule base; :func:`~kemitraan_rules.rules.load_rulesets`
#: returns the same object for unchanged files, so a second ``Engine()`` compiles nothing.  Bounded, oldest first out.
_COMPILED: dict[int, tuple[RuleBase, CompiledRuleBase]] = {}
_COMPILED_KEPT = 16
_COMPILED_LOCK = threading.Lock()


def compile_rulebase(rulebase: RuleBase) -> CompiledRuleBase:
    """Compile every rule and every distinct condition of ``rulebase`` into durable-rules units (memoised)."""
    hit = _COMPILED.get(id(rulebase))
    if hit is not None and hit[0] is rulebase:
        return hit[1]
    compiled = _compile(rulebase)
    with _COMPILED_LOCK:
        _COMPILED[id(rulebase)] = (rulebase, compiled)
        while len(_COMPILED) > _COMPILED_KEPT:
            del _COMPILED[next(iter(_COMPILED))]
    return compiled


def _packed(rulebase: RuleBase) -> tuple[tuple[Unit, ...], str]:
    """The rules packed into units, and the fingerprint of those units (most of the cost of compiling).

    A rule base loaded from files has an on-disk key (:func:`~kemitraan_rules.rules.snapshot_key`); its units are
    kept beside its snapshot, so a fresh process (one ``kemitraan evaluate``) does not pack the rules again.
    """
    key = snapshot_key(rulebase)
    if key is not None:
        stored = read_snapshot(["units", key], (Unit,))
        well_formed = isinstance(stored, list) and len(stored) == 2 and isinstance(stored[0], tuple) and isinstance(stored[1], str)
        if well_formed and all(isinstance(unit, Unit) for unit in stored[0]):
            return stored[0], stored[1]
    rules_packer = _Packer("rules")
    for rule in rulebase.rules:
        action = f"r:{rule.id}"
        rules_packer.add(action, ("rule", rule.id), _rule_definition(rule, action), list(rule.conditions))
    rules_packer.flush()

    units = tuple(rules_packer.units)
    digest = hashlib.sha256(json.dumps([[u.name, u.definition] for u in units], sort_keys=True, default=str).encode("utf-8")).hexdigest()
    # Unit names carry the fingerprint so that several rule bases can share one durable-rules host.
    units = tuple(attrs.evolve(unit, name=f"{unit.name}_{digest[:12]}") for unit in units)
    if key is not None:
        write_snapshot(["units", key], [units, digest], (Unit,))
    return units, digest


def _compile(rulebase: RuleBase) -> CompiledRuleBase:
    room = MAX_ROOT_TESTS_PER_UNIT - _SINK_ROOT_TESTS
    too_wide = [(rule, count) for rule in rulebase.rules if (count := sum(_condition_keys(list(rule.conditions)).values())) > room]
    if too_wide:
        raise RulesetError(
            [
                Problem.make(
                    "too_many_tests",
                    "when",
                    count=count,
                    limit=room,
                    file=rule.location.file,
                    line=rule.location.line,
                    rule=rule.id,
                )
                for rule, count in too_wide
            ]
        )
    tests: list[Condition] = []
    index_of: dict[tuple[str, str, str], int] = {}
    rule_tests: dict[str, tuple[int, ...]] = {}
    for rule in rulebase.rules:
        indices = []
        for condition in rule.conditions:
            key = condition.key()
            if key not in index_of:
                index_of[key] = len(tests)
                tests.append(condition)
            indices.append(index_of[key])
        rule_tests[rule.id] = tuple(indices)

    units, digest = _packed(rulebase)
    support_of: dict[str, list[tuple[RuleSpec, float]]] = defaultdict(list)
    for rule in rulebase.rules:
        for conclusion in rule.conclusions:
            if conclusion.kind == "recommend" and conclusion.weight > 0:
                support_of[conclusion.target].append((rule, conclusion.weight))
    return CompiledRuleBase(
        rulebase,
        units,
        tuple(tests),
        rule_tests,
        digest,
        {rule.id: rule for rule in rulebase.rules},
        {pattern: tuple(entries) for pattern, entries in support_of.items()},
    )
