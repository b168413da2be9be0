"""Exploration: what-if with its ReportDiff, sensitivity over canonical values, counterfactuals from why-not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kemitraan_rules import Engine, ReportDiff, ScenarioError, UnknownIdError, load_scenario, scenario_from_dict
from kemitraan_rules import vocabulary as v
from kemitraan_rules.explore import apply_changes, input_paths
from kemitraan_rules.synthetic import scenario_dicts

from .conftest import make_scenario

EXAMPLES = Path(__file__).parents[1] / "examples" / "scenarios"


class TestWhatIf:
    def test_dotted_paths_change_the_report_and_the_diff_says_how(self, engine: Engine) -> None:
        """Signing the MoU of an exploring pair: the agreement precondition becomes met and the diff names it."""
        scenario = make_scenario(agreement="belum_ada")
        before = engine.evaluate(scenario)
        report, diff = engine.what_if(scenario, {"relationship.agreement": "mou_ditandatangani"})
        assert isinstance(diff, ReportDiff)
        assert report.assessment("precondition", "kesepakatan").status == "met"
        assert before.assessment("precondition", "kesepakatan").status != "met"
        assert [(c.path, c.before, c.after) for c in diff.changes] == [("relationship.agreement", "belum_ada", "mou_ditandatangani")]
        assert ("precondition", "kesepakatan") in [(a.kind, a.id) for a in diff.assessments]
        assert diff.status_before == before.partnership_status and diff.status_after == report.partnership_status
        assert set(diff.fired_added) == set(report.fired) - set(before.fired)

    def test_keywords_and_aliases_are_normalised(self, engine: Engine) -> None:
        """what_if(s, trust='high') is relationship.trust = tinggi; parties__<id>__capital reaches a party."""
        scenario = make_scenario(trust="rendah")
        _report, diff = engine.what_if(scenario, trust="high", parties__lkp_a__capital="tinggi")
        assert {(c.path, c.after) for c in diff.changes} == {("relationship.trust", "tinggi"), ("parties.lkp_a.capital", "tinggi")}

    def test_moved_patterns_and_warnings(self, engine: Engine) -> None:
        """Raising the weaker party's capital removes the funds warning; moved patterns carry rank and score both ways."""
        scenario = load_scenario(EXAMPLES / "inti_plasma.yaml")
        before = engine.evaluate(scenario)
        assert "ketersediaan_dana" in before.drawbacks
        weaker = next(p.id for p in scenario.parties if p.capital == "rendah")  # the funds warning is about it
        report, diff = engine.what_if(scenario, {f"parties.{weaker}.capital": "tinggi"})
        assert "ketersediaan_dana" not in report.drawbacks
        # Capital also takes away the plasma's weak position against one-sided rules (Hafsah 2010: small capital).
        assert [w.drawback for w in diff.warnings_removed] == ["ketersediaan_dana", "aturan_sepihak"]
        for moved in diff.patterns:
            old, new = before.recommendation(moved.pattern), report.recommendation(moved.pattern)
            assert (moved.rank_before, moved.score_before, moved.rank_after, moved.score_after) == (old.rank, old.score, new.rank, new.score)
        record = diff.to_record()
        assert record["warnings_removed"].split(",")[0] == "ketersediaan_dana.modal_rendah"
        assert "Warnings that went" in diff.render("en")
        assert "Peringatan yang hilang" in diff.render() and "Peringatan yang hilang" in diff.to_html()

    def test_no_change_is_said(self, engine: Engine) -> None:
        """Setting a field to its current value changes nothing, and the diff says so."""
        scenario = make_scenario(trust="tinggi")
        _report, diff = engine.what_if(scenario, {"relationship.trust": "tinggi"})
        assert diff.changes == () and not diff.changed
        assert "The report did not change." in diff.render("en")

    def test_bad_path_and_bad_value_name_the_path_and_allowed(self, engine: Engine) -> None:
        """Unknown paths and values are ScenarioErrors that name the dotted path and what is allowed."""
        scenario = make_scenario()
        with pytest.raises(ScenarioError, match=r"parties\.lkp_a\.capitol: unknown party field 'capitol'.*capital"):
            engine.what_if(scenario, {"parties.lkp_a.capitol": "tinggi"})
        with pytest.raises(ScenarioError, match=r"parties\.lkp_a\.capital: unknown value 'huge'.*rendah, sedang, tinggi"):
            engine.what_if(scenario, {"parties.lkp_a.capital": "huge"})
        with pytest.raises(ScenarioError, match=r"parties\.nobody"):
            engine.what_if(scenario, {"parties.nobody.capital": "tinggi"})
        with pytest.raises(ScenarioError, match=r"relationship\.gains\.x: gains takes a party id"):
            engine.what_if(scenario, {"relationship.gains.x": "tinggi"})

    def test_none_makes_a_field_unknown_and_lists_replace(self) -> None:
        """None removes a value (unknown); a list value replaces the list, aliases normalised without 'listed twice'."""
        scenario = scenario_from_dict(make_scenario(trust="tinggi"))
        changed, made = apply_changes(scenario, {"relationship.trust": None, "parties.lkp_a.offers": ["tenaga_kerja", "training"]})
        assert changed.relationship.trust is None and changed.party("lkp_a").offers == ("pelatihan", "tenaga_kerja")
        assert {c.path for c in made} == {"relationship.trust", "parties.lkp_a.offers"}
        with pytest.raises(ScenarioError, match=r"parties\.lkp_a\.offers\[1\]: 'training' is listed twice"):
            apply_changes(scenario, {"parties.lkp_a.offers": ["pelatihan", "training"]})


