"""The operator table: its Python predicate and its durable-rules expression mean the same thing.

One rule per (field, operator, operand) is compiled to durable-rules and evaluated on generated scenarios; a rule
fires exactly when :func:`kemitraan_rules.operators.holds` says its condition holds on the scenario's facts.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kemitraan_rules import Engine
from kemitraan_rules import vocabulary as v
from kemitraan_rules.operators import OPERATORS, holds
from kemitraan_rules.rules import Condition

from .conftest import make_scenario
from .test_engine import _rule, _rules_dir

_LISTED = ("dana", "bimbingan_teknis", "pemasaran_hasil")

# (field, operator, operand as written in YAML, operand as the rule holds it)
CASES: list[tuple[str, str, str, Any]] = []
for op in ("eq", "ne"):
    CASES += [("relation.trust", op, "sedang", "sedang"), ("relation.responsible_units", op, "3", 3), ("seeker.share", op, "0.5", 0.5)]
    CASES += [("relation.shared_vision", op, "true", True), ("relation.shared_vision", op, "false", False)]
for op in ("in", "not_in"):
    CASES += [("relation.trust", op, "[rendah, tinggi]", ("rendah", "tinggi")), ("relation.responsible_units", op, "[1, 4]", (1, 4))]
for op in ("gt", "gte", "lt", "lte"):
    CASES += [("relation.responsible_units", op, "3", 3), ("seeker.share", op, "0.5", 0.5)]
CASES += [("seeker.provides", "contains", "dana", "dana")]
for op in ("contains_any", "contains_all", "contains_none"):
    CASES += [("seeker.provides", op, "[dana, bimbingan_teknis]", ("bimbingan_teknis", "dana"))]
for op in ("exists", "missing"):
    CASES += [(field, op, "true", True) for field in ("relation.trust", "relation.responsible_units", "seeker.share", "relation.shared_vision")]


def test_every_operator_is_exercised() -> None:
    """The cases cover every operator of the table (a new operator needs a case here)."""
    assert {op for _, op, _, _ in CASES} == set(OPERATORS)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    body = "".join(
        _rule(f"t.r{i}", f"[{{{field}: {{{op}: {operand}}}}}]", "{recommend: {pattern: pola_asuh, weight: 1}}")
        for i, (field, op, operand, _) in enumerate(CASES)
    )
    return Engine([_rules_dir(tmp_path_factory.mktemp("ops"), body)])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    trust=st.none() | st.sampled_from(v.LEVELS),
    units=st.none() | st.integers(min_value=1, max_value=6),
    share=st.none() | st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]),
    vision=st.none() | st.booleans(),
    provides=st.lists(st.sampled_from(_LISTED), unique=True),
)
def test_python_predicate_agrees_with_durable_rules(engine: Engine, trust: Any, units: Any, share: Any, vision: Any, provides: list[str]) -> None:
    """For every case, the durable-rules rule fired iff the Python predicate holds on the facts."""
    relationship: dict[str, Any] = {"provides": {"lkp_a": provides}}
    for key, value in (("trust", trust), ("responsible_units", units), ("shared_vision", vision)):
        if value is not None:
            relationship[key] = value
    if share is not None:
        relationship["shares"] = {"lkp_a": share}
    report = engine.evaluate(make_scenario(**relationship))
    for i, (field, op, _, operand) in enumerate(CASES):
        expected = holds(op, field in report.facts, report.facts.get(field), operand)
        fired = f"t.r{i}" in report.fired
        assert fired == expected, f"{Condition(field, op, operand)} on {report.facts.get(field)!r}: durable {fired}, Python {expected}"


def test_lists_in_reports_carry_no_engine_sentinel(engine: Engine) -> None:
    """The sentinel durable-rules needs for empty lists stays inside the engine: report facts are plain lists."""
    report = engine.evaluate(make_scenario(provides={"lkp_a": []}))
    assert report.facts["seeker.provides"] == []
    assert all("$" not in value for value in report.facts.values() if isinstance(value, list))


def test_operator_words_exist_in_both_languages() -> None:
    """Each operator reads as words in Indonesian and English (rule display, explanations)."""
    for operator in OPERATORS.values():
        assert set(operator.words) == {"id", "en"} and all(operator.words.values())


def test_an_unknown_field_satisfies_only_missing() -> None:
    """A field absent from the facts satisfies only 'missing' (the engine's semantics, in Python)."""
    assert holds("missing", False, None, True) and not holds("exists", False, None, True)
    assert not holds("ne", False, None, 1) and not holds("contains_none", False, None, ("dana",))
