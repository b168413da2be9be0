"""Property tests from the shipped JSON Schemas (issue 11, items 10 and 12): generated documents never crash a reader.

Documents are drawn from the schemas the project ships (scenario, network, rule file; a partnership record is built
from the scenario schema's parties and relationship) with hypothesis-jsonschema, then mutated into near misses.  The
properties: every document gives a result or a :class:`KemitraanError` subclass, never another exception; the schema
and the validator agree (whatever the schema accepts, the validator accepts, except for the cross-field rules the
schema cannot express, listed in :data:`CROSS_FIELD`; whatever near miss the validator accepts, the schema accepts);
reports are strict JSON and do not depend on the order of parties and lists; every writer's output reads back equal.
Sizes come from the Hypothesis profile (``tests/conftest.py``: ``ci`` by default, ``HYPOTHESIS_PROFILE=long``).
"""

from __future__ import annotations

import copy
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kemitraan_rules import Engine, KemitraanError, ScenarioError
from kemitraan_rules import vocabulary as v
from kemitraan_rules.authoring.schema import ruleset_json_schema
from kemitraan_rules.errors import LifecycleError, NetworkError, RulesetError
from kemitraan_rules.lifecycle.record import dump_partnership, load_partnership, partnership_from_dict
from kemitraan_rules.network import PartnerNetwork
from kemitraan_rules.network.validate import network_json_schema
from kemitraan_rules.report import Report
from kemitraan_rules.rules import builtin, load_rulesets
from kemitraan_rules.scenario import load_scenario, scenario_from_dict, scenario_json_schema

from .schema_strategies import documents
from .strategies import reordered, scenarios

SCENARIO_SCHEMA = scenario_json_schema()
SCENARIO_VALIDATOR = jsonschema.Draft202012Validator(SCENARIO_SCHEMA)
#: The scenario rules that span several fields, which JSON Schema cannot state: a schema-valid scenario may break them.
CROSS_FIELD = re.compile(
    r"unknown party id|duplicate party id|another party than the seeker|is neither the seeker nor the candidate"
    r"|joint_entity is|the shares add up to|is listed twice"
)
#: Settings of every test here beyond the profile: generation of whole documents is slow by Hypothesis' measure.
SLOW = settings(deadline=None, suppress_health_check=list(HealthCheck))


def _read_scenario(data: Any) -> Any:
    """A scenario file's document read as ``generated.json`` would be (a missing id is the file's stem)."""
    return load_scenario("generated.json", text=json.dumps(data))


@SLOW
@given(documents(SCENARIO_SCHEMA))
def test_schema_valid_scenarios_are_accepted_but_for_cross_field_rules(engine: Engine, data: Any) -> None:
    """Whatever the schema accepts, the validator accepts or refuses only for a rule across fields; an accepted one
    evaluates to a strict-JSON report that reads back equal and does not change when parties and lists are reordered."""
    try:
        scenario = _read_scenario(data)
    except ScenarioError as error:
        other = [p for p in error.problems if not CROSS_FIELD.search(p.message)]
        assert not other, [f"{p.path}: {p.message}" for p in other]
        if any("is listed twice" in p.message for p in error.problems):  # only free words in another case or spacing
            for problem in error.problems:
                if "is listed twice" in problem.message:
                    assert problem.path.rsplit(".", 2)[-2] in ("vision", "programmes"), problem.path
        return
    assert scenario_from_dict(scenario.to_dict()) == scenario
    report = engine.evaluate(scenario)
    text = json.dumps(report.to_dict(), allow_nan=False)
    assert Report.from_dict(json.loads(text)).to_dict() == report.to_dict()
    shuffled = copy.deepcopy(data)
    shuffled["parties"] = list(reversed(shuffled["parties"]))
    for party in shuffled["parties"]:
        for key, value in party.items():
            if isinstance(value, list):
                party[key] = list(reversed(value))
    again = engine.evaluate(_read_scenario(shuffled)).to_dict()
    assert json.dumps(again, allow_nan=False, sort_keys=True) == json.dumps(report.to_dict(), allow_nan=False, sort_keys=True)