class TestAllowedValues:
    def test_ids_only_in_vocabulary_order(self) -> None:
        """allowed_values gives canonical ids only, never the English aliases the schema also accepts."""
        assert v.allowed_values("scale") == v.SCALES
        assert v.allowed_values("relationship.trust") == v.LEVELS
        assert v.allowed_values("parties.x.kind") == v.PARTY_KINDS
        assert v.allowed_values("relationship.gains.x") == v.LEVELS
        assert v.allowed_values("exclusivity") == (True, False)
        assert not set(v.allowed_values("offers")) & set(v.PROVISION_ALIASES)

    def test_fields_without_a_finite_set(self) -> None:
        """Free text and numbers have no value set: the error lists the fields that do."""
        with pytest.raises(UnknownIdError, match="scale"):
            v.allowed_values("name")


class TestSensitivity:
    def test_one_row_per_field_and_other_canonical_value(self, engine: Engine) -> None:
        """Each default input path appears with every allowed value except its current one, with no duplicates."""
        scenario = load_scenario(EXAMPLES / "prasyarat_gagal.yaml")
        frame = engine.sensitivity(scenario)
        assert not frame.duplicated(["field", "value"]).any()
        assert set(frame["field"]) == set(input_paths(scenario))
        trust = frame[frame["field"] == "relationship.trust"]
        assert sorted(trust["value"]) == ["rendah", "tinggi"] and set(trust["previous"]) == {"sedang"}
        kinds = frame[frame["field"] == "parties.lkp_cipta_karya.kind"]
        assert len(kinds) == len(v.PARTY_KINDS) - 1 and not set(kinds["value"]) & set(v.PARTY_KIND_ALIASES)

    def test_list_fields_toggle_one_item_at_a_time(self, engine: Engine) -> None:
        """A list field asked for is varied by adding or removing one allowed item per row."""
        scenario = load_scenario(EXAMPLES / "prasyarat_gagal.yaml")
        frame = engine.sensitivity(scenario, fields=["parties.hotel_bahari.offers"])
        assert len(frame) == len(v.PROVISIONS)
        values = {tuple(x) for x in frame["value"]}
        assert ("promosi",) not in values and () in values  # promosi is offered: removing it leaves nothing
        assert ("pelatihan", "promosi") in values

    def test_rows_agree_with_what_if(self, engine: Engine) -> None:
        """A row says what what_if says for the same change (status, best patterns, warnings)."""
        scenario = load_scenario(EXAMPLES / "prasyarat_gagal.yaml")
        frame = engine.sensitivity(scenario, fields=["relationship.agreement"])
        assert list(frame["field"].unique()) == ["relationship.agreement"]
        for row in frame.to_dict("records"):
            report, diff = engine.what_if(scenario, {"relationship.agreement": row["value"]})
            assert row["status_after"] == report.partnership_status
            assert row["warnings_added"] == diff.to_record()["warnings_added"]
            best = report.best("legal")
            assert row["best_legal"] == (best.pattern if best else None)


