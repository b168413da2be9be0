"""The engine on durable-rules: its measured hazards, forward chaining, explanations, determinism, properties."""

from __future__ import annotations

import copy
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kemitraan_rules import Engine, RulesetError, ScenarioError, UnknownIdError, builtin, load_rulesets, scenario_from_dict
from kemitraan_rules import vocabulary as v
from kemitraan_rules._durable import engine as durable_engine
from kemitraan_rules.compiler import MAX_TESTS_PER_FIELD
from kemitraan_rules.rules import MAX_RULES_PER_RULESET, RuleBase

from .conftest import make_scenario
from .strategies import reordered, scenarios

CATALOGUE = """\
ruleset: mini_catalogue
version: "1.0"
concepts:
  pattern:
    inti_plasma: {layer: legal, label: {id: Inti plasma, en: Core-plasma}, description: {id: d, en: d}}
    pola_asuh: {layer: family, label: {id: Pola asuh, en: Nurture}, description: {id: d, en: d}}
  precondition:
    kesepakatan: {label: {id: Kesepakatan, en: Agreement}, description: {id: d, en: d}, remedy_steps: [penjajagan, kesepakatan]}
  drawback:
    ketergantungan: {label: {id: K, en: D}, description: {id: d, en: d}, mitigation: {id: m, en: m}}
settings: {recommendation_threshold: 2}
"""


def _rule(rule_id: str, when: str, then: str) -> str:
    return f"  - id: {rule_id}\n    when: {when}\n    then: {then}\n    text: {{id: t, en: t}}\n    source: {{author: Test, year: 2024}}\n"


