"""Legal profiles (issue 14): the paper's law (UU 9/1995, default) and today's (UU 20/2008, PP 17/2013, PP 7/2021).

Pins: the profile is selected by ``Engine(law=...)`` and named in every report; the ownership/control ban excludes
every pattern and raises a critical warning, and only when it applies; each current example ranks its pattern
first; a paper report citing UU 9/1995 says once that it was replaced; ``compare_laws`` maps the patterns across;
the new scenario fields are validated; the loader refuses an unknown profile and a rule that concludes about a
pattern of another profile; the CLI's ``--law`` and ``compare``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kemitraan_rules import Engine, RulesetError, ScenarioError, load_rulesets
from kemitraan_rules import vocabulary as v
from kemitraan_rules.cli import main
from kemitraan_rules.law import REPLACED_LAW_NOTE, compare_laws
from kemitraan_rules.rules import builtin
from kemitraan_rules.scenario import load_scenario, scenario_from_dict, scenario_json_schema

ROOT = Path(__file__).resolve().parent.parent
CURRENT_EXAMPLES = ROOT / "examples" / "scenarios" / "current_law"
PAPER_EXAMPLES = ROOT / "examples" / "scenarios"
#: The legal patterns of the current profile: the three it shares with the paper's, then its own.
CURRENT_PATTERNS = ("inti_plasma", "subkontrak", "waralaba", *v.CURRENT_LAW_PATTERNS)


@pytest.fixture(scope="module")
def current() -> Engine:
    return Engine(law="current")


def _pair(**relationship: Any) -> dict[str, Any]:
    """A small firm and a large one (the large one seeks), with relationship fields added."""
    return {
        "id": "pasangan",
        "parties": [
            {"id": "kecil", "kind": "usaha_kecil", "scale": "kecil"},
            {"id": "besar", "kind": "dudi", "scale": "besar"},
        ],
        "relationship": {
            "seeker": "besar",
            "candidate": "kecil",
            "provides": {"besar": ["sarana_produksi", "bimbingan_teknis", "pembelian_hasil"]},
            **relationship,
        },
    }


# --- profile selection ----------------------------------------------------------------------------------------------
def test_default_profile_is_the_papers_and_is_named_in_the_report(engine: Engine) -> None:
    report = engine.evaluate(_pair())
    assert report.law == "paper_1995"
    assert report.to_dict()["law"]["id"] == "paper_1995"
    assert {r.pattern for r in report.layer("legal")} == {"inti_plasma", "subkontrak", "dagang_umum", "waralaba", "keagenan", "modal_ventura"}


def test_current_profile_has_its_own_patterns_and_shares_the_families(current: Engine) -> None:
    report = current.evaluate(_pair())
    assert report.law == "current"
    assert report.to_dict()["law"]["label"]["en"].startswith("Current law")
    assert {r.pattern for r in report.layer("legal")} == set(CURRENT_PATTERNS)
    assert {r.pattern for r in report.layer("family")} == {"pola_asuh", "pola_sejajar", "pola_klaster"}
    assert report.assessment("precondition", "dua_pihak_atau_lebih").status == "met"


def test_unknown_profile_is_a_clear_error() -> None:
    with pytest.raises(RulesetError) as caught:
        Engine(law="uu_2030")
    assert "uu_2030" in str(caught.value) and "current" in str(caught.value) and "paper_1995" in str(caught.value)


def test_a_rule_about_a_pattern_of_another_profile_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        "ruleset: mine\nversion: '1'\nrules:\n"
        "  - id: mine.rantai\n    when: [{relation.supply: berkelanjutan}]\n"
        "    then: {recommend: {pattern: rantai_pasok, weight: 2}}\n"
        "    text: {id: 'Pasokan berulang.', en: 'Recurring supply.'}\n    source: {author: Uji}\n",
        encoding="utf-8",
    )
    with pytest.raises(RulesetError) as caught:
        load_rulesets([builtin(), tmp_path])
    text = str(caught.value)
    assert "mine.yaml:" in text and "rantai_pasok" in text and "current" in text
    assert load_rulesets([builtin(), tmp_path], law="current").law == "current"


# --- the ownership/control ban, both directions -------------------------------------------------------------------
def test_majority_ownership_excludes_every_pattern_with_a_critical_warning(current: Engine) -> None:
    report = current.evaluate(_pair(partner_equity={"besar": 0.6}))
    assert all(r.excluded and not r.recommended for r in report.recommendations)
    (warning,) = report.warnings_for("penguasaan_mitra")
    assert warning.severity == "critical"
    assert "Pasal 35" in warning.source and "Pasal 36 ayat (2)" in warning.source
    assert "KPPU" in warning.reason["id"] and "KPPU" in warning.reason["en"]


def test_half_ownership_or_control_by_the_weaker_party_is_not_the_ban(current: Engine) -> None:
    for relationship in ({"partner_equity": {"besar": 0.5}}, {"management_control_by": "kecil"}, {"partner_equity": {"kecil": 0.9}}):
        report = current.evaluate(_pair(**relationship))
        assert not report.warnings_for("penguasaan_mitra"), relationship
        assert report.best("legal") is not None and report.best("legal").pattern == "inti_plasma"


def test_management_control_by_the_stronger_party_is_the_ban(current: Engine) -> None:
    report = current.evaluate(_pair(management_control_by="besar"))
    assert report.warnings_for("penguasaan_mitra") and report.best("legal") is None and report.best("family") is None


def test_the_ban_is_no_rule_of_the_papers_profile(engine: Engine) -> None:
    report = engine.evaluate(_pair(partner_equity={"besar": 0.6}))
    assert not report.warnings_for("penguasaan_mitra")
    assert report.best("legal") is not None and report.best("legal").pattern == "inti_plasma"


def test_who_seeks_does_not_change_the_ban(current: Engine) -> None:
    data = _pair(partner_equity={"besar": 0.6})
    flipped = json.loads(json.dumps(data))
    flipped["relationship"]["seeker"], flipped["relationship"]["candidate"] = "kecil", "besar"
    assert current.evaluate(data).to_dict()["recommendations"] == current.evaluate(flipped).to_dict()["recommendations"]


# --- examples -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("pattern", CURRENT_PATTERNS)
def test_current_example_ranks_its_pattern_first(current: Engine, pattern: str) -> None:
    report = current.evaluate(load_scenario(CURRENT_EXAMPLES / f"{pattern}.yaml"))
    best = report.best("legal")
    assert best is not None and best.pattern == pattern, [(r.pattern, r.score) for r in report.layer("legal")]
    assert report.partnership_status == "partnership"


def test_the_ban_example_is_barred_only_under_the_current_profile(engine: Engine, current: Engine) -> None:
    scenario = load_scenario(CURRENT_EXAMPLES / "penguasaan_mitra.yaml")
    assert current.evaluate(scenario).best("legal") is None
    paper_best = engine.evaluate(scenario).best("legal")
    assert paper_best is not None and paper_best.pattern == "inti_plasma"


# --- the replacement note -----------------------------------------------------------------------------------------
def test_paper_report_citing_uu_9_1995_says_once_that_it_was_replaced(engine: Engine) -> None:
    report = engine.evaluate(_pair())
    assert report.law_note == REPLACED_LAW_NOTE
    for lang in ("id", "en"):
        text = report.render(lang)
        assert text.count(REPLACED_LAW_NOTE[lang]) == 1
        assert "--law current" in text


def test_no_replacement_note_without_a_uu_9_1995_citation_or_under_current(engine: Engine, current: Engine) -> None:
    lone = {"id": "sendiri", "parties": [{"id": "lkp", "kind": "lkp"}], "relationship": {"seeker": "lkp"}}
    report = engine.evaluate(lone)
    assert not any("UU 9/1995" in ref.source for r in report.recommendations for ref in r.rules)
    assert report.law_note == {}
    assert current.evaluate(_pair()).law_note == {}
    assert REPLACED_LAW_NOTE["en"] not in current.evaluate(_pair()).render("en")


# --- scenario fields ---------------------------------------------------------------------------------------------
def test_new_fields_round_trip_and_accept_english_values() -> None:
    scenario = scenario_from_dict(_pair(supply="recurring", joint_entity=True, entity_shares={"kecil": 0.4, "besar": 0.6}))
    assert scenario.relationship.supply == "berkelanjutan"
    assert scenario_from_dict(scenario.to_dict()) == scenario
    schema = scenario_json_schema()["properties"]["relationship"]["properties"]
    for name in (
        "partner_equity",
        "management_control_by",
        "joint_entity",
        "entity_shares",
        "profit_shares",
        "joint_operation",
        "core_activity",
        "supply",
        "distribution_rights",
    ):
        assert name in schema


@pytest.mark.parametrize(
    ("relationship", "where", "what"),
    [
        ({"partner_equity": {"besar": 1.5}}, "relationship.partner_equity.besar", "0 to 1"),
        ({"supply": "kadang"}, "relationship.supply", "berkelanjutan"),
        ({"joint_entity": False, "entity_shares": {"kecil": 0.5}}, "relationship.entity_shares", "joint_entity"),
        ({"joint_entity": True, "joint_operation": True}, "relationship.joint_operation", "joint_entity"),
        ({"profit_shares": {"kecil": 0.7, "besar": 0.6}}, "relationship.profit_shares", "at most 1"),
        ({"management_control_by": "lain"}, "relationship.management_control_by", "unknown party"),
    ],
)
def test_bad_new_fields_are_clear_errors(relationship: dict[str, Any], where: str, what: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(_pair(**relationship))
    assert where in str(caught.value) and what in str(caught.value)


def test_why_not_names_the_unknown_field_that_would_decide(current: Engine) -> None:
    report = current.evaluate(_pair())
    failed = report.why_not("usaha_patungan").failed_conditions
    assert any(f.field == "relation.joint_entity" and f.actual is None for f in failed)
    unfired = report.to_dict()["why_not"]["usaha_patungan"]["unfired"]
    assert any(f["field"] == "relation.joint_entity" and f["actual"] is None for u in unfired for f in u["failed"])


# --- comparison --------------------------------------------------------------------------------------------------
def test_compare_maps_the_patterns_across() -> None:
    comparison = compare_laws(load_scenario(PAPER_EXAMPLES / "dagang_umum.yaml"))
    assert comparison.row("dagang_umum").current_pattern == "perdagangan_umum"
    assert comparison.row("keagenan").current_pattern == "distribusi_keagenan"
    venture = comparison.row("modal_ventura")
    assert venture.current_pattern is None and venture.current is None and "OJK" in venture.note["id"]
    assert comparison.row("rantai_pasok").paper_pattern is None
    assert comparison.row("dagang_umum").paper_verdict == "recommended"
    assert comparison.row("dagang_umum").current_verdict == "recommended"


def test_compare_explains_the_ban_difference() -> None:
    comparison = compare_laws(CURRENT_EXAMPLES / "penguasaan_mitra.yaml")
    row = comparison.row("inti_plasma")
    assert row.differs and row.paper_verdict == "recommended" and row.current_verdict == "excluded"
    assert any(ref.id == "larangan.pemilikan_penguasaan_mitra" for ref in row.reasons)
    assert comparison.to_dict()["rows"]


@pytest.mark.parametrize("path", sorted(PAPER_EXAMPLES.glob("*.yaml")) + sorted(CURRENT_EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_cli_compare_works_on_every_example(path: Path) -> None:
    result = CliRunner().invoke(main, ["compare", str(path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Legal profiles compared" in result.output and "Current law" in result.output


def test_cli_evaluate_law_current_and_json(tmp_path: Path) -> None:
    path = CURRENT_EXAMPLES / "penyumberluaran.yaml"
    result = CliRunner().invoke(main, ["evaluate", str(path), "--law", "current", "--format", "json"])
    assert result.exit_code == 0, result.output
    (data,) = json.loads(result.output)  # --format json is a list of reports, one input or many
    assert data["law"]["id"] == "current"
    assert data["recommendations"][[r["layer"] for r in data["recommendations"]].index("legal")]["pattern"] == "penyumberluaran"
    bad = CliRunner().invoke(main, ["evaluate", str(path), "--law", "kuno"])
    assert bad.exit_code == 2


def test_cli_compare_json() -> None:
    result = CliRunner().invoke(main, ["compare", str(CURRENT_EXAMPLES / "bagi_hasil.yaml"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    row = next(r for r in data["rows"] if r["current_pattern"] == "bagi_hasil")
    assert row["paper_1995"] is None and row["current"]["verdict"] == "recommended" and row["differs"]


def test_reports_are_independent_of_fact_order(current: Engine) -> None:
    a = _pair(profit_shares={"kecil": 0.7, "besar": 0.3}, supply="berkelanjutan")
    b = json.loads(json.dumps(a))
    b["parties"].reverse()
    b["relationship"]["profit_shares"] = {"besar": 0.3, "kecil": 0.7}
    assert current.evaluate(a).to_dict() == current.evaluate(b).to_dict()