class TestCounterfactual:
    def test_answers_reach_the_goal_and_are_minimal(self, engine: Engine) -> None:
        """Every answer, re-applied independently, makes the pattern recommended; no answer contains another."""
        scenario = load_scenario(EXAMPLES / "prasyarat_gagal.yaml")
        assert not engine.evaluate(scenario).recommendation("pola_sejajar").recommended
        answers = engine.counterfactual(scenario, "pola_sejajar", max_changes=2)
        assert answers
        for answer in answers:
            changed, _made = apply_changes(scenario, {c.path: c.after for c in answer.changes})
            assert engine.evaluate(changed).recommendation("pola_sejajar").recommended
            assert set(answer.rules) <= {r.id for r in answer.report.recommendation("pola_sejajar").supporting}
            assert answer.rules  # the rules that then fire are named
        sizes = {len(a.changes) for a in answers}
        assert sizes == {min(sizes)}  # only the smallest sets
        text = answers[0].render("en")
        assert "rules that then fire" in text and answers[0].changes[0].path not in text  # the change by its labels
        assert "what LKP Komputer Cipta Karya gives in this partnership: unknown -> " in text

    def test_search_is_guided_by_why_not(self, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
        """The search evaluates far fewer scenarios than a sweep of every input, and only paths why_not points at."""
        scenario = load_scenario(EXAMPLES / "prasyarat_gagal.yaml")
        calls: list[Any] = []
        original = Engine.evaluate

        def counting(self: Engine, item: Any) -> Any:
            calls.append(item)
            return original(self, item)

        monkeypatch.setattr(Engine, "evaluate", counting)
        engine.counterfactual(scenario, "inti_plasma", max_changes=1)
        guided = len(calls)
        calls.clear()
        engine.sensitivity(scenario)
        assert 1 < guided < len(calls) / 2

    def test_two_changes_when_one_is_not_enough(self, engine: Engine) -> None:
        """When no single change suffices, pairs of the most promising single changes are tried (and reach the goal)."""
        # An agency needs both sides: the marketing service of one party and the exclusive marketing right of the other.
        scenario = scenario_from_dict(scenario_dicts(1, seed=7)[0])
        assert engine.counterfactual(scenario, "keagenan", max_changes=1) == []
        pairs = engine.counterfactual(scenario, "keagenan", max_changes=2)
        assert pairs and all(len(a.changes) == 2 for a in pairs)
        assert len({tuple((c.path, repr(c.after)) for c in a.changes) for a in pairs}) == len(pairs)  # no answer twice
        for answer in pairs:
            changed, _ = apply_changes(scenario, {c.path: c.after for c in answer.changes})
            assert engine.evaluate(changed).recommendation("keagenan").recommended

    def test_already_recommended_and_unknown_pattern(self, engine: Engine) -> None:
        """A recommended pattern needs no change; an unknown pattern is an UnknownIdError."""
        scenario = load_scenario(EXAMPLES / "inti_plasma.yaml")
        answers = engine.counterfactual(scenario, "inti_plasma")
        assert len(answers) == 1 and answers[0].changes == ()
        with pytest.raises(UnknownIdError, match="inti_plasm"):
            engine.counterfactual(scenario, "inti_plasm")

    def test_top_of_layer(self, engine: Engine) -> None:
        """target='top' asks for rank 1 of the layer, not only recommended."""
        scenario = load_scenario(EXAMPLES / "inti_plasma.yaml")
        assert engine.evaluate(scenario).recommendation("pola_asuh").rank > 1
        for answer in engine.counterfactual(scenario, "pola_asuh", target="top"):
            assert answer.report.recommendation("pola_asuh").rank == 1


def test_bad_change_paths_are_worded_in_both_languages(engine: Engine) -> None:
    """Every problem of a bad change path has a code of the message table: Indonesian text for `--lang id` users."""
    from kemitraan_rules.errors import MESSAGES, format_problem

    scenario = make_scenario()
    for path in ("parties.lkp_a.capitol", "parties.nobody.capital", "relationship.gainz", "relationship.gains.x", "relationship.trust.x", "nowhere"):
        with pytest.raises(ScenarioError) as caught:
            engine.what_if(scenario, {path: "tinggi"})
        (problem,) = caught.value.problems
        assert problem.code in MESSAGES, path
        assert format_problem(problem, "id") != format_problem(problem, "en"), path


def test_changes_name_the_party_by_its_name(engine: Engine) -> None:
    """A change to a party's field reads with the party's name in the diff and in a counterfactual, not its id."""
    data = make_scenario()
    data["parties"][0]["name"] = "LKP Terampil Mandiri"
    _report, diff = engine.what_if(data, {"parties.lkp_a.capital": "tinggi", "relationship.gains.pt_b": "tinggi"})
    for lang in ("id", "en"):
        text = diff.render(lang)
        assert "LKP Terampil Mandiri" in text, text
        assert "lkp_a" not in text.split("\n", 1)[1], text  # the title names the scenario; the changes name the party
    assert {c.party_name for c in diff.changes} == {"LKP Terampil Mandiri", "pt_b"}  # a party without a name: its id