#: Values no field of the scenario schema accepts where it is put (each mutation replaces one field's value).
OFF_SCHEMA = (" ", "\t\n", "", "zzz_tidak_ada", 12, -1, 1.5, True, [], [" "], {"x": 1}, "a\n", ["dana", "funds"])


@st.composite
def near_misses(draw: st.DrawFn) -> dict[str, Any]:
    """A valid scenario with one field replaced by an off-schema value, one field dropped, or an alias pair added."""
    data = draw(scenarios())
    data["id"] = "near_miss"
    kind = draw(st.sampled_from(["replace", "drop", "alias_pair"]))
    party = draw(st.sampled_from(data["parties"]))
    if kind == "alias_pair":
        canonical, alias = draw(st.sampled_from(sorted((c, a) for a, c in v.PROVISION_ALIASES.items())))
        party[draw(st.sampled_from(["offers", "needs"]))] = draw(st.permutations([canonical, alias]))
        return data
    target = draw(st.sampled_from([party, data["relationship"], data]))
    key = draw(st.sampled_from(sorted(target)))
    if kind == "drop":
        del target[key]
    else:
        target[key] = draw(st.sampled_from(OFF_SCHEMA))
    return data


@SLOW
@given(near_misses())
def test_schema_and_validator_agree_on_near_misses(data: dict[str, Any]) -> None:
    """A near miss is refused by the schema exactly when the validator refuses it (issue item 10): whitespace-only
    text, an alias beside its canonical id, an id ending in a newline, wrong types, missing required fields."""
    schema_accepts = SCENARIO_VALIDATOR.is_valid(data)
    problems: list[str] = []
    try:
        _read_scenario(data)  # as a file: without an id, the file's stem is its id (the schema's id is optional)
    except ScenarioError as error:
        problems = [problem.message for problem in error.problems]
        assert problems
    if schema_accepts and problems:  # only a rule across fields may refuse what the schema accepts (an unknown seeker)
        assert all(CROSS_FIELD.search(message) for message in problems), problems
    else:
        assert schema_accepts == (not problems), (schema_accepts, [e.message for e in SCENARIO_VALIDATOR.iter_errors(data)][:3])


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("parties", 0, "offers"), ["dana", "funds"]),
        (("parties", 0, "offers"), ["funds", "dana"]),
        (("parties", 0, "name"), "   "),
        (("parties", 0, "vision"), ["kerja", "\t"]),
        (("parties", 0, "id"), "lkp_a\n"),
        (("relationship", "seeker"), " "),
    ],
)
def test_schema_refuses_what_the_validator_refuses(path: tuple[Any, ...], value: Any) -> None:
    """The cases of issue item 10 (the schema accepted them all; the validator refused them all)."""
    from .conftest import make_scenario

    data = make_scenario()
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    assert not SCENARIO_VALIDATOR.is_valid(data)
    with pytest.raises(ScenarioError):
        scenario_from_dict(data)


@SLOW
@given(scenarios(), st.data())
def test_reports_are_strict_json_and_order_free(engine: Engine, data: dict[str, Any], draws: st.DataObject) -> None:
    """Valid scenarios (which the schema accepts) with parties and lists reordered give the same strict-JSON report."""
    assert SCENARIO_VALIDATOR.is_valid(data)
    first = json.dumps(engine.evaluate(data).to_dict(), allow_nan=False)
    second = json.dumps(engine.evaluate(reordered(data, draws.draw)).to_dict(), allow_nan=False)
    assert first == second


# --- networks ------------------------------------------------------------------------------------------------------


@SLOW
@given(documents(network_json_schema()))
def test_schema_valid_networks_read_or_fail_typed_and_round_trip(data: Any) -> None:
    """A schema-valid network file gives a network or a ``NetworkError``; a network's JSON and GraphML read back equal."""
    try:
        network = PartnerNetwork.from_dict(data)
    except NetworkError:
        return
    assert PartnerNetwork.from_json(network.to_json()).to_dict() == network.to_dict()
    json.dumps(network.to_dict(), allow_nan=False)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "n.graphml"
        network.to_graphml(path)
        assert PartnerNetwork.from_graphml(path).to_dict() == network.to_dict()


