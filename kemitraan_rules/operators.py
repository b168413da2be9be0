"""The condition operators of rule files, one record each: the single place that says what an operator means.

Every module that needs an operator's meaning reads it from :data:`OPERATORS` here: the rule loader (which field
types it applies to, what operand it takes), the compiler (the durable-rules expression), the JSON Schema of rule
files, the readable rendering of rules (words in Indonesian and English), lint (the finite-domain check) and the
explanation of failed conditions (the Python predicate).  The Python predicate and the durable-rules expression are
two renderings of one meaning; ``tests/test_operators.py`` checks on generated values that they agree.

Example::

    >>> OPERATORS["contains_any"].holds(["dana", "bahan"], ("dana", "teknologi"))
    True
    >>> OPERATORS["gte"].words["id"]
    'paling sedikit'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

import attrs

__all__ = ["LIST_SENTINEL", "OPERATORS", "Arity", "Operator", "durable_test", "holds"]

#: Every list fact asserted into durable-rules starts with this item, because durable-rules' ``$iall`` is false on
#: an empty list (so ``contains_none`` would fail for a party that needs nothing).  It never leaves the engine.
LIST_SENTINEL = "$"

#: What an operator takes: no operand (the literal ``true``), one value, or a non-empty list of distinct values.
Arity = Literal["none", "one", "many"]


def _ordered(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def check(value: Any, operand: Any) -> bool:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        return compare(value, operand)

    return check


def _same(value: Any, operand: Any) -> bool:
    """Equality that keeps booleans apart from numbers (``True == 1`` in Python, not in a rule)."""
    if isinstance(value, bool) or isinstance(operand, bool):
        return value is operand
    return bool(value == operand)


def _items(value: Any) -> set[Any]:
    return set(value) if isinstance(value, (list, tuple)) else set()


@attrs.frozen
class Operator:
    """One operator: its name, the field types it applies to, its operand, its two renderings and its words."""

    name: str
    types: tuple[str, ...]
    arity: Arity
    #: Whether a *known* value satisfies the test (lists without the sentinel).  ``exists``/``missing`` are about
    #: whether a value is known at all; :func:`holds` handles that before calling this.
    predicate: Callable[[Any, Any], bool]
    #: The durable-rules test of the value of a fact's field property, given the property's name and the operand
    #: (``None`` for the operators on knownness).
    durable: Callable[[str, Any], dict[str, Any]] | None
    words: Mapping[str, str]

    def holds(self, value: Any, operand: Any) -> bool:
        """Whether the known ``value`` satisfies this operator with ``operand`` (type mismatches are false)."""
        try:
            return self.predicate(value, operand)
        except TypeError:
            return False


def _op(
    name: str,
    types: tuple[str, ...],
    arity: Arity,
    predicate: Callable[[Any, Any], bool],
    durable: Callable[[str, Any], dict[str, Any]] | None,
    id_: str,
    en: str,
) -> Operator:
    return Operator(name, types, arity, predicate, durable, {"id": id_, "en": en})


_SCALAR = ("enum", "bool", "int", "number")
_ALL = (*_SCALAR, "list")

#: Every operator a rule file may use, by name, in the order the docs and the schema list them.
OPERATORS: Mapping[str, Operator] = {
    op.name: op
    for op in (
        _op("eq", _SCALAR, "one", _same, lambda f, x: {f: x}, "sama dengan", "is"),
        _op("ne", _SCALAR, "one", lambda v, x: not _same(v, x), lambda f, x: {"$neq": {f: x}}, "tidak sama dengan", "is not"),
        _op(
            "in",
            ("enum", "int"),
            "many",
            lambda v, x: any(_same(v, item) for item in x),
            lambda f, x: {"$or": [{f: item} for item in x]},
            "salah satu dari",
            "is one of",
        ),
        _op(
            "not_in",
            ("enum", "int"),
            "many",
            lambda v, x: not any(_same(v, item) for item in x),
            lambda f, x: {"$and": [{"$neq": {f: item}} for item in x]},
            "bukan salah satu dari",
            "is none of",
        ),
        _op("gt", ("int", "number"), "one", _ordered(lambda v, x: v > x), lambda f, x: {"$gt": {f: x}}, "lebih dari", "is more than"),
        _op("gte", ("int", "number"), "one", _ordered(lambda v, x: v >= x), lambda f, x: {"$gte": {f: x}}, "paling sedikit", "is at least"),
        _op("lt", ("int", "number"), "one", _ordered(lambda v, x: v < x), lambda f, x: {"$lt": {f: x}}, "kurang dari", "is less than"),
        _op("lte", ("int", "number"), "one", _ordered(lambda v, x: v <= x), lambda f, x: {"$lte": {f: x}}, "paling banyak", "is at most"),
        _op("contains", ("list",), "one", lambda v, x: x in _items(v), lambda f, x: {"$iany": {f: {"$i": x}}}, "memuat", "contains"),
        _op(
            "contains_any",
            ("list",),
            "many",
            lambda v, x: bool(set(x) & _items(v)),
            lambda f, x: {"$iany": {f: {"$or": [{"$i": item} for item in x]}}},
            "memuat salah satu dari",
            "contains any of",
        ),
        _op(
            "contains_all",
            ("list",),
            "many",
            lambda v, x: set(x) <= _items(v),
            lambda f, x: {"$and": [{"$iany": {f: {"$i": item}}} for item in x]},
            "memuat semua",
            "contains all of",
        ),
        _op(
            "contains_none",
            ("list",),
            "many",
            lambda v, x: isinstance(v, (list, tuple)) and not set(x) & _items(v),
            # Every list fact starts with LIST_SENTINEL, so "all items differ" also holds for an empty list.
            lambda f, x: {"$iall": {f: {"$and": [{"$neq": {"$i": item}} for item in x]}}},
            "tidak memuat satu pun dari",
            "contains none of",
        ),
        _op("exists", _ALL, "none", lambda v, x: True, None, "diketahui", "is known"),
        _op("missing", _ALL, "none", lambda v, x: False, None, "tidak diketahui", "is unknown"),
    )
}


def holds(op: str, known: bool, value: Any, operand: Any) -> bool:
    """Whether a condition ``op operand`` holds on a field whose value is ``value`` (``known`` says if it is known).

    The engine's semantics in Python, for explanations and tests: an unknown field satisfies only ``missing``.
    """
    if not known:
        return op == "missing"
    return OPERATORS[op].holds(value, operand)


def durable_test(op: str, operand: Any, field: str) -> dict[str, Any] | None:
    """The durable-rules test of ``field op operand`` on the fact of ``field``, whose value is held in the property
    named by the field (see :func:`kemitraan_rules.compiler.fact`); ``None`` for ``exists``/``missing``."""
    render = OPERATORS[op].durable
    return None if render is None else render(field, operand)
