"""The scenario model: loading, validation errors, canonical form, and the shipped JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings

from kemitraan_rules import KemitraanError, ScenarioError, load_scenario, scenario_from_dict
from kemitraan_rules.scenario import scenario_json_schema

from .conftest import make_scenario
from .strategies import scenarios

SCHEMA_FILE = Path(__file__).parents[1] / "kemitraan_rules" / "schemas" / "scenario.schema.json"


def test_english_aliases_are_normalised_to_indonesian_ids() -> None:
    """'small', 'large', 'signed_mou' are stored as kecil, besar, mou_ditandatangani."""
    data = make_scenario(agreement="signed_mou", trust="high")
    data["parties"][0]["scale"] = "small"
    data["parties"][1]["scale"] = "Large"
    scenario = scenario_from_dict(data)
    assert scenario.party("lkp_a").scale == "kecil"
    assert scenario.party("pt_b").scale == "besar"
    assert scenario.relationship.agreement == "mou_ditandatangani"
    assert scenario.relationship.trust == "tinggi"


def test_every_problem_is_reported_with_its_path_value_and_allowed_values() -> None:
    """One ScenarioError lists all problems: bad enum, unknown reference, share out of range, unknown field."""
    data = make_scenario(candidate="pt_x", shares={"lkp_a": 1.5})
    data["parties"][1]["scale"] = "besr"
    data["parties"][0]["colour"] = "red"
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)
    error = caught.value
    by_path = {p.path: p for p in error.problems}
    assert set(by_path) == {"parties[1].scale", "parties[0].colour", "relationship.candidate", "relationship.shares.lkp_a"}
    assert "besar" in by_path["parties[1].scale"].allowed
    assert "did you mean 'besar'" in str(error)
    assert by_path["relationship.candidate"].value == "pt_x"
    assert isinstance(error, KemitraanError) and isinstance(error, ValueError)


def test_errors_from_files_carry_line_and_column(tmp_path: Path) -> None:
    """A scenario file error names file:line:column of the bad value."""
    path = tmp_path / "bad.yaml"
    path.write_text("parties:\n  - id: a\n    kind: lkp\n    scale: huge\nrelationship:\n  seeker: a\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.column) == (str(path), 4, 12)
    assert f"{path}:4:12: parties[0].scale" in str(caught.value)


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d["parties"].append(dict(d["parties"][0])), "parties[2].id"),
        (lambda d: d["relationship"].update(candidate="lkp_a"), "relationship.candidate"),
        (lambda d: d["relationship"].update(trust=3), "relationship.trust"),
        (lambda d: d["relationship"].update(exclusivity="yes"), "relationship.exclusivity"),
        (lambda d: d["parties"][0].update(members=0), "parties[0].members"),
        (lambda d: d["parties"][0].update(offers=["dana", "dana"]), "parties[0].offers[1]"),
        (lambda d: d["relationship"].update(provides={"someone": ["dana"]}), "relationship.provides.someone"),
        (lambda d: d["relationship"].pop("seeker"), "relationship"),
        (lambda d: d.update(parties=[]), "parties"),
    ],
)
def test_invalid_fields_are_refused(mutate, path) -> None:  # type: ignore[no-untyped-def]
    """Each malformed field raises ScenarioError naming that field."""
    data = make_scenario()
    mutate(data)
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)
    assert path in [p.path for p in caught.value.problems]


def test_malformed_documents_are_refused(tmp_path: Path) -> None:
    """Broken YAML, a YAML tag and a non-mapping document each give a ScenarioError, not a traceback."""
    for text in ("parties: [", "parties: !!python/object/apply:os.system ['true']", "- 1\n- 2\n"):
        path = tmp_path / "doc.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ScenarioError):
            load_scenario(path)


def test_json_files_load_like_yaml(tmp_path: Path) -> None:
    """A JSON scenario file gives the same scenario as the mapping it holds."""
    data = make_scenario(agreement="draf_mou")
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_scenario(path) == scenario_from_dict(data)


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_to_dict_round_trips(data) -> None:  # type: ignore[no-untyped-def]
    """scenario_from_dict(s.to_dict()) == s for any valid scenario."""
    scenario = scenario_from_dict(data)
    assert scenario_from_dict(scenario.to_dict()) == scenario


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_schema_accepts_every_valid_scenario(data) -> None:  # type: ignore[no-untyped-def]
    """The shipped JSON Schema accepts what the validator accepts."""
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def test_shipped_schema_is_up_to_date() -> None:
    """The schema file in the package is the one the validator's field table generates."""
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == scenario_json_schema()


def test_schema_rejects_what_the_validator_rejects() -> None:
    """A few invalid scenarios are refused by both the schema and the validator."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    bad = make_scenario()
    bad["parties"][0]["scale"] = "huge"
    for data in (bad, {"parties": [], "relationship": {"seeker": "a"}}, {**make_scenario(), "extra": 1}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, schema)
        with pytest.raises(ScenarioError):
            scenario_from_dict(data)


def test_an_empty_list_means_none_and_an_absent_one_unknown() -> None:
    """'needs: []' is a firm that needs nothing; no 'needs' at all is unknown: they give different facts and
    survive a round trip."""
    from kemitraan_rules.facts import extract_facts

    def scenario(**firm: Any) -> Any:
        return scenario_from_dict(
            {
                "id": "s",
                "parties": [{"id": "lkp", "kind": "lkp", "needs": ["job_order"], "offers": ["tenaga_kerja"]}, {"id": "pt", "kind": "dudi", **firm}],
                "relationship": {"seeker": "lkp", "candidate": "pt"},
            }
        )

    none = scenario(needs=[], offers=["job_order"])
    unknown = scenario(offers=["job_order"])
    assert none != unknown
    assert scenario_from_dict(none.to_dict()) == none and none.to_dict()["parties"][1]["needs"] == []
    facts_none, facts_unknown = extract_facts(none), extract_facts(unknown)
    assert facts_none["candidate.needs"] == [] and "candidate.needs" not in facts_unknown
    assert "candidate.needs" in facts_unknown["scenario.unknown"] and "candidate.needs" not in facts_none["scenario.unknown"]
    assert facts_none["relation.mutual_need"] is False
    assert "relation.mutual_need" not in facts_unknown


def test_a_party_that_needs_nothing_makes_the_need_one_sided(engine: Any) -> None:
    """Mutual need (a precondition) is unmet when one party states it needs nothing from the other."""
    data = {
        "id": "s",
        "parties": [{"id": "lkp", "kind": "lkp", "needs": ["job_order"]}, {"id": "pt", "kind": "dudi", "needs": [], "offers": ["job_order"]}],
        "relationship": {"seeker": "lkp", "candidate": "pt"},
    }
    report = engine.evaluate(scenario_from_dict(data))
    assert report.assessment("precondition", "saling_membutuhkan").status == "unmet"