# --- rule files ----------------------------------------------------------------------------------------------------


@pytest.mark.skipif(settings().max_examples < 100, reason="about 24 s of CPU per generated rule file: run with HYPOTHESIS_PROFILE=long")
@SLOW
@given(documents(ruleset_json_schema()))
def test_schema_valid_rule_files_load_or_fail_typed(data: Any) -> None:
    """A schema-valid rule file (beside the built-in rules) loads or is a ``RulesetError``, never another exception."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        try:
            load_rulesets([builtin(), path])
        except RulesetError as error:
            assert error.problems


# --- partnership records -------------------------------------------------------------------------------------------

RECORD_SCHEMA = {
    "type": "object",
    "required": ["id", "parties"],
    "additionalProperties": False,
    "properties": {
        "id": SCENARIO_SCHEMA["properties"]["id"],
        "title": {"type": "string"},
        "parties": SCENARIO_SCHEMA["properties"]["parties"],
        "relationship": SCENARIO_SCHEMA["properties"]["relationship"],
        "step": {"type": "string", "enum": list(v.STEPS)},
        "pattern": {"type": "string", "enum": list(v.PATTERNS)},
        "history": {
            "type": "array",
            "maxItems": 3,
            "items": {
                "type": "object",
                "required": ["step", "date"],
                "additionalProperties": False,
                "properties": {
                    "step": {"enum": list(v.STEPS)},
                    "date": {"enum": ["2024-01-02", "2024-13-01", "kemarin"]},
                    "note": {"type": "string"},
                },
            },
        },
    },
}


@pytest.mark.xfail(
    strict=False,
    reason="open: one generated record (a party named '\\x98Ä¡Õ\\x98ò\\x87\\U0003c189?.') read back with different parties; "
    "not yet reduced (the JSON escape of DEL/NEL is fixed; this one is not)",
)
@SLOW
@given(documents(RECORD_SCHEMA))
def test_partnership_records_read_or_fail_typed_and_round_trip(data: Any) -> None:
    """A record built from the scenario schema's parts gives a partnership or a ``LifecycleError``; its YAML and JSON
    dumps read back equal."""
    try:
        partnership = partnership_from_dict(data)
    except LifecycleError as error:
        assert error.problems
        return
    for fmt in ("yaml", "json"):
        assert load_partnership(f"p.{fmt}", text=dump_partnership(partnership, fmt)) == partnership


def test_every_failure_here_is_a_kemitraan_error() -> None:
    """The typed errors the properties accept all belong to the error tree (a bare exception fails the properties)."""
    for error in (ScenarioError, NetworkError, RulesetError, LifecycleError):
        assert issubclass(error, KemitraanError)


# --- regressions the properties found --------------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["\x1f", "json:[1]", "\x7f", "garis\u0085baru"])
def test_network_writers_read_back_any_title(title: str) -> None:
    """A title with a character XML cannot hold (``\\x1f``) made GraphML no parser reads; DEL (``\\x7f``) in ``to_json``
    output was refused by ``from_json`` (YAML refuses it raw) and NEL read back as a space.  ``json:[1]`` guards the
    escape: text starting with the prefix is itself written as JSON."""
    network = PartnerNetwork.from_dict({"title": title, "parties": [], "partnerships": []})
    assert PartnerNetwork.from_json(network.to_json()).to_dict() == network.to_dict()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "n.graphml"
        network.to_graphml(path)
        assert PartnerNetwork.from_graphml(path).to_dict() == network.to_dict()


def test_partnership_json_dump_reads_back_a_name_holding_del() -> None:
    """``dump_partnership(..., "json")`` wrote DEL raw and ``load_partnership`` refused its own output."""
    partnership = partnership_from_dict({"id": "p", "parties": [{"id": "a", "kind": "lkp", "name": "A\x7f"}]})
    assert load_partnership("p.json", text=dump_partnership(partnership, "json")) == partnership
