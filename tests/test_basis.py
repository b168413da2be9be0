"""Sources that say what they rest on (issue 10, section 4), settings the rules read, and what the report shows:
the basis of every rule, mitigation and setting; interpretations marked in reports; {setting: NAME} thresholds;
the benefits of the recommended patterns; the parties' relative strength."""

from __future__ import annotations

from pathlib import Path

import pytest

from kemitraan_rules import Engine, RulesetError, load_rulesets, scenario_from_dict
from kemitraan_rules.rules import BASES, builtin
from kemitraan_rules.scenario import load_scenario

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "scenarios"

HEADER = """ruleset: contoh
version: "1.0"
concepts:
  pattern:
    pola_x: {{layer: legal, label: {{id: X, en: X}}, description: {{id: X, en: X}}}}
settings:
  ambang_x: {{value: 2, basis: {{kind: interpretation, note: {{id: Alasan, en: Why}}}}}}
rules:
  - id: x.satu
    when: [{when}]
    then: {{recommend: {{pattern: pola_x, weight: 1}}}}
    text: {{id: T, en: T}}
    source: {{author: Kamil, year: 2010}}
    {basis}
"""


def load(tmp_path: Path, when: str = "{relation.trust: tinggi}", basis: str = "basis: paper") -> Engine:
    (tmp_path / "contoh.yaml").write_text(HEADER.format(when=when, basis=basis), encoding="utf-8")
    return Engine(load_rulesets([tmp_path]))


def test_every_builtin_rule_mitigation_and_setting_states_its_basis(engine: Engine) -> None:
    """Every built-in rule, drawback mitigation and setting carries a basis; every interpretation says why."""
    base = engine.rulebase
    assert all(rule.basis is not None and rule.basis.kind in BASES for rule in base.rules)
    interpretations = [rule for rule in base.rules if rule.basis is not None and rule.basis.is_interpretation]
    assert len(interpretations) >= 10
    assert all(rule.basis is not None and rule.basis.note.get("id") and rule.basis.note.get("en") for rule in interpretations)
    laws = {rule.id for rule in base.rules if rule.basis is not None and rule.basis.kind == "law"}
    assert "legal.mitra_bukan_menengah_besar" in laws and "waralaba.pp26_luar_ibukota_bukan_usaha_kecil" in laws
    for drawback in base.concept_ids("drawback"):
        assert base.concept("drawback", drawback).mitigation_basis is not None
    assert set(base.settings) == set(base.setting_bases)


@pytest.mark.parametrize(
    ("basis", "expected"),
    [
        ("basis: opinion", "basis must be one of paper, law, interpretation (got 'opinion')"),
        ("basis: {kind: interpretation}", "an interpretation needs a 'note'"),
        ("basis: {kind: law, why: x}", "unknown key 'why'"),
    ],
)
def test_a_bad_basis_is_a_clear_error_naming_where(tmp_path: Path, basis: str, expected: str) -> None:
    """A wrong basis is refused with the file, line and rule, and what is valid."""
    with pytest.raises(RulesetError) as caught:
        load(tmp_path, basis=basis)
    message = str(caught.value)
    assert expected in message and "contoh.yaml:" in message and "x.satu" in message


def test_interpretation_is_marked_in_the_report_with_its_reason(tmp_path: Path) -> None:
    """A rule resting on an interpretation is marked as such, with its note, in both languages."""
    engine = load(tmp_path, basis="basis: {kind: interpretation, note: {id: Karena ini, en: Because of this}}")
    data = {"id": "s", "parties": [{"id": "a", "kind": "lkp"}], "relationship": {"seeker": "a", "trust": "tinggi"}}
    report = engine.evaluate(scenario_from_dict(data))
    (ref,) = report.recommendation("pola_x").supporting
    assert ref.is_interpretation and ref.basis_note["en"] == "Because of this"
    assert "[tafsiran: Karena ini]" in report.render("id")
    assert "[interpretation: Because of this]" in report.render("en")


def test_thresholds_are_read_from_the_settings(tmp_path: Path, engine: Engine) -> None:
    """{setting: NAME} takes the settings' value; the built-in dependency, cluster and long-process thresholds do."""
    base = engine.rulebase
    (dependency,) = base.rule("derivasi.ketergantungan_porsi").conditions
    assert dependency.operand == base.settings["dependency_share"]
    (cluster,) = base.rule("derivasi.klaster_anggota").conditions
    assert cluster.operand == base.settings["cluster_members"] and isinstance(cluster.operand, int)
    assert base.rule("proses_panjang.banyak_penanggung_jawab").conditions[0].operand == base.settings["long_process_units"]
    user = load(tmp_path, when="{relation.responsible_units: {gte: {setting: ambang_x}}}")
    assert user.rulebase.rule("x.satu").conditions[0].operand == 2
    with pytest.raises(RulesetError, match="unknown setting 'tidak_ada'"):
        load(tmp_path, when="{relation.responsible_units: {gte: {setting: tidak_ada}}}")


def test_benefits_follow_the_recommended_patterns(engine: Engine) -> None:
    """The report lists what the recommended patterns can bring: the general advantages, and those the paper ties
    to a recommended pattern (core-plasma: production facilities, marketing); none when nothing is recommended."""
    report = engine.evaluate(load_scenario(EXAMPLES / "inti_plasma.yaml"))
    ids = {benefit.id for benefit in report.benefits}
    assert {"efisiensi_biaya", "dukungan_sarana_produksi", "pemasaran_terjamin"} <= ids
    assert "subkontrak_bagian_produksi" not in ids
    assert "Yang dapat dibawa kemitraan ini" in report.render("id")
    assert "What this partnership can bring" in report.render("en")
    lone = engine.evaluate(scenario_from_dict({"id": "s", "parties": [{"id": "a", "kind": "lkp"}], "relationship": {"seeker": "a"}}))
    assert not [r for r in lone.recommendations if r.recommended] and lone.benefits == ()


def test_report_says_how_strong_the_parties_are(engine: Engine) -> None:
    """The report carries the strength assessment and renders it in the chosen language."""
    big = {"scale": "besar", "capital": "tinggi", "people": "tinggi", "technology": "tinggi", "management": "tinggi"}
    data = {
        "id": "s",
        "parties": [{"id": "a", "kind": "dudi", **big}, {"id": "b", "kind": "dudi", **big}],
        "relationship": {"seeker": "a", "candidate": "b", "provides": {"a": ["pemasaran_hasil"], "b": ["pasokan_kebutuhan"]}},
    }
    report = engine.evaluate(scenario_from_dict(data))
    assert (report.strength, report.stronger) == ("sebanding", None)
    assert report.to_dict()["strength"]["status"] == "sebanding"
    assert "Kekuatan para pihak: sebanding" in report.render("id")
    assert "Relative strength of the parties: comparable" in report.render("en")
    assert "Source paper" not in report.render("id")


def test_builtin_dir_is_loadable_alone() -> None:
    """The built-in rules load on their own (the settings they read are declared in the catalogue)."""
    assert load_rulesets([builtin()]).settings["dependency_share"] == 0.6