def _rules_dir(tmp_path: Path, body: str, header: str = "ruleset: mini\nversion: '1'\n") -> Path:
    (tmp_path / "catalogue.yaml").write_text(CATALOGUE, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(header + "rules:\n" + body, encoding="utf-8")
    return tmp_path


# --- durable-rules hazards (shared/notes/durable-rules.md), each pinned so a regression shows -------------------------


def test_creating_engines_starts_no_threads(tmp_path: Path) -> None:
    """Creating 50 engines (each rule base gets its own host) starts no thread (patched durable-rules, PATCHES.md #5)."""
    baseline = threading.active_count()
    for index in range(50):
        Engine()
        if index % 10 == 0:
            folder = tmp_path / str(index)
            folder.mkdir()
            Engine([_rules_dir(folder, _rule(f"t.r{index}", "[{relation.trust: rendah}]", "{recommend: {pattern: pola_asuh, weight: 3}}"))])
    assert threading.active_count() == baseline


def test_engine_can_be_recreated_without_already_registered_errors(tmp_path: Path) -> None:
    """Re-creating engines over the same or different rules never raises 'already registered'."""
    rules = _rules_dir(tmp_path, _rule("t.one", "[{relation.trust: rendah}]", "{recommend: {pattern: pola_asuh, weight: 3}}"))
    reports = [Engine([rules]).evaluate(make_scenario(trust="rendah")) for _ in range(5)]
    assert all(r.best("family") is not None and r.best("family").pattern == "pola_asuh" for r in reports)


def test_more_than_1024_evaluations_in_one_engine(engine: Engine) -> None:
    """durable-rules refuses the 1,025th live session; each evaluation deletes its state, so 1,200 run."""
    scenario = scenario_from_dict(make_scenario(trust="tinggi"))
    first = engine.evaluate(scenario).to_dict()
    for _ in range(1200):
        last = engine.evaluate(scenario)
    assert last.to_dict() == first


def test_many_distinct_conditions_on_one_field_stay_below_error_303(tmp_path: Path) -> None:
    """70 rules with distinct conditions one fact satisfies: raw durable-rules fails (303); the engine splits units."""
    body = "".join(_rule(f"t.r{i}", f"[{{smaller.share: {{gte: {i / 1000}}}}}]", "{recommend: {pattern: pola_asuh, weight: 1}}") for i in range(70))
    engine = Engine([_rules_dir(tmp_path, body)])
    assert len(engine.compiled.rule_units) >= 2
    report = engine.evaluate(make_scenario(shares={"lkp_a": 0.9}))
    assert report.recommendation("pola_asuh").score == 70
    assert MAX_TESTS_PER_FIELD < 64

    class Host(durable_engine.Host):  # type: ignore[misc]
        def get_action(self, name: str) -> Any:
            return lambda c: None

    raw = Host()
    raw.set_rulesets({"raw303": {f"r{i}": {"all": [{"m": {"$and": [{"t": "x"}, {"$gte": {"v": i / 1000}}]}}], "run": "a"} for i in range(70)}})
    with pytest.raises(Exception, match="303"):
        raw.assert_facts("raw303", [{"id": "1", "sid": "1", "t": "x", "v": 0.9}])


def test_oversized_ruleset_is_refused_before_the_engine(tmp_path: Path) -> None:
    """A rule file above the size bound is a RulesetError naming the file, not a hang in durable-rules."""
    body = "".join(
        _rule(f"t.r{i}", "[{relation.trust: rendah}]", "{recommend: {pattern: pola_asuh, weight: 1}}") for i in range(MAX_RULES_PER_RULESET + 1)
    )
    with pytest.raises(RulesetError, match="split it into several rulesets") as caught:
        Engine([_rules_dir(tmp_path, body)])
    assert caught.value.problems[0].file is not None and caught.value.problems[0].file.endswith("rules.yaml")


def test_unmatched_facts_are_not_refused(tmp_path: Path) -> None:
    """A fact that no condition matches (durable-rules: MessageNotHandled) is absorbed by the sink rule."""
    rules = _rules_dir(tmp_path, _rule("t.one", "[{relation.trust: rendah}]", "{recommend: {pattern: pola_asuh, weight: 3}}"))
    report = Engine([rules]).evaluate(make_scenario(trust="tinggi"))
    assert report.fired == ()
    assert report.facts["relation.trust"] == "tinggi"


# --- inference and explanation ---------------------------------------------------------------------------------------


def test_forward_chaining_missing_and_why_not(tmp_path: Path) -> None:
    """A derived fact enables a second rule; 'missing' holds for unknown fields; why_not names failed conditions."""
    header = "ruleset: mini\nversion: '1'\nderived:\n  gap: {type: bool, description: {id: g, en: g}}\n"
    body = (
        _rule("t.gap", "[{relation.scale_gap: {gte: 1}}]", "{derive: {fact: gap}}")
        + _rule(
            "t.asuh", "[{derived.gap: true}, {larger.provides: {contains_any: [bimbingan_teknis]}}]", "{recommend: {pattern: pola_asuh, weight: 3}}"
        )
        + _rule("t.no_agreement", "[{relation.agreement: {missing: true}}]", "{precondition: {id: kesepakatan, status: unmet}}")
        + _rule("t.ip", "[{smaller.needs: {contains_none: [dana]}}, {relation.trust: tinggi}]", "{recommend: {pattern: inti_plasma, weight: 2}}")
    )
    engine = Engine([_rules_dir(tmp_path, body, header)])
    report = engine.evaluate(make_scenario(provides={"pt_b": ["bimbingan_teknis"]}, trust="rendah"))
    assert set(report.fired) == {"t.asuh", "t.gap", "t.no_agreement"}
    assert report.facts["derived.gap"] is True
    assert report.best("family").pattern == "pola_asuh"
    assert report.best("legal") is None
    failed = report.why_not("inti_plasma").failed_conditions
    assert [(f.condition, f.actual) for f in failed] == [("relation.trust eq tinggi", "rendah")]
    assert report.assessment("precondition", "kesepakatan").status == "unmet"
    assert report.partnership_status == "not_yet"
    # No step given: the partnership is taken as not started; nothing lies behind it to revisit.
    assert report.next_steps == ("pemetaan", "menggali_informasi") and report.revisit == ()
    signed = engine.evaluate(make_scenario(agreement="mou_ditandatangani"))
    assert "t.no_agreement" not in signed.fired


def test_conflicting_derivations_are_an_evaluation_error(tmp_path: Path) -> None:
    """Two rules deriving different values for one fact raise EvaluationError naming scenario and rules."""
    from kemitraan_rules import EvaluationError

    header = "ruleset: mini\nversion: '1'\nderived:\n  level: {type: enum, values: [a, b], description: {id: g, en: g}}\n"
    body = _rule("t.a", "[{relation.trust: rendah}]", "{derive: {fact: level, value: a}}") + _rule(
        "t.b", "[{relation.trust: rendah}]", "{derive: {fact: level, value: b}}"
    )
    with pytest.raises(EvaluationError) as caught:
        Engine([_rules_dir(tmp_path, body, header)]).evaluate(make_scenario(trust="rendah"))
    assert caught.value.scenario == "kecil_besar" and set(caught.value.rules) == {"t.a", "t.b"}
    # Worded in the chosen language, the values quoted as data (the CLI prints text(lang); str() is English).
    assert caught.value.text("id").startswith("mesin inferensi gagal: aturan menurunkan nilai yang bertentangan untuk derived.level: 'a' dan 'b'")
    assert caught.value.text("en").startswith("rules derive conflicting values for derived.level: 'a' and 'b'")
    assert str(caught.value) == caught.value.text("en")


def test_a_closed_engine_says_so_in_the_chosen_language() -> None:
    from kemitraan_rules import EvaluationError

    engine = Engine()
    engine.close()
    with pytest.raises(EvaluationError) as caught:
        engine.evaluate(make_scenario())
    assert caught.value.text("id") == "mesin inferensi gagal: mesin ini sudah ditutup; buat Engine yang baru"
    assert caught.value.text("en") == "this engine is closed; create a new Engine"


def test_unknown_ids_raise_typed_errors(engine: Engine) -> None:
    """why_not/best with an unknown id raise UnknownIdError with a suggestion."""
    report = engine.evaluate(make_scenario())
    with pytest.raises(UnknownIdError, match="did you mean 'waralaba'"):
        report.why_not("waralab")
    with pytest.raises(UnknownIdError):
        report.best("legl")
    with pytest.raises(ScenarioError):  # a typed error (issue 11.10), no longer a bare TypeError
        engine.evaluate(42)  # type: ignore[arg-type]
    with pytest.raises(ScenarioError):
        engine.evaluate({"parties": []})


def test_report_covers_the_whole_inventory(engine: Engine) -> None:
    """Every pattern of the legal profile (both layers), precondition, principle and element appears in every report."""
    report = engine.evaluate(make_scenario())
    assert {r.pattern for r in report.recommendations} == set(v.FAMILY_PATTERNS + v.LEGAL_PATTERNS)
    assert {r.layer for r in report.recommendations} == {"family", "legal"}
    assert [a.id for a in report.preconditions] == list(v.PRECONDITIONS)
    assert [a.id for a in report.principles] == list(v.PRINCIPLES)
    assert [a.id for a in report.elements] == list(v.ELEMENTS)
    data = report.to_dict()
    assert {"recommendations", "preconditions", "principles", "warnings", "rulesets"} <= set(data)
    assert all({"pattern", "layer", "score", "rules"} <= set(r) for r in data["recommendations"])
    assert all({"drawback", "rule", "mitigation"} <= set(w) for w in data["warnings"])


def test_scores_trace_to_rules_and_weights(engine: Engine) -> None:
    """Each score is exactly the sum of the weights of the rules listed for it."""
    report = engine.evaluate(make_scenario(provides={"pt_b": ["sarana_produksi", "bimbingan_teknis", "pemasaran_hasil"]}, shares={"lkp_a": 0.8}))
    for entry in report.recommendations:
        assert entry.score == pytest.approx(sum(r.weight or 0 for r in entry.supporting + entry.against))
        assert entry.recommended == (not entry.excluded and not entry.out_of_scope and entry.score >= report.threshold)


# --- determinism and properties ----------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenarios(), st.data())
def test_reordering_lists_never_changes_the_report(engine: Engine, data: dict[str, Any], draw: st.DataObject) -> None:
    """Any valid scenario evaluates without error, and identically whatever the order of parties and lists."""
    first = engine.evaluate(data).to_dict()
    second = engine.evaluate(reordered(copy.deepcopy(data), draw.draw)).to_dict()
    assert first == second


def test_rule_file_order_does_not_matter() -> None:
    """Loading the built-in files in reverse order gives the same report."""
    files = sorted(p for p in builtin().iterdir() if p.suffix == ".yaml")
    forward = Engine(files).evaluate(make_scenario(agreement="draf_mou")).to_dict()
    backward = Engine(list(reversed(files))).evaluate(make_scenario(agreement="draf_mou")).to_dict()
    assert forward == backward


def _influences(rulebase: RuleBase, pattern: str) -> tuple[set[str], set[str]]:
    """Provisions named by conditions of rules that support ``pattern``, and those of rules that may lower it."""
    derivers: dict[str, set[str]] = {}
    for rule in rulebase.rules:
        for c in rule.conclusions:
            if c.kind == "derive":
                derivers.setdefault(f"derived.{c.target}", set()).add(rule.id)
    lowering = {
        r.id
        for r in rulebase.rules
        if any(c.target == pattern and (c.kind == "exclude" or (c.kind == "recommend" and c.weight < 0)) for c in r.conclusions)
    }
    frontier = set(lowering)
    while frontier:
        rule = rulebase.rule(frontier.pop())
        for cond in rule.conditions:
            for deriver in derivers.get(cond.field, ()):
                if deriver not in lowering:
                    lowering.add(deriver)
                    frontier.add(deriver)
    negative_ops = {"contains_none", "ne", "not_in", "missing"}
    bad: set[str] = set()
    good: set[str] = set()
    for rule in rulebase.rules:
        for cond in rule.conditions:
            items = cond.operand if isinstance(cond.operand, tuple) else (cond.operand,)
            if cond.field.endswith(".provides") or cond.field.endswith(".receives"):
                if rule.id in lowering or cond.op in negative_ops:
                    bad.update(str(i) for i in items)
                elif any(c.kind == "recommend" and c.target == pattern and c.weight > 0 for c in rule.conclusions):
                    good.update(str(i) for i in items)
    return good - bad, bad


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenarios(max_parties=3), st.sampled_from(v.PATTERNS), st.data())
def test_adding_a_supporting_fact_never_lowers_the_score(engine: Engine, data: dict[str, Any], pattern: str, draw: st.DataObject) -> None:
    """Adding a provision that only supporting rules of a pattern test never lowers that pattern's score."""
    supporting, _ = _influences(engine.rulebase, pattern)
    relationship = data["relationship"]
    if not supporting or "candidate" not in relationship:
        return
    before = engine.evaluate(data).recommendation(pattern).score
    item = draw.draw(st.sampled_from(sorted(supporting)))
    provider = draw.draw(st.sampled_from([relationship["seeker"], relationship["candidate"]]))
    provides = dict(relationship.get("provides", {}))
    if item in provides.get(provider, []):
        return
    provides[provider] = [*provides.get(provider, []), item]
    after = engine.evaluate({**data, "relationship": {**relationship, "provides": provides}}).recommendation(pattern).score
    assert after >= before


def test_builtin_rulesets_load_and_record_versions(engine: Engine) -> None:
    """The built-in rulesets load, and every report records their names and versions."""
    rulebase = load_rulesets()
    report = engine.evaluate(make_scenario())
    assert {name for name, _ in report.rulesets} == {info.name for info in rulebase.rulesets}
    assert all(version for _, version in report.rulesets)


def test_a_reports_explanations_share_the_failed_conditions_of_a_rule() -> None:
    """The rules that would derive a missing derived fact recur under several patterns' why-nots (the inti-plasma
    example: the trade-type exchange, under the parallel and the general-trade patterns); their failed conditions are
    worked out once per report and the same record is shared, where every explanation used to rebuild them."""
    report = Engine().evaluate(Path(__file__).resolve().parents[1] / "examples" / "scenarios" / "inti_plasma.yaml")
    references: list[int] = []

    def walk(conditions: Any) -> None:
        for condition in conditions:
            references.append(id(condition))
            for group in condition.via:
                walk(group)

    kept = [report.explanations[pattern] for pattern in report.explanations]  # keep them alive: ids stay unique
    for why_not in kept:
        for unfired in why_not.unfired:
            walk(unfired.failed)
    assert len(references) > len(set(references))
