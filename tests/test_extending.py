"""Extending the built-in rulesets with a user's rule directory: new concepts and facts, overrides, disable."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kemitraan_rules import authoring
from kemitraan_rules.cli.rules import rules
from kemitraan_rules.engine import Engine
from kemitraan_rules.errors import RulesetError
from kemitraan_rules.rules import builtin, load_rulesets

SCENARIO = {
    "id": "kursus_dan_hotel",
    "parties": [
        {"id": "lkp", "kind": "lkp", "scale": "kecil", "needs": ["job_order"]},
        {"id": "hotel", "kind": "dudi", "scale": "besar", "offers": ["job_order"]},
    ],
    "relationship": {"seeker": "lkp", "candidate": "hotel", "provides": {"hotel": ["job_order", "bimbingan_teknis"]}},
}
RULE = """  - id: {id}
    when: {when}
    then: {then}
    text: {{id: "Aturan daerah.", en: "A regional rule."}}
    source: {{author: "Dinas Pendidikan", year: 2024}}
"""
EXTENSION = (
    """ruleset: aturan_daerah
version: "2.1.0"
concepts:
  pattern:
    magang_industri:
      layer: legal
      label: {id: "Magang industri", en: "Industry apprenticeship"}
      description: {id: "Peserta kursus magang di industri.", en: "Course learners apprentice in industry."}
  drawback:
    beban_pembimbing:
      label: {id: "Beban pembimbing", en: "Mentor workload"}
      description: {id: "Pembimbing industri kewalahan.", en: "Industry mentors are overloaded."}
      mitigation: {id: "Bagi jadwal.", en: "Share the schedule."}
derived:
  ada_job_order: {type: bool, description: {id: "Ada job order.", en: "Job orders are on offer."}}
rules:
"""
    + RULE.format(id="daerah.job_order", when="[{larger.provides: job_order}]", then="{derive: {fact: ada_job_order}}")
    + RULE.format(
        id="daerah.magang",
        when="[{derived.ada_job_order: true}]",
        then="[{recommend: {pattern: magang_industri, weight: 5}}, {warn: {drawback: beban_pembimbing, severity: info}}]",
    )
)


def user_dir(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "aturan_saya"
    folder.mkdir(exist_ok=True)
    (folder / "daerah.yaml").write_text(text, encoding="utf-8")
    return folder


def a_builtin_rule() -> str:
    return next(r.id for r in load_rulesets([builtin()]).rules if r.id.startswith("inti_plasma."))


def test_user_rules_add_pattern_warning_and_derived_fact(tmp_path: Path) -> None:
    """Engine(rulesets=[builtin(), DIR]) recommends the user's new pattern and raises the user's new warning."""
    report = Engine(rulesets=[builtin(), user_dir(tmp_path, EXTENSION)]).evaluate(SCENARIO)
    assert {"daerah.job_order", "daerah.magang"} <= set(report.fired)
    best = report.best("legal")
    assert best is not None and best.pattern == "magang_industri"
    assert [w.rule for w in report.warnings if w.drawback == "beban_pembimbing"] == ["daerah.magang"]


def test_report_records_ruleset_names_and_versions(tmp_path: Path) -> None:
    """Each report lists the rulesets (name, version) that produced it, the user's included."""
    base = load_rulesets([builtin(), user_dir(tmp_path, EXTENSION)])
    report = Engine(rulesets=base).evaluate(SCENARIO)
    recorded = dict(report.rulesets)
    assert recorded["aturan_daerah"] == "2.1.0"
    assert set(recorded) == {info.name for info in base.rulesets}


def test_silent_collision_with_a_builtin_rule_is_an_error(tmp_path: Path) -> None:
    """Redefining a built-in rule id without 'overrides:' is refused, and the error says how to override."""
    target = a_builtin_rule()
    text = EXTENSION + RULE.format(id=target, when="[{relation.trust: tinggi}]", then="{derive: {fact: ada_job_order}}")
    with pytest.raises(RulesetError, match=f"(?s){target}.*overrides"):
        load_rulesets([builtin(), user_dir(tmp_path, text)])


def test_override_replaces_a_builtin_rule(tmp_path: Path) -> None:
    """Listed under 'overrides:', the user's rule replaces the built-in one of that id."""
    target = a_builtin_rule()
    text = EXTENSION.replace("rules:\n", f"overrides: [{target}]\nrules:\n", 1)
    text += RULE.format(id=target, when="[{relation.trust: tinggi}]", then="{recommend: {pattern: magang_industri, weight: 1}}")
    base = load_rulesets([builtin(), user_dir(tmp_path, text)])
    rule = base.rule(target)
    assert rule.ruleset == "aturan_daerah" and rule.conclusions[0].target == "magang_industri"


def test_override_of_an_unknown_rule_is_an_error(tmp_path: Path) -> None:
    """'overrides:' naming a rule that the file does not redefine is refused."""
    text = EXTENSION.replace("rules:\n", "overrides: [tidak.ada]\nrules:\n", 1)
    with pytest.raises(RulesetError, match=r"overrides rule 'tidak\.ada'"):
        load_rulesets([builtin(), user_dir(tmp_path, text)])


def test_disable_removes_a_builtin_rule(tmp_path: Path) -> None:
    """'disable:' removes a built-in rule: it is no longer loaded and never fires."""
    target = "inti_plasma.sarana_produksi"
    text = EXTENSION.replace("rules:\n", f"disable: [{target}]\nrules:\n", 1)
    engine = Engine(rulesets=[builtin(), user_dir(tmp_path, text)])
    assert target not in {r.id for r in engine.rulebase.rules}
    scenario = {**SCENARIO, "relationship": {**SCENARIO["relationship"], "provides": {"hotel": ["sarana_produksi"]}}}
    assert target not in engine.evaluate(scenario).fired
    assert target in Engine().evaluate(scenario).fired


def test_disable_unknown_rule_is_an_error(tmp_path: Path) -> None:
    """Disabling an id that does not exist is refused with a suggestion."""
    text = EXTENSION.replace("rules:\n", "disable: [inti_plasma.sarana_produks]\nrules:\n", 1)
    with pytest.raises(RulesetError) as info:
        load_rulesets([builtin(), user_dir(tmp_path, text)])
    assert "did you mean 'inti_plasma.sarana_produksi'?" in str(info.value)


def test_cli_rules_option_adds_user_rules(tmp_path: Path) -> None:
    """'rules show ID --rules DIR' finds a rule of the user's directory, and 'check DIR' checks it with the built-ins."""
    folder = user_dir(tmp_path, EXTENSION)
    runner = CliRunner()
    shown = runner.invoke(rules, ["show", "daerah.magang", "--rules", str(folder), "--lang", "en"])
    assert shown.exit_code == 0 and "magang_industri (Industry apprenticeship)" in shown.stdout
    assert runner.invoke(rules, ["check", str(folder)]).exit_code == 0
    assert authoring.check([folder]).ok
